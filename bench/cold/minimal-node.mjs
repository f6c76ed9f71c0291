/**
 * The cold-start floor on node:crypto: the least hand-written code that imports the bench's key and
 * signs or verifies its token with the same checks as every library (three parts, strict base64url,
 * the header's `alg`, the signature, JSON, `exp`, `iss`, `aud`). No library; loaded by
 * cold/probe.mjs as library `minimal` so its own import is timed too.
 *
 * @module
 */
import { Buffer } from 'node:buffer';
import { createHmac, createPrivateKey, createPublicKey, sign as signRsa, timingSafeEqual, verify as verifyRsa } from 'node:crypto';

const BASE64URL = /^[A-Za-z0-9_-]*$/;

function decode(segment) {
  if (segment.length % 4 === 1 || !BASE64URL.test(segment)) throw new Error('bad base64url');
  return Buffer.from(segment, 'base64url');
}

/** HS256: the secret's bytes as they are; RS256: a KeyObject of the PEM (SPKI to verify, PKCS#8 to sign). */
export function importKey(alg, material, op) {
  if (alg === 'HS256') return material;
  return op === 'sign' ? createPrivateKey(material) : createPublicKey(material);
}

const signature = (alg, key, input) =>
  alg === 'HS256' ? createHmac('sha256', key).update(input).digest() : signRsa('sha256', Buffer.from(input), key);

/** The token of `claims` (already holding iat, exp, iss, aud, jti). */
export function sign(alg, key, claims) {
  const input = `${Buffer.from(JSON.stringify({ alg, typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  return `${input}.${signature(alg, key, input).toString('base64url')}`;
}

/** The payload of `token` if it is signed by `key` with `alg`, unexpired, from `issuer` for `audience`; throws otherwise. */
export function verify(alg, key, token, { issuer, audience }) {
  const parts = token.split('.');
  if (parts.length !== 3) throw new Error('not three parts');
  if (JSON.parse(decode(parts[0]).toString()).alg !== alg) throw new Error('wrong alg');
  const input = `${parts[0]}.${parts[1]}`;
  const given = decode(parts[2]);
  const ok = alg === 'HS256'
    ? ((mac) => mac.length === given.length && timingSafeEqual(mac, given))(signature(alg, key, input))
    : verifyRsa('sha256', Buffer.from(input), key, given);
  if (!ok) throw new Error('bad signature');
  const payload = JSON.parse(decode(parts[1]).toString());
  if (typeof payload !== 'object' || payload === null) throw new Error('payload is not an object');
  if (typeof payload.exp !== 'number' || payload.exp <= Date.now() / 1000) throw new Error('expired');
  if (payload.iss !== issuer) throw new Error('wrong issuer');
  if (payload.aud !== audience && !(Array.isArray(payload.aud) && payload.aud.includes(audience))) throw new Error('wrong audience');
  return payload;
}
