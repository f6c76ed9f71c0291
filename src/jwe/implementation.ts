/**
 * The implementation of the encryption (JWE) functions: what lazy.ts loads on first use, in one
 * chunk. The builds where a dynamic `import()` saves nothing export it directly instead of lazy.ts
 * (tsup.config.ts): the CommonJS build (one file, parsed whole), the browser export (bundlers
 * already leave out what a caller does not import) and the single-file browser module. Same names
 * and signatures as lazy.ts, whose declarations carry the documentation.
 *
 * @module
 */
export { importEncryptionKey } from './import-key.js';
export { generateEncryptionKey, generateEncryptionKeyPair } from './generate-key.js';
export { exportEncryptionJwk } from './export-key.js';
export { encryptCompact } from './encrypt-compact.js';
export { decryptCompact } from './decrypt-compact.js';
export { encrypt } from './encrypt.js';
export { decrypt } from './decrypt.js';
export { signThenEncrypt, decryptThenVerify } from './nested.js';
