/**
 * The test environment: a controllable clock, a fresh PostgreSQL database and a Redis key prefix
 * per run, and a real server listening on a free port. PostgreSQL and Redis must be running:
 * when they are not, the suites fail (they are never skipped).
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { createClient, createCluster } from 'redis';
import { buildApp } from '../../src/app.js';
import { type Config, loadConfig } from '../../src/config.js';
import { createDeps, type Deps } from '../../src/deps.js';
import { startRedisCluster } from './redis-cluster.js';

export const ADMIN_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const SHARED_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const TEST_SECRET = 'test-secret-key-that-is-long-enough-for-hs256!';

/** A clock the test moves by hand; it starts at the real time so Redis expiries stay meaningful. */
export interface TestClock {
  (): number;
  advance(ms: number): void;
}

export function createTestClock(start = Date.now()): TestClock {
  let now = start;
  const clock = (() => now) as TestClock;
  clock.advance = (ms) => {
    now += ms;
  };
  return clock;
}

/** Settings for tests: cheap scrypt, generous rate limits, a fixed secret; `env` overrides. */
export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({
    SECRET_KEY: TEST_SECRET,
    DATABASE_URL: 'sqlite::memory:',
    SCRYPT_LOG_N: '10',
    RATE_LIMIT_PER_IP: '100000',
    RATE_LIMIT_PER_USERNAME: '100000',
    ...env,
  });
}

/** A throwaway PostgreSQL database, created through the admin URL and dropped afterwards. */
export async function createPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `webjwt_test_${Date.now()}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_DATABASE_URL, connectionTimeoutMillis: 5_000 });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(ADMIN_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: ADMIN_DATABASE_URL });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** A Redis key prefix of its own for this run, and a cleanup that deletes its keys. */
export function createRedisPrefix(): { prefix: string; cleanup(url?: string): Promise<void> } {
  const prefix = `webjwt-test-${Date.now()}-${randomBytes(4).toString('hex')}:`;
  return {
    prefix,
    async cleanup(url = SHARED_REDIS_URL) {
      const client = createClient({ url });
      await client.connect();
      try {
        const keys: string[] = [];
        for await (const batch of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 1000 })) keys.push(...batch);
        if (keys.length > 0) await client.del(keys);
      } finally {
        client.destroy();
      }
    },
  };
}

/** A real server on 127.0.0.1 and a free port. */
export interface TestServer {
  url: string;
  app: FastifyInstance;
  deps: Deps;
  close(): Promise<void>;
}

export async function startServer(config: Config, clock: () => number = Date.now): Promise<TestServer> {
  const deps = await createDeps(config, { clock });
  const app = await buildApp(deps, { logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return { url: `http://127.0.0.1:${address.port}`, app, deps, close: () => app.close() };
}

/** One of the ways the server runs. */
export interface Mode {
  name: string;
  /** Creates the backing stores and returns the settings that point at them. */
  setup(): Promise<{ env: Record<string, string>; teardown(): Promise<void> }>;
}

export const MODES: Mode[] = [
  {
    name: 'SQLite + memory store',
    async setup() {
      return { env: { DATABASE_URL: 'sqlite::memory:' }, teardown: async () => undefined };
    },
  },
  {
    name: 'PostgreSQL + Redis',
    async setup() {
      const database = await createPostgresDatabase();
      const redis = createRedisPrefix();
      return {
        env: { DATABASE_URL: database.url, REDIS_URL: SHARED_REDIS_URL, REDIS_PREFIX: redis.prefix },
        async teardown() {
          await Promise.all([database.drop(), redis.cleanup()]);
        },
      };
    },
  },
  {
    // Every route on a private three-master cluster: a command whose keys cross hash slots fails (CROSSSLOT).
    name: 'PostgreSQL + Redis Cluster',
    async setup() {
      const cluster = await startRedisCluster();
      let database;
      try {
        database = await createPostgresDatabase();
      } catch (err) {
        await cluster.stop();
        throw err;
      }
      return {
        env: { DATABASE_URL: database.url, REDIS_CLUSTER: 'true', REDIS_URL: cluster.url, REDIS_PREFIX: 'cluster-mode:' },
        async teardown() {
          await Promise.all([database.drop(), cluster.stop()]);
        },
      };
    },
  },
];

/**
 * The keys matching `pattern` in the Redis of `config`: one `SCAN` walks one node, so on a cluster
 * every master is scanned.
 */
export async function scanKeys(config: Config, pattern: string): Promise<string[]> {
  const keys: string[] = [];
  const scan = async (client: ReturnType<typeof createClient>) => {
    for await (const batch of client.scanIterator({ MATCH: pattern, COUNT: 1000 })) keys.push(...batch);
  };
  if (config.redisCluster) {
    const cluster = createCluster({ rootNodes: config.redisUrl!.split(',').map((url) => ({ url })) });
    cluster.on('error', () => undefined);
    await cluster.connect();
    try {
      for (const master of cluster.masters) await scan(await cluster.nodeClient(master));
    } finally {
      cluster.destroy();
    }
  } else {
    const client = createClient({ url: config.redisUrl });
    await client.connect();
    try {
      await scan(client);
    } finally {
      client.destroy();
    }
  }
  return keys.sort();
}
