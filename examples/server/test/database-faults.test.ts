/**
 * The database misbehaving (issue 11, points 8 and 12): PostgreSQL frozen (a request holding a
 * connection when the network or the server stops answering), refusing connections, or holding a
 * table lock; SQLite locked by another connection. Every route answers 503 with `Retry-After` and a
 * JSON error within the configured timeouts (never a hang, never a 500), and recovers by itself.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresDatabase, createRedisPrefix, SHARED_REDIS_URL, startServer, testConfig, type TestServer } from './helpers/env.js';
import { login, register, request, uniqueName } from './helpers/client.js';
import { databaseProbes, expectAllUnavailable, type Fixture, prepareFixture, type Probe } from './helpers/every-route.js';
import { eventually } from './helpers/processes.js';
import { proxyDatabase, type TcpProxy } from './helpers/tcp-proxy.js';

describe('PostgreSQL frozen, refusing connections or locked (PostgreSQL + Redis)', () => {
  const prefix = createRedisPrefix();
  let database: Awaited<ReturnType<typeof createPostgresDatabase>>;
  let proxy: TcpProxy;
  let server: TestServer;
  let fixture: Fixture;

  beforeAll(async () => {
    database = await createPostgresDatabase();
    const proxied = await proxyDatabase(database.url);
    proxy = proxied.proxy;
    server = await startServer(
      testConfig({
        DATABASE_URL: proxied.url,
        REDIS_URL: SHARED_REDIS_URL,
        REDIS_PREFIX: prefix.prefix,
        DB_CONNECT_TIMEOUT_MS: '300',
        DB_STATEMENT_TIMEOUT_MS: '1500',
      }),
    );
    fixture = await prepareFixture(server);
  });

  afterAll(async () => {
    await server?.close();
    await proxy?.close();
    await database?.drop();
    await prefix.cleanup();
  });

  const recovered = () => eventually(async () => (await request(server.url, '/me', { token: fixture.pair.access_token })).status === 200);

  it('a frozen database: requests holding a connection, and new ones, answer 503; then it recovers', async () => {
    // Every pooled connection is busy in flight when the database stops answering.
    proxy.freeze();
    try {
      await expectAllUnavailable(databaseProbes(server.url, fixture));
      const health = await request(server.url, '/health');
      expect(health).toMatchObject({ status: 503, body: { status: 'degraded', database: 'unavailable' } });
    } finally {
      proxy.resume();
    }
    await recovered();
    expect((await request(server.url, '/health')).body).toMatchObject({ status: 'ok', database: 'ok' });
  });

  it('a request holding a connection when the database freezes answers 503', async () => {
    // The request waits for a lock, in a statement, on its pooled connection; then the network freezes,
    // so even the server's own statement_timeout cannot reach us: only the client-side deadline ends it.
    const locker = new pg.Client({ connectionString: database.url });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE users IN ACCESS EXCLUSIVE MODE');
      const pending = request(server.url, '/me', { token: fixture.pair.access_token });
      await eventually(async () => {
        const { rows } = await locker.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
        );
        return rows[0]!.n > 0;
      }, 5_000);
      proxy.freeze();
      const res = await pending;
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(res.body).toEqual({ detail: 'Database unavailable, try again later' });
    } finally {
      proxy.resume();
      await locker.query('ROLLBACK').catch(() => undefined);
      await locker.end();
    }
    await recovered();
  });

  it('a database that refuses connections (closed port): 503, then it recovers', async () => {
    const jwks = await request(server.url, '/.well-known/jwks.json');
    expect(jwks.status).toBe(200);
    await proxy.refuse();
    try {
      await expectAllUnavailable(databaseProbes(server.url, fixture));
      // The signing keys are in memory: the JWKS stays published while the database is away.
      expect(await request(server.url, '/.well-known/jwks.json')).toMatchObject({ status: 200, body: jwks.body });
    } finally {
      await proxy.reopen();
    }
    await recovered();
  });

  it('a table locked by another connection: the statement timeout answers 503', async () => {
    const locker = new pg.Client({ connectionString: database.url });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE users, refresh_families IN ACCESS EXCLUSIVE MODE');
      for (const path of ['/me', '/protected']) {
        const res = await request(server.url, path, { token: fixture.pair.access_token });
        expect(res.status, path).toBe(503);
        expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
        expect(res.body).toHaveProperty('detail');
      }
    } finally {
      await locker.query('ROLLBACK').catch(() => undefined);
      await locker.end();
    }
    await recovered();
  });
});

describe('SQLite locked by another connection (SQLite + memory store)', () => {
  let dir: string;
  let server: TestServer;
  let other: SqliteDatabase.Database;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'webjwt-sqlite-lock-'));
    const file = join(dir, 'app.db');
    server = await startServer(testConfig({ DATABASE_URL: `sqlite:${file}` }));
    other = new SqliteDatabase(file);
  });

  afterAll(async () => {
    other?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('uses WAL and a short busy timeout, so a lock costs the event loop little', async () => {
    const [mode] = (await sql<{ journal_mode: string }>`PRAGMA journal_mode`.execute(server.deps.db)).rows;
    expect(mode).toEqual({ journal_mode: 'wal' });
    const [busy] = (await sql<{ timeout: number }>`PRAGMA busy_timeout`.execute(server.deps.db)).rows;
    expect(busy).toEqual({ timeout: 100 });
  });

  it('writes answer 503 with Retry-After while another connection holds the write lock; reads go on', async () => {
    const { username } = await register(server.url);
    const pair = await login(server.url, username);
    other.exec('BEGIN EXCLUSIVE');
    try {
      const fresh = uniqueName('locked');
      const writes = [
        await request(server.url, '/register', { json: { username: fresh, email: `${fresh}@example.com`, password: 'password123' } }),
        await request(server.url, '/login', { json: { username, password: 'password123' } }),
        await request(server.url, '/logout', { method: 'POST', token: pair.access_token }),
      ];
      for (const res of writes) {
        expect(res.status).toBe(503);
        expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
        expect(res.body).toEqual({ detail: 'Database unavailable, try again later' });
      }
      // WAL: readers are not blocked by the writer, so authenticated reads keep working.
      expect((await request(server.url, '/me', { token: pair.access_token })).status).toBe(200);
    } finally {
      other.exec('ROLLBACK');
    }
    expect((await request(server.url, '/logout', { method: 'POST', token: pair.access_token })).status).toBe(200);
  });
});
