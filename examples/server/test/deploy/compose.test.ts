/**
 * Issue 12: `deploy/docker-compose.yml` checked without Docker (no daemon in CI). The file is parsed
 * and interpolated from an operator's `.env`; the api's environment must pass the server's own
 * production validation, the api must scale (`--scale api=N`), nginx must reach it by the name and
 * port `deploy/nginx.conf` uses, and only nginx may share the network that `TRUST_PROXY` trusts.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createDeps } from '../../src/deps.js';
import { type ComposeFile, environmentOf, interpolate, loadCompose } from '../helpers/compose.js';
import { testConfig } from '../helpers/env.js';
import { NGINX_CONF } from '../helpers/nginx.js';

/** What the file's header tells the operator to put in `deploy/.env`. */
const OPERATOR_ENV = {
  SECRET_KEY: randomBytes(48).toString('base64'),
  POSTGRES_PASSWORD: randomBytes(24).toString('hex'),
  OAUTH_ISSUER: 'https://auth.example.com',
};

describe('deploy/docker-compose.yml', () => {
  let compose: ComposeFile;
  beforeAll(() => {
    compose = loadCompose(OPERATOR_ENV);
  });

  it('has an api service that scales: no container_name, no published port, several replicas', () => {
    const api = compose.services.api!;
    expect(api).toBeDefined();
    expect(api.container_name).toBeUndefined();
    expect(api.ports).toBeUndefined();
    expect(api.deploy?.replicas).toBeGreaterThanOrEqual(2);
    expect(api.build).toBeDefined();
    // Only nginx publishes ports: nothing else is reachable from outside.
    const published = Object.entries(compose.services).filter(([, service]) => service.ports !== undefined);
    expect(published.map(([name]) => name)).toEqual(['nginx']);
    expect(compose.services.nginx!.ports).toEqual(['80:80', '443:443']);
  });

  it("gives the api an environment the server accepts in production, with the operator's issuer", () => {
    const env = environmentOf(compose.services.api!);
    const config = loadConfig(env);
    expect(config.production).toBe(true);
    expect(config.secretIsEphemeral).toBe(false);
    expect(config.oauth.issuer).toBe(OPERATOR_ENV.OAUTH_ISSUER);
    expect(config.host).toBe('0.0.0.0');
    expect(config.database).toMatchObject({ kind: 'postgres' });
    expect(env.DATABASE_URL).toBe(`postgres://app:${OPERATOR_ENV.POSTGRES_PASSWORD}@postgres:5432/app`);
    expect(config.redisUrl).toBe('redis://redis:6379/0');
    expect(config.redisCluster).toBe(false);
    expect(env.ENV_FILE).toBe('/nonexistent');
  });

  it('can point the api at a Redis Cluster from deploy/.env', () => {
    const seeds = 'redis://10.0.0.1:6379,redis://10.0.0.2:6379,redis://10.0.0.3:6379';
    const env = environmentOf(loadCompose({ ...OPERATOR_ENV, REDIS_CLUSTER: 'true', REDIS_URL: seeds }).services.api!);
    expect(loadConfig(env)).toMatchObject({ redisUrl: seeds, redisCluster: true });
  });

  it('refuses to render without the secret, the database password or the issuer', () => {
    for (const name of Object.keys(OPERATOR_ENV) as Array<keyof typeof OPERATOR_ENV>) {
      const env: Record<string, string> = { ...OPERATOR_ENV };
      delete env[name];
      expect(() => loadCompose(env), name).toThrow(`required variable ${name} is missing a value`);
      expect(() => loadCompose({ ...env, [name]: '' }), name).toThrow(`required variable ${name} is missing a value`);
    }
  });

  it('trusts exactly the network nginx shares with the api; the data stores are not on it', () => {
    const { api, nginx, postgres, redis } = compose.services;
    const shared = nginx!.networks!.filter((network) => api!.networks!.includes(network));
    expect(shared).toEqual(['edge']);
    const subnets = compose.networks.edge!.ipam!.config.map((entry) => entry.subnet);
    expect(subnets).toHaveLength(1);
    expect(loadConfig(environmentOf(api!)).trustProxy).toEqual(subnets);
    // Everything on the trusted subnet may set X-Forwarded-For: only nginx and the replicas are.
    const onEdge = Object.entries(compose.services).filter(([, service]) => service.networks?.includes('edge'));
    expect(onEdge.map(([name]) => name).sort()).toEqual(['api', 'nginx']);
    expect(postgres!.networks).toEqual(['data']);
    expect(redis!.networks).toEqual(['data']);
    expect(compose.networks.data).toMatchObject({ internal: true });
  });

  it("runs nginx with the repository's nginx.conf, whose upstream is the api service on its port", () => {
    const nginx = compose.services.nginx!;
    expect(nginx.volumes).toContain('./nginx.conf:/etc/nginx/conf.d/default.conf:ro');
    const conf = readFileSync(NGINX_CONF, 'utf8');
    const upstream = /^upstream (\w+) \{\n([^}]*)\}/m.exec(conf)!;
    expect([...conf.matchAll(/proxy_pass\s+([^;]+);/g)].map(([, target]) => target)).toEqual([`http://${upstream[1]}`]);
    const servers = [...upstream[2]!.matchAll(/^\s*server\s+([^\s;]+)([^;]*);/gm)];
    expect(servers.map(([, address, params]) => `${address}${params}`)).toEqual(['api:8000 resolve']);
    const env = environmentOf(compose.services.api!);
    expect(`api:${env.APP_PORT}`).toBe(servers[0]![1]);
    expect(compose.services.api!.expose).toEqual([env.APP_PORT]);
    // `resolve` follows the replicas through Docker's DNS: it needs the zone, the resolver, and nginx >= 1.27.3.
    expect(upstream[2]).toMatch(/^\s*zone\s+\w+\s+\d+k;/m);
    expect(conf).toMatch(/^resolver 127\.0\.0\.11\b/m);
    // A tag without a patch number (`1.28-alpine`) follows that branch: the branch must be newer than 1.27.
    const [, major, minor, patch] = /^nginx:(\d+)\.(\d+)(?:\.(\d+))?-alpine$/.exec(nginx.image!)!.map(Number);
    const supportsResolve = major! > 1 || minor! > 27 || (minor === 27 && patch !== undefined && patch >= 3);
    expect(supportsResolve, nginx.image).toBe(true);
    expect(nginx.depends_on).toEqual({ api: { condition: 'service_healthy' } });
  });

  it('runs Redis with noeviction and the append-only file, and starts the api after both stores are healthy', () => {
    const command = compose.services.redis!.command!;
    const setting = (name: string) => command[command.indexOf(name) + 1];
    expect(setting('--maxmemory-policy')).toBe('noeviction');
    expect(setting('--appendonly')).toBe('yes');
    expect(compose.services.api!.depends_on).toEqual({ postgres: { condition: 'service_healthy' }, redis: { condition: 'service_healthy' } });
    for (const name of ['postgres', 'redis']) expect(compose.services[name]!.healthcheck).toBeDefined();
  });

  describe("the api's healthcheck (/health/ready)", () => {
    let app: Awaited<ReturnType<typeof buildApp>>;
    beforeAll(async () => {
      app = await buildApp(await createDeps(testConfig()), { logger: false });
    });
    afterAll(async () => {
      await app?.close();
    });

    it("asks the readiness route on the server's own port and fails on any non-2xx", async () => {
      const [kind, binary, flag, script] = compose.services.api!.healthcheck!.test;
      expect([kind, binary, flag]).toEqual(['CMD', 'node', '-e']);
      const url = new URL(/fetch\('([^']+)'\)/.exec(script!)![1]!);
      expect(url.origin).toBe(`http://127.0.0.1:${environmentOf(compose.services.api!).APP_PORT}`);
      expect(url.pathname).toBe('/health/ready');
      expect(script).toContain('r.ok ? 0 : 1');
      const res = await app.inject({ method: 'GET', url: url.pathname });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ status: 'ok' });
    });
  });
});

describe('compose interpolation (the subset the file uses)', () => {
  it('substitutes, defaults, requires and escapes as Docker Compose does', () => {
    expect(interpolate('a${X}b', { X: '1' })).toBe('a1b');
    expect(interpolate('${X:-d}', {})).toBe('d');
    expect(interpolate('${X:-d}', { X: '' })).toBe('d');
    expect(interpolate('${X:-d}', { X: 'v' })).toBe('v');
    expect(interpolate('$${X}', { X: 'v' })).toBe('${X}');
    expect(() => interpolate('${X:?say so}', {})).toThrow('required variable X is missing a value: say so');
    // A form it does not implement is an error, never passed through unread.
    expect(() => interpolate('$X', { X: 'v' })).toThrow('unsupported interpolation');
    expect(() => interpolate('${X-d}', {})).toThrow('unsupported interpolation');
  });
});
