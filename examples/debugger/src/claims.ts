/**
 * What the debugger knows about claims: a short description of the registered and common ones, and
 * human-readable dates for the NumericDate claims.
 *
 * @module
 */

/** Descriptions of well-known claims (RFC 7519, OpenID Connect, RFC 9068). */
export const CLAIM_DESCRIPTIONS: Readonly<Record<string, string>> = {
  iss: 'Issuer: who made the token',
  sub: 'Subject: whom the token is about',
  aud: 'Audience: who the token is for',
  exp: 'Expiration time',
  nbf: 'Not before',
  iat: 'Issued at',
  jti: 'JWT ID: unique, used for revocation',
  name: 'Full name',
  email: 'Email address',
  email_verified: 'Email address verified',
  scope: 'Granted scopes (OAuth 2)',
  client_id: 'OAuth 2 client',
  azp: 'Authorized party',
  nonce: 'OpenID Connect nonce',
  auth_time: 'When the user authenticated',
  roles: 'Roles',
  sid: 'Session ID',
};

/** Claims whose values are seconds since the epoch. */
export const TIME_CLAIMS = new Set(['exp', 'nbf', 'iat', 'auth_time']);

/** "3 min 20 s", "2 h 5 min", "4 days": a span of seconds, roughly, for people. */
export function humanSpan(seconds: number): string {
  const s = Math.abs(Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
  const days = Math.floor(s / 86400);
  return days < 730 ? `${days} days` : `${Math.floor(days / 365.25)} years`;
}

/** ISO date of a NumericDate, or undefined when the value is not one. */
export function isoDate(value: unknown): string | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  const date = new Date(value * 1000);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString().replace('.000Z', 'Z');
}

/** "in 14 min 59 s" or "3 days ago", relative to `now` (seconds). */
export function relative(value: number, now: number): string {
  const delta = value - now;
  return delta >= 0 ? `in ${humanSpan(delta)}` : `${humanSpan(delta)} ago`;
}

/** The live expiry line for a payload. */
export function expiryText(payload: Record<string, unknown>, now: number): { text: string; state: 'valid' | 'expired' | 'none' | 'invalid' } {
  const exp = payload.exp;
  if (exp === undefined) return { text: 'No exp claim: this token never expires on its own.', state: 'none' };
  if (typeof exp !== 'number' || !Number.isFinite(exp)) return { text: 'exp is not a number: verification will refuse it.', state: 'invalid' };
  return exp > now
    ? { text: `Expires in ${humanSpan(exp - now)}`, state: 'valid' }
    : { text: `Expired ${humanSpan(now - exp)} ago`, state: 'expired' };
}
