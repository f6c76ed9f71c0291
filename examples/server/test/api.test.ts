/**
 * Every endpoint and every error, over HTTP against the real server, once per mode:
 * SQLite + webjwt's memory store, and PostgreSQL + Redis.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeUnverified, sign } from 'webjwt';
import { createTestClock, MODES, startServer, type TestClock, testConfig, type TestServer, TEST_SECRET } from './helpers/env.js';
import { invalidToken, login, type Pair, register, request, uniqueName } from './helpers/client.js';

const MINUTE = 60_000;

describe.each(MODES)('API ($name)', (mode) => {
  let server: TestServer;
  let clock: TestClock;
  let url: string;
  let teardown: () => Promise<void>;

  beforeAll(async () => {
    const backing = await mode.setup();
    teardown = backing.teardown;
    clock = createTestClock();
    server = await startServer(testConfig(backing.env), clock);
    url = server.url;
  });

  afterAll(async () => {
    await server?.close();
    await teardown?.();
  });

  describe('POST /register', () => {
    it('creates a user and returns it without the password hash', async () => {
      const username = uniqueName('reg');
      const res = await request(url, '/register', { json: { username, email: `${username}@example.com`, password: 'password123' } });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ id: expect.any(Number), username, email: `${username}@example.com`, is_active: true });
    });

    it('refuses a taken username, also in another case, and a taken email', async () => {
      const { username } = await register(url);
      const again = await request(url, '/register', { json: { username, email: `other-${username}@example.com`, password: 'password123' } });
      expect(again).toMatchObject({ status: 400, body: { detail: 'Username already registered' } });
      const upper = await request(url, '/register', {
        json: { username: username.toUpperCase(), email: `x-${username}@example.com`, password: 'password123' },
      });
      expect(upper).toMatchObject({ status: 400, body: { detail: 'Username already registered' } });
      const email = await request(url, '/register', {
        json: { username: uniqueName('mail'), email: `${username.toUpperCase()}@EXAMPLE.com`, password: 'password123' },
      });
      expect(email).toMatchObject({ status: 400, body: { detail: 'Email already registered' } });
    });

    it.each([
      ['a bad email', { email: 'not-an-email' }, 'email', 'value_error'],
      ['a password under 8 characters', { password: 'short' }, 'password', 'string_too_short'],
      ['a username under 3 characters', { username: 'ab' }, 'username', 'string_too_short'],
      ['a username over 32 characters', { username: 'a'.repeat(33) }, 'username', 'string_too_long'],
      ['a username with a space', { username: 'has space' }, 'username', 'string_pattern_mismatch'],
      ['a username that is a number', { username: 12345 }, 'username', 'string_type'],
    ])('answers 422 naming the field for %s', async (_, override, field, type) => {
      const body = { username: uniqueName('val'), email: 'valid@example.com', password: 'password123', ...override };
      const res = await request(url, '/register', { json: body });
      expect(res.status).toBe(422);
      expect(res.body.detail).toContainEqual(expect.objectContaining({ loc: ['body', field], type }));
      expect(JSON.stringify(res.body)).not.toContain('password123');
    });

    it('answers 422 for a missing field and names every bad field at once', async () => {
      const res = await request(url, '/register', { json: { username: 'x', password: 'short' } });
      expect(res.status).toBe(422);
      const locs = res.body.detail.map((d: { loc: string[] }) => d.loc.join('.'));
      expect(locs).toEqual(expect.arrayContaining(['body.email', 'body.username', 'body.password']));
      expect(res.body.detail).toContainEqual({ loc: ['body', 'email'], msg: 'Field required', type: 'missing' });
    });
  });

  describe('POST /login', () => {
    it('returns a bearer pair that is not cached', async () => {
      const { username } = await register(url);
      const res = await request<Pair>(url, '/login', { json: { username, password: 'password123' } });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ access_token: expect.any(String), refresh_token: expect.any(String), token_type: 'bearer' });
      expect(res.headers.get('cache-control')).toBe('no-store');
    });

    it('accepts the username in another case', async () => {
      const { username } = await register(url);
      await expect(login(url, username.toUpperCase())).resolves.toMatchObject({ token_type: 'bearer' });
    });

    it('issues typed tokens with iss, aud, sub, jti, iat, exp and the session id', async () => {
      const { username, user } = await register(url);
      const pair = await login(url, username);
      const access = decodeUnverified(pair.access_token);
      const refresh = decodeUnverified(pair.refresh_token);
      expect(access.header).toMatchObject({ alg: 'HS256', typ: 'at+jwt' });
      expect(refresh.header).toMatchObject({ alg: 'HS256', typ: 'refresh+jwt' });
      const now = Math.floor(clock() / 1000);
      expect(access.payload).toEqual({
        iss: 'webjwt-example',
        aud: 'webjwt-example-api',
        sub: String(user.id),
        sid: expect.any(String),
        jti: expect.any(String),
        iat: now,
        exp: now + 15 * 60,
      });
      expect(refresh.payload).toMatchObject({ sub: String(user.id), sid: access.payload.sid, iat: now, exp: now + 7 * 86_400 });
      expect(refresh.payload.jti).not.toBe(access.payload.jti);
    });

    it('answers 401 with the same message for a wrong password and an unknown user', async () => {
      const { username } = await register(url);
      const wrong = await request(url, '/login', { json: { username, password: 'wrong-password' } });
      const unknown = await request(url, '/login', { json: { username: uniqueName('ghost'), password: 'password123' } });
      for (const res of [wrong, unknown]) {
        expect(res.status).toBe(401);
        expect(res.body).toEqual({ detail: 'Incorrect username or password' });
        expect(res.headers.get('www-authenticate')).toBe('Bearer');
      }
    });

    it('answers 422 for a body without a password', async () => {
      const res = await request(url, '/login', { json: { username: 'someone' } });
      expect(res.status).toBe(422);
      expect(res.body.detail).toContainEqual(expect.objectContaining({ loc: ['body', 'password'], type: 'missing' }));
    });
  });

  describe('GET /me and GET /protected', () => {
    it('return the user for a valid access token', async () => {
      const { username, user } = await register(url);
      const { access_token } = await login(url, username);
      const me = await request(url, '/me', { token: access_token });
      expect(me).toMatchObject({ status: 200, body: user });
      expect(me.body).not.toHaveProperty('hashed_password');
      const hello = await request(url, '/protected', { token: access_token });
      expect(hello.status).toBe(200);
      expect(hello.body).toEqual({ message: `Hello, ${username}! You are authenticated.`, user });
    });

    it('answer 401 with a bare Bearer challenge without credentials or with another scheme', async () => {
      for (const headers of [{}, { authorization: 'Basic dXNlcjpwYXNz' }] as Record<string, string>[]) {
        const res = await request(url, '/me', { headers });
        expect(res.status).toBe(401);
        expect(res.body).toEqual({ detail: 'Not authenticated' });
        expect(res.headers.get('www-authenticate')).toBe('Bearer');
      }
    });

    it('answer 400 invalid_request for a malformed Authorization header (read by webjwt/http)', async () => {
      for (const authorization of ['', 'Bearer', 'Bearer  two-spaces', 'Bearer a,b', 'Bearer a b', `Bearer ${'a'.repeat(9000)}`]) {
        const res = await request(url, '/me', { headers: { authorization } });
        expect(res.status, authorization.slice(0, 20)).toBe(400);
        expect(res.body).toEqual({ detail: expect.stringMatching(/^The Authorization header is /) });
        expect(res.headers.get('www-authenticate')).toBe(`Bearer error="invalid_request", error_description="${(res.body as { detail: string }).detail.replaceAll('"', '\\"')}"`);
      }
    });

    it('answer 401 invalid_token for garbage', async () => {
      for (const token of ['garbage', 'a.b.c', 'x'.repeat(8_000)]) {
        const res = await request(url, '/me', { token });
        expect(res.status).toBe(401);
        expect(res.body).toEqual({ detail: 'Could not validate credentials' });
        expect(res.headers.get('www-authenticate')).toBe(invalidToken('Invalid token'));
      }
    });

    it('refuse a refresh token (wrong typ)', async () => {
      const { username } = await register(url);
      const { refresh_token } = await login(url, username);
      const res = await request(url, '/me', { token: refresh_token });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe(invalidToken('Wrong token type'));
    });

    it('refuse forged tokens: other key, issuer, audience, algorithm, no jti, alg none', async () => {
      const { username } = await register(url);
      const pair = await login(url, username);
      const { payload } = decodeUnverified(pair.access_token);
      const base = { ...payload } as Record<string, unknown>;
      const good = { typ: 'at+jwt' as const };
      const forged = [
        await sign(base, 'another-secret-key-that-is-long-enough-123', { ...good, alg: 'HS256', iat: false }),
        await sign({ ...base, iss: 'https://evil.example' }, TEST_SECRET, { ...good, alg: 'HS256', iat: false }),
        await sign({ ...base, aud: 'another-api' }, TEST_SECRET, { ...good, alg: 'HS256', iat: false }),
        await sign(base, TEST_SECRET + TEST_SECRET, { ...good, alg: 'HS512', iat: false }),
        await sign({ ...base, jti: undefined }, TEST_SECRET, { ...good, alg: 'HS256', iat: false }),
        await sign({ ...base, sid: undefined }, TEST_SECRET, { ...good, alg: 'HS256', iat: false }),
        await sign({ ...base, sub: 'admin' }, TEST_SECRET, { ...good, alg: 'HS256', iat: false }),
        `${Buffer.from('{"alg":"none","typ":"at+jwt"}').toString('base64url')}.${pair.access_token.split('.')[1]}.`,
      ];
      for (const token of forged) {
        const res = await request(url, '/me', { token });
        expect(res.status, token).toBe(401);
        expect(res.headers.get('www-authenticate')).toBe(invalidToken('Invalid token'));
      }
      // The genuine token still works: the refusals were about the forgeries.
      expect((await request(url, '/me', { token: pair.access_token })).status).toBe(200);
    });

    it('answer 403 for an inactive user', async () => {
      const { username, user } = await register(url);
      const { access_token } = await login(url, username);
      await server.deps.db.updateTable('users').set({ is_active: sql<boolean>`false` }).where('id', '=', user.id).execute();
      const res = await request(url, '/me', { token: access_token });
      expect(res).toMatchObject({ status: 403, body: { detail: 'Inactive user' } });
      const again = await request(url, '/login', { json: { username, password: 'password123' } });
      expect(again).toMatchObject({ status: 403, body: { detail: 'Inactive user' } });
    });
  });

  describe('expiry (controlled clock)', () => {
    it('expires access tokens after 15 minutes while the refresh token still works', async () => {
      const { username } = await register(url);
      const pair = await login(url, username);
      clock.advance(15 * MINUTE - 1_000);
      expect((await request(url, '/me', { token: pair.access_token })).status).toBe(200);
      clock.advance(1_000);
      const expired = await request(url, '/me', { token: pair.access_token });
      expect(expired.status).toBe(401);
      expect(expired.headers.get('www-authenticate')).toBe(invalidToken('The token has expired'));
      const next = await request<Pair>(url, '/refresh', { method: 'POST', token: pair.refresh_token });
      expect(next.status).toBe(200);
      expect((await request(url, '/me', { token: next.body.access_token })).status).toBe(200);
    });

    it('expires refresh tokens after 7 days', async () => {
      const { username } = await register(url);
      const pair = await login(url, username);
      clock.advance(7 * 24 * 60 * MINUTE);
      const res = await request(url, '/refresh', { method: 'POST', token: pair.refresh_token });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe(invalidToken('The token has expired'));
    });
  });

  describe('POST /refresh (rotation)', () => {
    it('returns a new pair and makes the used refresh token single-use', async () => {
      const { username } = await register(url);
      const first = await login(url, username);
      const second = await request<Pair>(url, '/refresh', { method: 'POST', token: first.refresh_token });
      expect(second.status).toBe(200);
      expect(second.headers.get('cache-control')).toBe('no-store');
      expect(second.body.refresh_token).not.toBe(first.refresh_token);
      expect(decodeUnverified(second.body.access_token).payload.sid).toBe(decodeUnverified(first.access_token).payload.sid);
      const third = await request<Pair>(url, '/refresh', { method: 'POST', token: second.body.refresh_token });
      expect(third.status).toBe(200);
    });

    it('treats reuse as theft: the whole family, access tokens included, stops working', async () => {
      const { username } = await register(url);
      const other = await login(url, username); // another session of the same user
      const first = await login(url, username);
      const second = (await request<Pair>(url, '/refresh', { method: 'POST', token: first.refresh_token })).body;

      // After the reuse grace window (REFRESH_REUSE_GRACE_SECONDS, 10 s by default: test/refresh-grace.test.ts).
      clock.advance(11_000);
      const reuse = await request(url, '/refresh', { method: 'POST', token: first.refresh_token });
      expect(reuse.status).toBe(401);
      expect(reuse.body).toEqual({ detail: 'Refresh token reuse detected: the session has been revoked' });
      expect(reuse.headers.get('www-authenticate')).toBe(invalidToken('The token has been revoked'));

      for (const [path, token] of [
        ['/refresh', second.refresh_token],
        ['/me', second.access_token],
        ['/me', first.access_token],
      ] as const) {
        const res = await request(url, path, { method: path === '/me' ? 'GET' : 'POST', token });
        expect(res.status, path).toBe(401);
        expect(res.headers.get('www-authenticate')).toBe(invalidToken('The token has been revoked'));
      }
      expect((await request(url, '/me', { token: other.access_token })).status).toBe(200);
    });

    it('never lets two concurrent uses of a refresh token become two live sessions', async () => {
      const { username } = await register(url);
      const pair = await login(url, username);
      const results = await Promise.all([1, 2].map(() => request<Pair>(url, '/refresh', { method: 'POST', token: pair.refresh_token })));
      // Within the grace window the second use is taken for a retry: both are answered...
      expect(results.map((r) => r.status)).toEqual([200, 200]);
      // ...but only one of the two new refresh tokens is current: using both is reuse, and ends the session.
      const next = [];
      for (const { body } of results) next.push(await request<Pair>(url, '/refresh', { method: 'POST', token: body.refresh_token }));
      expect(next.map((r) => r.status)).toContain(401);
      for (const res of [...results, ...next].filter((r) => r.status === 200)) {
        expect((await request(url, '/me', { token: res.body.access_token })).status).toBe(401);
      }
    });

    it('refuses an access token, and a request without a token', async () => {
      const { username } = await register(url);
      const pair = await login(url, username);
      const res = await request(url, '/refresh', { method: 'POST', token: pair.access_token });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe(invalidToken('Wrong token type'));
      const none = await request(url, '/refresh', { method: 'POST' });
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toBe('Bearer');
    });
  });

  describe('POST /logout', () => {
    it('revokes that access token and its refresh family at once, and nothing else', async () => {
      const { username } = await register(url);
      const session = await login(url, username);
      const other = await login(url, username);
      const res = await request(url, '/logout', { method: 'POST', token: session.access_token });
      expect(res).toMatchObject({ status: 200, body: { message: 'Successfully logged out' } });

      const me = await request(url, '/me', { token: session.access_token });
      expect(me.status).toBe(401);
      expect(me.headers.get('www-authenticate')).toBe(invalidToken('The token has been revoked'));
      const refresh = await request(url, '/refresh', { method: 'POST', token: session.refresh_token });
      expect(refresh.status).toBe(401);
      expect(refresh.headers.get('www-authenticate')).toBe(invalidToken('The token has been revoked'));
      const twice = await request(url, '/logout', { method: 'POST', token: session.access_token });
      expect(twice.status).toBe(401);

      expect((await request(url, '/me', { token: other.access_token })).status).toBe(200);
    });

    it('records the token id in the revocation store until the token expires', async () => {
      const { username } = await register(url);
      const session = await login(url, username);
      await request(url, '/logout', { method: 'POST', token: session.access_token });
      const { jti, sub, iat, exp } = decodeUnverified(session.access_token).payload as Record<string, never>;
      expect(await server.deps.revocation.isRevoked({ jti, sub, iat, exp })).toBe(true);
    });
  });

  describe('POST /logout-all', () => {
    it('revokes every token of the user through subject revocation; a new login works', async () => {
      const { username, user } = await register(url);
      const a = await login(url, username);
      const b = await login(url, username);
      clock.advance(1_000); // sessions opened in an earlier second than the logout
      const c = await login(url, username);
      const res = await request(url, '/logout-all', { method: 'POST', token: c.access_token });
      expect(res).toMatchObject({ status: 200, body: { message: 'Successfully logged out from all sessions' } });

      for (const pair of [a, b, c]) {
        const me = await request(url, '/me', { token: pair.access_token });
        expect(me.status).toBe(401);
        expect(me.headers.get('www-authenticate')).toBe(invalidToken('The token has been revoked'));
        expect((await request(url, '/refresh', { method: 'POST', token: pair.refresh_token })).status).toBe(401);
      }
      // The library's subject cutoff alone revokes the tokens of the earlier second.
      const { jti, iat, exp } = decodeUnverified(a.access_token).payload as Record<string, never>;
      expect(await server.deps.revocation.isRevoked({ jti, sub: String(user.id), iat, exp })).toBe(true);

      const fresh = await login(url, username);
      expect((await request(url, '/me', { token: fresh.access_token })).status).toBe(200);
    });
  });

  describe('rate limits', () => {
    it('limit login attempts per username with 429 and Retry-After', async () => {
      const limited = await startServer(
        testConfig({ ...serverEnv(server), RATE_LIMIT_PER_USERNAME: '3', RATE_LIMIT_WINDOW_SECONDS: '60' }),
        clock,
      );
      try {
        const { username } = await register(limited.url);
        for (let i = 0; i < 3; i++) expect((await request(limited.url, '/login', { json: { username, password: 'wrong-pass' } })).status).toBe(401);
        // The fourth attempt within the window is refused, even with the right password.
        const blocked = await request(limited.url, '/login', { json: { username, password: 'password123' } });
        expect(blocked.status).toBe(429);
        expect(blocked.body).toEqual({ detail: expect.stringMatching(/^Too many attempts, try again in \d+ s$/) });
        expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
        // Another username from the same address is not affected.
        const other = await register(limited.url);
        expect((await request(limited.url, '/login', { json: { username: other.username, password: 'password123' } })).status).toBe(200);
      } finally {
        await limited.close();
      }
    });

    it('limit registrations and logins per IP address', async () => {
      const limited = await startServer(testConfig({ ...serverEnv(server), RATE_LIMIT_PER_IP: '2' }), clock);
      try {
        await register(limited.url);
        await register(limited.url);
        const blocked = await request(limited.url, '/register', {
          json: { username: uniqueName(), email: 'blocked@example.com', password: 'password123' },
        });
        expect(blocked.status).toBe(429);
        expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
      } finally {
        await limited.close();
      }
    });
  });

  describe('GET /health', () => {
    it('reports the database and Redis', async () => {
      const res = await request(url, '/health');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 'ok', database: 'ok', redis: server.deps.redis ? 'ok' : 'not configured' });
    });
  });

  describe('bad input never crashes the server', () => {
    it('answers malformed JSON with 422 JSON', async () => {
      const res = await request(url, '/login', { body: '{"username": "a", ', headers: { 'content-type': 'application/json' } });
      expect(res).toMatchObject({ status: 422, body: { detail: [{ loc: ['body'], type: 'json_invalid' }] } });
    });

    it('answers a prototype-poisoning body with 422 JSON', async () => {
      const res = await request(url, '/login', {
        body: '{"username":"a","password":"b","__proto__":{"admin":true}}',
        headers: { 'content-type': 'application/json' },
      });
      expect(res.status).toBe(422);
    });

    it('answers a body that is not an object, or is empty, with 422 JSON', async () => {
      for (const body of ['null', '[]', '"text"', '']) {
        const res = await request(url, '/login', { body, headers: { 'content-type': 'application/json' } });
        expect(res, body).toMatchObject({ status: 422, body: { detail: [{ loc: ['body'], type: 'object_type' }] } });
      }
    });

    it('takes an empty JSON body on routes without a body', async () => {
      const { username } = await register(url);
      const { access_token } = await login(url, username);
      const res = await request(url, '/logout', { method: 'POST', token: access_token, headers: { 'content-type': 'application/json' } });
      expect(res).toMatchObject({ status: 200, body: { message: 'Successfully logged out' } });
    });

    it('answers a huge body with 413 JSON', async () => {
      const res = await request(url, '/register', { json: { username: 'big', email: 'a@b.co', password: 'x'.repeat(100_000) } });
      expect(res).toMatchObject({ status: 413, body: { detail: 'Request body too large' } });
    });

    it('answers another content type with 415 JSON', async () => {
      const res = await request(url, '/login', { body: 'username=a&password=b', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      expect(res).toMatchObject({ status: 415, body: { detail: expect.any(String) } });
    });

    it('answers unknown routes and methods with 404 JSON', async () => {
      expect(await request(url, '/nope')).toMatchObject({ status: 404, body: { detail: 'Not Found' } });
      expect(await request(url, '/me', { method: 'DELETE' })).toMatchObject({ status: 404, body: { detail: 'Not Found' } });
    });

    it('is still healthy afterwards', async () => {
      expect((await request(url, '/health')).status).toBe(200);
    });
  });

  describe('OpenAPI and Swagger UI', () => {
    it('serves the OpenAPI 3 document with the bearer scheme', async () => {
      const res = await request(url, '/openapi.json');
      expect(res.status).toBe(200);
      expect(res.body.openapi).toMatch(/^3\./);
      expect(Object.keys(res.body.paths)).toEqual(
        expect.arrayContaining(['/register', '/login', '/refresh', '/logout', '/logout-all', '/me', '/protected', '/health']),
      );
      expect(res.body.components.securitySchemes.bearerAuth).toEqual({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
      expect(res.body.paths['/me'].get.security).toEqual([{ bearerAuth: [] }]);
      expect(JSON.stringify(res.body.components.schemas ?? {}) + JSON.stringify(res.body.paths)).not.toContain('hashed_password');
    });

    it('serves Swagger UI from local assets', async () => {
      const page = await request(url, '/docs/');
      expect(page.status).toBe(200);
      expect(page.body).toContain('swagger-ui');
      expect(page.body).not.toMatch(/https?:\/\/(cdn|unpkg)/);
      const bundle = await fetch(`${url}/docs/static/swagger-ui-bundle.js`);
      expect(bundle.status).toBe(200);
      expect((await bundle.text()).length).toBeGreaterThan(100_000);
    });
  });
});

/** The settings of a running server, to start a sibling on the same database and Redis prefix. */
function serverEnv(server: TestServer): Record<string, string> {
  const { config } = server.deps;
  const env: Record<string, string> = {};
  if (config.database.kind === 'postgres') env.DATABASE_URL = config.database.url;
  if (config.redisUrl) {
    env.REDIS_URL = config.redisUrl;
    if (config.redisCluster) env.REDIS_CLUSTER = 'true';
    env.REDIS_PREFIX = `${config.redisPrefix}limited-${Math.random().toString(36).slice(2)}:`;
  }
  return env;
}
