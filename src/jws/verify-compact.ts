/**
 * Verifying a compact JWS over any payload bytes. The JWT `verify` is this plus the claims checks,
 * so both share one signature path.
 *
 * @module
 */
import { JwtError } from '../errors.js';
import { invalidArgument } from '../lib/jwt-errors.js';
import { type Algorithm, algorithmSpec } from '../lib/algorithms.js';
import type { JwtKey } from '../keys/key.js';
import type { JwsHeader } from './header.js';
import { checkOptions, optionsSchema } from '../lib/options.js';
import {
  prepareCompactOptions,
  type PreparedCompactOptions,
  VERIFY_COMPACT_OPTIONS,
  type VerifyCompactOptions,
} from './options.js';
import { decodedHeaders } from './decoded-headers.js';
import { checkCritical, checkSignatureSegment, type CompactSegments, decodePayload, splitCompact } from './parse.js';
import { verifySignatureSegment } from './signature.js';
import { prepareVerifyKey, type PreparedVerifyKey, type VerifyKeyInput } from './verify-key.js';

/**
 * The result of {@link verifyCompact}.
 *
 * @category Decoding and compact JWS
 */
export interface VerifiedCompact {
  /** The protected header; its `alg` is one the verifier allowed. */
  header: JwsHeader;
  /** The payload bytes, authenticated. */
  payload: Uint8Array;
  /** The key that verified the signature (see `key.weak` for legacy short secrets). */
  key: JwtKey;
}

const VERIFY_COMPACT_SCHEMA = /* @__PURE__ */ optionsSchema('verifyCompact', VERIFY_COMPACT_OPTIONS);

/** @internal A verifier's fixed inputs, validated once. */
export interface PreparedCompactVerifier {
  readonly key: PreparedVerifyKey;
  readonly options: PreparedCompactOptions;
  readonly algorithms: readonly Algorithm[];
}

/** @internal */
export function prepareCompactVerifier(key: VerifyKeyInput, options?: VerifyCompactOptions): PreparedCompactVerifier {
  const prepared = prepareCompactOptions(options);
  const preparedKey = prepareVerifyKey(key);
  const algorithms = prepared.algorithms ?? (preparedKey.bound && [preparedKey.bound]);
  if (algorithms === undefined) {
    throw invalidArgument('options.algorithms is required unless the key is bound to one algorithm');
  }
  return { key: preparedKey, options: prepared, algorithms };
}

/** @internal A verified JWS whose payload is still encoded (the JWT layer decodes it as text). */
export interface VerifiedSegments {
  header: JwsHeader;
  payloadSegment: string;
  key: JwtKey;
  /** The whole token (the JWT layer's cache is keyed by it). */
  token: string;
}

/** @internal What runs after the signature is verified, with the caller's `context`. */
export type AfterSignature<C, R> = (context: C, verified: VerifiedSegments) => R | Promise<R>;

const segmentsOnly = (_: unknown, verified: VerifiedSegments) => verified;

// The header's alg is only ever compared with the caller's list, never used to choose behaviour first.
// Decoding is shared between tokens (decoded-headers.ts); these checks run for every token.
function acceptHeader(verifier: PreparedCompactVerifier, segment: string): JwsHeader {
  const header = decodedHeaders.decode(segment);
  if (!verifier.algorithms.includes(header.alg)) {
    throw new JwtError('ERR_JWS_ALG_NOT_ALLOWED', `The token's algorithm ${algName(header.alg)} is not allowed (allowed: ${verifier.algorithms.join(', ')})`);
  }
  checkCritical(header, verifier.options.crit);
  return header;
}

// The header's alg names the refused algorithm in the message: it is not secret, and it is what a
// developer needs to see. Anything that is not a short plain name (a log-injection attempt, a
// megabyte of text) is not repeated.
const algName = (alg: string): string => (/^[A-Za-z0-9+_-]{1,32}$/.test(alg) ? alg : '(not a plain algorithm name)');

/**
 * @internal The shared signature path: parse, check algorithm, pick key, check signature.
 * Returns a plain value when every step answered synchronously (a local key and the native
 * backend), so the caller pays for no promise it does not need; a promise otherwise.
 */
export function verifyCompactSegments(verifier: PreparedCompactVerifier, token: string): VerifiedSegments | Promise<VerifiedSegments> {
  return verifyCompactThen(verifier, token, segmentsOnly, undefined);
}

/**
 * @internal {@link verifyCompactSegments} followed by `next(context, verified)`, run only once the
 * signature is good. An asynchronous signature check (the thread pool, Web Crypto) then settles
 * through one `.then` for the whole token, not one per layer: with 64 tokens in flight on Node the
 * main thread's work per token decides throughput (bench/README.md, "Thread-pool hand-off, round
 * three"). `next` takes a context rather than being a closure, so the synchronous path makes none.
 */
export function verifyCompactThen<C, R>(
  verifier: PreparedCompactVerifier,
  token: string,
  next: AfterSignature<C, R>,
  context: C,
): R | Promise<R> {
  const segments = splitCompact(token, verifier.options.maxTokenLength);
  // Structure first (as parseCompact does), then what the header asks for.
  checkSignatureSegment(segments.signatureSegment);
  const header = acceptHeader(verifier, segments.headerSegment);
  const resolved = verifier.key.resolve(header);
  if ('then' in resolved) return resolved.then((key) => checkSignature(segments, header, key, token, next, context));
  return checkSignature(segments, header, resolved, token, next, context);
}

function checkSignature<C, R>(
  segments: CompactSegments,
  header: JwsHeader,
  key: JwtKey,
  token: string,
  next: AfterSignature<C, R>,
  context: C,
): R | Promise<R> {
  const spec = algorithmSpec(header.alg)!;
  const valid = verifySignatureSegment(spec, key, segments.signatureSegment, segments.signingInput);
  const verified: VerifiedSegments = { header, payloadSegment: segments.payloadSegment, key, token };
  if (valid === true) return next(context, verified);
  if (valid === false) throw invalidSignature();
  return valid.then((ok) => {
    if (!ok) throw invalidSignature();
    return next(context, verified);
  });
}

const invalidSignature = () => new JwtError('ERR_JWS_SIGNATURE_INVALID', 'Signature verification failed');

/**
 * Verifies a compact JWS and returns its payload as bytes, for content that is not a JWT claims set.
 *
 * @param token - The compact JWS (`header.payload.signature`).
 * @param key - A {@link JwtKey}, `CryptoKey`, HMAC secret, {@link KeySet} or {@link KeyResolver}.
 * @param options - `algorithms` (required unless the key is bound to one algorithm), `maxTokenLength`, `crit`.
 * @returns The header, the authenticated payload bytes and the key that verified them.
 * @throws {@link JwtError} `ERR_JWT_TOO_LARGE`, `ERR_JWT_MALFORMED`, `ERR_JWS_ALG_NOT_ALLOWED`,
 *   `ERR_JWS_CRIT_UNSUPPORTED`, `ERR_KEY_INVALID`, `ERR_KEY_NOT_FOUND`, `ERR_JWS_SIGNATURE_INVALID`,
 *   `ERR_INVALID_ARGUMENT` (also for an unknown option name or a value of the wrong type).
 *
 * @example
 * ```ts
 * const key = await importKey(publicPem, 'ES256');
 * const { payload } = await verifyCompact(jws, key);
 * console.log(new TextDecoder().decode(payload));
 * ```
 *
 * @category Decoding and compact JWS
 */
export async function verifyCompact(
  token: string,
  key: VerifyKeyInput,
  options?: VerifyCompactOptions,
): Promise<VerifiedCompact> {
  checkOptions(options, VERIFY_COMPACT_SCHEMA);
  const { header, payloadSegment, key: used } = await verifyCompactSegments(prepareCompactVerifier(key, options), token);
  return { header, payload: decodePayload(payloadSegment), key: used };
}
