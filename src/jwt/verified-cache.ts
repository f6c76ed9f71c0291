/**
 * The opt-in verified-token cache of `createVerifier`: a bounded LRU of verified tokens. An entry
 * serves only the exact token it was stored for: the WHOLE token string is compared on every hit
 * (never a part of it, never a caller-built key), so two different tokens can never share an entry.
 * Entries expire with the token; claims and revocation are still checked on every hit.
 *
 * @module
 */
import { invalidArgument } from '../lib/jwt-errors.js';
import { deepFreeze } from '../lib/freeze.js';
import { randomBytes } from '../lib/webcrypto.js';
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
  /** The token this entry is for, compared whole on every hit. */
  readonly token: string;
  readonly result: VerifyResult<unknown>;
  /** Seconds since the epoch after which the entry is useless (the token's `exp`). */
  readonly expiresAt: number;
}

/**
 * @internal Where a token's entry is looked for: a small integer from the cache's random seed, the
 * token's length and its last 16 characters (the signature's end, for a JWS). A server gets each
 * token as a new string, and a Map keyed by the string hashes all of it on every lookup (about
 * 0.6 µs for 265 characters on Node 20, most of a hit); this takes about 0.02 µs. Tokens that share
 * a slot only cost a miss: the slot's entry is for one token, and only a verified token is ever
 * stored. The seed keeps slots unpredictable, so a client cannot aim its tokens at another's slot.
 */
export function cacheSlot(token: string, seed: number): number {
  let slot = seed ^ token.length;
  for (let i = Math.max(0, token.length - 16); i < token.length; i++) slot = (Math.imul(slot, 31) + token.charCodeAt(i)) | 0;
  return slot & 0x3fffffff; // a small integer (Smi) in V8: no boxed number per lookup
}

/** @internal */
export class VerifiedCache {
  readonly #entries = new Map<number, Entry>();
  readonly #maxEntries: number;
  // 30 bits, so that it stays a small integer too.
  readonly #seed = new Uint32Array(randomBytes(4).buffer)[0]! & 0x3fffffff;
  /** The most recently used entry: a hit on it needs no lookup and no move (a client repeats its token). */
  #newest: Entry | undefined;

  constructor(options: VerifiedCacheOptions | true) {
    const { maxEntries = 1000 } = options === true ? {} : options;
    if (!Number.isSafeInteger(maxEntries) || maxEntries <= 0) {
      throw invalidArgument('cache.maxEntries must be a positive integer');
    }
    this.#maxEntries = maxEntries;
  }

  /** The cached result for exactly this token, if it has not expired. */
  get(token: string, nowSeconds: number): VerifyResult<unknown> | undefined {
    let entry = this.#newest;
    if (entry?.token !== token) {
      const slot = cacheSlot(token, this.#seed);
      entry = this.#entries.get(slot);
      // Another token in this slot is a miss, and its entry stays.
      if (entry?.token !== token) return undefined;
      // The most recently used goes last.
      this.#entries.delete(slot);
      this.#entries.set(slot, entry);
      this.#newest = entry;
    }
    if (nowSeconds >= entry.expiresAt) {
      // The slot is not kept in the entry (memory: one field per cached token); expiry is rare.
      this.#entries.delete(cacheSlot(token, this.#seed));
      this.#newest = undefined;
      return undefined;
    }
    return entry.result;
  }

  /** Remembers a verified result; results are frozen because every hit shares them. */
  set(token: string, result: VerifyResult<unknown>): void {
    const exp = (result.payload as { exp?: number }).exp;
    const slot = cacheSlot(token, this.#seed);
    // A token verified again while cached goes last, evicting no other; so does one that takes
    // another token's slot (that token is dropped: a miss next time, never a wrong answer).
    this.#entries.delete(slot);
    if (this.#entries.size >= this.#maxEntries) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    deepFreeze(result.header);
    deepFreeze(result.payload);
    const entry = { token, result: Object.freeze(result), expiresAt: exp ?? Number.POSITIVE_INFINITY };
    this.#entries.set(slot, entry);
    this.#newest = entry;
  }

  /** Number of cached tokens. */
  get size(): number {
    return this.#entries.size;
  }
}
