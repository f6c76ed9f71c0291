/**
 * The resource server (examples/resource-server) against the real authorization server: it trusts
 * the AS only through its jwks_uri. RFC 6750 errors, scopes per route, wrong audience / type /
 * issuer, and key rotation with the real CLIs (`npm run keys -- rotate`, `npm run clients -- ...`)
 * on a shared SQLite file: old tokens keep verifying, new ones carry the new kid.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeUnverified, generateKeyPair, sign } from 'webjwt';
import { buildResourceServer } from '../../../resource-server/src/app.js';
import { createServiceClient } from '../../../service-client/client.js';
import { SERVER_ROOT } from '../../src/config.js';
import { newClientId } from '../../src/oauth/clients.js';
import { createSigningKeys } from '../../src/oauth/signing-keys.js';
import { oauthDb } from '../../src/oauth/tables.js';
import { createTestClock, type TestClock } from '../helpers/env.js';
import { eventually } from '../helpers/processes.js';
import { basic, codeFlow, FormBrowser, newUser, type OAuthServer, postForm, registerClient, startOAuthServer } from './helpers.js';

const run = promisify(execFile);

describe('resource server + key rotation', () => {
  let dir: string;
  let env: Record<string, string>;
  let clock: TestClock;
  let server: OAuthServer;
  let rs: FastifyInstance;
  let rsUrl: string;
  let service: { id: string; secret: string };

  const cli = async (script: 'keys' | 'clients', ...args: string[]) => {
    const { stdout } = await run('npm', ['run', '-s', script, '--', ...args], { cwd: SERVER_ROOT, env: { ...process.env, ...env } });
    return JSON.parse(stdout) as any;
  };
  const serviceToken = async (scope = 'api:read') => {
    const res = await postForm(server.as.token_endpoint!, { grant_type: 'client_credentials', scope }, { authorization: basic(service.id, service.secret) });
    expect(res.status).toBe(200);
    return res.body!.access_token as string;
  };
  const callApi = (token: string | undefined, path = '/api/hello', method = 'GET') =>
    fetch(rsUrl + path, {
      method,
      headers: { ...(token === undefined ? {} : { authorization: `Bearer ${token}` }), 'content-type': 'application/json' },
      ...(method === 'POST' ? { body: JSON.stringify({ text: 'hi' }) } : {}),
    });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'webjwt-oauth-'));
    env = { DATABASE_URL: `sqlite:${join(dir, 'app.db')}`, SCRYPT_LOG_N: '10', ENV_FILE: join(dir, 'none.env'), KEYS_RELOAD_SECONDS: '1' };
    clock = createTestClock();
    server = await startOAuthServer(env, clock);
    const created = await cli('clients', 'create', '--name', 'Reports job', '--type', 'confidential', '--grant', 'client_credentials', '--scope', 'api:read', '--scope', 'api:write');
    service = { id: created.client_id, secret: created.client_secret };
    ({ app: rs } = await buildResourceServer({ issuer: server.url, audience: 'webjwt-resource-server', jwksCooldownMs: 1 }));
    await rs.listen({ host: '127.0.0.1', port: 0 });
    const address = rs.server.address();
    rsUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(async () => {
    await rs?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('clients CLI: create prints the secret once, list hides it, delete removes the client', async () => {
    expect(service.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const spa = await cli('clients', 'create', '--name', 'SPA', '--type', 'public', '--redirect-uri', 'http://127.0.0.1:8100/', '--redirect-uri', 'http://127.0.0.1:8100/cb', '--first-party');
    expect(spa.client_secret).toBeUndefined();
    const list = await cli('clients', 'list');
    expect(list).toContainEqual(expect.objectContaining({ clientId: spa.client_id, type: 'public', firstParty: true, redirectUris: ['http://127.0.0.1:8100/', 'http://127.0.0.1:8100/cb'] }));
    expect(JSON.stringify(list)).not.toContain(service.secret);
    expect(JSON.stringify(list)).not.toContain('scrypt');
    expect(await cli('clients', 'delete', spa.client_id)).toEqual({ deleted: spa.client_id });
    expect((await cli('clients', 'list')).map((c: { clientId: string }) => c.clientId)).not.toContain(spa.client_id);
  });

  it('clients CLI: new IDs never start with "-"; an older one that does is deleted after "--"', async () => {
    for (let i = 0; i < 2000; i++) expect(newClientId()).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{15}$/);
    const odb = oauthDb(server.deps.db);
    await odb.insertInto('oauth_clients').values({ ...(await odb.selectFrom('oauth_clients').selectAll().where('client_id', '=', service.id).executeTakeFirstOrThrow()), client_id: '-legacyId' }).execute();
    expect(await cli('clients', 'delete', '--', '-legacyId')).toEqual({ deleted: '-legacyId' });
    expect((await cli('clients', 'list')).map((c: { clientId: string }) => c.clientId)).not.toContain('-legacyId');
  });

  it('accepts a valid token with the route scope; 403 insufficient_scope otherwise', async () => {
    const readOnly = await serviceToken('api:read');
    const res = await callApi(readOnly);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ message: `Hello, ${service.id}!`, sub: service.id, client_id: service.id, scope: 'api:read' });
    const write = await callApi(readOnly, '/api/messages', 'POST');
    expect(write.status).toBe(403);
    expect(write.headers.get('www-authenticate')).toBe(
      'Bearer realm="webjwt-resource", error="insufficient_scope", error_description="The access token lacks a required scope", scope="api:write"',
    );
    const allowed = await callApi(await serviceToken('api:read api:write'), '/api/messages', 'POST');
    expect(allowed.status).toBe(201);
  });

  it('the service client gets a token with client credentials, caches it, and calls the API', async () => {
    const client = createServiceClient({ issuer: server.url, clientId: service.id, clientSecret: service.secret, scope: 'api:read' });
    const res = await client.call(`${rsUrl}/api/hello`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ sub: service.id, scope: 'api:read' });
    expect(await client.accessToken()).toBe(await client.accessToken());
    const wrong = createServiceClient({ issuer: server.url, clientId: service.id, clientSecret: 'wrong' });
    await expect(wrong.accessToken()).rejects.toThrow('Token request failed: invalid_client Client authentication failed');
  });

  it('answers 401 per RFC 6750: bare challenge without a token or with another scheme, invalid_token for a bad one, 400 for a malformed header', async () => {
    const none = await callApi(undefined);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="webjwt-resource"');
    const bad = await callApi('not.a.token');
    expect(bad.status).toBe(401);
    expect(bad.headers.get('www-authenticate')).toBe('Bearer realm="webjwt-resource", error="invalid_token", error_description="The access token is invalid"');
    const basic = await fetch(`${rsUrl}/api/hello`, { headers: { authorization: 'Basic abc' } });
    expect(basic.status).toBe(401);
    expect(basic.headers.get('www-authenticate')).toBe('Bearer realm="webjwt-resource"');
    for (const authorization of ['Bearer', 'Bearer  two-spaces', 'Bearer a,b']) {
      const malformed = await fetch(`${rsUrl}/api/hello`, { headers: { authorization } });
      expect(malformed.status).toBe(400);
      expect(malformed.headers.get('www-authenticate')).toContain('error="invalid_request"');
      expect(await malformed.json()).toMatchObject({ error: 'invalid_request' });
    }
  });

  it('refuses tokens of the right signer but the wrong audience, type or issuer', async () => {
    const keys = await createSigningKeys(oauthDb(server.deps.db), clock, { reloadMs: 60_000 });
    const { key } = await keys.active();
    keys.close();
    const base = { iss: server.url, sub: 'x', client_id: 'x', scope: 'api:read', jti: 'j' };
    const now = Math.floor(clock() / 1000);
    const wrongAudience = await sign({ ...base, aud: 'another-api', iat: now, exp: now + 60 }, key, { typ: 'at+jwt', iat: false });
    const wrongType = await sign({ ...base, aud: 'webjwt-resource-server', iat: now, exp: now + 60 }, key, { typ: 'JWT', iat: false });
    const wrongIssuer = await sign({ ...base, iss: 'https://evil.example', aud: 'webjwt-resource-server', iat: now, exp: now + 60 }, key, { typ: 'at+jwt', iat: false });
    for (const token of [wrongAudience, wrongType, wrongIssuer]) {
      const res = await callApi(token);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toContain('error="invalid_token"');
    }
    // An ID token is for the client, not for the API.
    const user = await newUser(server);
    const spa = await registerClient(server, { type: 'public' });
    const { tokens } = await codeFlow(server, spa, new FormBrowser(), user);
    expect((await callApi(tokens.id_token)).status).toBe(401);
    expect((await callApi(tokens.access_token)).status).toBe(200);
    // A key the AS never published.
    const foreign = await generateKeyPair('RS256', { kid: 'foreign' });
    const forged = await sign({ ...base, aud: 'webjwt-resource-server', iat: now, exp: now + 60 }, foreign.privateKey, { typ: 'at+jwt', iat: false });
    expect((await callApi(forged)).status).toBe(401);
  });

  it('key rotation: old tokens keep verifying, new tokens use the new kid, the old key leaves after retire_after', async () => {
    const before = await serviceToken();
    const oldKid = decodeUnverified(before).header.kid;
    const rotation = await cli('keys', 'rotate');
    expect(rotation.active.kid).not.toBe(oldKid);
    expect(rotation.retired).toEqual([{ kid: oldKid, retire_after: expect.any(String) }]);

    // The server reloads its keys every KEYS_RELOAD_SECONDS (1 s here): it soon publishes the new
    // one, but keeps signing with the old one until signs_from (SQLite's clock, 40 s on).
    const jwksKids = async () => ((await (await fetch(server.as.jwks_uri!)).json()).keys as { kid: string }[]).map((k) => k.kid);
    await eventually(async () => (await jwksKids()).includes(rotation.active.kid));
    expect(await jwksKids()).toEqual([rotation.active.kid, oldKid]);
    if (Date.now() < Date.parse(rotation.active.signs_from) - 5_000) expect(decodeUnverified(await serviceToken()).header.kid).toBe(oldKid);
    // This server's clock stands still: move it to signs_from; the resource server runs on the real
    // clock, so wait for it to get there too (else the new tokens' iat is in its future).
    const signsFrom = Date.parse(rotation.active.signs_from);
    clock.advance(signsFrom + 1_000 - clock());
    let after = '';
    await eventually(async () => decodeUnverified((after = await serviceToken())).header.kid === rotation.active.kid);
    await eventually(async () => Date.now() > signsFrom + 1_000, 90_000);
    expect((await callApi(after)).status).toBe(200); // unknown kid: the resource server refetches the JWKS
    expect((await callApi(before)).status).toBe(200);

    const listed = await cli('keys', 'list');
    expect(listed).toMatchObject([
      { kid: rotation.active.kid, status: 'active', published: true },
      { kid: oldKid, status: 'retired', published: true },
    ]);
    // Past the longest token lifetime plus the reload interval after signs_from (retire_after), the
    // retired key is no longer published.
    clock.advance(Date.parse(rotation.retired[0].retire_after) - clock() + 2_000);
    const later = await (await fetch(server.as.jwks_uri!)).json();
    expect(later.keys.map((k: { kid: string }) => k.kid)).toEqual([rotation.active.kid]);
  }, 180_000);

  it('keys rotate --compromised: the new key signs at once and the leaked one leaves the JWKS at once', async () => {
    const leakedKid = decodeUnverified(await serviceToken()).header.kid;
    const rotation = await cli('keys', 'rotate', '--compromised');
    expect(rotation.active.kid).not.toBe(leakedKid);
    expect(Date.parse(rotation.active.signs_from)).toBeLessThanOrEqual(Date.now() + 1_000);
    expect(rotation.retired).toEqual([{ kid: leakedKid, retire_after: rotation.active.signs_from }]);
    const jwksKids = async () => ((await (await fetch(server.as.jwks_uri!)).json()).keys as { kid: string }[]).map((k) => k.kid);
    // From the server's next reload (KEYS_RELOAD_SECONDS, 1 s here): only the new key, and it signs.
    await eventually(async () => (await jwksKids()).join() === rotation.active.kid);
    expect(decodeUnverified(await serviceToken()).header.kid).toBe(rotation.active.kid);
  }, 120_000);
});
