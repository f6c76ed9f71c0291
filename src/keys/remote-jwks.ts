/**
 * A key set fetched from a `jwks_uri`: timeout, a cache with a maximum age, at most one refetch per
 * cooldown when a token names an unknown `kid`, and one shared request for concurrent callers.
 *
 * @module
 */
import { JwtError } from '../errors.js';
import type { JwsHeader } from '../jws/header.js';
import type { Clock } from '../jwt/types.js';
import type { JwtKey } from './key.js';
import type { KeySet } from './key-set.js';
import { LocalJwks } from './local-jwks.js';

/** Options of {@link createRemoteJwks}. */
export interface RemoteJwksOptions {
  /** Abort a fetch after this long. Default 5000 ms. */
  timeoutMs?: number;
  /** Refetch when the cached set is older than this. Default 10 minutes. */
  cacheMaxAgeMs?: number;
  /** Minimum time between refetches caused by unknown `kid`s. Default 30 s. */
  cooldownMs?: number;
  /** Largest accepted response body. Default 1 MiB. */
  maxBytes?: number;
  /** Extra request headers. */
  headers?: Record<string, string>;
  /** `fetch` implementation. Default `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** Clock override: milliseconds since the epoch. */
  clock?: Clock;
}

/** A remote key set: a {@link KeySet} that can also be reloaded on demand. */
export interface RemoteKeySet extends KeySet {
  /** Fetches the JWKS now (sharing any request already in flight). */
  reload(): Promise<void>;
}

const failed = (why: string, cause?: unknown) => new JwtError('ERR_JWKS_FETCH_FAILED', `JWKS fetch failed: ${why}`, { cause });

class RemoteJwks implements RemoteKeySet {
  readonly #url: URL;
  readonly #timeoutMs: number;
  readonly #cacheMaxAgeMs: number;
  readonly #cooldownMs: number;
  readonly #maxBytes: number;
  readonly #headers: Record<string, string>;
  readonly #fetch: typeof fetch;
  readonly #clock: Clock;
  #set: LocalJwks | undefined;
  #fetchedAt = Number.NEGATIVE_INFINITY;
  #inFlight: Promise<void> | undefined;

  constructor(url: string | URL, options: RemoteJwksOptions) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch (cause) {
      throw new JwtError('ERR_INVALID_ARGUMENT', 'The JWKS URL is not a valid URL', { cause });
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
      throw new JwtError('ERR_INVALID_ARGUMENT', 'The JWKS URL must be https: (or http: for local development)');
    }
    this.#url = parsed;
    this.#timeoutMs = positive(options.timeoutMs, 5000, 'timeoutMs');
    this.#cacheMaxAgeMs = positive(options.cacheMaxAgeMs, 600_000, 'cacheMaxAgeMs');
    this.#cooldownMs = positive(options.cooldownMs, 30_000, 'cooldownMs');
    this.#maxBytes = positive(options.maxBytes, 1 << 20, 'maxBytes');
    this.#headers = { ...(options.headers ?? {}) };
    const fetchImpl = options.fetch ?? (globalThis as { fetch?: typeof fetch }).fetch;
    if (typeof fetchImpl !== 'function') throw new JwtError('ERR_INVALID_ARGUMENT', 'No fetch implementation is available');
    this.#fetch = fetchImpl;
    this.#clock = options.clock ?? Date.now;
  }

  async getKey(header: Readonly<JwsHeader>): Promise<JwtKey> {
    if (this.#set === undefined || this.#clock() - this.#fetchedAt >= this.#cacheMaxAgeMs) await this.reload();
    try {
      return await this.#set!.getKey(header);
    } catch (err) {
      // A new kid may mean the issuer rotated keys: refetch, but not more than once per cooldown.
      const rotated = err instanceof JwtError && err.code === 'ERR_KEY_NOT_FOUND';
      if (!rotated || this.#clock() - this.#fetchedAt < this.#cooldownMs) throw err;
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

  async #load(): Promise<void> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.#timeoutMs);
    let body: ArrayBuffer;
    try {
      const response = await this.#fetch(this.#url, {
        headers: { accept: 'application/json', ...this.#headers },
        signal: controller.signal,
      });
      if (!response.ok) throw failed(`the server answered HTTP ${response.status}`);
      const declared = Number(response.headers.get('content-length'));
      if (declared > this.#maxBytes) throw failed('the response is too large');
      body = await response.arrayBuffer();
    } catch (cause) {
      if (cause instanceof JwtError) throw cause;
      throw failed(controller.signal.aborted ? `no answer within ${this.#timeoutMs} ms` : 'network error', cause);
    } finally {
      clearTimeout(timer);
    }
    if (body.byteLength > this.#maxBytes) throw failed('the response is too large');
    let document: unknown;
    try {
      document = JSON.parse(new TextDecoder().decode(body));
    } catch (cause) {
      throw failed('the response is not JSON', cause);
    }
    try {
      this.#set = new LocalJwks(document);
    } catch (cause) {
      throw failed('the response is not a JWKS', cause);
    }
    this.#fetchedAt = this.#clock();
  }
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) throw new JwtError('ERR_INVALID_ARGUMENT', `${name} must be a positive number`);
  return value;
}

/**
 * A key set fetched from a `jwks_uri`, e.g. an identity provider's.
 *
 * @param url - The JWKS URL (`https:`; `http:` is allowed for local development).
 * @param options - `timeoutMs` (5 s), `cacheMaxAgeMs` (10 min), `cooldownMs` (30 s), `maxBytes` (1 MiB),
 *   `headers`, `fetch`, `clock`.
 * @returns A {@link RemoteKeySet} for `verify`.
 * @throws {@link JwtError} `ERR_INVALID_ARGUMENT` for a bad URL or options. At verification:
 *   `ERR_JWKS_FETCH_FAILED` (network, timeout, HTTP error, not a JWKS), `ERR_KEY_NOT_FOUND`.
 *
 * @example
 * ```ts
 * const keys = createRemoteJwks('https://login.example.com/.well-known/jwks.json');
 * const { payload } = await verify(token, keys, { algorithms: ['RS256'], issuer: 'https://login.example.com' });
 * ```
 */
export function createRemoteJwks(url: string | URL, options: RemoteJwksOptions = {}): RemoteKeySet {
  return new RemoteJwks(url, options);
}
