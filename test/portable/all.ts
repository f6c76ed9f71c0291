/**
 * Entry of the runtime bundle (test-results/portable.bundle.js) that Deno, Bun and Chromium run.
 * test/runtimes/bundle.mjs resolves the library import below to the built browser bundle
 * dist/webjwt.browser.min.js, so the shipped build is what these runtimes test; internals.ts is
 * bundled from source.
 *
 * @module
 */
import * as lib from '../../src/index.js';
import { collectTests, type RunResult, runTests } from './harness.js';
import * as internals from './internals.js';
import { suites } from './suites.js';

/** Runs every suite against the built library; `log` receives failures and the closing count line. */
export async function run(log: (line: string) => void = console.log): Promise<RunResult> {
  lib.setCryptoBackend('auto'); // on Deno: loads node:crypto now, so both backends are tested
  log(`webjwt built bundle, crypto backend ${lib.activeCryptoBackend()}`);
  const tests = suites.flatMap((suite) => collectTests((t) => suite.register(t, lib, internals), `${suite.name}: `));
  return runTests(tests, log);
}
