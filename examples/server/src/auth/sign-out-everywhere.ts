/**
 * Signing a user out everywhere (`/logout-all`, a password change): every token issued so far is
 * revoked by subject, every refresh family (the template's and OAuth grants) is revoked, and every
 * single sign-on session and unused authorization code is dropped, so no browser cookie can mint
 * new tokens afterwards.
 *
 * @module
 */
import type { Deps } from '../deps.js';
import { endUserSessions } from '../oauth/sessions.js';
import { oauthDb } from '../oauth/tables.js';
import { revokeUserFamilies } from './refresh-families.js';

/**
 * Revokes every token and session of a user.
 *
 * @param deps - The database, revocation store and token lifetimes.
 * @param userId - The user.
 * @param nowSeconds - The current time.
 * @throws The store's error when revocation cannot be written (the error handlers answer 503).
 * @example
 * ```ts
 * await signOutEverywhere(deps, user.id, now);
 * ```
 */
export async function signOutEverywhere(deps: Pick<Deps, 'db' | 'revocation' | 'config'>, userId: number, nowSeconds: number): Promise<void> {
  const { config } = deps;
  // Tokens issued before this second are revoked by the store (whole seconds, like `iat`); those
  // of older sessions issued within this second are caught by revoking every family below.
  const longestLifetime = Math.max(
    config.accessTokenMinutes * 60,
    config.refreshTokenDays * 86_400,
    config.oauth.accessTokenSeconds,
    config.oauth.idTokenSeconds,
    config.oauth.refreshTokenSeconds,
  );
  // A store failure propagates: the error handlers answer 503 with Retry-After (nothing claimed done).
  await deps.revocation.revokeSubject(String(userId), nowSeconds, nowSeconds + longestLifetime);
  await revokeUserFamilies(deps.db, userId, nowSeconds);
  await endUserSessions(oauthDb(deps.db), userId);
}
