/**
 * CORS for browser clients on other origins (an SPA calling `/token`, `/userinfo`, `/revoke`): an
 * origin is allowed when it is the origin of a registered redirect URI. Discovery and the JWKS are
 * public documents and allow any origin.
 *
 * @module
 */
import type { FastifyInstance } from 'fastify';
import { listClients } from './clients.js';
import type { OAuthContext } from './context.js';

const PUBLIC_PATHS = new Set(['/.well-known/openid-configuration', '/.well-known/oauth-authorization-server', '/.well-known/jwks.json']);
const CLIENT_PATHS = new Set(['/token', '/userinfo', '/revoke']);

/**
 * Installs the CORS hook and the preflight routes in the OAuth scope.
 *
 * @param app - The OAuth plugin's scope.
 * @param ctx - The OAuth context.
 * @example
 * ```ts
 * installCors(app, ctx);
 * ```
 */
export function installCors(app: FastifyInstance, ctx: OAuthContext): void {
  const allowed = async (origin: string) => {
    const clients = await listClients(ctx.db);
    return clients.some((client) => client.redirectUris.some((uri) => new URL(uri).origin === origin));
  };
  app.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin;
    const path = request.url.split('?')[0]!;
    if (origin === undefined) return;
    if (PUBLIC_PATHS.has(path)) {
      reply.header('Access-Control-Allow-Origin', '*');
    } else if (CLIENT_PATHS.has(path) && (await allowed(origin))) {
      reply.header('Access-Control-Allow-Origin', origin).header('Vary', 'Origin').header('Access-Control-Expose-Headers', 'WWW-Authenticate');
    }
  });
  for (const path of CLIENT_PATHS) {
    app.options(path, { schema: { hide: true } }, async (_request, reply) =>
      reply
        .header('Access-Control-Allow-Methods', 'GET, POST')
        .header('Access-Control-Allow-Headers', 'Authorization, Content-Type')
        .header('Access-Control-Max-Age', '600')
        .code(204)
        .send(),
    );
  }
}
