/**
 * Issue 11 point 15: login CSRF and unbounded codes. A `POST /authorize` is accepted only from the
 * issuer's own pages: a same-origin `Origin`, else a same-origin `Referer`, else (neither header) the
 * form token that the page put in a hidden field and a `SameSite=Strict` cookie. A signed-in browser
 * holds at most `OAUTH_MAX_PENDING_CODES` unused codes per client; a new one drops the oldest.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestClock, MODES, startServer, type TestClock, testConfig } from '../helpers/env.js';
import { authorizationRequest, codeFlow, FormBrowser, hiddenFields, newUser, type OAuthServer, postForm, registerClient, startOAuthServer, type TestClient } from './helpers.js';

describe.each(MODES)('login CSRF and pending codes ($name)', (mode) => {
  let server: OAuthServer;
  let spa: TestClient;
  let user: { username: string; password: string };
  let teardown: () => Promise<void>;
  let clock: TestClock;

  beforeAll(async () => {
    const backing = await mode.setup();
    teardown = backing.teardown;
    clock = createTestClock();
    server = await startOAuthServer({ ...backing.env, OAUTH_MAX_PENDING_CODES: '3' }, clock);
    spa = await registerClient(server, { type: 'public' });
    user = await newUser(server);
  });
  afterAll(async () => {
    await server?.close();
    await teardown?.();
  });

  /** Opens the login page in a fresh browser and returns the browser and the form's fields, filled in. */
  async function loginForm() {
    const browser = new FormBrowser();
    const { url } = await authorizationRequest(server.as, spa);
    const page = await browser.request(url.toString());
    return { browser, fields: { ...hiddenFields(page.html!), ...user } };
  }
  const signedIn = (browser: FormBrowser) => [...browser.cookies.keys()].some((name) => name.includes('sso'));

  it('refuses a login post from another site, by Origin or by Referer, and sets no session', async () => {
    const forged: Record<string, string>[] = [{ origin: 'https://attacker.example' }, { origin: 'null' }, { referer: 'https://attacker.example/page' }];
    for (const headers of forged) {
      const { browser, fields } = await loginForm();
      const res = await browser.request(`${server.url}/authorize`, { form: fields, headers, origin: false });
      expect(res.status).toBe(403);
      expect(res.html).toContain('Cross-site form submission refused');
      expect(signedIn(browser)).toBe(false);
    }
  });

  it('refuses a login post with neither Origin nor Referer and no form token (a forged cross-site post)', async () => {
    const { url } = await authorizationRequest(server.as, spa);
    const attacker = new FormBrowser(); // no cookie of ours, no token
    const res = await attacker.request(`${server.url}/authorize`, { form: { ...Object.fromEntries(url.searchParams), action: 'login', ...user }, origin: false });
    expect(res.status).toBe(403);
    expect(res.html).toContain('could not be verified');
    expect(signedIn(attacker)).toBe(false);
    // The fields without the cookie, or the cookie with another token, are refused too.
    const { browser, fields } = await loginForm();
    expect((await new FormBrowser().request(`${server.url}/authorize`, { form: fields, origin: false })).status).toBe(403);
    expect((await browser.request(`${server.url}/authorize`, { form: { ...fields, form_token: 'x'.repeat(43) }, origin: false })).status).toBe(403);
    expect(signedIn(browser)).toBe(false);
  });

  it('accepts the real form: same-origin Origin, same-origin Referer, or neither header with the form token', async () => {
    const inits: { headers?: Record<string, string>; origin?: false }[] = [
      { headers: { origin: server.url } },
      { headers: { referer: `${server.url}/authorize?x=1` }, origin: false },
      { origin: false },
    ];
    for (const init of inits) {
      const { browser, fields } = await loginForm();
      const res = await browser.request(`${server.url}/authorize`, { form: fields, ...init });
      expect(res.status).toBe(303);
      expect(new URL(res.location!).searchParams.get('code')).toBeTruthy();
      expect(signedIn(browser)).toBe(true);
    }
  });

  it('compares with OAUTH_ISSUER when it is set (behind a proxy the listen address is not the origin)', async () => {
    const proxied = await startServer(testConfig({ OAUTH_ISSUER: 'https://auth.example.com' }));
    try {
      const client = await registerClient(proxied, { type: 'public' });
      const someone = await newUser(proxied);
      const fields: Record<string, string> = {
        response_type: 'code',
        client_id: client.client.client_id,
        redirect_uri: client.redirectUri,
        code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
        code_challenge_method: 'S256',
        action: 'login',
        username: someone.username,
        password: someone.password,
      };
      const post = (origin: string) =>
        fetch(`${proxied.url}/authorize`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
          body: new URLSearchParams(fields).toString(),
          redirect: 'manual',
        });
      expect((await post(proxied.url)).status).toBe(403); // the listen address is not the public origin
      expect((await post('https://auth.example.com')).status).toBe(303);
    } finally {
      await proxied.close();
    }
  });

  it('keeps at most OAUTH_MAX_PENDING_CODES unused codes per user and client: the oldest are dropped', async () => {
    const browser = new FormBrowser();
    const first = await codeFlow(server, spa, browser, user); // signs in (and uses its code)
    expect(first.tokens.access_token).toBeTypeOf('string');
    const codes: { code: string; verifier: string }[] = [];
    for (let i = 0; i < 6; i++) {
      clock.advance(1_000); // "oldest" is by issue second
      const request = await authorizationRequest(server.as, spa);
      const step = await browser.request(request.url.toString());
      codes.push({ code: new URL(step.location!).searchParams.get('code')!, verifier: request.verifier });
    }
    const redeem = ({ code, verifier }: { code: string; verifier: string }) =>
      postForm(server.as.token_endpoint!, { grant_type: 'authorization_code', client_id: spa.client.client_id, redirect_uri: spa.redirectUri, code, code_verifier: verifier });
    const results = [];
    for (const code of codes) results.push((await redeem(code)).status);
    expect(results).toEqual([400, 400, 400, 200, 200, 200]);
    const rows = await server.deps.db.selectFrom('oauth_codes' as never).select(({ fn }) => fn.countAll().as('n')).executeTakeFirst();
    expect(Number((rows as { n: number | string }).n)).toBeLessThanOrEqual(4); // the first code, used, and the three kept
  });
});
