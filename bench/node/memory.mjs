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
const WARM_UP = 2_000;

function collect() {
  for (let i = 0; i < 3; i++) globalThis.gc();
  return process.memoryUsage().heapUsed;
}

async function retainedBy(verify, tokens, warmTokens) {
  for (const token of warmTokens) await verify(token);
  const before = collect();
  const start = performance.now();
  for (const token of tokens) await verify(token);
  const ms = performance.now() - start;
  const after = collect();
  return { retainedBytes: after - before, bytesPerVerification: (after - before) / tokens.length, opsPerSec: (tokens.length * 1000) / ms };
}

/**
 * Measures each verifier configuration.
 *
 * @param webjwt - The built library, or undefined (its rows are then skipped).
 * @returns `{ verifications, rows: [{ name, retainedBytes, bytesPerVerification, opsPerSec }] }` or `{ skipped }`.
 */
export async function measureMemory(webjwt) {
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
  configs.push(['fast-jwt (cache off), for reference', () => fastVerifier({ ...fastOptions, cache: false })]);
  configs.push(['fast-jwt (cache on, default size), for reference', () => fastVerifier({ ...fastOptions, cache: true })]);

  const rows = [];
  for (const [name, create] of configs) {
    const verifier = create();
    const sync = async (t) => verifier(t);
    rows.push({ name, ...(await retainedBy(sync, tokens, warmTokens)) });
  }
  return { verifications: VERIFICATIONS, rows };
}
