/**
 * The contract of key management (RFC 7518 section 4): how the content encryption key (CEK)
 * reaches the recipient. One module per family (`aes-kw.ts`, `aes-gcm-kw.ts`, `rsa-oaep.ts`,
 * `ecdh-es.ts`, `pbes2.ts`); `index.ts` picks one by the table's family. `dir` needs no module:
 * the key is the CEK, and the orchestration uses it as it is.
 *
 * @module
 */
import type { ContentEncryptionAlgorithm, KeyManagementSpec } from '../algorithms.js';
import type { JweKey } from '../key.js';

/** @internal Options of encryption that only some families read. Validated by the public functions. */
export interface KeyEncryptionOptions {
  /** PBES2: iteration count. */
  readonly p2c?: number;
  /** PBES2: salt input (RFC 7518 section 4.8.1.1), at least 8 bytes. Random when absent. */
  readonly p2s?: Uint8Array;
  /** ECDH-ES: Agreement PartyUInfo / PartyVInfo, written to the header as `apu` / `apv`. */
  readonly apu?: Uint8Array;
  readonly apv?: Uint8Array;
}

/** @internal Bounds the decrypting side enforces before any expensive step. */
export interface KeyDecryptionLimits {
  /** PBES2: the largest `p2c` accepted (a huge count is a denial of service). */
  readonly maxPbes2Count: number;
}

/** @internal The result of encrypting a key. */
export interface EncryptedKey {
  /** The CEK the content is encrypted with (random, or for ECDH-ES direct agreement, derived). */
  readonly cek: Uint8Array;
  /** The JWE Encrypted Key segment (empty for ECDH-ES direct agreement). */
  readonly encryptedKey: Uint8Array;
  /** Header parameters the recipient needs (`epk`, `apu`, `apv`, `iv`, `tag`, `p2s`, `p2c`), all base64url-ready JSON values. */
  readonly parameters: Readonly<Record<string, unknown>>;
}

/**
 * @internal What every key management family provides.
 *
 * - `encrypt` makes a random CEK of `enc`'s length (or, for ECDH-ES, derives it) and encrypts it
 *   for the recipient `key` (a `public` key or a `secret`).
 * - `decrypt` recovers the CEK with the recipient's `private` key or `secret`. Header parameters it
 *   reads (`epk`, `iv`, `tag`, `p2s`, `p2c`) are checked first: a missing or ill-formed one is
 *   `ERR_JWT_MALFORMED`, a `p2c` above the limit `ERR_JWE_ALG_NOT_ALLOWED`, an `epk` not on the
 *   key's curve (or a low-order X25519 point) `ERR_JWE_DECRYPTION_FAILED`. Every cryptographic
 *   failure (unwrap, OAEP decoding) is `ERR_JWE_DECRYPTION_FAILED`: the caller turns it into a
 *   random CEK so the failure surfaces only at the content step (RFC 7516 section 11.5).
 * - The returned CEK must be exactly `cekBytes` long; a wrong length is `ERR_JWE_DECRYPTION_FAILED`.
 */
export interface KeyManagement {
  encrypt(
    spec: KeyManagementSpec,
    key: JweKey,
    enc: ContentEncryptionAlgorithm,
    options: KeyEncryptionOptions,
  ): Promise<EncryptedKey>;
  decrypt(
    spec: KeyManagementSpec,
    key: JweKey,
    enc: ContentEncryptionAlgorithm,
    encryptedKey: Uint8Array,
    header: Readonly<Record<string, unknown>>,
    limits: KeyDecryptionLimits,
  ): Promise<Uint8Array>;
}
