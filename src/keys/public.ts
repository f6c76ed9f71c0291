/**
 * The public exports of the keys layer.
 *
 * @module
 */
export { importKey, type KeyMaterial } from './import.js';
export type { ImportKeyOptions } from './import-options.js';
export { importSecret } from './import-secret.js';
export {
  generateSecret,
  generateKeyPair,
  type GenerateSecretOptions,
  type GenerateKeyPairOptions,
  type JwtKeyPair,
} from './generate.js';
export { exportJwk, exportPem } from './export.js';
export { calculateJwkThumbprint } from './thumbprint.js';
export { createLocalJwks, type JsonWebKeySet } from './local-jwks.js';
export { createRemoteJwks, type RemoteJwksOptions, type RemoteKeySet } from './remote-jwks.js';
