/**
 * RFC 6750 for a resource server: the bearer token of a request and the `WWW-Authenticate`
 * challenges of its errors (401 `invalid_token`, 403 `insufficient_scope`, 400 `invalid_request`).
 *
 * @module
 */

/** An RFC 6750 error: status, challenge and a JSON body. */
export class BearerError extends Error {
  override name = 'BearerError';
  constructor(
    readonly statusCode: 400 | 401 | 403,
    readonly error: 'invalid_request' | 'invalid_token' | 'insufficient_scope' | undefined,
    readonly description: string,
    readonly scope?: string,
  ) {
    super(description);
  }

  /**
   * The `WWW-Authenticate` value.
   *
   * @param realm - The realm to name.
   */
  challenge(realm: string): string {
    const parts = [`Bearer realm="${realm}"`];
    if (this.error) parts.push(`error="${this.error}"`, `error_description="${this.description}"`);
    if (this.scope) parts.push(`scope="${this.scope}"`);
    return parts.join(', ');
  }
}

/**
 * The bearer token of the `Authorization` header (RFC 6750 section 2.1).
 *
 * @param header - The header value.
 * @returns The token.
 * @throws {@link BearerError} 401 without an error code when there is no token (section 3.1), 400
 *   `invalid_request` for a malformed header.
 * @example
 * ```ts
 * const token = bearerToken(request.headers.authorization);
 * ```
 */
export function bearerToken(header: string | undefined): string {
  if (header === undefined || header === '') throw new BearerError(401, undefined, 'Authentication required');
  const match = /^Bearer +([A-Za-z0-9._~+/-]+=*) *$/i.exec(header);
  if (!match) throw new BearerError(400, 'invalid_request', 'The Authorization header is not a Bearer token');
  return match[1]!;
}
