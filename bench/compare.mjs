/**
 * Compares the goals of two results files: which cells meet a target in one run and miss it in the
 * other (noise, or a change between the runs), and per goal how many cells both runs agree on, as markdown:
 * `node bench/compare.mjs bench/results/A.json bench/results/B.json`.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { evaluateGoals } from './lib/goals.mjs';
import { fmtRatio } from './lib/report.mjs';

const [fileA, fileB] = process.argv.slice(2);
if (fileB === undefined) {
  console.error('usage: node bench/compare.mjs A.json B.json');
  process.exit(2);
}
const goalsOf = (file) => {
  const { records, memory, coldStart, bundle, meta } = JSON.parse(readFileSync(file, 'utf8'));
  return { meta, goals: evaluateGoals(records, { memory, coldStart, bundle }) };
};
const a = goalsOf(fileA);
const b = goalsOf(fileB);
const state = (x) => (x.exempt ? 'exempt' : x.met ? 'met' : x.ratio === undefined ? 'not measured' : 'missed');
console.log(`A: ${a.meta.date} (${a.meta.gitCommit}, load ${a.meta.loadavgAtStart.join(' ')}); B: ${b.meta.date} (${b.meta.gitCommit}, load ${b.meta.loadavgAtStart.join(' ')})\n`);
let flips = 0;
for (const [i, goal] of a.goals.entries()) {
  const other = b.goals[i];
  const metA = goal.results.filter((x) => x.met).length;
  const metB = other.results.filter((x) => x.met).length;
  const changed = goal.results
    .map((x, j) => [x, other.results[j]])
    .filter(([x, y]) => state(x) !== state(y))
    .map(([x, y]) => `${x.cell} (A ${state(x)} ${fmtRatio(x.ratio)}, B ${state(y)} ${fmtRatio(y.ratio)})`);
  flips += changed.length;
  console.log(`- ${goal.text}: met (or exempt) in ${metA} / ${metB} of ${goal.results.length} cells${changed.length ? `; flips: ${changed.join('; ')}` : '; no flips'}`);
}
console.log(`\n${flips} cells flip between the two runs.`);

// What both runs agree on, per goal: only a cell met (or missed) in both is a finding at this noise.
const rows = a.goals.map((goal, i) => {
  const pairs = goal.results.map((x, j) => [state(x), state(b.goals[i].results[j])]);
  const count = (test) => pairs.filter(test).length;
  const metBoth = count(([x, y]) => x !== 'missed' && x !== 'not measured' && y !== 'missed' && y !== 'not measured');
  const missedBoth = goal.results.filter((x, j) => state(x) === 'missed' && state(b.goals[i].results[j]) === 'missed').map((x) => x.cell);
  const flipping = count(([x, y]) => (x === 'missed') !== (y === 'missed'));
  return `| ${goal.text} | ${metBoth} | ${missedBoth.length}${missedBoth.length ? ` (${missedBoth.join(', ')})` : ''} | ${flipping} | ${goal.results.length} |`;
});
console.log(`\n| goal | met or exempt in both | missed in both | flipping | cells |\n| --- | --: | --- | --: | --: |\n${rows.join('\n')}`);
