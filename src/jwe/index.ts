/**
 * The public exports of the encryption (JWE) layer.
 *
 * @module
 */
export {
  KEY_MANAGEMENT_ALGORITHMS,
  CONTENT_ENCRYPTION_ALGORITHMS,
  type KeyManagementAlgorithm,
  type ContentEncryptionAlgorithm,
} from './algorithms.js';
export { isJweKey, type JweKey } from './key.js';
export type { JweHeader } from './header.js';
export type { JweKeyResolver, DecryptKeyInput } from './decrypt-key.js';
export type { EncryptCompactOptions, DecryptCompactOptions } from './options.js';
export { importEncryptionKey, type ImportEncryptionKeyOptions } from './import-key.js';
export {
  generateEncryptionKey,
  generateEncryptionKeyPair,
  type GenerateEncryptionKeyOptions,
  type GenerateEncryptionKeyPairOptions,
  type JweKeyPair,
} from './generate-key.js';
export { exportEncryptionJwk } from './export-key.js';
export { encryptCompact } from './encrypt-compact.js';
export { decryptCompact, type DecryptCompactResult } from './decrypt-compact.js';
export { encrypt, type EncryptOptions } from './encrypt.js';
export { decrypt, type DecryptOptions, type DecryptResult } from './decrypt.js';
export {
  signThenEncrypt,
  decryptThenVerify,
  type SignThenEncryptOptions,
  type DecryptThenVerifyOptions,
  type DecryptThenVerifyResult,
} from './nested.js';
