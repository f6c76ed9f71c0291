/**
 * Durations for `expiresIn`, `notBefore`, `maxAge` and `clockTolerance`: a number of seconds or a
 * string such as `"90s"`, `"15m"`, `"2h"`, `"7d"`, `"1w"`.
 *
 * @module
 */
import { invalidArgument } from './jwt-errors.js';

/**
 * A duration: seconds as a number, or a string like `"15m"`, `"2h"`, `"7d"`.
 *
 * @category Sign and verify
 */
export type Duration = number | string;

// Units by their first letter; the pattern admits each unit's usual spellings ("m", "min", "mins",
// "minute", "minutes"...), in any case.
const UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800, y: 31557600 };

const PATTERN = /^(\d+(?:\.\d+)?) ?(s(?:ecs?|econds?)?|m(?:ins?|inutes?)?|h(?:rs?|ours?)?|d(?:ays?)?|w(?:eeks?)?|y(?:rs?|ears?)?)$/i;

/**
 * Converts a duration to whole seconds (rounded down). Throws `ERR_INVALID_ARGUMENT` for negative,
 * non-finite or unparseable values, naming `option` in the message.
 */
export function toSeconds(value: Duration, option: string): number {
  if (typeof value === 'number') {
    if (Number.isFinite(value) && value >= 0) return Math.floor(value);
  } else if (typeof value === 'string') {
    const match = PATTERN.exec(value.trim());
    if (match) {
      const seconds = Math.floor(Number(match[1]) * UNIT_SECONDS[match[2]![0]!.toLowerCase()]!);
      if (Number.isFinite(seconds)) return seconds;
    }
  }
  throw invalidArgument(`${option} must be a non-negative number of seconds or a duration like "15m", "2h", "7d"`);
}
