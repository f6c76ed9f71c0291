/**
 * The authorization server's single sign-on session: after the login form, the browser holds a
 * cookie with a random session ID (HttpOnly, SameSite=Lax, Secure and `__Host-` over HTTPS); the
 * database holds only its hash, the user and the login time. Any client's `/authorize` then
 * completes without asking for the password again.
 *
 * @module
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomToken, sha256 } from './secrets.js';
import type { SecureCookies } from './secure-cookies.js';
import type { OAuthDb } from './tables.js';

/** A live session. */
export interface LoginSession {
  userId: number;
  /** When the user typed the password (seconds): the ID token's `auth_time`. */
  authTime: number;
  /** Binds the consent form to this session (CSRF). */
  csrf: string;
}

/** Cookie handling and session storage, for one cookie name and lifetime. */
export interface Sessions {
  current(request: FastifyRequest): Promise<LoginSession | undefined>;
  start(reply: FastifyReply, userId: number): Promise<LoginSession>;
  end(request: FastifyRequest, reply: FastifyReply): Promise<void>;
}

/**
 * Creates the session helper.
 *
 * @param deps - Database, clock, lifetime, and whether a request's cookies must be Secure.
 * @example
 * ```ts
 * const sessions = createSessions({ db, clock, lifetimeSeconds: 28800, secure: secureCookies(issuer) });
 * ```
 */
export function createSessions(deps: { db: OAuthDb; clock: () => number; lifetimeSeconds: number; secure: SecureCookies }): Sessions {
  const { db, clock, lifetimeSeconds, secure } = deps;
  // `__Host-`: the browser only accepts it with Secure, Path=/ and no Domain, so no subdomain can plant it.
  const name = (request: FastifyRequest) => (secure(request) ? '__Host-webjwt_sso' : 'webjwt_sso');
  const attributes = (request: FastifyRequest) => ({ path: '/', httpOnly: true, sameSite: 'lax', secure: secure(request) }) as const;
  const nowSeconds = () => Math.floor(clock() / 1000);
  return {
    async current(request) {
      const id = request.cookies[name(request)];
      if (!id || !/^[A-Za-z0-9_-]{43}$/.test(id)) return undefined;
      const row = await db.selectFrom('oauth_sessions').selectAll().where('id_hash', '=', sha256(id)).executeTakeFirst();
      if (!row || row.expires_at <= nowSeconds()) return undefined;
      return { userId: row.user_id, authTime: row.auth_time, csrf: sha256(`csrf:${id}`) };
    },
    async start(reply, userId) {
      const id = randomToken();
      const now = nowSeconds();
      await db.deleteFrom('oauth_sessions').where('user_id', '=', userId).where('expires_at', '<=', now).execute();
      await db.insertInto('oauth_sessions').values({ id_hash: sha256(id), user_id: userId, auth_time: now, expires_at: now + lifetimeSeconds }).execute();
      reply.setCookie(name(reply.request), id, { ...attributes(reply.request), maxAge: lifetimeSeconds });
      return { userId, authTime: now, csrf: sha256(`csrf:${id}`) };
    },
    async end(request, reply) {
      const id = request.cookies[name(request)];
      if (id) await db.deleteFrom('oauth_sessions').where('id_hash', '=', sha256(id)).execute();
      reply.clearCookie(name(request), attributes(request));
    },
  };
}

/**
 * Ends every single sign-on session of a user and drops their unused authorization codes (logout
 * everywhere, password change): no browser cookie can mint a code, and no code minted before can be
 * redeemed, for tokens that would postdate the subject revocation.
 *
 * @param db - The database.
 * @param userId - The user.
 * @example
 * ```ts
 * await endUserSessions(oauthDb(deps.db), user.id);
 * ```
 */
export async function endUserSessions(db: OAuthDb, userId: number): Promise<void> {
  await db.deleteFrom('oauth_sessions').where('user_id', '=', userId).execute();
  await db.deleteFrom('oauth_codes').where('user_id', '=', userId).where('used_at', 'is', null).execute();
}
