/**
 * `node:util` parseArgs in strict mode, with our own one-line messages for the mistakes people make
 * (an unknown or misspelled flag, a missing value, a value given to a switch), long aliases for
 * short flags, and JSON flags parsed strictly.
 *
 * @module
 */
/// <reference types="node" />
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { closestName } from '../lib/closest-name.js';
import { UnknownFlagError, UsageError } from './usage-error.js';

type Options = NonNullable<ParseArgsConfig['options']>;
type Parsed<O extends Options> = ReturnType<typeof parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>>;

/** Other spellings of a flag, such as `{ issuer: 'iss' }`: `--issuer x` means `--iss x`. */
export type FlagAliases = Readonly<Record<string, string>>;

/** The long names of the claim flags, as the library's options spell them. */
export const CLAIM_FLAG_ALIASES: FlagAliases = { issuer: 'iss', audience: 'aud', subject: 'sub' };

/**
 * Parses `argv` against `options`. Every mistake is a {@link UsageError}; an unknown flag is an
 * {@link UnknownFlagError} carrying the nearest known flag (aliases and `--help` included).
 */
export function parseFlags<const O extends Options>(argv: string[], options: O, aliases: FlagAliases = {}): Parsed<O> {
  const args = [...argv];
  // A lenient pass first: it yields every flag as written, so the mistakes get our messages, not Node's.
  const lenient: Options = { ...options };
  for (const [alias, target] of Object.entries(aliases)) if (options[target] !== undefined) lenient[alias] = options[target];
  const { tokens } = parseArgs({ args, options: lenient, allowPositionals: true, strict: false, tokens: true });
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const target = token.rawName === `--${token.name}` && Object.hasOwn(aliases, token.name) ? aliases[token.name]! : undefined;
    if (target !== undefined) args[token.index] = `--${target}${args[token.index]!.slice(token.rawName.length)}`;
    const name = target ?? token.name;
    const option = Object.hasOwn(options, name) ? options[name] : undefined;
    if (option === undefined) throw unknownFlag(args[token.index]!, token.rawName, [...Object.keys(options), ...Object.keys(aliases)]);
    if (option.type === 'boolean' && token.value !== undefined) throw new UsageError(`${token.rawName} takes no value`);
    if (option.type === 'string') {
      // An empty value (`--kid ""`, `--iss=`) is always a slip: no flag means anything by it.
      if (token.value === undefined || token.value === '') throw new UsageError(`${token.rawName} needs a value`);
      // `--key --alg` would take "--alg" as the file name: say so rather than guess.
      if (!token.inlineValue && token.value.startsWith('-') && token.value !== '-') {
        throw new UsageError(`${token.rawName} needs a value; ${token.value} looks like a flag (to pass it as the value, write ${token.rawName}=${token.value})`);
      }
    }
  }
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

function unknownFlag(written: string, rawName: string, names: readonly string[]): UnknownFlagError {
  // `-iss` is read as the short flags -i -s -s; report and correct it as the user typed it.
  const flag = /^-[^-]/.test(written) && !written.includes('=') ? written : rawName;
  const bare = flag.replace(/^--?/, '');
  const nearest = closestName(bare, [...names, 'help']);
  return new UnknownFlagError(flag, nearest === undefined ? undefined : `--${nearest}`);
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
