/**
 * The shape every subcommand has: a name, one line for the overview, its help and its run function.
 *
 * @module
 */
import type { CliIo } from '../io.js';

/** One `webjwt <name>` subcommand. */
export interface Command {
  readonly name: string;
  /** One line for `webjwt --help`. */
  readonly summary: string;
  /** The full text for `webjwt <name> --help`. */
  readonly help: string;
  /** Runs with the arguments after the command name; resolves to the exit status. */
  run(argv: string[], io: CliIo): Promise<number>;
}
