/**
 * A tiny static server for the SPA on its own origin (the second client of the SSO demo):
 * `index.html`, `app.js`, `pkce.js`, and `config.json` built from the options.
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = dirname(fileURLToPath(import.meta.url));
const FILES: Record<string, string> = {
  '/': 'index.html',
  '/index.html': 'index.html',
  '/app.js': 'app.js',
  '/pkce.js': 'pkce.js',
};
const TYPES: Record<string, string> = { html: 'text/html; charset=utf-8', js: 'text/javascript; charset=utf-8' };

/** What the SPA needs to know. */
export interface SpaConfig {
  issuer: string;
  clientId: string;
  resourceServer: string;
  name?: string;
}

/**
 * Serves the SPA.
 *
 * @param options - Port (0: any), host, and the SPA's config.
 * @returns The server and its URL (the redirect URI to register is `url + '/'`).
 * @example
 * ```ts
 * const { url } = await startSpaServer({ port: 8100, config: { issuer, clientId, resourceServer } });
 * ```
 */
export async function startSpaServer(options: { port: number; host?: string; config: SpaConfig }): Promise<{ server: Server; url: string }> {
  const host = options.host ?? '127.0.0.1';
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    const send = (status: number, type: string, body: string | Buffer) => {
      response.writeHead(status, { 'content-type': type, 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' });
      response.end(body);
    };
    if (path === '/config.json') return send(200, 'application/json', JSON.stringify(options.config));
    const file = FILES[path];
    if (!file) return send(404, 'text/plain', 'Not Found');
    readFile(join(ROOT, file)).then(
      (body) => send(200, TYPES[file.split('.').pop()!]!, body),
      () => send(404, 'text/plain', 'Not Found'),
    );
  });
  await new Promise<void>((resolve) => server.listen(options.port, host, resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return { server, url: `http://${host}:${port}` };
}
