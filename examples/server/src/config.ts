/**
 * Settings from the environment (and a `.env` file), validated once at start. The variable names
 * are the FastAPI template's (`SECRET_KEY`, `ALGORITHM`, `ACCESS_TOKEN_EXPIRE_MINUTES`, ...), so a
 * `.env` written for it works here. Everything else reads a typed {@link Config}, never `process.env`.
 *
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import ipaddr from 'ipaddr.js';
import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadOAuthConfig, type OAuthConfig } from './oauth/config.js';
import { GENERATE_HINT, placeholderUrlPasswordReason, weakSecretReason } from './secret-strength.js';

/** The folder of this workspace (`examples/server`): relative paths in settings resolve against it. */
export const SERVER_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** HMAC algorithms: the template signs with one shared `SECRET_KEY`. */
export const HMAC_ALGORITHMS = ['HS256', 'HS384', 'HS512'] as const;
export type HmacAlgorithm = (typeof HMAC_ALGORITHMS)[number];

/** RFC 7518 section 3.2: an HMAC key must be at least as long as the hash output. */
const MIN_SECRET_BYTES: Record<HmacAlgorithm, number> = { HS256: 32, HS384: 48, HS512: 64 };

/** scrypt cost parameters (`N = 2^logN`). */
export interface ScryptParams {
  logN: number;
  r: number;
  p: number;
}

/** OWASP Password Storage Cheat Sheet: scrypt with N=2^17 (128 MiB), r=8, p=1. */
export const OWASP_SCRYPT: ScryptParams = { logN: 17, r: 8, p: 1 };

/** Where users and refresh families live. */
export type DatabaseConfig = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };

/**
 * Deadlines for the stores: every database or Redis call answers or fails within them, and a
 * failure becomes a 503 with `Retry-After` (see `store-errors.ts`), never a hang.
 */
export interface StoreTimeouts {
  /** PostgreSQL: opening a connection, and waiting for a free one in the pool (`DB_CONNECT_TIMEOUT_MS`). */
  dbConnectMs: number;
  /** PostgreSQL: one statement, server side (`statement_timeout`) and client side (`DB_STATEMENT_TIMEOUT_MS`). */
  dbStatementMs: number;
  /** PostgreSQL: connections in the pool (`DB_POOL_MAX`). */
  dbPoolMax: number;
  /** SQLite: how long a write waits for another connection's lock, blocking the event loop (`SQLITE_BUSY_TIMEOUT_MS`). */
  sqliteBusyMs: number;
  /** Redis: one command, from the call to the reply (`REDIS_COMMAND_TIMEOUT_MS`). */
  redisCommandMs: number;
  /** Redis: opening a connection, at start and on each reconnect (`REDIS_CONNECT_TIMEOUT_MS`). */
  redisConnectMs: number;
  /** PostgreSQL: how long a starting instance waits for another one's migrations (`MIGRATION_LOCK_TIMEOUT_SECONDS`). */
  migrationLockMs: number;
}

/** How the process starts, runs next to other instances, and stops. */
export interface Lifecycle {
  /**
   * Seconds between two reloads of the OAuth signing keys from the database (`KEYS_RELOAD_SECONDS`):
   * a key rotated by `npm run keys -- rotate` is published by every instance within this time, and
   * signs only later (see `PUBLISH_BEFORE_SIGNING_SECONDS`, which is why the maximum is 30).
   */
  keysReloadSeconds: number;
  /** Seconds SIGTERM waits for in-flight requests before exiting anyway (`SHUTDOWN_DRAIN_SECONDS`). */
  drainSeconds: number;
}

/** Every setting of the server, validated. */
export interface Config {
  production: boolean;
  host: string;
  port: number;
  secretKey: string;
  /** True when no SECRET_KEY was given and one was generated for this process only. */
  secretIsEphemeral: boolean;
  algorithm: HmacAlgorithm;
  accessTokenMinutes: number;
  refreshTokenDays: number;
  issuer: string;
  audience: string;
  database: DatabaseConfig;
  timeouts: StoreTimeouts;
  lifecycle: Lifecycle;
  /**
   * Seconds after a refresh token's first use during which presenting it again (a retry whose
   * answer was lost) gets a new pair of the same session instead of revoking it; 0 turns it off.
   */
  refreshReuseGraceSeconds: number;
  /**
   * `redis://` URL: selects the Redis revocation store and rate limiter. With {@link Config.redisCluster},
   * the seed nodes of the cluster, separated by commas.
   */
  redisUrl: string | undefined;
  /** `REDIS_CLUSTER=true`: `redisUrl` is a Redis Cluster, reached through node-redis's cluster client. */
  redisCluster: boolean;
  /** Prefix of every Redis key, so several deployments (or test runs) can share one Redis. */
  redisPrefix: string;
  tls: { cert: string; key: string } | undefined;
  /** Passed to Fastify's `trustProxy`: which proxies may set `X-Forwarded-For` (`true`: any, development only). */
  trustProxy: boolean | string[];
  /**
   * Fixed windows: `perIp` password attempts per address, `perUsername` failed attempts per (username,
   * address), `clientAuthFailures` failed OAuth client authentications per address; at most `maxKeys`
   * windows in memory.
   */
  rateLimit: { windowSeconds: number; perIp: number; perUsername: number; clientAuthFailures: number; maxKeys: number };
  scrypt: ScryptParams;
  /** How many scrypt hashes run at once, and how many may wait for a turn before 503. */
  passwordHashing: { concurrency: number; maxQueue: number };
  /** Largest accepted request body, in bytes. */
  bodyLimit: number;
  logLevel: string;
  /** The OAuth 2 / OpenID Connect authorization server (`OAUTH_*`). */
  oauth: OAuthConfig;
}

/** A setting is wrong: the message is one line that names the variable and how to fix it. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Loads `.env` into `process.env` with Node's own loader; variables already set win.
 *
 * @param file - The `.env` path; default `ENV_FILE` or `examples/server/.env`.
 * @returns The file loaded, or `undefined` when there is none.
 * @throws {@link ConfigError} when the file exists but this Node has no `process.loadEnvFile` (before 20.12).
 * @example
 * ```ts
 * loadDotEnv();
 * const config = loadConfig(process.env);
 * ```
 */
export function loadDotEnv(file = process.env.ENV_FILE ?? resolve(SERVER_ROOT, '.env')): string | undefined {
  if (!existsSync(file)) return undefined;
  if (typeof process.loadEnvFile !== 'function') {
    throw new ConfigError(`${file} exists but this Node cannot load it: Node 20.12 or later is required`);
  }
  process.loadEnvFile(file);
  return file;
}

/**
 * Reads and validates every setting.
 *
 * @param env - The environment, normally `process.env` after {@link loadDotEnv}.
 * @returns The validated settings; a missing `SECRET_KEY` outside production becomes a random one.
 * @throws {@link ConfigError} for the first invalid setting.
 * @example
 * ```ts
 * const config = loadConfig({ SECRET_KEY: 'x'.repeat(32), DATABASE_URL: 'postgres://localhost/app' });
 * ```
 */
export function loadConfig(env: Env): Config {
  const production = env.NODE_ENV === 'production';
  const algorithm = oneOf(env, 'ALGORITHM', HMAC_ALGORITHMS, 'HS256');
  const { secretKey, secretIsEphemeral } = readSecret(env, algorithm, production);
  return {
    production,
    host: env.APP_HOST?.trim() || '127.0.0.1',
    port: integer(env, 'APP_PORT', 8000, 0, 65535),
    secretKey,
    secretIsEphemeral,
    algorithm,
    accessTokenMinutes: integer(env, 'ACCESS_TOKEN_EXPIRE_MINUTES', 15, 1, 24 * 60),
    refreshTokenDays: integer(env, 'REFRESH_TOKEN_EXPIRE_DAYS', 7, 1, 365),
    issuer: nonEmpty(env, 'JWT_ISSUER', 'webjwt-example'),
    audience: nonEmpty(env, 'JWT_AUDIENCE', 'webjwt-example-api'),
    database: readDatabase(env.DATABASE_URL, production),
    timeouts: readStoreTimeouts(env),
    lifecycle: {
      keysReloadSeconds: integer(env, 'KEYS_RELOAD_SECONDS', 15, 1, 30),
      drainSeconds: integer(env, 'SHUTDOWN_DRAIN_SECONDS', 10, 1, 600),
    },
    refreshReuseGraceSeconds: integer(env, 'REFRESH_REUSE_GRACE_SECONDS', 10, 0, 300),
    ...readRedis(env, production),
    redisPrefix: env.REDIS_PREFIX ?? 'webjwt:',
    tls: readTls(env),
    trustProxy: readTrustProxy(env.TRUST_PROXY, production),
    rateLimit: {
      windowSeconds: integer(env, 'RATE_LIMIT_WINDOW_SECONDS', 60, 1, 86_400),
      perIp: integer(env, 'RATE_LIMIT_PER_IP', 20, 1, 1_000_000_000),
      perUsername: integer(env, 'RATE_LIMIT_PER_USERNAME', 5, 1, 1_000_000_000),
      clientAuthFailures: integer(env, 'RATE_LIMIT_CLIENT_AUTH_FAILURES', 10, 1, 1_000_000_000),
      maxKeys: integer(env, 'RATE_LIMIT_MAX_KEYS', 100_000, 100, 10_000_000),
    },
    scrypt: {
      logN: integer(env, 'SCRYPT_LOG_N', OWASP_SCRYPT.logN, 10, 20),
      r: integer(env, 'SCRYPT_R', OWASP_SCRYPT.r, 1, 32),
      p: integer(env, 'SCRYPT_P', OWASP_SCRYPT.p, 1, 16),
    },
    passwordHashing: {
      // libuv runs 4 hashes at once by default; more only queue there, each holding its 128 MiB.
      concurrency: integer(env, 'PASSWORD_HASH_CONCURRENCY', Math.min(4, availableParallelism()), 1, 64),
      maxQueue: integer(env, 'PASSWORD_HASH_QUEUE', 64, 0, 100_000),
    },
    bodyLimit: integer(env, 'BODY_LIMIT_BYTES', 16 * 1024, 1024, 10 * 1024 * 1024),
    logLevel: env.LOG_LEVEL?.trim() || 'info',
    oauth: loadOAuthConfig(env, production),
  };
}

function readSecret(env: Env, algorithm: HmacAlgorithm, production: boolean) {
  const min = MIN_SECRET_BYTES[algorithm];
  const secret = env.SECRET_KEY;
  const hint = `generate one with: openssl rand -base64 ${min + 16}`;
  if (secret === undefined || secret === '') {
    if (production) throw new ConfigError(`SECRET_KEY is required when NODE_ENV=production (at least ${min} bytes for ${algorithm}; ${hint})`);
    return { secretKey: randomBytes(48).toString('base64url'), secretIsEphemeral: true };
  }
  if (Buffer.byteLength(secret, 'utf8') < min) {
    throw new ConfigError(`SECRET_KEY is too short: ${algorithm} needs at least ${min} bytes (${hint})`);
  }
  const weak = production ? weakSecretReason(secret, min) : undefined;
  if (weak !== undefined) throw new ConfigError(`SECRET_KEY ${weak}: NODE_ENV=production needs a random key (${GENERATE_HINT})`);
  return { secretKey: secret, secretIsEphemeral: false };
}

/** In production, a connection URL's password must not be the example's (`app:app`) or another placeholder. */
function refusePlaceholderPassword(name: string, url: string, production: boolean): void {
  const reason = production ? placeholderUrlPasswordReason(url) : undefined;
  if (reason !== undefined) throw new ConfigError(`${name} ${reason}: NODE_ENV=production needs a real one (${GENERATE_HINT})`);
}

function readDatabase(url: string | undefined, production = false): DatabaseConfig {
  const value = url?.trim() || 'sqlite:./data/app.db';
  if (/^postgres(ql)?:\/\//.test(value)) {
    try {
      new URL(value);
    } catch {
      throw new ConfigError('DATABASE_URL is not a valid postgres:// URL');
    }
    refusePlaceholderPassword('DATABASE_URL', value, production);
    return { kind: 'postgres', url: value };
  }
  // sqlite:relative/path, sqlite:///absolute/path, or sqlite::memory:
  const match = /^sqlite:(?:\/\/)?(.+)$/.exec(value);
  if (match?.[1] === undefined) {
    throw new ConfigError('DATABASE_URL must start with postgres:// or sqlite: (e.g. sqlite:./data/app.db)');
  }
  const file = match[1];
  return { kind: 'sqlite', file: file === ':memory:' || isAbsolute(file) ? file : resolve(SERVER_ROOT, file) };
}

/** Defaults: a healthy store answers in milliseconds, so these only bound a failing one. */
function readStoreTimeouts(env: Env): StoreTimeouts {
  return {
    dbConnectMs: integer(env, 'DB_CONNECT_TIMEOUT_MS', 2_000, 50, 60_000),
    dbStatementMs: integer(env, 'DB_STATEMENT_TIMEOUT_MS', 5_000, 50, 600_000),
    dbPoolMax: integer(env, 'DB_POOL_MAX', 10, 1, 1_000),
    sqliteBusyMs: integer(env, 'SQLITE_BUSY_TIMEOUT_MS', 100, 0, 5_000),
    redisCommandMs: integer(env, 'REDIS_COMMAND_TIMEOUT_MS', 1_000, 50, 60_000),
    redisConnectMs: integer(env, 'REDIS_CONNECT_TIMEOUT_MS', 2_000, 50, 60_000),
    migrationLockMs: integer(env, 'MIGRATION_LOCK_TIMEOUT_SECONDS', 120, 1, 3_600) * 1_000,
  };
}

function readRedis(env: Env, production: boolean): Pick<Config, 'redisUrl' | 'redisCluster'> {
  const cluster = oneOf(env, 'REDIS_CLUSTER', ['true', 'false'], 'false') === 'true';
  const value = env.REDIS_URL?.trim();
  if (!value) {
    if (cluster) throw new ConfigError('REDIS_CLUSTER=true needs REDIS_URL: the seed nodes, e.g. redis://10.0.0.1:6379,redis://10.0.0.2:6379');
    return { redisUrl: undefined, redisCluster: false };
  }
  const urls = value.split(',').map((url) => url.trim());
  if (urls.length > 1 && !cluster) {
    throw new ConfigError('REDIS_URL lists several URLs: set REDIS_CLUSTER=true for a Redis Cluster, or give one URL');
  }
  for (const url of urls) {
    let valid = /^rediss?:\/\//.test(url);
    try {
      new URL(url);
    } catch {
      valid = false;
    }
    if (!valid) {
      throw new ConfigError(
        urls.length > 1 ? `REDIS_URL: every seed node must be a redis:// or rediss:// URL, got "${url}"` : 'REDIS_URL must start with redis:// or rediss://',
      );
    }
    refusePlaceholderPassword('REDIS_URL', url, production);
  }
  return { redisUrl: urls.join(','), redisCluster: cluster };
}

function readTls(env: Env): Config['tls'] {
  const certFile = env.TLS_CERT_FILE?.trim();
  const keyFile = env.TLS_KEY_FILE?.trim();
  if (!certFile && !keyFile) return undefined;
  if (!certFile || !keyFile) throw new ConfigError('TLS_CERT_FILE and TLS_KEY_FILE must be set together');
  return { cert: readPem(certFile, 'TLS_CERT_FILE'), key: readPem(keyFile, 'TLS_KEY_FILE') };
}

function readPem(file: string, name: string): string {
  try {
    return readFileSync(resolve(SERVER_ROOT, file), 'utf8');
  } catch (err) {
    throw new ConfigError(`${name}: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

const PROXY_LIST_HINT = 'e.g. TRUST_PROXY=10.0.0.5,10.1.0.0/16';

function readTrustProxy(value: string | undefined, production: boolean): boolean | string[] {
  const v = value?.trim();
  if (!v || v === 'false') return false;
  if (v === 'true') {
    // Every client could then pick the address the rate limits count it under.
    if (production) {
      throw new ConfigError(`TRUST_PROXY=true lets any client set its address with X-Forwarded-For: in production list your proxies instead (${PROXY_LIST_HINT})`);
    }
    return true;
  }
  const entries = v.split(',').map((entry) => entry.trim()).filter(Boolean);
  for (const entry of entries) {
    const [address = '', bits] = entry.split('/');
    const valid = isPlainAddress(address) && (bits === undefined || isCidr(entry));
    if (!valid) throw new ConfigError(`TRUST_PROXY: "${entry}" is not an IP address or CIDR range (list your proxies, ${PROXY_LIST_HINT})`);
  }
  return entries;
}

/** Dotted-quad IPv4 or IPv6 (not the `10.1` or hexadecimal forms ipaddr.js also reads). */
function isPlainAddress(value: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(value) || ipaddr.IPv6.isValid(value);
}

function isCidr(value: string): boolean {
  try {
    ipaddr.parseCIDR(value);
    return true;
  } catch {
    return false;
  }
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
  }
  return raw as T;
}

function nonEmpty(env: Env, name: string, fallback: string): string {
  return env[name]?.trim() || fallback;
}
