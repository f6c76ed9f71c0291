/**
 * Which implementation runs each asymmetric operation, per runtime, key family and operation: one
 * way when nothing else is in flight (`alone`), another while other operations are (`concurrent`).
 * Chosen by measurement: backend-figures.ts holds the figures behind every entry, and
 * test/unit/backend-table.test.ts checks that each entry is what its figures justify and that the
 * code does what the table says. HMAC is not here: it always runs natively and synchronously.
 * On Deno and Bun the native module is loaded only after the first token (native-crypto.ts, `loadsLater`):
 * until then every operation, HMAC included, runs on `crypto.subtle`.
 *
 * - `native`: the runtime's Node-compatible crypto module, synchronously on the calling thread.
 * - `pool`: that module's callback form, which runs on libuv's thread pool.
 * - `webcrypto`: `crypto.subtle`.
 *
 * @module
 */

/** How one operation runs. */
export type Route = 'native' | 'pool' | 'webcrypto';

/** The routes of one operation. */
export interface Choice {
  readonly alone: Route;
  readonly concurrent: Route;
}

/** Key families with asymmetric operations. */
export type AsymmetricFamily = 'RSA' | 'EC' | 'OKP';

/** Runtimes the table tells apart (any other runtime with the native module is treated like Node). */
export type RuntimeName = 'node' | 'deno' | 'bun';

/** The table's shape: runtime, family, operation. */
export type BackendTable = Record<RuntimeName, Record<AsymmetricFamily, Record<'sign' | 'verify', Choice>>>;

const NATIVE_THEN_POOL: Choice = { alone: 'native', concurrent: 'pool' };
const NATIVE_THEN_WEB: Choice = { alone: 'native', concurrent: 'webcrypto' };
const WEB: Choice = { alone: 'webcrypto', concurrent: 'webcrypto' };
const NATIVE: Choice = { alone: 'native', concurrent: 'native' };
const POOLED = { sign: NATIVE_THEN_POOL, verify: NATIVE_THEN_POOL };

/** The table (figures: backend-figures.ts). */
export const BACKEND_TABLE: BackendTable = {
  node: { RSA: POOLED, EC: POOLED, OKP: POOLED },
  // Deno answers the callback form on the calling thread: concurrent operations go to Web Crypto,
  // except Ed25519 signing, which costs Web Crypto twice the CPU native signing does.
  deno: {
    RSA: { sign: WEB, verify: NATIVE_THEN_WEB },
    EC: { sign: WEB, verify: NATIVE_THEN_WEB },
    OKP: { sign: NATIVE, verify: NATIVE_THEN_WEB },
  },
  bun: { RSA: POOLED, EC: { sign: NATIVE_THEN_POOL, verify: NATIVE_THEN_WEB }, OKP: POOLED },
};

/** The runtime this code runs on, as the table names it. */
export function currentRuntime(): RuntimeName {
  // Deno first, by its own global: on Deno the first touch of `process` costs 30-60 ms.
  if ((globalThis as { Deno?: { version?: unknown } }).Deno?.version !== undefined) return 'deno';
  const versions = (globalThis as { process?: { versions?: Record<string, string | undefined> } }).process?.versions;
  if (versions?.deno !== undefined) return 'deno';
  if (versions?.bun !== undefined) return 'bun';
  return 'node';
}
