/**
 * HTTP errors as FastAPI shapes them: a status, a JSON body `{"detail": ...}` and, for 401s,
 * an RFC 6750 `WWW-Authenticate: Bearer` challenge. Routes throw these; the app's error
 * handler sends them.
 *
 * @module
 */
import { isJwtError } from 'webjwt';
import { isSqliteBusy, StoreUnavailableError } from './store-errors.js';

/** An error the client is meant to see. */
export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly statusCode: number,
    readonly detail: unknown,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(typeof detail === 'string' ? detail : `HTTP ${statusCode}`);
  }
}

/**
 * 401 with a Bearer challenge. Without `description` it is the bare challenge RFC 6750 section 3.1
 * prescribes when no credentials were sent; with one it names `error="invalid_token"`.
 *
 * @param detail - The JSON `detail`.
 * @param description - The `error_description` (plain ASCII, no quotes).
 * @example
 * ```ts
 * throw unauthorized('Not authenticated');
 * throw unauthorized('Could not validate credentials', 'The token has expired');
 * ```
 */
export function unauthorized(detail: string, description?: string): HttpError {
  const challenge = description === undefined ? 'Bearer' : `Bearer error="invalid_token", error_description="${description}"`;
  return new HttpError(401, detail, { 'WWW-Authenticate': challenge });
}

/**
 * 503 with `Retry-After`: a dependency (Redis, the database) cannot be reached, so we fail closed.
 *
 * @param detail - The JSON `detail`.
 * @example
 * ```ts
 * throw serviceUnavailable('Token revocation service unavailable');
 * ```
 */
export function serviceUnavailable(detail: string): HttpError {
  return new HttpError(503, detail, { 'Retry-After': '5' });
}

/**
 * The 503 for a store failure (database or Redis down, hung, locked; the revocation store
 * unreachable), or `undefined` when `err` is something else. Both error handlers (the JSON API's and
 * the OAuth scope's) start with it, so no store failure becomes a 500. The `cause` chain is followed:
 * webjwt reports a key resolver that failed (the signing keys live in the database) as
 * `ERR_KEY_NOT_FOUND` with the store's error as its cause, and that is an outage, not a bad token.
 *
 * @param err - Any error a route threw.
 * @example
 * ```ts
 * const unavailable = storeFailure(error);
 * if (unavailable) return reply.code(503).headers(unavailable.headers).send({ detail: unavailable.detail });
 * ```
 */
export function storeFailure(err: unknown): HttpError | undefined {
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const failure = directStoreFailure(e);
    if (failure) return failure;
  }
  return undefined;
}

function directStoreFailure(err: Error): HttpError | undefined {
  if (isJwtError(err) && err.code === 'ERR_REVOCATION_UNAVAILABLE') return serviceUnavailable('Token revocation service unavailable');
  if (err instanceof StoreUnavailableError) {
    return serviceUnavailable(err.store === 'database' ? 'Database unavailable, try again later' : 'Redis unavailable, try again later');
  }
  if (isSqliteBusy(err)) return serviceUnavailable('Database unavailable, try again later');
  return undefined;
}

/** Token failures the client may learn about; everything else is just "invalid". */
const TOKEN_PROBLEMS: Partial<Record<string, string>> = {
  ERR_JWT_EXPIRED: 'The token has expired',
  ERR_JWT_NOT_YET_VALID: 'The token is not valid yet',
  ERR_JWT_REVOKED: 'The token has been revoked',
};

/**
 * Maps a failed verification to its HTTP error: 401 with the reason, or 503 when the revocation
 * store is unreachable (never a silent pass). Non-JWT errors are rethrown as they are.
 *
 * @param err - What the verifier threw.
 * @returns The HTTP error to send.
 * @throws `err` itself when it is not a `JwtError`.
 * @example
 * ```ts
 * try { return await verifyAccess(token); } catch (err) { throw tokenError(err); }
 * ```
 */
export function tokenError(err: unknown): HttpError {
  if (!isJwtError(err)) throw err;
  if (err.code === 'ERR_REVOCATION_UNAVAILABLE') return serviceUnavailable('Token revocation service unavailable');
  const wrongType = err.code === 'ERR_JWT_CLAIM_INVALID' && err.claim === 'typ';
  const description = wrongType ? 'Wrong token type' : (TOKEN_PROBLEMS[err.code] ?? 'Invalid token');
  return unauthorized('Could not validate credentials', description);
}
