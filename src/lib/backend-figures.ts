/**
 * The figures behind backend-table.ts: for every entry, the ops/s of each candidate (median of
 * interleaved samples on 2 shared cores, Node 20, Deno 2.9, Bun 1.4). Only tests import this module,
 * so the figures cost a bundle nothing. One at a time: the raw limits of `npm run bench` (bench/results/2026-11-29.json, load 1.3). With 64
 * in flight on Deno and Bun: raw operations measured side by side for issue 14 (a busier machine, so
 * lower absolute figures; the ratios decide). A choice within 5 % of the best counts as a tie and keeps
 * the path the runtime uses for its other operations (test/unit/backend-table.test.ts checks both that
 * and that the code follows the table).
 * `alone` is an operation with nothing else in flight; `concurrent` one started while others are.
 *
 * Deno answers node:crypto's callback form on the calling thread (measured slower than the
 * synchronous call: RS256 verify 370/s alone), while its Web Crypto runs on worker threads.
 *
 * HMAC is always native and synchronous: one token costs about a microsecond, so no thread hand-off
 * pays. Where node:crypto has a one-shot `hash`, the tag is two one-shot hashes over per-key pads
 * (native-hmac.ts), which beat one `createHmac` on every runtime measured (HS256 over a typical
 * token, interleaved): Node 393k/s against 220k/s; Deno 156k/s against 118k/s (64k/s with a Buffer
 * digest), and Web Crypto 12-25k/s one at a time, 61-69k/s with 64 in flight; Bun 445-721k/s against
 * 314-799k/s (a tie within the noise; two runs disagreed), Web Crypto 33-62k/s. On Deno the
 * signing input goes into the pad by `TextEncoder.encodeInto` rather than `Buffer.write`: 141-315 ns
 * against 242-535 ns for 200-1000 bytes, about 0.1 µs of a 6.5 µs token (below the whole token's noise).
 *
 * @module
 */

import type { AsymmetricFamily, Route, RuntimeName } from './backend-table.js';

/** The figures of one entry: its routes, and ops/s of each candidate alone and with 64 in flight. */
export interface Figures {
  readonly alone: Route;
  readonly concurrent: Route;
  readonly aloneFigures: Partial<Record<Route, number>>;
  readonly concurrentFigures: Partial<Record<Route, number>>;
}

const choice = (alone: Route, concurrent: Route, aloneFigures: Figures['aloneFigures'], concurrentFigures: Figures['concurrentFigures']): Figures =>
  ({ alone, concurrent, aloneFigures, concurrentFigures });

/**
 * The entries with their figures. Figures: RS256 for RSA (PS256 measured alike), ES256 for EC, Ed25519 for OKP; raw
 * operations over a typical token's signing input.
 */
export const BACKEND_FIGURES: Record<RuntimeName, Record<AsymmetricFamily, Record<'sign' | 'verify', Figures>>> = {
  node: {
    RSA: {
      sign: choice('native', 'pool', { native: 3989, webcrypto: 3530 }, { pool: 7319, webcrypto: 7439 /* a tie: the pool keeps one path */ }),
      verify: choice('native', 'pool', { native: 46743, webcrypto: 16217 }, { pool: 75803, webcrypto: 69435 }),
    },
    EC: {
      sign: choice('native', 'pool', { native: 40140, webcrypto: 14999 }, { pool: 66757, webcrypto: 54755 }),
      verify: choice('native', 'pool', { native: 15328, webcrypto: 9737 }, { pool: 26466, webcrypto: 25963 }),
    },
    OKP: {
      sign: choice('native', 'pool', { native: 28592, webcrypto: 14648 }, { pool: 48012, webcrypto: 47356 }),
      verify: choice('native', 'pool', { native: 9434, webcrypto: 7348 }, { pool: 17744, webcrypto: 17406 }),
    },
  },
  deno: {
    // Deno's node:crypto callbacks run on the calling thread (RS256 verify with 64 in flight:
    // 2,195/s against 3,915/s through Web Crypto), so concurrent operations go to Web Crypto.
    RSA: {
      sign: choice('webcrypto', 'webcrypto', { native: 547, webcrypto: 604 }, { native: 193, pool: 273, webcrypto: 568 }),
      verify: choice('native', 'webcrypto', { native: 5299, webcrypto: 3509 }, { native: 2070, pool: 2195, webcrypto: 3915 }),
    },
    EC: {
      // Issue 14: the earlier comment said native was never slower here; ES256 signing is.
      sign: choice('webcrypto', 'webcrypto', { native: 1724, webcrypto: 2001 }, { native: 605, pool: 720, webcrypto: 2085 }),
      verify: choice('native', 'webcrypto', { native: 1767, webcrypto: 1605 }, { native: 760, pool: 805, webcrypto: 1665 }),
    },
    OKP: {
      // Ed25519 signing stays native with 64 in flight (issue 14, round two): Deno's Web Crypto costs
      // 52-65 µs of CPU per signature against native's 29-35 µs, so its second thread cannot make up
      // for it on 2 cores. Three runs of 61 interleaved 30 ms samples at load 9 (medians of their
      // medians below); the bench's own interleaved rows on a quiet machine (results/2026-11-30-4.json
      // and -5.json, limits): native 67,354 and 69,562/s against 38,767 and 45,692/s. The earlier
      // figures (native 22,715, pool 13,380, Web Crypto 38,335) came from a busier, slower machine.
      sign: choice('native', 'native', { native: 54506, webcrypto: 25603 }, { native: 28900, pool: 10730, webcrypto: 23205 }),
      // Ed25519 verifying, checked on whole tokens (issue 14, round two, after the bench's raw rows
      // and minimal JWTs disagreed): webjwt builds routed each way, interleaved with the bench's
      // contenders in one Deno process, three runs of 21-31 rounds at load 1.6-9 (bench/focus/,
      // bench/README.md). With 64 in flight native reached 0.57-0.72x and the callback form
      // 0.38-0.43x of Web Crypto (paired per round); one at a time Web Crypto reached 0.65-0.71x
      // of native.
      verify: choice('native', 'webcrypto', { native: 26807, webcrypto: 16782 }, { native: 9100, pool: 7560, webcrypto: 23175 }),
    },
  },
  bun: {
    // Bun's callback form is a real thread pool; with 64 in flight it and Web Crypto measured within
    // the noise of each other for RSA (two runs disagreed), so the pool keeps one path with Node.
    RSA: {
      sign: choice('native', 'pool', { native: 1764, webcrypto: 1673 }, { pool: 1815, webcrypto: 1885 }),
      verify: choice('native', 'pool', { native: 63250, webcrypto: 21065 }, { pool: 40470, webcrypto: 36240 }),
    },
    EC: {
      sign: choice('native', 'pool', { native: 53901, webcrypto: 17593 }, { pool: 40160, webcrypto: 35025 }),
      // Web Crypto won with 64 in flight in both runs (also 16,670/s against 15,395/s).
      verify: choice('native', 'webcrypto', { native: 20036, webcrypto: 12785 }, { pool: 10840, webcrypto: 12100 }),
    },
    OKP: {
      sign: choice('native', 'pool', { native: 67063, webcrypto: 20192 }, { pool: 44085, webcrypto: 45335 }),
      verify: choice('native', 'pool', { native: 20018, webcrypto: 13197 }, { pool: 12725, webcrypto: 12550 }),
    },
  },
};
