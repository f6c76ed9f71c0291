/**
 * webjwt: JSON Web Tokens (JWS compact) on Web Crypto, with zero dependencies.
 *
 * @module
 */
export { JwtError, isJwtError, type JwtErrorCode, type JwtErrorOptions } from './errors.js';
export { ALGORITHMS, isAlgorithm, type Algorithm, type KeyFamily } from './lib/algorithms.js';
export { encodeBase64url, decodeBase64url } from './lib/base64url.js';
export type { Duration } from './lib/duration.js';
export { setCryptoBackend, activeCryptoBackend, type CryptoBackend } from './lib/crypto.js';

export type { JwtKey } from './keys/key.js';
export { isJwtKey } from './keys/key.js';
export type { KeySet, KeyResolver } from './keys/key-set.js';
export * from './keys/public.js';

export type { JwsHeader, UnverifiedHeader } from './jws/header.js';
export type { KeyInput, VerifyKeyInput } from './jws/verify-key.js';
export type { VerifyCompactOptions } from './jws/options.js';
export { signCompact, type SignCompactOptions } from './jws/sign-compact.js';
export { verifyCompact, type VerifiedCompact } from './jws/verify-compact.js';

export type { JwtClaims, Clock } from './jwt/types.js';
export type { ClaimCheckOptions } from './jwt/claims.js';
export { sign, createSigner, type SignOptions, type Signer } from './jwt/signer.js';
export {
  verify,
  createVerifier,
  type VerifyOptions,
  type CreateVerifierOptions,
  type VerifyResult,
  type Verifier,
} from './jwt/verifier.js';
export type { VerifiedCacheOptions } from './jwt/verified-cache.js';
export { decodeUnverified, type UnverifiedToken } from './jwt/decode-unverified.js';

export type { RevocationStore, RevocationQuery } from './revocation/store.js';
export { MemoryRevocationStore, type MemoryRevocationStoreOptions } from './revocation/memory-store.js';
