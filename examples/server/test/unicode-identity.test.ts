/**
 * Issue 11 point 16: one spelling per identity. Usernames and passwords are put in NFKC before any
 * check or lookup, usernames then case-folded: the Kelvin sign `K` (U+212A) or full-width letters
 * reach the same account on every sign-in path, no second account can differ only by such
 * characters, and password lengths count normalized characters.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usernameKey } from '../src/normalize.js';
import { MODES } from './helpers/env.js';
import { login, request, uniqueName } from './helpers/client.js';
import { authorizationRequest, FormBrowser, type OAuthServer, postForm, registerClient, startOAuthServer, type TestClient } from './oauth/helpers.js';

const KELVIN = '\u212A';
const fullWidth = (s: string) => [...s].map((c) => (/[a-z]/.test(c) ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c)).join('');

describe('usernameKey', () => {
  it('folds compatibility characters and case to one key', () => {
    expect(usernameKey(`${KELVIN}ate`)).toBe('kate');
    expect(usernameKey('KATE')).toBe('kate');
    expect(usernameKey(fullWidth('kate'))).toBe('kate');
    expect(usernameKey('ﬁona')).toBe('fiona'); // the fi ligature
  });
});

describe.each(MODES)('Unicode usernames and passwords ($name)', (mode) => {
  let server: OAuthServer;
  let spa: TestClient;
  let teardown: () => Promise<void>;

  beforeAll(async () => {
    const backing = await mode.setup();
    teardown = backing.teardown;
    server = await startOAuthServer(backing.env);
    spa = await registerClient(server, { type: 'public', grantTypes: ['authorization_code', 'refresh_token', 'password'] });
  });
  afterAll(async () => {
    await server?.close();
    await teardown?.();
  });

  const registerAs = (username: string, password = 'password123') =>
    request(server.url, '/register', { json: { username, email: `${uniqueName('m')}@example.com`, password } });

  it('a Kelvin-sign or full-width spelling is the same account on /login, the password grant and the login form', async () => {
    const name = uniqueName('k');
    expect((await registerAs(name)).status).toBe(201);
    const me = (await request(server.url, '/me', { token: (await login(server.url, name)).access_token })).body;
    for (const variant of [`${KELVIN}${name.slice(1)}`, fullWidth(name), name.toUpperCase().replace('K', KELVIN)]) {
      const pair = await login(server.url, variant);
      expect((await request(server.url, '/me', { token: pair.access_token })).body).toEqual(me);
      const grant = await postForm(`${server.url}/token`, { grant_type: 'password', client_id: spa.client.client_id, username: variant, password: 'password123' });
      expect(grant.status).toBe(200);
      const browser = new FormBrowser();
      const { url } = await authorizationRequest(server.as, spa);
      const result = await browser.authorize(url, { credentials: { username: variant, password: 'password123' } });
      expect(new URL(result.location).searchParams.get('code')).toBeTruthy();
    }
  });

  it('refuses to register a confusable duplicate (Kelvin sign, full width, other case)', async () => {
    const name = uniqueName('k');
    expect((await registerAs(name)).status).toBe(201);
    for (const variant of [`${KELVIN}${name.slice(1)}`, fullWidth(name), name.toUpperCase()]) {
      expect(await registerAs(variant)).toMatchObject({ status: 400, body: { detail: 'Username already registered' } });
    }
  });

  it('stores a new name typed with a Kelvin sign as its ASCII form, found by every spelling', async () => {
    const tail = uniqueName('elvin');
    const res = await registerAs(`${KELVIN}${tail}`);
    expect(res).toMatchObject({ status: 201, body: { username: `K${tail}` } });
    expect((await login(server.url, `k${tail}`)).access_token).toBeTypeOf('string');
    expect(await registerAs(`k${tail}`)).toMatchObject({ status: 400, body: { detail: 'Username already registered' } });
  });

  it('counts password length after NFKC: four accented letters typed as eight code points are too short', async () => {
    const decomposed = 'e\u0301'.repeat(4); // 8 UTF-16 units, 4 characters after NFKC
    const res = await registerAs(uniqueName('p'), decomposed);
    expect(res.status).toBe(422);
    expect(res.body.detail).toContainEqual({ loc: ['body', 'password'], msg: 'String should have at least 8 characters', type: 'string_too_short' });
  });

  it('a password typed composed or decomposed is the same password', async () => {
    const name = uniqueName('p');
    expect((await registerAs(name, 'caf\u00e9-caf\u00e9-12')).status).toBe(201);
    expect((await login(server.url, name, 'cafe\u0301-cafe\u0301-12')).access_token).toBeTypeOf('string');
  });
});
