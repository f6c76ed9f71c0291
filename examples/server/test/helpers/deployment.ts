/**
 * The production deployment on one machine: `deploy/nginx.conf` with TLS (test/helpers/nginx.ts) in
 * front of several server processes (`src/main.ts`, NODE_ENV=production, OAUTH_ISSUER the https URL,
 * TRUST_PROXY=127.0.0.1) sharing a fresh PostgreSQL database and a Redis key prefix of their own,
 * or (`redisCluster`) a private three-master Redis Cluster.
 */
import { randomBytes } from 'node:crypto';
import { createPostgresDatabase, createRedisPrefix, SHARED_REDIS_URL } from './env.js';
import { type RunningNginx, startNginx, trustingFetch, type TrustingFetch } from './nginx.js';
import { freePorts } from './processes.js';
import { type PrivateCluster, startRedisCluster } from './redis-cluster.js';
import { type Instance, startInstance } from './instance.js';

/** The address nginx connects to the instances from: the only one the instances trust. */
export const TRUSTED_PROXY = '127.0.0.1';

/** A running deployment. */
export interface Deployment {
  nginx: RunningNginx;
  instances: Instance[];
  /** The settings every instance runs with. */
  env: Record<string, string>;
  /** With `redisCluster`: the cluster, to kill and restart masters. */
  cluster?: PrivateCluster;
  /** A client that trusts the certificate and connects from `address` (127.0.0.2 and up: not the proxy). */
  clientAt(address: string): TrustingFetch;
  /** Stops everything by PID, drops the database and the Redis keys; safe after a partial start. */
  stop(): Promise<void>;
}

/**
 * Starts nginx and `count` instances (one after the other, so the first runs the migrations).
 *
 * @param options - `instances` (default 2), `redisCluster` (a private cluster instead of the shared Redis), extra settings for every instance.
 * @example
 * ```ts
 * const deployment = await startDeployment({ env: { RATE_LIMIT_PER_IP: '4' } });
 * try { ... } finally { await deployment.stop(); }
 * ```
 */
export async function startDeployment(options: DeploymentOptions = {}): Promise<Deployment> {
  try {
    return await startOnce(options);
  } catch (err) {
    // A port from freePort can be taken by another process before nginx or an instance binds it
    // (other suites run on the same machine): start over once on fresh ports, saying why.
    console.warn(`deployment start failed, retrying once on fresh ports: ${err instanceof Error ? err.message : String(err)}`);
    return startOnce(options);
  }
}

/** Options of {@link startDeployment}. */
export interface DeploymentOptions {
  instances?: number;
  redisCluster?: boolean;
  env?: Record<string, string>;
}

async function startOnce(options: DeploymentOptions): Promise<Deployment> {
  const cleanups: Array<() => Promise<void>> = [];
  const instances: Instance[] = [];
  const clients: TrustingFetch[] = [];
  const stop = async () => {
    await Promise.allSettled(instances.map((instance) => instance.kill()));
    await Promise.allSettled(clients.map((client) => client.close()));
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  };
  try {
    const database = await createPostgresDatabase();
    cleanups.push(() => database.drop());
    const redis = createRedisPrefix();
    let cluster: PrivateCluster | undefined;
    if (options.redisCluster) {
      cluster = await startRedisCluster();
      cleanups.push(() => cluster!.stop());
    } else {
      cleanups.push(() => redis.cleanup());
    }
    const ports = await freePorts(options.instances ?? 2);
    const nginx = await startNginx({ upstreams: ports.map((port) => `127.0.0.1:${port}`) });
    cleanups.push(() => nginx.stop());
    const env = {
      NODE_ENV: 'production',
      SECRET_KEY: randomBytes(48).toString('base64'),
      DATABASE_URL: database.url,
      ...(cluster ? { REDIS_CLUSTER: 'true', REDIS_URL: cluster.url } : { REDIS_URL: SHARED_REDIS_URL }),
      REDIS_PREFIX: redis.prefix,
      OAUTH_ISSUER: nginx.url,
      TRUST_PROXY: TRUSTED_PROXY,
      SCRYPT_LOG_N: '10',
      ...options.env,
    };
    for (const port of ports) instances.push(await startInstance({ LOG_LEVEL: 'warn', ...env, APP_PORT: String(port) }));
    return {
      nginx,
      instances,
      env,
      cluster,
      clientAt(address) {
        const client = trustingFetch(nginx.ca, address);
        clients.push(client);
        return client;
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** A parsed reply. */
export interface Reply {
  status: number;
  headers: Headers;
  body: any;
}

/**
 * One JSON API request with a deployment client.
 *
 * @param client - From `clientAt`.
 * @param url - The full URL (through nginx, or an instance's own).
 * @param init - Method, bearer token, JSON body, headers.
 */
export async function call(
  client: TrustingFetch,
  url: string,
  init: { method?: string; token?: string; json?: unknown; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.json !== undefined) headers['content-type'] = 'application/json';
  const res = await client.fetch(url, {
    method: init.method ?? (init.json === undefined ? 'GET' : 'POST'),
    headers,
    body: init.json === undefined ? undefined : JSON.stringify(init.json),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text };
}

/**
 * Registers a new user through `baseUrl`.
 *
 * @returns Its username and password.
 */
export async function registerUser(client: TrustingFetch, baseUrl: string): Promise<{ username: string; password: string }> {
  const username = `deploy_${randomBytes(5).toString('hex')}`;
  const password = 'password123';
  const res = await call(client, `${baseUrl}/register`, { json: { username, email: `${username}@example.com`, password } });
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { username, password };
}
