/**
 * Issue 12's check from outside, on a Redis Cluster: deploy/nginx.conf with TLS in front of two
 * production instances (NODE_ENV=production, OAUTH_ISSUER the https URL, TRUST_PROXY=127.0.0.1)
 * sharing PostgreSQL and a private three-master Redis Cluster (REDIS_CLUSTER=true, REDIS_URL the
 * seed list). Both instances report Redis ok, a token works on both, a logout on one is refused on
 * the other at once, the rate limits are shared, and a master killed and restarted empty makes
 * neither instance forget a revocation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeUnverified } from 'webjwt';
import { revocationKeys } from '../../src/auth/revocation-redis.js';
import { call, type Deployment, registerUser, startDeployment } from '../helpers/deployment.js';
import { eventually } from '../helpers/processes.js';

const PER_IP = 4;

describe('nginx with TLS in front of two instances on PostgreSQL and a three-master Redis Cluster', () => {
  let deployment: Deployment;
  const nginxUrl = () => deployment.nginx.url;

  beforeAll(async () => {
    deployment = await startDeployment({ redisCluster: true, env: { RATE_LIMIT_PER_IP: String(PER_IP) } });
  }, 180_000);
  afterAll(async () => deployment?.stop(), 60_000);

  it('serves the https issuer; each instance reports "redis":"ok" for the cluster', async () => {
    const client = deployment.clientAt('127.0.0.2');
    const discovery = await call(client, `${nginxUrl()}/.well-known/openid-configuration`);
    expect(discovery).toMatchObject({ status: 200, body: { issuer: nginxUrl() } });
    for (const { url } of deployment.instances) {
      expect(await call(client, `${url}/health`)).toMatchObject({ status: 200, body: { database: 'ok', redis: 'ok' } });
    }
  });

  it('shares tokens, revocations and rate limits between the instances', async () => {
    const client = deployment.clientAt('127.0.0.3');
    const [first, second] = deployment.instances.map((instance) => instance.url) as [string, string];
    const user = await registerUser(client, nginxUrl());
    const login = await call(client, `${nginxUrl()}/login`, { json: user });
    expect(login.status).toBe(200);
    for (const url of [first, second]) expect((await call(client, `${url}/me`, { token: login.body.access_token })).status).toBe(200);
    expect((await call(client, `${first}/logout`, { method: 'POST', token: login.body.access_token })).status).toBeLessThan(300);
    expect((await call(client, `${second}/me`, { token: login.body.access_token })).status).toBe(401);

    // One address's password attempts through nginx, whichever instance answers: one budget.
    const guesser = deployment.clientAt('127.0.0.4');
    const statuses: number[] = [];
    for (let i = 0; i < PER_IP + 2; i++) {
      statuses.push((await call(guesser, `${nginxUrl()}/login`, { json: { username: user.username, password: 'wrong-password' } })).status);
    }
    expect(statuses.filter((status) => status === 401)).toHaveLength(PER_IP);
    expect(statuses.slice(PER_IP)).toEqual([429, 429]);
  });

  it('forgets no revocation when a master is killed and restarted empty', async () => {
    const cluster = deployment.cluster!;
    const keys = revocationKeys(deployment.env.REDIS_PREFIX!);
    const client = deployment.clientAt('127.0.0.5');
    const [first, second] = deployment.instances.map((instance) => instance.url) as [string, string];
    const user = await registerUser(client, nginxUrl());
    // Tokens logged out on the first instance until every master holds some of their keys.
    const revoked: { token: string; port: number }[] = [];
    for (let i = 0; i < 40 && new Set(revoked.map((r) => r.port)).size < 3; i++) {
      // Each login from an address of its own: the per-address budget is small here.
      const pair = (await call(deployment.clientAt(`127.0.1.${i + 1}`), `${first}/login`, { json: user })).body as { access_token: string };
      const { jti } = decodeUnverified(pair.access_token).payload as { jti: string };
      expect((await call(client, `${first}/logout`, { method: 'POST', token: pair.access_token })).status).toBeLessThan(300);
      revoked.push({ token: pair.access_token, port: (await cluster.nodeOf(keys.jti(jti))).port });
    }
    expect(new Set(revoked.map((r) => r.port)).size).toBe(3);

    const victim = cluster.nodes.find((node) => node.port === revoked[0]!.port)!;
    await cluster.kill(victim);
    // Down: neither instance accepts a token whose revocation key it held.
    for (const url of [first, second]) {
      const res = await call(client, `${url}/me`, { token: revoked[0]!.token });
      expect(res.status).toBe(503);
      expect(res.body).toHaveProperty('detail');
    }
    await cluster.restart(victim);
    for (const { url } of deployment.instances) {
      await eventually(async () => (await call(client, `${url}/health`)).status === 200, 30_000);
    }
    // Empty, and yet every revocation holds on both instances.
    for (const url of [second, first]) {
      for (const { token } of revoked) expect((await call(client, `${url}/me`, { token })).status).toBe(401);
    }
  });
});
