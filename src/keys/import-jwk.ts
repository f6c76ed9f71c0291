/**
 * Importing a JWK object for one algorithm: an `oct` JWK as an HMAC secret, any other as a public or
 * private key of the algorithm's family. Used by `importKey` and by JWKS key sets (no PEM parsing).
 *
 * @module
 */
import { keyInvalid } from '../lib/jwt-errors.js';
import type { AlgorithmSpec } from '../lib/algorithms.js';
import { decodeBase64url } from '../lib/base64url.js';
import { importCryptoKey } from '../lib/crypto.js';
import { importSecretBytes, type SecretImportOptions } from './import-secret.js';
import { checkJwk, jwkModulus, webCryptoJwk } from './jwk.js';
import { type JwtKey, makeKey } from './key.js';
import { checkRsaKey } from './strength.js';

/** @internal Imports `jwk` for `spec`: checked against the algorithm's row first, RSA keys for strength after. */
export async function importJwk(jwk: JsonWebKey, spec: AlgorithmSpec, options: SecretImportOptions, kid?: string): Promise<JwtKey> {
  const isPrivate = checkJwk(jwk, spec);
  if (spec.kty === 'oct') {
    const bytes = typeof jwk.k === 'string' ? decodeBase64url(jwk.k) : undefined;
    if (bytes === undefined) throw keyInvalid('The oct JWK has no valid "k" (base64url)');
    return importSecretBytes(bytes, spec, options, kid);
  }
  const extractable = isPrivate ? options.extractable === true : true;
  const cryptoKey = await importCryptoKey(spec, 'jwk', webCryptoJwk(jwk), [isPrivate ? 'sign' : 'verify'], extractable);
  if (spec.kty === 'RSA') await checkRsaKey(cryptoKey, jwkModulus(jwk));
  return makeKey({ alg: spec.alg, type: cryptoKey.type as JwtKey['type'], cryptoKey, kid });
}
