/**
 * Parsing the JWS compact serialization (RFC 7515 section 7.1): three strict base64url segments,
 * a protected header that is a JSON object, and `crit` rules (RFC 7515 section 4.1.11).
 * Nothing here is trusted yet: the signature is checked by the caller.
 *
 * @module
 */
import { JwtError } from '../errors.js';
import { decodeBase64url, decodeBase64urlText, decodeCanonical, isCanonicalBase64url } from '../lib/base64url.js';
import { parseJsonText } from '../lib/json.js';
import { hasDuplicateMembers } from '../lib/json-duplicates.js';

/** Default upper bound on a token's length, in characters. */
export const DEFAULT_MAX_TOKEN_LENGTH = 8192;

/** @internal A compact JWS split into its three segments. */
export interface CompactSegments {
  readonly headerSegment: string;
  /** The encoded payload segment; decoded only after the signature is verified. */
  readonly payloadSegment: string;
  readonly signatureSegment: string;
  /** `header.payload`, the ASCII text the signature covers. */
  readonly signingInput: string;
}

/** @internal A compact JWS split and its header and signature decoded. */
export interface ParsedCompact extends CompactSegments {
  readonly header: Record<string, unknown>;
  readonly signature: Uint8Array;
}

// Header parameters registered by RFC 7515/7519; `crit` must never list them.
const REGISTERED_HEADERS = new Set(['alg', 'jku', 'jwk', 'kid', 'x5u', 'x5c', 'x5t', 'x5t#S256', 'typ', 'cty', 'crit']);

const malformed = (why: string) => new JwtError('ERR_JWT_MALFORMED', `Malformed token: ${why}`);

/** @internal Splits a compact JWS. Throws `ERR_JWT_TOO_LARGE` or `ERR_JWT_MALFORMED`. */
export function splitCompact(token: unknown, maxLength: number): CompactSegments {
  if (typeof token !== 'string') throw malformed('a token must be a string');
  // Checked first, so nothing below ever works on an oversized input.
  if (token.length > maxLength) {
    throw new JwtError('ERR_JWT_TOO_LARGE', `Token is longer than the limit of ${maxLength} characters`);
  }
  // indexOf only: V8's lastIndexOf is a runtime call, a few thousand instructions per token.
  const firstDot = token.indexOf('.');
  const lastDot = firstDot <= 0 ? -1 : token.indexOf('.', firstDot + 1);
  if (lastDot < 0 || token.indexOf('.', lastDot + 1) >= 0) {
    throw malformed('a compact JWS has exactly three segments separated by two dots');
  }
  return {
    headerSegment: token.slice(0, firstDot),
    payloadSegment: token.slice(firstDot + 1, lastDot),
    signatureSegment: token.slice(lastDot + 1),
    signingInput: token.slice(0, lastDot),
  };
}

/** @internal Decodes the protected header: a JSON object with an `alg` string. */
export function decodeHeader(segment: string): Record<string, unknown> {
  const text = decodeBase64urlText(segment);
  if (text === undefined) throw malformed('the header is not canonical base64url of UTF-8');
  const header = parseJsonText(text);
  if (header === undefined) throw malformed('the header is not a JSON object');
  if (hasDuplicateMembers(text, header)) throw malformed('the header repeats a member name');
  if (typeof header.alg !== 'string') throw malformed('the header has no "alg" string');
  return header;
}

/** @internal Checks that a signature segment is non-empty canonical base64url, without decoding it. */
export function checkSignatureSegment(segment: string): void {
  if (segment.length === 0 || !isCanonicalBase64url(segment)) {
    throw malformed('the signature is missing or not canonical base64url');
  }
}

/** @internal Decodes a non-empty signature segment. */
export function decodeSignature(segment: string): Uint8Array {
  checkSignatureSegment(segment);
  return decodeCanonical(segment);
}

/** @internal Splits and decodes a compact JWS (header and signature; the payload stays encoded). */
export function parseCompact(token: unknown, maxLength: number): ParsedCompact {
  const segments = splitCompact(token, maxLength);
  const header = decodeHeader(segments.headerSegment);
  return { ...segments, header, signature: decodeSignature(segments.signatureSegment) };
}

/**
 * @internal The `crit` rules JWS (RFC 7515 section 4.1.11) and JWE (RFC 7516 section 4.1.13) share:
 * a non-empty list of unique names, none of them registered (`isRegistered`), each present in the
 * header and each one the caller declared it understands (else the error `notUnderstood` makes).
 */
export function checkCritNames(
  header: Record<string, unknown>,
  understood: readonly string[] | undefined,
  isRegistered: (name: string) => boolean,
  notUnderstood: () => JwtError,
): void {
  const crit = header.crit;
  if (crit === undefined) return;
  if (!Array.isArray(crit) || crit.length === 0) throw malformed('"crit" must be a non-empty array');
  const seen = new Set<string>();
  for (const name of crit) {
    if (typeof name !== 'string' || name.length === 0) throw malformed('"crit" entries must be non-empty strings');
    if (seen.has(name)) throw malformed('"crit" lists a parameter twice');
    if (isRegistered(name)) throw malformed('"crit" must not list a registered header parameter');
    if (!Object.hasOwn(header, name)) throw malformed('"crit" lists a parameter the header lacks');
    if (!understood?.includes(name)) throw notUnderstood();
    seen.add(name);
  }
}

const isRegisteredJwsHeader = (name: string): boolean => REGISTERED_HEADERS.has(name);
const critNotUnderstood = (): JwtError =>
  new JwtError('ERR_JWS_CRIT_UNSUPPORTED', 'The token lists a critical header parameter this verifier does not understand');

/**
 * @internal Enforces RFC 7515 `crit` (see {@link checkCritNames}). Also refuses RFC 7797 unencoded
 * payloads (`b64: false`), which this library does not process.
 */
export function checkCritical(header: Record<string, unknown>, understood: readonly string[] | undefined): void {
  if (header.b64 !== undefined && header.b64 !== true) {
    throw new JwtError('ERR_JWS_CRIT_UNSUPPORTED', 'Unencoded payloads (b64: false) are not supported');
  }
  checkCritNames(header, understood, isRegisteredJwsHeader, critNotUnderstood);
}

/** @internal Decodes the payload segment after the signature has been verified. */
export function decodePayload(segment: string): Uint8Array {
  const bytes = decodeBase64url(segment);
  if (bytes === undefined) throw malformed('the payload is not canonical base64url');
  return bytes;
}

/** @internal Decodes a JWT payload segment (verified) to its JSON claims object. */
export function decodeClaims(segment: string): Record<string, unknown> {
  const text = decodeBase64urlText(segment);
  if (text === undefined) throw malformed('the payload is not canonical base64url of UTF-8');
  const claims = parseJsonText(text);
  if (claims === undefined) throw malformed('the payload is not a JSON object');
  if (hasDuplicateMembers(text, claims)) throw malformed('the claims set repeats a member name');
  return claims;
}
