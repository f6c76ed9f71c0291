/**
 * `importSecret`, and the secret path of `importKey`: an HMAC secret given as text or bytes. `sign`
 * and `verify` need this path for a raw secret; it is kept apart from PEM and JWK parsing so that
 * HMAC-only bundles carry neither.
 *
 * @module
 */
import { JwtError } from '../errors.js';
import { invalidArgument, keyInvalid as invalid } from '../lib/jwt-errors.js';
import { type AlgorithmSpec, algorithmSpec } from '../lib/algorithms.js';
import { isBytes } from '../lib/bytes.js';
import { importCryptoKey } from '../lib/crypto.js';
import { checkOptions, optionsSchema } from '../lib/options.js';
import { utf8 } from '../lib/utf8.js';
import { IMPORT_KEY_OPTIONS, type ImportKeyOptions } from './import-options.js';
import { describeValue } from './jwk.js';
import { type JwtKey, makeKey } from './key.js';
import { containsPem } from './pem.js';
import { checkSecretLength } from './strength.js';

/** @internal The import options a secret uses. */
export interface SecretImportOptions {
  readonly extractable?: boolean | undefined;
  readonly allowShortSecretForVerifyOnly?: boolean | undefined;
}

/**
 * @internal The bytes of a secret given as text (UTF-8) or bytes (copied). PEM text and JSON text are
 * refused: a public key must never become an HMAC secret (the RS256-to-HS256 confusion).
 */
export function secretBytes(material: unknown, spec: AlgorithmSpec): Uint8Array {
  if (typeof material === 'string') {
    if (containsPem(material)) throw invalid(`A PEM key is not an ${spec.alg} secret; import it for the algorithm it is for`);
    if (material.trim().startsWith('{')) throw invalid(`JSON text is not an ${spec.alg} secret; pass a JWK as an object`);
    return utf8(material);
  }
  if (isBytes(material)) return material.slice();
  throw invalid(`An ${spec.alg} secret must be a string, bytes, an oct JWK or an HMAC CryptoKey`);
}

/** @internal Imports secret bytes for an HMAC algorithm; short secrets only with the option, and then verify-only. */
export async function importSecretBytes(
  secret: Uint8Array,
  spec: AlgorithmSpec,
  options: SecretImportOptions,
  kid?: string,
): Promise<JwtKey> {
  const weak = checkSecretLength(secret.length, spec, options.allowShortSecretForVerifyOnly === true);
  const usages: KeyUsage[] = weak ? ['verify'] : ['sign', 'verify'];
  const cryptoKey = await importCryptoKey(spec, 'raw', secret, usages, options.extractable === true);
  return makeKey({ alg: spec.alg, type: 'secret', cryptoKey, kid, weak });
}

const IMPORT_SECRET_SCHEMA = /* @__PURE__ */ optionsSchema('importSecret', IMPORT_KEY_OPTIONS);

/**
 * Imports an HMAC secret given as text or bytes: the same key, with the same checks, as
 * `importKey(secret, alg)`. HMAC-only applications can use it in place of {@link importKey} so that
 * their bundles leave out PEM, JWK and certificate parsing (about 1.3 kB minified and gzipped).
 * For an `oct` JWK or an HMAC `CryptoKey`, use {@link importKey}.
 *
 * @param secret - A string (its UTF-8 bytes) or bytes (copied), at least as long as the hash output:
 *   32, 48 or 64 bytes. PEM text, JSON text and empty secrets are refused.
 * @param alg - `HS256`, `HS384` or `HS512`.
 * @param options - `kid`, `extractable`, `allowShortSecretForVerifyOnly` (as for {@link importKey}).
 * @returns A frozen {@link JwtKey} of type `secret`, bound to `alg`.
 * @throws {@link JwtError} `ERR_INVALID_ARGUMENT` for an algorithm other than `HS256`, `HS384` and
 *   `HS512`, an unknown option name or an option of the wrong type; `ERR_KEY_INVALID` for a secret
 *   that is not a string or bytes, is too short, or is PEM or JSON text (messages never contain it).
 *
 * @example
 * ```ts
 * const key = await importSecret(process.env.JWT_SECRET!, 'HS256', { kid: '2026-01' });
 * const token = await sign({ sub: 'user-1' }, key, { expiresIn: '15m' });
 * ```
 *
 * @category Keys
 */
export async function importSecret(
  secret: string | Uint8Array,
  alg: 'HS256' | 'HS384' | 'HS512',
  options: ImportKeyOptions = {},
): Promise<JwtKey> {
  const spec = algorithmSpec(alg);
  if (spec?.kty !== 'oct') {
    throw invalidArgument(`importSecret is for HS256, HS384 and HS512, not ${describeValue(alg)}; use importKey`);
  }
  checkOptions(options, IMPORT_SECRET_SCHEMA);
  if (typeof secret !== 'string' && !isBytes(secret)) {
    throw invalid('importSecret takes a string or bytes; use importKey for an oct JWK or a CryptoKey');
  }
  return importSecretBytes(secretBytes(secret, spec), spec, options, options.kid);
}
