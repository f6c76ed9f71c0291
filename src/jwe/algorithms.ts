/**
 * The JWE algorithm tables (RFC 7518 sections 4 and 5). As on the JWS side, algorithms are data:
 * each row says which family handles an `alg` or `enc` and with which sizes. `RSA1_5` is
 * deliberately absent (Bleichenbacher's padding oracle), as is `none`.
 *
 * @module
 */

/**
 * Every JWE key management algorithm (`alg`) webjwt encrypts and decrypts with.
 *
 * @category Encryption
 */
export type KeyManagementAlgorithm =
  | 'dir'
  | 'A128KW'
  | 'A192KW'
  | 'A256KW'
  | 'A128GCMKW'
  | 'A192GCMKW'
  | 'A256GCMKW'
  | 'RSA-OAEP'
  | 'RSA-OAEP-256'
  | 'RSA-OAEP-384'
  | 'RSA-OAEP-512'
  | 'ECDH-ES'
  | 'ECDH-ES+A128KW'
  | 'ECDH-ES+A192KW'
  | 'ECDH-ES+A256KW'
  | 'PBES2-HS256+A128KW'
  | 'PBES2-HS384+A192KW'
  | 'PBES2-HS512+A256KW';

/**
 * Every JWE content encryption algorithm (`enc`).
 *
 * @category Encryption
 */
export type ContentEncryptionAlgorithm =
  | 'A128GCM'
  | 'A192GCM'
  | 'A256GCM'
  | 'A128CBC-HS256'
  | 'A192CBC-HS384'
  | 'A256CBC-HS512';

/** @internal How a key management algorithm gets the content encryption key (CEK) to the recipient. */
export type KeyManagementFamily = 'dir' | 'aes-kw' | 'aes-gcm-kw' | 'rsa-oaep' | 'ecdh-es' | 'ecdh-es-kw' | 'pbes2';

/** @internal One row of the key management table. */
export interface KeyManagementSpec {
  readonly alg: KeyManagementAlgorithm;
  readonly family: KeyManagementFamily;
  /** Key-encryption key length in bytes (AES key wrap, AES-GCM key wrap, the KW step of ECDH-ES+KW and PBES2). */
  readonly kekBytes?: 16 | 24 | 32;
  /** Hash of RSA-OAEP and of PBES2's PBKDF2. */
  readonly hash?: 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512';
}

/** @internal One row of the content encryption table. */
export interface ContentEncryptionSpec {
  readonly enc: ContentEncryptionAlgorithm;
  readonly family: 'gcm' | 'cbc-hmac';
  /** CEK length in bytes (for CBC-HMAC: MAC key and encryption key together, RFC 7518 section 5.2). */
  readonly cekBytes: 16 | 24 | 32 | 48 | 64;
  /** Exact IV length in bytes. */
  readonly ivBytes: 12 | 16;
  /** Exact authentication tag length in bytes (GCM tags must be full length). */
  readonly tagBytes: 16 | 24 | 32;
  /** CBC-HMAC only: the HMAC hash. */
  readonly hash?: 'SHA-256' | 'SHA-384' | 'SHA-512';
}

const KEY_MANAGEMENT: Readonly<Record<KeyManagementAlgorithm, KeyManagementSpec>> = {
  dir: { alg: 'dir', family: 'dir' },
  A128KW: { alg: 'A128KW', family: 'aes-kw', kekBytes: 16 },
  A192KW: { alg: 'A192KW', family: 'aes-kw', kekBytes: 24 },
  A256KW: { alg: 'A256KW', family: 'aes-kw', kekBytes: 32 },
  A128GCMKW: { alg: 'A128GCMKW', family: 'aes-gcm-kw', kekBytes: 16 },
  A192GCMKW: { alg: 'A192GCMKW', family: 'aes-gcm-kw', kekBytes: 24 },
  A256GCMKW: { alg: 'A256GCMKW', family: 'aes-gcm-kw', kekBytes: 32 },
  'RSA-OAEP': { alg: 'RSA-OAEP', family: 'rsa-oaep', hash: 'SHA-1' },
  'RSA-OAEP-256': { alg: 'RSA-OAEP-256', family: 'rsa-oaep', hash: 'SHA-256' },
  'RSA-OAEP-384': { alg: 'RSA-OAEP-384', family: 'rsa-oaep', hash: 'SHA-384' },
  'RSA-OAEP-512': { alg: 'RSA-OAEP-512', family: 'rsa-oaep', hash: 'SHA-512' },
  'ECDH-ES': { alg: 'ECDH-ES', family: 'ecdh-es' },
  'ECDH-ES+A128KW': { alg: 'ECDH-ES+A128KW', family: 'ecdh-es-kw', kekBytes: 16 },
  'ECDH-ES+A192KW': { alg: 'ECDH-ES+A192KW', family: 'ecdh-es-kw', kekBytes: 24 },
  'ECDH-ES+A256KW': { alg: 'ECDH-ES+A256KW', family: 'ecdh-es-kw', kekBytes: 32 },
  'PBES2-HS256+A128KW': { alg: 'PBES2-HS256+A128KW', family: 'pbes2', hash: 'SHA-256', kekBytes: 16 },
  'PBES2-HS384+A192KW': { alg: 'PBES2-HS384+A192KW', family: 'pbes2', hash: 'SHA-384', kekBytes: 24 },
  'PBES2-HS512+A256KW': { alg: 'PBES2-HS512+A256KW', family: 'pbes2', hash: 'SHA-512', kekBytes: 32 },
};

const CONTENT_ENCRYPTION: Readonly<Record<ContentEncryptionAlgorithm, ContentEncryptionSpec>> = {
  A128GCM: { enc: 'A128GCM', family: 'gcm', cekBytes: 16, ivBytes: 12, tagBytes: 16 },
  A192GCM: { enc: 'A192GCM', family: 'gcm', cekBytes: 24, ivBytes: 12, tagBytes: 16 },
  A256GCM: { enc: 'A256GCM', family: 'gcm', cekBytes: 32, ivBytes: 12, tagBytes: 16 },
  'A128CBC-HS256': { enc: 'A128CBC-HS256', family: 'cbc-hmac', cekBytes: 32, ivBytes: 16, tagBytes: 16, hash: 'SHA-256' },
  'A192CBC-HS384': { enc: 'A192CBC-HS384', family: 'cbc-hmac', cekBytes: 48, ivBytes: 16, tagBytes: 24, hash: 'SHA-384' },
  'A256CBC-HS512': { enc: 'A256CBC-HS512', family: 'cbc-hmac', cekBytes: 64, ivBytes: 16, tagBytes: 32, hash: 'SHA-512' },
};

/**
 * Every key management algorithm, in table order.
 *
 * @category Encryption
 */
export const KEY_MANAGEMENT_ALGORITHMS: readonly KeyManagementAlgorithm[] = /* @__PURE__ */ Object.freeze(
  /* @__PURE__ */ Object.keys(KEY_MANAGEMENT) as KeyManagementAlgorithm[],
);

/**
 * Every content encryption algorithm, in table order.
 *
 * @category Encryption
 */
export const CONTENT_ENCRYPTION_ALGORITHMS: readonly ContentEncryptionAlgorithm[] = /* @__PURE__ */ Object.freeze(
  /* @__PURE__ */ Object.keys(CONTENT_ENCRYPTION) as ContentEncryptionAlgorithm[],
);

/** @internal The row for `alg`, or undefined for anything else (including inherited names such as `toString`). */
export function keyManagementSpec(alg: unknown): KeyManagementSpec | undefined {
  return typeof alg === 'string' && Object.hasOwn(KEY_MANAGEMENT, alg) ? KEY_MANAGEMENT[alg as KeyManagementAlgorithm] : undefined;
}

/** @internal The row for `enc`, or undefined for anything else. */
export function contentEncryptionSpec(enc: unknown): ContentEncryptionSpec | undefined {
  return typeof enc === 'string' && Object.hasOwn(CONTENT_ENCRYPTION, enc)
    ? CONTENT_ENCRYPTION[enc as ContentEncryptionAlgorithm]
    : undefined;
}

/**
 * @internal Why a registered algorithm is deliberately not offered, in parentheses, for error
 * messages; empty for any other name. RSA1_5 is the one: a recipient that decrypts it is a
 * padding oracle (Bleichenbacher), and the library keeps no code that could become one.
 */
export function whyRefused(name: unknown): string {
  return name === 'RSA1_5' ? " (RSA PKCS #1 v1.5 key encryption is open to Bleichenbacher's padding oracle attack; use RSA-OAEP-256)" : '';
}
