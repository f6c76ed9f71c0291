/**
 * The Node runner of the portable suites: each portable test becomes a vitest test, against the
 * library SOURCE so coverage counts. Deno, Bun and Chromium run the same suites against the built
 * bundle (test/runtimes/).
 *
 * @module
 */
import { describe, it } from 'vitest';
import * as lib from '../../src/index.js';
import { collectTests } from './harness.js';
import * as internals from './internals.js';
import { suites } from './suites.js';

for (const suite of suites) {
  describe(suite.name, () => {
    for (const test of collectTests((t) => suite.register(t, lib, internals))) it(test.name, test.fn);
  });
}
