/**
 * NumericDate (RFC 7519 section 2): seconds since 1970-01-01T00:00:00Z. We accept 0 up to the last
 * second of year 9999, so a time in milliseconds (`Date.now()`, about 1000 times too large) is
 * refused rather than read as a date tens of thousands of years away.
 *
 * @module
 */

/** 9999-12-31T23:59:59Z in seconds: the latest NumericDate accepted. */
export const MAX_NUMERIC_DATE = 253_402_300_799;

/** True for a number of seconds within years 1970 to 9999 (fractions allowed, as RFC 7519 does). */
export function isNumericDate(value: unknown): value is number {
  return typeof value === 'number' && value >= 0 && value <= MAX_NUMERIC_DATE; // NaN fails both
}

/**
 * Why `value` is not an acceptable NumericDate, as the end of a sentence starting with the thing's
 * name (`"exp" ` + reason), or `undefined` when it is one.
 *
 * @param whole - Also require a whole number of seconds (what we sign).
 * @param showValue - Quote the value in the reason: only for the caller's own input, never a token's.
 */
export function numericDateProblem(value: unknown, whole: boolean, showValue: boolean): string | undefined {
  if (isNumericDate(value)) {
    if (!whole || Number.isInteger(value)) return undefined;
    return `must be a whole number of seconds${showValue ? `; ${value} is not` : ''} (use Math.floor)`;
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) return 'must be a NumericDate: a number of seconds since 1970';
  const quoted = showValue ? `${value} ` : 'the value ';
  if (value > MAX_NUMERIC_DATE && value / 1000 <= MAX_NUMERIC_DATE) {
    return `must be a NumericDate in seconds; ${quoted}looks like milliseconds (use Math.floor(Date.now() / 1000))`;
  }
  return `must be a NumericDate in seconds within years 1970 to 9999 (0 to ${MAX_NUMERIC_DATE})`;
}
