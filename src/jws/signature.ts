/**
 * Checks a signature's shape before it reaches the crypto provider. Runtimes differ in what they let
 * through (some accept DER-encoded ECDSA or short RSA signatures), so the JOSE rules are enforced
 * here: ECDSA and EdDSA signatures have one exact length, RSA signatures are exactly the modulus length,
 * HMAC tags are the full hash output.
 *
 * @module
 */
import type { AlgorithmSpec } from '../lib/algorithms.js';
import { decodeCanonical } from '../lib/base64url.js';
import { nativeMacMatches, verifyBytes } from '../lib/crypto.js';
import type { JwtKey } from '../keys/key.js';

/** @internal True when `signature` has the exact length `spec` and `key` require. */
export function hasValidSignatureLength(spec: AlgorithmSpec, key: JwtKey, signature: Uint8Array): boolean {
  if (spec.signatureLength !== undefined) return signature.length === spec.signatureLength;
  if (spec.kty === 'RSA') {
    const bits = (key.cryptoKey.algorithm as RsaHashedKeyAlgorithm).modulusLength;
    return signature.length === Math.ceil(bits / 8);
  }
  // HMAC: the tag is the full hash output (no truncated MACs).
  return signature.length === spec.minSecretBytes;
}

/**
 * @internal The signature check of the verify path: exact length first, then the crypto backend.
 * Synchronous where the backend is; never throws for a bad signature.
 */
export function verifySignature(
  spec: AlgorithmSpec,
  key: JwtKey,
  signature: Uint8Array,
  signingInput: string | Uint8Array,
): boolean | Promise<boolean> {
  return hasValidSignatureLength(spec, key, signature) && verifyBytes(spec, key.cryptoKey, signature, signingInput);
}

/**
 * @internal The signature check of the verify path, on a signature segment already checked to be
 * canonical base64url (`checkSignatureSegment`). A native HMAC is checked against the segment in
 * constant time without allocating; everything else is decoded and goes through
 * {@link verifySignature}.
 */
export function verifySignatureSegment(
  spec: AlgorithmSpec,
  key: JwtKey,
  segment: string,
  signingInput: string,
): boolean | Promise<boolean> {
  if (spec.name === 'HMAC') {
    const matches = nativeMacMatches(spec, key.cryptoKey, signingInput, segment);
    if (matches !== undefined) return matches;
  }
  return verifySignature(spec, key, decodeCanonical(segment), signingInput);
}
