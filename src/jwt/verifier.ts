/**
 * `verify` and `createVerifier`. The whole verify path reads top to bottom in {@link verifyWith}:
 * parse, check algorithm, pick key, check signature (all in the JWS layer), then parse the claims,
 * check them, and check revocation.
 *
 * @module
 */
import { JwtError } from '../errors.js';
import type { JwsHeader } from '../jws/header.js';
import { VERIFY_COMPACT_OPTIONS, type VerifyCompactOptions } from '../jws/options.js';
import { decodeClaims } from '../jws/parse.js';
import {
  prepareCompactVerifier,
  type PreparedCompactVerifier,
  type VerifiedSegments,
  verifyCompactSegments,
  verifyCompactThen,
} from '../jws/verify-compact.js';
import type { VerifyKeyInput } from '../jws/verify-key.js';
import type { JwtKey } from '../keys/key.js';
import { checkOptions, nestedOptions, type OptionKinds, optionsSchema, OPTION_BOOLEAN, OPTION_NUMBER, OPTION_REVOCATION_STORE } from '../lib/options.js';
import { checkRevocation, prepareRevocation, type PreparedRevocation } from '../revocation/check.js';
import type { RevocationStore } from '../revocation/store.js';
import { CLAIM_CHECK_OPTIONS, checkClaims, checkClaimTimes, type ClaimCheckOptions, prepareClaimChecks, type PreparedClaimChecks } from './claims.js';
import type { JwtClaims } from './types.js';
import { VERIFIED_CACHE_SCHEMA, VerifiedCache, type VerifiedCacheOptions } from './verified-cache.js';

/**
 * Options of {@link verify} and {@link createVerifier}. Checked at run time too: an unknown name
 * (a typo such as `isuer`, which would otherwise skip the issuer check) or a value of the wrong type
 * is refused with `ERR_INVALID_ARGUMENT`; `undefined` values are ignored.
 *
 * @category Sign and verify
 */
export interface VerifyOptions extends VerifyCompactOptions, ClaimCheckOptions {
  /** A revocation store, consulted after the signature and claims pass. */
  revocation?: RevocationStore;
  /** With a store: reject tokens without `jti`. Default `true`. */
  requireJti?: boolean;
  /** With a store: how long to wait for it before failing closed. Default 2000 ms. */
  revocationTimeoutMs?: number;
}

/**
 * Options of {@link createVerifier}: those of {@link verify}, plus the opt-in cache.
 *
 * @category Sign and verify
 */
export interface CreateVerifierOptions extends VerifyOptions {
  /**
   * Remember verified tokens (bounded LRU; an entry serves only the exact token stored, compared
   * whole on every hit; entries expire with the token).
   * Every hit asks the key source again and checks `exp`, `nbf`, `maxAge` against the clock and
   * revocation; the other claim checks passed when the token was stored, and the claims are frozen
   * and the options fixed, so they cannot change. Cached results are shared and frozen.
   */
  cache?: boolean | VerifiedCacheOptions;
}

/**
 * @internal The kind of each option of `verify` beyond the JWS and claim options (`decrypt` takes
 * them too). The schemas name the three tables rather than one spread of them: a spread at the top
 * level is code bundlers keep, and it kept the tables in bundles that never verify.
 */
export const REVOCATION_OPTIONS: OptionKinds<Omit<VerifyOptions, keyof VerifyCompactOptions | keyof ClaimCheckOptions>> = {
  revocation: OPTION_REVOCATION_STORE,
  requireJti: OPTION_BOOLEAN,
  revocationTimeoutMs: OPTION_NUMBER,
};
/** @internal The options of `verify` (`decryptThenVerify` checks its `verify` options with it). */
export const VERIFY_SCHEMA = /* @__PURE__ */ optionsSchema('verify', VERIFY_COMPACT_OPTIONS, CLAIM_CHECK_OPTIONS, REVOCATION_OPTIONS);
const CACHE_OPTION: OptionKinds<Pick<CreateVerifierOptions, 'cache'>> = {
  cache: /* @__PURE__ */ nestedOptions(VERIFIED_CACHE_SCHEMA, OPTION_BOOLEAN),
};
const CREATE_VERIFIER_SCHEMA = /* @__PURE__ */ optionsSchema(
  'createVerifier',
  VERIFY_COMPACT_OPTIONS,
  CLAIM_CHECK_OPTIONS,
  REVOCATION_OPTIONS,
  CACHE_OPTION,
);

/**
 * The result of a successful verification.
 *
 * @category Sign and verify
 */
export interface VerifyResult<Claims = JwtClaims> {
  /** The protected header. */
  header: JwsHeader;
  /** The verified claims set. */
  payload: Claims & JwtClaims;
  /** The key that verified the token; `key.weak` is true for a legacy short secret. */
  key: JwtKey;
}

/**
 * A prepared verifier: call it with a token.
 *
 * @category Sign and verify
 */
export type Verifier<Claims = JwtClaims> = (token: string) => Promise<VerifyResult<Claims>>;

interface PreparedVerifier {
  readonly compact: PreparedCompactVerifier;
  readonly claims: PreparedClaimChecks;
  readonly revocation: PreparedRevocation | undefined;
  readonly cache: VerifiedCache | undefined;
}

// Options already checked by the caller against its schema. Only createVerifier adds a cache, so
// `verify` (which has none) never bundles it.
function prepareVerifier(key: VerifyKeyInput, options: VerifyOptions | undefined): PreparedVerifier {
  const opts = options ?? {};
  return {
    compact: prepareCompactVerifier(key, opts),
    claims: prepareClaimChecks(opts),
    revocation: prepareRevocation(opts.revocation, opts.requireJti, opts.revocationTimeoutMs),
    cache: undefined,
  };
}

// The whole verify path. It is not an async function: where every step answers synchronously
// (a local key, the native backend, no revocation store) the only promise made is the one returned.
// Under a pooled signature check the token settles through one `.then` (verifyCompactThen), and
// Promise.resolve hands back a promise it is given as it is.
function verifyWith<Claims>(verifier: PreparedVerifier, token: string): Promise<VerifyResult<Claims>> {
  try {
    return Promise.resolve(verifyCompactThen(verifier.compact, token, checkVerified<Claims>, verifier));
  } catch (error) {
    return Promise.reject(error);
  }
}

// After the signature: parse the claims, check them, check revocation, remember the result.
function checkVerified<Claims>(
  verifier: PreparedVerifier,
  { header, payloadSegment, key, token }: VerifiedSegments,
): VerifyResult<Claims> | Promise<VerifyResult<Claims>> {
  const payload = decodeClaims(payloadSegment) as Claims & JwtClaims;
  checkClaims(payload, header, verifier.claims);
  const result = { header, payload, key };
  if (verifier.revocation === undefined) return remember(verifier, token, result);
  return checkRevocation(payload, verifier.revocation).then(() => remember(verifier, token, result));
}

function remember<Claims>(verifier: PreparedVerifier, token: string, result: VerifyResult<Claims>): VerifyResult<Claims> {
  verifier.cache?.set(token, result);
  return result;
}

// createVerifier's path when it has a cache: a hit, or the whole verify path (which fills the cache).
function verifyCachedWith<Claims>(verifier: PreparedVerifier, cache: VerifiedCache, token: string): Promise<VerifyResult<Claims>> {
  let cached: VerifyResult<Claims> | undefined;
  let now: number;
  try {
    now = Math.floor(verifier.claims.clock() / 1000);
    cached = cache.get(token, now) as VerifyResult<Claims> | undefined;
  } catch (error) {
    return Promise.reject(error);
  }
  return cached === undefined ? verifyWith<Claims>(verifier, token) : verifyCachedHit(verifier, token, cached, now);
}

// A hit saves the signature and the checks that depend on the token and options alone: the key
// source is asked again (a withdrawn key must stop verifying), and the time-dependent claims and
// revocation are checked again. Not an async function: a local key answers at once, so a hit makes
// no promise but the one returned.
function verifyCachedHit<Claims>(verifier: PreparedVerifier, token: string, cached: VerifyResult<Claims>, now: number): Promise<VerifyResult<Claims>> {
  try {
    const key = verifier.compact.key.resolve(cached.header);
    if (isThenable(key)) {
      // The time is read again once the key source has answered.
      return Promise.resolve(key).then((resolved) => checkCachedHit(verifier, token, cached, resolved, Math.floor(verifier.claims.clock() / 1000)));
    }
    return Promise.resolve(checkCachedHit(verifier, token, cached, key, now));
  } catch (error) {
    return Promise.reject(error);
  }
}

function checkCachedHit<Claims>(
  verifier: PreparedVerifier,
  token: string,
  cached: VerifyResult<Claims>,
  key: JwtKey,
  now: number,
): VerifyResult<Claims> | Promise<VerifyResult<Claims>> {
  if (key !== cached.key) {
    return Promise.resolve(verifyCompactSegments(verifier.compact, token)).then((verified) => checkVerified<Claims>(verifier, verified));
  }
  checkClaimTimes(cached.payload, verifier.claims, now);
  if (verifier.revocation !== undefined) return checkRevocation(cached.payload, verifier.revocation).then(() => cached);
  return cached;
}

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  typeof (value as { then?: unknown } | null)?.then === 'function';

/**
 * Prepares a verifier: options are validated and keys imported once, for hot paths.
 *
 * @param key - A {@link JwtKey}, `CryptoKey`, HMAC secret, {@link KeySet} or {@link KeyResolver}.
 * @param options - See {@link CreateVerifierOptions}; `algorithms` is required unless the key is bound to one algorithm.
 * @returns A function that verifies a token.
 * @throws {@link JwtError} `ERR_INVALID_ARGUMENT` at once for bad options.
 *
 * @example
 * ```ts
 * const verifyAccess = createVerifier(key, { issuer: 'https://auth.example', audience: 'api' });
 * const { payload } = await verifyAccess(token);
 * ```
 *
 * @category Sign and verify
 */
export function createVerifier<Claims = JwtClaims>(
  key: VerifyKeyInput,
  options?: CreateVerifierOptions,
): Verifier<Claims> {
  checkOptions(options, CREATE_VERIFIER_SCHEMA);
  const verifier = prepareVerifier(key, options);
  const setting = options?.cache;
  if (setting === undefined || setting === false) return (token) => verifyWith<Claims>(verifier, token);
  const cache = new VerifiedCache(setting);
  const cached = { ...verifier, cache };
  return (token) => verifyCachedWith<Claims>(cached, cache, token);
}

/**
 * Verifies a JWT: signature first, then the claims, then revocation.
 *
 * @param token - The compact JWT.
 * @param key - A {@link JwtKey}, `CryptoKey`, HMAC secret, {@link KeySet} or {@link KeyResolver}.
 * @param options - See {@link VerifyOptions}.
 * @returns The header, the verified claims and the key used.
 * @throws {@link JwtError} with a stable code for every failure: `ERR_JWT_MALFORMED`, `ERR_JWT_TOO_LARGE`,
 *   `ERR_JWS_ALG_NOT_ALLOWED`, `ERR_JWS_SIGNATURE_INVALID`, `ERR_JWS_CRIT_UNSUPPORTED`, `ERR_JWT_EXPIRED`,
 *   `ERR_JWT_NOT_YET_VALID`, `ERR_JWT_CLAIM_INVALID`, `ERR_JWT_CLAIM_MISSING`, `ERR_JWT_REVOKED`,
 *   `ERR_REVOCATION_UNAVAILABLE`, `ERR_KEY_INVALID`, `ERR_KEY_NOT_FOUND`, `ERR_INVALID_ARGUMENT`.
 *
 * @example
 * ```ts
 * try {
 *   const { payload } = await verify(token, key, { algorithms: ['HS256'], issuer: 'https://auth.example' });
 * } catch (err) {
 *   if (isJwtError(err, 'ERR_JWT_EXPIRED')) { ... }
 * }
 * ```
 *
 * @category Sign and verify
 */
export async function verify<Claims = JwtClaims>(
  token: string,
  key: VerifyKeyInput,
  options?: VerifyOptions,
): Promise<VerifyResult<Claims>> {
  checkOptions(options, VERIFY_SCHEMA);
  return verifyWith<Claims>(prepareVerifier(key, options), token);
}
