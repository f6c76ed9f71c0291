/**
 * The opt-in verified-token cache of `createVerifier`: a bounded LRU keyed by the WHOLE token string
 * (never a part of it, never a caller-built key), so two different tokens can never share an entry.
 * Entries expire with the token; claims and revocation are still checked on every hit.
 *
 * @module
 */
import { JwtError } from '../errors.js';
import { deepFreeze } from '../lib/freeze.js';
import { optionsSchema, OPTION_NUMBER } from '../lib/options.js';
import type { VerifyResult } from './verifier.js';

/**
 * Options of the verified-token cache.
 *
 * @category Sign and verify
 */
export interface VerifiedCacheOptions {
  /** Most tokens remembered. Default 1000. */
  maxEntries?: number;
}

/** @internal The cache's options, checked as `cache.*` options of createVerifier. */
export const VERIFIED_CACHE_SCHEMA = /* @__PURE__ */ optionsSchema<VerifiedCacheOptions>('createVerifier', { maxEntries: OPTION_NUMBER });

interface Entry {
  readonly result: VerifyResult<unknown>;
  /** Seconds since the epoch after which the entry is useless (the token's `exp`). */
  readonly expiresAt: number;
}

/** @internal */
export class VerifiedCache {
  readonly #entries = new Map<string, Entry>();
  readonly #maxEntries: number;
  /** The most recently used token: a hit on it needs no move (a client repeats its token). */
  #newest: string | undefined;

  constructor(options: VerifiedCacheOptions | true) {
    const { maxEntries = 1000 } = options === true ? {} : options;
    if (!Number.isSafeInteger(maxEntries) || maxEntries <= 0) {
      throw new JwtError('ERR_INVALID_ARGUMENT', 'cache.maxEntries must be a positive integer');
    }
    this.#maxEntries = maxEntries;
  }

  /** The cached result for exactly this token, if it has not expired. */
  get(token: string, nowSeconds: number): VerifyResult<unknown> | undefined {
    const entry = this.#entries.get(token);
    if (entry === undefined) return undefined;
    if (nowSeconds >= entry.expiresAt) {
      this.#entries.delete(token);
      return undefined;
    }
    if (token !== this.#newest) {
      // The most recently used goes last.
      this.#entries.delete(token);
      this.#entries.set(token, entry);
      this.#newest = token;
    }
    return entry.result;
  }

  /** Remembers a verified result; results are frozen because every hit shares them. */
  set(token: string, result: VerifyResult<unknown>): void {
    const exp = (result.payload as { exp?: number }).exp;
    this.#entries.delete(token); // a token verified again while cached goes last, evicting no other
    if (this.#entries.size >= this.#maxEntries) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    deepFreeze(result.header);
    deepFreeze(result.payload);
    this.#entries.set(token, { result: Object.freeze(result), expiresAt: exp ?? Number.POSITIVE_INFINITY });
    this.#newest = token;
  }

  /** Number of cached tokens. */
  get size(): number {
    return this.#entries.size;
  }
}
