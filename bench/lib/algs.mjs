/**
 * The algorithms the bench covers, as data: Web Crypto and node:crypto parameters per `alg`.
 * Runtime-neutral (Node, Deno, Bun).
 *
 * @module
 */

/** Every algorithm of the Node suite, in table order. */
export const NODE_ALGS = ['HS256', 'HS384', 'HS512', 'RS256', 'PS256', 'ES256', 'EdDSA'];

/** The algorithms of the Deno/Bun Web Crypto suite (the ones its goals name, plus ES256 and EdDSA). */
export const WEBCRYPTO_ALGS = ['HS256', 'RS256', 'ES256', 'EdDSA'];

const hmac = (hash, bytes) => ({
  family: 'hmac',
  secretBytes: bytes,
  importParams: { name: 'HMAC', hash },
  signParams: { name: 'HMAC' },
  nodeHash: hash.replace('SHA-', 'sha'),
});

/** Per-algorithm parameters. `nodeOptions` are the extra fields node:crypto's sign/verify key object needs. */
export const ALG_PARAMS = {
  HS256: hmac('SHA-256', 32),
  HS384: hmac('SHA-384', 48),
  HS512: hmac('SHA-512', 64),
  RS256: {
    family: 'rsa',
    importParams: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
    signParams: { name: 'RSASSA-PKCS1-v1_5' },
    generateParams: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) },
    nodeHash: 'sha256',
    nodeOptions: {},
  },
  PS256: {
    family: 'rsa',
    importParams: { name: 'RSA-PSS', hash: 'SHA-256' },
    // RFC 7518 section 3.5: salt as long as the hash.
    signParams: { name: 'RSA-PSS', saltLength: 32 },
    generateParams: { name: 'RSA-PSS', hash: 'SHA-256', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) },
    nodeHash: 'sha256',
    nodeOptions: { padding: 6 /* RSA_PKCS1_PSS_PADDING */, saltLength: 32 },
  },
  ES256: {
    family: 'ec',
    importParams: { name: 'ECDSA', namedCurve: 'P-256' },
    signParams: { name: 'ECDSA', hash: 'SHA-256' },
    generateParams: { name: 'ECDSA', namedCurve: 'P-256' },
    nodeHash: 'sha256',
    // JWS carries r||s, not DER.
    nodeOptions: { dsaEncoding: 'ieee-p1363' },
  },
  EdDSA: {
    family: 'ed25519',
    importParams: { name: 'Ed25519' },
    signParams: { name: 'Ed25519' },
    generateParams: { name: 'Ed25519' },
    nodeHash: null,
    nodeOptions: {},
  },
};
