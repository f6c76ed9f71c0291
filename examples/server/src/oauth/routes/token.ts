/**
 * `POST /token` (RFC 6749 sections 4.1.3, 4.3, 4.4, 6): authorization code with PKCE, refresh
 * token with rotation and reuse detection, client credentials (confidential clients only) and the
 * password grant (only for clients registered with it). Errors follow section 5.2.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { revokeFamily } from '../../auth/refresh-families.js';
import { startSignIn } from '../../auth/sign-in-limits.js';
import { serviceUnavailable, storeFailure } from '../../http-errors.js';
import { findUserById, findUserByUsername } from '../../users.js';
import { authenticateClient, type Form } from '../client-auth.js';
import type { Client, GrantType } from '../clients.js';
import { consumeCode, findCode } from '../codes.js';
import type { OAuthContext } from '../context.js';
import { invalidParameterDescription, NO_STORE, OAuthError, oauthError } from '../errors.js';
import { type RawParams, singleParams } from '../form.js';
import { findLiveGrant, isFamilyLive, openGrant, rotateRefreshToken } from '../grants.js';
import { grantedScopes } from '../scopes.js';
import { safeEqual, sha256 } from '../secrets.js';
import { appDb } from '../tables.js';
import { OAuthParams } from '../../schemas.js';

/** A successful token response (RFC 6749 section 5.1). */
interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
  refresh_token?: string;
  id_token?: string;
}

/**
 * True when the body is a form (RFC 6749 requires it at the token endpoint).
 *
 * @param request - The request.
 * @example
 * ```ts
 * if (!isForm(request)) throw oauthError('invalid_request', '...');
 * ```
 */
export function isForm(request: FastifyRequest): boolean {
  return (request.headers['content-type'] ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');
}

const invalidGrant = (description: string) => oauthError('invalid_grant', description);

function requireGrant(client: Client, grant: GrantType): void {
  if (!client.grantTypes.includes(grant)) throw oauthError('unauthorized_client', `This client may not use the ${grant} grant`);
}

/** Access token, ID token (scope openid) and refresh token (when the client has that grant) for a user. */
async function userTokens(
  ctx: OAuthContext,
  client: Client,
  user: { id: number; username: string; email: string },
  grant: { scopes: string[]; authTime: number; nonce?: string | undefined; familyId?: string; refreshToken?: string; accessJti?: string; iat?: number },
): Promise<{ body: TokenResponse; familyId: string }> {
  let { familyId, refreshToken } = grant;
  if (familyId === undefined) {
    const opened = await openGrant(
      ctx.db,
      { userId: user.id, clientId: client.clientId, scopes: grant.scopes, authTime: grant.authTime, refreshSeconds: ctx.config.refreshTokenSeconds },
      ctx.nowSeconds(),
    );
    familyId = opened.familyId;
    refreshToken = opened.refreshToken;
  }
  const sub = String(user.id);
  const access = await ctx.tokens.accessToken({ sub, clientId: client.clientId, scopes: grant.scopes, sid: familyId, jti: grant.accessJti, iat: grant.iat });
  const body: TokenResponse = { access_token: access.token, token_type: 'Bearer', expires_in: access.expiresIn, scope: grant.scopes.join(' ') };
  if (client.grantTypes.includes('refresh_token') && refreshToken !== undefined) body.refresh_token = refreshToken;
  if (grant.scopes.includes('openid')) {
    body.id_token = await ctx.tokens.idToken({ sub, clientId: client.clientId, nonce: grant.nonce, authTime: grant.authTime });
  }
  return { body, familyId };
}

/**
 * A code presented again (RFC 6749 section 4.1.2): revoke the refresh family and the access token its
 * first redemption issued, and say so only when it is true. The family was opened in the same
 * transaction that used the code up, so it exists by the time a replay can see the code used.
 */
async function refuseReplayedCode(ctx: OAuthContext, code: string, now: number): Promise<never> {
  const stored = await findCode(ctx.db, code);
  const issued = stored?.issued;
  let revoked = false;
  if (issued?.family_id) {
    await revokeFamily(appDb(ctx.db), issued.family_id, now);
    revoked = !(await isFamilyLive(ctx.db, issued.family_id));
    if (revoked && issued.access_jti !== null && issued.access_exp !== null && issued.access_exp > now) {
      try {
        await ctx.deps.revocation.revoke(issued.access_jti, issued.access_exp);
      } catch {
        // The refresh family is revoked (and access tokens carry it as `sid`, checked by /userinfo and
        // /introspect), but the access token's ID could not be stored: do not claim more than that.
        throw serviceUnavailable('Token revocation service unavailable');
      }
    }
  }
  throw invalidGrant(revoked ? 'The authorization code was already used; the tokens it gave are revoked' : 'The authorization code was already used');
}

async function authorizationCodeGrant(ctx: OAuthContext, client: Client, form: Form): Promise<TokenResponse> {
  requireGrant(client, 'authorization_code');
  if (!form.code) throw oauthError('invalid_request', 'code is required');
  if (!form.redirect_uri) throw oauthError('invalid_request', 'redirect_uri is required');
  if (!form.code_verifier) throw oauthError('invalid_request', 'code_verifier is required (PKCE)');
  const now = ctx.nowSeconds();
  const stored = await findCode(ctx.db, form.code);
  if (!stored) throw invalidGrant('The authorization code is invalid');
  const { grant } = stored;
  // Code injection: a code only works for the client it was issued to (and only that client's replay revokes).
  if (grant.clientId !== client.clientId) throw invalidGrant('The authorization code was issued to another client');
  if (stored.used) return refuseReplayedCode(ctx, form.code, now);
  if (stored.expiresAt <= now) throw invalidGrant('The authorization code has expired');
  // Every binding is checked before the code is used up: a wrong attempt does not burn it.
  if (grant.redirectUri !== form.redirect_uri) throw invalidGrant('redirect_uri does not match the authorization request');
  if (!/^[A-Za-z0-9._~-]{43,128}$/.test(form.code_verifier) || !safeEqual(sha256(form.code_verifier), grant.codeChallenge)) {
    throw invalidGrant('The PKCE code_verifier does not match the code_challenge');
  }
  const user = await findUserById(ctx.deps.db, grant.userId);
  if (!user || !user.is_active) throw invalidGrant('The user account is not active');
  // Use the code up, record what it issues and open the grant in one transaction: exactly one of two
  // concurrent redemptions wins, and a replay that sees the code used finds the family to revoke.
  const issued = { family_id: randomUUID(), access_jti: randomUUID(), access_exp: now + ctx.config.accessTokenSeconds };
  const opened = await ctx.db.transaction().execute(async (trx) => {
    if (!(await consumeCode(trx, form.code!, issued, now))) return undefined;
    return openGrant(
      trx,
      { userId: user.id, clientId: client.clientId, scopes: grant.scopes, authTime: grant.authTime, refreshSeconds: ctx.config.refreshTokenSeconds, familyId: issued.family_id },
      now,
    );
  });
  if (!opened) return refuseReplayedCode(ctx, form.code, now);
  const tokens = await userTokens(ctx, client, user, {
    scopes: grant.scopes,
    authTime: grant.authTime,
    nonce: grant.nonce,
    familyId: opened.familyId,
    refreshToken: opened.refreshToken,
    accessJti: issued.access_jti,
    iat: now,
  });
  return tokens.body;
}

async function refreshTokenGrant(ctx: OAuthContext, client: Client, form: Form): Promise<TokenResponse> {
  requireGrant(client, 'refresh_token');
  if (!form.refresh_token) throw oauthError('invalid_request', 'refresh_token is required');
  if (form.scope !== undefined) {
    // Check a narrowed scope before rotating, so an invalid_scope does not use the token up.
    const live = await findLiveGrant(ctx.db, form.refresh_token, ctx.nowSeconds());
    if (live && live.clientId === client.clientId) grantedScopes(form.scope, live.scopes);
  }
  const result = await rotateRefreshToken(ctx.db, form.refresh_token, client.clientId, {
    refreshSeconds: ctx.config.refreshTokenSeconds,
    graceSeconds: ctx.deps.config.refreshReuseGraceSeconds,
    nowSeconds: ctx.nowSeconds(),
  });
  if (result.status === 'reused') throw invalidGrant('The refresh token was already used; its grant is revoked');
  if (result.status !== 'rotated') throw invalidGrant('The refresh token is invalid, expired or revoked');
  const { grant } = result;
  // RFC 6749 section 6: a narrower scope may be asked for, never a wider one.
  const scopes = grantedScopes(form.scope, grant.scopes);
  const user = await findUserById(ctx.deps.db, grant.userId);
  if (!user || !user.is_active) throw invalidGrant('The user account is not active');
  const issued = await userTokens(ctx, client, user, { scopes, authTime: grant.authTime, familyId: grant.familyId, refreshToken: result.refreshToken });
  return issued.body;
}

async function passwordGrant(ctx: OAuthContext, client: Client, form: Form, request: FastifyRequest): Promise<TokenResponse> {
  requireGrant(client, 'password');
  if (!form.username || !form.password) throw oauthError('invalid_request', 'username and password are required');
  const { deps } = ctx;
  const scopes = grantedScopes(form.scope, client.scopes);
  const attempt = await startSignIn(deps.rateLimiter, deps.config.rateLimit, request.ip, form.username);
  const user = await findUserByUsername(deps.db, form.username);
  const valid = user ? await deps.passwords.verify(form.password, user.hashed_password) : await deps.passwords.verifyDummy(form.password);
  if (user && valid) await attempt.succeeded();
  if (!user || !valid || !user.is_active) throw invalidGrant('Invalid username or password');
  const issued = await userTokens(ctx, client, user, { scopes, authTime: ctx.nowSeconds() });
  return issued.body;
}

async function clientCredentialsGrant(ctx: OAuthContext, client: Client, form: Form): Promise<TokenResponse> {
  if (client.type !== 'confidential') throw oauthError('unauthorized_client', 'client_credentials needs a confidential client');
  requireGrant(client, 'client_credentials');
  // No user: OpenID scopes make no sense here.
  const scopes = grantedScopes(form.scope, client.scopes.filter((s) => !['openid', 'profile', 'email', 'offline_access'].includes(s)));
  const access = await ctx.tokens.accessToken({ sub: client.clientId, clientId: client.clientId, scopes });
  return { access_token: access.token, token_type: 'Bearer', expires_in: access.expiresIn, scope: scopes.join(' ') };
}

/**
 * Sends an {@link OAuthError} (or a rate-limit/availability error) as RFC 6749 section 5.2 JSON.
 * Section 5.2 has no code for "too many requests": a 429 is `invalid_request` (or `invalid_client`
 * when client authentication failed too often) with HTTP 429 and `Retry-After`.
 *
 * @param app - The OAuth plugin's scope.
 * @example
 * ```ts
 * installOAuthErrorHandler(app);
 * ```
 */
export function installOAuthErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((caught, request, reply) => {
    const unavailable = storeFailure(caught);
    if (unavailable) request.log.warn({ err: caught }, 'store unavailable');
    const error = unavailable ?? caught;
    if (error instanceof OAuthError) return reply.code(error.statusCode).headers({ ...NO_STORE, ...error.headers }).send(error.toJSON());
    const validation = (error as { validation?: Parameters<typeof invalidParameterDescription>[0] }).validation;
    if (validation) {
      return reply.code(400).headers(NO_STORE).send({ error: 'invalid_request', error_description: invalidParameterDescription(validation) });
    }
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    const headers = (error as { headers?: Record<string, string> }).headers ?? {};
    if (status === 429) {
      return reply.code(429).headers({ ...NO_STORE, ...headers }).send({ error: 'invalid_request', error_description: (error as Error).message });
    }
    if (status === 503) {
      return reply.code(status).headers({ ...NO_STORE, ...headers }).send({ error: 'temporarily_unavailable', error_description: 'Try again later' });
    }
    if (status === 413) return reply.code(413).headers(NO_STORE).send({ error: 'invalid_request', error_description: 'The request body is too large' });
    if (status === 415) {
      return reply.code(415).headers(NO_STORE).send({ error: 'invalid_request', error_description: 'Send the parameters as application/x-www-form-urlencoded' });
    }
    if (status >= 400 && status < 500) {
      return reply.code(400).headers(NO_STORE).send({ error: 'invalid_request', error_description: 'The request is malformed' });
    }
    request.log.error({ err: error }, 'unhandled OAuth error');
    return reply.code(500).headers(NO_STORE).send({ error: 'server_error', error_description: 'Internal error' });
  });
}

/**
 * Adds `POST /token`.
 *
 * @param app - The OAuth plugin's scope (form parser, OAuth error handler).
 * @param ctx - The OAuth context.
 * @example
 * ```ts
 * registerTokenRoute(app, ctx);
 * ```
 */
export function registerTokenRoute(app: FastifyInstance, ctx: OAuthContext): void {
  app.post('/token', { schema: { hide: true, body: OAuthParams } }, async (request, reply) => {
    if (!isForm(request)) throw oauthError('invalid_request', 'Send the parameters as application/x-www-form-urlencoded');
    const form = singleParams(request.body as RawParams);
    const client = await authenticateClient(ctx, request, form);
    let body: TokenResponse;
    switch (form.grant_type) {
      case 'authorization_code':
        body = await authorizationCodeGrant(ctx, client, form);
        break;
      case 'refresh_token':
        body = await refreshTokenGrant(ctx, client, form);
        break;
      case 'password':
        body = await passwordGrant(ctx, client, form, request);
        break;
      case 'client_credentials':
        body = await clientCredentialsGrant(ctx, client, form);
        break;
      case undefined:
        throw oauthError('invalid_request', 'grant_type is required');
      default:
        throw new OAuthError('unsupported_grant_type', 'Supported grant types: authorization_code, refresh_token, client_credentials, password');
    }
    return reply.headers(NO_STORE).send(body);
  });
}
