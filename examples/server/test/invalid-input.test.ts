/**
 * Issue 11 point 7: NUL bytes and other invalid input never reach the database and never give a 500.
 * Every route answers a clear JSON error (the template's JSON API: 422 with the field; the OAuth
 * endpoints: 400 `invalid_request` naming the parameter), on SQLite and on PostgreSQL (which refuses
 * NUL in text and used to answer 500). `POST /authorize` takes forms only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODES } from './helpers/env.js';
import { login, request, withoutRequestId } from './helpers/client.js';
import { basic, newUser, type OAuthServer, postForm, registerClient, startOAuthServer, type TestClient } from './oauth/helpers.js';

const NUL = 'a\u0000b';

describe.each(MODES)('invalid input ($name)', (mode) => {
  let server: OAuthServer;
  let spa: TestClient;
  let service: TestClient;
  let user: { username: string; password: string };
  let teardown: () => Promise<void>;

  beforeAll(async () => {
    const backing = await mode.setup();
    teardown = backing.teardown;
    server = await startOAuthServer(backing.env);
    spa = await registerClient(server, { type: 'public', grantTypes: ['authorization_code', 'refresh_token', 'password'] });
    service = await registerClient(server, { type: 'confidential', grantTypes: ['client_credentials', 'password'] });
    user = await newUser(server);
  });
  afterAll(async () => {
    await server?.close();
    await teardown?.();
  });

  const authorizeParams = () => ({
    response_type: 'code',
    client_id: spa.client.client_id,
    redirect_uri: spa.redirectUri,
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    code_challenge_method: 'S256',
  });

  it('JSON API: a NUL in the username is a 422 naming the field', async () => {
    for (const path of ['/login', '/register']) {
      const res = await request(server.url, path, { json: { username: NUL, email: 'nul@example.com', password: 'password123' } });
      expect(res.status).toBe(422);
      expect(res.body.detail).toContainEqual({ loc: ['body', 'username'], msg: expect.stringMatching(/not allowed|Only letters/), type: 'string_pattern_mismatch' });
    }
  });

  it('GET /authorize: a NUL in client_id (or any parameter) is a 400 JSON error', async () => {
    for (const name of ['client_id', 'state', 'nonce', 'scope', 'redirect_uri']) {
      const res = await fetch(`${server.url}/authorize?${new URLSearchParams({ ...authorizeParams(), [name]: NUL })}`, { redirect: 'manual' });
      expect(res.status).toBe(400);
      expect(withoutRequestId(res, await res.json())).toEqual({ error: 'invalid_request', error_description: `The parameter "${name}" must not contain control characters (such as NUL)` });
    }
  });

  it('POST /authorize: a NUL in the form (client_id, username) is a 400 JSON error', async () => {
    const origin = { origin: server.url };
    for (const form of [{ ...authorizeParams(), client_id: NUL }, { ...authorizeParams(), action: 'login', username: NUL, password: 'x' }]) {
      const res = await postForm(`${server.url}/authorize`, form, origin);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: 'invalid_request', error_description: expect.stringContaining('control characters') });
    }
  });

  it('POST /authorize takes forms only: JSON is a 415, whatever its fields hold', async () => {
    for (const body of [authorizeParams(), { ...authorizeParams(), client_id: { $ne: null } }, { ...authorizeParams(), action: 'login', username: true, password: ['x'] }, true, null]) {
      const res = await fetch(`${server.url}/authorize`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: server.url },
        body: JSON.stringify(body),
        redirect: 'manual',
      });
      expect(res.status).toBe(415);
      expect(await res.json()).toMatchObject({ error: 'invalid_request', error_description: expect.stringContaining('application/x-www-form-urlencoded') });
    }
  });

  it('/token, /revoke, /introspect: a NUL client_id in the form or in Basic is a 400', async () => {
    for (const path of ['/token', '/revoke', '/introspect']) {
      const form = { grant_type: 'client_credentials', token: 'x', client_id: NUL };
      const inForm = await postForm(`${server.url}${path}`, form);
      expect(inForm.status).toBe(400);
      expect(inForm.body).toEqual({ error: 'invalid_request', error_description: 'The parameter "client_id" must not contain control characters (such as NUL)' });
      const inBasic = await postForm(`${server.url}${path}`, { grant_type: 'client_credentials', token: 'x' }, { authorization: basic(NUL, 'secret') });
      expect(inBasic.status).toBe(400);
      expect(inBasic.body).toEqual({ error: 'invalid_request', error_description: 'The client_id must not contain control characters (such as NUL)' });
    }
  });

  it('/token password grant: a NUL username is a 400; the real user still signs in', async () => {
    const bad = await postForm(`${server.url}/token`, { grant_type: 'password', client_id: spa.client.client_id, username: NUL, password: 'x' });
    expect(bad).toMatchObject({ status: 400, body: { error: 'invalid_request', error_description: expect.stringContaining('"username"') } });
    const good = await postForm(`${server.url}/token`, { grant_type: 'password', client_id: spa.client.client_id, username: user.username, password: user.password });
    expect(good.status).toBe(200);
  });

  it('/end-session: a NUL client_id is a 400', async () => {
    const res = await fetch(`${server.url}/end-session?${new URLSearchParams({ client_id: NUL, post_logout_redirect_uri: spa.redirectUri })}`, { redirect: 'manual' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'invalid_request' });
  });

  it('no route answers 500 to NUL, control characters, objects, booleans or arrays (sweep)', async () => {
    const routes: [string, string][] = [
      ['POST', '/register'], ['POST', '/login'], ['POST', '/refresh'], ['POST', '/logout'], ['POST', '/logout-all'],
      ['GET', '/me'], ['PATCH', '/me/password'], ['GET', '/protected'], ['GET', '/health'], ['GET', '/authorize'], ['POST', '/authorize'],
      ['POST', '/token'], ['POST', '/revoke'], ['POST', '/introspect'], ['GET', '/userinfo'], ['POST', '/userinfo'],
      ['GET', '/end-session'], ['POST', '/end-session'], ['GET', '/spa/config.json'], ['GET', '/.well-known/openid-configuration'],
    ];
    const fields = ['username', 'password', 'email', 'current_password', 'new_password', 'client_id', 'client_secret', 'grant_type', 'code', 'redirect_uri', 'code_verifier', 'refresh_token', 'token', 'scope', 'state', 'nonce', 'response_type', 'action', 'csrf', 'post_logout_redirect_uri', 'id_token_hint'];
    const values: unknown[] = ['\u0000', 'x\u0000', '\u0001\u001f\u007f', { a: 1 }, true, 12, ['a', 'b'], null];
    const failures: string[] = [];
    const check = async (method: string, path: string, init: RequestInit) => {
      const res = await fetch(`${server.url}${path}`, { method, redirect: 'manual', ...init });
      const text = await res.text();
      if (res.status >= 500) failures.push(`${method} ${path} ${String(init.body ?? '')} -> ${res.status} ${text}`);
    };
    for (const [method, path] of routes) {
      for (const value of values) {
        const obj = Object.fromEntries(fields.map((f) => [f, value]));
        const text = typeof value === 'string' ? value : JSON.stringify(value);
        const query = new URLSearchParams(fields.map((f) => [f, text])).toString();
        const headers = { origin: server.url, authorization: `Bearer ${text.replace(/[^\x21-\x7e]/g, 'x')}` };
        if (method === 'GET') {
          await check(method, `${path}?${query}`, { headers });
        } else {
          await check(method, path, { body: JSON.stringify(obj), headers: { ...headers, 'content-type': 'application/json' } });
          await check(method, path, { body: query, headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' } });
          await check(method, path, { body: query, headers: { origin: server.url, authorization: basic(text, text), 'content-type': 'application/x-www-form-urlencoded' } });
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('PATCH /me/password with a valid token: objects, booleans and missing fields are 422, never 500', async () => {
    const { access_token: token } = await login(server.url, user.username, user.password);
    for (const json of [{ current_password: { a: 1 }, new_password: 'long enough 1' }, { current_password: true, new_password: 'x' }, {}, { current_password: user.password, new_password: ['a'] }]) {
      const res = await request(server.url, '/me/password', { method: 'PATCH', token, json });
      expect(res.status).toBe(422);
    }
    // A NUL inside a password is just a character (at the end it would not count: scrypt's HMAC pads keys with zeros).
    const nul = await request(server.url, '/me/password', { method: 'PATCH', token, json: { current_password: `x\u0000${user.password}`, new_password: 'long enough 1' } });
    expect(nul).toMatchObject({ status: 400, body: { detail: 'Incorrect password' } });
  });

  it('the service client still authenticates (the checks refuse only what no client ID can be)', async () => {
    const res = await postForm(`${server.url}/token`, { grant_type: 'client_credentials' }, { authorization: basic(service.client.client_id, service.secret!) });
    expect(res.status).toBe(200);
  });
});
