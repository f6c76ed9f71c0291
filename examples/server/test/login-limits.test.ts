/**
 * Sign-in limits (issue 11, points 3, 4 and 14), every mode: failures are counted per (username,
 * address) and attempts per address, so guessing from one address never locks the owner out from
 * another; a success resets the count; nothing is kept per username once the address is over its
 * budget; the sign-in form says when to try again; the password grant answers 429 with a token
 * endpoint error code. The server trusts X-Forwarded-For from 127.0.0.1 so each test can be its own address.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODES, scanKeys } from './helpers/env.js';
import { register, request, uniqueName } from './helpers/client.js';
import {
  authorizationRequest,
  FormBrowser,
  hiddenFields,
  type OAuthServer,
  postForm,
  registerClient,
  startOAuthServer,
  type TestClient,
} from './oauth/helpers.js';

const PER_USERNAME = 3;
const PER_IP = 10;

describe.each(MODES)('sign-in limits ($name)', (mode) => {
  let server: OAuthServer;
  let teardown: () => Promise<void>;
  let spa: TestClient;
  let nextAddress = 0;
  const newAddress = () => `203.0.113.${++nextAddress}`;

  beforeAll(async () => {
    const backing = await mode.setup();
    teardown = backing.teardown;
    server = await startOAuthServer({
      ...backing.env,
      TRUST_PROXY: '127.0.0.1',
      RATE_LIMIT_PER_IP: String(PER_IP),
      RATE_LIMIT_PER_USERNAME: String(PER_USERNAME),
    });
    spa = await registerClient(server, { type: 'public', grantTypes: ['authorization_code', 'refresh_token', 'password'] });
  });
  afterAll(async () => {
    await server?.close();
    await teardown?.();
  });

  const loginFrom = (address: string, username: string, password: string) =>
    request(server.url, '/login', { json: { username, password }, headers: { 'x-forwarded-for': address } });

  it('refuses guesses from one address, never the owner from another', async () => {
    const { username, password } = await register(server.url);
    const attacker = newAddress();
    for (let i = 0; i < PER_USERNAME; i++) expect((await loginFrom(attacker, username, `wrong-${i}`)).status).toBe(401);
    const blocked = await loginFrom(attacker, username, password);
    expect(blocked.status).toBe(429);
    expect(blocked.body).toEqual({ detail: expect.stringMatching(/^Too many attempts, try again in \d+ s$/) });
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    // The owner, elsewhere, signs in.
    expect((await loginFrom(newAddress(), username, password)).status).toBe(200);
  });

  it('resets the failure count after a success', async () => {
    const { username, password } = await register(server.url);
    const address = newAddress();
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < PER_USERNAME - 1; i++) expect((await loginFrom(address, username, 'wrong-pass')).status).toBe(401);
      expect((await loginFrom(address, username, password)).status).toBe(200);
    }
  });

  it('shares one budget between /login, the sign-in form and the password grant', async () => {
    const { username, password } = await register(server.url);
    const address = newAddress();
    expect((await loginFrom(address, username, 'wrong-pass')).status).toBe(401);
    const grant = (pw: string) =>
      postForm(server.as.token_endpoint!, { grant_type: 'password', client_id: spa.client.client_id, username, password: pw }, { 'x-forwarded-for': address });
    expect((await grant('wrong-pass')).status).toBe(400);
    expect((await grant('wrong-pass')).status).toBe(400);
    const limited = await grant(password);
    // RFC 6749 section 5.2 has no rate-limit code: invalid_request, with HTTP 429 and Retry-After.
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({ error: 'invalid_request', error_description: expect.stringMatching(/^Too many attempts, try again in \d+ s$/) });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await loginFrom(address, username, password)).status).toBe(429);
  });

  it('shows "try again in N s" in the sign-in page, not JSON', async () => {
    const { username, password } = await register(server.url);
    const browser = new FormBrowser();
    const address = newAddress();
    const { url } = await authorizationRequest(server.as, spa);
    const page = await browser.request(url.toString(), { headers: { 'x-forwarded-for': address } });
    const fields = hiddenFields(page.html!);
    const signIn = (pw: string) =>
      browser.request(`${server.url}/authorize`, { form: { ...fields, username, password: pw }, headers: { 'x-forwarded-for': address } });
    for (let i = 0; i < PER_USERNAME; i++) expect((await signIn('wrong-pass')).status).toBe(401);
    const limited = await signIn(password);
    expect(limited.status).toBe(429);
    expect(limited.html).toMatch(/<p class="error" role="alert">Too many attempts, try again in \d+ s<\/p>/);
    expect(limited.html).toContain('>Sign in</button>');
    // The owner, from elsewhere, goes through.
    const other = await browser.request(`${server.url}/authorize`, { form: { ...fields, username, password }, headers: { 'x-forwarded-for': newAddress() } });
    expect(other.status).toBe(303);
  });

  it('keeps nothing per username once the address is over its budget', async () => {
    const address = newAddress();
    for (let i = 0; i < PER_IP; i++) expect((await loginFrom(address, uniqueName('nobody'), 'wrong-pass')).status).toBe(401);
    const before = new Set(await limiterKeys());
    for (let i = 0; i < 20; i++) expect((await loginFrom(address, uniqueName('nobody'), 'wrong-pass')).status).toBe(429);
    // Keys may expire meanwhile; none may be added.
    expect((await limiterKeys()).filter((key) => !before.has(key))).toEqual([]);
  });

  /** The limiter's keys: in Redis under the run's prefix, in memory the limiter's own list. */
  async function limiterKeys(): Promise<string[]> {
    const { config, rateLimiter } = server.deps;
    if (config.redisUrl === undefined) return [...(rateLimiter as unknown as { keys(): Iterable<string> }).keys()].sort();
    return scanKeys(config, `${config.redisPrefix}ratelimit:*`);
  }
});

describe('sign-in form while the hashing queue is full', () => {
  it('shows the busy message in the page (503), never JSON or a 500', async () => {
    const server = await startOAuthServer({ TRUST_PROXY: '127.0.0.1', SCRYPT_LOG_N: '14', PASSWORD_HASH_CONCURRENCY: '1', PASSWORD_HASH_QUEUE: '0' });
    try {
      const spa = await registerClient(server, { type: 'public' });
      const { username, password } = await register(server.url);
      const browser = new FormBrowser();
      const { url } = await authorizationRequest(server.as, spa);
      const fields = hiddenFields((await browser.request(url.toString())).html!);
      const posts = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          browser.request(`${server.url}/authorize`, { form: { ...fields, username, password }, headers: { 'x-forwarded-for': `192.0.2.${i + 1}` } }),
        ),
      );
      expect(posts.every((p) => p.status === 303 || p.status === 503)).toBe(true);
      const busy = posts.filter((p) => p.status === 503);
      expect(busy.length).toBeGreaterThan(0);
      for (const page of busy) expect(page.html).toContain('The service is busy, try again in a few seconds');
    } finally {
      await server.close();
    }
  });
});
