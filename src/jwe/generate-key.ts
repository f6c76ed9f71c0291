/**
 * New JWE keys: random secrets for `dir`, AES key wrap, AES-GCM key wrap and PBES2, and key pairs
 * for RSA-OAEP and ECDH-ES.
 *
 * @module
 */
import { JwtError } from '../errors.js';
import { invalidArgument as invalid } from '../lib/jwt-errors.js';
import { checkOptions, OPTION_BOOLEAN, OPTION_NUMBER, OPTION_STRING, optionsSchema } from '../lib/options.js';
import type { ContentEncryptionAlgorithm, KeyManagementAlgorithm, KeyManagementSpec } from './algorithms.js';
import { type JweKey, makeJweKey } from './key.js';
import { asymmetricKeys } from './keys/asymmetric-keys.js';
import type { FamilyGenerateOptions, ImportedJweKey } from './keys/family-keys.js';
import { isAsymmetric, specsFor } from './keys/index.js';
import { secretKeys } from './keys/secret-keys.js';

/**
 * Options of {@link generateEncryptionKey}.
 * Unknown names and values of the wrong type are refused (`ERR_INVALID_ARGUMENT`).
 *
 * @category Encryption
 */
export interface GenerateEncryptionKeyOptions {
  /** Key ID, written to the `kid` header when encrypting. */
  kid?: string;
  /** Whether the secret can be exported (e.g. with {@link exportEncryptionJwk}). Default `true`. */
  extractable?: boolean;
}

/**
 * Options of {@link generateEncryptionKeyPair}.
 * Unknown names and values of the wrong type are refused (`ERR_INVALID_ARGUMENT`).
 *
 * @category Encryption
 */
export interface GenerateEncryptionKeyPairOptions {
  /** Key ID for both keys. */
  kid?: string;
  /** Whether the private key can be exported. Default `true`. */
  extractable?: boolean;
  /** RSA-OAEP only: modulus size in bits. Default 2048; smaller is refused. */
  modulusLength?: number;
  /** ECDH-ES only: the curve. Default `P-256`. */
  crv?: 'P-256' | 'P-384' | 'P-521' | 'X25519';
}

/**
 * A generated JWE key pair.
 *
 * @category Encryption
 */
export interface JweKeyPair {
  /** Encrypts; give it to whoever sends you tokens (e.g. in a JWKS through {@link exportEncryptionJwk}). */
  publicKey: JweKey;
  /** Decrypts; keep it secret. */
  privateKey: JweKey;
}

const GENERATE_ENCRYPTION_KEY_SCHEMA = /* @__PURE__ */ optionsSchema<GenerateEncryptionKeyOptions>('generateEncryptionKey', {
  kid: OPTION_STRING,
  extractable: OPTION_BOOLEAN,
});

const GENERATE_ENCRYPTION_KEY_PAIR_SCHEMA = /* @__PURE__ */ optionsSchema<GenerateEncryptionKeyPairOptions>('generateEncryptionKeyPair', {
  kid: OPTION_STRING,
  extractable: OPTION_BOOLEAN,
  modulusLength: OPTION_NUMBER,
  crv: OPTION_STRING,
});

const brand = (km: KeyManagementSpec, enc: ContentEncryptionAlgorithm, kid: string | undefined, imported: ImportedJweKey): JweKey =>
  makeJweKey({ alg: km.alg, enc, type: imported.type, kid }, imported.material);

/**
 * Generates a random secret for a secret `alg`: the content encryption key itself for `dir`, a
 * key-encryption key of the algorithm's length for `A*KW` and `A*GCMKW`, a random 32-byte password
 * for PBES2.
 *
 * @param alg - `dir`, `A128KW`, `A192KW`, `A256KW`, `A128GCMKW`, `A192GCMKW`, `A256GCMKW` or a `PBES2-*` algorithm.
 * @param enc - The content encryption algorithm.
 * @param options - `kid`; `extractable` (default `true`, so it can be exported and stored).
 * @returns A secret {@link JweKey}.
 * @throws {@link JwtError} `ERR_INVALID_ARGUMENT` for an unknown `alg` or `enc`, an asymmetric `alg`
 *   (use {@link generateEncryptionKeyPair}), an unknown option name or a value of the wrong type.
 *
 * @example
 * ```ts
 * const key = await generateEncryptionKey('dir', 'A256GCM');
 * const jwk = await exportEncryptionJwk(key); // store jwk.k somewhere safe
 * ```
 *
 * @category Encryption
 */
export async function generateEncryptionKey(
  alg: KeyManagementAlgorithm,
  enc: ContentEncryptionAlgorithm,
  options?: GenerateEncryptionKeyOptions,
): Promise<JweKey> {
  const { km, ce } = specsFor(alg, enc);
  if (isAsymmetric(km)) throw invalid(`${km.alg} needs a key pair: use generateEncryptionKeyPair`);
  checkOptions(options, GENERATE_ENCRYPTION_KEY_SCHEMA);
  const imported = await secretKeys.generate(km, ce.enc, { extractable: options?.extractable !== false });
  return brand(km, ce.enc, options?.kid, imported);
}

// The family checks modulusLength and crv against the alg (asymmetric-keys.ts), once.
function pairOptions(options: GenerateEncryptionKeyPairOptions): FamilyGenerateOptions {
  const { modulusLength, crv } = options;
  return { extractable: options.extractable !== false, modulusLength, crv };
}

/**
 * Generates a key pair for RSA-OAEP or ECDH-ES: the public key encrypts, the private key decrypts.
 *
 * @param alg - An `RSA-OAEP*` or `ECDH-ES*` algorithm.
 * @param enc - The content encryption algorithm.
 * @param options - `kid`, `extractable` (default `true`), `modulusLength` (RSA, default 2048), `crv` (ECDH-ES, default `P-256`).
 * @returns The public and private {@link JweKey}s.
 * @throws {@link JwtError} `ERR_INVALID_ARGUMENT` for an unknown `alg` or `enc`, a secret `alg` (use
 *   {@link generateEncryptionKey}), an option the family does not take, an unknown option name or a value of
 *   the wrong type; `ERR_KEY_INVALID` for RSA under 2048 bits.
 *
 * @example
 * ```ts
 * const { publicKey, privateKey } = await generateEncryptionKeyPair('ECDH-ES+A256KW', 'A256GCM', { crv: 'X25519' });
 * const token = await encrypt({ sub: 'user-1' }, publicKey);
 * const { payload } = await decrypt(token, privateKey);
 * ```
 *
 * @category Encryption
 */
export async function generateEncryptionKeyPair(
  alg: KeyManagementAlgorithm,
  enc: ContentEncryptionAlgorithm,
  options?: GenerateEncryptionKeyPairOptions,
): Promise<JweKeyPair> {
  const { km, ce } = specsFor(alg, enc);
  if (!isAsymmetric(km)) throw invalid(`${km.alg} takes a secret, not a key pair: use generateEncryptionKey`);
  checkOptions(options, GENERATE_ENCRYPTION_KEY_PAIR_SCHEMA);
  const pair = await asymmetricKeys.generatePair(km, ce.enc, pairOptions(options ?? {}));
  return {
    publicKey: brand(km, ce.enc, options?.kid, pair.publicKey),
    privateKey: brand(km, ce.enc, options?.kid, pair.privateKey),
  };
}
