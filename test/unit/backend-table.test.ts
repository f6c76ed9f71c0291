/**
 * The backend table (src/lib/backend-table.ts) is what the code does: for every runtime it names,
 * each asymmetric sign and verify goes where the table says, alone and with others in flight. And
 * every choice is the one its own figures justify.
 */
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { BACKEND_FIGURES } from '../../src/lib/backend-figures.js';
import { type AsymmetricFamily, BACKEND_TABLE, currentRuntime, type Route, type RuntimeName } from '../../src/lib/backend-table.js';

// Spies around the real implementations, to see which path an operation took.
vi.mock('../../src/lib/webcrypto.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/lib/webcrypto.js')>();
  return { ...real, webSign: vi.fn(real.webSign), webVerify: vi.fn(real.webVerify) };
});
vi.mock('../../src/lib/native-crypto.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/lib/native-crypto.js')>();
  return {
    ...real,
    nativeSignSync: vi.fn(real.nativeSignSync),
    nativeSignPooled: vi.fn(real.nativeSignPooled),
    nativeVerifySync: vi.fn(real.nativeVerifySync),
    nativeVerifyPooled: vi.fn(real.nativeVerifyPooled),
  };
});

const webcrypto = await import('../../src/lib/webcrypto.js');
const native = await import('../../src/lib/native-crypto.js');
const { signBase64url, useBackendPlan, verifyBytes } = await import('../../src/lib/crypto.js');
const { generateKeyPair } = await import('../../src/index.js');
const { keySpec } = await import('../../src/keys/key.js');

const FAMILIES: [AsymmetricFamily, 'RS256' | 'ES256' | 'EdDSA'][] = [['RSA', 'RS256'], ['EC', 'ES256'], ['OKP', 'EdDSA']];
const RUNTIMES = Object.keys(BACKEND_TABLE) as RuntimeName[];

// Which path the last operation took, from the spies.
function routeTaken(op: 'sign' | 'verify'): Route {
  const calls = op === 'sign'
    ? { native: native.nativeSignSync, pool: native.nativeSignPooled, webcrypto: webcrypto.webSign }
    : { native: native.nativeVerifySync, pool: native.nativeVerifyPooled, webcrypto: webcrypto.webVerify };
  const taken = (Object.keys(calls) as Route[]).filter((route) => vi.mocked(calls[route]).mock.calls.length > 0);
  expect(taken).toHaveLength(1);
  return taken[0]!;
}

const keys = new Map<string, Awaited<ReturnType<typeof generateKeyPair>>>();
async function pairFor(alg: 'RS256' | 'ES256' | 'EdDSA') {
  if (!keys.has(alg)) keys.set(alg, await generateKeyPair(alg));
  return keys.get(alg)!;
}

// Runs one operation alone, or as the second of two started in the same turn; returns the route the
// measured operation took.
async function run(alg: 'RS256' | 'ES256' | 'EdDSA', op: 'sign' | 'verify', concurrent: boolean): Promise<Route> {
  const { privateKey, publicKey } = await pairFor(alg);
  const key = op === 'sign' ? privateKey : publicKey;
  const start = () => (op === 'sign'
    ? signBase64url(keySpec(key), key.cryptoKey, 'header.payload')
    : verifyBytes(keySpec(key), key.cryptoKey, new Uint8Array(64), 'header.payload'));
  await new Promise((resolve) => setTimeout(resolve, 0)); // a fresh turn: nothing started yet
  const first = concurrent ? start() : undefined;
  vi.clearAllMocks();
  const result = start();
  await Promise.all([first, result]);
  return routeTaken(op);
}

beforeEach(() => vi.clearAllMocks());
afterAll(() => useBackendPlan(currentRuntime()));

describe('the backend table', () => {
  it('names Node as the runtime here', () => {
    expect(currentRuntime()).toBe('node');
  });

  describe.each(RUNTIMES)('as on %s, the code follows it', (runtime) => {
    it.each(FAMILIES)('%s (%s): sign and verify, alone and with others in flight', async (family, alg) => {
      useBackendPlan(runtime);
      for (const op of ['sign', 'verify'] as const) {
        const choice = BACKEND_TABLE[runtime][family][op];
        expect(await run(alg, op, false), `${runtime} ${alg} ${op} alone`).toBe(choice.alone);
        expect(await run(alg, op, true), `${runtime} ${alg} ${op} concurrent`).toBe(choice.concurrent);
      }
    });
  });

  it('every choice is the fastest measured, or within 5 % of it (a tie keeps the runtime\'s usual path)', () => {
    const judged: string[] = [];
    for (const runtime of RUNTIMES) {
      for (const [family] of FAMILIES) {
        for (const op of ['sign', 'verify'] as const) {
          const c = BACKEND_FIGURES[runtime][family][op];
          expect({ alone: c.alone, concurrent: c.concurrent }, `${runtime} ${family} ${op}: table and figures agree`).toEqual(BACKEND_TABLE[runtime][family][op]);
          for (const [route, figures] of [[c.alone, c.aloneFigures], [c.concurrent, c.concurrentFigures]] as const) {
            const chosen = figures[route];
            const best = Math.max(...Object.values(figures));
            expect(chosen, `${runtime} ${family} ${op}: a figure for ${route}`).toBeDefined();
            expect(chosen! / best, `${runtime} ${family} ${op} ${route}`).toBeGreaterThanOrEqual(0.95);
            judged.push(`${runtime} ${family} ${op}`);
          }
        }
      }
    }
    expect(judged).toHaveLength(RUNTIMES.length * FAMILIES.length * 2 * 2);
  });
});
