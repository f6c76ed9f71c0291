/**
 * Serves the example single-page app (`examples/spa/`) at `/spa/`: a few static files, from a
 * fixed list (no path from the URL ever reaches the file system).
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { SERVER_ROOT } from '../../config.js';

/** Where the SPA lives in the repository. */
export const SPA_ROOT = resolve(SERVER_ROOT, '../spa');

const FILES: Record<string, { file: string; type: string }> = {
  '': { file: 'index.html', type: 'text/html; charset=utf-8' },
  'index.html': { file: 'index.html', type: 'text/html; charset=utf-8' },
  'app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  'pkce.js': { file: 'pkce.js', type: 'text/javascript; charset=utf-8' },
};

/**
 * Adds `GET /spa/` and its files.
 *
 * @param app - The Fastify scope.
 * @example
 * ```ts
 * registerSpaRoutes(app);
 * ```
 */
export function registerSpaRoutes(app: FastifyInstance): void {
  app.get<{ Params: { file: string } }>('/spa/:file', { schema: { hide: true } }, async (request, reply) => {
    const entry = FILES[request.params.file];
    if (!entry) return reply.code(404).send({ detail: 'Not Found' });
    try {
      return reply.type(entry.type).header('Cache-Control', 'no-cache').send(await readFile(resolve(SPA_ROOT, entry.file)));
    } catch {
      return reply.code(404).send({ detail: 'Not Found' });
    }
  });
  app.get('/spa', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/spa/', 302));
}
