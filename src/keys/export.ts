/**
 * Exporting keys as JWK or PEM.
 *
 * @module
 */
import { JwtError } from '../errors.js';
import { invalidArgument, keyInvalid } from '../lib/jwt-errors.js';
import { exportCryptoKeyBytes, exportCryptoKeyJwk } from '../lib/crypto.js';
import type { Jwk } from '../lib/web-types.js';
import { isJwtKey, type JwtKey } from './key.js';
import { encodePem } from './pem.js';

function checkKey(key: JwtKey): void {
  if (!isJwtKey(key)) throw invalidArgument('Expected a JwtKey');
}

/**
 * Exports a key as a JWK with `alg`, `use: "sig"` and `kid` (if any) filled in.
 *
 * @param key - An extractable key (public keys always are).
 * @returns The JWK; private and secret members included when the key has them.
 * @throws {@link JwtError} `ERR_KEY_INVALID` when the key is not extractable.
 *
 * @example
 * ```ts
 * const { publicKey } = await generateKeyPair('ES256', { kid: 'k1' });
 * const jwks = { keys: [await exportJwk(publicKey)] }; // serve at /.well-known/jwks.json
 * ```
 *
 * @category Keys
 */
export async function exportJwk(key: JwtKey): Promise<Jwk> {
  checkKey(key);
  const { key_ops: _ops, ext: _ext, alg: _alg, ...jwk } = await exportCryptoKeyJwk(key.cryptoKey);
  return { ...jwk, alg: key.alg, use: 'sig', ...(key.kid === undefined ? {} : { kid: key.kid }) };
}

/**
 * Exports an asymmetric key as PEM: SPKI (`PUBLIC KEY`) or PKCS#8 (`PRIVATE KEY`).
 *
 * @param key - A public key, or an extractable private key.
 * @returns PEM text with 64-character lines.
 * @throws {@link JwtError} `ERR_KEY_INVALID` for secrets and non-extractable keys.
 *
 * @example
 * ```ts
 * const { publicKey } = await generateKeyPair('RS256');
 * console.log(await exportPem(publicKey)); // -----BEGIN PUBLIC KEY----- ...
 * ```
 *
 * @category Keys
 */
export async function exportPem(key: JwtKey): Promise<string> {
  checkKey(key);
  if (key.type === 'secret') throw keyInvalid('HMAC secrets have no PEM form; use exportJwk');
  const isPublic = key.type === 'public';
  const der = await exportCryptoKeyBytes(key.cryptoKey, isPublic ? 'spki' : 'pkcs8');
  return encodePem(isPublic ? 'PUBLIC KEY' : 'PRIVATE KEY', der);
}
