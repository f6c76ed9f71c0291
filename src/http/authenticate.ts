/**
 * {@link authenticate}: bearer token -> verification -> scopes, every failure an RFC 6750 answer.
 *
 * @module
 */
import { isJwtError, JwtError } from '../errors.js';
import { checkOptions, optionsSchema, OPTION_BOOLEAN, OPTION_NUMBER, OPTION_STRING, OPTION_STRINGS } from '../lib/options.js';
import { BearerError, isBearerError } from './bearer-error.js';
import { type BearerTokenOptions, readBearerToken } from './bearer-token.js';
import { grantedScopes, SCOPE_TOKEN } from './scopes.js';
import type { BearerSource } from './sources.js';

/**
 * Options of {@link authenticate}: those of {@link bearerToken}, plus the scopes the route needs.
 *
 * @category HTTP
 */
export interface AuthenticateOptions extends BearerTokenOptions {
  /**
   * Scopes the token must all grant (in its `scope` string or `scp` array); a token without one of
   * them gets 403 `insufficient_scope`, naming them.
   */
  scopes?: readonly string[];
}

/**
 * What {@link authenticate} verifies a token with: a `Verifier` from `createVerifier`, or
 * any function that resolves with the verified result and rejects with a `JwtError`.
 *
 * @category HTTP
 */
export type TokenVerifier<Result> = (token: string) => Promise<Result> | Result;

const SCHEMA = /* @__PURE__ */ optionsSchema<AuthenticateOptions>('authenticate', {
  allowQuery: OPTION_BOOLEAN,
  maxLength: OPTION_NUMBER,
  realm: OPTION_STRING,
  scopes: OPTION_STRINGS,
});

/**
 * Authenticates a request: reads its bearer token ({@link bearerToken}), verifies it with
 * `verifier`, and checks that it grants every scope in `options.scopes`.
 *
 * Failures are {@link BearerError}s with the RFC 6750 answer (see the table in the docs):
 * - no bearer token: 401, `WWW-Authenticate: Bearer realm="..."` without an error code;
 * - a malformed request: 400 `invalid_request`;
 * - a token that does not verify (bad signature, expired, not yet valid, revoked, wrong `iss`,
 *   `aud` or `typ`, unknown `kid`, ...): 401 `invalid_token`; the description says which for
 *   expiry, `nbf` and revocation, names the claim for claim errors, and is generic otherwise;
 * - a valid token without a scope: 403 `insufficient_scope` with `scope="..."`;
 * - the key set, key resolver or revocation store could not be reached: 503, no challenge (the
 *   token may be fine; the client should retry later).
 *
 * Any other error of the verifier (including `ERR_INVALID_ARGUMENT`, a programming error) is
 * rethrown unchanged. A `BearerError` thrown by the verifier passes through.
 *
 * @param source - The request: see {@link BearerSource}.
 * @param verifier - A `createVerifier(...)` result, or a function verifying the token.
 * @param options - Realm, required scopes, query-string opt-in, size limit.
 * @returns What the verifier returned (for `createVerifier`: `{ header, payload, key }`).
 * @throws {@link BearerError} as above; `JwtError` `ERR_INVALID_ARGUMENT` for bad options.
 * @example
 * ```ts
 * const verifyAccess = createVerifier(jwks, { issuer: 'https://idp.example', audience: 'api', algorithms: ['RS256'] });
 * const { payload } = await authenticate(request, verifyAccess, { realm: 'api', scopes: ['items:read'] });
 * ```
 *
 * @category HTTP
 */
export async function authenticate<Result>(
  source: BearerSource,
  verifier: TokenVerifier<Result>,
  options?: AuthenticateOptions,
): Promise<Result> {
  checkOptions(options, SCHEMA);
  if (typeof verifier !== 'function') throw invalidArgument('the verifier must be a function (a createVerifier result)');
  const settings = options ?? {};
  const scopes = settings.scopes ?? [];
  for (const scope of scopes) {
    if (!SCOPE_TOKEN.test(scope)) throw invalidArgument(`scope ${JSON.stringify(scope)} is not a scope-token (RFC 6749 section 3.3)`);
  }
  const realm = settings.realm;
  if (realm !== undefined && CONTROL.test(realm)) throw invalidArgument('the realm must not contain control characters');

  const token = readBearerToken(source, settings);
  if (token === undefined) throw new BearerError({ status: 401, description: 'The request needs a bearer token', realm });
  let result: Result;
  try {
    result = await verifier(token);
  } catch (err) {
    throw verificationError(err, realm);
  }
  if (scopes.length > 0) {
    const claims = typeof result === 'object' && result !== null && 'payload' in result ? result.payload : result;
    const granted = new Set(grantedScopes(claims));
    if (!scopes.every((scope) => granted.has(scope))) {
      throw new BearerError({ status: 403, error: 'insufficient_scope', description: 'The access token lacks a required scope', realm, scope: scopes });
    }
  }
  return result;
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
const invalidArgument = (message: string) => new JwtError('ERR_INVALID_ARGUMENT', `authenticate: ${message}`);

/** The codes whose cause the client may learn; other token failures are just "invalid". */
const DESCRIPTIONS: Partial<Record<string, string>> = {
  ERR_JWT_EXPIRED: 'The access token expired',
  ERR_JWT_NOT_YET_VALID: 'The access token is not valid yet',
  ERR_JWT_REVOKED: 'The access token was revoked',
};

/** Maps what the verifier threw to the answer; rethrows what is no token failure. */
function verificationError(err: unknown, realm: string | undefined): unknown {
  if (isBearerError(err) || !isJwtError(err) || err.code === 'ERR_INVALID_ARGUMENT') return err;
  // Our side could not check the token: the key set or store is down, or the key resolver failed.
  const unavailable =
    err.code === 'ERR_JWKS_FETCH_FAILED' || err.code === 'ERR_REVOCATION_UNAVAILABLE' || (err.code === 'ERR_KEY_NOT_FOUND' && err.cause !== undefined);
  if (unavailable) return new BearerError({ status: 503, description: 'The access token cannot be checked now; try again later', realm, cause: err });
  return new BearerError({ status: 401, error: 'invalid_token', description: tokenProblem(err), realm, cause: err });
}

function tokenProblem(err: JwtError): string {
  const known = DESCRIPTIONS[err.code];
  if (known !== undefined) return known;
  const claim = err.claim !== undefined && /^[A-Za-z0-9_.:-]{1,64}$/.test(err.claim) ? err.claim : undefined;
  if (claim !== undefined && err.code === 'ERR_JWT_CLAIM_MISSING') return `The access token has no ${claim} claim`;
  if (claim !== undefined && err.code === 'ERR_JWT_CLAIM_INVALID') return `The access token's ${claim} claim is not accepted`;
  return 'The access token is invalid';
}
