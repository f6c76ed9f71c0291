/**
 * `getCurrentUser`: the one check every protected route runs first (the template's
 * `get_current_user` dependency). Bearer token -> webjwt verification (signature, `typ`, `iss`,
 * `aud`, `exp`, required claims, revocation store) -> the session's user, unless the session
 * (refresh family) was revoked -> refuse inactive users.
 *
 * @module
 */
import type { FastifyRequest } from 'fastify';
import { bearerToken as readBearerToken, isBearerError } from 'webjwt/http';
import type { Db } from '../database.js';
import { HttpError, tokenError, unauthorized } from '../http-errors.js';
import type { UserRow } from '../models.js';
import { findSessionUser } from './refresh-families.js';
import type { SessionClaims, Tokens } from './tokens.js';

/** An authenticated request's user and token claims. */
export interface CurrentUser {
  user: UserRow;
  claims: SessionClaims;
}

export type GetCurrentUser = (request: FastifyRequest) => Promise<CurrentUser>;

/**
 * The bearer token of a request, read by webjwt/http (RFC 6750 section 2.1: one `Bearer`, one space,
 * a token68; two Authorization headers refused), or a bare 401 challenge when there is none.
 *
 * @param request - The request.
 * @returns The token text, not yet verified.
 * @throws {@link HttpError} 401 `Not authenticated` without a `Bearer` Authorization header; 400 with
 *   an `invalid_request` challenge for a malformed one.
 * @example
 * ```ts
 * const token = bearerToken(request);
 * ```
 */
export function bearerToken(request: FastifyRequest): string {
  let token: string | undefined;
  try {
    token = readBearerToken(request);
  } catch (err) {
    if (isBearerError(err)) throw new HttpError(400, err.description, err.headers);
    throw err;
  }
  if (token === undefined) throw unauthorized('Not authenticated');
  return token;
}

/**
 * Builds `getCurrentUser` over the app's tokens and database.
 *
 * @param deps - Token verification and the database.
 * @returns A function that authenticates a request.
 * @example
 * ```ts
 * const getCurrentUser = createGetCurrentUser({ tokens, db });
 * app.get('/me', async (request) => toPublicUser((await getCurrentUser(request)).user));
 * ```
 */
export function createGetCurrentUser(deps: { tokens: Tokens; db: Db }): GetCurrentUser {
  return async (request) => {
    const token = bearerToken(request);
    let claims: SessionClaims;
    try {
      claims = await deps.tokens.verifyAccess(token);
    } catch (err) {
      throw tokenError(err);
    }
    const user = await findSessionUser(deps.db, claims.userId, claims.sid);
    // The session was logged out, its refresh token was reused, or the user is gone.
    if (user === undefined) throw unauthorized('Could not validate credentials', 'The token has been revoked');
    if (!user.is_active) throw new HttpError(403, 'Inactive user');
    return { user, claims };
  };
}
