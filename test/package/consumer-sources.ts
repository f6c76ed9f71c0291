/**
 * What the install-path tests' consumers run: each signs and verifies HS256 and RS256 through the
 * package as installed, checks that a wrong secret is refused, and prints one JSON line
 * ({@link EXPECTED} plus environment-specific fields). The TypeScript variants also pass keys between
 * webjwt and their environment's Web Crypto and `fetch` types, which is where DOM-only declarations
 * used to break Node-only projects.
 *
 * @module
 */

/** The fields every consumer prints. */
export const EXPECTED = { hs: 'hs', rs: 'rs', wrongSecret: 'ERR_JWS_SIGNATURE_INVALID', http: 'http', httpRefused: 401, httpOptions: true };

const SECRET = 'a-secret-of-at-least-32-bytes-for-hs256!';
const OTHER_SECRET = 'another-secret-of-at-least-32-bytes-long';

// The shared body (valid JavaScript and TypeScript): needs `generateKeyPair`, `importKey`, `sign`,
// `verify` in scope and leaves `publicKey` and `result` for the variants' extra checks.
const body = `const secret = await importKey('${SECRET}', 'HS256');
const other = await importKey('${OTHER_SECRET}', 'HS256');
const { privateKey, publicKey } = await generateKeyPair('RS256');
const hs = await verify(await sign({ sub: 'hs' }, secret), secret, { algorithms: ['HS256'] });
const rs = await verify(await sign({ sub: 'rs' }, privateKey), publicKey, { algorithms: ['RS256'] });
const wrongSecret = await verify(await sign({ sub: 'x' }, secret), other).then(
  () => 'accepted',
  (error: { code?: string }) => error.code,
);
const result: Record<string, unknown> = { hs: hs.payload.sub, rs: rs.payload.sub, wrongSecret };
const verifyHs = createVerifier(secret, { algorithms: ['HS256'] });
const authed = await authenticate(\`Bearer \${await sign({ sub: 'http', scope: 'read' }, secret)}\`, verifyHs, { scopes: ['read'] });
const httpRefused = await authenticate('Bearer x.y.z', verifyHs).then(
  () => 'accepted',
  (error: { status?: number }) => error.status,
);
// webjwt/http imports webjwt itself: its JwtError is the app's.
const httpOptions = await authenticate('', verifyHs, { scope: ['read'] } as never).catch((error: unknown) => error instanceof JwtError);
Object.assign(result, { http: authed.payload.sub, httpRefused, httpOptions });
`;

const untyped = (code: string) =>
  code
    .replace('(error: { code?: string })', '(error)')
    .replace('(error: { status?: number })', '(error)')
    .replace('(error: unknown)', '(error)')
    .replace(' as never', '')
    .replace(': Record<string, unknown>', '');

const indent = (code: string) => code.replace(/^(?=.)/gm, '  ');

/** An ES module script (`.mjs`) for Node. */
export const esmScript = `import { createVerifier, generateKeyPair, importKey, JwtError, sign, verify } from 'webjwt';
import { authenticate } from 'webjwt/http';

${untyped(body)}console.log(JSON.stringify(result));
`;

/** A CommonJS script (`.cjs`) for Node. */
export const cjsScript = `const { createVerifier, generateKeyPair, importKey, JwtError, sign, verify } = require('webjwt');
const { authenticate } = require('webjwt/http');

(async () => {
${indent(untyped(body))}  console.log(JSON.stringify(result));
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
`;

// Node-only TypeScript: node's webcrypto keys go into importKey, key.cryptoKey goes to node's subtle,
// the global fetch (undici's types) is a valid `fetch` option.
const nodeExtras = `const jwk: Jwk = await exportJwk(publicKey);
const fromJwk: JwtKey = await importKey(jwk, 'RS256');
const nodeKey = await webcrypto.subtle.importKey('raw', new Uint8Array(32).fill(7), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
const fromCryptoKey: JwtKey = await importKey(nodeKey, 'HS256');
const exported = await webcrypto.subtle.exportKey('jwk', publicKey.cryptoKey);
const remote: KeySet = createRemoteJwks(new URL('https://idp.example/jwks'), { fetch: globalThis.fetch, timeoutMs: 1000 });
// Node's request and the global Response fit webjwt/http's types.
const fromNode = (request: IncomingMessage): string | undefined => bearerToken(request);
const answer = (error: BearerError): Response => bearerErrorResponse(error);
void fromNode;
void answer;
Object.assign(result, { fromJwk: fromJwk.alg, fromCryptoKey: fromCryptoKey.alg, exported: exported.kty, remote: typeof remote.getKey });
`;

const nodeImports = `import { webcrypto } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { createRemoteJwks, createVerifier, exportJwk, generateKeyPair, importKey, JwtError, sign, verify, type Jwk, type JwtKey, type KeySet } from 'webjwt';
import { authenticate, bearerErrorResponse, bearerToken, type BearerError } from 'webjwt/http';
`;

/** A strict Node-only ES module in TypeScript (`.mts`, or `.ts` for bundler resolution). */
export const nodeEsm = `${nodeImports}
${body}${nodeExtras}console.log(JSON.stringify(result));
`;

/** The same as a CommonJS module in TypeScript (`.cts`). */
export const nodeCjs = `${nodeImports}
async function main(): Promise<void> {
${indent(body + nodeExtras)}  console.log(JSON.stringify(result));
}
void main();
`;

/** The fields the Node TypeScript consumers add. */
export const NODE_EXTRAS = { fromJwk: 'RS256', fromCryptoKey: 'HS256', exported: 'RSA', remote: 'function' };

/**
 * A project with the DOM lib (browsers, Deno and Bun run it too): the global crypto's keys and
 * `fetch` fit webjwt's types, and `key.cryptoKey` is the DOM's `CryptoKey`.
 */
export const webModule = `import { createRemoteJwks, createVerifier, exportJwk, generateKeyPair, importKey, JwtError, sign, verify, type Jwk, type JwtKey } from 'webjwt';
import { authenticate, bearerErrorResponse, bearerToken, BearerError } from 'webjwt/http';

${body}const jwk: Jwk = await exportJwk(publicKey);
const fromJwk: JwtKey = await importKey(jwk, 'RS256');
const webKey: CryptoKey = await crypto.subtle.importKey('raw', new Uint8Array(32).fill(7), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
const fromCryptoKey = await importKey(webKey, 'HS256');
const exported: JsonWebKey = await crypto.subtle.exportKey('jwk', publicKey.cryptoKey);
const same: CryptoKey = fromCryptoKey.cryptoKey;
const domJwk: JsonWebKey = jwk;
const reimported: CryptoKey = await crypto.subtle.importKey('jwk', domJwk, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, true, ['verify']);
const remote = createRemoteJwks(new URL('https://idp.example/jwks'), { fetch });
const fromRequest: string | undefined = bearerToken(new Request('https://api.example/', { headers: { authorization: 'Bearer abc' } }));
const response: Response = bearerErrorResponse(new BearerError({ status: 401, description: 'needs a token' }));
Object.assign(result, {
  fromRequest,
  response: response.status,
  fromJwk: fromJwk.alg,
  fromCryptoKey: fromCryptoKey.alg,
  exported: exported.kty,
  remote: typeof remote.getKey,
  same: same === webKey,
  reimported: reimported.type,
});
console.log(JSON.stringify(result));
export {};
`;

/** The fields the web consumers add. */
export const WEB_EXTRAS = { ...NODE_EXTRAS, same: true, reimported: 'public', fromRequest: 'abc', response: 401 };

/**
 * A project with neither the DOM lib nor Node's types (`lib: ["ES2022"]`, `types: []`), such as a
 * worker with its own declarations: type-checked only, since it declares no `console`.
 */
export const bareModule = `import { createRemoteJwks, createVerifier, exportJwk, generateKeyPair, importKey, JwtError, sign, verify, type FetchLike, type Jwk } from 'webjwt';
import { authenticate, bearerToken, type NodeRequestLike } from 'webjwt/http';

${body}const jwk: Jwk = await exportJwk(publicKey);
await importKey(jwk, 'RS256');
await importKey(publicKey.cryptoKey, 'RS256');
const fetchStub: FetchLike = async (url, init) => ({ ok: url.length > 0 && 'accept' in init.headers, status: 200, headers: { get: () => null }, body: null });
createRemoteJwks('https://idp.example/jwks', { fetch: fetchStub });
const nodeLike: NodeRequestLike = { headers: { authorization: 'Bearer abc' }, rawHeaders: ['Authorization', 'Bearer abc'] };
bearerToken(nodeLike);
export const output: Record<string, unknown> = result;
`;
