/**
 * The tables, as Kysely types (the template's `models.py`), and the public shape of a user.
 * The password hash lives only in {@link UsersTable}; {@link PublicUser} has no field for it.
 *
 * @module
 */
import type { Generated, Selectable } from 'kysely';

/** `users`: one row per account. Usernames and emails are unique case-insensitively. */
export interface UsersTable {
  id: Generated<number>;
  username: string;
  email: string;
  /** Self-describing scrypt hash, see `auth/passwords.ts`. */
  hashed_password: string;
  /** SQLite returns 0/1, PostgreSQL a boolean. */
  is_active: Generated<boolean | number>;
  created_at: string;
}

/**
 * `refresh_families`: one row per login session. Each refresh rotates `current_jti`; a refresh token
 * whose `jti` is not the current one was already used, and its family is revoked (RFC 9700 section 4.14).
 */
export interface RefreshFamiliesTable {
  /** The family (session) ID: the `sid` claim of every token of the session. */
  id: string;
  user_id: number;
  /** The only refresh token ID of this family that may still be used. */
  current_jti: string;
  /** Seconds since the epoch: when the newest refresh token of the family expires. */
  expires_at: number;
  /** Seconds since the epoch, or null while the family is live. */
  revoked_at: number | null;
  created_at: string;
  /**
   * The refresh token ID used by the latest rotation, and when (seconds): presented again within
   * the reuse grace window it is a retry whose answer was lost, not theft.
   */
  previous_jti: string | null;
  rotated_at: number | null;
}

/**
 * `revocations`: the source of truth of token-ID and subject revocations. Redis (or the process's
 * memory) is a fast copy that is refilled from this table when it comes back empty.
 */
export interface RevocationsTable {
  /** `jti`: one token ID; `sub`: every token of a subject issued before `issued_before`. */
  kind: 'jti' | 'sub';
  /** The token ID or the subject. */
  value: string;
  /** Seconds since the epoch (`sub` rows only). */
  issued_before: number | null;
  /** Seconds since the epoch: after this the row is useless and purged. */
  expires_at: number;
}

/** The database schema Kysely checks every query against. */
export interface Database {
  users: UsersTable;
  refresh_families: RefreshFamiliesTable;
  revocations: RevocationsTable;
}

export type UserRow = Selectable<UsersTable>;

/** A user as the API shows it: never the password hash. */
export interface PublicUser {
  id: number;
  username: string;
  email: string;
  is_active: boolean;
}

/**
 * The API view of a user row.
 *
 * @param row - A `users` row.
 * @returns The fields the API may show.
 * @example
 * ```ts
 * reply.send(toPublicUser(await users.findById(db, 1)));
 * ```
 */
export function toPublicUser(row: UserRow): PublicUser {
  return { id: row.id, username: row.username, email: row.email, is_active: Boolean(row.is_active) };
}
