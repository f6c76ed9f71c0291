/**
 * Serves the example single-page app (`examples/spa/`) at `/spa/`: a few static files from a fixed
 * list (no path from the URL reaches the file system), and `config.json` naming the client
 * registered with the redirect URI `<issuer>/spa/`.
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { SERVER_ROOT } from '../../config.js';
import { listClients } from '../clients.js';
import type { OAuthContext } from '../context.js';

/** Where the SPA lives in the repository. */
export const SPA_ROOT = resolve(SERVER_ROOT, '../spa');

const FILES: Record<string, { file: string; type: string }> = {
  '': { file: 'index.html', type: 'text/html; charset=utf-8' },
  'index.html': { file: 'index.html', type: 'text/html; charset=utf-8' },
  'app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  'pkce.js': { file: 'pkce.js', type: 'text/javascript; charset=utf-8' },
};

/**
 * Adds `GET /spa/`, its files and `GET /spa/config.json`.
 *
 * @param app - The Fastify scope.
 * @param ctx - The OAuth context.
 * @example
 * ```ts
 * registerSpaRoutes(app, ctx);
 * ```
 */
export function registerSpaRoutes(app: FastifyInstance, ctx: OAuthContext): void {
  const sendFile = async (name: string, reply: import('fastify').FastifyReply) => {
    const entry = FILES[name];
    if (!entry) return reply.code(404).send({ detail: 'Not Found' });
    try {
      return reply.type(entry.type).header('Cache-Control', 'no-cache').send(await readFile(resolve(SPA_ROOT, entry.file)));
    } catch {
      return reply.code(404).send({ detail: 'Not Found' });
    }
  };
  app.get('/spa', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/spa/', 302));
  app.get('/spa/', { schema: { hide: true } }, async (_request, reply) => sendFile('', reply));
  app.get('/spa/config.json', { schema: { hide: true } }, async (_request, reply) => {
    const redirectUri = `${ctx.issuer()}/spa/`;
    const client = (await listClients(ctx.db)).find((c) => c.redirectUris.includes(redirectUri));
    if (!client) return reply.code(404).send({ detail: `Register a public client with the redirect URI ${redirectUri} (npm run clients -- create ...)` });
    return { issuer: ctx.issuer(), clientId: client.clientId, resourceServer: ctx.config.spaResourceUrl, name: client.name };
  });
  app.get<{ Params: { file: string } }>('/spa/:file', { schema: { hide: true } }, async (request, reply) => sendFile(request.params.file, reply));
}
