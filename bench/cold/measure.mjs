/**
 * The cold-start part: for each runtime, library, algorithm and operation, a fresh process per
 * sample (cold/probe.mjs) imports the library, imports the key and signs or verifies one token.
 * Samples are taken in rounds, every configuration once per round in rotating order, so a burst of
 * load hits all alike. Reports the median of import + key import + first operation (`workMs`, what
 * the goal compares) and of the runtime's own start (`bootMs`, the same for every library).
 *
 * @module
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { keyMaterial } from '../node/keys.mjs';
import { assertTypicalToken, oracleToken } from '../node/oracle.mjs';
import { APP_CLAIMS, AUDIENCE, ISSUER, JWT_ID, assertTypicalPayload, typicalClaims } from '../lib/token.mjs';

const benchDir = dirname(dirname(fileURLToPath(import.meta.url)));
const rootDir = dirname(benchDir);
const probe = join(benchDir, 'cold', 'probe.mjs');

/**
 * Libraries compared at cold start; `minimal` is the floor (no library, cold/minimal-*.mjs), shown
 * beside the peers but never one of them.
 */
export const COLD_LIBRARIES = ['webjwt', 'jose', 'fast-jwt', 'jsonwebtoken', 'node-rs', 'minimal'];
/**
 * The primitive the floor uses per runtime: the one that serves a fresh process's first token
 * sooner (measured, bench/README.md "Cold start, round four").
 */
export const MINIMAL_PRIMITIVE = { node: 'node:crypto', deno: 'subtle', bun: 'subtle' };
/** A shared secret, and a public key in PEM (what a resource server is given). */
export const COLD_ALGS = ['HS256', 'RS256'];

function command(runtime) {
  if (runtime === 'node') return [process.execPath, []];
  const bin = join(rootDir, 'node_modules', '.bin', runtime);
  if (!existsSync(bin)) return undefined;
  return [bin, runtime === 'deno' ? ['run', '-A'] : []];
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/**
 * @param options.runtimes - e.g. ['node', 'deno', 'bun']
 * @param options.samples - processes per configuration
 * @param options.filter - RegExp over `cold/runtime/alg/op/library`, or undefined
 * @returns `{ rows: [{ runtime, library, alg, op, status, medianMs, bootMs, samples, reason? }], failures }`
 */
export async function measureColdStart({ runtimes, samples, filter, onProgress }) {
  const inputs = {};
  const keys = {};
  for (const alg of COLD_ALGS) {
    keys[alg] = await keyMaterial(alg);
    const k = keys[alg];
    inputs[alg] = JSON.stringify({
      issuer: ISSUER,
      audience: AUDIENCE,
      jwtId: JWT_ID,
      claims: APP_CLAIMS,
      token: oracleToken(alg, k, typicalClaims(Math.floor(Date.now() / 1000))).token,
      secret: k.secret && Buffer.from(k.secret).toString('base64'),
      privatePem: k.privatePem,
      publicPem: k.publicPem,
    });
  }
  const configs = [];
  const rows = [];
  for (const runtime of runtimes) {
    const cmd = command(runtime);
    for (const alg of COLD_ALGS) {
      for (const op of ['verify', 'sign']) {
        for (const library of COLD_LIBRARIES) {
          if (filter !== undefined && !filter.test(`cold/${runtime}/${alg}/${op}/${library}`)) continue;
          const row = { runtime, library, alg, op, status: 'ok', work: [], boot: [] };
          if (library === 'minimal') row.primitive = MINIMAL_PRIMITIVE[runtime];
          rows.push(row);
          if (cmd === undefined) Object.assign(row, { status: 'unsupported', reason: `${runtime} not installed` });
          else configs.push({ row, cmd });
        }
      }
    }
  }
  const failures = [];
  for (let round = 0; round < samples; round++) {
    const offset = round % Math.max(configs.length, 1);
    for (const { row, cmd } of [...configs.slice(offset), ...configs.slice(0, offset)]) {
      if (row.status !== 'ok') continue;
      const [bin, pre] = cmd;
      const result = spawnSync(bin, [...pre, probe, row.library, row.alg, row.op, ...(row.primitive ? [row.primitive] : [])], {
        cwd: benchDir,
        encoding: 'utf8',
        env: { ...process.env, WEBJWT_COLD: inputs[row.alg], NO_COLOR: '1' },
        timeout: 60_000,
      });
      try {
        if (result.status !== 0) throw new Error(`exited with ${result.status ?? result.signal}: ${(result.stderr || result.stdout).trim().split('\n').slice(-3).join(' ')}`);
        const out = JSON.parse(result.stdout.trim().split('\n').at(-1));
        // Proof on every sample: the token signed is right, the claims verified are the token's.
        if (row.op === 'sign') assertTypicalToken(row.alg, keys[row.alg], out.result);
        else assertTypicalPayload(out.result, { fresh: false });
        row.work.push(out.workMs);
        row.boot.push(out.bootMs);
      } catch (error) {
        Object.assign(row, { status: 'failed', reason: String(error?.message ?? error).slice(0, 300) });
        failures.push({ id: `cold/${row.runtime}/${row.alg}/${row.op}/${row.library}`, error: row.reason });
      }
    }
    onProgress?.(round + 1);
  }
  return {
    samples,
    rows: rows.map(({ work, boot, ...row }) =>
      row.status === 'ok' ? { ...row, medianMs: median(work), bootMs: median(boot), samplesMs: work.map((x) => Number(x.toFixed(2))) } : row),
    failures,
  };
}
