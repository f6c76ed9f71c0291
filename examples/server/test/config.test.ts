/**
 * Settings: validation of every variable, the production secret rule (one clear line, exit 1),
 * the development warning, `.env` loading, and TLS served directly.
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, loadDotEnv, SERVER_ROOT } from '../src/config.js';
import { startServer, testConfig } from './helpers/env.js';
import { runMainToExit, startMain } from './helpers/main-process.js';

const SECRET = 's'.repeat(32);

describe('loadConfig', () => {
  it('has development defaults that need nothing', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      production: false,
      host: '127.0.0.1',
      port: 8000,
      algorithm: 'HS256',
      accessTokenMinutes: 15,
      refreshTokenDays: 7,
      secretIsEphemeral: true,
      database: { kind: 'sqlite', file: join(SERVER_ROOT, 'data/app.db') },
      redisUrl: undefined,
      redisCluster: false,
      tls: undefined,
      scrypt: { logN: 17, r: 8, p: 1 },
    });
    expect(config.secretKey.length).toBeGreaterThanOrEqual(32);
    expect(loadConfig({}).secretKey).not.toBe(config.secretKey);
  });

  it('reads a Redis Cluster: REDIS_CLUSTER=true and the seed nodes in REDIS_URL', () => {
    const seeds = 'redis://127.0.0.1:7000, rediss://user:pw@10.0.0.2:7001,redis://127.0.0.1:7002';
    expect(loadConfig({ REDIS_CLUSTER: 'true', REDIS_URL: seeds })).toMatchObject({
      redisUrl: 'redis://127.0.0.1:7000,rediss://user:pw@10.0.0.2:7001,redis://127.0.0.1:7002',
      redisCluster: true,
    });
    // One seed is enough for a cluster (the client discovers the others).
    expect(loadConfig({ REDIS_CLUSTER: 'true', REDIS_URL: 'redis://127.0.0.1:7000' })).toMatchObject({ redisCluster: true });
    expect(loadConfig({ REDIS_CLUSTER: 'false', REDIS_URL: 'redis://127.0.0.1:6379' })).toMatchObject({ redisCluster: false });
  });

  it('reads the template variable names', () => {
    const config = loadConfig({
      SECRET_KEY: 'k'.repeat(48),
      ALGORITHM: 'HS384',
      ACCESS_TOKEN_EXPIRE_MINUTES: '30',
      REFRESH_TOKEN_EXPIRE_DAYS: '14',
      DATABASE_URL: 'postgres://app:pw@db:5432/app',
      REDIS_URL: 'redis://redis:6379/0',
      APP_HOST: '0.0.0.0',
      APP_PORT: '9000',
    });
    expect(config).toMatchObject({
      secretKey: 'k'.repeat(48),
      secretIsEphemeral: false,
      algorithm: 'HS384',
      accessTokenMinutes: 30,
      refreshTokenDays: 14,
      database: { kind: 'postgres', url: 'postgres://app:pw@db:5432/app' },
      redisUrl: 'redis://redis:6379/0',
      redisCluster: false,
      host: '0.0.0.0',
      port: 9000,
    });
  });

  it.each([
    [{ NODE_ENV: 'production' }, /^SECRET_KEY is required when NODE_ENV=production/],
    [{ SECRET_KEY: 'short' }, /^SECRET_KEY is too short: HS256 needs at least 32 bytes/],
    [{ SECRET_KEY: SECRET, ALGORITHM: 'HS512' }, /^SECRET_KEY is too short: HS512 needs at least 64 bytes/],
    [{ ALGORITHM: 'none' }, /^ALGORITHM must be one of HS256, HS384, HS512/],
    [{ ALGORITHM: 'RS256' }, /^ALGORITHM must be one of/],
    [{ APP_PORT: 'eighty' }, /^APP_PORT must be an integer/],
    [{ APP_PORT: '70000' }, /^APP_PORT must be an integer from 0 to 65535/],
    [{ ACCESS_TOKEN_EXPIRE_MINUTES: '0' }, /^ACCESS_TOKEN_EXPIRE_MINUTES must be an integer/],
    [{ REFRESH_TOKEN_EXPIRE_DAYS: '-1' }, /^REFRESH_TOKEN_EXPIRE_DAYS must be an integer/],
    [{ DATABASE_URL: 'mysql://x' }, /^DATABASE_URL must start with postgres:\/\/ or sqlite:/],
    [{ REDIS_URL: 'http://redis' }, /^REDIS_URL must start with redis:\/\//],
    [{ REDIS_URL: 'redis://a:7000,redis://b:7001' }, /^REDIS_URL lists several URLs: set REDIS_CLUSTER=true for a Redis Cluster, or give one URL$/],
    [{ REDIS_CLUSTER: 'true' }, /^REDIS_CLUSTER=true needs REDIS_URL/],
    [{ REDIS_CLUSTER: 'yes', REDIS_URL: 'redis://a:7000' }, /^REDIS_CLUSTER must be one of true, false, got "yes"$/],
    [{ REDIS_CLUSTER: 'true', REDIS_URL: 'redis://a:7000,http://b:7001' }, /^REDIS_URL: every seed node must be a redis:\/\/ or rediss:\/\/ URL, got "http:\/\/b:7001"$/],
    [{ REDIS_CLUSTER: 'true', REDIS_URL: 'redis://a:7000,,redis://c:7002' }, /^REDIS_URL: every seed node must be a redis:\/\/ or rediss:\/\/ URL, got ""$/],
    [{ REDIS_CLUSTER: 'true', REDIS_URL: 'redis://a:7000,redis://[oops:7001' }, /^REDIS_URL: every seed node must be/],
    [{ TLS_CERT_FILE: 'cert.pem' }, /^TLS_CERT_FILE and TLS_KEY_FILE must be set together/],
    [{ TLS_CERT_FILE: '/nonexistent/cert.pem', TLS_KEY_FILE: '/nonexistent/key.pem' }, /^TLS_CERT_FILE: cannot read/],
  ])('refuses %o', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('has store deadlines and a refresh grace window, with defaults and bounds', () => {
    expect(loadConfig({})).toMatchObject({
      timeouts: { dbConnectMs: 2000, dbStatementMs: 5000, dbPoolMax: 10, sqliteBusyMs: 100, redisCommandMs: 1000, redisConnectMs: 2000 },
      refreshReuseGraceSeconds: 10,
    });
    const custom = loadConfig({
      DB_CONNECT_TIMEOUT_MS: '500',
      DB_STATEMENT_TIMEOUT_MS: '2500',
      DB_POOL_MAX: '20',
      SQLITE_BUSY_TIMEOUT_MS: '0',
      REDIS_COMMAND_TIMEOUT_MS: '250',
      REDIS_CONNECT_TIMEOUT_MS: '5000',
      REFRESH_REUSE_GRACE_SECONDS: '0',
    });
    expect(custom).toMatchObject({
      timeouts: { dbConnectMs: 500, dbStatementMs: 2500, dbPoolMax: 20, sqliteBusyMs: 0, redisCommandMs: 250, redisConnectMs: 5000 },
      refreshReuseGraceSeconds: 0,
    });
    expect(() => loadConfig({ SQLITE_BUSY_TIMEOUT_MS: '10000' })).toThrow(/^SQLITE_BUSY_TIMEOUT_MS must be an integer from 0 to 5000/);
    expect(() => loadConfig({ REDIS_COMMAND_TIMEOUT_MS: '0' })).toThrow(/^REDIS_COMMAND_TIMEOUT_MS must be an integer from 50/);
    expect(() => loadConfig({ REDIS_CONNECT_TIMEOUT_MS: '10' })).toThrow(/^REDIS_CONNECT_TIMEOUT_MS must be an integer from 50 to 60000/);
    expect(() => loadConfig({ REDIS_CONNECT_TIMEOUT_MS: '2s' })).toThrow(/^REDIS_CONNECT_TIMEOUT_MS must be an integer/);
    expect(() => loadConfig({ REFRESH_REUSE_GRACE_SECONDS: '3600' })).toThrow(/^REFRESH_REUSE_GRACE_SECONDS must be an integer from 0 to 300/);
  });

  it('has instance settings (key reloads, drain, migration lock), with defaults and bounds', () => {
    expect(loadConfig({})).toMatchObject({ lifecycle: { keysReloadSeconds: 15, drainSeconds: 10 }, timeouts: { migrationLockMs: 120_000 } });
    expect(loadConfig({ KEYS_RELOAD_SECONDS: '2', SHUTDOWN_DRAIN_SECONDS: '30', MIGRATION_LOCK_TIMEOUT_SECONDS: '5' })).toMatchObject({
      lifecycle: { keysReloadSeconds: 2, drainSeconds: 30 },
      timeouts: { migrationLockMs: 5_000 },
    });
    // A rotation must reach every instance within 30 s: a longer reload interval is refused.
    expect(() => loadConfig({ KEYS_RELOAD_SECONDS: '31' })).toThrow(/^KEYS_RELOAD_SECONDS must be an integer from 1 to 30/);
    expect(() => loadConfig({ SHUTDOWN_DRAIN_SECONDS: '0' })).toThrow(/^SHUTDOWN_DRAIN_SECONDS must be an integer from 1 to 600/);
  });

  it('accepts a long enough random SECRET_KEY in production', () => {
    expect(loadConfig({ NODE_ENV: 'production', SECRET_KEY: randomBytes(48).toString('base64'), OAUTH_ISSUER: 'https://auth.example.com' }).production).toBe(true);
  });
});

describe('loadDotEnv', () => {
  it('loads a .env file without overriding variables already set', () => {
    const dir = mkdtempSync(join(tmpdir(), 'webjwt-env-'));
    const file = join(dir, '.env');
    writeFileSync(file, 'WEBJWT_TEST_FROM_FILE=file\nWEBJWT_TEST_BOTH=file\n');
    process.env.WEBJWT_TEST_BOTH = 'environment';
    try {
      expect(loadDotEnv(file)).toBe(file);
      expect(process.env.WEBJWT_TEST_FROM_FILE).toBe('file');
      expect(process.env.WEBJWT_TEST_BOTH).toBe('environment');
      expect(loadDotEnv(join(dir, 'missing.env'))).toBeUndefined();
    } finally {
      delete process.env.WEBJWT_TEST_FROM_FILE;
      delete process.env.WEBJWT_TEST_BOTH;
    }
  });
});

describe('TRUST_PROXY (issue 11, point 13)', () => {
  const production = { NODE_ENV: 'production', SECRET_KEY: randomBytes(48).toString('base64'), DATABASE_URL: 'sqlite::memory:', OAUTH_ISSUER: 'https://auth.example.com' };

  it('refuses TRUST_PROXY=true in production: any client could then choose its own address', () => {
    expect(() => loadConfig({ ...production, TRUST_PROXY: 'true' })).toThrow(
      new ConfigError(
        'TRUST_PROXY=true lets any client set its address with X-Forwarded-For: in production list your proxies instead (e.g. TRUST_PROXY=10.0.0.5,10.1.0.0/16)',
      ),
    );
  });

  it('takes a list of proxy addresses and CIDR ranges, in production too', () => {
    expect(loadConfig({ ...production, TRUST_PROXY: '10.0.0.5, 10.1.0.0/16,::1' }).trustProxy).toEqual(['10.0.0.5', '10.1.0.0/16', '::1']);
    expect(loadConfig({ ...production, TRUST_PROXY: 'false' }).trustProxy).toBe(false);
  });

  it('refuses an entry that is not an address or a CIDR range', () => {
    expect(() => loadConfig({ ...production, TRUST_PROXY: '10.0.0.5,proxy.internal' })).toThrow(
      new ConfigError('TRUST_PROXY: "proxy.internal" is not an IP address or CIDR range (list your proxies, e.g. TRUST_PROXY=10.0.0.5,10.1.0.0/16)'),
    );
    expect(() => loadConfig({ ...production, TRUST_PROXY: '10.0.0.0/33' })).toThrow(ConfigError);
  });

  it('still accepts true in development', () => {
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
  });
});

describe('OAUTH_ISSUER in production (issue 12)', () => {
  const production = { NODE_ENV: 'production', SECRET_KEY: randomBytes(48).toString('base64'), DATABASE_URL: 'sqlite::memory:' };
  const hint = 'the https:// URL browsers and clients use, e.g. OAUTH_ISSUER=https://auth.example.com';

  it('is required: the listening address (0.0.0.0 behind a proxy) is not what browsers use', () => {
    expect(() => loadConfig(production)).toThrow(new ConfigError(`OAUTH_ISSUER is required when NODE_ENV=production: ${hint}`));
    expect(() => loadConfig({ ...production, OAUTH_ISSUER: '  ' })).toThrow(/^OAUTH_ISSUER is required/);
  });

  it.each(['http://auth.example.com', 'http://0.0.0.0:8000', 'http://10.0.0.5', 'http://127.0.0.1.nip.io', 'http://localhost.example.com', 'http://[::2]:8000'])(
    'refuses the http:// issuer %s off loopback',
    (issuer) => {
      expect(() => loadConfig({ ...production, OAUTH_ISSUER: issuer })).toThrow(
        new ConfigError(`OAUTH_ISSUER must be https:// when NODE_ENV=production (http:// only on a loopback host): ${hint}`),
      );
    },
  );

  it.each(['https://auth.example.com', 'https://127.0.0.1:8443', 'http://127.0.0.1:8000', 'http://127.0.0.2', 'http://localhost:8000', 'http://[::1]:8000'])('accepts %s', (issuer) => {
    expect(loadConfig({ ...production, OAUTH_ISSUER: issuer }).oauth.issuer).toBe(issuer);
  });

  it('stays optional outside production, http:// anywhere', () => {
    expect(loadConfig({}).oauth.issuer).toBeUndefined();
    expect(loadConfig({ OAUTH_ISSUER: 'http://auth.example.com' }).oauth.issuer).toBe('http://auth.example.com');
  });

  it('main.ts refuses to start without it, in one line', async () => {
    const { code, stdout, stderr } = await runMainToExit({ NODE_ENV: 'production', SECRET_KEY: production.SECRET_KEY, DATABASE_URL: 'sqlite::memory:' });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toEqual([`Configuration error: OAUTH_ISSUER is required when NODE_ENV=production: ${hint}`]);
  });
});

describe('main.ts', () => {
  it('stops with one clear line when SECRET_KEY is missing in production', async () => {
    const { code, stdout, stderr } = await runMainToExit({ NODE_ENV: 'production' });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toEqual([
      'Configuration error: SECRET_KEY is required when NODE_ENV=production (at least 32 bytes for HS256; generate one with: openssl rand -base64 48)',
    ]);
  });

  it('starts with embedded defaults, warning that the generated secret is for development only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'webjwt-demo-'));
    const child = startMain({ APP_PORT: '0', DATABASE_URL: `sqlite:${join(dir, 'app.db')}`, LOG_LEVEL: 'warn', SCRYPT_LOG_N: '10' });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        const match = /Serving on (http:\/\/\S+) /.exec(stdout);
        if (match?.[1]) resolve(match[1]);
      });
      child.on('exit', (code) => reject(new Error(`exited with ${code}: ${stderr}`)));
    });
    try {
      expect(stderr).toMatch(/WARNING: SECRET_KEY is not set; .*For development only/);
      const health = await fetch(`${url}/health`);
      expect(await health.json()).toEqual({ status: 'ok', database: 'ok', redis: 'not configured' });
    } finally {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const [code] = (await exited) as [number | null];
      expect(code).toBe(0); // graceful shutdown
    }
  });
});

describe('TLS', () => {
  it('serves HTTPS directly when TLS_CERT_FILE and TLS_KEY_FILE are set', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'webjwt-tls-'));
    const cert = join(dir, 'cert.pem');
    const key = join(dir, 'key.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1',
      '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert], { stdio: 'ignore' });
    const server = await startServer(testConfig({ TLS_CERT_FILE: cert, TLS_KEY_FILE: key }));
    try {
      const url = server.url.replace('http:', 'https:');
      const body = await new Promise<string>((resolve, reject) => {
        const req = httpsRequest(`${url}/health`, { ca: server.deps.config.tls!.cert }, (res) => {
          let data = '';
          res.on('data', (d: Buffer) => (data += d.toString()));
          res.on('end', () => resolve(data));
        });
        req.on('error', reject);
        req.end();
      });
      expect(JSON.parse(body)).toEqual({ status: 'ok', database: 'ok', redis: 'not configured' });
    } finally {
      await server.close();
    }
  });
});
