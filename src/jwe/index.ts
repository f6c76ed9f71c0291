/**
 * The public exports of the encryption (JWE) layer. The functions (lazy.ts) load their
 * implementation on first use; the constants and `isJweKey` are small and stay static.
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
export type { ImportEncryptionKeyOptions } from './import-key.js';
export type { GenerateEncryptionKeyOptions, GenerateEncryptionKeyPairOptions, JweKeyPair } from './generate-key.js';
export type { DecryptCompactResult } from './decrypt-compact.js';
export type { EncryptOptions } from './encrypt.js';
export type { DecryptOptions, DecryptResult } from './decrypt.js';
export type { SignThenEncryptOptions, DecryptThenVerifyOptions, DecryptThenVerifyResult } from './nested.js';
export {
  importEncryptionKey,
  generateEncryptionKey,
  generateEncryptionKeyPair,
  exportEncryptionJwk,
  encryptCompact,
  decryptCompact,
  encrypt,
  decrypt,
  signThenEncrypt,
  decryptThenVerify,
} from './lazy.js';
