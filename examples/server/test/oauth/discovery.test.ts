/**
 * Discovery (RFC 8414, OpenID Connect Discovery) and the JWKS, read by oauth4webapi and by hand;
 * the signing algorithm selected by OAUTH_SIGNING_ALG.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeUnverified } from 'webjwt';
import { basic, type OAuthServer, postForm, registerClient, startOAuthServer } from './helpers.js';

describe('discovery', () => {
  let server: OAuthServer;

  beforeAll(async () => {
    server = await startOAuthServer();
  });
  afterAll(async () => server?.close());

  it('publishes one metadata document at both well-known paths, with the issuer it listens on', async () => {
    const oidc = await (await fetch(`${server.url}/.well-known/openid-configuration`)).json();
    const rfc8414 = await (await fetch(`${server.url}/.well-known/oauth-authorization-server`)).json();
    expect(rfc8414).toEqual(oidc);
    expect(oidc).toMatchObject({
      issuer: server.url,
      authorization_endpoint: `${server.url}/authorize`,
      token_endpoint: `${server.url}/token`,
      userinfo_endpoint: `${server.url}/userinfo`,
      jwks_uri: `${server.url}/.well-known/jwks.json`,
      revocation_endpoint: `${server.url}/revoke`,
      introspection_endpoint: `${server.url}/introspect`,
      response_types_supported: ['code'],
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
      id_token_signing_alg_values_supported: ['RS256', 'ES256', 'EdDSA'],
      authorization_response_iss_parameter_supported: true,
    });
    expect(oidc.grant_types_supported).toEqual(['authorization_code', 'refresh_token', 'client_credentials', 'password']);
    expect(oidc.scopes_supported).toEqual(expect.arrayContaining(['openid', 'profile', 'email', 'api:read', 'api:write']));
    expect(server.as.issuer).toBe(server.url);
  });

  it('publishes the RS256 public key (and no private part) at the jwks_uri', async () => {
    const res = await fetch(server.as.jwks_uri!);
    expect(res.headers.get('cache-control')).toBe('public, max-age=60');
    const { keys } = await res.json();
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: expect.any(String) });
    expect(keys[0]).not.toHaveProperty('d');
  });

  it('keeps the key across restarts: it lives in the database, created at first start', async () => {
    const rows = await server.deps.db.selectFrom('oauth_signing_keys' as never).selectAll().execute();
    expect(rows).toHaveLength(1);
    expect((rows[0] as { private_pem: string }).private_pem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
  });
});

describe.each([
  ['ES256', 'EC'],
  ['EdDSA', 'OKP'],
])('OAUTH_SIGNING_ALG=%s', (alg, kty) => {
  let server: OAuthServer;

  beforeAll(async () => {
    server = await startOAuthServer({ OAUTH_SIGNING_ALG: alg });
  });
  afterAll(async () => server?.close());

  it('signs access tokens with a key of that type, published by kid', async () => {
    const svc = await registerClient(server, { type: 'confidential', grantTypes: ['client_credentials'], scopes: ['api:read'] });
    const res = await postForm(server.as.token_endpoint!, { grant_type: 'client_credentials' }, { authorization: basic(svc.client.client_id, svc.secret!) });
    expect(res.status).toBe(200);
    const { header } = decodeUnverified(res.body!.access_token as string);
    const { keys } = await (await fetch(server.as.jwks_uri!)).json();
    expect(header).toMatchObject({ alg, typ: 'at+jwt', kid: keys[0].kid });
    expect(keys[0]).toMatchObject({ kty, alg });
  });
});
