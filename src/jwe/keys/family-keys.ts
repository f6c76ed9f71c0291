/**
 * The contract between the public JWE key functions (`import-key.ts`, `generate-key.ts`,
 * `export-key.ts`) and the two key families: secrets (`secret-keys.ts`: `dir`, AES key wrap,
 * AES-GCM key wrap, PBES2 passwords) and asymmetric keys (`asymmetric-keys.ts`: RSA-OAEP, ECDH-ES
 * on P-256/384/521 and X25519).
 *
 * @module
 */
import type { KeyMaterial } from '../../keys/import.js';
import type { ContentEncryptionAlgorithm, KeyManagementSpec } from '../algorithms.js';
import type { JweKey, JweKeyMaterial } from '../key.js';
import type { Jwk } from '../../lib/web-types.js';

/** @internal Options already validated by the public function. */
export interface FamilyImportOptions {
  readonly extractable: boolean;
}

/** @internal An imported key before it is branded. */
export interface ImportedJweKey {
  readonly type: JweKey['type'];
  readonly material: JweKeyMaterial;
}

/** @internal Options of key-pair generation: names and kinds checked by the public function, values by the family. */
export interface FamilyGenerateOptions {
  readonly extractable: boolean;
  /** RSA: modulus length in bits (at least 2048). */
  readonly modulusLength?: number;
  /** ECDH-ES: the curve. */
  readonly crv?: 'P-256' | 'P-384' | 'P-521' | 'X25519';
}

/**
 * @internal What each key family provides. Every failure is a `JwtError`: `ERR_KEY_INVALID` for
 * material that does not fit the `alg`/`enc` (wrong length, wrong family, RSA under 2048 bits, a
 * public key where a private one is needed when that is knowable), `ERR_INVALID_ARGUMENT` for a
 * value that is not key material at all.
 */
export interface KeyFamilyModule {
  importMaterial(
    spec: KeyManagementSpec,
    enc: ContentEncryptionAlgorithm,
    material: KeyMaterial,
    options: FamilyImportOptions,
  ): Promise<ImportedJweKey>;
  /** The key's own JWK members; `exportEncryptionJwk` replaces `alg`, `use`, `kid`, `key_ops` and `ext`. */
  exportJwk(spec: KeyManagementSpec, key: JweKey, material: JweKeyMaterial): Promise<Jwk>;
}

/** @internal The secret family (`secret-keys.ts`): also makes new random secrets. */
export interface SecretKeyFamily extends KeyFamilyModule {
  /** A random secret of the right length for `spec` and `enc` (for PBES2: a random password of 32 bytes). */
  generate(spec: KeyManagementSpec, enc: ContentEncryptionAlgorithm, options: FamilyImportOptions): Promise<ImportedJweKey>;
}

/** @internal The asymmetric family (`asymmetric-keys.ts`): also makes key pairs. */
export interface AsymmetricKeyFamily extends KeyFamilyModule {
  generatePair(
    spec: KeyManagementSpec,
    enc: ContentEncryptionAlgorithm,
    options: FamilyGenerateOptions,
  ): Promise<{ readonly publicKey: ImportedJweKey; readonly privateKey: ImportedJweKey }>;
}
