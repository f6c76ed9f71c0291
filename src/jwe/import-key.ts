/**
 * `importEncryptionKey`: a JWE key bound to the `alg` and `enc` the caller names. As for
 * `importKey`, the material's encoding is recognised only within the algorithm's family, and the
 * algorithms are never taken from the material.
 *
 * @module
 */
import { isPlainObject } from '../lib/json.js';
import { checkOptions, OPTION_BOOLEAN, OPTION_STRING, optionsSchema } from '../lib/options.js';
import type { KeyMaterial } from '../keys/import.js';
import type { ContentEncryptionAlgorithm, KeyManagementAlgorithm } from './algorithms.js';
import { type JweKey, makeJweKey } from './key.js';
import { keyFamilyFor, specsFor } from './keys/index.js';

/**
 * Options of {@link importEncryptionKey}.
 * Unknown names and values of the wrong type are refused (`ERR_INVALID_ARGUMENT`).
 *
 * @category Encryption
 */
export interface ImportEncryptionKeyOptions {
  /** Key ID, written to the `kid` header when encrypting. Defaults to the JWK's `kid`. */
  kid?: string;
  /** Whether a secret or private key can be exported again. Public keys always can. Default `false`. */
  extractable?: boolean;
}

const IMPORT_ENCRYPTION_KEY_SCHEMA = /* @__PURE__ */ optionsSchema<ImportEncryptionKeyOptions>('importEncryptionKey', {
  kid: OPTION_STRING,
  extractable: OPTION_BOOLEAN,
});

/** @internal The implementation; the public declaration, with its documentation, is in lazy.ts. */
export async function importEncryptionKey(
  material: KeyMaterial,
  alg: KeyManagementAlgorithm,
  enc: ContentEncryptionAlgorithm,
  options?: ImportEncryptionKeyOptions,
): Promise<JweKey> {
  const { km, ce } = specsFor(alg, enc);
  checkOptions(options, IMPORT_ENCRYPTION_KEY_SCHEMA);
  const jwkKid = isPlainObject(material) && typeof material.kid === 'string' ? material.kid : undefined;
  const kid = options?.kid ?? jwkKid;
  const imported = await keyFamilyFor(km).importMaterial(km, ce.enc, material, { extractable: options?.extractable === true });
  return makeJweKey({ alg: km.alg, enc: ce.enc, type: imported.type, kid }, imported.material);
}
