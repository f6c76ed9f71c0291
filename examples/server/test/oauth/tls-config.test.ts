/**
 * The OAUTH_* settings, and the SSO cookie under TLS: `__Host-` prefixed and Secure, with an
 * https issuer.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createClient } from '../../src/oauth/clients.js';
import { oauthDb } from '../../src/oauth/tables.js';
import { startServer, testConfig } from '../helpers/env.js';

describe('OAUTH_* settings', () => {
  it('has safe defaults: RS256, implicit off, 60 s codes', () => {
    expect(loadConfig({}).oauth).toMatchObject({
      issuer: undefined,
      signingAlg: 'RS256',
      enableImplicit: false,
      codeSeconds: 60,
      accessTokenSeconds: 600,
      audience: 'webjwt-resource-server',
    });
  });

  it.each([
    [{ OAUTH_SIGNING_ALG: 'HS256' }, /^OAUTH_SIGNING_ALG must be one of RS256, ES256, EdDSA, got "HS256"$/],
    [{ OAUTH_ENABLE_IMPLICIT: 'yes' }, /^OAUTH_ENABLE_IMPLICIT must be true or false$/],
    [{ OAUTH_ISSUER: 'https://as.example/' }, /^OAUTH_ISSUER must be an http\(s\) URL without query, fragment or trailing slash$/],
    [{ OAUTH_ISSUER: 'https://as.example?x=1' }, /^OAUTH_ISSUER must be/],
    [{ OAUTH_ISSUER: 'not a url' }, /^OAUTH_ISSUER must be an absolute/],
    [{ OAUTH_CODE_SECONDS: '0' }, /^OAUTH_CODE_SECONDS must be an integer from 1 to 600, got "0"$/],
  ])('refuses %j with one clear line', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});

describe('SSO cookie under TLS', () => {
  it('is __Host- prefixed, Secure, HttpOnly and SameSite=Lax; the issuer is https', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'webjwt-oauth-tls-'));
    const cert = join(dir, 'cert.pem');
    const key = join(dir, 'key.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1',
      '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert], { stdio: 'ignore' });
    const server = await startServer(testConfig({ TLS_CERT_FILE: cert, TLS_KEY_FILE: key }));
    const url = server.url.replace('http:', 'https:');
    const ca = server.deps.config.tls!.cert;
    const call = (path: string, body?: string) =>
      new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }>((resolve, reject) => {
        const req = httpsRequest(`${url}${path}`, { ca, method: body ? 'POST' : 'GET', headers: body ? { 'content-type': 'application/x-www-form-urlencoded', origin: url } : {} }, (res) => {
          let text = '';
          res.on('data', (d: Buffer) => (text += d.toString()));
          res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, text }));
        });
        req.on('error', reject);
        req.end(body);
      });
    try {
      const user = `tls${Date.now()}`;
      const password = 'password123';
      await server.deps.db
        .insertInto('users')
        .values({ username: user, email: `${user}@example.com`, hashed_password: await server.deps.passwords.hash(password), created_at: new Date().toISOString() })
        .execute();
      const metadata = JSON.parse((await call('/.well-known/openid-configuration')).text);
      expect(metadata.issuer).toBe(url);
      const client = await createClient(oauthDb(server.deps.db), {
        name: 'TLS SPA',
        type: 'public',
        redirectUris: ['https://app.example/cb'],
        grantTypes: ['authorization_code'],
        scopes: ['openid'],
        firstParty: true,
      });
      const form = new URLSearchParams({
        response_type: 'code',
        client_id: client.client_id,
        redirect_uri: 'https://app.example/cb',
        code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
        code_challenge_method: 'S256',
        action: 'login',
        username: user,
        password,
      });
      // The login page's form token cookie (CSRF without Origin/Referer) is __Host-, Secure and Strict too.
      const page = await call(`/authorize?${new URLSearchParams([...form].filter(([name]) => !['action', 'username', 'password'].includes(name)))}`);
      expect(page.headers['set-cookie']).toEqual([expect.stringMatching(/^__Host-webjwt_form=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; Secure; SameSite=Strict$/)]);
      const res = await call('/authorize', form.toString());
      expect(res.status).toBe(303);
      const cookie = (res.headers['set-cookie'] as string[])[0]!;
      expect(cookie).toMatch(/^__Host-webjwt_sso=[A-Za-z0-9_-]{43}; Max-Age=28800; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
      expect(new URL(res.headers.location as string).searchParams.get('iss')).toBe(url);
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
