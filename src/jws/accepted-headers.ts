/**
 * The headers a prepared verifier has accepted, keyed by their exact encoded segment. Tokens from
 * one issuer share a handful of headers, so decoding and checking each once saves work per token.
 * Bounded, so a stream of distinct headers cannot grow it.
 *
 * @module
 */
import { deepFreeze } from '../lib/freeze.js';
import type { JwsHeader } from './header.js';

const MAX_HEADERS = 16;

/** @internal */
export class AcceptedHeaders {
  readonly #bySegment = new Map<string, JwsHeader>();
  // Most verifiers see one header over and over: comparing with the last one skips hashing the segment.
  #lastSegment = '';
  #lastHeader: JwsHeader | undefined;

  get(segment: string): JwsHeader | undefined {
    if (segment === this.#lastSegment) return this.#lastHeader;
    const header = this.#bySegment.get(segment);
    if (header !== undefined) {
      this.#lastSegment = segment;
      this.#lastHeader = header;
    }
    return header;
  }

  /** Remembers an accepted header; it is frozen, because every token with this segment shares it. */
  remember(segment: string, header: JwsHeader): JwsHeader {
    if (this.#bySegment.size >= MAX_HEADERS) {
      this.#bySegment.clear();
      this.#lastSegment = '';
      this.#lastHeader = undefined;
    }
    this.#bySegment.set(segment, deepFreeze(header));
    return header;
  }
}
