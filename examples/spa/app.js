// The example SPA: a public OAuth client doing authorization code + PKCE against the example
// authorization server, then calling /userinfo and the resource server with the access token.
// Its settings come from config.json next to this file: { issuer, clientId, resourceServer, name }.
import { decodeJwtPayload, randomString, s256 } from './pkce.js';

const $ = (id) => document.getElementById(id);
const show = (value) => ($('output').textContent = typeof value === 'string' ? value : JSON.stringify(value, null, 2));
const redirectUri = `${location.origin}${location.pathname}`;
let config;
let metadata;
let tokens; // in memory only: a reload signs the app out (the SSO session at the server remains)

async function load() {
  config = await (await fetch('config.json')).json();
  metadata = await (await fetch(`${config.issuer}/.well-known/openid-configuration`)).json();
  // RFC 8414 section 3.3: the metadata must describe the issuer we were configured with.
  if (metadata.issuer !== config.issuer) throw new Error('Issuer mismatch in the discovery document');
  $('client-name').textContent = config.name ?? '';
}

async function signIn() {
  const verifier = randomString();
  const request = { verifier, state: randomString(), nonce: randomString() };
  sessionStorage.setItem('oauth-request', JSON.stringify(request));
  const url = new URL(metadata.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: redirectUri,
    scope: 'openid profile email api:read',
    state: request.state,
    nonce: request.nonce,
    code_challenge: await s256(verifier),
    code_challenge_method: 'S256',
  });
  location.assign(url);
}

async function tokenRequest(params) {
  const res = await fetch(metadata.token_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: config.clientId, ...params }),
  });
  const body = await res.json();
  if (!res.ok) throw new Error(`${body.error}: ${body.error_description}`);
  return body;
}

async function handleCallback(params) {
  const saved = JSON.parse(sessionStorage.getItem('oauth-request') ?? 'null');
  sessionStorage.removeItem('oauth-request');
  history.replaceState(null, '', redirectUri); // the code must not stay in the address bar or history
  // CSRF (state) and mix-up (iss, RFC 9207) checks before anything else.
  if (!saved || params.get('state') !== saved.state) throw new Error('State mismatch: not our authorization request');
  if (params.get('iss') !== config.issuer) throw new Error('Issuer mismatch in the authorization response');
  if (params.has('error')) throw new Error(`${params.get('error')}: ${params.get('error_description') ?? ''}`);
  tokens = await tokenRequest({ grant_type: 'authorization_code', code: params.get('code'), redirect_uri: redirectUri, code_verifier: saved.verifier });
  const id = decodeJwtPayload(tokens.id_token);
  // Received directly from the token endpoint over the server's connection: check who it is for.
  if (id.nonce !== saved.nonce || id.iss !== config.issuer || id.aud !== config.clientId) throw new Error('The ID token is not for this sign-in');
  tokens.claims = id;
}

function render() {
  const signedIn = tokens !== undefined;
  $('status').textContent = signedIn ? `Signed in as user ${tokens.claims.sub} (signed in at ${new Date(tokens.claims.auth_time * 1000).toLocaleTimeString()})` : 'Signed out';
  for (const id of ['userinfo', 'api', 'refresh', 'logout']) $(id).disabled = !signedIn;
  $('login').disabled = signedIn;
}

async function call(url) {
  const res = await fetch(url, { headers: { authorization: `Bearer ${tokens.access_token}` } });
  const text = await res.text();
  show(`${res.status} ${url}\n${res.headers.get('www-authenticate') ?? ''}\n${text}`);
}

async function signOut() {
  // Revoke the refresh token (RFC 7009), forget the tokens, end the SSO session at the server.
  if (tokens?.refresh_token) {
    await fetch(metadata.revocation_endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: config.clientId, token: tokens.refresh_token, token_type_hint: 'refresh_token' }),
    });
  }
  // The ID token tells the server that this user's own client asks: it signs out without a question.
  const idTokenHint = tokens?.id_token;
  tokens = undefined;
  const url = new URL(metadata.end_session_endpoint);
  url.search = new URLSearchParams({ client_id: config.clientId, post_logout_redirect_uri: redirectUri, ...(idTokenHint ? { id_token_hint: idTokenHint } : {}) });
  location.assign(url);
}

const guard = (fn) => async () => {
  try {
    await fn();
  } catch (err) {
    show(`Error: ${err.message}`);
  }
  render();
};

$('login').onclick = guard(signIn);
$('userinfo').onclick = guard(() => call(metadata.userinfo_endpoint));
$('api').onclick = guard(() => call(`${config.resourceServer}/api/hello`));
$('refresh').onclick = guard(async () => {
  const claims = tokens.claims;
  tokens = { ...(await tokenRequest({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token })), claims };
  show({ refreshed: true, expires_in: tokens.expires_in, scope: tokens.scope });
});
$('logout').onclick = guard(signOut);

guard(async () => {
  await load();
  const params = new URLSearchParams(location.search);
  if (params.has('code') || params.has('error')) {
    await handleCallback(params);
    show({ id_token_claims: tokens.claims, scope: tokens.scope });
  }
})();
