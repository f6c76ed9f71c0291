/**
 * An in-memory {@link RevocationStore} for one process: bounded, with expired entries dropped.
 *
 * @module
 */
import { JwtError } from '../errors.js';
import { invalidArgument } from '../lib/jwt-errors.js';
import type { Clock } from '../jwt/types.js';
import { numericDateProblem } from '../lib/numeric-date.js';
import { checkOptions, optionsSchema, OPTION_FUNCTION, OPTION_NUMBER } from '../lib/options.js';
import type { RevocationQuery, RevocationStore } from './store.js';

/**
 * Options of {@link MemoryRevocationStore}.
 * Unknown names and values of the wrong type are refused (`ERR_INVALID_ARGUMENT`).
 *
 * @category Revocation
 */
export interface MemoryRevocationStoreOptions {
  /** Most revocations held at once (token IDs plus subjects). Default 100 000. */
  maxEntries?: number;
  /** Clock override: milliseconds since the epoch. */
  clock?: Clock;
}

const MEMORY_STORE_SCHEMA = /* @__PURE__ */ optionsSchema<MemoryRevocationStoreOptions>('MemoryRevocationStore', {
  maxEntries: OPTION_NUMBER,
  clock: OPTION_FUNCTION,
});

interface SubjectCutoff {
  issuedBefore: number;
  expiresAt: number;
}

/**
 * Revocations kept in two hash maps (O(1) lookups). When full, expired entries are dropped; if it
 * is still full, `revoke` throws `ERR_REVOCATION_UNAVAILABLE` rather than forget a live revocation.
 *
 * @example
 * ```ts
 * const revocation = new MemoryRevocationStore();
 * const { payload } = await verify(token, key, { revocation });
 * await revocation.revoke(payload.jti!, payload.exp!); // logout
 * ```
 *
 * @category Revocation
 */
export class MemoryRevocationStore implements RevocationStore {
  readonly #tokens = new Map<string, number>();
  readonly #subjects = new Map<string, SubjectCutoff>();
  readonly #maxEntries: number;
  readonly #clock: Clock;

  /**
   * Creates an empty store.
   *
   * @param options - `maxEntries` (default 100 000) and a `clock` for tests.
   * @throws {@link JwtError} `ERR_INVALID_ARGUMENT` when `maxEntries` is not a positive integer, for an unknown
   *   option name or a value of the wrong type.
   */
  constructor(options: MemoryRevocationStoreOptions = {}) {
    checkOptions(options, MEMORY_STORE_SCHEMA);
    const { maxEntries = 100_000, clock = Date.now } = options;
    if (!Number.isSafeInteger(maxEntries) || maxEntries <= 0) {
      throw invalidArgument('maxEntries must be a positive integer');
    }
    this.#maxEntries = maxEntries;
    this.#clock = clock;
  }

  /** How many revocations are held, expired ones not yet dropped included. */
  get size(): number {
    return this.#tokens.size + this.#subjects.size;
  }

  isRevoked(token: RevocationQuery): boolean {
    const now = this.#now();
    if (token.jti !== undefined) {
      const until = this.#tokens.get(token.jti);
      if (until !== undefined) {
        if (until > now) return true;
        this.#tokens.delete(token.jti);
      }
    }
    if (token.sub !== undefined) {
      const cutoff = this.#subjects.get(token.sub);
      if (cutoff !== undefined) {
        if (cutoff.expiresAt <= now) this.#subjects.delete(token.sub);
        // A token without iat cannot prove it came after the cutoff: fail closed.
        else if (token.iat === undefined || token.iat < cutoff.issuedBefore) return true;
      }
    }
    return false;
  }

  revoke(jti: string, expiresAt: number): void {
    if (typeof jti !== 'string' || jti.length === 0) throw invalidArgument('jti must be a non-empty string');
    checkTime(expiresAt, 'expiresAt');
    if (expiresAt <= this.#now()) return; // already expired: nothing to remember
    const current = this.#tokens.get(jti);
    if (current === undefined) this.#makeRoom();
    this.#tokens.set(jti, Math.max(current ?? 0, expiresAt));
  }

  revokeSubject(sub: string, issuedBefore: number, expiresAt: number): void {
    if (typeof sub !== 'string' || sub.length === 0) throw invalidArgument('sub must be a non-empty string');
    checkTime(issuedBefore, 'issuedBefore');
    checkTime(expiresAt, 'expiresAt');
    if (expiresAt <= this.#now()) return;
    const current = this.#subjects.get(sub);
    if (current === undefined) this.#makeRoom();
    this.#subjects.set(sub, {
      issuedBefore: Math.max(current?.issuedBefore ?? 0, issuedBefore),
      expiresAt: Math.max(current?.expiresAt ?? 0, expiresAt),
    });
  }

  /** Drops every revocation. */
  clear(): void {
    this.#tokens.clear();
    this.#subjects.clear();
  }

  #now(): number {
    return Math.floor(this.#clock() / 1000);
  }

  #makeRoom(): void {
    if (this.size < this.#maxEntries) return;
    const now = this.#now();
    for (const [jti, until] of this.#tokens) if (until <= now) this.#tokens.delete(jti);
    for (const [sub, cutoff] of this.#subjects) if (cutoff.expiresAt <= now) this.#subjects.delete(sub);
    if (this.size >= this.#maxEntries) {
      throw new JwtError('ERR_REVOCATION_UNAVAILABLE', 'The in-memory revocation store is full of live revocations');
    }
  }
}

// Seconds, like the claims they come from: a time in milliseconds would be kept for millennia.
function checkTime(value: number, name: string): void {
  const problem = numericDateProblem(value, false, true);
  if (problem !== undefined) throw invalidArgument(`${name} ${problem}`);
}
