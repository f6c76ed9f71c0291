/**
 * The claims a signer adds to every payload (`iss`, `sub`, `aud` from options; `iat`, `exp`, `nbf`,
 * `jti` per token), prepared once. On the hot path the payload is serialized as it is and the
 * prepared claims are appended as JSON text, so no object is copied per token.
 *
 * @module
 */
import { invalidArgument } from '../lib/jwt-errors.js';
import { randomUuid } from '../lib/crypto.js';
import { type Duration, toSeconds } from '../lib/duration.js';
import { isPlainObject } from '../lib/json.js';
import { MAX_NUMERIC_DATE } from '../lib/numeric-date.js';
import { toJson } from '../jws/sign-compact.js';
import { checkRegisteredClaimTypes, SIGNING } from './registered-claims.js';
import type { SignOptions } from './signer.js';
import type { Clock, JwtClaims } from './types.js';

/** @internal */
export interface ClaimTemplate {
  readonly expiresIn: number | undefined;
  readonly notBefore: number | undefined;
  readonly fixed: Readonly<Record<string, unknown>>;
  /** `,"iss":...,"sub":...,"aud":...` for the fixed claims. */
  readonly fixedJson: string;
  readonly jwtId: string | true | undefined;
  /** `,"jti":"..."` for a fixed `jwtId`. */
  readonly fixedJtiJson: string;
  readonly iat: boolean;
  readonly clock: Clock;
  /** Every claim name the template sets, which the payload's own value would lose to. */
  readonly names: readonly string[];
}

/**
 * @internal Validates the claim options of a signer once. Their kinds were checked by `checkOptions`;
 * the values are checked here.
 */
export function prepareClaimTemplate(options: SignOptions): ClaimTemplate {
  const fixed: Record<string, unknown> = {};
  if (options.issuer !== undefined) fixed.iss = options.issuer;
  if (options.subject !== undefined) fixed.sub = options.subject;
  if (options.audience !== undefined) fixed.aud = options.audience;
  checkRegisteredClaimTypes(fixed, SIGNING);
  const { jwtId, iat = true, clock = Date.now } = options;
  if (jwtId === '') throw invalidArgument('jwtId must be a non-empty string or true');
  const expiresIn = options.expiresIn === undefined ? undefined : offset(options.expiresIn, 'expiresIn');
  const notBefore = options.notBefore === undefined ? undefined : offset(options.notBefore, 'notBefore');
  const names = Object.keys(fixed);
  if (iat !== false) names.push('iat');
  if (expiresIn !== undefined) names.push('exp');
  if (notBefore !== undefined) names.push('nbf');
  if (jwtId !== undefined) names.push('jti');
  const fixedJson = Object.entries(fixed).map(([name, value]) => `,"${name}":${toJson(value, 'claims')}`).join('');
  const fixedJtiJson = typeof jwtId === 'string' ? `,"jti":${JSON.stringify(jwtId)}` : '';
  return { expiresIn, notBefore, fixed, fixedJson, jwtId, fixedJtiJson, iat: iat !== false, clock, names };
}

// An offset that ends after year 9999 from any date is a mistake (milliseconds, most likely).
function offset(value: Duration, option: string): number {
  const seconds = toSeconds(value, option);
  if (seconds > MAX_NUMERIC_DATE) {
    throw invalidArgument(`${option} is ${seconds} seconds, after year 9999 (is it in milliseconds?)`);
  }
  return seconds;
}

/**
 * Now, in whole seconds; each time the template adds ends within years 1970 to 9999 (the same
 * rule as for a payload's own `exp`, `nbf` and `iat`). Two comparisons per time: cheap enough to
 * run for every token.
 */
function nowSeconds(template: ClaimTemplate): number {
  const now = Math.floor(template.clock() / 1000);
  const latest = now + Math.max(template.expiresIn ?? 0, template.notBefore ?? 0);
  if (!(now >= 0 && latest <= MAX_NUMERIC_DATE)) {
    throw invalidArgument('The clock and expiresIn/notBefore give a time outside years 1970 to 9999');
  }
  return now;
}

/** @internal The claims set of one token as JSON text. Registered claims of the wrong type are refused. */
export function claimsJson(payload: JwtClaims, template: ClaimTemplate): string {
  // A toJSON method would let the payload serialize as anything, even a non-object.
  if (!isPlainObject(payload) || typeof payload.toJSON === 'function') {
    throw invalidArgument('The payload must be a plain JSON object');
  }
  // The payload sets a claim the template overrides: build the object instead.
  for (const name of template.names) if (Object.hasOwn(payload, name)) return toJson(buildClaims(payload, template), 'payload');
  checkRegisteredClaimTypes(payload, SIGNING);
  const body = toJson(payload, 'payload');
  const now = nowSeconds(template);
  let tail = template.fixedJson;
  if (template.iat) tail += `,"iat":${now}`;
  if (template.expiresIn !== undefined) tail += `,"exp":${now + template.expiresIn}`;
  if (template.notBefore !== undefined) tail += `,"nbf":${now + template.notBefore}`;
  tail += template.jwtId === true ? `,"jti":"${randomUuid()}"` : template.fixedJtiJson;
  if (tail === '') return body;
  return body === '{}' ? `{${tail.slice(1)}}` : `${body.slice(0, -1)}${tail}}`;
}

/** @internal The claims set as an object: the payload, overridden by the template's claims. */
export function buildClaims(payload: JwtClaims, template: ClaimTemplate): JwtClaims {
  // Spread defines own properties, so a `__proto__` key stays data and never changes a prototype.
  const claims: JwtClaims = { ...payload, ...template.fixed };
  const now = nowSeconds(template);
  if (template.iat) claims.iat = now;
  if (template.expiresIn !== undefined) claims.exp = now + template.expiresIn;
  if (template.notBefore !== undefined) claims.nbf = now + template.notBefore;
  if (template.jwtId !== undefined) claims.jti = template.jwtId === true ? randomUuid() : template.jwtId;
  checkRegisteredClaimTypes(claims, SIGNING);
  return claims;
}
