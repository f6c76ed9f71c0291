/**
 * Helpers for the OAuth tests: a real server on a free port, clients registered in its database,
 * discovery through oauth4webapi, and a small cookie-keeping "browser" that drives the login and
 * consent HTML forms with fetch (every step is a real HTTP request).
 */
import * as oauth from 'oauth4webapi';
import { createClient, type NewClient } from '../../src/oauth/clients.js';
import { oauthDb } from '../../src/oauth/tables.js';
import { startServer, testConfig, type TestServer } from '../helpers/env.js';
import { register, withoutRequestId } from '../helpers/client.js';

export const insecure = { [oauth.allowInsecureRequests]: true } as const;

export interface OAuthServer extends TestServer {
  as: oauth.AuthorizationServer;
}

/** Starts the server (SQLite in memory + memory store unless `env` says otherwise) and discovers it. */
export async function startOAuthServer(env: Record<string, string> = {}, clock?: () => number): Promise<OAuthServer> {
  const server = await startServer(testConfig(env), clock);
  const issuer = new URL(server.url);
  const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: 'oidc', ...insecure }));
  return { ...server, as };
}

/** A registered client, as oauth4webapi wants it, with its secret and redirect URI. */
export interface TestClient {
  client: oauth.Client;
  secret: string | undefined;
  redirectUri: string;
  auth: oauth.ClientAuth;
}

/** Registers a client straight in the server's database (what `npm run clients -- create` does). */
export async function registerClient(server: TestServer, input: Partial<NewClient> & { type: NewClient['type'] }): Promise<TestClient> {
  const redirectUri = input.redirectUris?.[0] ?? 'http://127.0.0.1:5173/callback';
  const created = await createClient(oauthDb(server.deps.db), {
    name: 'Test client',
    redirectUris: [redirectUri],
    grantTypes: ['authorization_code', 'refresh_token'],
    scopes: ['openid', 'profile', 'email', 'api:read', 'api:write'],
    firstParty: true,
    ...input,
  });
  const secret = created.client_secret;
  return {
    client: { client_id: created.client_id },
    secret,
    redirectUri,
    auth: secret === undefined ? oauth.None() : oauth.ClientSecretBasic(secret),
  };
}

/** A user registered through the server's own API. */
export async function newUser(server: TestServer): Promise<{ username: string; password: string; id: number }> {
  const { username, password, user } = await register(server.url);
  return { username, password, id: user.id };
}

function unescapeHtml(value: string): string {
  return value.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
}

/** The hidden fields of the page's form. */
export function hiddenFields(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const match of html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) fields[unescapeHtml(match[1]!)] = unescapeHtml(match[2]!);
  return fields;
}

/** One step the browser saw. */
export interface Step {
  status: number;
  location?: string;
  html?: string;
}

/** A cookie-keeping browser over fetch: follows nothing by itself, so each step can be inspected. */
export class FormBrowser {
  readonly cookies = new Map<string, string>();
  readonly pages: string[] = [];
  /** Every Set-Cookie header received, as sent (to check attributes). */
  readonly setCookies: string[] = [];

  /** @param fetchImpl - The fetch to use (e.g. one that trusts a test CA); default the global one. */
  constructor(private readonly fetchImpl: typeof fetch = fetch) {}

  /**
   * One request. Form posts carry `Origin` like a browser's (the server refuses cross-site ones),
   * unless `origin: false` (an old browser or a privacy extension that sends none).
   */
  async request(
    url: string,
    init: { method?: string; form?: Record<string, string>; headers?: Record<string, string>; origin?: false } = {},
  ): Promise<Step> {
    const headers: Record<string, string> = { ...init.headers };
    if (init.form && init.origin !== false && !('origin' in headers)) headers.origin = new URL(url).origin;
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    }
    const res = await this.fetchImpl(url, { method: init.method ?? (body ? 'POST' : 'GET'), headers, body, redirect: 'manual' });
    for (const cookie of res.headers.getSetCookie()) {
      this.setCookies.push(cookie);
      const [pair] = cookie.split(';');
      const index = pair!.indexOf('=');
      const name = pair!.slice(0, index);
      const value = pair!.slice(index + 1);
      if (/Max-Age=0/i.test(cookie)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const location = res.headers.get('location') ?? undefined;
    const html = res.headers.get('content-type')?.includes('text/html') ? await res.text() : (await res.text(), undefined);
    if (html) this.pages.push(html);
    return { status: res.status, ...(location ? { location: new URL(location, url).toString() } : {}), ...(html ? { html } : {}) };
  }

  /**
   * Opens the authorization URL and goes through whatever the server shows: the login form (with
   * `credentials`), the consent form (pressing `decision`). Returns the final redirect to the client.
   */
  async authorize(
    url: string | URL,
    options: { credentials?: { username: string; password: string }; decision?: 'allow' | 'deny' } = {},
  ): Promise<{ location: string; sawLogin: boolean; sawConsent: boolean }> {
    let step = await this.request(url.toString());
    let sawLogin = false;
    let sawConsent = false;
    const origin = new URL(url).origin;
    for (let i = 0; i < 4 && step.html; i++) {
      const fields = hiddenFields(step.html);
      if (step.html.includes('>Sign in</button>')) {
        if (!options.credentials || sawLogin) throw new Error(`login page (again): ${step.status}`);
        sawLogin = true;
        step = await this.request(`${origin}/authorize`, { form: { ...fields, ...options.credentials } });
      } else if (step.html.includes('>Allow</button>')) {
        sawConsent = true;
        step = await this.request(`${origin}/authorize`, { form: { ...fields, decision: options.decision ?? 'allow' } });
      } else {
        throw new Error(`unexpected page ${step.status}: ${step.html.slice(0, 300)}`);
      }
    }
    if (!step.location) throw new Error(`no redirect: ${step.status}`);
    return { location: step.location, sawLogin, sawConsent };
  }
}

/** A fresh PKCE pair, state and nonce, and the authorization URL for them. */
export async function authorizationRequest(
  as: oauth.AuthorizationServer,
  client: TestClient,
  params: Record<string, string> = {},
): Promise<{ url: URL; verifier: string; state: string; nonce: string }> {
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const nonce = oauth.generateRandomNonce();
  const url = new URL(as.authorization_endpoint!);
  url.search = new URLSearchParams({
    client_id: client.client.client_id,
    redirect_uri: client.redirectUri,
    response_type: 'code',
    scope: 'openid profile email api:read',
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    ...params,
  }).toString();
  return { url, verifier, state, nonce };
}

/** The whole code + PKCE flow through oauth4webapi: authorize (forms), callback checks, token request. */
export async function codeFlow(
  server: OAuthServer,
  client: TestClient,
  browser: FormBrowser,
  credentials?: { username: string; password: string },
  params: Record<string, string> = {},
) {
  const request = await authorizationRequest(server.as, client, params);
  const result = await browser.authorize(request.url, credentials ? { credentials } : {});
  const callback = oauth.validateAuthResponse(server.as, client.client, new URL(result.location), request.state);
  const response = await oauth.authorizationCodeGrantRequest(server.as, client.client, client.auth, callback, client.redirectUri, request.verifier, insecure);
  const tokens = await oauth.processAuthorizationCodeResponse(server.as, client.client, response, { expectedNonce: request.nonce, requireIdToken: true });
  return { tokens, request, result };
}

/** A raw form POST (for requests oauth4webapi would refuse to make). */
export async function postForm(url: string, form: Record<string, string>, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? (withoutRequestId(res, JSON.parse(text)) as Record<string, unknown>) : undefined };
}

/** `Basic` credentials as RFC 6749 section 2.3.1 encodes them. */
export function basic(id: string, secret: string): string {
  const enc = (s: string) => encodeURIComponent(s).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${enc(id)}:${enc(secret)}`).toString('base64')}`;
}
