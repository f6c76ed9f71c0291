/**
 * `GET /debugger`: the token debugger page (examples/debugger), a single self-contained file built by
 * `npm run build` at the repo root. It runs entirely in the browser: nothing pasted there reaches
 * this server.
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import { HttpError } from '../http-errors.js';

const PAGE = new URL('../../../debugger/dist/index.html', import.meta.url);

/**
 * Adds `GET /debugger`.
 *
 * @param app - The Fastify instance.
 * @example
 * ```ts
 * registerDebuggerRoute(app);
 * ```
 */
export function registerDebuggerRoute(app: FastifyInstance): void {
  app.get('/debugger', { schema: { hide: true } }, async (_request, reply) => {
    let html: string;
    try {
      html = await readFile(PAGE, 'utf8');
    } catch {
      throw new HttpError(404, 'The token debugger is not built: run `npm run build` at the repo root');
    }
    // The page pins its own inline script and style by hash in a meta CSP; no header CSP is added.
    return reply.type('text/html; charset=utf-8').send(html);
  });
}
