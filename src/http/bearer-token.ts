/**
 * {@link bearerToken}: the bearer token of a request, read as RFC 6750 section 2 says, and nothing
 * looser.
 *
 * @module
 */
import { checkOptions, optionsSchema, OPTION_BOOLEAN, OPTION_NUMBER, OPTION_STRING } from '../lib/options.js';
import { BearerError } from './bearer-error.js';
import { type BearerSource, readCredentials } from './sources.js';

/**
 * Options of {@link bearerToken}.
 *
 * @category HTTP
 */
export interface BearerTokenOptions {
  /**
   * Also accept the token in the `access_token` query parameter (RFC 6750 section 2.3). Off by
   * default: URLs end up in logs and browser history. A request carrying a token both there and in
   * the header is refused.
   */
  allowQuery?: boolean;
  /** The longest `Authorization` value (or query token) read, in characters; longer is refused. Default 8192. */
  maxLength?: number;
  /** The realm named in the challenge of the errors thrown. */
  realm?: string;
}

/** The default of {@link BearerTokenOptions.maxLength}: far above any sane JWT, far below Node's 16 KiB of headers. */
export const DEFAULT_MAX_LENGTH = 8192;

const SCHEMA = /* @__PURE__ */ optionsSchema<BearerTokenOptions>('bearerToken', {
  allowQuery: OPTION_BOOLEAN,
  maxLength: OPTION_NUMBER,
  realm: OPTION_STRING,
});

// RFC 6750 section 2.1: credentials = "Bearer" 1*SP b64token, where b64token is token68. We accept
// exactly one space, as every client sends it; any other layout is refused rather than guessed at.
const BEARER = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/i;
const TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;
// An auth-scheme is a token (RFC 9110 section 11.1).
const OTHER_SCHEME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+(?: |$)/;
// `Basic x, Bearer y`: Fetch's Headers join two Authorization headers with a comma.
const JOINED_BEARER = /,[ \t]*bearer(?:[ \t]|$)/i;

/**
 * Reads the bearer token of a request: from the `Authorization` header (RFC 6750 section 2.1),
 * and from the `access_token` query parameter only when `allowQuery` is set.
 *
 * - No `Authorization` header, or one with another scheme (`Basic ...`): `undefined`; the caller
 *   decides whether the route needs a token ({@link authenticate} then answers 401 with a bare
 *   challenge, as RFC 6750 section 3.1 asks of requests without authentication).
 * - `Bearer` (any case), one space, then a token68 (`A-Z a-z 0-9 - . _ ~ + /`, then `=` padding):
 *   the token, not yet verified.
 * - Anything else is a malformed request: an empty header, `Bearer` without a token, two spaces, a
 *   token with spaces or commas, two `Authorization` headers, a token in both the header and the
 *   query, a value over `maxLength`. Those throw a {@link BearerError} 400 `invalid_request`.
 *
 * @param source - A Fetch `Request` or `Headers`, a Node `IncomingMessage` (Express's `req`), a
 *   framework request with a `raw` one (Fastify's `request`, Hono's `c.req`), or the header value.
 * @param options - See {@link BearerTokenOptions}.
 * @returns The token, or `undefined` when the request carries no bearer token.
 * @throws {@link BearerError} 400 `invalid_request` for a malformed request; `JwtError`
 *   `ERR_INVALID_ARGUMENT` for bad options or a source of another kind.
 * @example
 * ```ts
 * const token = bearerToken(request); // 'eyJ...' or undefined
 * ```
 *
 * @category HTTP
 */
export function bearerToken(source: BearerSource, options?: BearerTokenOptions): string | undefined {
  checkOptions(options, SCHEMA);
  return readBearerToken(source, options ?? {});
}

/** {@link bearerToken} with options already checked. */
export function readBearerToken(source: BearerSource, options: BearerTokenOptions): string | undefined {
  const maxLength = options.maxLength ?? DEFAULT_MAX_LENGTH;
  const malformed = (description: string) => new BearerError({ status: 400, error: 'invalid_request', description, realm: options.realm });
  const read = readCredentials(source, options.allowQuery === true);
  if (read.headerCount > 1) throw malformed('The request has more than one Authorization header');
  if (read.queryTokens.length > 1) throw malformed('The request has more than one access_token parameter');
  const fromHeader = read.header === undefined ? undefined : headerToken(read.header, maxLength, malformed);
  const fromQuery = read.queryTokens[0];
  if (fromQuery === undefined) return fromHeader;
  if (read.header !== undefined) throw malformed('The request carries credentials in both the Authorization header and the query');
  if (fromQuery.length > maxLength) throw malformed('The access_token parameter is too long');
  if (!TOKEN.test(fromQuery)) throw malformed('The access_token parameter is not a bearer token');
  return fromQuery;
}

function headerToken(raw: string, maxLength: number, malformed: (description: string) => BearerError): string | undefined {
  if (raw.length > maxLength) throw malformed('The Authorization header is too long');
  // Header values reach us with surrounding whitespace removed; do the same for a string given directly.
  const value = raw.replace(/^[ \t]+|[ \t]+$/g, '');
  const match = BEARER.exec(value);
  if (match !== null) return match[1];
  if (/^bearer(?:[ \t]|$)/i.test(value)) throw malformed('The Authorization header is not "Bearer" followed by one space and a token');
  if (OTHER_SCHEME.test(value) && !JOINED_BEARER.test(value)) return undefined;
  throw malformed('The Authorization header is malformed');
}
