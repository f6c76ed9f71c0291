/**
 * The performance goals of the issue, checked against one run. Each goal lists the cells it covers;
 * a goal is met when every cell reaches its target. Cells not measured in this run (filtered out or
 * failed) are reported as such and keep the goal open. A goal relative to a peer can ask for more
 * than the raw crypto itself delivers (the peer already runs close to it): such cells are marked with
 * the ops/s the target needs and the fastest raw limit measured in the same cell.
 *
 * @module
 */
import { NODE_ALGS } from './algs.mjs';
import { PRIMARY, PRIMARY_CACHED, bestNodeLimit, bestPeer, fmtRatio, medianOf, ratio } from './report.mjs';

const MODES = ['seq', 'par64'];
const MODE_LABEL = { seq: '1-at-a-time', par64: '64-in-flight' };
const cells = (runtime, algs, ops) => algs.flatMap((alg) => ops.flatMap((op) => MODES.map((mode) => ({ runtime, alg, op, mode }))));
const label = (k) => `${k.runtime === 'node' ? '' : `${k.runtime} `}${k.alg} ${k.op} ${MODE_LABEL[k.mode]}`;

const HMAC = ['HS256', 'HS384', 'HS512'];
const symmetricAndRsaVerify = [...cells('node', HMAC, ['sign', 'verify']), ...cells('node', ['RS256', 'PS256'], ['verify'])];

/** Each goal: text, the cells it covers, and how to get the ratio for one cell. */
export const GOALS = [
  {
    text: 'Node, every algorithm, sign and verify, both modes: webjwt >= best peer',
    target: 1,
    cells: cells('node', NODE_ALGS, ['sign', 'verify']),
    ratio: (r, k) => {
      const best = bestPeer(r, k);
      return best && ratio(r, k, best.median);
    },
  },
  { text: 'HS256/384/512 sign+verify, RS256/PS256 verify: >= 1.5x fast-jwt', target: 1.5, cells: symmetricAndRsaVerify, ratio: (r, k) => ratio(r, k, 'fast-jwt'), peer: 'fast-jwt' },
  { text: 'HS256/384/512 sign+verify, RS256/PS256 verify: >= 1.5x jsonwebtoken', target: 1.5, cells: symmetricAndRsaVerify, ratio: (r, k) => ratio(r, k, 'jsonwebtoken'), peer: 'jsonwebtoken' },
  { text: 'HS256/384/512 sign+verify, RS256/PS256 verify: >= 3x jose', target: 3, cells: symmetricAndRsaVerify, ratio: (r, k) => ratio(r, k, 'jose'), peer: 'jose' },
  {
    text: 'HS256/384/512 sign+verify, RS256/PS256 verify: >= 60% of raw node:crypto',
    target: 0.6,
    cells: symmetricAndRsaVerify,
    ratio: (r, k) => {
      const limit = bestNodeLimit(r, k);
      return limit && ratio(r, k, limit);
    },
  },
  {
    text: 'RSA/ECDSA/EdDSA signing and ECDSA/EdDSA verifying: >= 90% of raw node:crypto',
    target: 0.9,
    cells: [...cells('node', ['RS256', 'PS256', 'ES256', 'EdDSA'], ['sign']), ...cells('node', ['ES256', 'EdDSA'], ['verify'])],
    ratio: (r, k) => {
      const limit = bestNodeLimit(r, k);
      return limit && ratio(r, k, limit);
    },
  },
  {
    text: 'With cache: HS256 and RS256 verify >= fast-jwt cached',
    target: 1,
    cells: cells('node', ['HS256', 'RS256'], ['verify']),
    ratio: (r, k) => ratio(r, k, 'fast-jwt +cache', PRIMARY_CACHED),
  },
  ...['deno', 'bun'].flatMap((runtime) => [
    { text: `${runtime}: HS256 and RS256 verify >= 1.5x jose`, target: 1.5, cells: cells(runtime, ['HS256', 'RS256'], ['verify']), ratio: (r, k) => ratio(r, k, 'jose'), peer: 'jose' },
    { text: `${runtime}: HS256 and RS256 verify >= 70% of the raw limit (crypto.subtle)`, target: 0.7, cells: cells(runtime, ['HS256', 'RS256'], ['verify']), ratio: (r, k) => ratio(r, k, 'limit: crypto.subtle') },
  ]),
];

// The fastest raw limit measured in a cell (any of crypto.subtle, node:crypto, node:crypto pool).
function fastestLimit(records, k) {
  const limits = records.filter((r) => r.runtime === k.runtime && r.alg === k.alg && r.op === k.op && r.mode === k.mode && r.kind === 'limit' && r.status === 'ok');
  return limits.length === 0 ? undefined : Math.max(...limits.map((r) => r.median));
}

// For a goal relative to a peer: the ops/s its target needs, when that is more than any raw limit.
function beyondLimit(records, goal, k) {
  if (goal.peer === undefined) return undefined;
  const peer = medianOf(records, { ...k, contender: goal.peer });
  const limit = fastestLimit(records, k);
  if (peer === undefined || limit === undefined || goal.target * peer <= limit) return undefined;
  return { needed: goal.target * peer, limit };
}

/** Evaluates every goal: `[{ text, target, met, results: [{ cell, ratio, met, beyondLimit? }] }]`. */
export function evaluateGoals(records) {
  return GOALS.map((goal) => {
    const results = goal.cells.map((k) => {
      const measured = medianOf(records, { ...k, contender: PRIMARY[k.op] }) !== undefined;
      const value = measured ? goal.ratio(records, k) : undefined;
      const met = value !== undefined && value >= goal.target;
      const beyond = met ? undefined : beyondLimit(records, goal, k);
      return { cell: label(k), ratio: value, met, ...(beyond && { beyondLimit: beyond }) };
    });
    return { text: goal.text, target: goal.target, met: results.every((x) => x.met), results };
  });
}

const kOps = (n) => `${Math.round(n / 1000).toLocaleString('en-US')}k`;
const beyondNote = (x) =>
  x.beyondLimit === undefined ? '' : ` (beyond reach: needs ${kOps(x.beyondLimit.needed)}/s, the fastest raw limit did ${kOps(x.beyondLimit.limit)}/s)`;

/** The goals as a markdown checklist, naming the cells that miss and by how much. */
export function goalChecklist(evaluated) {
  return evaluated
    .map((g) => {
      const missed = g.results.filter((x) => !x.met);
      const measured = g.results.filter((x) => x.ratio !== undefined);
      const worst = measured.reduce((w, x) => (w === undefined || x.ratio < w.ratio ? x : w), undefined);
      const target = `target ${fmtRatio(g.target)}`;
      if (missed.length === 0) return `- [x] ${g.text} — met in all ${g.results.length} cells (${target}; lowest ${worst.cell} ${fmtRatio(worst.ratio)})`;
      if (measured.length === 0) return `- [ ] ${g.text} — not measured in this run (${g.results.length} cells)`;
      const short = missed.filter((x) => x.ratio !== undefined);
      const unmeasured = missed.length - short.length;
      const detail = short.map((x) => `${x.cell} ${fmtRatio(x.ratio)}${beyondNote(x)}`).join(', ');
      return `- [ ] ${g.text} — missed in ${missed.length} of ${g.results.length} cells (${target}): ${detail}${unmeasured > 0 ? `${short.length > 0 ? '; ' : ''}${unmeasured} not measured` : ''}`;
    })
    .join('\n');
}
