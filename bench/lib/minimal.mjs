/**
 * "minimal JWT on native crypto": the least code that correctly verifies (or signs) the bench's
 * token with the same checks every verifier is configured for, on one raw primitive. It is the
 * true limit of a JWT library on that primitive: unlike the raw limits it splits the token, decodes
 * it strictly, checks the header's `alg`, parses the JSON and checks `exp`, `iss` and `aud`; unlike a
 * library it knows its one key, one algorithm and one token shape in advance. Hand-written here on
 * purpose: no library. Runtime-neutral (`node:buffer` exists on Node, Deno and Bun).
 *
 * @module
 */
import { Buffer } from 'node:buffer';
import { APP_CLAIMS, AUDIENCE, ISSUER, JWT_ID, LIFETIME } from './token.mjs';

const BASE64URL = /^[A-Za-z0-9_-]*$/;
const hasFromBase64 = typeof Uint8Array.fromBase64 === 'function';
const decoder = new TextDecoder();

const PADDING = ['', '', '==', '='];

// Strict base64url: the alphabet only, no padding, no impossible length; the runtime's own decoder
// (fromBase64's strict mode also rejects non-zero unused bits, but wants the padding JWS leaves out).
function decode(segment) {
  if (hasFromBase64) {
    if (segment.includes('=')) throw new Error('bad base64url');
    return Uint8Array.fromBase64(segment + PADDING[segment.length % 4], { alphabet: 'base64url', lastChunkHandling: 'strict' });
  }
  if (segment.length % 4 === 1 || !BASE64URL.test(segment)) throw new Error('bad base64url');
  return Buffer.from(segment, 'base64url');
}
const decodeJson = (segment) => JSON.parse(decoder.decode(decode(segment)));
const encode = (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');

function checkClaims(payload) {
  if (typeof payload !== 'object' || payload === null) throw new Error('payload is not an object');
  if (typeof payload.exp !== 'number' || payload.exp <= Date.now() / 1000) throw new Error('expired');
  if (payload.iss !== ISSUER) throw new Error('wrong issuer');
  const aud = payload.aud;
  if (aud !== AUDIENCE && !(Array.isArray(aud) && aud.includes(AUDIENCE))) throw new Error('wrong audience');
  return payload;
}

/**
 * A minimal verifier for `alg` on one primitive.
 *
 * @param alg - the only algorithm it accepts
 * @param verifySignature - `(input: string, signature: Uint8Array) => boolean | Promise<boolean>`; `input`
 *   is `header.payload` as text (ASCII by construction)
 * @returns `(token) => payload`, or a promise of it when the primitive is asynchronous
 */
export function minimalVerifier(alg, verifySignature) {
  const parse = (token) => {
    const first = token.indexOf('.');
    const second = token.indexOf('.', first + 1);
    if (first < 0 || second < 0 || token.indexOf('.', second + 1) >= 0) throw new Error('not three parts');
    if (decodeJson(token.slice(0, first)).alg !== alg) throw new Error('wrong alg');
    return { input: token.slice(0, second), payload: token.slice(first + 1, second), signature: decode(token.slice(second + 1)) };
  };
  const finish = (ok, payload) => {
    if (ok !== true) throw new Error('bad signature');
    return checkClaims(decodeJson(payload));
  };
  return (token) => {
    const t = parse(token);
    const ok = verifySignature(t.input, t.signature);
    return typeof ok === 'boolean' ? finish(ok, t.payload) : ok.then((v) => finish(v, t.payload));
  };
}

/**
 * A minimal signer for `alg` on one primitive: the typical claims with `iat`/`exp` of now.
 *
 * @param signBytes - `(input: string) => Uint8Array | Promise<Uint8Array|ArrayBuffer>`
 * @returns `() => token`, or a promise of it when the primitive is asynchronous
 */
export function minimalSigner(alg, signBytes) {
  const header = Buffer.from(JSON.stringify({ alg, typ: 'JWT' })).toString('base64url');
  const claims = JSON.stringify(APP_CLAIMS).slice(0, -1);
  const tail = `,"iss":${JSON.stringify(ISSUER)},"aud":${JSON.stringify(AUDIENCE)},"jti":${JSON.stringify(JWT_ID)}}`;
  const finish = (input, signature) => `${input}.${encode(signature instanceof Uint8Array ? signature : new Uint8Array(signature))}`;
  return () => {
    const now = Math.floor(Date.now() / 1000);
    const input = `${header}.${Buffer.from(`${claims},"iat":${now},"exp":${now + LIFETIME}${tail}`).toString('base64url')}`;
    const signature = signBytes(input);
    return signature instanceof Uint8Array ? finish(input, signature) : signature.then((s) => finish(input, s));
  };
}

const SYNC_NOTE = 'synchronous: runs one at a time in both modes';

/**
 * The "minimal JWT" rows of a cell, one per primitive the runtime has: synchronous node:crypto,
 * node:crypto's thread pool (asymmetric algorithms, Node only) and crypto.subtle. The goals compare
 * webjwt with the fastest of them.
 *
 * @param s - `{ alg, keys: { signKeyObject, verifyKeyObject, signCryptoKey, verifyCryptoKey }, good, bad }`
 * @param params - the algorithm's `ALG_PARAMS` entry
 * @param primitives - `{ nodeCrypto?, subtle, pool? }`
 * @param op - 'sign' or 'verify'
 * @param check - signer rows: `(token) => void` that throws unless the token is right
 */
export function minimalRows(s, p, { nodeCrypto, subtle, pool = false }, op, check) {
  const { alg, keys } = s;
  const isHmac = p.family === 'hmac';
  const encoder = new TextEncoder();
  const rows = [];
  const row = (name, run, extra) => rows.push({ name: `minimal JWT: ${name}`, library: 'minimal', kind: 'minimal', ...run, ...extra });
  const sync = { sequentialOnly: true, note: SYNC_NOTE };
  if (op === 'verify') {
    const verifyRow = (name, verifySignature, extra = {}) => {
      const verifier = minimalVerifier(alg, verifySignature);
      // Like the peers: a synchronous primitive is wrapped in an async function, an asynchronous one is not.
      const attempt = extra.sequentialOnly ? async (token) => verifier(token) : verifier;
      row(name, {
        run: () => attempt(s.good.token),
        check: (payload) => checkClaims(payload),
        rejects: s.bad.map(({ label, token }) => ({ label, attempt: () => attempt(token) })),
      }, extra);
    };
    if (nodeCrypto !== undefined) {
      const { createHmac, timingSafeEqual, verify } = nodeCrypto;
      const key = keys.verifyKeyObject;
      const spec = { key, ...p.nodeOptions };
      if (isHmac) {
        verifyRow('node:crypto', (input, sig) => {
          const mac = createHmac(p.nodeHash, key).update(input).digest();
          return mac.length === sig.length && timingSafeEqual(mac, sig);
        }, sync);
      } else {
        verifyRow('node:crypto', (input, sig) => verify(p.nodeHash, Buffer.from(input, 'latin1'), spec, sig), sync);
        if (pool) {
          verifyRow('node:crypto pool', (input, sig) => new Promise((resolve, reject) => verify(p.nodeHash, Buffer.from(input, 'latin1'), spec, sig, (err, ok) => (err ? reject(err) : resolve(ok)))), { note: 'callback API: runs on the libuv thread pool' });
        }
      }
    }
    verifyRow('crypto.subtle', (input, sig) => subtle.verify(p.signParams, keys.verifyCryptoKey, sig, encoder.encode(input)));
    return rows;
  }
  const signRow = (name, signBytes, extra = {}) => {
    const signer = minimalSigner(alg, signBytes);
    row(name, { run: extra.sequentialOnly ? async () => signer() : signer, check }, extra);
  };
  if (nodeCrypto !== undefined) {
    const { createHmac, sign } = nodeCrypto;
    const key = keys.signKeyObject;
    const spec = { key, ...p.nodeOptions };
    if (isHmac) {
      signRow('node:crypto', (input) => createHmac(p.nodeHash, key).update(input).digest(), sync);
    } else {
      signRow('node:crypto', (input) => sign(p.nodeHash, Buffer.from(input, 'latin1'), spec), sync);
      if (pool) {
        signRow('node:crypto pool', (input) => new Promise((resolve, reject) => sign(p.nodeHash, Buffer.from(input, 'latin1'), spec, (err, sig) => (err ? reject(err) : resolve(sig)))), { note: 'callback API: runs on the libuv thread pool' });
      }
    }
  }
  signRow('crypto.subtle', (input) => subtle.sign(p.signParams, keys.signCryptoKey, encoder.encode(input)));
  return rows;
}
