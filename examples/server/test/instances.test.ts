/**
 * Issue 12, "many instances, no sticky sessions": two real server processes (`src/main.ts`) on one
 * PostgreSQL database and one Redis prefix, no proxy in front: the test itself sends each request
 * to one instance or the other. Tokens, revocations, refresh-token reuse, rate limits, SSO
 * sessions, authorization codes, client registrations and signing keys are shared; killing one
 * instance (SIGKILL, mid-loop) loses no session.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeUnverified } from 'webjwt';
import { SERVER_ROOT } from '../src/config.js';
import { login, type Pair, register, request, uniqueName } from './helpers/client.js';
import { createPostgresDatabase, createRedisPrefix, SHARED_REDIS_URL, TEST_SECRET } from './helpers/env.js';
import { type Instance, SLOW_TEST_TIMEOUT_MS, START_TIMEOUT_MS, startInstance } from './helpers/instance.js';
import { eventually, freePort } from './helpers/processes.js';
import { authorizationRequest, basic, FormBrowser, postForm, type TestClient } from './oauth/helpers.js';

const run = promisify(execFile);
const REDIRECT_URI = 'http://127.0.0.1:5173/callback';
const SCOPE = { scope: 'openid profile api:read' };

describe('two instances on one PostgreSQL and one Redis (no proxy)', () => {
  const prefix = createRedisPrefix();
  let database: Awaited<ReturnType<typeof createPostgresDatabase>>;
  let env: Record<string, string>;
  let a: Instance;
  let b: Instance;
  let spa: TestClient;
  let service: { id: string; secret: string };
  const user = { username: uniqueName('multi'), password: 'password123' };
  const browser = new FormBrowser();

  /** The CLIs as an operator runs them, against the same database. */
  const cli = async (script: 'keys' | 'clients', ...args: string[]) => {
    const { stdout } = await run('npm', ['run', '-s', script, '--', ...args], { cwd: SERVER_ROOT, env: { ...process.env, ENV_FILE: '/nonexistent/.env', ...env } });
    return JSON.parse(stdout) as any;
  };
  const serviceToken = async (instance: Instance) => {
    const res = await postForm(`${instance.url}/token`, { grant_type: 'client_credentials', scope: 'api:read' }, { authorization: basic(service.id, service.secret) });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body!.access_token as string;
  };
  const introspect = async (instance: Instance, token: string) => {
    const res = await postForm(`${instance.url}/introspect`, { token }, { authorization: basic(service.id, service.secret) });
    expect(res.status).toBe(200);
    return res.body!.active as boolean;
  };
  /** An authorization request at `instance`, answered at once from the browser's SSO session. */
  const codeFrom = async (instance: Instance) => {
    const req = await authorizationRequest({ issuer: a.url, authorization_endpoint: `${instance.url}/authorize` }, spa, SCOPE);
    const step = await browser.request(req.url.toString());
    expect(step.status, step.html?.slice(0, 200)).toBe(303);
    const code = new URL(step.location!).searchParams.get('code');
    if (!code) throw new Error(`no code: ${step.location}`);
    return { code, verifier: req.verifier };
  };
  const redeem = (instance: Instance, code: { code: string; verifier: string }) =>
    postForm(`${instance.url}/token`, { grant_type: 'authorization_code', client_id: spa.client.client_id, redirect_uri: REDIRECT_URI, code: code.code, code_verifier: code.verifier });

  beforeAll(async () => {
    database = await createPostgresDatabase();
    const portA = await freePort();
    env = {
      DATABASE_URL: database.url,
      REDIS_URL: SHARED_REDIS_URL,
      REDIS_PREFIX: prefix.prefix,
      SECRET_KEY: TEST_SECRET,
      SCRYPT_LOG_N: '10',
      RATE_LIMIT_PER_IP: '100000',
      RATE_LIMIT_PER_USERNAME: '5',
      // A reused refresh token is refused at once (no retry grace), wherever it lands.
      REFRESH_REUSE_GRACE_SECONDS: '0',
      // One issuer for both, as behind a proxy: instance A's address.
      OAUTH_ISSUER: `http://127.0.0.1:${portA}`,
      LOG_LEVEL: 'warn',
    };
    // A reloads its signing keys at the default interval; B at the longest one allowed (30 s).
    a = await startInstance({ ...env, APP_PORT: String(portA) });
    b = await startInstance({ ...env, KEYS_RELOAD_SECONDS: '30' });
    const created = await cli('clients', 'create', '--name', 'SPA', '--type', 'public', '--redirect-uri', REDIRECT_URI, '--scope', 'openid profile api:read', '--first-party');
    spa = { client: { client_id: created.client_id }, secret: undefined, redirectUri: REDIRECT_URI, auth: undefined as never };
    const job = await cli('clients', 'create', '--name', 'Job', '--type', 'confidential', '--grant', 'client_credentials', '--scope', 'api:read');
    service = { id: job.client_id, secret: job.client_secret };
    await register(a.url, user.username, user.password);
  }, START_TIMEOUT_MS);

  afterAll(async () => {
    await Promise.allSettled([a?.kill(), b?.kill()]);
    await database?.drop();
    await prefix.cleanup();
  });

  it('a client registered with the CLI is seen by both instances', async () => {
    expect(decodeUnverified(await serviceToken(a)).payload.client_id).toBe(service.id);
    expect(decodeUnverified(await serviceToken(b)).payload.client_id).toBe(service.id);
  });

  it('a token issued by A works on B; a logout on A is refused on B at once', async () => {
    const pair = await login(a.url, user.username, user.password);
    expect((await request(b.url, '/me', { token: pair.access_token })).status).toBe(200);
    expect((await request(a.url, '/logout', { method: 'POST', token: pair.access_token })).status).toBe(200);
    // No wait: the very next request, on the other instance.
    const refused = await request(b.url, '/me', { token: pair.access_token });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toContain('The token has been revoked');
    expect((await request(b.url, '/refresh', { method: 'POST', token: pair.refresh_token })).status).toBe(401);
  });

  it('an OAuth access token revoked on A is inactive on B at once', async () => {
    const token = await serviceToken(a);
    expect(await introspect(b, token)).toBe(true);
    expect((await postForm(`${a.url}/revoke`, { token }, { authorization: basic(service.id, service.secret) })).status).toBe(200);
    expect(await introspect(b, token)).toBe(false);
  });

  it('refresh-token reuse is detected across instances: the whole session is revoked on both', async () => {
    const first = await login(a.url, user.username, user.password);
    const rotated = await request<Pair>(a.url, '/refresh', { method: 'POST', token: first.refresh_token });
    expect(rotated.status).toBe(200);
    const reuse = await request(b.url, '/refresh', { method: 'POST', token: first.refresh_token });
    expect(reuse.status).toBe(401);
    expect(reuse.body).toMatchObject({ detail: 'Refresh token reuse detected: the session has been revoked' });
    expect((await request(a.url, '/refresh', { method: 'POST', token: rotated.body.refresh_token })).status).toBe(401);
    expect((await request(a.url, '/me', { token: rotated.body.access_token })).status).toBe(401);
  });

  it('rate limits are shared: failures split across A and B reach the limit together', async () => {
    const { username, password } = await register(b.url, uniqueName('limited'));
    // RATE_LIMIT_PER_USERNAME=5: three failures on A and two on B use up the budget of this address.
    for (const instance of [a, b, a, b, a]) {
      expect((await request(instance.url, '/login', { json: { username, password: 'wrong-password' } })).status).toBe(401);
    }
    for (const instance of [a, b]) {
      const blocked = await request(instance.url, '/login', { json: { username, password } });
      expect(blocked.status).toBe(429);
      expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    }
  });

  it('an SSO session made on A signs the user in on B; a code minted on A is redeemed at B', async () => {
    const req = await authorizationRequest({ issuer: a.url, authorization_endpoint: `${a.url}/authorize` }, spa, SCOPE);
    const signIn = await browser.authorize(req.url, { credentials: user });
    expect(signIn.sawLogin).toBe(true);
    // B knows the session cookie made by A: no login page, a code at once.
    const fromB = await codeFrom(b);
    expect((await redeem(a, fromB)).status).toBe(200);
    const fromA = await codeFrom(a);
    const tokens = await redeem(b, fromA);
    expect(tokens.status).toBe(200);
    expect(await introspect(a, tokens.body!.access_token as string)).toBe(true);
    // The second redemption, on either instance, is refused.
    expect(await redeem(a, fromA)).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('a code redeemed at A and B at the same time is won by exactly one', async () => {
    for (let i = 0; i < 8; i++) {
      const code = await codeFrom(i % 2 === 0 ? a : b);
      const results = await Promise.all([redeem(a, code), redeem(b, code)]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 400]);
      const loser = results.find((r) => r.status === 400)!;
      expect(loser.body).toMatchObject({ error: 'invalid_grant' });
      // The loser's replay revoked what the winner got.
      const winner = results.find((r) => r.status === 200)!;
      expect(await introspect(i % 2 === 0 ? b : a, winner.body!.access_token as string)).toBe(false);
    }
  });

  it('npm run keys -- rotate publishes the new key on both instances before either signs with it, even while kids are flooded', async () => {
    const before = await serviceToken(a);
    const oldKid = decodeUnverified(before).header.kid;
    const jwksKids = async (instance: Instance) => ((await request(instance.url, '/.well-known/jwks.json')).body as { keys: { kid: string }[] }).keys.map((k) => k.kid);

    // An attacker sends made-up kids to B (which reloads only every 30 s) all along: they use up its
    // reload-on-unknown-kid allowance, which must not matter for genuine tokens.
    let flooding = true;
    let floodRequests = 0;
    const flood = (async () => {
      const now = Math.floor(Date.now() / 1000);
      const payload = Buffer.from(JSON.stringify({ ...decodeUnverified(before).payload, iat: now, exp: now + 600 })).toString('base64url');
      while (flooding) {
        const header = Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'at+jwt', kid: randomUUID() })).toString('base64url');
        expect(await introspect(b, `${header}.${payload}.${Buffer.from('sig').toString('base64url')}`)).toBe(false);
        floodRequests++;
      }
    })();

    try {
      const rotation = await cli('keys', 'rotate');
      // Scripts read these: only ever add fields.
      expect(rotation).toMatchObject({
        active: { kid: expect.any(String), alg: 'RS256', signs_from: expect.any(String) },
        retired: [{ kid: oldKid, retire_after: expect.any(String) }],
        reaches_instances_by: expect.any(String),
      });
      const newKid = rotation.active.kid as string;
      expect(newKid).not.toBe(oldKid);
      // Published everywhere (reaches_instances_by) before anyone signs (signs_from), by the whole margin.
      expect(Date.parse(rotation.active.signs_from) - Date.parse(rotation.reaches_instances_by)).toBeGreaterThanOrEqual(20_000);
      expect(Date.parse(rotation.retired[0].retire_after)).toBeGreaterThan(Date.parse(rotation.active.signs_from));

      // Until both instances publish the new key, neither signs with it.
      const signedBeforePublished: string[] = [];
      await eventually(async () => {
        const published = [(await jwksKids(a)).includes(newKid), (await jwksKids(b)).includes(newKid)];
        for (const instance of [a, b]) {
          const kid = decodeUnverified(await serviceToken(instance)).header.kid as string;
          if (kid === newKid && !published.every(Boolean)) signedBeforePublished.push(kid);
        }
        return published.every(Boolean);
      }, 90_000);
      expect(signedBeforePublished).toEqual([]);
      for (const instance of [a, b]) expect(await jwksKids(instance)).toEqual([newKid, oldKid]);

      // Then both sign with it; each verifies the other's tokens at once, B while the flood goes on.
      for (const instance of [a, b]) {
        await eventually(async () => decodeUnverified(await serviceToken(instance)).header.kid === newKid, 90_000);
      }
      for (let i = 0; i < 5; i++) expect(await introspect(b, await serviceToken(a))).toBe(true);
      expect(await introspect(a, await serviceToken(b))).toBe(true);
      for (const instance of [a, b]) expect(await introspect(instance, before)).toBe(true);
    } finally {
      flooding = false;
      await flood;
    }
    expect(floodRequests).toBeGreaterThan(0);
  }, 3 * SLOW_TEST_TIMEOUT_MS);

  it('npm run keys -- rotate twice in a row: the last key signs, every key stays published, list shows signs_from', async () => {
    const oldKid = decodeUnverified(await serviceToken(a)).header.kid as string;
    const first = await cli('keys', 'rotate');
    const second = await cli('keys', 'rotate');
    expect(second).toMatchObject({ active: { alg: 'RS256', signs_from: expect.any(String) }, retired: [{ kid: first.active.kid }] });
    const listed = (await cli('keys', 'list')) as { kid: string; status: string; published: boolean; signs_from?: string }[];
    expect(listed.find((k) => k.kid === second.active.kid)).toMatchObject({ status: 'active', published: true, signs_from: second.active.signs_from });
    expect(listed.find((k) => k.kid === first.active.kid)).toMatchObject({ status: 'retired', published: true });
    for (const instance of [a, b]) {
      const kids = async () => ((await request(instance.url, '/.well-known/jwks.json')).body as { keys: { kid: string }[] }).keys.map((k) => k.kid);
      await eventually(async () => (await kids()).includes(second.active.kid), 90_000);
      expect(await kids()).toEqual(expect.arrayContaining([second.active.kid, first.active.kid, oldKid]));
    }
    for (const instance of [a, b]) {
      await eventually(async () => decodeUnverified(await serviceToken(instance)).header.kid === second.active.kid, 90_000);
    }
    expect(await introspect(a, await serviceToken(b))).toBe(true);
    expect(await introspect(b, await serviceToken(a))).toBe(true);
  }, 3 * SLOW_TEST_TIMEOUT_MS);

  it('tokens with made-up kids are refused (and cannot make an instance reload for each)', async () => {
    const now = Math.floor(Date.now() / 1000);
    const real = decodeUnverified(await serviceToken(b));
    for (let i = 0; i < 20; i++) {
      const header = Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'at+jwt', kid: randomUUID() })).toString('base64url');
      const payload = Buffer.from(JSON.stringify({ ...real.payload, iat: now, exp: now + 60 })).toString('base64url');
      expect(await introspect(b, `${header}.${payload}.${Buffer.from('sig').toString('base64url')}`)).toBe(false);
    }
  });

  it('kill -9 one instance while a client loops over both: the other accepts every session made before', async () => {
    // Sessions of every kind, made on A (the instance that will die).
    const pairs: Pair[] = [];
    for (let i = 0; i < 3; i++) {
      const { username } = await register(a.url, uniqueName('survivor'));
      pairs.push(await login(a.url, username));
    }
    const oauthTokens = (await redeem(a, await codeFrom(a))).body!;
    expect(oauthTokens.refresh_token).toEqual(expect.any(String));

    // The client loops over both instances; A is killed mid-loop.
    const results: { instance: 'a' | 'b'; ok: boolean }[] = [];
    let stop = false;
    const loop = (async () => {
      for (let i = 0; !stop; i++) {
        const [name, instance] = i % 2 === 0 ? (['a', a] as const) : (['b', b] as const);
        const pair = pairs[i % pairs.length]!;
        try {
          const res = await fetch(`${instance.url}/me`, { headers: { authorization: `Bearer ${pair.access_token}` }, signal: AbortSignal.timeout(10_000) });
          results.push({ instance: name, ok: res.status === 200 });
        } catch {
          results.push({ instance: name, ok: false });
        }
      }
    })();
    await eventually(async () => results.length >= 20, 60_000);
    const beforeKill = results.length;
    process.kill(a.pid, 'SIGKILL');
    expect(await a.exited).toMatchObject({ signal: 'SIGKILL' });
    const atKill = results.length;
    await eventually(async () => results.length >= atKill + 20, 60_000);
    stop = true;
    await loop;

    // Every request to B succeeded, before and after; A answered until it died.
    expect(results.filter((r) => r.instance === 'b' && !r.ok)).toEqual([]);
    expect(results.slice(0, beforeKill).filter((r) => !r.ok)).toEqual([]);
    expect(results.slice(atKill + 2).filter((r) => r.instance === 'a' && r.ok)).toEqual([]);

    // B accepts every token, refresh token and SSO cookie made on A.
    for (const pair of pairs) {
      expect((await request(b.url, '/me', { token: pair.access_token })).status).toBe(200);
      expect((await request(b.url, '/refresh', { method: 'POST', token: pair.refresh_token })).status).toBe(200);
    }
    expect(await introspect(b, oauthTokens.access_token as string)).toBe(true);
    const refreshed = await postForm(`${b.url}/token`, { grant_type: 'refresh_token', refresh_token: oauthTokens.refresh_token as string, client_id: spa.client.client_id });
    expect(refreshed.status).toBe(200);
    expect((await redeem(b, await codeFrom(b))).status).toBe(200);
  }, SLOW_TEST_TIMEOUT_MS);
});
