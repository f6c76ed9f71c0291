/**
 * A tiny test harness that runs the same suites in Node, Deno, Bun and browsers: no test framework,
 * no Node APIs. A suite registers named tests; {@link runTests} runs them one after another.
 *
 * Errors are recognised by `name` and `code`, never by `instanceof`, because the library under test
 * may be a separate bundle with its own `JwtError` class.
 *
 * @module
 */

/** The library surface the suites test: the source in Node, the built browser bundle elsewhere. */
export type Lib = typeof import('../../src/index.js');

/** The source-only helpers some suites need besides the public API (see internals.ts). */
export type Internals = typeof import('./internals.js');

/** A suite: a named module that declares its tests against the library it is given. */
export interface Suite {
  readonly name: string;
  register(t: Registrar, lib: Lib, internals: Internals): void;
}

/** A test body. */
export type TestFn = () => void | Promise<void>;

/** What a suite's `register` receives to declare its tests. */
export interface Registrar {
  /** Declares one test; names must be unique within a run. */
  test(name: string, fn: TestFn): void;
}

/** A declared test. */
export interface TestCase {
  readonly name: string;
  readonly fn: TestFn;
}

/** One failed test, as reported. */
export interface Failure {
  readonly name: string;
  readonly message: string;
}

/** The outcome of {@link runTests}. */
export interface RunResult {
  passed: number;
  failed: number;
  failures: Failure[];
}

/** Thrown by the assertion helpers. */
export class AssertionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AssertionError';
  }
}

/** Fails with `message` unless `condition` is truthy. */
export function assert(condition: unknown, message = 'assertion failed'): asserts condition {
  if (!condition) throw new AssertionError(message);
}

/** Fails unless `actual` deeply equals `expected` (plain objects, arrays, byte arrays, primitives). */
export function assertEqual(actual: unknown, expected: unknown, message?: string): void {
  if (!deepEqual(actual, expected)) {
    const prefix = message === undefined ? '' : `${message}: `;
    throw new AssertionError(`${prefix}expected ${preview(expected)}, got ${preview(actual)}`);
  }
}

/** The shape of a library error, checked structurally. */
export interface JwtErrorLike extends Error {
  readonly code: string;
  readonly claim?: string;
}

/** True when `value` is a `JwtError` from any copy of the library. */
export function isJwtErrorLike(value: unknown): value is JwtErrorLike {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { name?: unknown }).name === 'JwtError' &&
    typeof (value as { code?: unknown }).code === 'string'
  );
}

/**
 * Asserts that `action` (a promise, or a function that returns a value or a promise, or throws)
 * fails with a `JwtError` whose code is `code` and, when given, whose `claim` is `claim`.
 *
 * @returns The error, for further checks.
 */
export async function rejectsWithCode(
  action: Promise<unknown> | (() => unknown),
  code: string,
  expect: { claim?: string } = {},
): Promise<JwtErrorLike> {
  let outcome: unknown;
  try {
    outcome = await (typeof action === 'function' ? action() : action);
  } catch (err) {
    if (!isJwtErrorLike(err)) {
      throw new AssertionError(`expected JwtError ${code}, got ${describeError(err)}`);
    }
    if (err.code !== code) {
      throw new AssertionError(`expected JwtError ${code}, got ${err.code} (${err.message})`);
    }
    if (expect.claim !== undefined && err.claim !== expect.claim) {
      throw new AssertionError(`expected ${code} for claim "${expect.claim}", got claim ${preview(err.claim)}`);
    }
    return err;
  }
  throw new AssertionError(`expected JwtError ${code}, but it succeeded with ${preview(outcome)}`);
}

/** Memoizes an async factory, so a suite builds its keys once and only when a test needs them. */
export function lazy<T>(factory: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => (value ??= factory());
}

/** Collects the tests that `register` declares. Throws on duplicate names. */
export function collectTests(register: (t: Registrar) => void, prefix = ''): TestCase[] {
  const tests: TestCase[] = [];
  const names = new Set<string>();
  register({
    test(name, fn) {
      const full = prefix + name;
      if (names.has(full)) throw new Error(`duplicate test name: ${full}`);
      names.add(full);
      tests.push({ name: full, fn });
    },
  });
  return tests;
}

/**
 * Runs tests one after another and reports through `log`: one line per failure and a closing
 * `N passed, N failed` line.
 */
export async function runTests(tests: readonly TestCase[], log: (line: string) => void = console.log): Promise<RunResult> {
  const result: RunResult = { passed: 0, failed: 0, failures: [] };
  for (const test of tests) {
    try {
      await test.fn();
      result.passed++;
    } catch (err) {
      result.failed++;
      const failure = { name: test.name, message: describeError(err) };
      result.failures.push(failure);
      log(`FAIL ${failure.name}: ${failure.message}`);
    }
  }
  log(`${result.passed} passed, ${result.failed} failed`);
  return result;
}

function describeError(err: unknown): string {
  if (isJwtErrorLike(err)) return `JwtError ${err.code} (${err.message})`;
  if (err instanceof Error || (typeof err === 'object' && err !== null && 'message' in err)) {
    const { name, message } = err as Error;
    return name === 'AssertionError' ? message : `${name}: ${message}`;
  }
  return `thrown ${preview(err)}`;
}

function isByteArray(value: unknown): value is Uint8Array {
  return ArrayBuffer.isView(value) && Object.prototype.toString.call(value) === '[object Uint8Array]';
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (isByteArray(a) || isByteArray(b)) {
    return isByteArray(a) && isByteArray(b) && a.length === b.length && a.every((x, i) => x === b[i]);
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  return keysA.every(
    (k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
  );
}

function preview(value: unknown): string {
  let text: string;
  if (isByteArray(value)) text = `bytes[${value.length}]`;
  else if (typeof value === 'string') text = JSON.stringify(value);
  else if (typeof value === 'bigint' || typeof value === 'function' || typeof value === 'symbol') text = String(value);
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
