/**
 * The error for a wrong command line: it exits with status 2 and prints the command's usage hint.
 *
 * @module
 */

/** A mistake in the command line (unknown flag, missing argument, unreadable file). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
