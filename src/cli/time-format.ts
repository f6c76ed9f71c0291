/**
 * Human-readable dates for the NumericDate claims (`exp`, `nbf`, `iat`, `auth_time`), relative to now.
 *
 * @module
 */

/** Claims whose value is seconds since the epoch. */
export const TIME_CLAIMS = ['iat', 'nbf', 'exp', 'auth_time'] as const;

const UNITS: ReadonlyArray<readonly [string, number]> = [
  ['year', 31557600],
  ['day', 86400],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];

/** "3 days", "1 minute": the largest whole unit of a number of seconds. */
export function describeSpan(seconds: number): string {
  const abs = Math.abs(seconds);
  for (const [unit, size] of UNITS) {
    if (abs >= size) {
      const count = Math.floor(abs / size);
      return `${count} ${unit}${count === 1 ? '' : 's'}`;
    }
  }
  return '0 seconds';
}

/** "2018-01-18T01:30:22Z (8 years ago)" for a NumericDate, or undefined when it is not a number. */
export function describeNumericDate(value: unknown, nowSeconds: number): string | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  const date = new Date(value * 1000);
  if (Number.isNaN(date.getTime())) return undefined;
  const iso = date.toISOString().replace('.000Z', 'Z');
  const delta = value - nowSeconds;
  const relative = delta === 0 ? 'now' : delta > 0 ? `in ${describeSpan(delta)}` : `${describeSpan(delta)} ago`;
  return `${iso} (${relative})`;
}
