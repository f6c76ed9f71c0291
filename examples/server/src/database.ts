/**
 * One data layer for both databases (the template's `database.py`): Kysely over `better-sqlite3`
 * for the zero-setup demo and over `pg` for production, with the migrations run at start.
 *
 * @module
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, type Migration, Migrator, PostgresAdapter, PostgresDialect, type PostgresPool, type PostgresPoolClient, sql, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { DatabaseConfig, StoreTimeouts } from './config.js';
import type { Database } from './models.js';
import { oauthMigration } from './oauth/migrations.js';
import { isBrokenConnection, isPostgresUnavailable, StoreUnavailableError } from './store-errors.js';

export type Db = Kysely<Database>;

const INT8_OID = 20;

/** The defaults of `loadConfig`, for callers (the CLIs) that open the database without them. */
const DEFAULT_TIMEOUTS: StoreTimeouts = { dbConnectMs: 2_000, dbStatementMs: 5_000, dbPoolMax: 10, sqliteBusyMs: 100, redisCommandMs: 1_000, redisConnectMs: 2_000, migrationLockMs: 120_000 };

/**
 * Opens the database named by the config (the file or pool is created lazily by the driver).
 *
 * Every PostgreSQL call is bounded: connecting and waiting for a pooled connection by `dbConnectMs`,
 * a statement by `dbStatementMs` on the server (`statement_timeout`, which also ends lock waits) and,
 * a second later, on the client (a frozen server or network). SQLite waits `sqliteBusyMs` for
 * another connection's lock; better-sqlite3 is synchronous, so that wait blocks the event loop.
 *
 * @param config - SQLite file or PostgreSQL URL.
 * @param timeouts - The store deadlines (default: those of `loadConfig`).
 * @returns A Kysely instance; close it with `db.destroy()`.
 * @example
 * ```ts
 * const db = openDatabase({ kind: 'sqlite', file: ':memory:' });
 * await migrate(db, 'sqlite');
 * ```
 */
export function openDatabase(config: DatabaseConfig, timeouts: StoreTimeouts = DEFAULT_TIMEOUTS): Db {
  if (config.kind === 'postgres') {
    const pool = new pg.Pool({
      connectionString: config.url,
      max: timeouts.dbPoolMax,
      connectionTimeoutMillis: timeouts.dbConnectMs,
      idleTimeoutMillis: 10_000,
      statement_timeout: timeouts.dbStatementMs,
      query_timeout: timeouts.dbStatementMs + 1_000,
      // A transaction left open by a frozen client must not hold its locks for long.
      idle_in_transaction_session_timeout: Math.max(10_000, 2 * timeouts.dbStatementMs),
      keepAlive: true,
      // Epoch seconds are stored as bigint (no 2038 limit); they fit a JS number exactly.
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
          oid === INT8_OID ? Number : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
      },
    });
    pool.on('error', () => undefined); // an idle client lost its connection: the next query reports it
    return new Kysely<Database>({ dialect: new PostgresDialect({ pool: guardedPool(pool) }) });
  }
  if (config.file !== ':memory:') mkdirSync(dirname(config.file), { recursive: true });
  const database = new SqliteDatabase(config.file, { timeout: timeouts.sqliteBusyMs });
  // Readers never wait for the writer; writers wait at most the busy timeout, then answer 503.
  database.pragma('journal_mode = WAL');
  database.pragma('foreign_keys = ON');
  return new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
}

/**
 * The pool as Kysely sees it, with failures tagged: a connection or query that fails because the
 * database is unreachable, frozen or overloaded rejects with {@link StoreUnavailableError} (the
 * handlers answer 503), and a connection that may still receive a reply for an abandoned query is
 * closed instead of going back to the pool.
 */
function guardedPool(pool: pg.Pool): PostgresPool {
  const tag = (err: unknown) => (isPostgresUnavailable(err) ? new StoreUnavailableError('database', err) : err);
  return {
    async connect(): Promise<PostgresPoolClient> {
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (err) {
        throw tag(err);
      }
      let broken = false;
      // pg-pool listens for errors only on idle connections: a connection lost while checked out
      // would emit an unhandled 'error' and crash the process. Its query fails anyway; mark it broken.
      const onError = () => (broken = true);
      client.on('error', onError);
      return {
        query: ((...args: unknown[]) => {
          const result: unknown = (client.query as (...a: unknown[]) => unknown).apply(client, args);
          if (!(result instanceof Promise)) return result; // a cursor, for streaming
          return result.catch((err: unknown) => {
            if (isPostgresUnavailable(err) && isBrokenConnection(err)) broken = true;
            throw tag(err);
          });
        }) as unknown as PostgresPoolClient['query'],
        release: () => {
          client.removeListener('error', onError);
          client.release(broken);
        },
      };
    },
    end: () => pool.end(),
  };
}

function migrations(kind: DatabaseConfig['kind']): Record<string, Migration> {
  return {
    '001_users_and_refresh_families': {
      async up(db) {
        await db.schema
          .createTable('users')
          .addColumn('id', 'integer', (c) =>
            kind === 'postgres' ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement(),
          )
          .addColumn('username', 'text', (c) => c.notNull())
          .addColumn('email', 'text', (c) => c.notNull())
          .addColumn('hashed_password', 'text', (c) => c.notNull())
          .addColumn('is_active', 'boolean', (c) => c.notNull().defaultTo(true))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        // Case-insensitive uniqueness: "Alice" cannot register next to "alice".
        await sql`CREATE UNIQUE INDEX users_username_key ON users (lower(username))`.execute(db);
        await sql`CREATE UNIQUE INDEX users_email_key ON users (lower(email))`.execute(db);
        await db.schema
          .createTable('refresh_families')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
          .addColumn('current_jti', 'text', (c) => c.notNull())
          .addColumn('expires_at', 'bigint', (c) => c.notNull())
          .addColumn('revoked_at', 'bigint')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('refresh_families_user_id').on('refresh_families').column('user_id').execute();
      },
      async down(db) {
        await db.schema.dropTable('refresh_families').execute();
        await db.schema.dropTable('users').execute();
      },
    },
    '002_oauth': oauthMigration(),
    '003_revocations_and_refresh_grace': {
      async up(db) {
        await db.schema
          .createTable('revocations')
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('value', 'text', (c) => c.notNull())
          .addColumn('issued_before', 'bigint')
          .addColumn('expires_at', 'bigint', (c) => c.notNull())
          .addPrimaryKeyConstraint('revocations_pkey', ['kind', 'value'])
          .execute();
        await db.schema.createIndex('revocations_expires_at').on('revocations').column('expires_at').execute();
        await db.schema.alterTable('refresh_families').addColumn('previous_jti', 'text').execute();
        await db.schema.alterTable('refresh_families').addColumn('rotated_at', 'bigint').execute();
      },
      async down(db) {
        await db.schema.alterTable('refresh_families').dropColumn('rotated_at').execute();
        await db.schema.alterTable('refresh_families').dropColumn('previous_jti').execute();
        await db.schema.dropTable('revocations').execute();
      },
    },
    // A rotated key is published at once but signs only from `signs_from` (null: signs at once, as
    // every key made before this column did).
    '004_signing_keys_signs_from': {
      async up(db) {
        await db.schema.alterTable('oauth_signing_keys').addColumn('signs_from', 'bigint').execute();
      },
      async down(db) {
        await db.schema.alterTable('oauth_signing_keys').dropColumn('signs_from').execute();
      },
    },
  };
}

/** The PostgreSQL advisory lock ID of schema changes (any constant, distinct from the key rotations'). */
export const MIGRATION_LOCK_ID = 0x77656a7774;

/**
 * Brings the schema up to date. Instances that start together on PostgreSQL take turns: each holds
 * a session advisory lock (`pg_try_advisory_lock`, polled so no statement waits longer than the
 * statement timeout) while it migrates, and the later ones find nothing left to do. SQLite is one
 * file on one host: migrations run in a transaction and a second process waits on SQLite's write
 * lock (the busy timeout), so start SQLite deployments one process at a time.
 *
 * @param db - The database.
 * @param kind - Which dialect, for the few DDL differences.
 * @param lockTimeoutMs - How long to wait for another instance's migrations (PostgreSQL).
 * @throws The migration's error, after logging nothing: the caller decides how to report it.
 * @example
 * ```ts
 * await migrate(db, config.database.kind);
 * ```
 */
export async function migrate(db: Db, kind: DatabaseConfig['kind'], lockTimeoutMs = DEFAULT_TIMEOUTS.migrationLockMs): Promise<void> {
  const run = async (conn: Db) => {
    const migrator = new Migrator({ db: conn, provider: { getMigrations: async () => migrations(kind) } });
    const { error } = await migrator.migrateToLatest();
    if (error !== undefined) throw error instanceof Error ? error : new Error(String(error));
  };
  if (kind !== 'postgres') return run(db);
  await db.connection().execute(async (conn) => {
    const deadline = Date.now() + lockTimeoutMs;
    for (;;) {
      const { rows } = await sql<{ locked: boolean }>`SELECT pg_try_advisory_lock(${sql.lit(MIGRATION_LOCK_ID)}) AS locked`.execute(conn);
      if (rows[0]?.locked) break;
      if (Date.now() > deadline) throw new Error(`another instance held the migration lock for more than ${lockTimeoutMs / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 150));
    }
    try {
      await run(conn);
    } finally {
      await sql`SELECT pg_advisory_unlock(${sql.lit(MIGRATION_LOCK_ID)})`.execute(conn);
    }
  });
}

/**
 * True for a Kysely instance on PostgreSQL (for the few statements only it has, such as advisory locks).
 *
 * @param db - The database, or a transaction of it.
 * @example
 * ```ts
 * if (isPostgres(trx)) await sql`SELECT pg_advisory_xact_lock(1)`.execute(trx);
 * ```
 */
export function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * True when the database answers a trivial query (for `/health`).
 *
 * @param db - The database.
 * @example
 * ```ts
 * const ok = await pingDatabase(db);
 * ```
 */
export async function pingDatabase(db: Db): Promise<boolean> {
  try {
    await sql`SELECT 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}

/**
 * True for a unique-constraint violation, in either database.
 *
 * @param err - What a query threw.
 * @example
 * ```ts
 * try { await insert(); } catch (err) { if (isUniqueViolation(err)) ... }
 * ```
 */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}
