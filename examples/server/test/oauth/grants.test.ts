/**
 * The other grants: client credentials (confidential clients, Basic and POST authentication), the
 * password grant (only for clients registered with it), and the implicit grant (refused unless
 * OAUTH_ENABLE_IMPLICIT=true).
 */
import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeUnverified } from 'webjwt';
import {
  authorizationRequest,
  basic,
  FormBrowser,
  insecure,
  newUser,
  type OAuthServer,
  postForm,
  registerClient,
  startOAuthServer,
} from './helpers.js';

describe('client credentials and password grants', () => {
  let server: OAuthServer;

  beforeAll(async () => {
    server = await startOAuthServer();
  });
  afterAll(async () => server?.close());

  it('issues a user-less access token to a confidential client (client_secret_basic, via oauth4webapi)', async () => {
    const svc = await registerClient(server, { type: 'confidential', grantTypes: ['client_credentials'], scopes: ['api:read', 'api:write'] });
    const response = await oauth.clientCredentialsGrantRequest(server.as, svc.client, svc.auth, { scope: 'api:read' }, insecure);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const tokens = await oauth.processClientCredentialsResponse(server.as, svc.client, response);
    expect(tokens).toMatchObject({ token_type: 'bearer', expires_in: 600, scope: 'api:read' });
    expect(tokens.refresh_token).toBeUndefined();
    const { header, payload } = decodeUnverified(tokens.access_token);
    expect(header.typ).toBe('at+jwt');
    expect(payload).toMatchObject({ sub: svc.client.client_id, client_id: svc.client.client_id, aud: 'webjwt-resource-server', scope: 'api:read' });
    expect(payload).not.toHaveProperty('sid');
  });

  it('accepts client_secret_post, and refuses a secret in both places at once', async () => {
    const svc = await registerClient(server, { type: 'confidential', grantTypes: ['client_credentials'], scopes: ['api:read'] });
    const post = await postForm(server.as.token_endpoint!, { grant_type: 'client_credentials', client_id: svc.client.client_id, client_secret: svc.secret! });
    expect(post).toMatchObject({ status: 200, body: { scope: 'api:read' } });
    const both = await postForm(
      server.as.token_endpoint!,
      { grant_type: 'client_credentials', client_secret: svc.secret! },
      { authorization: basic(svc.client.client_id, svc.secret!) },
    );
    expect(both).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
  });

  it('refuses client credentials to public clients and to clients without the grant', async () => {
    const spa = await registerClient(server, { type: 'public', grantTypes: ['authorization_code'] });
    const pub = await postForm(server.as.token_endpoint!, { grant_type: 'client_credentials', client_id: spa.client.client_id });
    expect(pub).toMatchObject({ status: 400, body: { error: 'unauthorized_client' } });
    const web = await registerClient(server, { type: 'confidential', grantTypes: ['authorization_code'] });
    const res = await postForm(server.as.token_endpoint!, { grant_type: 'client_credentials' }, { authorization: basic(web.client.client_id, web.secret!) });
    expect(res).toMatchObject({ status: 400, body: { error: 'unauthorized_client', error_description: 'This client may not use the client_credentials grant' } });
  });

  it('refuses a scope outside the client registration with invalid_scope', async () => {
    const svc = await registerClient(server, { type: 'confidential', grantTypes: ['client_credentials'], scopes: ['api:read'] });
    const res = await postForm(server.as.token_endpoint!, { grant_type: 'client_credentials', scope: 'api:write' }, { authorization: basic(svc.client.client_id, svc.secret!) });
    expect(res).toMatchObject({ status: 400, body: { error: 'invalid_scope' } });
  });

  it('password grant: works for a client registered with it, refuses wrong passwords with invalid_grant', async () => {
    const user = await newUser(server);
    const app = await registerClient(server, { type: 'confidential', grantTypes: ['password', 'refresh_token'], scopes: ['openid', 'api:read'] });
    const response = await oauth.genericTokenEndpointRequest(server.as, app.client, app.auth, 'password', { username: user.username, password: user.password, scope: 'openid api:read' }, insecure);
    const tokens = await oauth.processGenericTokenEndpointResponse(server.as, app.client, response);
    expect(tokens.refresh_token).toBeTypeOf('string');
    expect(decodeUnverified(tokens.access_token).payload).toMatchObject({ sub: String(user.id), scope: 'openid api:read' });
    const wrong = await postForm(server.as.token_endpoint!, { grant_type: 'password', username: user.username, password: 'nope' }, { authorization: basic(app.client.client_id, app.secret!) });
    expect(wrong).toMatchObject({ status: 400, body: { error: 'invalid_grant', error_description: 'Invalid username or password' } });
  });

  it('password grant: refused (unauthorized_client) for a client not registered with it', async () => {
    const user = await newUser(server);
    const spa = await registerClient(server, { type: 'public' });
    const res = await postForm(server.as.token_endpoint!, { grant_type: 'password', client_id: spa.client.client_id, username: user.username, password: user.password });
    expect(res).toMatchObject({ status: 400, body: { error: 'unauthorized_client', error_description: 'This client may not use the password grant' } });
  });
});

describe('implicit grant', () => {
  it('is refused with unsupported_response_type pointing to code + PKCE by default', async () => {
    const server = await startOAuthServer();
    try {
      const legacy = await registerClient(server, { type: 'public', grantTypes: ['implicit'] });
      const { url, state } = await authorizationRequest(server.as, legacy, { response_type: 'token' });
      const step = await new FormBrowser().request(url.toString());
      const location = new URL(step.location!);
      expect(Object.fromEntries(location.searchParams)).toEqual({
        error: 'unsupported_response_type',
        error_description: 'The implicit grant is disabled (RFC 9700): use response_type=code with PKCE (code_challenge_method=S256)',
        state,
        iss: server.url,
      });
      expect(server.as.response_types_supported).toEqual(['code']);
    } finally {
      await server.close();
    }
  });

  it('is allowed by OAUTH_ENABLE_IMPLICIT=true: the token comes in the fragment', async () => {
    const server = await startOAuthServer({ OAUTH_ENABLE_IMPLICIT: 'true' });
    try {
      expect(server.as.response_types_supported).toEqual(['code', 'token']);
      const legacy = await registerClient(server, { type: 'public', grantTypes: ['implicit'] });
      const user = await newUser(server);
      const { url, state } = await authorizationRequest(server.as, legacy, { response_type: 'token', scope: 'api:read' });
      const { location } = await new FormBrowser().authorize(url, { credentials: user });
      const redirect = new URL(location);
      expect(redirect.search).toBe('');
      const fragment = new URLSearchParams(redirect.hash.slice(1));
      expect(fragment.get('state')).toBe(state);
      expect(fragment.get('token_type')).toBe('Bearer');
      expect(fragment.get('iss')).toBe(server.url);
      expect(decodeUnverified(fragment.get('access_token')!).payload).toMatchObject({ sub: String(user.id), scope: 'api:read' });
      // A client registered without the grant is still refused.
      const spa = await registerClient(server, { type: 'public' });
      const refused = await new FormBrowser().request((await authorizationRequest(server.as, spa, { response_type: 'token' })).url.toString());
      expect(new URL(refused.location!).searchParams.get('error')).toBe('unauthorized_client');
    } finally {
      await server.close();
    }
  });
});
