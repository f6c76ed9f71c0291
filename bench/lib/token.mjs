/**
 * The one typical token every library signs and verifies, and the small helpers to build and
 * check it without any JWT library (so a broken library cannot vouch for itself). Runtime-neutral.
 *
 * @module
 */

/** Claims every verifier is configured to require. */
export const ISSUER = 'https://auth.example.com';
export const AUDIENCE = 'api.example.com';
/** Claims of the payload, as an application would pass them. */
export const SUBJECT = 'user-1234';
export const APP_CLAIMS = Object.freeze({ sub: SUBJECT, name: 'Ada Lovelace', role: 'admin' });
/** A fixed jti, so no library pays for random numbers the others skip. */
export const JWT_ID = '5f0c2a3e-8d6b-4c1a-9e7f-1b2c3d4e5f60';
/** Token lifetime in seconds ("15m"). */
export const LIFETIME = 900;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** base64url without padding. */
export function b64url(bytes) {
  let binary = '';
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Decodes base64url (lenient: only used on tokens the bench checks). */
export function unb64url(text) {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The full claims set of the typical token issued at `now` (seconds). */
export function typicalClaims(now, overrides = {}) {
  return { ...APP_CLAIMS, iat: now, exp: now + LIFETIME, iss: ISSUER, aud: AUDIENCE, jti: JWT_ID, ...overrides };
}

/** The signing input `base64url(header).base64url(payload)` as a string and as bytes. */
export function signingInput(alg, claims) {
  const text = `${b64url(encoder.encode(JSON.stringify({ alg, typ: 'JWT' })))}.${b64url(encoder.encode(JSON.stringify(claims)))}`;
  return { text, bytes: encoder.encode(text) };
}

/** Splits a compact token into decoded parts; throws on anything but three parts. */
export function splitToken(token) {
  if (typeof token !== 'string') throw new Error(`expected a compact token string, got ${typeof token}`);
  const parts = token.split('.');
  if (parts.length !== 3) throw new Error('expected a compact token of three parts');
  const [h, p, s] = parts;
  return {
    header: JSON.parse(decoder.decode(unb64url(h))),
    payload: JSON.parse(decoder.decode(unb64url(p))),
    input: encoder.encode(`${h}.${p}`),
    signature: unb64url(s),
  };
}

/**
 * Throws unless `payload` is the typical token's claims set, issued within `slack` seconds of now.
 * Used to assert that each signer produced, and each verifier returned, the right claims.
 */
export function assertTypicalPayload(payload, { fresh = true, slack = 120 } = {}) {
  if (payload === null || typeof payload !== 'object') throw new Error('payload is not an object');
  const aud = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  const expect = { ...APP_CLAIMS, iss: ISSUER, jti: JWT_ID };
  for (const [name, value] of Object.entries(expect)) {
    if (payload[name] !== value) throw new Error(`claim ${name} is ${JSON.stringify(payload[name])}, expected ${JSON.stringify(value)}`);
  }
  if (!aud.includes(AUDIENCE)) throw new Error(`claim aud is ${JSON.stringify(payload.aud)}`);
  if (!Number.isInteger(payload.iat) || !Number.isInteger(payload.exp)) throw new Error('iat/exp are not integers');
  if (fresh) {
    const now = Math.floor(Date.now() / 1000);
    if (Math.abs(payload.iat - now) > slack) throw new Error(`iat ${payload.iat} is not now (${now})`);
    if (payload.exp - payload.iat !== LIFETIME) throw new Error(`exp - iat is ${payload.exp - payload.iat}, expected ${LIFETIME}`);
  }
}

/** Tokens each verifier must reject: expired, wrong issuer, wrong audience (all validly signed). */
export function rejectedClaimSets(now) {
  return {
    expired: typicalClaims(now - 2 * LIFETIME),
    'wrong iss': typicalClaims(now, { iss: 'https://evil.example.com' }),
    'wrong aud': typicalClaims(now, { aud: 'other.example.com' }),
  };
}
