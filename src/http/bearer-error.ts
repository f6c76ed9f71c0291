/**
 * {@link BearerError}: a failed bearer-token request as HTTP says it (RFC 6750 section 3): the
 * status, the `WWW-Authenticate` challenge and a JSON body, ready for any framework.
 *
 * @module
 */

/**
 * The RFC 6750 section 3.1 error codes, or `undefined` when the request carried no bearer token
 * (the challenge then names no error, as section 3.1 asks).
 *
 * @category HTTP
 */
export type BearerErrorCode = 'invalid_request' | 'invalid_token' | 'insufficient_scope';

/**
 * The HTTP statuses of a {@link BearerError}: 401 (no token, or a token that is not accepted),
 * 400 (a malformed request), 403 (a valid token without the scopes), 503 (the keys or the
 * revocation store could not be reached: not the client's fault, try again).
 *
 * @category HTTP
 */
export type BearerErrorStatus = 400 | 401 | 403 | 503;

/**
 * The JSON body of a {@link BearerError}: the same `error` and `error_description` as the challenge.
 *
 * @category HTTP
 */
export interface BearerErrorBody {
  /** The RFC 6750 code, `temporarily_unavailable` for a 503, absent when no token was sent. */
  error?: BearerErrorCode | 'temporarily_unavailable';
  /** A short sentence for developers; never contains the token. */
  error_description: string;
  /** For `insufficient_scope`: the scopes the resource needs, space-separated. */
  scope?: string;
}

/**
 * What {@link BearerError}'s constructor takes.
 *
 * @category HTTP
 */
export interface BearerErrorInit {
  /** The HTTP status. */
  status: BearerErrorStatus;
  /** The RFC 6750 error code; omit for a request without a bearer token, or for a 503. */
  error?: BearerErrorCode;
  /** A short sentence for developers (printable ASCII except `"` and `\`, per RFC 6750). */
  description: string;
  /** The realm named in the challenge. */
  realm?: string;
  /** For `insufficient_scope`: the scopes needed. */
  scope?: readonly string[];
  /** The underlying error (e.g. the `JwtError` of the verifier), for logs; never sent. */
  cause?: unknown;
}

/**
 * A refused request: `status`, `headers` (the `WWW-Authenticate` challenge) and `body` are what to
 * answer. Thrown by {@link bearerToken} and {@link authenticate}; {@link bearerErrorResponse} turns
 * it into a Fetch `Response`.
 *
 * @example
 * ```ts
 * try {
 *   const { payload } = await authenticate(request, verifyAccess, { realm: 'api' });
 * } catch (err) {
 *   if (err instanceof BearerError) return bearerErrorResponse(err);
 *   throw err;
 * }
 * ```
 *
 * @category HTTP
 */
export class BearerError extends Error {
  /** The HTTP status to answer. */
  readonly status: BearerErrorStatus;
  /** The RFC 6750 error code, `undefined` when no token was sent (and for a 503). */
  readonly error: BearerErrorCode | undefined;
  /** The sentence of `error_description`. */
  readonly description: string;
  /** The realm of the challenge, if any. */
  readonly realm: string | undefined;
  /** For `insufficient_scope`: the scopes the resource needs. */
  readonly scope: readonly string[] | undefined;
  /** The response headers: `WWW-Authenticate` (none on a 503, which is no challenge). */
  readonly headers: Readonly<Record<string, string>>;
  /** The JSON body to send. */
  readonly body: BearerErrorBody;

  /**
   * Creates the error; `headers` and `body` are derived from `init`.
   *
   * @param init - Status, code, description, realm and scopes.
   * @throws Never.
   */
  constructor(init: BearerErrorInit) {
    super(init.description, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'BearerError';
    this.status = init.status;
    this.error = init.error;
    this.description = init.description;
    this.realm = init.realm;
    this.scope = init.scope;
    this.headers = init.status === 503 ? {} : { 'WWW-Authenticate': bearerChallenge(init) };
    const body: BearerErrorBody = { error_description: init.description };
    if (init.error !== undefined) body.error = init.error;
    else if (init.status === 503) body.error = 'temporarily_unavailable';
    if (init.scope !== undefined) body.scope = init.scope.join(' ');
    this.body = body;
  }
}

/**
 * True when `value` is a {@link BearerError}, also one from another copy of webjwt (checked by name).
 *
 * @param value - A caught value.
 * @returns Whether it is a `BearerError`.
 * @throws Never.
 * @example
 * ```ts
 * if (isBearerError(err)) return bearerErrorResponse(err);
 * ```
 *
 * @category HTTP
 */
export function isBearerError(value: unknown): value is BearerError {
  return value instanceof BearerError || (value instanceof Error && value.name === 'BearerError' && 'status' in value && 'headers' in value);
}

/**
 * The RFC 6750 section 3 challenge, e.g. `Bearer realm="api", error="invalid_token",
 * error_description="The access token expired"`. Every value is a quoted-string with `"` and `\`
 * escaped and control characters (CR, LF, ...) removed, so no text can break out of the header.
 */
function bearerChallenge(init: BearerErrorInit): string {
  const params: string[] = [];
  if (init.realm !== undefined) params.push(`realm=${quoted(init.realm)}`);
  if (init.error !== undefined) {
    params.push(`error=${quoted(init.error)}`, `error_description=${quoted(init.description)}`);
  }
  if (init.scope !== undefined) params.push(`scope=${quoted(init.scope.join(' '))}`);
  return params.length === 0 ? 'Bearer' : `Bearer ${params.join(', ')}`;
}

// Control characters have no place in a header; `"` and `\` are escaped (RFC 9110 section 5.6.4).
// eslint-disable-next-line no-control-regex
const quoted = (value: string): string => `"${value.replace(/[\u0000-\u001f\u007f]/g, '').replace(/["\\]/g, '\\$&')}"`;

/**
 * The shape of a Fetch `Response`, for environments whose types declare no global one.
 *
 * @category HTTP
 */
export interface ResponseShape {
  /** The HTTP status. */
  readonly status: number;
}

/**
 * The `Response` type of the consumer's environment where its types declare one (the DOM lib,
 * Deno, Bun, `@types/node` 18 and later), a minimal shape elsewhere.
 *
 * @category HTTP
 */
export type RuntimeResponse = typeof globalThis extends {
  /** The global `Response` class. */
  Response: {
    /** Its instances' type. */
    prototype: infer R;
  };
}
  ? R
  : ResponseShape;

/**
 * The Fetch `Response` for a {@link BearerError}: its status, headers and JSON body, with
 * `Cache-Control: no-store`.
 *
 * @param error - The error {@link bearerToken} or {@link authenticate} threw.
 * @returns A new `Response`.
 * @throws Never (needs a global `Response`, as every runtime webjwt supports has).
 * @example
 * ```ts
 * Deno.serve(async (request) => {
 *   try {
 *     const { payload } = await authenticate(request, verifyAccess);
 *     return Response.json({ hello: payload.sub });
 *   } catch (err) {
 *     if (err instanceof BearerError) return bearerErrorResponse(err);
 *     throw err;
 *   }
 * });
 * ```
 *
 * @category HTTP
 */
export function bearerErrorResponse(error: BearerError): RuntimeResponse {
  const headers = { ...error.headers, 'Content-Type': 'application/json', 'Cache-Control': 'no-store' };
  const ResponseClass = (globalThis as unknown as { Response: new (body: string, init: object) => RuntimeResponse }).Response;
  return new ResponseClass(JSON.stringify(error.body), { status: error.status, headers });
}
