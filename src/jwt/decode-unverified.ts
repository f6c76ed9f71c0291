/**
 * Decoding without verification, for debuggers and logs. The name says what it does not do.
 *
 * @module
 */
import { JwtError } from '../errors.js';
import { invalidArgument } from '../lib/jwt-errors.js';
import { decodeClaims, DEFAULT_MAX_TOKEN_LENGTH, parseCompact } from '../jws/parse.js';
import { checkOptions, optionsSchema, OPTION_NUMBER } from '../lib/options.js';
import type { UnverifiedHeader } from '../jws/header.js';

/**
 * A decoded, NOT verified token.
 *
 * @category Decoding and compact JWS
 */
export interface UnverifiedToken {
  /** The protected header, as parsed (not checked against any policy). */
  header: UnverifiedHeader;
  /** The claims, as parsed: NOT verified, never use them for an access decision. */
  payload: Record<string, unknown>;
}

/**
 * Options of {@link decodeUnverified}.
 * Unknown names and values of the wrong type are refused (`ERR_INVALID_ARGUMENT`).
 *
 * @category Decoding and compact JWS
 */
export interface DecodeUnverifiedOptions {
  /** Longest token accepted, in characters. Default 8192. */
  maxTokenLength?: number;
}

const DECODE_UNVERIFIED_SCHEMA = /* @__PURE__ */ optionsSchema<DecodeUnverifiedOptions>('decodeUnverified', { maxTokenLength: OPTION_NUMBER });

/**
 * Decodes a token's header and payload WITHOUT checking its signature or claims. Never use the
 * result to make an access decision; use {@link verify}.
 *
 * @param token - A compact JWT.
 * @param options - `maxTokenLength` (default 8192).
 * @returns The header and payload as parsed JSON.
 * @throws {@link JwtError} `ERR_JWT_MALFORMED` or `ERR_JWT_TOO_LARGE`.
 *
 * @example
 * ```ts
 * const { header, payload } = decodeUnverified(token);
 * console.log(header.alg, payload.exp);
 * ```
 *
 * @category Decoding and compact JWS
 */
export function decodeUnverified(token: string, options: DecodeUnverifiedOptions = {}): UnverifiedToken {
  checkOptions(options, DECODE_UNVERIFIED_SCHEMA);
  const { maxTokenLength = DEFAULT_MAX_TOKEN_LENGTH } = options;
  if (!Number.isSafeInteger(maxTokenLength) || maxTokenLength <= 0) {
    throw invalidArgument('decodeUnverified: maxTokenLength must be a positive integer');
  }
  const parsed = parseCompact(token, maxTokenLength);
  return { header: parsed.header, payload: decodeClaims(parsed.payloadSegment) };
}
