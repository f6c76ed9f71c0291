/**
 * Store failures told apart from bugs: a database or Redis that is down, hung, locked or overloaded.
 * They are tagged where the call is made (the PostgreSQL pool in `database.ts`, the Redis client in
 * `redis.ts`) or recognised by their own codes (SQLite's lock errors), so the error handlers answer
 * every one of them with 503 and `Retry-After` instead of a 500 (`http-errors.ts`, `storeFailure`).
 *
 * @module
 */

/** Which store failed. */
export type Store = 'database' | 'redis';

/** A store did not answer in time, refused the connection, or said "try again later". */
export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError';
  constructor(
    readonly store: Store,
    cause: unknown,
  ) {
    super(`${store} unavailable: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/**
 * SQLSTATE classes that mean "try again later", not "this query is wrong": connection exception,
 * insufficient resources, operator intervention (57014 is a `statement_timeout`), system error.
 */
const PG_TRANSIENT_CLASSES = new Set(['08', '53', '57', '58']);
/** Serialization failure, deadlock, lock not available. */
const PG_TRANSIENT_CODES = new Set(['40001', '40P01', '55P03']);
/** What `pg` and `pg-pool` throw without a SQLSTATE when the connection fails or times out. */
const PG_CONNECTION_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Query read timeout|not queryable|Connection ended/i;

const codeOf = (err: unknown): unknown => (err as { code?: unknown } | null)?.code;

/**
 * True when a PostgreSQL error means the database is unavailable (not a bad query or a constraint).
 *
 * @param err - What `pg` threw.
 * @example
 * ```ts
 * if (isPostgresUnavailable(err)) throw new StoreUnavailableError('database', err);
 * ```
 */
export function isPostgresUnavailable(err: unknown): boolean {
  const code = codeOf(err);
  // Node's socket errors (ECONNREFUSED, ECONNRESET, ETIMEDOUT, EPIPE...); no SQLSTATE class starts with E.
  if (typeof code === 'string' && code.startsWith('E')) return true;
  if (typeof code === 'string' && code.length === 5) return PG_TRANSIENT_CLASSES.has(code.slice(0, 2)) || PG_TRANSIENT_CODES.has(code);
  return err instanceof Error && PG_CONNECTION_MESSAGES.test(err.message);
}

/**
 * True when the PostgreSQL connection that threw `err` cannot be trusted again (closed, or a reply
 * may still arrive for a query we gave up on): the pool must close it rather than reuse it.
 *
 * @param err - What `pg` threw.
 * @example
 * ```ts
 * client.release(isBrokenConnection(err));
 * ```
 */
export function isBrokenConnection(err: unknown): boolean {
  const code = codeOf(err);
  const sqlState = typeof code === 'string' && code.length === 5 && !code.startsWith('E');
  return !sqlState || code.startsWith('08') || code.startsWith('57P');
}

/**
 * True for SQLite's "another connection holds the lock" errors (after the busy timeout).
 *
 * @param err - What better-sqlite3 threw.
 * @example
 * ```ts
 * if (isSqliteBusy(err)) reply.code(503);
 * ```
 */
export function isSqliteBusy(err: unknown): boolean {
  const code = codeOf(err);
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

/**
 * Redis error replies that mean "try again later": still loading its data after a restart, out of
 * memory under `noeviction`, a busy script, a replica that lost its primary, a cluster resharding.
 */
const REDIS_TRANSIENT_REPLIES = /^(LOADING|BUSY|OOM|MASTERDOWN|READONLY|TRYAGAIN|CLUSTERDOWN|MISCONF|NOREPLICAS)\b/;

/**
 * True when a Redis error means Redis is unavailable: every client-side failure (closed, offline,
 * socket lost, timed out, queue full) and the transient error replies; false for other error
 * replies (a wrong command is a bug).
 *
 * @param err - What node-redis threw.
 * @param isErrorReply - Whether `err` is a reply from the server (node-redis `ErrorReply`).
 * @example
 * ```ts
 * if (isRedisUnavailable(err, err instanceof ErrorReply)) throw new StoreUnavailableError('redis', err);
 * ```
 */
export function isRedisUnavailable(err: unknown, isErrorReply: boolean): boolean {
  if (!isErrorReply) return true;
  return err instanceof Error && REDIS_TRANSIENT_REPLIES.test(err.message);
}
