/**
 * The queries on `users` (the template's CRUD helpers). Lookups by username compare
 * {@link usernameKey}s (NFKC, then lower case) and by email lower case, matching the unique indexes
 * on `lower(...)`.
 *
 * @module
 */
import { sql } from 'kysely';
import { type Db, isUniqueViolation } from './database.js';
import type { UserRow } from './models.js';
import { couldBeUsername, usernameKey } from './normalize.js';

/** What a new account needs. */
export interface NewUser {
  username: string;
  email: string;
  hashedPassword: string;
}

/** Why an account could not be created. */
export type CreateUserResult = { ok: true; user: UserRow } | { ok: false; taken: 'username' | 'email' };

/**
 * Finds a user by username, ignoring case and Unicode variants (`\u212Aate` finds `kate`). A name that
 * no account can have (NUL, control characters, other scripts) finds nothing without a query.
 *
 * @param db - The database.
 * @param username - The name as typed.
 * @example
 * ```ts
 * const user = await findUserByUsername(db, 'alice');
 * ```
 */
export async function findUserByUsername(db: Db, username: string): Promise<UserRow | undefined> {
  const key = usernameKey(username);
  if (!couldBeUsername(key)) return undefined;
  return db.selectFrom('users').selectAll().where(sql<string>`lower(username)`, '=', key).executeTakeFirst();
}

/**
 * Finds a user by ID.
 *
 * @param db - The database.
 * @param id - The user ID (the tokens' `sub`).
 * @example
 * ```ts
 * const user = await findUserById(db, 1);
 * ```
 */
export async function findUserById(db: Db, id: number): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

async function takenField(db: Db, username: string, email: string): Promise<'username' | 'email' | undefined> {
  if (await findUserByUsername(db, username)) return 'username';
  const byEmail = await db
    .selectFrom('users')
    .select('id')
    .where(sql<string>`lower(email)`, '=', email.normalize('NFKC').toLowerCase())
    .executeTakeFirst();
  return byEmail ? 'email' : undefined;
}

/**
 * Creates a user unless the username or email is taken (also under a concurrent registration:
 * the unique indexes decide, and the loser is told which field clashed).
 *
 * @param db - The database.
 * @param user - Username, email and the already hashed password.
 * @param now - The creation time, milliseconds since the epoch.
 * @example
 * ```ts
 * const result = await createUser(db, { username, email, hashedPassword }, Date.now());
 * if (!result.ok) reply.code(400).send({ detail: `${result.taken} already registered` });
 * ```
 */
export async function createUser(db: Db, user: NewUser, now: number): Promise<CreateUserResult> {
  const taken = await takenField(db, user.username, user.email);
  if (taken) return { ok: false, taken };
  try {
    const row = await db
      .insertInto('users')
      .values({
        username: user.username,
        email: user.email,
        hashed_password: user.hashedPassword,
        created_at: new Date(now).toISOString(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return { ok: true, user: row };
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    return { ok: false, taken: (await takenField(db, user.username, user.email)) ?? 'username' };
  }
}

/**
 * Replaces a password hash (rehash on login when the parameters changed).
 *
 * @param db - The database.
 * @param id - The user ID.
 * @param hashedPassword - The new hash.
 * @example
 * ```ts
 * if (needsRehash(user.hashed_password)) await updatePasswordHash(db, user.id, await hashPassword(password));
 * ```
 */
export async function updatePasswordHash(db: Db, id: number, hashedPassword: string): Promise<void> {
  await db.updateTable('users').set({ hashed_password: hashedPassword }).where('id', '=', id).execute();
}
