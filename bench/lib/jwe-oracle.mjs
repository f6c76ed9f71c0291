/**
 * An independent judge of encrypted tokens: compact JWE written and read with raw `crypto.subtle`
 * and JSON, no JOSE library, for the four combinations the bench measures. Every encrypter's token
 * is decrypted by it, and it encrypts the tokens the decrypters are given, so neither library vouches
 * for itself. Runtime-neutral (Node, Deno, Bun).
 *
 * @module
 */
import { b64url, unb64url } from './token.mjs';

const { subtle } = globalThis.crypto;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

const concat = (...parts) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};
const uint32 = (n) => new Uint8Array([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);
const equalBytes = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);

// Content encryption (RFC 7518 sections 5.2 and 5.3): `seal` returns { ciphertext, tag }, `open` the plaintext.
const CONTENT = {
  A256GCM: {
    cekBytes: 32,
    ivBytes: 12,
    async seal(cek, iv, plaintext, aad) {
      const key = await subtle.importKey('raw', cek, 'AES-GCM', false, ['encrypt']);
      const out = new Uint8Array(await subtle.encrypt({ name: 'AES-GCM', iv, additionalData: aad, tagLength: 128 }, key, plaintext));
      return { ciphertext: out.subarray(0, -16), tag: out.subarray(-16) };
    },
    async open(cek, iv, ciphertext, tag, aad) {
      const key = await subtle.importKey('raw', cek, 'AES-GCM', false, ['decrypt']);
      return new Uint8Array(await subtle.decrypt({ name: 'AES-GCM', iv, additionalData: aad, tagLength: 128 }, key, concat(ciphertext, tag)));
    },
  },
  'A256CBC-HS512': {
    cekBytes: 64,
    ivBytes: 16,
    // The first half of the key authenticates, the second encrypts; the tag is HMAC-SHA-512 cut to 32 bytes.
    async mac(cek, aad, iv, ciphertext) {
      const key = await subtle.importKey('raw', cek.subarray(0, 32), { name: 'HMAC', hash: 'SHA-512' }, false, ['sign']);
      const aadBits = concat(uint32(Math.floor((aad.length * 8) / 2 ** 32)), uint32((aad.length * 8) >>> 0));
      return new Uint8Array(await subtle.sign('HMAC', key, concat(aad, iv, ciphertext, aadBits))).subarray(0, 32);
    },
    async seal(cek, iv, plaintext, aad) {
      const key = await subtle.importKey('raw', cek.subarray(32), 'AES-CBC', false, ['encrypt']);
      const ciphertext = new Uint8Array(await subtle.encrypt({ name: 'AES-CBC', iv }, key, plaintext));
      return { ciphertext, tag: await this.mac(cek, aad, iv, ciphertext) };
    },
    async open(cek, iv, ciphertext, tag, aad) {
      if (!equalBytes(await this.mac(cek, aad, iv, ciphertext), tag)) throw new Error('authentication tag does not match');
      const key = await subtle.importKey('raw', cek.subarray(32), 'AES-CBC', false, ['decrypt']);
      return new Uint8Array(await subtle.decrypt({ name: 'AES-CBC', iv }, key, ciphertext));
    },
  },
};

// Concat KDF (RFC 7518 section 4.6.2) for a 256-bit key: one SHA-256 round, empty apu and apv.
async function concatKdf(sharedSecret, enc) {
  const algorithmId = encoder.encode(enc);
  const input = concat(uint32(1), sharedSecret, uint32(algorithmId.length), algorithmId, uint32(0), uint32(0), uint32(256));
  return new Uint8Array(await subtle.digest('SHA-256', input));
}

const ECDH_P256 = { name: 'ECDH', namedCurve: 'P-256' };

// Key management: `wrap` gives { cek, encryptedKey, header }, `unwrap` the CEK back.
const KEY_MANAGEMENT = {
  dir: {
    wrap: async (keys) => ({ cek: keys.secret, encryptedKey: new Uint8Array(0), header: {} }),
    unwrap: async (keys, header, encryptedKey) => {
      if (encryptedKey.length !== 0) throw new Error('dir token carries an encrypted key');
      return keys.secret;
    },
  },
  'RSA-OAEP-256': {
    async wrap(keys, enc) {
      const cek = globalThis.crypto.getRandomValues(new Uint8Array(CONTENT[enc].cekBytes));
      return { cek, encryptedKey: new Uint8Array(await subtle.encrypt({ name: 'RSA-OAEP' }, keys.publicKey, cek)), header: {} };
    },
    unwrap: async (keys, header, encryptedKey) => new Uint8Array(await subtle.decrypt({ name: 'RSA-OAEP' }, keys.privateKey, encryptedKey)),
  },
  'ECDH-ES': {
    async wrap(keys, enc) {
      const ephemeral = await subtle.generateKey(ECDH_P256, true, ['deriveBits']);
      const z = new Uint8Array(await subtle.deriveBits({ name: 'ECDH', public: keys.publicKey }, ephemeral.privateKey, 256));
      const { kty, crv, x, y } = await subtle.exportKey('jwk', ephemeral.publicKey);
      return { cek: await concatKdf(z, enc), encryptedKey: new Uint8Array(0), header: { epk: { kty, crv, x, y } } };
    },
    async unwrap(keys, header, encryptedKey, enc) {
      if (encryptedKey.length !== 0) throw new Error('ECDH-ES token carries an encrypted key');
      const { kty, crv, x, y } = header.epk ?? {};
      const epk = await subtle.importKey('jwk', { kty, crv, x, y }, ECDH_P256, false, []);
      return concatKdf(new Uint8Array(await subtle.deriveBits({ name: 'ECDH', public: epk }, keys.privateKey, 256)), enc);
    },
  },
};

/**
 * A compact JWE of `claims` (header `{ alg, enc, typ: "JWT" }`, plus `epk` for ECDH-ES).
 *
 * @param keys - `{ secret }` for dir, `{ publicKey }` (CryptoKey) for RSA-OAEP-256 and ECDH-ES
 */
export async function oracleEncrypt({ alg, enc }, keys, claims) {
  const wrapped = await KEY_MANAGEMENT[alg].wrap(keys, enc);
  const protectedHeader = b64url(encoder.encode(JSON.stringify({ alg, enc, ...wrapped.header, typ: 'JWT' })));
  const iv = globalThis.crypto.getRandomValues(new Uint8Array(CONTENT[enc].ivBytes));
  const { ciphertext, tag } = await CONTENT[enc].seal(wrapped.cek, iv, encoder.encode(JSON.stringify(claims)), encoder.encode(protectedHeader));
  return [protectedHeader, b64url(wrapped.encryptedKey), b64url(iv), b64url(ciphertext), b64url(tag)].join('.');
}

/**
 * Decrypts a compact JWE made for `{ alg, enc }`; throws unless it is one, with a JSON payload.
 *
 * @param keys - `{ secret }` for dir, `{ privateKey }` (CryptoKey) for RSA-OAEP-256 and ECDH-ES
 * @returns `{ header, payload }`
 */
export async function oracleDecrypt({ alg, enc }, keys, token) {
  if (typeof token !== 'string') throw new Error(`expected a compact JWE string, got ${typeof token}`);
  const parts = token.split('.');
  if (parts.length !== 5) throw new Error('expected a compact JWE of five parts');
  const [protectedHeader, encryptedKey, iv, ciphertext, tag] = parts;
  const header = JSON.parse(decoder.decode(unb64url(protectedHeader)));
  if (header.alg !== alg || header.enc !== enc) throw new Error(`header is ${header.alg}/${header.enc}, expected ${alg}/${enc}`);
  if (header.zip !== undefined) throw new Error('unexpected zip header');
  const cek = await KEY_MANAGEMENT[alg].unwrap(keys, header, unb64url(encryptedKey), enc);
  const plaintext = await CONTENT[enc].open(cek, unb64url(iv), unb64url(ciphertext), unb64url(tag), encoder.encode(protectedHeader));
  return { header, payload: JSON.parse(decoder.decode(plaintext)) };
}

/** The same token with one bit of its authentication tag flipped. */
export function tamperTag(token) {
  const dot = token.lastIndexOf('.');
  const tag = unb64url(token.slice(dot + 1));
  tag[0] ^= 1;
  return `${token.slice(0, dot)}.${b64url(tag)}`;
}
