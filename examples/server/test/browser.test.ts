/**
 * Swagger UI in a real browser (Debian's Chromium via playwright-core): open /docs, authorize with
 * a token from /login, call GET /me from the page, and keep a screenshot in test-results/.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVER_ROOT } from '../src/config.js';
import { startServer, testConfig, type TestServer } from './helpers/env.js';
import { login, register } from './helpers/client.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run'];
const RESULTS = join(SERVER_ROOT, 'test-results');

describe('Swagger UI in Chromium', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
    server = await startServer(testConfig());
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('authorizes with a bearer token and calls GET /me', async () => {
    const { username } = await register(server.url);
    const { access_token } = await login(server.url, username);
    const page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
    const requested: string[] = [];
    let meAuthorization: string | undefined;
    page.on('request', (req) => {
      requested.push(req.url());
      if (new URL(req.url()).pathname === '/me') meAuthorization = req.headers().authorization;
    });

    await page.goto(`${server.url}/docs`);
    await page.locator('.swagger-ui .info .title').waitFor();

    await page.locator('.auth-wrapper button.authorize').click();
    const modal = page.locator('.modal-ux');
    await modal.locator('input[type="text"]').fill(access_token);
    await modal.locator('button.authorize').click();
    await modal.getByText('Authorized', { exact: true }).waitFor();
    await modal.locator('button.btn-done').click();

    const operation = page.locator('.opblock-get', { has: page.locator('.opblock-summary-path[data-path="/me"]') });
    await operation.locator('.opblock-summary').click();
    await operation.locator('button.try-out__btn').click();
    await operation.locator('button.execute').click();
    const response = operation.locator('.live-responses-table .response');
    await response.waitFor();
    expect((await response.locator('.response-col_status').innerText()).trim()).toBe('200');
    expect(await response.locator('.response-col_description').innerText()).toContain(`"username": "${username}"`);
    expect(meAuthorization).toBe(`Bearer ${access_token}`);

    // Every asset came from this server: no CDN.
    expect(requested.filter((u) => !u.startsWith(server.url) && !u.startsWith('data:'))).toEqual([]);

    mkdirSync(RESULTS, { recursive: true });
    await page.screenshot({ path: join(RESULTS, 'swagger-ui-me.png'), fullPage: true });
    expect(existsSync(join(RESULTS, 'swagger-ui-me.png'))).toBe(true);
  });
});
