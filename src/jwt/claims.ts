/**
 * Registered-claim checks at verification (RFC 7519 section 4.1), run only after the signature
 * is verified. Options are validated once into {@link PreparedClaimChecks}; per token, only the
 * checks the caller asked for run, plus the time checks on `exp` and `nbf` whenever present.
 *
 * @module
 */
import { JwtError } from '../errors.js';
import { invalidArgument } from '../lib/jwt-errors.js';
import { type Duration, toSeconds } from '../lib/duration.js';
import { type OptionKinds, OPTION_DURATION, OPTION_FUNCTION, OPTION_STRING, OPTION_STRINGS, OPTION_STRING_OR_STRINGS } from '../lib/options.js';
import type { JwsHeader } from '../jws/header.js';
import { checkRegisteredClaimTypes, VERIFYING } from './registered-claims.js';
import type { Clock, JwtClaims } from './types.js';

/**
 * Claim options of `verify`.
 *
 * @category Sign and verify
 */
export interface ClaimCheckOptions {
  /** Accepted issuer(s); the token's `iss` must be one of them. */
  issuer?: string | readonly string[];
  /** Accepted audience(s); the token's `aud` (string or array) must contain one of them. */
  audience?: string | readonly string[];
  /** Required subject. */
  subject?: string;
  /** Required `typ` header, e.g. `"JWT"` or `"at+jwt"` (compared case-insensitively, `application/` optional). */
  typ?: string;
  /** Maximum age since `iat` (seconds or `"15m"`); makes `iat` required. */
  maxAge?: Duration;
  /** Leeway for `exp`, `nbf` and `maxAge` (seconds or `"30s"`). Default 0. */
  clockTolerance?: Duration;
  /** Claims that must be present. */
  requiredClaims?: readonly string[];
  /** Clock override: milliseconds since the epoch. Default `Date.now`. */
  clock?: Clock;
}

/** @internal The kind of each option, for the options checker. */
export const CLAIM_CHECK_OPTIONS: OptionKinds<ClaimCheckOptions> = {
  issuer: OPTION_STRING_OR_STRINGS,
  audience: OPTION_STRING_OR_STRINGS,
  subject: OPTION_STRING,
  typ: OPTION_STRING,
  maxAge: OPTION_DURATION,
  clockTolerance: OPTION_DURATION,
  requiredClaims: OPTION_STRINGS,
  clock: OPTION_FUNCTION,
};

/** @internal */
export interface PreparedClaimChecks {
  readonly issuer: readonly string[] | undefined;
  readonly audience: readonly string[] | undefined;
  readonly subject: string | undefined;
  readonly typ: string | undefined;
  readonly maxAge: number | undefined;
  readonly tolerance: number;
  readonly required: readonly string[];
  readonly clock: Clock;
}

// Copied, so a caller changing its array later cannot change a prepared verifier. (Not frozen:
// the copy is never handed out, and freezing an array is slow enough to show on plain `verify`.)
function stringList(value: string | readonly string[] | undefined, option: string): readonly string[] | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && value.length > 0) return [value];
  if (!Array.isArray(value) || value.length === 0 || value.some((v) => typeof v !== 'string' || v.length === 0)) {
    throw invalidArgument(`${option} must be a non-empty string or array of non-empty strings`);
  }
  return value.slice();
}

// RFC 7515 section 4.1.9: "application/" may be omitted; media types compare case-insensitively.
function normalizeTyp(typ: string): string {
  const lower = typ.toLowerCase();
  return lower.startsWith('application/') ? lower.slice('application/'.length) : lower;
}

const NONE: readonly string[] = /* @__PURE__ */ Object.freeze([]); // pure: a bundler may leave it out

/**
 * @internal Validates claim options once. Their kinds (a string, an array of strings, a function)
 * were checked by `checkOptions` against {@link CLAIM_CHECK_OPTIONS}; the values are checked here.
 */
export function prepareClaimChecks(options: ClaimCheckOptions): PreparedClaimChecks {
  const { subject, typ, requiredClaims = [], clock = Date.now } = options;
  if (typ === '') throw invalidArgument('typ must be a non-empty string');
  return {
    issuer: stringList(options.issuer, 'issuer'),
    audience: stringList(options.audience, 'audience'),
    subject,
    typ: typ === undefined ? undefined : normalizeTyp(typ),
    maxAge: options.maxAge === undefined ? undefined : toSeconds(options.maxAge, 'maxAge'),
    tolerance: options.clockTolerance === undefined ? 0 : toSeconds(options.clockTolerance, 'clockTolerance'),
    required: requiredClaims.length === 0 ? NONE : requiredClaims.slice(),
    clock,
  };
}

const missing = (claim: string) => new JwtError('ERR_JWT_CLAIM_MISSING', `The "${claim}" claim is required`, { claim });
const invalid = (claim: string, why: string) => new JwtError('ERR_JWT_CLAIM_INVALID', `The "${claim}" claim ${why}`, { claim });

/**
 * @internal Checks a verified claims set. Throws the first failure as a {@link JwtError}. Only the
 * header's `typ` is read, which a JWS header and a JWE header share.
 */
export function checkClaims(claims: JwtClaims, header: Pick<JwsHeader, 'typ'>, checks: PreparedClaimChecks): void {
  checkRegisteredClaimTypes(claims, VERIFYING);
  if (checks.typ !== undefined && (typeof header.typ !== 'string' || normalizeTyp(header.typ) !== checks.typ)) {
    throw new JwtError('ERR_JWT_CLAIM_INVALID', 'The "typ" header is not the expected token type', { claim: 'typ' });
  }
  for (const name of checks.required) if (!Object.hasOwn(claims, name)) throw missing(name);

  checkClaimTimes(claims, checks, Math.floor(checks.clock() / 1000));
  if (checks.issuer !== undefined) {
    if (claims.iss === undefined) throw missing('iss');
    if (!checks.issuer.includes(claims.iss)) throw invalid('iss', 'does not name an accepted issuer');
  }
  if (checks.subject !== undefined) {
    if (claims.sub === undefined) throw missing('sub');
    if (claims.sub !== checks.subject) throw invalid('sub', 'does not name the expected subject');
  }
  if (checks.audience !== undefined) {
    const aud = claims.aud;
    if (aud === undefined) throw missing('aud');
    const accepted = checks.audience;
    const ok = typeof aud === 'string' ? accepted.includes(aud) : aud.some((a) => accepted.includes(a));
    if (!ok) throw invalid('aud', 'does not include an accepted audience');
  }
}

/**
 * @internal The checks of {@link checkClaims} that depend on the time `now` (seconds): `exp`, `nbf`
 * and `maxAge`. The verified-token cache runs only these on a hit: the other checks depend on the
 * claims, the header and the options alone, all fixed (frozen) since the entry was stored.
 */
export function checkClaimTimes(claims: JwtClaims, checks: PreparedClaimChecks, now: number): void {
  const tolerance = checks.tolerance;
  // `exp` and `nbf` are compared as numbers whenever present: `exp: 0` is long expired, not "no expiry".
  if (claims.exp !== undefined && now >= claims.exp + tolerance) {
    throw new JwtError('ERR_JWT_EXPIRED', 'The token has expired', { claim: 'exp' });
  }
  if (claims.nbf !== undefined && now + tolerance < claims.nbf) {
    throw new JwtError('ERR_JWT_NOT_YET_VALID', 'The token is not valid yet', { claim: 'nbf' });
  }
  if (checks.maxAge !== undefined) {
    if (claims.iat === undefined) throw missing('iat');
    if (claims.iat > now + tolerance) throw invalid('iat', 'is in the future');
    if (now - claims.iat > checks.maxAge + tolerance) {
      throw new JwtError('ERR_JWT_EXPIRED', 'The token is older than maxAge allows', { claim: 'iat' });
    }
  }
}
