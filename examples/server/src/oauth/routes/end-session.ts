/**
 * `GET|POST /end-session` (OpenID Connect RP-Initiated Logout 1.0): ends the single sign-on session
 * and returns to `post_logout_redirect_uri` when it is one of the client's registered redirect URIs
 * (exact match), else shows a signed-out page.
 *
 * A `GET` signs out at once only when it carries an `id_token_hint` we issued (expired is fine) for
 * the signed-in user: the client that holds the user's ID token is asking. Without one (a bare link,
 * possibly cross-site), the user is asked to confirm with a form that posts back with the session's
 * CSRF token (section 2: the OP asks the End-User whether to log out).
 *
 * @module
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { OAuthParams } from '../../schemas.js';
import { findClient } from '../clients.js';
import type { OAuthContext } from '../context.js';
import { NO_STORE } from '../errors.js';
import { type RawParams, singleParams } from '../form.js';
import { errorPage, sendPage, signedOutPage, signOutConfirmPage, stillSignedInPage } from '../pages.js';
import { checkFormOrigin, issueFormToken } from '../same-origin.js';
import { safeEqual } from '../secrets.js';
import { isForm } from './token.js';

/** The request, validated: where to go afterwards. */
interface SignOutRequest {
  clientId: string | undefined;
  target: URL | undefined;
  carried: Record<string, string>;
}

type Params = Record<string, string | undefined>;

async function readRequest(ctx: OAuthContext, params: Params, hintAudience: string | undefined): Promise<SignOutRequest | string> {
  const clientId = params.client_id ?? hintAudience;
  if (params.client_id !== undefined && hintAudience !== undefined && params.client_id !== hintAudience) {
    return 'The id_token_hint was issued to another client';
  }
  const carried: Record<string, string> = {};
  for (const name of ['client_id', 'post_logout_redirect_uri', 'state'] as const) if (params[name] !== undefined) carried[name] = params[name]!;
  if (clientId !== undefined) carried.client_id = clientId;
  const targetText = params.post_logout_redirect_uri;
  if (targetText === undefined) return { clientId, target: undefined, carried };
  const client = clientId === undefined ? undefined : await findClient(ctx.db, clientId);
  if (!client || !client.redirectUris.includes(targetText)) return 'Unknown post_logout_redirect_uri';
  const target = new URL(targetText);
  if (params.state !== undefined) target.searchParams.set('state', params.state);
  return { clientId, target, carried };
}

/** The `sub` and `aud` of an ID token we issued, or `undefined` when it is not one. */
async function readHint(ctx: OAuthContext, hint: string): Promise<{ sub: string; aud: string } | undefined> {
  try {
    return await ctx.tokens.verifyIdTokenHint(hint);
  } catch {
    return undefined;
  }
}

async function finish(ctx: OAuthContext, request: FastifyRequest, reply: FastifyReply, target: URL | undefined) {
  await ctx.sessions.end(request, reply);
  if (target !== undefined) return reply.header('Cache-Control', 'no-store').redirect(target.toString(), 303);
  return sendPage(reply, 200, signedOutPage());
}

/**
 * Adds `GET /end-session` and `POST /end-session` (the confirmation form).
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
    let params: Params;
    try {
      params = singleParams(request.query as RawParams);
    } catch {
      return sendPage(reply, 400, errorPage('A parameter is repeated'));
    }
    const hint = params.id_token_hint === undefined ? undefined : await readHint(ctx, params.id_token_hint);
    if (params.id_token_hint !== undefined && hint === undefined) return sendPage(reply, 400, errorPage('The id_token_hint is not a valid ID token of this server'));
    const signOut = await readRequest(ctx, params, hint?.aud);
    if (typeof signOut === 'string') return sendPage(reply, 400, errorPage(signOut));
    const session = await ctx.sessions.current(request);
    // Nothing to end, or the client holding this user's ID token asks: no question needed.
    if (!session || (hint !== undefined && hint.sub === String(session.userId))) return finish(ctx, request, reply, signOut.target);
    return sendPage(reply, 200, signOutConfirmPage({ params: signOut.carried, csrf: session.csrf, formToken: issueFormToken(request, reply, ctx.secureCookies(request)) }));
  });

  app.post(
    '/end-session',
    {
      schema: { hide: true, body: OAuthParams },
      preValidation: async (request, reply) => {
        if (!isForm(request)) {
          return reply.code(415).headers(NO_STORE).send({ error: 'invalid_request', error_description: 'POST /end-session takes application/x-www-form-urlencoded forms only' });
        }
      },
    },
    async (request, reply) => {
      let params: Params;
      try {
        params = singleParams(request.body as RawParams);
      } catch {
        return sendPage(reply, 400, errorPage('A parameter is repeated'));
      }
      if (checkFormOrigin(request, ctx.issuer(), params.form_token, ctx.secureCookies(request)) !== undefined) {
        return sendPage(reply, 403, errorPage('Cross-site form submission refused'));
      }
      const signOut = await readRequest(ctx, params, undefined);
      if (typeof signOut === 'string') return sendPage(reply, 400, errorPage(signOut));
      const session = await ctx.sessions.current(request);
      if (!session) return finish(ctx, request, reply, signOut.target);
      if (params.csrf === undefined || !safeEqual(params.csrf, session.csrf)) {
        return sendPage(reply, 403, errorPage('This sign-out form is not from your session: open the sign-out link again'));
      }
      if (params.decision !== 'logout') return sendPage(reply, 200, stillSignedInPage());
      return finish(ctx, request, reply, signOut.target);
    },
  );
}
