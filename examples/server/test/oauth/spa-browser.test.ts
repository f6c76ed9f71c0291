/**
 * The example SPA in a real browser (Debian's Chromium via playwright-core): code + PKCE from the
 * page, /userinfo, the resource server, refresh; then a second SPA on another origin signs in
 * through the same SSO session without a password prompt; signing out ends the SSO session.
 */
import { existsSync, mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildResourceServer } from '../../../resource-server/src/app.js';
import { type SpaConfig, startSpaServer } from '../../../spa/serve.js';
import { SERVER_ROOT } from '../../src/config.js';
import { newUser, type OAuthServer, registerClient, startOAuthServer } from './helpers.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run'];
const RESULTS = join(SERVER_ROOT, 'test-results');

describe('SPA + SSO in Chromium', () => {
  let server: OAuthServer;
  let rs: FastifyInstance;
  let spaB: { server: Server; url: string };
  let browser: Browser;
  let user: { username: string; password: string; id: number };
  const configB: SpaConfig = { issuer: '', clientId: '', resourceServer: '', name: 'B' };

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
    server = await startOAuthServer();
    spaB = await startSpaServer({ port: 0, config: configB });
    ({ app: rs } = await buildResourceServer({ issuer: server.url, audience: 'webjwt-resource-server', corsOrigins: [server.url, spaB.url] }));
    await rs.listen({ host: '127.0.0.1', port: 0 });
    const address = rs.server.address();
    const rsUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    server.deps.config.oauth.spaResourceUrl = rsUrl; // the AS-hosted SPA reads it per request

    await registerClient(server, { type: 'public', name: 'A', redirectUris: [`${server.url}/spa/`], firstParty: true });
    const b = await registerClient(server, { type: 'public', name: 'B', redirectUris: [`${spaB.url}/`], firstParty: true });
    Object.assign(configB, { issuer: server.url, clientId: b.client.client_id, resourceServer: rsUrl });
    user = await newUser(server);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    await rs?.close();
    await new Promise((resolve) => spaB?.server.close(resolve));
    await server?.close();
  });

  /** Counts the login-form submissions a page makes. */
  const countLogins = (page: Page) => {
    const counter = { logins: 0 };
    page.on('request', (req) => {
      if (req.method() === 'POST' && new URL(req.url()).pathname === '/authorize' && (req.postData() ?? '').includes('action=login')) counter.logins++;
    });
    return counter;
  };

  it('signs in with code + PKCE, calls /userinfo and the API, refreshes; a second origin gets SSO; sign-out ends it', async () => {
    const context = await browser.newContext();
    const pageA = await context.newPage();
    const a = countLogins(pageA);
    await pageA.goto(`${server.url}/spa/`);
    await pageA.getByText('Signed out').waitFor();
    await pageA.getByRole('button', { name: 'Sign in' }).click();

    // The authorization server's login page.
    await pageA.getByLabel('Username').fill(user.username);
    await pageA.getByLabel('Password').fill(user.password);
    await pageA.getByRole('button', { name: 'Sign in' }).click();
    await pageA.getByText(`Signed in as user ${user.id}`).waitFor();
    expect(a.logins).toBe(1);
    expect(new URL(pageA.url()).search).toBe(''); // the code left the address bar

    await pageA.getByRole('button', { name: 'Call /userinfo' }).click();
    await pageA.locator('#output', { hasText: user.username }).waitFor();
    await pageA.getByRole('button', { name: 'Call the API' }).click();
    await pageA.locator('#output', { hasText: `Hello, ${user.id}!` }).waitFor();
    await pageA.getByRole('button', { name: 'Refresh tokens' }).click();
    await pageA.locator('#output', { hasText: '"refreshed": true' }).waitFor();

    // Another origin, another client: no password prompt.
    const pageB = await context.newPage();
    const b = countLogins(pageB);
    await pageB.goto(`${spaB.url}/`);
    await pageB.getByRole('button', { name: 'Sign in' }).click();
    await pageB.getByText(`Signed in as user ${user.id}`).waitFor();
    expect(b.logins).toBe(0);
    await pageB.getByRole('button', { name: 'Call the API' }).click();
    await pageB.locator('#output', { hasText: `Hello, ${user.id}!` }).waitFor();
    mkdirSync(RESULTS, { recursive: true });
    await pageB.screenshot({ path: join(RESULTS, 'spa-sso.png') });

    // Sign out in A: the SSO session ends, so B has to ask for the password again.
    await pageA.getByRole('button', { name: 'Sign out' }).click();
    await pageA.getByText('Signed out').waitFor();
    await pageB.goto(`${spaB.url}/`);
    await pageB.getByRole('button', { name: 'Sign in' }).click();
    await pageB.getByLabel('Password').waitFor();
    await context.close();
  });
});
