/**
 * OAuth error responses (RFC 6749 section 5.2): `{"error", "error_description"}`, 400, or 401 with a
 * `WWW-Authenticate` challenge for `invalid_client`; never cached.
 *
 * @module
 */

/** The error codes of RFC 6749, 7009, 7662 and OpenID Connect that this server sends. */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'unsupported_response_type'
  | 'unsupported_token_type'
  | 'invalid_scope'
  | 'access_denied'
  | 'login_required'
  | 'server_error';

/**
 * An error the token-side endpoints answer with: 400, or 401 with a `Basic` challenge for
 * `invalid_client`. The OAuth scope's error handler sends it with `Cache-Control: no-store`.
 *
 * @example
 * ```ts
 * throw new OAuthError('invalid_client', 'Client authentication failed');
 * ```
 */
export class OAuthError extends Error {
  override name = 'OAuthError';
  constructor(
    readonly error: OAuthErrorCode,
    readonly description: string,
    readonly statusCode = error === 'invalid_client' ? 401 : 400,
    readonly headers: Readonly<Record<string, string>> = error === 'invalid_client' ? { 'WWW-Authenticate': 'Basic realm="oauth"' } : {},
  ) {
    super(description);
  }

  /** The JSON body. */
  toJSON(): { error: string; error_description: string } {
    return { error: this.error, error_description: this.description };
  }
}

/** RFC 6749 section 5.1: token responses (and their errors) must not be cached. */
export const NO_STORE = { 'Cache-Control': 'no-store', Pragma: 'no-cache' } as const;

/**
 * Shorthand constructor.
 *
 * @param error - The code.
 * @param description - Human-readable, ASCII.
 * @example
 * ```ts
 * throw oauthError('invalid_grant', 'The authorization code has expired');
 * ```
 */
export function oauthError(error: OAuthErrorCode, description: string): OAuthError {
  return new OAuthError(error, description);
}

/**
 * The description of a schema failure on OAuth parameters: which parameter, and why, never its value.
 *
 * @param issues - Ajv's errors (`error.validation`).
 * @example
 * ```ts
 * if (error.validation) throw oauthError('invalid_request', invalidParameterDescription(error.validation));
 * ```
 */
export function invalidParameterDescription(issues: readonly { instancePath: string; keyword: string }[]): string {
  const issue = issues.find((i) => i.keyword === 'pattern') ?? issues.find((i) => i.keyword === 'type') ?? issues[0];
  const name = (issue?.instancePath.split('/')[1] ?? '').replace(/[^\w.-]/g, '');
  const what = name ? `The parameter "${name}"` : 'The parameters';
  if (issue?.keyword === 'pattern') return `${what} must not contain control characters (such as NUL)`;
  if (issue?.keyword === 'type' && name) return `${what} must be a string`;
  return `${what} must be form fields or query parameters with string values`;
}
