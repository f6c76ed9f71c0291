/**
 * `GET|POST /userinfo` (OpenID Connect Core section 5.3): the user's claims for an access token with
 * scope `openid`, filtered by `profile` and `email`. Errors are RFC 6750 challenges.
 *
 * @module
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isJwtError } from 'webjwt';
import { BearerError, type BearerErrorCode, bearerToken, isBearerError } from 'webjwt/http';
import { storeFailure } from '../../http-errors.js';
import { findUserById } from '../../users.js';
import type { OAuthContext } from '../context.js';
import { isFamilyLive } from '../grants.js';
import type { AccessClaims } from '../tokens.js';

const REALM = 'userinfo';

function send(reply: FastifyReply, answer: BearerError) {
  return reply.code(answer.status).headers(answer.headers).header('Cache-Control', 'no-store').send(answer.body);
}

function challenge(reply: FastifyReply, status: 401 | 403, error: BearerErrorCode, description: string) {
  return send(reply, new BearerError({ status, error, description, realm: REALM }));
}

/**
 * Verifies a user's access token at the authorization server: signature, `typ`, `iss`, expiry,
 * the revocation store, and that its grant (refresh family) is still live.
 *
 * @param ctx - The OAuth context.
 * @param token - The access token.
 * @returns The claims, or `undefined` when the token is not active.
 * @throws Store failures (the revocation store or the signing keys unreachable) and non-JWT errors.
 * @example
 * ```ts
 * const claims = await activeAccessClaims(ctx, token);
 * ```
 */
export async function activeAccessClaims(ctx: OAuthContext, token: string): Promise<AccessClaims | undefined> {
  let claims: AccessClaims;
  try {
    claims = await ctx.tokens.verifyAccess(token);
  } catch (err) {
    if (isJwtError(err) && storeFailure(err) === undefined) return undefined;
    throw err;
  }
  if (typeof claims.sid === 'string' && !(await isFamilyLive(ctx.db, claims.sid))) return undefined;
  return claims;
}

async function userinfo(ctx: OAuthContext, request: FastifyRequest, reply: FastifyReply) {
  let token: string | undefined;
  try {
    token = bearerToken(request, { realm: REALM });
  } catch (err) {
    if (isBearerError(err)) return send(reply, err);
    throw err;
  }
  if (token === undefined) return send(reply, new BearerError({ status: 401, description: 'The request needs a bearer token', realm: REALM }));
  const claims = await activeAccessClaims(ctx, token);
  if (!claims) return challenge(reply, 401, 'invalid_token', 'The access token is invalid, expired or revoked');
  const audience = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  const scopes = claims.scope.split(' ');
  if (!audience.includes(`${ctx.issuer()}/userinfo`) || !scopes.includes('openid') || claims.sid === undefined) {
    return challenge(reply, 403, 'insufficient_scope', 'The token needs the openid scope');
  }
  const user = await findUserById(ctx.deps.db, Number(claims.sub));
  if (!user || !user.is_active) return challenge(reply, 401, 'invalid_token', 'The user is not active');
  const body: Record<string, unknown> = { sub: claims.sub };
  if (scopes.includes('profile')) body.preferred_username = user.username;
  if (scopes.includes('email')) {
    body.email = user.email;
    body.email_verified = false;
  }
  return reply.header('Cache-Control', 'no-store').send(body);
}

/**
 * Adds `GET /userinfo` and `POST /userinfo`.
 *
 * @param app - The OAuth plugin's scope.
 * @param ctx - The OAuth context.
 * @example
 * ```ts
 * registerUserinfoRoutes(app, ctx);
 * ```
 */
export function registerUserinfoRoutes(app: FastifyInstance, ctx: OAuthContext): void {
  app.get('/userinfo', { schema: { hide: true } }, (request, reply) => userinfo(ctx, request, reply));
  app.post('/userinfo', { schema: { hide: true } }, (request, reply) => userinfo(ctx, request, reply));
}
