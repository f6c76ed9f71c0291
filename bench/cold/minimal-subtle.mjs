/**
 * The cold-start floor on Web Crypto (`crypto.subtle`): the same as cold/minimal-node.mjs with no
 * Node module at all, for runtimes where Web Crypto serves a fresh process's first token sooner.
 *
 * @module
 */
const BASE64URL = /^[A-Za-z0-9_-]*$/;
const encoder = new TextEncoder();
const decoder = new TextDecoder();
const PARAMS = { HS256: { name: 'HMAC', hash: 'SHA-256' }, RS256: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } };

function decode(segment) {
  if (segment.length % 4 === 1 || !BASE64URL.test(segment)) throw new Error('bad base64url');
  return Uint8Array.from(atob(segment.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
}

function encode(bytes) {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** HS256: the secret's bytes; RS256: the PEM's DER (SPKI to verify, PKCS#8 to sign). */
export function importKey(alg, material, op) {
  if (alg === 'HS256') return crypto.subtle.importKey('raw', material, PARAMS.HS256, false, [op]);
  const der = Uint8Array.from(atob(material.replace(/-----[^-]+-----|\s/g, '')), (c) => c.charCodeAt(0));
  return crypto.subtle.importKey(op === 'sign' ? 'pkcs8' : 'spki', der, PARAMS.RS256, false, [op]);
}

/** The token of `claims` (already holding iat, exp, iss, aud, jti). */
export async function sign(alg, key, claims) {
  const input = `${encode(encoder.encode(JSON.stringify({ alg, typ: 'JWT' })))}.${encode(encoder.encode(JSON.stringify(claims)))}`;
  return `${input}.${encode(new Uint8Array(await crypto.subtle.sign(PARAMS[alg], key, encoder.encode(input))))}`;
}

/** The payload of `token` if it is signed by `key` with `alg`, unexpired, from `issuer` for `audience`; throws otherwise. */
export async function verify(alg, key, token, { issuer, audience }) {
  const parts = token.split('.');
  if (parts.length !== 3) throw new Error('not three parts');
  if (JSON.parse(decoder.decode(decode(parts[0]))).alg !== alg) throw new Error('wrong alg');
  if (!(await crypto.subtle.verify(PARAMS[alg], key, decode(parts[2]), encoder.encode(`${parts[0]}.${parts[1]}`)))) throw new Error('bad signature');
  const payload = JSON.parse(decoder.decode(decode(parts[1])));
  if (typeof payload !== 'object' || payload === null) throw new Error('payload is not an object');
  if (typeof payload.exp !== 'number' || payload.exp <= Date.now() / 1000) throw new Error('expired');
  if (payload.iss !== issuer) throw new Error('wrong issuer');
  if (payload.aud !== audience && !(Array.isArray(payload.aud) && payload.aud.includes(audience))) throw new Error('wrong audience');
  return payload;
}
