/**
 * Runs a suite: for each algorithm and operation, builds the contenders, proves each one works
 * (right result, and for verifiers: rejects expired, wrong-issuer, wrong-audience and tampered
 * tokens) and only then measures them in both modes. A contender that fails its proof is reported
 * as FAILED and never timed. Runtime-neutral.
 *
 * @module
 */
import { MODES, measureCell } from './sampler.mjs';

/**
 * A contender: `{ name, library, kind: 'webjwt'|'peer'|'limit', cached?, freshToken?, sequentialOnly?,
 * note?, run, check(result), rejects?: [{ label, attempt }], enter?, exit? }`, or
 * `{ name, library, kind, unsupported: 'reason' }` for a combination a library does not offer.
 */

async function prove(contender) {
  await contender.enter?.();
  try {
    await contender.check(await contender.run());
    for (const { label, attempt } of contender.rejects ?? []) {
      let accepted;
      try {
        accepted = (await attempt()) !== false;
      } catch {
        accepted = false;
      }
      if (accepted) throw new Error(`accepted a token with ${label}`);
    }
  } finally {
    await contender.exit?.();
  }
}

/**
 * @param options.runtime - 'node', 'deno' or 'bun' (first part of every cell id)
 * @param options.algs - algorithms to run
 * @param options.ops - operations, default ['sign', 'verify']
 * @param options.modes - modes, default both
 * @param options.makeContenders - `(alg, op) => Promise<Contender[]>`
 * @param options.filter - RegExp matched against `runtime/alg/op/mode/contender`, or undefined
 * @param options.timing - `{ samples, sampleMs, warmupMs }`
 * @param options.onCell - called with each finished cell's records (for progress output)
 * @returns `{ records, failures }`; a record per measured, failed or unsupported contender and mode.
 */
export async function runSuite({ runtime, algs, ops = ['sign', 'verify'], modes = Object.keys(MODES), makeContenders, filter, timing, onCell }) {
  const records = [];
  const failures = [];
  for (const alg of algs) {
    for (const op of ops) {
      const id = (mode, name) => `${runtime}/${alg}/${op}/${mode}/${name}`;
      const wanted = (mode, name) => filter === undefined || filter.test(id(mode, name));
      let contenders;
      try {
        contenders = await makeContenders(alg, op);
      } catch (error) {
        failures.push({ id: `${runtime}/${alg}/${op}`, error: String(error?.stack ?? error) });
        continue;
      }
      contenders = contenders.filter((c) => modes.some((mode) => wanted(mode, c.name)));
      if (contenders.length === 0) continue;
      const base = { runtime, alg, op };
      const ready = [];
      for (const c of contenders) {
        const meta = { ...base, contender: c.name, library: c.library, kind: c.kind, cached: c.cached === true, sequentialOnly: c.sequentialOnly === true, note: c.note };
        // Only on the rows that verify a fresh copy of the token per call, so other records keep their shape.
        if (c.freshToken === true) meta.freshToken = true;
        if (c.unsupported !== undefined) {
          for (const mode of modes) if (wanted(mode, c.name)) records.push({ ...meta, mode, status: 'unsupported', reason: c.unsupported });
          continue;
        }
        try {
          await prove(c);
          ready.push({ c, meta });
        } catch (error) {
          const reason = String(error?.message ?? error);
          failures.push({ id: `${runtime}/${alg}/${op}/${c.name}`, error: String(error?.stack ?? error) });
          for (const mode of modes) if (wanted(mode, c.name)) records.push({ ...meta, mode, status: 'failed', reason });
        }
      }
      for (const mode of modes) {
        const inMode = ready.filter(({ c }) => wanted(mode, c.name));
        if (inMode.length === 0) continue;
        let results;
        try {
          results = await measureCell(inMode.map(({ c }) => c), mode, timing);
        } catch (error) {
          // A result went wrong while timing: fail the whole cell loudly.
          failures.push({ id: `${runtime}/${alg}/${op}/${mode}`, error: String(error?.stack ?? error) });
          for (const { meta } of inMode) records.push({ ...meta, mode, status: 'failed', reason: String(error?.message ?? error) });
          continue;
        }
        const cell = inMode.map(({ meta }, i) => ({ ...meta, mode, status: 'ok', ...results[i].opsPerSec, samples: results[i].samples.map(Math.round) }));
        records.push(...cell);
        onCell?.(cell);
      }
    }
  }
  return { records, failures };
}
