/**
 * A key set fetched from a `jwks_uri`: a cache with a maximum age, at most one refetch per cooldown
 * when a token names an unknown `kid`, and one shared request for concurrent callers.
 *
 * Failure policy (fail closed, but never hammer the provider):
 * - A fetched set is used for `cacheMaxAgeMs`. A failed refetch within that time (after an unknown
 *   `kid`) keeps the set; it is still within its age.
 * - Past `cacheMaxAgeMs` the set is not used again until a refetch succeeds: a key the provider removed
 *   must stop verifying even while the provider is unreachable.
 * - After a failed fetch, callers that would fetch again within `cooldownMs` fail at once with the same
 *   error instead of each waiting up to `timeoutMs`. `reload()` always fetches.
 *
 * @module
 */
import { JwtError } from '../errors.js';
import { invalidArgument } from '../lib/jwt-errors.js';
import type { JwsHeader } from '../jws/header.js';
import type { Clock } from '../jwt/types.js';
import { checkOptions, optionsSchema, OPTION_FUNCTION, OPTION_NUMBER, OPTION_STRING_RECORD } from '../lib/options.js';
import { fetchFailed, fetchJwksDocument, type JwksRequest } from './fetch-jwks.js';
import type { JwtKey } from './key.js';
import type { KeySet } from './key-set.js';
import { LocalJwks } from './local-jwks.js';
import type { FetchLike, UrlLike } from '../lib/web-types.js';

/**
 * Options of {@link createRemoteJwks}.
 * Unknown names and values of the wrong type are refused (`ERR_INVALID_ARGUMENT`).
 *
 * @category Key sets (JWKS)
 */
export interface RemoteJwksOptions {
  /** Abort a fetch (headers and body) after this long. Default 5000 ms. */
  timeoutMs?: number;
  /** Use a fetched set for this long, then fetch it again. Default 10 minutes. */
  cacheMaxAgeMs?: number;
  /** Least time between a fetch and a refetch caused by an unknown `kid` or after a failure. Default 30 s. */
  cooldownMs?: number;
  /** Largest accepted response body. Default 1 MiB. */
  maxBytes?: number;
  /** Extra request headers (never shown in error messages). */
  headers?: Record<string, string>;
  /** `fetch` implementation (any runtime's global `fetch` fits). Default `globalThis.fetch`. */
  fetch?: FetchLike;
  /** Clock override: milliseconds since the epoch. Default `Date.now`. */
  clock?: Clock;
}

const REMOTE_JWKS_SCHEMA = /* @__PURE__ */ optionsSchema<RemoteJwksOptions>('createRemoteJwks', {
  timeoutMs: OPTION_NUMBER,
  cacheMaxAgeMs: OPTION_NUMBER,
  cooldownMs: OPTION_NUMBER,
  maxBytes: OPTION_NUMBER,
  headers: OPTION_STRING_RECORD,
  fetch: OPTION_FUNCTION,
  clock: OPTION_FUNCTION,
});

/**
 * A remote key set: a {@link KeySet} that can also be reloaded on demand.
 *
 * @category Key sets (JWKS)
 */
export interface RemoteKeySet extends KeySet {
  /** Fetches the JWKS now, ignoring the cooldown (and sharing any request already in flight). */
  reload(): Promise<void>;
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw invalidArgument(`${name} must be a positive number`);
  }
  return value;
}

function jwksUrl(url: string | UrlLike): URL {
  let parsed: URL;
  try {
    parsed = new URL(typeof url === 'string' ? url : url.href);
  } catch (cause) {
    throw invalidArgument('The JWKS URL is not a valid URL', { cause });
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw invalidArgument('The JWKS URL must be https: (or http: for local development)');
  }
  return parsed;
}

class RemoteJwks implements RemoteKeySet {
  readonly #request: JwksRequest;
  readonly #cacheMaxAgeMs: number;
  readonly #cooldownMs: number;
  readonly #clock: Clock;
  #set: LocalJwks | undefined;
  #fetchedAt = Number.NEGATIVE_INFINITY;
  /** When the last fetch finished, successfully or not. */
  #attemptedAt = Number.NEGATIVE_INFINITY;
  #failure: JwtError | undefined;
  #inFlight: Promise<void> | undefined;

  // Options already checked by createRemoteJwks.
  constructor(url: string | UrlLike, options: RemoteJwksOptions) {
    const fetchImpl = options.fetch ?? (globalThis as { fetch?: FetchLike }).fetch;
    if (typeof fetchImpl !== 'function') throw invalidArgument('No fetch implementation is available');
    this.#request = {
      url: jwksUrl(url),
      timeoutMs: positive(options.timeoutMs, 5000, 'timeoutMs'),
      maxBytes: positive(options.maxBytes, 1 << 20, 'maxBytes'),
      headers: { ...(options.headers ?? {}) },
      fetch: fetchImpl,
    };
    this.#cacheMaxAgeMs = positive(options.cacheMaxAgeMs, 600_000, 'cacheMaxAgeMs');
    this.#cooldownMs = positive(options.cooldownMs, 30_000, 'cooldownMs');
    this.#clock = options.clock ?? Date.now;
  }

  async getKey(header: Readonly<JwsHeader>): Promise<JwtKey> {
    if (this.#set === undefined || this.#clock() - this.#fetchedAt >= this.#cacheMaxAgeMs) await this.#refetch();
    try {
      return await this.#set!.getKey(header);
    } catch (err) {
      // An unknown kid may mean the provider rotated its keys: refetch, at most once per cooldown.
      const rotated = err instanceof JwtError && err.code === 'ERR_KEY_NOT_FOUND';
      if (!rotated || (this.#inFlight === undefined && this.#clock() - this.#attemptedAt < this.#cooldownMs)) throw err;
      await this.reload();
      return this.#set!.getKey(header);
    }
  }

  reload(): Promise<void> {
    this.#inFlight ??= this.#load().finally(() => {
      this.#inFlight = undefined;
    });
    return this.#inFlight;
  }

  /** Fetches unless the last fetch failed within the cooldown, in which case that failure repeats. */
  #refetch(): Promise<void> {
    const failedRecently = this.#failure !== undefined && this.#clock() - this.#attemptedAt < this.#cooldownMs;
    if (failedRecently && this.#inFlight === undefined) {
      return Promise.reject(new JwtError('ERR_JWKS_FETCH_FAILED', this.#failure!.message, { cause: this.#failure }));
    }
    return this.reload();
  }

  async #load(): Promise<void> {
    try {
      const document = await fetchJwksDocument(this.#request);
      let set: LocalJwks;
      try {
        set = new LocalJwks(document, { secrets: false });
      } catch (cause) {
        throw fetchFailed('the response is not a JWKS', cause);
      }
      this.#set = set;
      this.#fetchedAt = this.#clock();
      this.#failure = undefined;
    } catch (err) {
      this.#failure = err as JwtError;
      throw err;
    } finally {
      this.#attemptedAt = this.#clock();
    }
  }
}

/**
 * A key set fetched from a `jwks_uri`, e.g. an identity provider's. Works wherever `fetch` does
 * (browsers, Deno, Bun, Node 18+).
 *
 * The set is fetched on first use and cached for `cacheMaxAgeMs`. A token whose `kid` is not in the
 * set causes one refetch, at most once per `cooldownMs`. Concurrent callers share one request. Past its
 * maximum age a set is only used again after a successful refetch (fail closed); after a failed fetch,
 * callers within the cooldown get the same error at once. Secrets (`kty: "oct"`) in a fetched set are
 * ignored: a key published at a URL is not secret.
 *
 * `http:` URLs are accepted for local development and tests only: over plain HTTP anyone on the path
 * can replace the keys. Use `https:` in production.
 *
 * @param url - The JWKS URL (`https:`, or `http:` for local development).
 * @param options - `timeoutMs` (5 s), `cacheMaxAgeMs` (10 min), `cooldownMs` (30 s), `maxBytes` (1 MiB),
 *   `headers`, `fetch`, `clock`.
 * @returns A {@link RemoteKeySet} for `verify`.
 * @throws {@link JwtError} `ERR_INVALID_ARGUMENT` for a bad URL or options. At verification:
 *   `ERR_JWKS_FETCH_FAILED` (network, timeout, HTTP error, too large, not JSON, not a JWKS),
 *   `ERR_KEY_NOT_FOUND`.
 *
 * @example
 * ```ts
 * const keys = createRemoteJwks('https://login.example.com/.well-known/jwks.json');
 * const { payload } = await verify(token, keys, { algorithms: ['RS256'], issuer: 'https://login.example.com' });
 * ```
 *
 * @category Key sets (JWKS)
 */
export function createRemoteJwks(url: string | UrlLike, options: RemoteJwksOptions = {}): RemoteKeySet {
  checkOptions(options, REMOTE_JWKS_SCHEMA);
  return new RemoteJwks(url, options);
}
