/**
 * Duplicate member names in JSON text. `JSON.parse` keeps the last of `{"alg":"HS256","alg":"none"}`
 * where another parser may keep the first, so a gateway and a service could read one token two ways.
 * RFC 7515 section 4 lets us reject such a header, and I-JSON (RFC 7493) asks for it; we reject
 * duplicates in the header and the claims set at every depth (a nested claim such as `cnf` or `act`
 * can drive an access decision as much as `sub`).
 *
 * Detection without a second parser: `JSON.parse` makes one own property per member unless a name
 * repeats, so the text has a duplicate exactly when it holds more members than the parsed value has
 * properties. Both counts allocate (almost) nothing and cost a fraction of the `JSON.parse` itself.
 *
 * @module
 */

const QUOTE = 34;
const BACKSLASH = 92;
const COLON = 58;
const COMMA = 44;
const SPACE = 32;

/** True when the quote at `index` is escaped: preceded by an odd run of backslashes. */
function isEscaped(text: string, index: number): boolean {
  let start = index;
  while (text.charCodeAt(start - 1) === BACKSLASH) start--;
  return (index - start) % 2 === 1;
}

/** The index of the first character at or after `index` that is not JSON whitespace. */
function skipSpace(text: string, index: number): number {
  let code = text.charCodeAt(index);
  while (code === SPACE || code === 10 || code === 13 || code === 9) code = text.charCodeAt(++index);
  return index;
}

/**
 * @internal Number of object members in `text`, which must be valid JSON (e.g. already parsed).
 * A member is a string followed by `:`, and a `:` outside strings is always such a member's. So it
 * is enough to find each string's closing quote (natively, with `indexOf`) and look just past it.
 */
export function countJsonMembers(text: string): number {
  let count = 0;
  let open = text.indexOf('"');
  while (open !== -1) {
    let close = text.indexOf('"', open + 1);
    while (text.charCodeAt(close - 1) === BACKSLASH && isEscaped(text, close)) close = text.indexOf('"', close + 1);
    let next = close + 1;
    let code = text.charCodeAt(next);
    if (code <= SPACE) code = text.charCodeAt((next = skipSpace(text, next)));
    if (code === COLON || code === COMMA) {
      if (code === COLON) count++;
      code = text.charCodeAt(++next);
      if (code <= SPACE) code = text.charCodeAt((next = skipSpace(text, next)));
    }
    // Compact JSON: the next string often starts right here (`"name":"value"`, `"value","name"`).
    open = code === QUOTE ? next : text.indexOf('"', next);
  }
  return count;
}

const EMPTY = {};

/** True unless someone gave Object.prototype an enumerable property, which for...in would list. */
function prototypeIsClean(): boolean {
  for (const _ in EMPTY) return false;
  return true;
}

/**
 * @internal Number of own properties of every object in a value `JSON.parse` returned. A loop over
 * a work list rather than recursion, so no nesting depth `JSON.parse` accepts can overflow the stack.
 */
export function countParsedMembers(root: object): number {
  let count = 0;
  const pending: object[] = [root];
  while (pending.length > 0) {
    const value = pending.pop() as Record<string, unknown>;
    for (const item of Array.isArray(value) ? (value as unknown[]) : Object.values(value)) {
      if (typeof item === 'object' && item !== null) pending.push(item);
    }
    if (!Array.isArray(value)) count += Object.keys(value).length;
  }
  return count;
}

// Least length of a member a duplicate adds: `"":0,` (name, colon, value and a comma).
const SMALLEST_MEMBER = 5;
const POWERS_OF_TEN = /* @__PURE__ */ Array.from({ length: 16 }, (_, i) => 10 ** (i + 1));

/**
 * @internal A lower bound on the length of any JSON number literal that `JSON.parse` reads as `value`.
 * Exact for safe integers (`1764460800`, or `17644608e2` when that is shorter); 1 for other numbers.
 * A safe integer has no shorter literal: any other value rounding to it has a fraction to write out.
 */
export function numberLengthAtLeast(value: number): number {
  if (!Number.isSafeInteger(value)) return 1;
  let rest = Math.abs(value);
  const sign = value < 0 ? 1 : 0;
  if (rest < 10) return sign + 1;
  let digits = 1;
  while (digits < 16 && rest >= POWERS_OF_TEN[digits - 1]!) digits++;
  let zeros = 0;
  while (rest % 10 === 0) {
    zeros++;
    rest /= 10;
  }
  const exponentForm = zeros === 0 ? digits : digits - zeros + 1 + (zeros < 10 ? 1 : 2);
  return sign + Math.min(digits, exponentForm);
}

/** Lower bound on the JSON length of a string, number, boolean or null. */
function scalarLengthAtLeast(value: unknown): number {
  if (typeof value === 'string') return value.length + 2;
  if (typeof value === 'number') return numberLengthAtLeast(value);
  return value === false ? 5 : 4; // true, null
}

/**
 * @internal A lower bound on the length of any JSON text `JSON.parse` reads as `root` (members in
 * any order): names and strings at least their length plus quotes, no whitespace, shortest numbers.
 * For the compact JSON issuers write, it is the text's own length. Nested objects and arrays wait
 * in a work list (made only when there are some), so no depth can overflow the stack.
 */
export function jsonLengthAtLeast(root: object): number {
  let length = 0;
  let pending: object[] | undefined;
  for (let value: object | undefined = root; value !== undefined; value = pending?.pop()) {
    let count = 0;
    if (Array.isArray(value)) {
      for (const item of value as unknown[]) {
        count++;
        if (typeof item === 'object' && item !== null) (pending ??= []).push(item);
        else length += scalarLengthAtLeast(item);
      }
    } else {
      for (const name in value) {
        count++;
        length += name.length + 3; // quotes and colon
        const item = (value as Record<string, unknown>)[name];
        if (typeof item === 'object' && item !== null) (pending ??= []).push(item);
        else length += scalarLengthAtLeast(item);
      }
    }
    length += count === 0 ? 2 : count + 1; // brackets or braces, and commas
  }
  return length;
}

/**
 * True when `text`, which `JSON.parse` turned into `parsed`, repeats a member name in any object
 * (also when spelled differently, as in `{"sub":1,"\u0073ub":2}`).
 *
 * First a cheap proof that there is none, which holds for the compact JSON issuers write: a text
 * with a duplicate is at least {@link SMALLEST_MEMBER} characters longer than the shortest text of
 * what it parses to (drop the overridden member and its comma: what is left still parses to the same
 * members). Otherwise, the exact count of members in the text.
 */
export function hasDuplicateMembers(text: string, parsed: object): boolean {
  if (!prototypeIsClean()) return countJsonMembers(text) !== countParsedMembers(parsed);
  if (text.length - jsonLengthAtLeast(parsed) < SMALLEST_MEMBER) return false;
  return countJsonMembers(text) !== countParsedMembers(parsed);
}
