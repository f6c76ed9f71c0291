/**
 * `webjwt/http` in every runtime: the bearer token of each header form (RFC 6750 section 2.1), each
 * request shape (Fetch `Request`, `Headers`, a Node-style request, a header string), what
 * `authenticate` answers for each verification failure (status, exact `WWW-Authenticate`, JSON body)
 * and the Fetch `Response` of an error. Errors are recognised by name, never `instanceof`.
 *
 * @module
 */
import * as http from '../../src/http/index.js';
import { assert, assertEqual, type Lib, type Registrar, rejectsWithCode, type Suite } from './harness.js';
import { testKeys } from './test-keys.js';

const NOW = 1_700_000_000;
const clock = () => NOW * 1000;
const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln-_~+/=';

interface Refusal {
  status: number;
  error?: string;
  wwwAuthenticate?: string;
  description?: RegExp;
}

/** Runs `action`, which must throw a BearerError matching `expected`; returns it. */
async function refuses(action: () => unknown, expected: Refusal): Promise<http.BearerError> {
  let outcome: unknown;
  try {
    outcome = await action();
  } catch (err) {
    assert(err instanceof Error && err.name === 'BearerError', `expected a BearerError, got ${String(err)}`);
    const e = err as http.BearerError;
    assertEqual(e.status, expected.status, 'status');
    assertEqual(e.error, expected.error, 'error code');
    if (expected.wwwAuthenticate !== undefined) assertEqual(e.headers['WWW-Authenticate'], expected.wwwAuthenticate, 'WWW-Authenticate');
    if (expected.description !== undefined) assert(expected.description.test(e.description), `description: ${e.description}`);
    return e;
  }
  throw new Error(`expected a BearerError ${expected.status}, got ${JSON.stringify(outcome)}`);
}

const malformed: Refusal = { status: 400, error: 'invalid_request' };

function registerHeaderForms(t: Registrar): void {
  const accepted: [string, string][] = [
    ['Bearer + token', `Bearer ${TOKEN}`],
    ['lower-case scheme', `bearer ${TOKEN}`],
    ['upper-case scheme', `BEARER ${TOKEN}`],
    ['surrounding whitespace (as header parsers strip it)', ` Bearer ${TOKEN}\t`],
    ['token68 with padding', 'Bearer abc=='],
  ];
  for (const [name, header] of accepted) {
    t.test(`accepts ${name}`, () => assertEqual(http.bearerToken(header), header.trim().slice(7)));
  }
  const refused: [string, string][] = [
    ['an empty header', ''],
    ['only whitespace', '   '],
    ['Bearer with no token', 'Bearer'],
    ['Bearer and a space, no token', 'Bearer '],
    ['two spaces', `Bearer  ${TOKEN}`],
    ['a tab instead of the space', `Bearer\t${TOKEN}`],
    ['a token with a space', 'Bearer abc def'],
    ['a comma after the token', `Bearer ${TOKEN},`],
    ['two bearer credentials joined (two headers through Fetch)', `Bearer ${TOKEN}, Bearer ${TOKEN}`],
    ['another scheme, then a bearer (two headers through Fetch)', `Basic dXNlcjpwdw==, Bearer ${TOKEN}`],
    ['padding inside the token', 'Bearer ab=c'],
    ['a quoted token', `Bearer "${TOKEN}"`],
    ['a CR LF inside', `Bearer ${TOKEN}\r\nX-Injected: 1`],
    ['non-ASCII', 'Bearer tökén'],
    ['BearerX (no space)', `Bearer${TOKEN}`],
    ['a scheme that is no token', `(Bearer) ${TOKEN}`],
    ['a header over the size limit', `Bearer ${'a'.repeat(8200)}`],
  ];
  for (const [name, header] of refused) {
    t.test(`refuses ${name} with 400 invalid_request`, async () => {
      await refuses(() => http.bearerToken(header), malformed);
    });
  }
  t.test('another scheme (Basic) is no bearer token: undefined, not an error', () => {
    assertEqual(http.bearerToken('Basic dXNlcjpwdw=='), undefined);
    assertEqual(http.bearerToken('Digest username="a", realm="b"'), undefined);
  });
  t.test('no header: undefined', () => {
    assertEqual(http.bearerToken(undefined), undefined);
    assertEqual(http.bearerToken(null), undefined);
  });
  t.test('maxLength moves the size limit', async () => {
    assertEqual(http.bearerToken(`Bearer ${'a'.repeat(8000)}`), 'a'.repeat(8000));
    await refuses(() => http.bearerToken(`Bearer ${'a'.repeat(100)}`, { maxLength: 50 }), { ...malformed, description: /too long/ });
  });
}

function registerSources(t: Registrar): void {
  const header = `Bearer ${TOKEN}`;
  t.test('reads a Fetch Request, Headers, and wrappers with a raw Request (Hono c.req)', () => {
    const request = new Request('https://api.example/items', { headers: { Authorization: header } });
    assertEqual(http.bearerToken(request), TOKEN);
    assertEqual(http.bearerToken(request.headers), TOKEN);
    assertEqual(http.bearerToken({ raw: request }), TOKEN);
    assertEqual(http.bearerToken(new Request('https://api.example/')), undefined);
  });
  t.test('reads a Node-style request, and refuses two Authorization headers in rawHeaders', async () => {
    const node = { headers: { authorization: header }, rawHeaders: ['Host', 'x', 'Authorization', header], url: '/items' };
    assertEqual(http.bearerToken(node), TOKEN);
    assertEqual(http.bearerToken({ headers: node.headers, raw: node }), TOKEN);
    const twice = { ...node, rawHeaders: ['authorization', header, 'AUTHORIZATION', 'Bearer other'] };
    await refuses(() => http.bearerToken(twice), { ...malformed, description: /more than one Authorization/ });
    // Fastify's request: `headers` without rawHeaders, the IncomingMessage as `raw`.
    await refuses(() => http.bearerToken({ headers: node.headers, raw: twice }), malformed);
    // Express's req also has get(name), which sees only the first header: rawHeaders must win.
    await refuses(() => http.bearerToken({ ...twice, get: () => header } as never), malformed);
    assertEqual(http.bearerToken({ headers: {} }), undefined);
  });
  t.test('refuses a source of another kind with ERR_INVALID_ARGUMENT', async () => {
    await rejectsWithCode(() => http.bearerToken(42 as never), 'ERR_INVALID_ARGUMENT');
    await rejectsWithCode(() => http.bearerToken({ headers: 'x' } as never), 'ERR_INVALID_ARGUMENT');
    await rejectsWithCode(() => http.bearerToken(header, { allowQuerry: true } as never), 'ERR_INVALID_ARGUMENT');
  });
  t.test('ignores access_token in the query unless allowQuery', async () => {
    const url = `https://api.example/items?access_token=${encodeURIComponent(TOKEN)}`;
    assertEqual(http.bearerToken(new Request(url)), undefined);
    assertEqual(http.bearerToken(new Request(url), { allowQuery: true }), TOKEN);
    assertEqual(http.bearerToken({ headers: {}, url: `/items?a=1&access_token=${encodeURIComponent(TOKEN)}#x` }, { allowQuery: true }), TOKEN);
  });
  t.test('with allowQuery, refuses a token in both places, two tokens, and a bad token', async () => {
    const both = new Request(`https://api.example/?access_token=abc`, { headers: { authorization: header } });
    await refuses(() => http.bearerToken(both, { allowQuery: true }), { ...malformed, description: /both/ });
    await refuses(() => http.bearerToken(new Request('https://api.example/?access_token=a&access_token=b'), { allowQuery: true }), malformed);
    await refuses(() => http.bearerToken(new Request('https://api.example/?access_token=a%20b'), { allowQuery: true }), malformed);
    await refuses(() => http.bearerToken(new Request(`https://api.example/?access_token=${'a'.repeat(9000)}`), { allowQuery: true }), malformed);
  });
}

async function setup(lib: Lib) {
  const { hs256 } = await testKeys(lib);
  const store = new lib.MemoryRevocationStore({ clock });
  const verifier = lib.createVerifier(hs256, { clock, audience: 'api', issuer: 'https://auth.example', revocation: store });
  const make = (claims: Record<string, unknown> = {}) =>
    lib.sign({ sub: 'user-1', aud: 'api', iss: 'https://auth.example', exp: NOW + 60, jti: 'id-1', scope: 'items:read items:write', ...claims }, hs256, {
      iat: false,
    });
  return { hs256, store, verifier, make };
}

function registerAuthenticate(t: Registrar, lib: Lib): void {
  const challenge = (rest: string) => `Bearer realm="api"${rest}`;
  const invalid = (description: string) => challenge(`, error="invalid_token", error_description="${description}"`);
  t.test('a valid token with the scopes: the verifier result', async () => {
    const { verifier, make } = await setup(lib);
    const result = await http.authenticate(`Bearer ${await make()}`, verifier, { realm: 'api', scopes: ['items:read'] });
    assertEqual(result.payload.sub, 'user-1');
  });
  t.test('no token: 401 with a bare challenge (no error code, RFC 6750 section 3.1)', async () => {
    const { verifier } = await setup(lib);
    const e = await refuses(() => http.authenticate(undefined, verifier, { realm: 'api' }), { status: 401, wwwAuthenticate: 'Bearer realm="api"' });
    assertEqual(e.body, { error_description: 'The request needs a bearer token' });
    await refuses(() => http.authenticate('Basic dXNlcjpwdw==', verifier), { status: 401, wwwAuthenticate: 'Bearer' });
  });
  t.test('a malformed header: 400 invalid_request with the challenge', async () => {
    const { verifier } = await setup(lib);
    await refuses(() => http.authenticate('Bearer  x', verifier, { realm: 'api' }), {
      ...malformed,
      wwwAuthenticate: challenge(', error="invalid_request", error_description="The Authorization header is not \\"Bearer\\" followed by one space and a token"'),
    });
  });
  const failures: [string, (s: Awaited<ReturnType<typeof setup>>) => Promise<string>, string][] = [
    ['expired', (s) => s.make({ exp: NOW - 1 }), 'The access token expired'],
    ['not yet valid', (s) => s.make({ nbf: NOW + 600 }), 'The access token is not valid yet'],
    ['wrong audience', (s) => s.make({ aud: 'other-api' }), "The access token's aud claim is not accepted"],
    ['wrong issuer', (s) => s.make({ iss: 'https://evil.example' }), "The access token's iss claim is not accepted"],
    // The signature's first character changed (six whole bits), so it differs whatever the key made.
    ['bad signature', async (s) => (await s.make()).replace(/\.([^.])([^.]*)$/, (_, c: string, rest: string) => `.${c === 'A' ? 'B' : 'A'}${rest}`), 'The access token is invalid'],
    ['not a JWT', async () => 'abc.def', 'The access token is invalid'],
    ['revoked', async (s) => {
      s.store.revoke('id-1', NOW + 60);
      return s.make();
    }, 'The access token was revoked'],
  ];
  for (const [name, token, description] of failures) {
    t.test(`${name}: 401 invalid_token, exact challenge, body without the token`, async () => {
      const s = await setup(lib);
      const jwt = await token(s);
      const e = await refuses(() => http.authenticate(`Bearer ${jwt}`, s.verifier, { realm: 'api' }), {
        status: 401,
        error: 'invalid_token',
        wwwAuthenticate: invalid(description),
      });
      assertEqual(e.body, { error: 'invalid_token', error_description: description });
      assert(!JSON.stringify(e.body).includes(jwt) && !e.headers['WWW-Authenticate']!.includes(jwt), 'the token is never echoed');
      assert(e.cause !== undefined && (e.cause as Error).name === 'JwtError', 'the JwtError is kept as cause');
    });
  }
  t.test('missing scope: 403 insufficient_scope naming every required scope', async () => {
    const { verifier, make } = await setup(lib);
    const jwt = await make({ scope: 'items:read' });
    const e = await refuses(() => http.authenticate(`Bearer ${jwt}`, verifier, { realm: 'api', scopes: ['items:read', 'admin'] }), {
      status: 403,
      error: 'insufficient_scope',
      wwwAuthenticate: challenge(', error="insufficient_scope", error_description="The access token lacks a required scope", scope="items:read admin"'),
    });
    assertEqual(e.body, { error: 'insufficient_scope', error_description: 'The access token lacks a required scope', scope: 'items:read admin' });
  });
  t.test('scopes from scp arrays, scp strings; scope wins over scp; wrong types grant nothing', async () => {
    const { verifier, make } = await setup(lib);
    const ok = async (claims: Record<string, unknown>) => http.authenticate(`Bearer ${await make(claims)}`, verifier, { scopes: ['a', 'b'] });
    await ok({ scope: undefined, scp: ['a', 'b', 'c'] });
    await ok({ scope: undefined, scp: 'b a' });
    await ok({ scope: 'a b', scp: [] });
    const forbidden: Refusal = { status: 403, error: 'insufficient_scope' };
    await refuses(async () => ok({ scope: 'a', scp: ['a', 'b'] }), forbidden);
    await refuses(async () => ok({ scope: ['a', 'b'] }), forbidden);
    await refuses(async () => ok({ scope: undefined, scp: [['a'], 'b'] }), forbidden);
    await refuses(async () => ok({ scope: 'ab' }), forbidden);
    assertEqual(http.grantedScopes({ scope: 'a  b a' }), ['a', 'b']);
    assertEqual(http.grantedScopes(null), []);
  });
  t.test('the key resolver, key set or revocation store failing: 503 without a challenge', async () => {
    const s = await setup(lib);
    const jwt = await s.make();
    const resolverDown = lib.createVerifier(
      () => Promise.reject(new Error('database down')),
      { algorithms: ['HS256'], clock, audience: 'api' },
    );
    const e = await refuses(() => http.authenticate(`Bearer ${jwt}`, resolverDown), { status: 503 });
    assertEqual(e.headers, {});
    assertEqual(e.body.error, 'temporarily_unavailable');
    const storeDown = lib.createVerifier(s.hs256, { clock, audience: 'api', revocation: { isRevoked: () => Promise.reject(new Error('redis down')), revoke: () => undefined } });
    await refuses(() => http.authenticate(`Bearer ${jwt}`, storeDown), { status: 503 });
    const jwksDown = async () => {
      throw new lib.JwtError('ERR_JWKS_FETCH_FAILED', 'down');
    };
    await refuses(() => http.authenticate(`Bearer ${jwt}`, jwksDown), { status: 503 });
  });
  t.test("an unknown kid is the client's problem: 401 invalid_token", async () => {
    const s = await setup(lib);
    const jwks = lib.createLocalJwks({ keys: [] });
    const verifier = lib.createVerifier(jwks, { algorithms: ['HS256'], clock });
    await refuses(async () => http.authenticate(`Bearer ${await s.make()}`, verifier), { status: 401, error: 'invalid_token' });
  });
  t.test('other errors of the verifier are rethrown unchanged', async () => {
    const boom = new Error('bug');
    let caught: unknown;
    try {
      await http.authenticate(`Bearer ${TOKEN}`, () => {
        throw boom;
      });
    } catch (err) {
      caught = err;
    }
    assert(caught === boom, 'the same error');
    await rejectsWithCode(() => http.authenticate(`Bearer ${TOKEN}`, () => Promise.reject(new lib.JwtError('ERR_INVALID_ARGUMENT', 'x'))), 'ERR_INVALID_ARGUMENT');
  });
  t.test('bad options and verifiers: ERR_INVALID_ARGUMENT', async () => {
    const { verifier } = await setup(lib);
    await rejectsWithCode(() => http.authenticate(TOKEN, verifier, { scope: ['a'] } as never), 'ERR_INVALID_ARGUMENT');
    await rejectsWithCode(() => http.authenticate(TOKEN, verifier, { scopes: ['a b'] }), 'ERR_INVALID_ARGUMENT');
    await rejectsWithCode(() => http.authenticate(TOKEN, verifier, { scopes: ['a"'] }), 'ERR_INVALID_ARGUMENT');
    await rejectsWithCode(() => http.authenticate(TOKEN, verifier, { realm: 'a\r\nSet-Cookie: x=1' }), 'ERR_INVALID_ARGUMENT');
    await rejectsWithCode(() => http.authenticate(TOKEN, 'key' as never), 'ERR_INVALID_ARGUMENT');
  });
  t.test('realm and descriptions are quoted-strings: quotes and backslashes escaped, control characters dropped', () => {
    const e = new http.BearerError({ status: 401, error: 'invalid_token', description: 'a "b" \\ c\r\nX: y', realm: 'r"\\' });
    assertEqual(e.headers['WWW-Authenticate'], 'Bearer realm="r\\"\\\\", error="invalid_token", error_description="a \\"b\\" \\\\ cX: y"');
  });
}

function registerResponses(t: Registrar, lib: Lib): void {
  t.test('bearerErrorResponse: status, WWW-Authenticate, JSON body, no-store', async () => {
    const { verifier, make } = await setup(lib);
    let error: unknown;
    try {
      await http.authenticate(`Bearer ${await make()}`, verifier, { realm: 'api', scopes: ['admin'] });
    } catch (err) {
      error = err;
    }
    assert(http.isBearerError(error), 'a BearerError');
    const response = http.bearerErrorResponse(error) as Response;
    assertEqual(response.status, 403);
    assertEqual(
      response.headers.get('www-authenticate'),
      'Bearer realm="api", error="insufficient_scope", error_description="The access token lacks a required scope", scope="admin"',
    );
    assertEqual(response.headers.get('content-type'), 'application/json');
    assertEqual(response.headers.get('cache-control'), 'no-store');
    assertEqual(await response.json(), { error: 'insufficient_scope', error_description: 'The access token lacks a required scope', scope: 'admin' });
    assert(!http.isBearerError(new Error('x')) && !http.isBearerError('BearerError'), 'only BearerErrors');
  });
}

/** The `webjwt/http` suite. */
export const httpSuite: Suite = {
  name: 'http',
  register(t, lib) {
    registerHeaderForms(t);
    registerSources(t);
    registerAuthenticate(t, lib);
    registerResponses(t, lib);
  },
};
