/**
 * A refresh whose answer was lost (issue 11, point 11): the client retries with the same refresh
 * token. Within REFRESH_REUSE_GRACE_SECONDS of its first use that retry gets a new pair of the same
 * session instead of revoking it; outside the window, or for any older token, reuse still revokes
 * the session (RFC 9700 section 4.14.2). Both the server's `/refresh` and the OAuth
 * `refresh_token` grant; the test clock moves time, nothing sleeps.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestClock, MODES, startServer, type TestClock, testConfig, type TestServer } from './helpers/env.js';
import { login, type Pair, register, request, withoutRequestId } from './helpers/client.js';
import { type Fixture, prepareFixture } from './helpers/every-route.js';

const GRACE_SECONDS = 10;

describe.each(MODES)('refresh reuse grace window ($name)', (mode) => {
  let server: TestServer;
  let clock: TestClock;
  let url: string;
  let username: string;
  let fixture: Fixture;
  let teardown: () => Promise<void>;

  beforeAll(async () => {
    const backing = await mode.setup();
    teardown = backing.teardown;
    clock = createTestClock();
    server = await startServer(testConfig({ ...backing.env, REFRESH_REUSE_GRACE_SECONDS: String(GRACE_SECONDS) }), clock);
    url = server.url;
    ({ username } = await register(url));
    fixture = await prepareFixture(server);
  });

  afterAll(async () => {
    await server?.close();
    await teardown?.();
  });

  const refresh = (token: string) => request<Pair>(url, '/refresh', { method: 'POST', token });
  const me = async (pair: Pair) => (await request(url, '/me', { token: pair.access_token })).status;

  describe('POST /refresh', () => {
    it('a retry within the window gets a new pair of the same, still live, session', async () => {
      const first = await login(url, username);
      const lost = await refresh(first.refresh_token);
      expect(lost.status).toBe(200);
      clock.advance((GRACE_SECONDS - 2) * 1000);
      const retry = await refresh(first.refresh_token);
      expect(retry.status).toBe(200);
      expect(retry.body.refresh_token).not.toBe(lost.body.refresh_token);
      expect(await me(retry.body)).toBe(200);
      const next = await refresh(retry.body.refresh_token);
      expect(next.status).toBe(200);
      expect(await me(next.body)).toBe(200);
    });

    it('the pair whose answer was "lost", presented after the retry, is reuse: the session is revoked', async () => {
      const first = await login(url, username);
      const lost = (await refresh(first.refresh_token)).body;
      const retry = (await refresh(first.refresh_token)).body;
      const reuse = await refresh(lost.refresh_token);
      expect(reuse).toMatchObject({ status: 401, body: { detail: 'Refresh token reuse detected: the session has been revoked' } });
      expect(await me(retry)).toBe(401);
    });

    it('a retry after the window is reuse: the session is revoked', async () => {
      const first = await login(url, username);
      const answer = (await refresh(first.refresh_token)).body;
      clock.advance((GRACE_SECONDS + 1) * 1000);
      const late = await refresh(first.refresh_token);
      expect(late).toMatchObject({ status: 401, body: { detail: 'Refresh token reuse detected: the session has been revoked' } });
      expect(await me(answer)).toBe(401);
      expect((await refresh(answer.refresh_token)).status).toBe(401);
    });

    it('only the latest rotation has a window: an older token is reuse even within it', async () => {
      const first = await login(url, username);
      const second = (await refresh(first.refresh_token)).body;
      const third = (await refresh(second.refresh_token)).body;
      const old = await refresh(first.refresh_token);
      expect(old).toMatchObject({ status: 401, body: { detail: 'Refresh token reuse detected: the session has been revoked' } });
      expect(await me(third)).toBe(401);
    });
  });

  it('two concurrent uses never become two live sessions', async () => {
    const first = await login(url, username);
    const both = await Promise.all([1, 2].map(() => refresh(first.refresh_token)));
    expect(both.map((r) => r.status)).toEqual([200, 200]);
    // Only one of the two new refresh tokens is current: presenting both is reuse and ends the session.
    const next = [];
    for (const { body } of both) next.push(await refresh(body.refresh_token));
    expect(next.map((r) => r.status)).toContain(401);
    for (const res of [...both, ...next].filter((r) => r.status === 200)) expect(await me(res.body)).toBe(401);
  });

  describe('OAuth refresh_token grant', () => {
    const token = async (fields: Record<string, string>) => {
      const res = await fetch(`${url}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: fixture.basic },
        body: new URLSearchParams(fields).toString(),
      });
      return { status: res.status, body: withoutRequestId(res, await res.json()) as Record<string, string> };
    };
    const grant = async () => (await token({ grant_type: 'password', username: fixture.username, password: 'password123', scope: 'openid api:read' })).body;
    const refreshGrant = (refresh_token: string) => token({ grant_type: 'refresh_token', refresh_token });

    it('a retry within the window gets new tokens and keeps the grant', async () => {
      const first = await grant();
      const lost = await refreshGrant(first.refresh_token!);
      expect(lost.status).toBe(200);
      clock.advance((GRACE_SECONDS - 2) * 1000);
      const retry = await refreshGrant(first.refresh_token!);
      expect(retry.status).toBe(200);
      expect(retry.body.refresh_token).not.toBe(lost.body.refresh_token);
      expect((await refreshGrant(retry.body.refresh_token!)).status).toBe(200);
    });

    it('a retry after the window is reuse: the grant is revoked', async () => {
      const first = await grant();
      const answer = await refreshGrant(first.refresh_token!);
      clock.advance((GRACE_SECONDS + 1) * 1000);
      const late = await refreshGrant(first.refresh_token!);
      expect(late).toMatchObject({ status: 400, body: { error: 'invalid_grant', error_description: 'The refresh token was already used; its grant is revoked' } });
      expect((await refreshGrant(answer.body.refresh_token!)).status).toBe(400);
    });
  });
});

describe('refresh reuse grace window turned off (SQLite + memory store)', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startServer(testConfig({ REFRESH_REUSE_GRACE_SECONDS: '0' }));
  });
  afterAll(async () => server?.close());

  it('REFRESH_REUSE_GRACE_SECONDS=0: an immediate retry is reuse and revokes the session', async () => {
    const { username } = await register(server.url);
    const first = await login(server.url, username);
    const answer = (await request<Pair>(server.url, '/refresh', { method: 'POST', token: first.refresh_token })).body;
    const retry = await request(server.url, '/refresh', { method: 'POST', token: first.refresh_token });
    expect(retry).toMatchObject({ status: 401, body: { detail: 'Refresh token reuse detected: the session has been revoked' } });
    expect((await request(server.url, '/me', { token: answer.access_token })).status).toBe(401);
  });
});
