/**
 * Routes for the authenticated user (the template's `/users/me` and `/protected`).
 *
 * @module
 */
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../deps.js';
import { toPublicUser } from '../models.js';
import { authErrors, bearerSecurity, ProtectedOut, UserOut } from '../schemas.js';

/**
 * Adds `GET /me` and `GET /protected`.
 *
 * @param app - The Fastify instance.
 * @param deps - The app's dependencies.
 * @example
 * ```ts
 * registerUserRoutes(app, deps);
 * ```
 */
export function registerUserRoutes(app: FastifyInstance, deps: Deps): void {
  const { getCurrentUser } = deps;

  app.get(
    '/me',
    { schema: { tags: ['users'], summary: 'The current user', security: bearerSecurity, response: { 200: UserOut, ...authErrors } } },
    async (request) => toPublicUser((await getCurrentUser(request)).user),
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
