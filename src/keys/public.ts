/**
 * The public exports of the keys layer.
 *
 * @module
 */
export { importKey, type ImportKeyOptions, type KeyMaterial } from './import.js';
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
