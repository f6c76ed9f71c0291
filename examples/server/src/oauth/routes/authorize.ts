/**
 * `GET|POST /authorize` (RFC 6749 section 4.1 and 4.2, RFC 7636, RFC 9207, RFC 9700):
 *
 * 1. the client and its redirect URI are checked first; if either is wrong the user sees an error
 *    page and nothing is redirected (an open redirector otherwise);
 * 2. every other error is redirected to the client with `state` and `iss`;
 * 3. `response_type=code` needs PKCE with S256 (`plain` is refused); `token` (implicit) is refused
 *    unless `OAUTH_ENABLE_IMPLICIT=true`;
 * 4. no session: the login page; third-party client: the consent page; then the code (or token).
 *
 * @module
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { startSignIn } from '../../auth/sign-in-limits.js';
import { HttpError } from '../../http-errors.js';
import { findUserById, findUserByUsername, updatePasswordHash } from '../../users.js';
import type { Client } from '../clients.js';
import { findClient } from '../clients.js';
import { issueCode } from '../codes.js';
import type { OAuthContext } from '../context.js';
import { NO_STORE, OAuthError, type OAuthErrorCode } from '../errors.js';
import { OAuthParams } from '../../schemas.js';
import { isForm } from './token.js';
import { type RawParams, singleParams } from '../form.js';
import { consentPage, errorPage, loginPage, sendPage } from '../pages.js';
import { grantedScopes } from '../scopes.js';
import { checkFormOrigin, issueFormToken } from '../same-origin.js';
import { safeEqual } from '../secrets.js';
import type { LoginSession } from '../sessions.js';

/** The authorization request parameters carried through the login and consent forms. */
const REQUEST_PARAMS = ['response_type', 'client_id', 'redirect_uri', 'scope', 'state', 'nonce', 'code_challenge', 'code_challenge_method', 'prompt'];

const IMPLICIT_REFUSED =
  'The implicit grant is disabled (RFC 9700): use response_type=code with PKCE (code_challenge_method=S256)';

class Redirect {
  constructor(readonly location: string) {}
}

function redirectTo(redirectUri: string, params: Record<string, string | undefined>, inFragment = false): Redirect {
  const url = new URL(redirectUri);
  const clean = Object.fromEntries(Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined));
  if (inFragment) {
    url.hash = new URLSearchParams(clean).toString();
  } else {
    for (const [name, value] of Object.entries(clean)) url.searchParams.append(name, value);
  }
  return new Redirect(url.toString());
}

async function authorize(ctx: OAuthContext, request: FastifyRequest, reply: FastifyReply, raw: RawParams, isPost: boolean) {
  const { deps } = ctx;
  // Step 1: client and redirect URI, or an error page.
  let params: Record<string, string | undefined>;
  try {
    params = singleParams(raw);
  } catch {
    return sendPage(reply, 400, errorPage('A parameter of the authorization request is repeated'));
  }
  const client = params.client_id === undefined ? undefined : await findClient(ctx.db, params.client_id);
  if (!client) return sendPage(reply, 400, errorPage('Unknown or missing client_id'));
  const redirectUri = params.redirect_uri ?? (client.redirectUris.length === 1 ? client.redirectUris[0] : undefined);
  // Exact string comparison: no prefix, no pattern, no normalization (RFC 9700 section 4.1.3).
  if (redirectUri === undefined || !client.redirectUris.includes(redirectUri)) {
    return sendPage(reply, 400, errorPage('The redirect_uri is missing or not registered for this client'));
  }
  // Login CSRF: a form post must come from our own page (same-origin Origin or Referer, else the form token).
  const secure = ctx.secureCookies(request);
  if (isPost) {
    const forgery = checkFormOrigin(request, ctx.issuer(), typeof raw.form_token === 'string' ? raw.form_token : undefined, secure);
    if (forgery === 'cross-origin') return sendPage(reply, 403, errorPage('Cross-site form submission refused'));
    if (forgery === 'no-origin') return sendPage(reply, 403, errorPage('This form could not be verified (no Origin or Referer, no form token): reload the page and try again'));
  }
  const formToken = () => issueFormToken(request, reply, secure);

  const iss = ctx.issuer();
  const fail = (error: OAuthErrorCode, description: string) =>
    redirectTo(redirectUri, { error, error_description: description, state: params.state, iss });

  // Step 2 and 3: the request itself.
  const responseType = params.response_type;
  if (responseType === undefined) return fail('invalid_request', 'response_type is required');
  if (responseType === 'token') {
    if (!ctx.config.enableImplicit) return fail('unsupported_response_type', IMPLICIT_REFUSED);
    if (!client.grantTypes.includes('implicit')) return fail('unauthorized_client', 'This client may not use the implicit grant');
  } else if (responseType === 'code') {
    if (!client.grantTypes.includes('authorization_code')) return fail('unauthorized_client', 'This client may not use the authorization code grant');
    if (params.code_challenge === undefined) return fail('invalid_request', 'code_challenge is required (PKCE with S256)');
    if (params.code_challenge_method !== 'S256') {
      return fail('invalid_request', 'code_challenge_method must be S256 (plain is not supported)');
    }
    if (!/^[A-Za-z0-9_-]{43}$/.test(params.code_challenge)) return fail('invalid_request', 'code_challenge must be a base64url SHA-256 hash');
  } else {
    return fail('unsupported_response_type', 'Only response_type=code is supported');
  }
  let scopes: string[];
  try {
    scopes = grantedScopes(params.scope, client.scopes);
  } catch (err) {
    if (err instanceof OAuthError) return fail(err.error, err.description);
    throw err;
  }

  // Step 4: who is the user?
  const carried = Object.fromEntries(REQUEST_PARAMS.flatMap((name) => (params[name] === undefined ? [] : [[name, params[name]!]])));
  carried.redirect_uri = redirectUri;
  const form = isPost ? singleParams(raw) : {};
  let session: LoginSession | undefined;
  if (isPost && form.action === 'login') {
    const username = form.username ?? '';
    const password = form.password ?? '';
    let user: Awaited<ReturnType<typeof findUserByUsername>>;
    let valid: boolean;
    try {
      const attempt = await startSignIn(deps.rateLimiter, deps.config.rateLimit, request.ip, username);
      user = await findUserByUsername(deps.db, username);
      valid = user ? await deps.passwords.verify(password, user.hashed_password) : await deps.passwords.verifyDummy(password);
      if (user && valid) await attempt.succeeded();
    } catch (err) {
      // A person reads this answer: the limit or the outage goes in the page, not in JSON.
      if (!(err instanceof HttpError) || (err.statusCode !== 429 && err.statusCode !== 503)) throw err;
      const message = err.statusCode === 429 ? String(err.detail) : 'The service is busy, try again in a few seconds';
      reply.headers(err.headers);
      return sendPage(reply, err.statusCode, loginPage({ clientName: client.name, params: carried, formToken: formToken(), error: message }));
    }
    if (!user || !valid || !user.is_active) {
      return sendPage(reply, 401, loginPage({ clientName: client.name, params: carried, formToken: formToken(), error: 'Invalid username or password' }));
    }
    if (deps.passwords.needsRehash(user.hashed_password)) await updatePasswordHash(deps.db, user.id, await deps.passwords.hash(password));
    session = await ctx.sessions.start(reply, user.id);
  } else {
    session = params.prompt?.split(' ').includes('login') && !isPost ? undefined : await ctx.sessions.current(request);
  }
  if (!session) {
    if (params.prompt === 'none') return fail('login_required', 'The user is not signed in');
    return sendPage(reply, 200, loginPage({ clientName: client.name, params: carried, formToken: formToken() }));
  }
  const user = await findUserById(deps.db, session.userId);
  if (!user || !user.is_active) return fail('access_denied', 'The user account is not active');

  if (!client.firstParty) {
    const consented = isPost && form.action === 'consent' && form.csrf !== undefined && safeEqual(form.csrf, session.csrf);
    if (!consented) {
      if (params.prompt === 'none') return fail('access_denied', 'Consent is required');
      return sendPage(reply, 200, consentPage({ clientName: client.name, scopes, params: carried, csrf: session.csrf, formToken: formToken() }));
    }
    if (form.decision !== 'allow') return fail('access_denied', 'The user denied the request');
  }
  return issue(ctx, client, { redirectUri, responseType, scopes, params, session, iss });
}

async function issue(
  ctx: OAuthContext,
  client: Client,
  req: { redirectUri: string; responseType: string; scopes: string[]; params: Record<string, string | undefined>; session: LoginSession; iss: string },
) {
  const { redirectUri, scopes, params, session, iss } = req;
  if (req.responseType === 'token') {
    const access = await ctx.tokens.accessToken({ sub: String(session.userId), clientId: client.clientId, scopes });
    return redirectTo(
      redirectUri,
      { access_token: access.token, token_type: 'Bearer', expires_in: String(access.expiresIn), scope: scopes.join(' '), state: params.state, iss },
      true,
    );
  }
  const code = await issueCode(
    ctx.db,
    {
      clientId: client.clientId,
      userId: session.userId,
      redirectUri,
      scopes,
      codeChallenge: params.code_challenge!,
      nonce: params.nonce,
      authTime: session.authTime,
    },
    ctx.config.codeSeconds,
    ctx.nowSeconds(),
    ctx.config.maxPendingCodes,
  );
  return redirectTo(redirectUri, { code, state: params.state, iss });
}

/**
 * Adds `GET /authorize` and `POST /authorize` (the login and consent forms post back to it).
 *
 * @param app - The OAuth plugin's scope (with the form parser).
 * @param ctx - The OAuth context.
 * @example
 * ```ts
 * registerAuthorizeRoutes(app, ctx);
 * ```
 */
export function registerAuthorizeRoutes(app: FastifyInstance, ctx: OAuthContext): void {
  const handle = async (request: FastifyRequest, reply: FastifyReply, raw: RawParams, isPost: boolean) => {
    const result = await authorize(ctx, request, reply, raw, isPost);
    if (result instanceof Redirect) return reply.header('Cache-Control', 'no-store').redirect(result.location, 303);
    return result;
  };
  app.get('/authorize', { schema: { hide: true, querystring: OAuthParams } }, (request, reply) => handle(request, reply, request.query as RawParams, false));
  app.post(
    '/authorize',
    {
      schema: { hide: true, body: OAuthParams },
      // The login and consent forms post here; nothing else may (a JSON body would carry objects).
      preValidation: async (request, reply) => {
        if (!isForm(request)) {
          return reply.code(415).headers(NO_STORE).send({ error: 'invalid_request', error_description: 'POST /authorize takes application/x-www-form-urlencoded forms only' });
        }
      },
    },
    (request, reply) => handle(request, reply, (request.body ?? {}) as RawParams, true),
  );
}
