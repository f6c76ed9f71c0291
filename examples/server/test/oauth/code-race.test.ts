/**
 * Issue 11 point 6: one authorization code, two concurrent `/token` requests. Exactly one wins; the
 * other is refused, and when it is told the tokens were revoked they really are (access token at
 * `/userinfo` and `/introspect`, refresh token at `/token`). The bindings (client, redirect URI,
 * PKCE) are checked before the code is used up, so a wrong attempt never burns the real client's code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODES } from '../helpers/env.js';
import {
  authorizationRequest,
  basic,
  codeFlow,
  FormBrowser,
  newUser,
  type OAuthServer,
  postForm,
  registerClient,
  startOAuthServer,
  type TestClient,
} from './helpers.js';

const PAIRS = 20;

describe.each(MODES)('concurrent code redemption ($name)', (mode) => {
  let server: OAuthServer;
  let spa: TestClient;
  let resourceServer: TestClient;
  let browser: FormBrowser;
  let teardown: () => Promise<void>;

  beforeAll(async () => {
    const backing = await mode.setup();
    teardown = backing.teardown;
    server = await startOAuthServer(backing.env);
    spa = await registerClient(server, { type: 'public' });
    resourceServer = await registerClient(server, { type: 'confidential', grantTypes: ['client_credentials'] });
    const user = await newUser(server);
    browser = new FormBrowser();
    await codeFlow(server, spa, browser, user); // signed in: each authorization now gives a code at once
  });
  afterAll(async () => {
    await server?.close();
    await teardown?.();
  });

  async function freshCode(params: Record<string, string> = {}) {
    const request = await authorizationRequest(server.as, spa, params);
    const step = await browser.request(request.url.toString());
    return { code: new URL(step.location!).searchParams.get('code')!, verifier: request.verifier };
  }
  const redeem = (code: string, verifier: string, form: Record<string, string> = {}) =>
    postForm(server.as.token_endpoint!, { grant_type: 'authorization_code', client_id: spa.client.client_id, redirect_uri: spa.redirectUri, code, code_verifier: verifier, ...form });

  async function refused(tokens: Record<string, unknown>) {
    const info = await fetch(server.as.userinfo_endpoint!, { headers: { authorization: `Bearer ${tokens.access_token as string}` } });
    const introspection = await postForm(server.as.introspection_endpoint!, { token: tokens.access_token as string }, { authorization: basic(resourceServer.client.client_id, resourceServer.secret!) });
    const refresh = await postForm(server.as.token_endpoint!, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token as string, client_id: spa.client.client_id });
    return { userinfo: info.status, active: introspection.body?.active, refresh: refresh.body?.error };
  }

  it(`exactly one of two concurrent redemptions wins, and the loser's "revoked" is true (${PAIRS} pairs)`, async () => {
    for (let i = 0; i < PAIRS; i++) {
      const { code, verifier } = await freshCode();
      const results = await Promise.all([redeem(code, verifier), redeem(code, verifier)]);
      const winners = results.filter((r) => r.status === 200);
      const losers = results.filter((r) => r.status !== 200);
      expect(winners).toHaveLength(1);
      expect(losers).toHaveLength(1);
      expect(losers[0]).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
      expect(losers[0]!.body!.error_description).toBe('The authorization code was already used; the tokens it gave are revoked');
      expect(await refused(winners[0]!.body!)).toEqual({ userinfo: 401, active: false, refresh: 'invalid_grant' });
    }
  });

  it('a later replay also revokes, and a second replay claims no more than is true', async () => {
    const { code, verifier } = await freshCode();
    const first = await redeem(code, verifier);
    expect(first.status).toBe(200);
    const second = await redeem(code, verifier);
    expect(second.body?.error_description).toBe('The authorization code was already used; the tokens it gave are revoked');
    expect(await refused(first.body!)).toEqual({ userinfo: 401, active: false, refresh: 'invalid_grant' });
    const third = await redeem(code, verifier);
    expect(third.body?.error_description).toBe('The authorization code was already used; the tokens it gave are revoked');
  });

  it('checks redirect_uri, PKCE and the client before using the code up', async () => {
    const { code, verifier } = await freshCode();
    const other = await registerClient(server, { type: 'public', redirectUris: [spa.redirectUri] });
    const attempts = [
      redeem(code, verifier, { redirect_uri: 'http://127.0.0.1:5173/other' }),
      redeem(code, 'x'.repeat(43)),
      postForm(server.as.token_endpoint!, { grant_type: 'authorization_code', client_id: other.client.client_id, redirect_uri: spa.redirectUri, code, code_verifier: verifier }),
    ];
    for (const attempt of await Promise.all(attempts)) expect(attempt).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    const real = await redeem(code, verifier);
    expect(real.status).toBe(200);
    // Another client presenting the used code is code injection, not a replay: nothing is revoked.
    const injected = await postForm(server.as.token_endpoint!, { grant_type: 'authorization_code', client_id: other.client.client_id, redirect_uri: spa.redirectUri, code, code_verifier: verifier });
    expect(injected.body?.error_description).toBe('The authorization code was issued to another client');
    const info = await fetch(server.as.userinfo_endpoint!, { headers: { authorization: `Bearer ${real.body!.access_token as string}` } });
    expect(info.status).toBe(200);
  });
});
