/**
 * Client authentication at /token, /introspect and /revoke (issue 11, points 1 and 14): secrets are
 * stored as SHA-256 digests and checked without scrypt (known or unknown client alike), failures are
 * limited per address (429, `invalid_client`, `Retry-After`) without ever refusing the right secret,
 * and old scrypt-hashed secrets are rehashed at their first successful use. Both modes.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sha256 } from '../../src/oauth/secrets.js';
import { oauthDb } from '../../src/oauth/tables.js';
import { MODES } from '../helpers/env.js';
import { basic, type OAuthServer, postForm, registerClient, startOAuthServer, type TestClient } from './helpers.js';

const FAILURES_ALLOWED = 3;

describe.each(MODES)('client authentication ($name)', (mode) => {
  let server: OAuthServer;
  let client: TestClient;
  let teardown: () => Promise<void>;
  let nextAddress = 0;
  /** A fresh client address for each test (the server trusts X-Forwarded-For from 127.0.0.1 here). */
  const newAddress = () => `198.51.100.${++nextAddress}`;

  beforeAll(async () => {
    const backing = await mode.setup();
    teardown = backing.teardown;
    server = await startOAuthServer({ ...backing.env, TRUST_PROXY: '127.0.0.1', RATE_LIMIT_CLIENT_AUTH_FAILURES: String(FAILURES_ALLOWED) });
    client = await registerClient(server, { type: 'confidential', grantTypes: ['client_credentials'], scopes: ['api:read'] });
  });
  afterAll(async () => {
    await server?.close();
    await teardown?.();
  });

  const clientCredentials = (id: string, secret: string, address: string) =>
    postForm(server.as.token_endpoint!, { grant_type: 'client_credentials', scope: 'api:read' }, { authorization: basic(id, secret), 'x-forwarded-for': address });

  const storedHash = async (clientId: string) =>
    (await oauthDb(server.deps.db).selectFrom('oauth_clients').select('secret_hash').where('client_id', '=', clientId).executeTakeFirstOrThrow()).secret_hash;

  it('stores a SHA-256 digest of the secret, not an scrypt hash', async () => {
    expect(await storedHash(client.client.client_id)).toBe(`$sha256$${sha256(client.secret!)}`);
  });

  it('never runs scrypt for a client secret, right or wrong, known or unknown client', async () => {
    const verify = vi.spyOn(server.deps.passwords, 'verify');
    const dummy = vi.spyOn(server.deps.passwords, 'verifyDummy');
    try {
      const address = newAddress();
      expect((await clientCredentials(client.client.client_id, client.secret!, address)).status).toBe(200);
      expect((await clientCredentials(client.client.client_id, 'wrong-secret', address)).status).toBe(401);
      expect((await clientCredentials('no-such-client', 'wrong-secret', address)).status).toBe(401);
      expect(verify).not.toHaveBeenCalled();
      expect(dummy).not.toHaveBeenCalled();
    } finally {
      verify.mockRestore();
      dummy.mockRestore();
    }
  });

  it('answers failures past the limit with 429, invalid_client and Retry-After, yet lets the right secret through', async () => {
    const address = newAddress();
    for (let i = 0; i < FAILURES_ALLOWED; i++) {
      const wrong = await clientCredentials(client.client.client_id, `wrong-${i}`, address);
      expect(wrong).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
    }
    const limited = await clientCredentials(client.client.client_id, 'wrong-again', address);
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({ error: 'invalid_client', error_description: expect.stringMatching(/^Too many failed client authentications from this address; try again in \d+ s$/) });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.headers.get('cache-control')).toBe('no-store');
    // Unknown clients count against the same address and get the same answer.
    expect((await clientCredentials('no-such-client', 'x', address)).status).toBe(429);
    // The client that knows its secret is never locked out by someone else's failures.
    const right = await clientCredentials(client.client.client_id, client.secret!, address);
    expect(right).toMatchObject({ status: 200, body: { token_type: 'Bearer' } });
    // Another address has its own budget.
    expect((await clientCredentials(client.client.client_id, 'wrong', newAddress())).status).toBe(401);
  });

  it('limits failures at /introspect and /revoke too', async () => {
    const address = newAddress();
    const statuses: number[] = [];
    for (const path of ['/introspect', '/revoke', '/introspect', '/revoke']) {
      const res = await postForm(server.url + path, { token: 'x.y.z' }, { authorization: basic(client.client.client_id, 'wrong'), 'x-forwarded-for': address });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
    const right = await postForm(`${server.url}/introspect`, { token: 'x.y.z' }, { authorization: basic(client.client.client_id, client.secret!), 'x-forwarded-for': address });
    expect(right).toMatchObject({ status: 200, body: { active: false } });
  });

  it('rehashes an old scrypt-hashed secret at its first successful use', async () => {
    const legacy = await registerClient(server, { type: 'confidential', grantTypes: ['client_credentials'], scopes: ['api:read'] });
    const id = legacy.client.client_id;
    // How secrets were stored before: the password hash.
    const scryptHash = await server.deps.passwords.hash(legacy.secret!);
    await oauthDb(server.deps.db).updateTable('oauth_clients').set({ secret_hash: scryptHash }).where('client_id', '=', id).execute();

    const address = newAddress();
    expect((await clientCredentials(id, 'wrong-secret', address)).status).toBe(401);
    expect(await storedHash(id)).toBe(scryptHash);
    expect((await clientCredentials(id, legacy.secret!, address)).status).toBe(200);
    expect(await storedHash(id)).toBe(`$sha256$${sha256(legacy.secret!)}`);
    const verify = vi.spyOn(server.deps.passwords, 'verify');
    try {
      expect((await clientCredentials(id, legacy.secret!, address)).status).toBe(200);
      expect(verify).not.toHaveBeenCalled();
    } finally {
      verify.mockRestore();
    }
  });

  it('runs no scrypt for an old hash once the address is over its failure budget', async () => {
    const legacy = await registerClient(server, { type: 'confidential', grantTypes: ['client_credentials'], scopes: ['api:read'] });
    const id = legacy.client.client_id;
    await oauthDb(server.deps.db)
      .updateTable('oauth_clients')
      .set({ secret_hash: await server.deps.passwords.hash(legacy.secret!) })
      .where('client_id', '=', id)
      .execute();
    const address = newAddress();
    for (let i = 0; i < FAILURES_ALLOWED; i++) expect((await clientCredentials(id, `wrong-${i}`, address)).status).toBe(401);
    const verify = vi.spyOn(server.deps.passwords, 'verify');
    try {
      expect((await clientCredentials(id, 'wrong-again', address)).status).toBe(429);
      expect(verify).not.toHaveBeenCalled();
    } finally {
      verify.mockRestore();
    }
  });
});
