/**
 * `importKey`: a key bound to the algorithm the caller names, from a secret, PEM, JWK or CryptoKey.
 * The material's encoding is recognised only within the algorithm's family; the algorithm itself is
 * never guessed, and material of another family is refused (a PEM or JWK text is never an HMAC secret).
 *
 * @module
 */
import { JwtError } from '../errors.js';
import { invalidArgument, keyInvalid } from '../lib/jwt-errors.js';
import { type Algorithm, type AlgorithmSpec, algorithmSpec } from '../lib/algorithms.js';
import { isPlainObject } from '../lib/json.js';
import { checkOptions, optionsSchema } from '../lib/options.js';
import type { CryptoKeyLike, Jwk } from '../lib/web-types.js';
import { isCryptoKey } from './crypto-key.js';
import { adoptCryptoKey } from './import-crypto-key.js';
import { importJwk } from './import-jwk.js';
import { IMPORT_KEY_OPTIONS, type ImportKeyOptions } from './import-options.js';
import { importPem } from './import-pem.js';
import { importSecretBytes, secretBytes } from './import-secret.js';
import { describeValue } from './jwk.js';
import type { JwtKey } from './key.js';

const IMPORT_KEY_SCHEMA = /* @__PURE__ */ optionsSchema('importKey', IMPORT_KEY_OPTIONS);

/**
 * Key material {@link importKey} accepts.
 *
 * @category Keys
 */
export type KeyMaterial = string | Uint8Array | Jwk | CryptoKeyLike;

function checkArguments(alg: Algorithm, options: ImportKeyOptions | undefined): AlgorithmSpec {
  const spec = algorithmSpec(alg);
  if (spec === undefined) throw invalidArgument(`Unsupported algorithm: ${describeValue(alg)}`);
  checkOptions(options, IMPORT_KEY_SCHEMA);
  return spec;
}

/**
 * Imports key material for one algorithm. The result signs and verifies with that algorithm only.
 * For an HMAC secret as text or bytes, {@link importSecret} gives the same key without bundling
 * PEM, JWK and certificate parsing.
 *
 * - HMAC (`HS*`): a string (UTF-8) or bytes, at least as long as the hash output (32, 48 or 64 bytes);
 *   an `oct` JWK; or an HMAC `CryptoKey` with the same hash. PEM text, JSON text and empty secrets are
 *   refused.
 * - RSA, RSA-PSS, ECDSA, EdDSA: PEM (`PUBLIC KEY`, `PRIVATE KEY`, or a `CERTIFICATE` whose key is used),
 *   a JWK object, or a `CryptoKey` made for the same algorithm. RSA keys under 2048 bits, with an even
 *   or unit public exponent, or with the ROCA fingerprint are refused.
 *
 * @param material - The key material.
 * @param alg - The algorithm the key is for; never taken from the material.
 * @param options - `kid`, `extractable`, `allowShortSecretForVerifyOnly`.
 * @returns A frozen {@link JwtKey} bound to `alg`: `secret`, `public` or `private`.
 * @throws {@link JwtError} `ERR_KEY_INVALID` for unusable material (messages never contain the material),
 *   `ERR_INVALID_ARGUMENT` for an unknown `alg`, an unknown option name or an option of the wrong type.
 *
 * @example
 * ```ts
 * const hmac = await importKey(process.env.JWT_SECRET!, 'HS256');
 * const rsa = await importKey(publicKeyPem, 'RS256', { kid: '2026-01' });
 * const ec = await importKey({ kty: 'EC', crv: 'P-256', x, y }, 'ES256');
 * ```
 *
 * @category Keys
 */
export async function importKey(material: KeyMaterial, alg: Algorithm, options: ImportKeyOptions = {}): Promise<JwtKey> {
  const spec = checkArguments(alg, options);
  const jwkKid = isPlainObject(material) && typeof material.kid === 'string' ? material.kid : undefined;
  const kid = options.kid ?? jwkKid;

  if (isCryptoKey(material)) return adoptCryptoKey(material, spec, options, kid);
  if (isPlainObject(material)) return importJwk(material, spec, options, kid);
  if (spec.kty === 'oct') return importSecretBytes(secretBytes(material, spec), spec, options, kid);
  if (typeof material === 'string') return importPem(material, spec, options, kid);
  throw keyInvalid(`An ${spec.alg} key must be PEM text, a JWK object or a CryptoKey, never bytes`);
}
