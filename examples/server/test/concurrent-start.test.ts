/**
 * Instances started together on a fresh, empty PostgreSQL database (a deployment's first start, or
 * every replica after an upgrade): they take turns on the migration lock, all come up, the schema is
 * migrated once, and exactly one signing key is active.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATION_LOCK_ID, migrate, openDatabase } from '../src/database.js';
import { request } from './helpers/client.js';
import { createPostgresDatabase, TEST_SECRET } from './helpers/env.js';
import { type Instance, START_TIMEOUT_MS, startInstance } from './helpers/instance.js';

const INSTANCES = 3;

describe(`${INSTANCES} instances started at once on an empty PostgreSQL database`, () => {
  let database: Awaited<ReturnType<typeof createPostgresDatabase>>;
  let instances: Instance[] = [];
  const starting: Promise<Instance>[] = [];

  beforeAll(async () => {
    database = await createPostgresDatabase();
    const env = { DATABASE_URL: database.url, SECRET_KEY: TEST_SECRET, SCRYPT_LOG_N: '10', LOG_LEVEL: 'warn' };
    for (let i = 0; i < INSTANCES; i++) starting.push(startInstance(env));
    const results = await Promise.allSettled(starting);
    instances = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  }, START_TIMEOUT_MS);
  afterAll(async () => {
    await Promise.allSettled(instances.map((instance) => instance.kill()));
    await database?.drop();
  });

  it('all come up and are ready', async () => {
    const results = await Promise.allSettled(starting);
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    for (const instance of instances) {
      expect(await request(instance.url, '/health/ready')).toMatchObject({ status: 200, body: { status: 'ok', database: 'ok' } });
    }
  });

  it('the schema is migrated once, with one active signing key that every instance publishes', async () => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows: migrations } = await client.query<{ name: string }>('SELECT name FROM kysely_migration ORDER BY name');
      expect(migrations.map((m) => m.name)).toEqual(['001_users_and_refresh_families', '002_oauth', '003_revocations_and_refresh_grace', '004_signing_keys_signs_from']);
      const { rows: tables } = await client.query<{ table_name: string }>(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
      );
      expect(tables.map((t) => t.table_name)).toEqual(
        expect.arrayContaining(['users', 'refresh_families', 'revocations', 'oauth_signing_keys', 'oauth_clients', 'oauth_sessions', 'oauth_codes', 'oauth_grants']),
      );
      const { rows: active } = await client.query<{ kid: string }>("SELECT kid FROM oauth_signing_keys WHERE status = 'active'");
      expect(active).toHaveLength(1);
      for (const instance of instances) {
        const jwks = (await request(instance.url, '/.well-known/jwks.json')).body as { keys: { kid: string }[] };
        expect(jwks.keys.map((k) => k.kid)).toEqual([active[0]!.kid]);
      }
    } finally {
      await client.end();
    }
  });

  it('a user registered on one instance logs in on another', async () => {
    const [first, second] = instances;
    const username = `together_${Date.now()}`;
    expect((await request(first!.url, '/register', { json: { username, email: `${username}@example.com`, password: 'password123' } })).status).toBe(201);
    expect((await request(second!.url, '/login', { json: { username, password: 'password123' } })).status).toBe(200);
  });
});

describe('the migration lock (PostgreSQL)', () => {
  let database: Awaited<ReturnType<typeof createPostgresDatabase>>;
  let holder: pg.Client;

  beforeAll(async () => {
    database = await createPostgresDatabase();
    // Another instance, in the middle of its migrations.
    holder = new pg.Client({ connectionString: database.url });
    await holder.connect();
    await holder.query(`SELECT pg_advisory_lock(${MIGRATION_LOCK_ID})`);
  });
  afterAll(async () => {
    await holder?.end().catch(() => undefined);
    await database?.drop();
  });

  it('gives up with one clear error after its timeout while another instance holds the lock', async () => {
    const db = openDatabase({ kind: 'postgres', url: database.url });
    try {
      await expect(migrate(db, 'postgres', 500)).rejects.toThrow('another instance held the migration lock for more than 0.5 s');
    } finally {
      await db.destroy();
    }
  });

  it('waits for the lock (longer than a statement may run), then migrates', async () => {
    // DB_STATEMENT_TIMEOUT_MS below the wait: the lock is polled, no statement waits for it.
    const db = openDatabase({ kind: 'postgres', url: database.url }, { dbConnectMs: 2_000, dbStatementMs: 200, dbPoolMax: 2, sqliteBusyMs: 100, redisCommandMs: 1_000, redisConnectMs: 2_000, migrationLockMs: 60_000 });
    try {
      let done = false;
      const migrating = migrate(db, 'postgres', 60_000).then(() => (done = true));
      // It is polling: the schema stays empty while the lock is held.
      await new Promise((r) => setTimeout(r, 1_500));
      expect(done).toBe(false);
      const { rows } = await holder.query<{ n: number }>("SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'users'");
      expect(rows[0]!.n).toBe(0);
      await holder.query(`SELECT pg_advisory_unlock(${MIGRATION_LOCK_ID})`);
      await migrating;
      const after = await holder.query<{ name: string }>('SELECT name FROM kysely_migration ORDER BY name');
      expect(after.rows).toHaveLength(4);
    } finally {
      await db.destroy();
    }
  });
});
