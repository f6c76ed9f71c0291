/**
 * The measuring loop. Self-written instead of mitata because the bench needs (1) a sliding window
 * that keeps exactly 64 operations in flight (mitata's concurrency runs Promise.all batches with a
 * barrier after each batch), (2) throughput samples of a fixed wall-clock length, whose median and
 * spread we report (mitata reports per-iteration latency statistics), and (3) samples of all
 * contenders of a cell interleaved round-robin, so a burst of load on this shared 2-core machine
 * hits every contender alike instead of one of them. Runtime-neutral (Node, Deno, Bun).
 *
 * Harness overhead per operation is one `await` of the contender's function, the same for all.
 *
 * @module
 */

/** The two modes: one operation awaited at a time, and 64 kept in flight. */
export const MODES = {
  seq: { label: 'awaited 1 at a time', width: 1, minOps: 32 },
  par64: { label: '64 in flight', width: 64, minOps: 256 },
};

let sink; // keeps results alive so nothing is optimised away; last one is checked after each sample

/** Runs `count` operations in `mode`; returns elapsed milliseconds. */
export async function runOps(fn, count, mode) {
  const width = MODES[mode].width;
  const start = performance.now();
  if (width === 1) {
    for (let i = 0; i < count; i++) sink = await fn();
  } else {
    let left = count;
    const worker = async () => {
      while (left > 0) {
        left--;
        sink = await fn();
      }
    };
    const workers = [];
    for (let i = 0; i < Math.min(width, count); i++) workers.push(worker());
    await Promise.all(workers);
  }
  return performance.now() - start;
}

/** The last result a timed operation produced. */
export function lastResult() {
  return sink;
}

/** Warms `fn` up for about `warmupMs` and returns its rate in operations per second. */
export async function warmUp(fn, mode, warmupMs) {
  let count = 16;
  let spent = 0;
  let rate = 0;
  for (;;) {
    const ms = await runOps(fn, count, mode);
    spent += ms;
    rate = (count * 1000) / Math.max(ms, 1e-3);
    if (spent >= warmupMs) return rate;
    count = Math.max(16, Math.min(count * 2, Math.ceil((rate * (warmupMs - spent)) / 1000)));
  }
}

/** Median, quartiles and extremes of a list of numbers. */
export function summarize(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q) => {
    const pos = (sorted.length - 1) * q;
    const lo = Math.floor(pos);
    const hi = Math.ceil(pos);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
  };
  return { median: at(0.5), q1: at(0.25), q3: at(0.75), min: sorted[0], max: sorted.at(-1) };
}

/**
 * Measures every contender of one cell in one mode: each is warmed up, then `samples` rounds take
 * one sample of about `sampleMs` from each contender in turn (start rotated per round).
 * `contender.run` is the timed operation; `contender.check(result)` throws if a result is wrong;
 * `contender.enter`/`exit` wrap its samples (e.g. to switch a global backend).
 *
 * @returns One `{ opsPerSec: summary, samples }` per contender, in input order.
 */
export async function measureCell(contenders, mode, { samples, sampleMs, warmupMs }) {
  const counts = [];
  for (const c of contenders) {
    await c.enter?.();
    try {
      const rate = await warmUp(c.run, mode, warmupMs);
      // At least `minOps` per sample, however slow the operation: a slow cell (RSA signing on Deno,
      // 300/s) filled 90 ms with 27 operations, and with 64 in flight fewer than one window's worth,
      // so its samples measured one burst's start and drain instead of a sustained rate.
      counts.push(Math.max(MODES[mode].minOps, Math.round((rate * sampleMs) / 1000)));
      await c.check(lastResult());
    } finally {
      await c.exit?.();
    }
  }
  const rates = contenders.map(() => []);
  for (let round = 0; round < samples; round++) {
    for (let k = 0; k < contenders.length; k++) {
      const i = (k + round) % contenders.length;
      const c = contenders[i];
      await c.enter?.();
      try {
        const ms = await runOps(c.run, counts[i], mode);
        rates[i].push((counts[i] * 1000) / ms);
        await c.check(lastResult());
      } finally {
        await c.exit?.();
      }
    }
  }
  return rates.map((r) => ({ opsPerSec: summarize(r), samples: r }));
}
