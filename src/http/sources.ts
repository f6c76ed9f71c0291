/**
 * Where a bearer token can come from, described by the members webjwt reads, so the declarations
 * name no DOM or Node global: a Fetch `Request` (Deno, Bun, Hono's `c.req.raw`, service workers), a
 * `Headers`, a Node `IncomingMessage` (Express's `req`, Fastify's `request.raw`), an object whose
 * `raw` is one of those (Fastify's `request`, Hono's `c.req`), or the header value itself.
 *
 * @module
 */
import { JwtError } from '../errors.js';

/**
 * Request headers with a `get` method: the Fetch `Headers` of every runtime.
 *
 * @category HTTP
 */
export interface FetchHeadersLike {
  /** A header's value (repeated headers joined with `, `), or `null` when absent. */
  get(name: string): string | null;
}

/**
 * A Fetch `Request`: its headers and its URL (read only when the query string is allowed).
 *
 * @category HTTP
 */
export interface FetchRequestLike {
  /** The request headers. */
  readonly headers: FetchHeadersLike;
  /** The absolute request URL. */
  readonly url: string;
}

/**
 * A Node `IncomingMessage` (also Express's `req`): lower-cased headers, the raw name/value list and
 * the request target.
 *
 * @category HTTP
 */
export interface NodeRequestLike {
  /** Lower-cased header names; Node keeps only the first `authorization` of several. */
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** Names and values in the order received; used to refuse a second `Authorization` header. */
  readonly rawHeaders?: readonly string[] | undefined;
  /** The request target, e.g. `/api/items?x=1` (read only when the query string is allowed). */
  readonly url?: string | undefined;
}

/**
 * A framework's request object that wraps the runtime's own as `raw` (Fastify's `request`, Hono's
 * `c.req`).
 *
 * @category HTTP
 */
export interface WrappedRequestLike {
  /** The runtime's request. */
  readonly raw: FetchRequestLike | NodeRequestLike;
}

/**
 * Anything {@link bearerToken} and {@link authenticate} read the token from. A string is the
 * `Authorization` header value; `undefined` or `null` means the header is absent.
 *
 * @category HTTP
 */
export type BearerSource = FetchRequestLike | FetchHeadersLike | NodeRequestLike | WrappedRequestLike | string | null | undefined;

/** What a source gives: the Authorization header(s) and, when asked, the query string's tokens. */
export interface ReadCredentials {
  /** The Authorization header value, `undefined` when absent. */
  readonly header: string | undefined;
  /** How many Authorization headers arrived (more than one is refused). */
  readonly headerCount: number;
  /** Every `access_token` query parameter value (only read when allowed). */
  readonly queryTokens: readonly string[];
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const hasGet = (value: unknown): value is FetchHeadersLike => isObject(value) && typeof value.get === 'function';

/** Reads the Authorization header(s) and, with `query`, the `access_token` parameters of `source`. */
export function readCredentials(source: BearerSource, query: boolean, unwrapped = false): ReadCredentials {
  if (source === undefined || source === null) return { header: undefined, headerCount: 0, queryTokens: [] };
  if (typeof source === 'string') return { header: source, headerCount: 1, queryTokens: [] };
  if (!isObject(source)) return invalidSource();
  // Fastify's request has both `headers` (without rawHeaders) and `raw`: the raw one sees duplicates.
  if (!unwrapped && isObject(source.raw) && !hasGet(source.headers)) {
    return readCredentials(source.raw as unknown as FetchRequestLike | NodeRequestLike, query, true);
  }
  // `headers` first: Express's req also has a `get` method, which sees only the first Authorization.
  if (!isObject(source.headers)) return hasGet(source) ? fromHeader(source.get('authorization'), []) : invalidSource();
  const queryTokens = query ? accessTokenParameters((source as { url?: unknown }).url) : [];
  if (hasGet(source.headers)) return fromHeader(source.headers.get('authorization'), queryTokens);
  return fromNodeHeaders(source as NodeRequestLike, queryTokens);
}

function fromHeader(value: string | null, queryTokens: readonly string[]): ReadCredentials {
  return { header: value ?? undefined, headerCount: value === null ? 0 : 1, queryTokens };
}

function fromNodeHeaders(request: NodeRequestLike, queryTokens: readonly string[]): ReadCredentials {
  const value = request.headers.authorization;
  const values = value === undefined ? [] : typeof value === 'string' ? [value] : [...value];
  // Node keeps the first `authorization` and drops the others: count them in rawHeaders.
  let rawCount = 0;
  const raw = request.rawHeaders ?? [];
  for (let i = 0; i < raw.length; i += 2) if (raw[i]?.toLowerCase() === 'authorization') rawCount++;
  return { header: values[0], headerCount: Math.max(values.length, rawCount), queryTokens };
}

/** The `access_token` values of a request target or absolute URL (RFC 6750 section 2.3). */
function accessTokenParameters(url: unknown): string[] {
  if (typeof url !== 'string') return [];
  const at = url.indexOf('?');
  if (at < 0) return [];
  const end = url.indexOf('#', at);
  return new URLSearchParams(url.slice(at + 1, end < 0 ? undefined : end)).getAll('access_token');
}

function invalidSource(): never {
  throw new JwtError('ERR_INVALID_ARGUMENT', 'bearerToken: the source must be a Request, Headers, a Node IncomingMessage, a header string or undefined');
}
