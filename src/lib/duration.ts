/**
 * Durations for `expiresIn`, `notBefore`, `maxAge` and `clockTolerance`: a number of seconds or a
 * string such as `"90s"`, `"15m"`, `"2h"`, `"7d"`, `"1w"`.
 *
 * @module
 */
import { JwtError } from '../errors.js';

/**
 * A duration: seconds as a number, or a string like `"15m"`, `"2h"`, `"7d"`.
 *
 * @category Sign and verify
 */
export type Duration = number | string;

const UNIT_SECONDS: Readonly<Record<string, number>> = {
  s: 1, sec: 1, secs: 1, second: 1, seconds: 1,
  m: 60, min: 60, mins: 60, minute: 60, minutes: 60,
  h: 3600, hr: 3600, hrs: 3600, hour: 3600, hours: 3600,
  d: 86400, day: 86400, days: 86400,
  w: 604800, week: 604800, weeks: 604800,
  y: 31557600, yr: 31557600, yrs: 31557600, year: 31557600, years: 31557600,
};

const PATTERN = /^(\d+(?:\.\d+)?) ?([a-z]+)$/i;

/**
 * Converts a duration to whole seconds (rounded down). Throws `ERR_INVALID_ARGUMENT` for negative,
 * non-finite or unparseable values, naming `option` in the message.
 */
export function toSeconds(value: Duration, option: string): number {
  if (typeof value === 'number') {
    if (Number.isFinite(value) && value >= 0) return Math.floor(value);
  } else if (typeof value === 'string') {
    const match = PATTERN.exec(value.trim());
    const unit = match ? UNIT_SECONDS[match[2]!.toLowerCase()] : undefined;
    if (match && unit !== undefined) {
      const seconds = Math.floor(Number(match[1]) * unit);
      if (Number.isFinite(seconds)) return seconds;
    }
  }
  throw new JwtError('ERR_INVALID_ARGUMENT', `${option} must be a non-negative number of seconds or a duration like "15m", "2h", "7d"`);
}
