/**
 * Every portable suite, in the order the runners run them.
 *
 * @module
 */
import { attacksSuite } from './attacks.suite.js';
import { claimsSuite } from './claims.suite.js';
import type { Suite } from './harness.js';
import { hmacPadsSuite } from './hmac-pads.suite.js';
import { httpSuite } from './http.suite.js';
import { jweAttacksSuite } from './jwe-attacks.suite.js';
import { jweJoseSuite } from './jwe-jose.suite.js';
import { jweSuite } from './jwe.suite.js';
import { malformedSuite } from './malformed.suite.js';
import { rfcSuite } from './rfc.suite.js';
import { strictInputSuite } from './strict-input.suite.js';
import { wycheproofPrimitivesSuite } from './wycheproof-primitives.suite.js';
import { wycheproofSuite } from './wycheproof.suite.js';

/** The suites, written once and run by every runtime runner. */
export const suites: readonly Suite[] = [
  rfcSuite,
  wycheproofSuite,
  wycheproofPrimitivesSuite,
  hmacPadsSuite,
  attacksSuite,
  malformedSuite,
  claimsSuite,
  strictInputSuite,
  httpSuite,
  jweSuite,
  jweAttacksSuite,
  jweJoseSuite,
];
