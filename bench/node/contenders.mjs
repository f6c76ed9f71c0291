/**
 * The contenders of the Node suite for one algorithm and operation: webjwt (prepared and plain),
 * the peer libraries, and the two raw limits over the very same signing input. Each library gets
 * its key imported beforehand and is configured to do comparable work: signers set iat, exp (15
 * minutes), iss, aud and jti; verifiers check the signature, exp, iss and aud.
 *
 * @module
 */
import * as nodeCrypto from 'node:crypto';
import * as jose from 'jose';
import { ALG_PARAMS } from '../lib/algs.mjs';
import { minimalRows } from '../lib/minimal.mjs';
import { FRESH_NOTE, FRESH_SUFFIX, loadPeers, peerRows } from '../lib/peers.mjs';
import { APP_CLAIMS, AUDIENCE, ISSUER, JWT_ID, assertTypicalPayload, b64url, rejectedClaimSets, typicalClaims } from '../lib/token.mjs';
import { keyMaterial } from './keys.mjs';
import { assertTypicalToken, oracleToken, rawVerify } from './oracle.mjs';

const { sign: nodeSign, verify: nodeVerify, createHmac, timingSafeEqual } = nodeCrypto;
const { subtle } = nodeCrypto.webcrypto;
const { libs: peerLibs, errors: peerErrors } = await loadPeers();
peerLibs.jose = jose;
const SYNC_NOTE = 'synchronous: runs one at a time in both modes';

/** Everything one algorithm's contenders share: keys, the token to verify, and tokens to reject. */
async function prepare(alg, webjwt) {
  const keys = await keyMaterial(alg);
  if (keys.secret !== undefined) keys.secretBuffer = Buffer.from(keys.secret);
  const now = Math.floor(Date.now() / 1000);
  const good = oracleToken(alg, keys, typicalClaims(now));
  const bad = Object.entries(rejectedClaimSets(now)).map(([label, claims]) => ({ label, token: oracleToken(alg, keys, claims).token }));
  const tamperedSignature = good.signature.slice();
  tamperedSignature[0] ^= 1;
  bad.push({ label: 'a tampered signature', token: `${good.token.slice(0, good.token.lastIndexOf('.'))}.${b64url(tamperedSignature)}` });
  let jwtKeys;
  if (webjwt !== undefined) {
    const isHmac = ALG_PARAMS[alg].family === 'hmac';
    jwtKeys = {
      sign: await webjwt.importKey(isHmac ? keys.secret : keys.privatePem, alg),
      verify: await webjwt.importKey(isHmac ? keys.secret : keys.publicPem, alg),
    };
  }
  return { alg, keys, good, bad, tamperedSignature, input: good.input, jwtKeys };
}

function signers(s, webjwt) {
  const { alg, keys, input } = s;
  const p = ALG_PARAMS[alg];
  const isHmac = p.family === 'hmac';
  const check = (token) => assertTypicalToken(alg, keys, token);
  const signOptions = { expiresIn: '15m', issuer: ISSUER, audience: AUDIENCE, jwtId: JWT_ID };
  const list = [];

  if (webjwt === undefined) {
    list.push({ name: 'webjwt createSigner', library: 'webjwt', kind: 'webjwt', unsupported: 'dist/ not built' });
    list.push({ name: 'webjwt sign', library: 'webjwt', kind: 'webjwt', unsupported: 'dist/ not built' });
  } else {
    const signer = webjwt.createSigner(s.jwtKeys.sign, signOptions);
    list.push({ name: 'webjwt createSigner', library: 'webjwt', kind: 'webjwt', run: () => signer(APP_CLAIMS), check });
    list.push({ name: 'webjwt sign', library: 'webjwt', kind: 'webjwt', run: () => webjwt.sign(APP_CLAIMS, s.jwtKeys.sign, signOptions), check });
  }

  list.push(...peerRows(s, peerLibs, peerErrors, 'sign', check));
  list.push(...minimalRows(s, p, { nodeCrypto, subtle, pool: true }, 'sign', check));

  const checkSignature = (signature) => {
    if (!rawVerify(alg, keys.verifyKeyObject, input, new Uint8Array(signature))) throw new Error('raw signature does not verify');
  };
  list.push({ name: 'limit: crypto.subtle', library: 'crypto.subtle', kind: 'limit', run: () => subtle.sign(p.signParams, keys.signCryptoKey, input), check: checkSignature });
  const keySpec = { key: keys.signKeyObject, ...p.nodeOptions };
  if (isHmac) {
    list.push({ name: 'limit: node:crypto', library: 'node:crypto', kind: 'limit', sequentialOnly: true, note: SYNC_NOTE, run: async () => createHmac(p.nodeHash, keys.signKeyObject).update(input).digest(), check: checkSignature });
  } else {
    list.push({ name: 'limit: node:crypto', library: 'node:crypto', kind: 'limit', sequentialOnly: true, note: SYNC_NOTE, run: async () => nodeSign(p.nodeHash, input, keySpec), check: checkSignature });
    list.push({
      name: 'limit: node:crypto pool',
      library: 'node:crypto',
      kind: 'limit',
      note: 'callback API: runs on the libuv thread pool',
      run: () => new Promise((resolve, reject) => nodeSign(p.nodeHash, input, keySpec, (err, sig) => (err ? reject(err) : resolve(sig)))),
      check: checkSignature,
    });
  }
  return list;
}

function verifiers(s, webjwt) {
  const { alg, keys, good, bad } = s;
  const p = ALG_PARAMS[alg];
  const isHmac = p.family === 'hmac';
  const list = [];
  // A library contender: `verify(token)` resolves to what the library returns; `payloadOf` digs out the claims.
  const library = (name, lib, verifyToken, payloadOf, extra = {}) => ({
    name,
    library: lib,
    kind: lib === 'webjwt' ? 'webjwt' : 'peer',
    run: () => verifyToken(good.token),
    check: (result) => assertTypicalPayload(payloadOf(result), { fresh: false }),
    rejects: bad.map(({ label, token }) => ({ label, attempt: () => verifyToken(token) })),
    ...extra,
  });
  const claimOptions = { issuer: ISSUER, audience: AUDIENCE };
  const viaPayload = (r) => r.payload;

  // A server reads each request's token into a new string: same text, another object, whose hash
  // is not computed yet. From bytes, as the HTTP parser makes it (a flat string, not a slice).
  const tokenBytes = Buffer.from(good.token, 'latin1');
  const freshToken = () => tokenBytes.toString('latin1');

  if (webjwt === undefined) {
    for (const name of ['webjwt createVerifier', 'webjwt verify', 'webjwt createVerifier +cache', `webjwt createVerifier +cache${FRESH_SUFFIX}`]) {
      list.push({ name, library: 'webjwt', kind: 'webjwt', cached: name.includes('+cache'), unsupported: 'dist/ not built' });
    }
  } else {
    list.push(library('webjwt createVerifier', 'webjwt', webjwt.createVerifier(s.jwtKeys.verify, claimOptions), viaPayload));
    list.push(library('webjwt verify', 'webjwt', (t) => webjwt.verify(t, s.jwtKeys.verify, claimOptions), viaPayload));
    // The verified-token cache of createVerifier (opt-in `cache` option): the same string object every
    // call, then a fresh copy per call (its own verifier and cache).
    list.push(library('webjwt createVerifier +cache', 'webjwt', webjwt.createVerifier(s.jwtKeys.verify, { ...claimOptions, cache: true }), viaPayload, { cached: true }));
    const fresh = webjwt.createVerifier(s.jwtKeys.verify, { ...claimOptions, cache: true });
    list.push(library(`webjwt createVerifier +cache${FRESH_SUFFIX}`, 'webjwt', fresh, viaPayload, { cached: true, freshToken: true, note: FRESH_NOTE, run: () => fresh(freshToken()) }));
  }

  list.push(...peerRows(s, peerLibs, peerErrors, 'verify', undefined, { freshToken }));
  list.push(...minimalRows(s, p, { nodeCrypto, subtle, pool: true }, 'verify'));

  list.push(...verifyLimits(s, p, isHmac));
  return list;
}

// The limits check the signature over the same signing input and nothing else.
function verifyLimits({ keys, good, tamperedSignature }, p, isHmac) {
  const input = good.input;
  const limit = (name, lib, verifyBytes, extra = {}) => ({
    name,
    library: lib,
    kind: 'limit',
    run: () => verifyBytes(good.signature),
    check: (ok) => {
      if (ok !== true) throw new Error('the raw limit did not verify the signature');
    },
    rejects: [{ label: 'a tampered signature', attempt: () => verifyBytes(tamperedSignature) }],
    ...extra,
  });
  const sync = { sequentialOnly: true, note: SYNC_NOTE };
  const list = [limit('limit: crypto.subtle', 'crypto.subtle', (sig) => subtle.verify(p.signParams, keys.verifyCryptoKey, sig, input))];
  if (isHmac) {
    list.push(limit('limit: node:crypto', 'node:crypto', async (sig) => {
      const mac = createHmac(p.nodeHash, keys.verifyKeyObject).update(input).digest();
      return mac.length === sig.length && timingSafeEqual(mac, sig);
    }, sync));
  } else {
    const keySpec = { key: keys.verifyKeyObject, ...p.nodeOptions };
    list.push(limit('limit: node:crypto', 'node:crypto', async (sig) => nodeVerify(p.nodeHash, input, keySpec, sig), sync));
    list.push(limit('limit: node:crypto pool', 'node:crypto', (sig) =>
      new Promise((resolve, reject) => nodeVerify(p.nodeHash, input, keySpec, sig, (err, ok) => (err ? reject(err) : resolve(ok)))),
    { note: 'callback API: runs on the libuv thread pool' }));
  }
  return list;
}

/**
 * The contender factory of the Node suite.
 *
 * @param webjwt - The built library (`import('webjwt')`), or undefined when dist/ is missing.
 * @returns `(alg, op) => Promise<Contender[]>`
 */
export function nodeContenders(webjwt) {
  const prepared = new Map();
  return async (alg, op) => {
    // Prepared per algorithm on first use, so the verify token is fresh when its cells run.
    if (!prepared.has(alg)) prepared.set(alg, await prepare(alg, webjwt));
    const s = prepared.get(alg);
    return op === 'sign' ? signers(s, webjwt) : verifiers(s, webjwt);
  };
}
