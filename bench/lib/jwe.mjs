/**
 * The JWE part of the bench (issue 15): webjwt's claims API (`encrypt` / `decrypt`) against jose's
 * (`EncryptJWT` / `jwtDecrypt`), on the same keys and the same claims as the JWS rows, for the
 * combinations applications use most. Both libraries encrypt with Web Crypto on every runtime, so
 * this module runs unchanged on Node, Deno and Bun. Runtime-neutral.
 *
 * @module
 */
import { oracleDecrypt, oracleEncrypt, tamperTag } from './jwe-oracle.mjs';
import { APP_CLAIMS, AUDIENCE, ISSUER, JWT_ID, assertTypicalPayload, rejectedClaimSets, typicalClaims } from './token.mjs';

const { subtle } = globalThis.crypto;

/**
 * The JWE cells: `cell` is the cell's name in ids and tables (`runtime/cell/op/mode/contender`, e.g.
 * `node/JWE dir A256GCM/encrypt/seq/jose`), `alg` and `enc` its header.
 */
export const JWE_CELLS = [
  { cell: 'JWE dir A256GCM', alg: 'dir', enc: 'A256GCM' },
  { cell: 'JWE ECDH-ES A256GCM', alg: 'ECDH-ES', enc: 'A256GCM' },
  { cell: 'JWE RSA-OAEP-256 A256GCM', alg: 'RSA-OAEP-256', enc: 'A256GCM' },
  // What Auth.js puts in its session cookies.
  { cell: 'JWE dir A256CBC-HS512', alg: 'dir', enc: 'A256CBC-HS512' },
];
/** The operations of a JWE cell. */
export const JWE_OPS = ['encrypt', 'decrypt'];

const SECRET_BYTES = { A256GCM: 32, 'A256CBC-HS512': 64 };
const RSA_OAEP_256 = { name: 'RSA-OAEP', hash: 'SHA-256', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) };
const ECDH_P256 = { name: 'ECDH', namedCurve: 'P-256' };

/**
 * Keys of one cell, made once with `crypto.subtle` and given to each library in the form it takes:
 * webjwt a `JweKey` (`importEncryptionKey` of the secret or the JWK), jose a `CryptoKey` (for
 * A256CBC-HS512, whose key is split in two, the secret bytes: jose takes no other form).
 */
async function keyMaterial({ alg, enc }, webjwt) {
  const keys = {};
  if (alg === 'dir') {
    keys.secret = globalThis.crypto.getRandomValues(new Uint8Array(SECRET_BYTES[enc]));
    const jose = enc === 'A256GCM' ? await subtle.importKey('raw', keys.secret, 'AES-GCM', false, ['encrypt', 'decrypt']) : keys.secret;
    keys.jose = { encrypt: jose, decrypt: jose };
  } else {
    const pair = alg === 'ECDH-ES' ? await subtle.generateKey(ECDH_P256, true, ['deriveBits']) : await subtle.generateKey(RSA_OAEP_256, true, ['encrypt', 'decrypt']);
    Object.assign(keys, pair);
    keys.jose = { encrypt: pair.publicKey, decrypt: pair.privateKey };
  }
  if (webjwt?.importEncryptionKey !== undefined) {
    // The key's own members only: Deno exports ECDH keys with `alg: "ECDH"`, which is no JOSE algorithm.
    const jwk = async (key) => {
      const { alg, key_ops, ext, ...members } = await subtle.exportKey('jwk', key);
      return members;
    };
    const material = async (key) => (keys.secret !== undefined ? keys.secret : jwk(key));
    keys.webjwt = {
      encrypt: await webjwt.importEncryptionKey(await material(keys.publicKey), alg, enc),
      decrypt: await webjwt.importEncryptionKey(await material(keys.privateKey), alg, enc),
    };
  }
  return keys;
}

async function prepare(spec, webjwt) {
  const keys = await keyMaterial(spec, webjwt);
  const now = Math.floor(Date.now() / 1000);
  const good = await oracleEncrypt(spec, keys, typicalClaims(now));
  const bad = [];
  for (const [label, claims] of Object.entries(rejectedClaimSets(now))) bad.push({ label, token: await oracleEncrypt(spec, keys, claims) });
  bad.push({ label: 'a tampered authentication tag', token: tamperTag(good) });
  return { ...spec, keys, good, bad };
}

// Every encrypted token must decrypt, by raw Web Crypto, to the typical claims issued now.
async function checkToken(s, token) {
  const { header, payload } = await oracleDecrypt(s, s.keys, token);
  if (header.typ !== 'JWT') throw new Error(`header typ is ${header.typ}, expected JWT`);
  assertTypicalPayload(payload);
}

function encrypters(s, webjwt, jose) {
  const check = (token) => checkToken(s, token);
  const list = [];
  if (s.keys.webjwt === undefined) list.push({ name: 'webjwt encrypt', library: 'webjwt', kind: 'webjwt', unsupported: webjwt === undefined ? 'webjwt not built' : 'this build has no JWE' });
  else {
    const options = { expiresIn: '15m', issuer: ISSUER, audience: AUDIENCE, jwtId: JWT_ID };
    list.push({ name: 'webjwt encrypt', library: 'webjwt', kind: 'webjwt', run: () => webjwt.encrypt(APP_CLAIMS, s.keys.webjwt.encrypt, options), check });
  }
  // EncryptJWT keeps the object it is given, so each token gets its own copy; typ as webjwt writes it.
  const header = { alg: s.alg, enc: s.enc, typ: 'JWT' };
  list.push({
    name: 'jose',
    library: 'jose',
    kind: 'peer',
    run: () =>
      new jose.EncryptJWT({ ...APP_CLAIMS }).setProtectedHeader(header).setIssuedAt().setExpirationTime('15m')
        .setIssuer(ISSUER).setAudience(AUDIENCE).setJti(JWT_ID).encrypt(s.keys.jose.encrypt),
    check,
  });
  return list;
}

function decrypters(s, webjwt, jose) {
  // `decryptToken(token)` resolves to what the library returns, whose `payload` holds the claims.
  const row = (name, library, kind, decryptToken) => ({
    name,
    library,
    kind,
    run: () => decryptToken(s.good),
    check: (result) => assertTypicalPayload(result.payload, { fresh: false }),
    rejects: s.bad.map(({ label, token }) => ({ label, attempt: () => decryptToken(token) })),
  });
  const claimOptions = { issuer: ISSUER, audience: AUDIENCE };
  const list = [];
  if (s.keys.webjwt === undefined) list.push({ name: 'webjwt decrypt', library: 'webjwt', kind: 'webjwt', unsupported: webjwt === undefined ? 'webjwt not built' : 'this build has no JWE' });
  // The JweKey is bound to its alg and enc: no algorithm lists to pass.
  else list.push(row('webjwt decrypt', 'webjwt', 'webjwt', (t) => webjwt.decrypt(t, s.keys.webjwt.decrypt, claimOptions)));
  const joseOptions = { ...claimOptions, keyManagementAlgorithms: [s.alg], contentEncryptionAlgorithms: [s.enc] };
  list.push(row('jose', 'jose', 'peer', (t) => jose.jwtDecrypt(t, s.keys.jose.decrypt, joseOptions)));
  return list;
}

/**
 * The contender factory of the JWE part, for `runSuite` with `algs: JWE_CELLS.map((c) => c.cell)`
 * and `ops: JWE_OPS`.
 *
 * @param libs.webjwt - webjwt's exports (Node build or browser bundle), or undefined when not built.
 * @param libs.jose - jose (its Web API build: jose 6 has no other).
 * @returns `(cell, op) => Promise<Contender[]>`
 */
export function jweContenders({ webjwt, jose }) {
  const prepared = new Map();
  return async (cell, op) => {
    // Prepared per cell on first use, so the token to decrypt is fresh when its cells run.
    if (!prepared.has(cell)) prepared.set(cell, await prepare(JWE_CELLS.find((c) => c.cell === cell), webjwt));
    const s = prepared.get(cell);
    return op === 'encrypt' ? encrypters(s, webjwt, jose) : decrypters(s, webjwt, jose);
  };
}
