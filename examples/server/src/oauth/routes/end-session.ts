/**
 * `GET /end-session` (OpenID Connect RP-Initiated Logout, simplified): ends the single sign-on
 * session and returns to `post_logout_redirect_uri` when it is one of the client's registered
 * redirect URIs (exact match), else shows a signed-out page.
 *
 * @module
 */
import type { FastifyInstance } from 'fastify';
import { findClient } from '../clients.js';
import type { OAuthContext } from '../context.js';
import { type RawParams, singleParams } from '../form.js';
import { errorPage, sendPage, signedOutPage } from '../pages.js';
import { OAuthParams } from '../../schemas.js';

/**
 * Adds `GET /end-session`.
 *
 * @param app - The OAuth plugin's scope.
 * @param ctx - The OAuth context.
 * @example
 * ```ts
 * registerEndSessionRoute(app, ctx);
 * ```
 */
export function registerEndSessionRoute(app: FastifyInstance, ctx: OAuthContext): void {
  app.get('/end-session', { schema: { hide: true, querystring: OAuthParams } }, async (request, reply) => {
    let params: Record<string, string | undefined>;
    try {
      params = singleParams(request.query as RawParams);
    } catch {
      return sendPage(reply, 400, errorPage('A parameter is repeated'));
    }
    await ctx.sessions.end(request, reply);
    const target = params.post_logout_redirect_uri;
    if (target !== undefined) {
      const client = params.client_id === undefined ? undefined : await findClient(ctx.db, params.client_id);
      if (!client || !client.redirectUris.includes(target)) return sendPage(reply, 400, errorPage('Unknown post_logout_redirect_uri'));
      const url = new URL(target);
      if (params.state !== undefined) url.searchParams.set('state', params.state);
      return reply.header('Cache-Control', 'no-store').redirect(url.toString(), 303);
    }
    return sendPage(reply, 200, signedOutPage());
  });
}
