/**
 * Memory: bytes still reachable after 100 000 HS256 verifications, each of a distinct token (as with
 * many users), with the heap collected before and after. A verifier that keeps nothing should
 * retain about zero; a cache should retain a bounded amount whatever the count.
 * Needs `node --expose-gc`.
 *
 * @module
 */
import { createVerifier as fastVerifier } from 'fast-jwt';
import { AUDIENCE, ISSUER, typicalClaims } from '../lib/token.mjs';
import { keyMaterial } from './keys.mjs';
import { oracleToken } from './oracle.mjs';

export const VERIFICATIONS = 100_000;
const asyncOf = (syncVerify) => async (token) => syncVerify(token);
const WARM_UP = 2_000;

function collect() {
  for (let i = 0; i < 3; i++) globalThis.gc();
  return process.memoryUsage().heapUsed;
}

// A throwaway verifier of the same configuration warms the code up first, so the fresh one measured
// is charged for what it keeps (cache entries, leaks), not for compiled code.
async function retainedBy(create, tokens, warmTokens) {
  let warm = create();
  for (const token of warmTokens) await warm(token);
  warm = undefined;
  const before = collect();
  const verifier = create();
  const start = performance.now();
  for (const token of tokens) await verifier(token);
  const ms = performance.now() - start;
  const after = collect();
  await verifier(tokens[0]); // keeps the verifier (and its cache) reachable until after the measurement
  return { retainedBytes: after - before, bytesPerVerification: (after - before) / tokens.length, opsPerSec: (tokens.length * 1000) / ms };
}

/**
 * Measures each verifier configuration.
 *
 * @param webjwt - The built library, or undefined (its rows are then skipped).
 * @param options.repeats - Runs per configuration; the median is reported (heap readings vary by ~100 kB).
 * @returns `{ verifications, rows: [{ name, retainedBytes, retainedRange, bytesPerVerification, opsPerSec }] }` or `{ skipped }`.
 */
export async function measureMemory(webjwt, { repeats = 3 } = {}) {
  if (typeof globalThis.gc !== 'function') return { skipped: 'needs node --expose-gc (npm run bench passes it)' };
  const keys = await keyMaterial('HS256');
  const now = Math.floor(Date.now() / 1000);
  // Buffer round trip: flat strings, so no verifier is credited with flattening the concatenated ones.
  const make = (n, prefix) =>
    Array.from({ length: n }, (_, i) => Buffer.from(oracleToken('HS256', keys, typicalClaims(now, { jti: `${prefix}-${i}` })).token).toString());
  const tokens = make(VERIFICATIONS, 'm');
  const warmTokens = make(WARM_UP, 'w');
  const options = { issuer: ISSUER, audience: AUDIENCE };
  const configs = [];
  if (webjwt !== undefined) {
    const key = await webjwt.importKey(keys.secret, 'HS256');
    configs.push(['webjwt createVerifier (cache off)', () => webjwt.createVerifier(key, options)]);
    // The opt-in verified-token cache of createVerifier, at its default size (1000 tokens).
    configs.push(['webjwt createVerifier (cache on, default size)', () => webjwt.createVerifier(key, { ...options, cache: true })]);
  }
  const fastOptions = { key: Buffer.from(keys.secret), algorithms: ['HS256'], allowedIss: ISSUER, allowedAud: AUDIENCE };
  configs.push(['fast-jwt (cache off), for reference', () => asyncOf(fastVerifier({ ...fastOptions, cache: false }))]);
  configs.push(['fast-jwt (cache on, default size), for reference', () => asyncOf(fastVerifier({ ...fastOptions, cache: true }))]);

  // A first, discarded pass lets the heap settle (the first measurement otherwise reads a few
  // hundred kB low as the VM releases start-up leftovers).
  await retainedBy(configs[0][1], warmTokens, warmTokens);
  const rows = [];
  for (const [name, create] of configs) {
    const runs = [];
    for (let i = 0; i < repeats; i++) runs.push(await retainedBy(create, tokens, warmTokens));
    runs.sort((a, b) => a.retainedBytes - b.retainedBytes);
    const median = runs[Math.floor(runs.length / 2)];
    rows.push({ name, ...median, retainedRange: [runs[0].retainedBytes, runs.at(-1).retainedBytes] });
  }
  return { verifications: VERIFICATIONS, rows };
}
