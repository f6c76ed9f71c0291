import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  countJsonMembers,
  countParsedMembers,
  hasDuplicateMembers,
  jsonLengthAtLeast,
  numberLengthAtLeast,
} from '../../src/lib/json-duplicates.js';

// A JSON value as written, members in order and duplicates kept: the test's own model of the text,
// so the truth ("does some object repeat a name?") never comes from a JSON parser.
type Model =
  | { kind: 'scalar'; value: string | number | boolean | null }
  | { kind: 'array'; items: Model[] }
  | { kind: 'object'; members: [string, Model][] };

// Few, short names so duplicates are common; some need escaping, some look like JSON syntax.
const NAMES = ['a', 'b', 'sub', 'alg', '', ':', '"', '\\', 'a:b', '{}', 'é', '😀', '__proto__', 'constructor', '0', '1'];

const scalar = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.constantFrom('https://auth.example.com', 'a"b', 'c\\d', ':', '","', '\\"', '\u2028', '\u0000'),
  fc.integer(),
  fc.maxSafeInteger(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(1764460800, 1764460800000, 1e21, -0, 0.5, 100, -1000),
  fc.boolean(),
  fc.constant(null),
).map((value): Model => ({ kind: 'scalar', value }));

const { model } = fc.letrec<{ model: Model }>((tie) => ({
  model: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('model'), { maxLength: 4 }).map((items): Model => ({ kind: 'array', items })),
    fc
      .array(fc.tuple(fc.constantFrom(...NAMES), tie('model')), { maxLength: 6 })
      .map((members): Model => ({ kind: 'object', members })),
  ),
}));
const objectModel = fc
  .array(fc.tuple(fc.constantFrom(...NAMES), model), { maxLength: 8 })
  .map((members): Model => ({ kind: 'object', members }));

/** How the text is written: whitespace, escaped names, number spellings. */
interface Style {
  readonly space: () => string;
  readonly escapeName: () => boolean;
  readonly numberForm: () => number;
}

function styleFrom(seed: number[]): Style {
  let i = 0;
  const next = () => seed[i++ % seed.length]!;
  return {
    space: () => ['', '', '', ' ', '\n', '\t', '\r\n  '][next() % 7]!,
    escapeName: () => next() % 4 === 0,
    numberForm: () => next() % 3,
  };
}

function writeNumber(value: number, form: number): string {
  if (form === 1) return value.toExponential(); // "1.7644608e+9", valid JSON
  if (form === 2 && Number.isSafeInteger(value) && value !== 0) {
    // "17644608e2": the significant digits and a positive exponent
    const digits = String(Math.abs(value));
    const trimmed = digits.replace(/0+$/, '');
    return `${value < 0 ? '-' : ''}${trimmed}e${digits.length - trimmed.length}`;
  }
  return JSON.stringify(value);
}

function writeName(name: string, escape: boolean): string {
  if (!escape) return JSON.stringify(name);
  let out = '';
  for (let i = 0; i < name.length; i++) out += `\\u${name.charCodeAt(i).toString(16).padStart(4, '0')}`;
  return `"${out}"`;
}

function write(node: Model, style: Style): string {
  const s = style.space;
  switch (node.kind) {
    case 'scalar':
      return typeof node.value === 'number' ? writeNumber(node.value, style.numberForm()) : JSON.stringify(node.value);
    case 'array':
      return `[${s()}${node.items.map((item) => write(item, style)).join(`${s()},${s()}`)}${s()}]`;
    case 'object':
      return `{${s()}${node.members
        .map(([name, value]) => `${writeName(name, style.escapeName())}${s()}:${s()}${write(value, style)}`)
        .join(`${s()},${s()}`)}${s()}}`;
  }
}

function repeatsAName(node: Model): boolean {
  if (node.kind === 'scalar') return false;
  if (node.kind === 'array') return node.items.some(repeatsAName);
  const names = node.members.map(([name]) => name);
  return new Set(names).size !== names.length || node.members.some(([, value]) => repeatsAName(value));
}

function memberCount(node: Model): number {
  if (node.kind === 'scalar') return 0;
  if (node.kind === 'array') return node.items.reduce((n, item) => n + memberCount(item), 0);
  return node.members.reduce((n, [, value]) => n + 1 + memberCount(value), 0);
}

const written = fc.tuple(objectModel, fc.array(fc.nat(), { minLength: 1, maxLength: 16 })).map(([node, seed]) => ({
  node,
  text: write(node, styleFrom(seed)),
  compact: write(node, styleFrom([0])),
}));

describe('duplicate member detection', () => {
  it('agrees with the model on random JSON: any spelling, whitespace, nesting', () => {
    fc.assert(
      fc.property(written, ({ node, text }) => {
        const parsed = JSON.parse(text) as object;
        expect(hasDuplicateMembers(text, parsed)).toBe(repeatsAName(node));
        expect(countJsonMembers(text)).toBe(memberCount(node));
      }),
      { numRuns: 3000 },
    );
  });

  it('agrees with the model on compact JSON (the fast path issuers hit)', () => {
    fc.assert(
      fc.property(written, ({ node, compact }) => {
        expect(hasDuplicateMembers(compact, JSON.parse(compact) as object)).toBe(repeatsAName(node));
      }),
      { numRuns: 3000 },
    );
  });

  it('never finds a duplicate in what JSON.stringify writes', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 4 })), (value) => {
        const text = JSON.stringify(value);
        expect(hasDuplicateMembers(text, JSON.parse(text) as object)).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });

  it('finds a member copied anywhere into an object that has it', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ minLength: 1 }), fc.jsonValue({ maxDepth: 2 }), { minKeys: 1 }),
        fc.nat(),
        fc.jsonValue({ maxDepth: 1 }),
        (value, pick, other) => {
          const names = Object.keys(value);
          const name = names[pick % names.length]!;
          const text = `${JSON.stringify(value).slice(0, -1)},${JSON.stringify(name)}:${JSON.stringify(other)}}`;
          expect(hasDuplicateMembers(text, JSON.parse(text) as object)).toBe(true);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('the length bound is a lower bound, and a duplicate adds at least 5 characters to it', () => {
    fc.assert(
      fc.property(written, ({ node, text }) => {
        const parsed = JSON.parse(text) as object;
        const slack = text.length - jsonLengthAtLeast(parsed);
        expect(slack).toBeGreaterThanOrEqual(repeatsAName(node) ? 5 : 0);
      }),
      { numRuns: 3000 },
    );
  });

  it('the number bound is exact for safe integers and never above any spelling', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.maxSafeInteger(),
          fc.integer(),
          fc.double({ noNaN: true, noDefaultInfinity: true }),
          // trailing zeros: the exponent spelling is shorter, with one or two exponent digits
          fc.tuple(fc.integer({ min: -999, max: 999 }), fc.integer({ min: 0, max: 13 })).map(([m, e]) => m * 10 ** e),
        ),
        (n) => {
        const spellings = [0, 1, 2].map((form) => writeNumber(n, form));
        for (const spelling of spellings) expect(Object.is(JSON.parse(spelling), n) || JSON.parse(spelling) === n).toBe(true);
        const bound = numberLengthAtLeast(n);
        expect(Math.min(...spellings.map((x) => x.length))).toBeGreaterThanOrEqual(bound);
        if (Number.isSafeInteger(n) && !Object.is(n, -0)) expect(Math.min(...spellings.map((x) => x.length))).toBe(bound);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('examples from the attacks: repeated, escaped and nested names', () => {
    const cases: [string, boolean][] = [
      ['{"alg":"HS256","alg":"none"}', true],
      ['{"sub":"a","sub":"b"}', true],
      ['{"sub":1,"\\u0073ub":2}', true],
      ['{"a":{"b":1,"b":2}}', true],
      // the smallest duplicates: exactly 5 characters more than the shortest text of the result
      ['{"":0,"":0}', true],
      ['{"a":{"":0,"":0}}', true],
      ['[{"":0,"":0}]', true],
      ['{"a":[],"a":[]}', true],
      ['{"a":[{"b":1},{"b":2,"c":{"d":0,"d":0}}]}', true],
      ['{"__proto__":1,"__proto__":2}', true],
      [' { "a" : 1 , "a" : 1 } ', true],
      ['{"a":"\\"b\\":1,","b":2}', false],
      ['{"a\\\\":1,"a":2}', false],
      ['{"a":{"b":1},"b":{"a":2}}', false],
      ['{"iss":"https://auth.example.com","aud":["x","x"]}', false],
    ];
    for (const [text, expected] of cases) expect(hasDuplicateMembers(text, JSON.parse(text) as object), text).toBe(expected);
  });

  it('handles nesting deeper than the call stack allows', () => {
    const depth = 200_000;
    const text = `${'{"a":'.repeat(depth)}0${'}'.repeat(depth)}`;
    let parsed: object;
    try {
      parsed = JSON.parse(text) as object;
    } catch {
      return; // this engine's JSON.parse refuses the depth itself: nothing left to check
    }
    expect(hasDuplicateMembers(text, parsed)).toBe(false);
    expect(countParsedMembers(parsed)).toBe(depth);
  });

  describe('with a polluted Object.prototype', () => {
    afterEach(() => {
      delete (Object.prototype as Record<string, unknown>).polluted;
    });

    it('still counts own members only', () => {
      (Object.prototype as Record<string, unknown>).polluted = 1;
      for (const [text, expected] of [
        ['{"a":1,"a":2}', true],
        ['{"a":1,"b":2}', false],
        ['{"a":{"x":1},"b":[{"y":2}]}', false],
      ] as const) {
        expect(hasDuplicateMembers(text, JSON.parse(text) as object), text).toBe(expected);
      }
    });
  });
});
