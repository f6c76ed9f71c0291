/**
 * webjwt: JSON Web Tokens (JWS compact) on Web Crypto, with zero dependencies, for Node, Deno, Bun
 * and browsers.
 *
 * ## Overview
 *
 * ```ts
 * import { importKey, sign, verify } from 'webjwt';
 *
 * const key = await importKey(process.env.JWT_SECRET!, 'HS256');
 * const token = await sign({ sub: 'user-42' }, key, { expiresIn: '15m', issuer: 'https://auth.example.com' });
 * const { payload } = await verify(token, key, { issuer: 'https://auth.example.com' });
 * ```
 *
 * **Sign and verify.** {@link sign} makes a token from claims and {@link SignOptions} (`expiresIn`,
 * `issuer`, `audience`, ...). {@link verify} checks the signature first, then the claims
 * ({@link VerifyOptions}), and returns the header and payload in a {@link VerifyResult}. For a
 * server that handles many tokens, {@link createSigner} and {@link createVerifier} check the key and
 * options once and return a function to call per token.
 *
 * **Keys.** A {@link JwtKey} is bound to one algorithm, so a token cannot choose how it is checked.
 * {@link importKey} reads a secret, a PEM or a JWK for an {@link Algorithm}; {@link generateSecret}
 * and {@link generateKeyPair} make new ones; {@link exportJwk}, {@link exportPem} and
 * {@link calculateJwkThumbprint} write them out.
 *
 * **Key sets.** {@link createRemoteJwks} verifies tokens from an identity provider with the keys at
 * its `jwks_uri` (cached, refreshed on an unknown `kid`, rate-limited); {@link createLocalJwks} does
 * the same with a JWKS you hold. Either is passed to `verify` in place of a key.
 *
 * **Errors.** Every failure is a {@link JwtError} whose {@link JwtErrorCode} (`ERR_JWT_EXPIRED`,
 * `ERR_JWS_SIGNATURE_INVALID`, ...) is stable: switch on the code, not the message. {@link isJwtError}
 * tells one apart from other errors, across realms.
 *
 * **Revocation.** Give `verify` a {@link RevocationStore} to refuse revoked token IDs;
 * {@link MemoryRevocationStore} is one for a single process.
 *
 * **Decoding and compact JWS.** {@link decodeUnverified} reads a token without trusting it (for
 * display and routing only); {@link signCompact} and {@link verifyCompact} sign and verify any JWS
 * payload, not only JWT claims.
 *
 * **Encryption.** A {@link JweKey} is bound to one key management algorithm and one content
 * encryption algorithm ({@link importEncryptionKey}, {@link generateEncryptionKey},
 * {@link generateEncryptionKeyPair}). {@link encrypt} and {@link decrypt} make and read JWTs whose
 * claims are encrypted (JWE), with the same claim options and checks as `sign` and `verify`;
 * {@link signThenEncrypt} and {@link decryptThenVerify} make and read nested tokens, signed and then
 * encrypted; {@link encryptCompact} and {@link decryptCompact} encrypt any bytes. Every failure to
 * decrypt is the same `ERR_JWE_DECRYPTION_FAILED`, whichever step failed.
 *
 * The reference below is grouped the same way. Guides, recipes and the command line are in the
 * repository's `docs/` folder.
 *
 * @module webjwt
 */
export { JwtError, isJwtError, type JwtErrorCode, type JwtErrorOptions } from './errors.js';
export { ALGORITHMS, isAlgorithm, type Algorithm, type KeyFamily } from './lib/algorithms.js';
export { encodeBase64url, decodeBase64url } from './lib/base64url.js';
export type { Duration } from './lib/duration.js';
export { setCryptoBackend, activeCryptoBackend, type CryptoBackend } from './lib/crypto.js';
export type {
  CryptoKeyLike,
  KeyAlgorithmLike,
  CryptoKeyShape,
  KeyUsageName,
  RuntimeCryptoKey,
  Jwk,
  JwkOtherPrime,
  FetchLike,
  FetchInit,
  FetchResponseLike,
  BodyReaderLike,
  BodyChunkLike,
  BodyLike,
  HeadersLike,
  RuntimeAbortSignal,
  UrlLike,
} from './lib/web-types.js';

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
export { decodeUnverified, type DecodeUnverifiedOptions, type UnverifiedToken } from './jwt/decode-unverified.js';

export type { RevocationStore, RevocationQuery } from './revocation/store.js';
export { MemoryRevocationStore, type MemoryRevocationStoreOptions } from './revocation/memory-store.js';

export * from './jwe/index.js';
