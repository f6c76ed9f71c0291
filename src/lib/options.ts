/**
 * Options are data: each public function declares one table of its option names and the kind of
 * value each takes, and {@link checkOptions} refuses any other name (with the nearest valid one)
 * and any value of the wrong kind. A JavaScript caller's `isuer` or `audiance` would otherwise be
 * ignored in silence, and a check the caller asked for would never run.
 *
 * Only names and kinds are checked here; ranges and formats (a positive integer, a known
 * algorithm, a duration) stay with the code that uses the value. `undefined` is always allowed,
 * so callers may spread optional settings.
 *
 * @module
 */
import { JwtError } from '../errors.js';
import { closestName } from './closest-name.js';

/** What an option's value must be. */
export interface OptionKind {
  /** For the message: `option "x" must be ${expected}`. */
  readonly expected: string;
  /** True when the value (never `undefined`) is of this kind. */
  readonly test: (value: unknown) => boolean;
  /** For an option that is itself an options object of ours: its schema, checked in turn. */
  readonly nested?: OptionsSchema;
}

/** A function's options: its name (for messages) and the kind of each option. */
export interface OptionsSchema {
  readonly owner: string;
  readonly kinds: ReadonlyMap<string, OptionKind>;
}

const kind = (expected: string, test: (value: unknown) => boolean): OptionKind => ({ expected, test });
const isString = (value: unknown): value is string => typeof value === 'string';
const isStringArray = (value: unknown) => Array.isArray(value) && value.every(isString);
const isObject = (value: unknown): value is object => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The kinds options take; a schema names one per option. */
export const KINDS = {
  string: kind('a string', isString),
  boolean: kind('a boolean', (value) => typeof value === 'boolean'),
  number: kind('a number', (value) => typeof value === 'number'),
  function: kind('a function', (value) => typeof value === 'function'),
  object: kind('an object', isObject),
  strings: kind('an array of strings', isStringArray),
  stringOrStrings: kind('a string or an array of strings', (value) => isString(value) || isStringArray(value)),
  stringOrNull: kind('a string or null', (value) => value === null || isString(value)),
  stringOrTrue: kind('a string or true', (value) => value === true || isString(value)),
  duration: kind('a number of seconds or a string such as "15m"', (value) => typeof value === 'number' || isString(value)),
  stringRecord: kind('an object of string values', (value) => isObject(value) && Object.values(value).every(isString)),
  revocationStore: kind(
    'a RevocationStore (an object with an isRevoked method)',
    (value) => isObject(value) && typeof (value as { isRevoked?: unknown }).isRevoked === 'function',
  ),
} as const;

/** A kind for an options object of ours nested in another (e.g. `cache: { maxEntries }`), or `alternative`. */
export function nestedOptions(schema: OptionsSchema, alternative?: OptionKind): OptionKind {
  const expected = alternative === undefined ? 'an object' : `${alternative.expected} or an object`;
  return { expected, test: (value) => isObject(value) || (alternative?.test(value) ?? false), nested: schema };
}

/** The kind of every option of `Options`: a missing or extra name fails to compile. */
export type OptionKinds<Options extends object> = { readonly [Name in keyof Required<Options>]: OptionKind };

/**
 * Declares the options of `owner`. Typed against the options interface, so the table and the
 * interface cannot drift apart.
 */
export function optionsSchema<Options extends object>(owner: string, kinds: OptionKinds<Options>): OptionsSchema {
  return { owner, kinds: new Map(Object.entries(kinds)) };
}

// Names from other JWT libraries (jsonwebtoken, jose) that a migrating caller may bring along.
const FAMILIAR_NAMES: Readonly<Record<string, string>> = {
  algorithm: 'alg',
  keyid: 'kid',
  maxtokenage: 'maxAge',
  clocktimestamp: 'clock',
  currentdate: 'clock',
  notimestamp: 'iat',
};

const invalid = (owner: string, message: string) => new JwtError('ERR_INVALID_ARGUMENT', `${owner}: ${message}`);

function suggestion(name: string, schema: OptionsSchema): string {
  const names = [...schema.kinds.keys()];
  const familiar = FAMILIAR_NAMES[name.toLowerCase()];
  const near = familiar !== undefined && schema.kinds.has(familiar) ? familiar : closestName(name, names);
  return near === undefined ? `(known options: ${names.join(', ')})` : `(did you mean "${near}"?)`;
}

/**
 * Throws `ERR_INVALID_ARGUMENT` for options that are not an object, for a name the schema does
 * not know, or for a value of the wrong kind. `undefined` options and `undefined` values pass.
 */
export function checkOptions(options: unknown, schema: OptionsSchema): void {
  if (options !== undefined) checkMembers(options, schema, schema.owner, '');
}

function checkMembers(options: unknown, schema: OptionsSchema, owner: string, path: string): void {
  if (!isObject(options)) throw invalid(owner, `${path === '' ? 'options' : `option "${path.slice(0, -1)}"`} must be an object`);
  // Own enumerable names only: what a caller wrote. Object.keys ignores symbols, which no caller types by mistake.
  for (const name of Object.keys(options)) {
    const expected = schema.kinds.get(name);
    if (expected === undefined) throw invalid(owner, `unknown option "${path}${name}" ${suggestion(name, schema)}`);
    const value = (options as Record<string, unknown>)[name];
    if (value === undefined) continue;
    if (!expected.test(value)) throw invalid(owner, `option "${path}${name}" must be ${expected.expected}`);
    if (expected.nested !== undefined && isObject(value)) checkMembers(value, expected.nested, owner, `${path}${name}.`);
  }
}
