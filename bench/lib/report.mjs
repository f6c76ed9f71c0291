/**
 * Turns measured records into markdown tables: one per algorithm and operation with both modes side
 * by side, and a summary of the ratios the goals are written in. Runtime-neutral.
 *
 * @module
 */
import { JWE_OPS } from './jwe.mjs';
import { FRESH_SUFFIX } from './peers.mjs';

/** The webjwt row every other row of a cell is compared with. */
export const PRIMARY = { sign: 'webjwt createSigner', verify: 'webjwt createVerifier', encrypt: 'webjwt encrypt', decrypt: 'webjwt decrypt' };
export const PRIMARY_CACHED = 'webjwt createVerifier +cache';
/** The cached row that verifies a fresh copy of the token string per call; fresh rows are compared with it. */
export const PRIMARY_CACHED_FRESH = `${PRIMARY_CACHED}${FRESH_SUFFIX}`;
/** Operations of the JWE part: their cells have their own summary (`jweSummary`), outside the JWS goals. */
export const JWE_OPERATIONS = new Set(JWE_OPS);

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** ops/s with thousands separators. */
export const fmtOps = (n) => (n === undefined ? 'n/a' : grouped.format(n));
/** A ratio like `1.23x`. */
export const fmtRatio = (r) => (r === undefined || !Number.isFinite(r) ? 'n/a' : `${r.toFixed(2)}x`);
/** Half the min–max range as a percentage of the median. */
export const fmtSpread = (rec) => (rec?.status === 'ok' ? `±${((100 * (rec.max - rec.min)) / 2 / rec.median).toFixed(0)}%` : '');

/** Renders rows (arrays of strings) as an aligned markdown table; `right` lists right-aligned columns. */
export function markdownTable(head, rows, right = []) {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const pad = (text, i) => (right.includes(i) ? String(text).padStart(widths[i]) : String(text).padEnd(widths[i]));
  const line = (cells) => `| ${cells.map(pad).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (right.includes(i) ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  return [line(head), rule, ...rows.map(line)].join('\n');
}

/** Looks up the record of one contender in one cell. */
export function find(records, { runtime, alg, op, mode, contender }) {
  return records.find((r) => r.runtime === runtime && r.alg === alg && r.op === op && r.mode === mode && r.contender === contender);
}

/** Median ops/s of a contender in a cell, when it was measured. */
export function medianOf(records, key) {
  const r = find(records, key);
  return r?.status === 'ok' ? r.median : undefined;
}

function shown(rec) {
  if (rec === undefined) return ['', ''];
  if (rec.status === 'unsupported') return ['n/a', ''];
  if (rec.status === 'failed') return ['FAILED', ''];
  return [fmtOps(rec.median), fmtSpread(rec)];
}

/** One table for an algorithm and operation: rows are contenders, both modes side by side. */
export function cellTable(records, runtime, alg, op) {
  const mine = records.filter((r) => r.runtime === runtime && r.alg === alg && r.op === op);
  const names = [...new Set(mine.map((r) => r.contender))];
  const rows = names.map((name) => {
    const row = [name];
    let note = '';
    for (const mode of ['seq', 'par64']) {
      const rec = find(mine, { runtime, alg, op, mode, contender: name });
      const refName = rec?.freshToken ? PRIMARY_CACHED_FRESH : rec?.cached ? PRIMARY_CACHED : PRIMARY[op];
      const ref = medianOf(mine, { runtime, alg, op, mode, contender: refName });
      const ratio = rec?.status !== 'ok' ? '' : name === refName ? '—' : fmtRatio(ref === undefined ? undefined : ref / rec.median);
      row.push(...shown(rec), ratio);
      const why = rec?.status === 'unsupported' || rec?.status === 'failed' ? String(rec.reason).slice(0, 80) : rec?.note;
      note ||= why ?? '';
    }
    row.push(note);
    return row;
  });
  return markdownTable(
    ['contender', '1-at-a-time ops/s', 'spread', 'webjwt ÷', '64-in-flight ops/s', 'spread', 'webjwt ÷', 'note'],
    rows,
    [1, 2, 3, 4, 5, 6],
  );
}

/** Every cell table of a runtime, each under a heading. */
export function allTables(records, runtime) {
  const out = [];
  const keys = [...new Set(records.filter((r) => r.runtime === runtime).map((r) => `${r.alg}/${r.op}`))];
  for (const key of keys) {
    const [alg, op] = key.split('/');
    out.push(`### ${runtime}: ${alg} ${op}\n\n${cellTable(records, runtime, alg, op)}\n`);
  }
  return out.join('\n');
}

/** Ratio of webjwt's primary row to another row of the same cell. */
export function ratio(records, key, other, primary = PRIMARY[key.op]) {
  const mine = medianOf(records, { ...key, contender: primary });
  const theirs = typeof other === 'number' ? other : medianOf(records, { ...key, contender: other });
  return mine === undefined || theirs === undefined ? undefined : mine / theirs;
}

/** The fastest uncached peer of a cell: `{ name, median }`. */
export function bestPeer(records, key) {
  let best;
  for (const r of records) {
    if (r.runtime !== key.runtime || r.alg !== key.alg || r.op !== key.op || r.mode !== key.mode) continue;
    if (r.kind !== 'peer' || r.cached || r.status !== 'ok') continue;
    if (best === undefined || r.median > best.median) best = { name: r.contender, median: r.median };
  }
  return best;
}

/** The best raw node:crypto figure of a cell (synchronous or thread pool, whichever is faster). */
export function bestNodeLimit(records, key) {
  const values = ['limit: node:crypto', 'limit: node:crypto pool'].map((c) => medianOf(records, { ...key, contender: c })).filter((v) => v !== undefined);
  return values.length === 0 ? undefined : Math.max(...values);
}

/** The fastest "minimal JWT" row of a cell (ops/s). */
export function bestMinimal(records, key) {
  const values = records.filter((r) => r.runtime === key.runtime && r.alg === key.alg && r.op === key.op && r.mode === key.mode && r.kind === 'minimal' && r.status === 'ok').map((r) => r.median);
  return values.length === 0 ? undefined : Math.max(...values);
}

/** The summary table: webjwt's primary row against the best peer, each peer and the limits. */
export function ratioSummary(records, runtime) {
  const keys = [];
  for (const r of records) {
    if (r.runtime !== runtime || r.contender !== PRIMARY[r.op] || JWE_OPERATIONS.has(r.op)) continue;
    keys.push({ runtime, alg: r.alg, op: r.op, mode: r.mode });
  }
  const peers = [...new Set(records.filter((r) => r.runtime === runtime && r.kind === 'peer' && !r.cached && !JWE_OPERATIONS.has(r.op)).map((r) => r.contender))];
  const rows = keys.map((key) => {
    const best = bestPeer(records, key);
    const nodeLimit = bestNodeLimit(records, key);
    const minimal = bestMinimal(records, key);
    return [
      `${key.alg} ${key.op}`,
      key.mode === 'seq' ? '1 at a time' : '64 in flight',
      fmtOps(medianOf(records, { ...key, contender: PRIMARY[key.op] })),
      best === undefined ? 'n/a' : `${best.name}`,
      fmtRatio(best === undefined ? undefined : ratio(records, key, best.median)),
      ...peers.map((p) => fmtRatio(ratio(records, key, p))),
      fmtRatio(minimal === undefined ? undefined : ratio(records, key, minimal)),
      fmtRatio(nodeLimit === undefined ? undefined : ratio(records, key, nodeLimit)),
      fmtRatio(ratio(records, key, 'limit: crypto.subtle')),
    ];
  });
  const head = ['cell', 'mode', 'webjwt ops/s', 'best peer', '÷ best peer', ...peers.map((p) => `÷ ${p}`), '÷ minimal JWT', '÷ node:crypto', '÷ subtle'];
  return markdownTable(head, rows, head.map((_, i) => i).filter((i) => i >= 2 && i !== 3));
}

/**
 * webjwt ÷ jose in every measured JWE cell, for the results file: `{ runtime, cell, op, mode,
 * webjwt, jose, ratio }` (ops/s medians; ratio above 1 means webjwt is faster).
 */
export function jweRatios(records) {
  const out = [];
  for (const r of records) {
    if (!JWE_OPERATIONS.has(r.op) || r.contender !== PRIMARY[r.op] || r.status !== 'ok') continue;
    const key = { runtime: r.runtime, alg: r.alg, op: r.op, mode: r.mode };
    const jose = medianOf(records, { ...key, contender: 'jose' });
    out.push({ runtime: r.runtime, cell: r.alg, op: r.op, mode: r.mode, webjwt: Math.round(r.median), jose: jose && Math.round(jose), ratio: jose && Number((r.median / jose).toFixed(3)) });
  }
  return out;
}

/** The JWE summary table of one runtime (or of all, when `runtime` is undefined): webjwt and jose side by side. */
export function jweSummary(records, runtime) {
  const rows = jweRatios(records)
    .filter((x) => runtime === undefined || x.runtime === runtime)
    .map((x) => [`${runtime === undefined ? `${x.runtime} ` : ''}${x.cell.replace(/^JWE /, '')} ${x.op}`, x.mode === 'seq' ? '1 at a time' : '64 in flight', fmtOps(x.webjwt), fmtOps(x.jose), fmtRatio(x.ratio)]);
  return rows.length === 0 ? '' : markdownTable(['cell', 'mode', 'webjwt ops/s', 'jose ops/s', 'webjwt ÷ jose'], rows, [2, 3, 4]);
}

/** One line per runtime: the range and median of webjwt ÷ jose over its JWE cells. */
export function jweHeadline(records) {
  const ratios = jweRatios(records).filter((x) => x.ratio !== undefined);
  const lines = [];
  for (const runtime of [...new Set(ratios.map((x) => x.runtime))]) {
    const mine = ratios.filter((x) => x.runtime === runtime).sort((a, b) => a.ratio - b.ratio);
    const mid = mine[Math.floor((mine.length - 1) / 2)];
    const name = (x) => `${x.cell.replace(/^JWE /, '')} ${x.op} ${x.mode === 'seq' ? '1-at-a-time' : '64-in-flight'}`;
    lines.push(`- ${runtime}: webjwt ÷ jose ${fmtRatio(mine[0].ratio)} (${name(mine[0])}) … ${fmtRatio(mine.at(-1).ratio)} (${name(mine.at(-1))}), median ${fmtRatio(mid.ratio)} over ${mine.length} cells`);
  }
  return lines.join('\n');
}

/**
 * The cached-verifier comparison: webjwt +cache against fast-jwt +cache, with the same token string
 * every call and (when measured) a fresh copy per call, as a server sees it.
 */
export function cacheSummary(records, runtime) {
  const rows = [];
  const pair = (key, mine, theirs) => {
    const a = medianOf(records, { ...key, contender: mine });
    const b = medianOf(records, { ...key, contender: theirs });
    return [fmtOps(a), fmtOps(b), fmtRatio(a === undefined || b === undefined ? undefined : a / b)];
  };
  for (const r of records) {
    if (r.runtime !== runtime || r.contender !== PRIMARY_CACHED || r.status !== 'ok') continue;
    const key = { runtime, alg: r.alg, op: r.op, mode: r.mode };
    rows.push([
      `${r.alg} verify`,
      r.mode === 'seq' ? '1 at a time' : '64 in flight',
      ...pair(key, PRIMARY_CACHED, 'fast-jwt +cache'),
      ...pair(key, PRIMARY_CACHED_FRESH, `fast-jwt +cache${FRESH_SUFFIX}`),
    ]);
  }
  const head = ['cell', 'mode', 'webjwt +cache ops/s', 'fast-jwt +cache ops/s', 'ratio', 'fresh string: webjwt', 'fast-jwt', 'ratio'];
  return rows.length === 0 ? '' : markdownTable(head, rows, [2, 3, 4, 5, 6, 7]);
}

/** Cold-start rows as a table: per runtime, algorithm and operation, each library's median (and the floor's). */
export function coldTable(cold) {
  const ms = (n) => (n === undefined ? 'n/a' : `${n.toFixed(1)} ms`);
  const rows = cold.rows.map((r) => {
    const mine = cold.rows.find((x) => x.runtime === r.runtime && x.alg === r.alg && x.op === r.op && x.library === 'webjwt');
    const ratio = r.status === 'ok' && mine?.status === 'ok' ? `${(r.medianMs / mine.medianMs).toFixed(2)}x` : '';
    const library = r.library === 'minimal' ? `minimal JWT (${r.primitive}, the floor)` : r.library;
    return [`${r.runtime} ${r.alg} ${r.op}`, library, r.status === 'ok' ? ms(r.medianMs) : r.status.toUpperCase(), r.status === 'ok' ? ms(r.bootMs) : String(r.reason ?? '').slice(0, 60), r.library === 'webjwt' ? '—' : ratio];
  });
  return markdownTable(['runtime, alg, op', 'library', 'import + key + first op', 'runtime start', 'other ÷ webjwt (time)'], rows, [2, 3, 4]);
}

/** Bundle sizes (min+gzip) of each job, per library. */
export function bundleTable(size) {
  const kB = (n) => (n === undefined ? '' : `${(n / 1000).toFixed(1)} kB`);
  const scenarios = [...new Set(size.rows.map((r) => r.scenario))];
  const libs = ['webjwt', 'jose', 'hono'];
  const rows = scenarios.map((s) => [s, ...libs.map((l) => kB(size.rows.find((r) => r.scenario === s && r.library === l)?.gzipBytes))]);
  return markdownTable(['imports', ...libs.map((l) => `${l} min+gz`)], rows, [1, 2, 3]);
}
