/**
 * `node:util` parseArgs, with its errors turned into usage errors and JSON flags parsed strictly.
 *
 * @module
 */
/// <reference types="node" />
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './usage-error.js';

type Options = NonNullable<ParseArgsConfig['options']>;
type Parsed<O extends Options> = ReturnType<typeof parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>>;

/** Runs `parseArgs` in strict mode with positionals allowed; a bad flag becomes a {@link UsageError}. */
export function parseFlags<const O extends Options>(argv: string[], options: O): Parsed<O> {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/** Parses a flag's value as a JSON object, naming the flag when it is not one. */
export function parseJsonObjectFlag(text: string, flag: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UsageError(`${flag} is not valid JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UsageError(`${flag} must be a JSON object`);
  }
  return value as Record<string, unknown>;
}

/** At most one positional argument; more is a usage error. */
export function onePositional(positionals: string[], what: string): string | undefined {
  if (positionals.length > 1) throw new UsageError(`Expected one ${what}, got ${positionals.length} arguments`);
  return positionals[0];
}
