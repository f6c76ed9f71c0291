/**
 * Typed errors with stable codes. Every failure of the library surfaces as a {@link JwtError};
 * callers switch on `code`, never on the message.
 *
 * @module
 */

/**
 * Every stable error code the library produces.
 *
 * @category Errors
 */
export type JwtErrorCode =
  | 'ERR_JWT_MALFORMED'
  | 'ERR_JWT_TOO_LARGE'
  | 'ERR_JWS_ALG_NOT_ALLOWED'
  | 'ERR_JWS_SIGNATURE_INVALID'
  | 'ERR_JWS_CRIT_UNSUPPORTED'
  | 'ERR_JWE_ALG_NOT_ALLOWED'
  | 'ERR_JWE_DECRYPTION_FAILED'
  | 'ERR_JWE_CRIT_UNSUPPORTED'
  | 'ERR_JWT_EXPIRED'
  | 'ERR_JWT_NOT_YET_VALID'
  | 'ERR_JWT_CLAIM_INVALID'
  | 'ERR_JWT_CLAIM_MISSING'
  | 'ERR_JWT_REVOKED'
  | 'ERR_REVOCATION_UNAVAILABLE'
  | 'ERR_KEY_INVALID'
  | 'ERR_KEY_NOT_FOUND'
  | 'ERR_JWKS_FETCH_FAILED'
  | 'ERR_INVALID_ARGUMENT';

/**
 * Options accepted by the {@link JwtError} constructor.
 *
 * @category Errors
 */
export interface JwtErrorOptions {
  /** The underlying error, kept for debugging; never shown in the message. */
  cause?: unknown;
  /** For claim errors: the name of the claim that failed. */
  claim?: string;
}

/**
 * The one error type the library throws. `code` is stable across versions; `message` is for humans
 * and never contains token contents, secrets or key material (the one exception: an
 * `ERR_JWS_ALG_NOT_ALLOWED` message names the refused `alg`, which is not secret).
 *
 * @example
 * ```ts
 * try {
 *   await verify(token, key, { algorithms: ['HS256'] });
 * } catch (err) {
 *   if (err instanceof JwtError && err.code === 'ERR_JWT_EXPIRED') {
 *     // ask the client to refresh
 *   }
 * }
 * ```
 *
 * @category Errors
 */
export class JwtError extends Error {
  /** Stable machine-readable code. */
  readonly code: JwtErrorCode;
  /** For `ERR_JWT_CLAIM_INVALID`, `ERR_JWT_CLAIM_MISSING`, `ERR_JWT_EXPIRED`, `ERR_JWT_NOT_YET_VALID`: the claim. */
  readonly claim?: string;

  /**
   * Creates an error with a stable code.
   *
   * @param code - The stable code callers switch on.
   * @param message - For people; must not contain token contents, secrets or key material.
   * @param options - The underlying `cause` and, for claim errors, the `claim`.
   * @throws Never.
   */
  constructor(code: JwtErrorCode, message: string, options: JwtErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'JwtError';
    this.code = code;
    if (options.claim !== undefined) this.claim = options.claim;
  }
}

/**
 * True when `value` is a {@link JwtError}, optionally with the given code. Works across realms.
 *
 * @param value - A caught value.
 * @param code - When given, `value` must also have this code.
 * @returns Whether `value` is a `JwtError` (with `code`).
 * @throws Never.
 *
 * @example
 * ```ts
 * try {
 *   await verify(token, key);
 * } catch (err) {
 *   if (isJwtError(err, 'ERR_JWT_EXPIRED')) return refresh();
 *   if (isJwtError(err)) return unauthorized(err.code);
 *   throw err;
 * }
 * ```
 *
 * @category Errors
 */
export function isJwtError(value: unknown, code?: JwtErrorCode): value is JwtError {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as { name?: unknown; code?: unknown };
  if (!(value instanceof JwtError) && candidate.name !== 'JwtError') return false;
  return code === undefined || candidate.code === code;
}
