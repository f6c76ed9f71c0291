/**
 * Routes for the authenticated user (the template's `/users/me` and `/protected`).
 *
 * @module
 */
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../deps.js';
import { HttpError } from '../http-errors.js';
import { toPublicUser } from '../models.js';
import { enforceRateLimits } from '../rate-limit.js';
import { authErrors, bearerSecurity, bodyErrors, ErrorOut, MessageOut, PasswordChangeBody, ProtectedOut, UserOut } from '../schemas.js';
import { updatePasswordHash } from '../users.js';
import { signOutEverywhere } from '../auth/sign-out-everywhere.js';

/**
 * Adds `GET /me`, `PATCH /me/password` and `GET /protected`.
 *
 * @param app - The Fastify instance.
 * @param deps - The app's dependencies.
 * @example
 * ```ts
 * registerUserRoutes(app, deps);
 * ```
 */
export function registerUserRoutes(app: FastifyInstance, deps: Deps): void {
  const { getCurrentUser, passwords } = deps;

  app.get(
    '/me',
    { schema: { tags: ['users'], summary: 'The current user', security: bearerSecurity, response: { 200: UserOut, ...authErrors } } },
    async (request) => toPublicUser((await getCurrentUser(request)).user),
  );

  app.patch<{ Body: PasswordChangeBody }>(
    '/me/password',
    {
      schema: {
        tags: ['users'],
        summary: 'Change the password: every token and single sign-on session of the user ends (log in again)',
        security: bearerSecurity,
        body: PasswordChangeBody,
        response: { 200: MessageOut, 400: ErrorOut, ...authErrors, ...bodyErrors },
      },
    },
    async (request) => {
      const { user } = await getCurrentUser(request);
      const { current_password: current, new_password: next } = request.body;
      // A stolen access token must not become a password-guessing oracle.
      await enforceRateLimits(deps.rateLimiter, [{ key: `password:user:${user.id}`, limit: deps.config.rateLimit.perUsername }]);
      if (!(await passwords.verify(current, user.hashed_password))) throw new HttpError(400, 'Incorrect password');
      if (current === next) throw new HttpError(400, 'New password cannot be the same as the current one');
      await updatePasswordHash(deps.db, user.id, await passwords.hash(next));
      // Whoever else knew the old password loses every session, SSO cookies included.
      await signOutEverywhere(deps, user.id, Math.floor(deps.clock() / 1000));
      return { message: 'Password updated; every session has been signed out' };
    },
  );

  app.get(
    '/protected',
    {
      schema: { tags: ['users'], summary: 'An example protected route', security: bearerSecurity, response: { 200: ProtectedOut, ...authErrors } },
    },
    async (request) => {
      const { user } = await getCurrentUser(request);
      return { message: `Hello, ${user.username}! You are authenticated.`, user: toPublicUser(user) };
    },
  );
}
