/**
 * Prints the key tables of a results file as markdown (for bench/README.md or a pull request):
 * `node bench/summarize.mjs [bench/results/latest.json]`.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { evaluateGoals, goalChecklist } from './lib/goals.mjs';
import { JWE_OPERATIONS, bundleTable, cacheSummary, coldTable, jweHeadline, jweSummary, markdownTable, ratioSummary } from './lib/report.mjs';

const file = process.argv[2] ?? new URL('./results/latest.json', import.meta.url);
const { meta, children, records, memory, coldStart, bundle, failures } = JSON.parse(readFileSync(file, 'utf8'));
// Goals are evaluated again from the samples, so older files get the current checklist.
const goals = evaluateGoals(records, { memory, coldStart, bundle });

const out = [];
out.push(`Run of ${meta.date} at commit ${meta.gitCommit}: Node ${meta.node}, ${meta.cpus}; ` +
  `load average ${meta.loadavgAtStart.join(' ')} at start, ${meta.loadavgAtEnd.join(' ')} at end; ` +
  `${meta.options.samples} × ${meta.options.sampleMs} ms samples; ${meta.seconds} s in all.` +
  Object.values(children ?? {}).map((c) => ` ${c.runtime} ${c.version} (webjwt backend: ${c.webjwtBackend}).`).join(''));
out.push(`\n### Goals\n\n${goalChecklist(goals)}`);
for (const runtime of ['node', ...Object.keys(children ?? {})]) {
  if (!records.some((r) => r.runtime === runtime && !JWE_OPERATIONS.has(r.op))) continue;
  out.push(`\n### ${runtime}: webjwt ÷ others (median ops/s of each)\n\n${ratioSummary(records, runtime)}`);
}
const cached = cacheSummary(records, 'node');
if (cached) out.push(`\n### node: verified-token caches\n\n${cached}`);
if (memory?.rows) {
  const kb = (n) => `${(n / 1024).toFixed(0)} kB`;
  out.push(`\n### node: memory retained after ${memory.verifications.toLocaleString('en-US')} HS256 verifications of distinct tokens\n\n` +
    markdownTable(['verifier', 'retained (median of runs)', 'range', 'bytes / verification'],
      memory.rows.map((r) => [r.name, kb(r.retainedBytes), `${kb(r.retainedRange[0])} … ${kb(r.retainedRange[1])}`, r.bytesPerVerification.toFixed(2)]), [1, 2, 3]));
}
const jwe = jweSummary(records);
if (jwe) out.push(`\n### JWE: webjwt encrypt/decrypt ÷ jose EncryptJWT/jwtDecrypt (median ops/s of each)\n\n${jweHeadline(records)}\n\n${jwe}`);
if (coldStart?.rows) out.push(`\n### cold start: import + importKey + first token, fresh process (median of ${coldStart.samples})\n\n${coldTable(coldStart)}`);
if (bundle?.rows) out.push(`\n### bundle size (esbuild, minified for browsers, gzip -9)\n\n${bundleTable(bundle)}`);
if (failures?.length) out.push(`\n### Failures\n\n${failures.map((f) => `- ${f.id}: ${f.error.split('\n')[0]}`).join('\n')}`);
console.log(out.join('\n'));
