/**
 * Refusing weak keys: RSA moduli under {@link MIN_RSA_BITS}, RSA public exponents that are even or 1,
 * moduli with the ROCA fingerprint, and HMAC keys shorter than RFC 7518 section 3.2 requires.
 * These checks run on every import path (PEM, JWK, CryptoKey), so no path is a way around them.
 *
 * @module
 */
import { keyInvalid as invalid } from '../lib/jwt-errors.js';
import { type AlgorithmSpec, MIN_RSA_BITS } from '../lib/algorithms.js';
import { decodeBase64url } from '../lib/base64url.js';
import { exportCryptoKeyJwk } from '../lib/crypto.js';
import { hasRocaFingerprint } from './roca.js';

function isUsableExponent(exponent: Uint8Array | undefined): boolean {
  if (exponent === undefined || exponent.length === 0) return false;
  const lowest = exponent[exponent.length - 1]!;
  const isOne = lowest === 1 && exponent.subarray(0, -1).every((byte) => byte === 0);
  // An even exponent cannot be inverted modulo phi(n); e = 1 makes the "signature" the message itself.
  return (lowest & 1) === 1 && !isOne;
}

async function modulusOf(key: CryptoKey, known: Uint8Array | undefined): Promise<Uint8Array | undefined> {
  if (known !== undefined || !key.extractable) return known;
  const { n } = await exportCryptoKeyJwk(key);
  return typeof n === 'string' ? decodeBase64url(n) : undefined;
}

/**
 * @internal Throws `ERR_KEY_INVALID` unless an RSA `key` is strong enough. `modulus` is the modulus
 * when the caller already has it (from a JWK or PKCS#8); otherwise it is read from an extractable key.
 * The ROCA check is skipped only for non-extractable keys given as CryptoKeys, whose modulus is hidden.
 */
export async function checkRsaKey(key: CryptoKey, modulus?: Uint8Array): Promise<void> {
  const algorithm = key.algorithm as Partial<RsaHashedKeyAlgorithm>;
  if (!(typeof algorithm.modulusLength === 'number' && algorithm.modulusLength >= MIN_RSA_BITS)) {
    throw invalid(`RSA keys must be at least ${MIN_RSA_BITS} bits`);
  }
  if (!isUsableExponent(algorithm.publicExponent)) throw invalid('The RSA public exponent is not usable (it must be odd and greater than 1)');
  const n = await modulusOf(key, modulus);
  if (n !== undefined && hasRocaFingerprint(n)) {
    throw invalid('The RSA key has the ROCA fingerprint (CVE-2017-15361) and can be factored; replace it');
  }
}

/**
 * @internal Whether an HMAC key of `bytes` length is weak for `spec` (shorter than the hash output).
 * Throws `ERR_KEY_INVALID` for an empty key, and for a weak one unless `allowWeak`.
 */
export function checkSecretLength(bytes: number, spec: AlgorithmSpec, allowWeak: boolean): boolean {
  if (bytes === 0) throw invalid('An HMAC secret must not be empty');
  const weak = bytes < spec.minSecretBytes!;
  if (weak && !allowWeak) {
    throw invalid(`An ${spec.alg} secret must be at least ${spec.minSecretBytes} bytes (RFC 7518 section 3.2)`);
  }
  return weak;
}
