/**
 * The JWS algorithm table. Algorithms are data: each row says which Web Crypto parameters,
 * key type, curve and signature length an `alg` needs. Adding an algorithm is adding a row.
 *
 * @module
 */

/**
 * Every JWS algorithm webjwt signs and verifies. `none` is deliberately absent.
 *
 * @category Keys
 */
export type Algorithm =
  | 'HS256'
  | 'HS384'
  | 'HS512'
  | 'RS256'
  | 'RS384'
  | 'RS512'
  | 'PS256'
  | 'PS384'
  | 'PS512'
  | 'ES256'
  | 'ES384'
  | 'ES512'
  | 'EdDSA'
  | 'Ed25519';

/**
 * Key families, named after the JWK `kty` they use.
 *
 * @category Keys
 */
export type KeyFamily = 'oct' | 'RSA' | 'EC' | 'OKP';

/** @internal One row of the table. */
export interface AlgorithmSpec {
  readonly alg: Algorithm;
  readonly kty: KeyFamily;
  /** Web Crypto algorithm name. */
  readonly name: 'HMAC' | 'RSASSA-PKCS1-v1_5' | 'RSA-PSS' | 'ECDSA' | 'Ed25519';
  /** Hash for HMAC/RSA/ECDSA; Ed25519 hashes internally. */
  readonly hash?: 'SHA-256' | 'SHA-384' | 'SHA-512';
  /** Curve for EC and OKP keys. */
  readonly crv?: 'P-256' | 'P-384' | 'P-521' | 'Ed25519';
  /** Exact signature length in bytes where it is fixed by the algorithm (EC: raw r||s, EdDSA). */
  readonly signatureLength?: number;
  /** Minimum secret length in bytes (RFC 7518 section 3.2: at least the hash output). */
  readonly minSecretBytes?: number;
  /** Parameters for `importKey` / `generateKey`. */
  readonly importParams: Readonly<Record<string, unknown>> & { name: string };
  /** Parameters for `sign` / `verify`. */
  readonly signParams: Readonly<Record<string, unknown>> & { name: string };
}

/** Smallest RSA modulus accepted, in bits (NIST SP 800-57, RFC 7518 section 3.3). */
export const MIN_RSA_BITS = 2048;

const hmac = (alg: Algorithm, hash: 'SHA-256' | 'SHA-384' | 'SHA-512', bytes: number): AlgorithmSpec => ({
  alg,
  kty: 'oct',
  name: 'HMAC',
  hash,
  minSecretBytes: bytes,
  importParams: { name: 'HMAC', hash },
  signParams: { name: 'HMAC' },
});

const rsa = (alg: Algorithm, hash: 'SHA-256' | 'SHA-384' | 'SHA-512'): AlgorithmSpec => ({
  alg,
  kty: 'RSA',
  name: 'RSASSA-PKCS1-v1_5',
  hash,
  importParams: { name: 'RSASSA-PKCS1-v1_5', hash },
  signParams: { name: 'RSASSA-PKCS1-v1_5' },
});

// RFC 7518 section 3.5: the salt is as long as the hash output.
const pss = (alg: Algorithm, hash: 'SHA-256' | 'SHA-384' | 'SHA-512', saltLength: number): AlgorithmSpec => ({
  alg,
  kty: 'RSA',
  name: 'RSA-PSS',
  hash,
  importParams: { name: 'RSA-PSS', hash },
  signParams: { name: 'RSA-PSS', saltLength },
});

const ecdsa = (
  alg: Algorithm,
  hash: 'SHA-256' | 'SHA-384' | 'SHA-512',
  crv: 'P-256' | 'P-384' | 'P-521',
  signatureLength: number,
): AlgorithmSpec => ({
  alg,
  kty: 'EC',
  name: 'ECDSA',
  hash,
  crv,
  signatureLength,
  importParams: { name: 'ECDSA', namedCurve: crv },
  signParams: { name: 'ECDSA', hash },
});

const ed25519 = (alg: Algorithm): AlgorithmSpec => ({
  alg,
  kty: 'OKP',
  name: 'Ed25519',
  crv: 'Ed25519',
  signatureLength: 64,
  importParams: { name: 'Ed25519' },
  signParams: { name: 'Ed25519' },
});

// Built in one pure call: a top-level `Object.freeze(...)` (and the helper calls in it) is code a
// bundler must keep, which put the whole table in bundles that need none of it (encryption alone).
const TABLE: Readonly<Record<Algorithm, AlgorithmSpec>> = /* @__PURE__ */ (() =>
  Object.freeze({
    HS256: hmac('HS256', 'SHA-256', 32),
    HS384: hmac('HS384', 'SHA-384', 48),
    HS512: hmac('HS512', 'SHA-512', 64),
    RS256: rsa('RS256', 'SHA-256'),
    RS384: rsa('RS384', 'SHA-384'),
    RS512: rsa('RS512', 'SHA-512'),
    PS256: pss('PS256', 'SHA-256', 32),
    PS384: pss('PS384', 'SHA-384', 48),
    PS512: pss('PS512', 'SHA-512', 64),
    ES256: ecdsa('ES256', 'SHA-256', 'P-256', 64),
    ES384: ecdsa('ES384', 'SHA-384', 'P-384', 96),
    ES512: ecdsa('ES512', 'SHA-512', 'P-521', 132),
    EdDSA: ed25519('EdDSA'),
    // RFC 9864 fully-specified name for the same signature scheme.
    Ed25519: ed25519('Ed25519'),
  }))();

/**
 * Every supported algorithm name, in table order.
 *
 * @category Keys
 */
export const ALGORITHMS: readonly Algorithm[] = /* @__PURE__ */ Object.freeze(/* @__PURE__ */ Object.keys(TABLE) as Algorithm[]);

/** @internal The row for `alg`, or `undefined` for anything unknown (including `none` in any casing). */
export function algorithmSpec(alg: unknown): AlgorithmSpec | undefined {
  // hasOwn, so that names like `constructor` or `__proto__` never match.
  return typeof alg === 'string' && Object.hasOwn(TABLE, alg)
    ? TABLE[alg as Algorithm]
    : undefined;
}

/**
 * @internal The first algorithm whose import parameters a key's own parameters match: the Web Crypto
 * name, and the hash (HMAC, RSA) or the curve (ECDSA) where the row has one; so `EdDSA` for
 * Ed25519 keys (its row comes first). Compared to the rows' strings, so `toString` matches nothing.
 */
export function algorithmForKeyParams(name: unknown, hash: unknown, curve: unknown): Algorithm | undefined {
  for (const alg in TABLE) {
    const params = TABLE[alg as Algorithm].importParams;
    if (params.name === name && (params.hash ?? hash) === hash && (params.namedCurve ?? curve) === curve) return alg as Algorithm;
  }
  return undefined;
}

/**
 * True when `alg` names an algorithm webjwt supports (`none`, in any casing, never does).
 *
 * @param alg - Any value, e.g. a token header's `alg`.
 * @returns Whether `alg` is one of {@link ALGORITHMS}.
 * @throws Never.
 *
 * @example
 * ```ts
 * isAlgorithm('ES256'); // true
 * isAlgorithm('none'); // false
 * ```
 *
 * @category Keys
 */
export function isAlgorithm(alg: unknown): alg is Algorithm {
  return algorithmSpec(alg) !== undefined;
}
