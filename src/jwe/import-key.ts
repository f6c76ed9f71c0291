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

/**
 * Imports key material for one key management algorithm (`alg`) and one content encryption
 * algorithm (`enc`). The key encrypts and decrypts with exactly that pair.
 *
 * - `dir`, AES key wrap (`A*KW`), AES-GCM key wrap (`A*GCMKW`): the secret as bytes or an `oct` JWK, of
 *   exactly the length the algorithm needs (for `dir`, the `enc`'s key length). A string is refused:
 *   it is ambiguous (text? base64?).
 * - PBES2: the password, as a string (UTF-8) or bytes.
 * - RSA-OAEP: PEM (`PUBLIC KEY` or `PRIVATE KEY`) or an RSA JWK, at least 2048 bits.
 * - ECDH-ES: PEM or a JWK on P-256, P-384, P-521 (`EC`) or X25519 (`OKP`).
 *
 * A JWK's own members must fit too: `use`, if present, is `"enc"`; `key_ops`, if present, allow what
 * the key will do; and `alg`, if present, is exactly the `alg` argument (a `dir` key's may name the
 * `enc` instead). A JWK for another algorithm is refused, even one of the same family: a key
 * marked `ECDH-ES` is not imported for `ECDH-ES+A128KW`. One exception: an EC JWK whose `alg` is
 * exactly `"ECDH"`, Web Crypto's name for the key's algorithm, which Deno writes when it exports
 * an ECDH key (`crypto.subtle.exportKey('jwk', key)`), names no JOSE algorithm, so it is read as
 * having no `alg` and the `alg` argument decides. Any other `alg` that is not the argument
 * (`"ecdh"`, `"RSA-OAEP"`, `"ES256"`) is still refused.
 *
 * @param material - The key material.
 * @param alg - The key management algorithm; never taken from the material.
 * @param enc - The content encryption algorithm.
 * @param options - `kid`, `extractable`.
 * @returns A frozen {@link JweKey}: `secret`, `public` (encrypts) or `private` (decrypts).
 * @throws {@link JwtError} `ERR_KEY_INVALID` for unusable material, or a JWK whose `alg`, `use` or `key_ops`
 *   do not fit (messages never contain the material),
 *   `ERR_INVALID_ARGUMENT` for an unknown `alg` or `enc` (naming the nearest one), an unknown option name or
 *   an option of the wrong type.
 *
 * @example
 * ```ts
 * const dir = await importEncryptionKey(secret32Bytes, 'dir', 'A256GCM');
 * const recipient = await importEncryptionKey(publicKeyPem, 'RSA-OAEP-256', 'A256GCM', { kid: '2026-01' });
 * const password = await importEncryptionKey('correct horse battery staple', 'PBES2-HS256+A128KW', 'A128GCM');
 * // A private key exported by Web Crypto (on Deno its JWK has alg "ECDH"): the argument names the JOSE alg.
 * const jwk = await crypto.subtle.exportKey('jwk', ecdhPair.privateKey);
 * const recipientKey = await importEncryptionKey(jwk, 'ECDH-ES+A256KW', 'A256GCM');
 * ```
 *
 * @category Encryption
 */
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
