/**
 * An independent judge of tokens on Node: raw node:crypto plus JSON, no JWT library. Every signer's
 * output is checked by it, and it signs the tokens the verifiers are given.
 *
 * @module
 */
import { createHmac, sign as nodeSign, timingSafeEqual, verify as nodeVerify } from 'node:crypto';
import { ALG_PARAMS } from '../lib/algs.mjs';
import { assertTypicalPayload, b64url, signingInput, splitToken } from '../lib/token.mjs';

/** The raw signature of `bytes` with node:crypto. */
export function rawSign(alg, keyObject, bytes) {
  const p = ALG_PARAMS[alg];
  if (p.family === 'hmac') return createHmac(p.nodeHash, keyObject).update(bytes).digest();
  return nodeSign(p.nodeHash, bytes, { key: keyObject, ...p.nodeOptions });
}

/** True when `signature` is valid for `bytes` under the verification key. */
export function rawVerify(alg, keyObject, bytes, signature) {
  const p = ALG_PARAMS[alg];
  if (p.family === 'hmac') {
    const expected = createHmac(p.nodeHash, keyObject).update(bytes).digest();
    return expected.length === signature.length && timingSafeEqual(expected, signature);
  }
  return nodeVerify(p.nodeHash, bytes, { key: keyObject, ...p.nodeOptions }, signature);
}

/** A compact token over `claims` with header `{ alg, typ: 'JWT' }`, signed by node:crypto. */
export function oracleToken(alg, keys, claims) {
  const input = signingInput(alg, claims);
  const signature = new Uint8Array(rawSign(alg, keys.signKeyObject, input.bytes));
  return { token: `${input.text}.${b64url(signature)}`, input: input.bytes, signature };
}

/** Throws unless `token` is a valid `alg` JWT of the typical claims, signed by `keys`, issued now. */
export function assertTypicalToken(alg, keys, token) {
  const { header, payload, input, signature } = splitToken(token);
  if (header.alg !== alg) throw new Error(`header alg is ${header.alg}, expected ${alg}`);
  if (header.typ !== undefined && header.typ !== 'JWT') throw new Error(`header typ is ${header.typ}`);
  if (!rawVerify(alg, keys.verifyKeyObject, input, signature)) throw new Error('signature does not verify');
  assertTypicalPayload(payload);
}
