/**
 * Decoded protected headers, shared by every verifier and keyed by their exact encoded segment.
 * Tokens from one issuer share a handful of headers, so each is base64url-decoded and parsed once
 * rather than once per token (and once per call of the plain `verify`). Only decoding is shared:
 * whether a verifier accepts a header (its `alg`, its `crit`) is checked on every token.
 * Bounded in count and in the size of what it keeps, so a stream of distinct or huge headers cannot grow it.
 *
 * @module
 */
import { deepFreeze } from '../lib/freeze.js';
import type { JwsHeader } from './header.js';
import { decodeHeader } from './parse.js';

const MAX_HEADERS = 64;
// Typical headers are well under 200 characters; larger ones are decoded every time rather than
// kept, so the cache stays small even where callers raise maxTokenLength.
const MAX_SEGMENT_LENGTH = 1024;

/** @internal A bounded map from encoded header segments to their decoded, frozen headers. */
export class DecodedHeaders {
  readonly #bySegment = new Map<string, JwsHeader>();
  // Most processes see one header over and over: comparing with the last one skips hashing the segment.
  #last: { readonly segment: string; readonly header: JwsHeader } | undefined;

  /** The decoded header; throws `ERR_JWT_MALFORMED` (and remembers nothing) for a bad segment. */
  decode(segment: string): JwsHeader {
    if (segment === this.#last?.segment) return this.#last.header;
    let header = this.#bySegment.get(segment);
    if (header === undefined) {
      // Frozen, because every token with this segment shares it.
      header = deepFreeze(decodeHeader(segment) as JwsHeader);
      if (segment.length > MAX_SEGMENT_LENGTH) return header;
      if (this.#bySegment.size >= MAX_HEADERS) this.#bySegment.clear();
      this.#bySegment.set(segment, header);
    }
    this.#last = { segment, header };
    return header;
  }

  /** Number of headers held. */
  get size(): number {
    return this.#bySegment.size;
  }
}

/** @internal The one cache every verifier uses. */
export const decodedHeaders = /* @__PURE__ */ new DecodedHeaders(); // pure: left out of bundles that never verify
