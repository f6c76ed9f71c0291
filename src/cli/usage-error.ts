/**
 * The errors for a wrong command line: they exit with status 2 (usage) and print one line.
 *
 * @module
 */

/** A mistake in the command line (missing argument, bad flag value, unreadable file, an --out file that exists or cannot be written). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A flag the command does not have, with the nearest one it does have, if any is close. */
export class UnknownFlagError extends UsageError {
  /** The flag as written, e.g. `--isuer`. */
  readonly flag: string;
  /** The nearest known flag, e.g. `--issuer`. */
  readonly suggestion: string | undefined;

  constructor(flag: string, suggestion: string | undefined) {
    super(`unknown flag ${flag}`);
    this.name = 'UnknownFlagError';
    this.flag = flag;
    this.suggestion = suggestion;
  }
}
