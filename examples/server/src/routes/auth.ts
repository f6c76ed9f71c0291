/**
 * Account and session routes (the template's `main.py` auth endpoints): register, login, refresh,
 * logout, logout-all. Each handler is a few lines over `deps`; the rules live in `auth/`.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../deps.js';
import { HttpError, tokenError, unauthorized } from '../http-errors.js';
import { toPublicUser } from '../models.js';
import { addressKey, enforceRateLimits } from '../rate-limit.js';
import { authErrors, bearerSecurity, bodyErrors, ErrorOut, LoginBody, MessageOut, RegisterBody, TokenPair, UserOut } from '../schemas.js';
import { createUser, findUserById, findUserByUsername, updatePasswordHash } from '../users.js';
import { bearerToken } from '../auth/current-user.js';
import { openFamily, revokeFamily, rotateFamily } from '../auth/refresh-families.js';
import { startSignIn } from '../auth/sign-in-limits.js';
import { signOutEverywhere } from '../auth/sign-out-everywhere.js';
import type { SessionClaims } from '../auth/tokens.js';

/** RFC 6749 section 5.1: responses carrying tokens must not be cached. */
const NO_STORE = { 'Cache-Control': 'no-store', Pragma: 'no-cache' };

/**
 * Adds `POST /register`, `/login`, `/refresh`, `/logout` and `/logout-all`.
 *
 * @param app - The Fastify instance.
 * @param deps - The app's dependencies.
 * @example
 * ```ts
 * registerAuthRoutes(app, deps);
 * ```
 */
export function registerAuthRoutes(app: FastifyInstance, deps: Deps): void {
  const { db, passwords, tokens, rateLimiter, revocation, getCurrentUser, config } = deps;
  const nowSeconds = () => Math.floor(deps.clock() / 1000);

  app.post<{ Body: RegisterBody }>(
    '/register',
    {
      schema: {
        tags: ['auth'],
        summary: 'Create an account',
        body: RegisterBody,
        response: { 201: UserOut, 400: ErrorOut, ...bodyErrors },
      },
    },
    async (request, reply) => {
      const { username, email, password } = request.body;
      // Per address only: a per-username count would be state an attacker creates at will.
      await enforceRateLimits(rateLimiter, [{ key: `register:ip:${addressKey(request.ip)}`, limit: config.rateLimit.perIp }]);
      const hashedPassword = await passwords.hash(password);
      const result = await createUser(db, { username, email, hashedPassword }, deps.clock());
      if (!result.ok) throw new HttpError(400, result.taken === 'username' ? 'Username already registered' : 'Email already registered');
      return reply.code(201).send(toPublicUser(result.user));
    },
  );

  app.post<{ Body: LoginBody }>(
    '/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Log in: get an access and a refresh token',
        body: LoginBody,
        response: { 200: TokenPair, 401: ErrorOut, 403: ErrorOut, ...bodyErrors },
      },
    },
    async (request, reply) => {
      const { username, password } = request.body;
      const attempt = await startSignIn(rateLimiter, config.rateLimit, request.ip, username);
      const user = await findUserByUsername(db, username);
      // Same work and same answer whether or not the user exists: no account enumeration.
      const valid = user ? await passwords.verify(password, user.hashed_password) : await passwords.verifyDummy(password);
      if (!user || !valid) throw new HttpError(401, 'Incorrect username or password', { 'WWW-Authenticate': 'Bearer' });
      await attempt.succeeded();
      if (!user.is_active) throw new HttpError(403, 'Inactive user');
      if (passwords.needsRehash(user.hashed_password)) await updatePasswordHash(db, user.id, await passwords.hash(password));
      const sid = randomUUID();
      const pair = await tokens.issuePair(user.id, sid);
      await openFamily(db, { id: sid, userId: user.id, jti: pair.refreshJti, expiresAt: pair.refreshExpiresAt }, nowSeconds());
      return reply.headers(NO_STORE).send({ access_token: pair.access_token, refresh_token: pair.refresh_token, token_type: 'bearer' });
    },
  );

  app.post(
    '/refresh',
    {
      schema: {
        tags: ['auth'],
        summary: 'Trade a refresh token (as the bearer token) for a new pair; each refresh token works once',
        security: bearerSecurity,
        response: { 200: TokenPair, ...authErrors },
      },
    },
    async (request, reply) => {
      const token = bearerToken(request);
      let claims: SessionClaims;
      try {
        claims = await tokens.verifyRefresh(token);
      } catch (err) {
        throw tokenError(err);
      }
      const pair = await tokens.issuePair(claims.userId, claims.sid);
      const rotation = await rotateFamily(
        db,
        {
          familyId: claims.sid,
          userId: claims.userId,
          usedJti: claims.jti,
          nextJti: pair.refreshJti,
          nextExpiresAt: pair.refreshExpiresAt,
          graceSeconds: config.refreshReuseGraceSeconds,
        },
        nowSeconds(),
      );
      if (rotation.status === 'reused') {
        throw unauthorized('Refresh token reuse detected: the session has been revoked', 'The token has been revoked');
      }
      if (rotation.status === 'revoked') throw unauthorized('Could not validate credentials', 'The token has been revoked');
      const user = await findUserById(db, claims.userId);
      if (!user) throw unauthorized('Could not validate credentials', 'Invalid token');
      if (!user.is_active) throw new HttpError(403, 'Inactive user');
      return reply.headers(NO_STORE).send({ access_token: pair.access_token, refresh_token: pair.refresh_token, token_type: 'bearer' });
    },
  );

  app.post(
    '/logout',
    {
      schema: {
        tags: ['auth'],
        summary: 'Revoke this access token and its session (refresh family) at once',
        security: bearerSecurity,
        response: { 200: MessageOut, ...authErrors },
      },
    },
    async (request) => {
      const { claims } = await getCurrentUser(request);
      // A store failure here is a 503 (errors-handler.ts): the client knows the logout did not happen.
      await revocation.revoke(claims.jti, claims.exp);
      await revokeFamily(db, claims.sid, nowSeconds());
      return { message: 'Successfully logged out' };
    },
  );

  app.post(
    '/logout-all',
    {
      schema: {
        tags: ['auth'],
        summary: 'Revoke every token and single sign-on session of the current user, on every device',
        security: bearerSecurity,
        response: { 200: MessageOut, ...authErrors },
      },
    },
    async (request) => {
      const { user } = await getCurrentUser(request);
      // Also ends the user's single sign-on sessions: no browser cookie may mint a code afterwards.
      await signOutEverywhere(deps, user.id, nowSeconds());
      return { message: 'Successfully logged out from all sessions' };
    },
  );
}
