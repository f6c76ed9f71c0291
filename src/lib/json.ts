/**
 * Parsing the JSON objects inside a token. `JSON.parse` defines `__proto__` as an own data
 * property, so a hostile payload cannot change any prototype; we never merge parsed objects
 * with `Object.assign`.
 *
 * @module
 */

/** Parses JSON text that must be an object; `undefined` otherwise. */
export function parseJsonText(text: string): Record<string, unknown> | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // Syntax errors, and RangeError from absurd nesting depth.
    return undefined;
  }
  return isPlainObject(value) ? value : undefined;
}

/** True for `{...}` objects: not null, not arrays, not class instances. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
