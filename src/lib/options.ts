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
import { invalidArgument } from './jwt-errors.js';
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

// Each kind is its own constant, so an options table names them without a property read: esbuild
// keeps any top-level expression that reads a property (a getter could run), and with it every
// schema of every function in the bundle, used or not.
const STRING = /* @__PURE__ */ kind('a string', isString);
const BOOLEAN = /* @__PURE__ */ kind('a boolean', (value) => typeof value === 'boolean');
const NUMBER = /* @__PURE__ */ kind('a number', (value) => typeof value === 'number');
const FUNCTION = /* @__PURE__ */ kind('a function', (value) => typeof value === 'function');
const OBJECT = /* @__PURE__ */ kind('an object', isObject);
const STRINGS = /* @__PURE__ */ kind('an array of strings', isStringArray);
const STRING_OR_STRINGS = /* @__PURE__ */ kind('a string or an array of strings', (value) => isString(value) || isStringArray(value));
const STRING_OR_NULL = /* @__PURE__ */ kind('a string or null', (value) => value === null || isString(value));
const STRING_OR_TRUE = /* @__PURE__ */ kind('a string or true', (value) => value === true || isString(value));
const DURATION = /* @__PURE__ */ kind('a number of seconds or a string such as "15m"', (value) => typeof value === 'number' || isString(value));
const STRING_RECORD = /* @__PURE__ */ kind('an object of string values', (value) => isObject(value) && Object.values(value).every(isString));
const REVOCATION_STORE = /* @__PURE__ */ kind(
  'a RevocationStore (an object with an isRevoked method)',
  (value) => isObject(value) && typeof (value as { isRevoked?: unknown }).isRevoked === 'function',
);

export {
  STRING as OPTION_STRING,
  BOOLEAN as OPTION_BOOLEAN,
  NUMBER as OPTION_NUMBER,
  FUNCTION as OPTION_FUNCTION,
  OBJECT as OPTION_OBJECT,
  STRINGS as OPTION_STRINGS,
  STRING_OR_STRINGS as OPTION_STRING_OR_STRINGS,
  STRING_OR_NULL as OPTION_STRING_OR_NULL,
  STRING_OR_TRUE as OPTION_STRING_OR_TRUE,
  DURATION as OPTION_DURATION,
  STRING_RECORD as OPTION_STRING_RECORD,
  REVOCATION_STORE as OPTION_REVOCATION_STORE,
};

/**
 * The kinds options take; a schema names one per option. Tables in the library name the constants
 * above instead (`OPTION_STRING` for `KINDS.string`), so that unused schemas leave the bundle.
 */
export const KINDS = {
  string: STRING,
  boolean: BOOLEAN,
  number: NUMBER,
  function: FUNCTION,
  object: OBJECT,
  strings: STRINGS,
  stringOrStrings: STRING_OR_STRINGS,
  stringOrNull: STRING_OR_NULL,
  stringOrTrue: STRING_OR_TRUE,
  duration: DURATION,
  stringRecord: STRING_RECORD,
  revocationStore: REVOCATION_STORE,
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
 * interface cannot drift apart. A function whose options extend another's names both tables
 * (`optionsSchema('createVerifier', VERIFY_COMPACT_OPTIONS, CLAIM_CHECK_OPTIONS, REVOCATION_OPTIONS, CACHE_OPTION)`) rather than spreading one into
 * the other: a spread at the top level is code bundlers keep even when the schema is unused.
 */
export function optionsSchema<Options extends object>(owner: string, kinds: OptionKinds<Options>, ...more: readonly object[]): OptionsSchema {
  // The map is made on first use: a bundle declares some 25 schemas at import, and building them
  // all then cost a fresh Bun process about 1.4 ms (Node 0.2 ms) before its first token.
  let map: Map<string, OptionKind> | undefined;
  return {
    owner,
    get kinds() {
      return (map ??= new Map([kinds, ...more].flatMap((table) => Object.entries(table) as [string, OptionKind][])));
    },
  };
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

const invalid = (owner: string, message: string) => invalidArgument(`${owner}: ${message}`);

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
