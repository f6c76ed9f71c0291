// Setup "idp": a pretend identity provider at https://idp.example.com, answered in-process by a
// stubbed `fetch` (discovery document, JWKS, client-credentials token endpoint), and `token`, an
// RFC 9068 access token it issued to user-42 for https://api.example.com.
import * as setupIdpWebjwt from 'webjwt';

const setupIdpOrigin = 'https://idp.example.com';
const setupIdpIssuer = `${setupIdpOrigin}/`;
const setupIdpKeys = await setupIdpWebjwt.generateKeyPair('RS256', { kid: 'idp-2026-01' });
const setupIdpJwks = { keys: [{ ...(await setupIdpWebjwt.exportJwk(setupIdpKeys.publicKey)), use: 'sig' }] };
const setupIdpIssue = (claims: Record<string, unknown>, subject: string) =>
  setupIdpWebjwt.sign(claims, setupIdpKeys.privateKey, {
    issuer: setupIdpIssuer,
    subject,
    audience: 'https://api.example.com',
    expiresIn: '5m',
    typ: 'at+jwt',
    jwtId: true,
  });

globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
  const request = new Request(input, init);
  const url = new URL(request.url);
  if (url.origin !== setupIdpOrigin) throw new TypeError(`docs blocks have no network: ${url.origin}`);
  if (url.pathname === '/.well-known/openid-configuration') {
    return Response.json({
      issuer: setupIdpIssuer,
      jwks_uri: `${setupIdpOrigin}/.well-known/jwks.json`,
      token_endpoint: `${setupIdpOrigin}/oauth/token`,
      id_token_signing_alg_values_supported: ['RS256'],
    });
  }
  if (url.pathname === '/.well-known/jwks.json') return Response.json(setupIdpJwks);
  if (url.pathname === '/oauth/token' && request.method === 'POST') {
    const [clientId, secret] = atob((request.headers.get('authorization') ?? '').replace(/^Basic /, '')).split(':');
    const form = new URLSearchParams(await request.text());
    if (form.get('grant_type') !== 'client_credentials' || secret !== `${clientId}-secret`) {
      return Response.json({ error: 'invalid_client' }, { status: 401 });
    }
    const accessToken = await setupIdpIssue({ client_id: clientId, scope: form.get('scope') ?? '' }, String(clientId));
    return Response.json({ access_token: accessToken, token_type: 'Bearer', expires_in: 300 });
  }
  return new Response('not found', { status: 404 });
};

const token = await setupIdpIssue({ client_id: 'invoices-web', scope: 'openid read:invoices' }, 'user-42');
