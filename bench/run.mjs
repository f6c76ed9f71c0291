/**
 * `npm run bench`: the whole benchmark in one run. Node suite (webjwt, jose, fast-jwt, jsonwebtoken,
 * hono/jwt and the raw limits, both modes), memory retained by verifiers, then the Web Crypto suite
 * on Deno and on Bun, then JWE (encrypt/decrypt against jose) on all three, cold start and bundle
 * size; prints tables, the ratios, the goals checklist and the JWE summary, and writes
 * bench/results/latest.json (plus bench/results/<date>.json for a full run).
 *
 * @module
 */
import { spawnSync, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as jose from 'jose';
import { NODE_ALGS } from './lib/algs.mjs';
import { evaluateGoals, goalChecklist } from './lib/goals.mjs';
import { JWE_CELLS, JWE_OPS, jweContenders } from './lib/jwe.mjs';
import { ALL_PARTS, childFlags, commandLine, parseOptions } from './lib/options.mjs';
import { allTables, bundleTable, cacheSummary, coldTable, jweHeadline, jweRatios, jweSummary, markdownTable, ratioSummary } from './lib/report.mjs';
import { runSuite } from './lib/suite.mjs';
import { nodeContenders } from './node/contenders.mjs';
import { measureMemory } from './node/memory.mjs';
import { measureColdStart } from './cold/measure.mjs';

const benchDir = dirname(fileURLToPath(import.meta.url));
const rootDir = dirname(benchDir);
const options = parseOptions(commandLine());
const started = performance.now();
const seconds = () => Math.round((performance.now() - started) / 1000);

async function loadWebjwt() {
  try {
    return { webjwt: await import('webjwt') };
  } catch (error) {
    return { error: String(error?.message ?? error) };
  }
}

function gitCommit() {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: rootDir, encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}

/** Runs the Web Crypto entry on Deno or Bun (its JWS or JWE suite); returns its `{ meta, records, failures }`. */
function runChild(runtime, suite = 'jws') {
  const bin = join(rootDir, 'node_modules', '.bin', runtime);
  if (!existsSync(bin)) return { meta: { runtime, skipped: `${bin} not installed` }, records: [], failures: [] };
  const out = join(tmpdir(), `webjwt-bench-${runtime}-${suite}-${process.pid}.json`);
  const entry = join(benchDir, 'webcrypto.bench.mjs');
  const args = [...(runtime === 'deno' ? ['run', '-A'] : []), entry, ...childFlags(options, suite), `--json-out=${out}`];
  const result = spawnSync(bin, args, { cwd: rootDir, stdio: ['ignore', 'inherit', 'inherit'] });
  if (!existsSync(out)) {
    return { meta: { runtime }, records: [], failures: [{ id: `${runtime} ${suite}`, error: `exited with ${result.status ?? result.signal} and wrote no results` }] };
  }
  const data = JSON.parse(readFileSync(out, 'utf8'));
  rmSync(out);
  return data;
}

function memoryTable(memory) {
  if (memory.skipped) return `memory: skipped (${memory.skipped})`;
  const kb = (n) => `${(n / 1024).toFixed(0)} kB`;
  const rows = memory.rows.map((r) => [r.name, kb(r.retainedBytes), `${kb(r.retainedRange[0])} … ${kb(r.retainedRange[1])}`, r.bytesPerVerification.toFixed(2)]);
  return markdownTable(['verifier (HS256, distinct tokens)', `retained after ${memory.verifications.toLocaleString('en-US')}`, 'range of runs', 'bytes / verification'], rows, [1, 2, 3]);
}

/** Bundle sizes through test/package/size-report.ts (tsx), as `{ rows }` or `{ error }`. */
function measureBundle() {
  const out = join(tmpdir(), `webjwt-bench-size-${process.pid}.json`);
  const result = spawnSync(join(rootDir, 'node_modules', '.bin', 'tsx'), ['test/package/size-report.ts', `--json-out=${out}`], { cwd: rootDir, encoding: 'utf8' });
  if (!existsSync(out)) return { error: `npm run size failed: ${(result.stderr || result.stdout).trim().split('\n').slice(-3).join(' ')}` };
  const data = JSON.parse(readFileSync(out, 'utf8'));
  rmSync(out);
  return data;
}

const { webjwt, error: webjwtError } = await loadWebjwt();
const meta = {
  date: new Date().toISOString(),
  gitCommit: gitCommit(),
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
  cpus: `${cpus().length} x ${cpus()[0]?.model ?? 'unknown'}`,
  loadavgAtStart: loadavg().map((x) => Number(x.toFixed(2))),
  options: { quick: options.quick, filter: options.filterSource, parts: options.parts, samples: options.samples, sampleMs: options.sampleMs, warmupMs: options.warmupMs },
  webjwtBackend: webjwt?.activeCryptoBackend?.(),
  webjwtError,
};
console.log(`# webjwt bench — ${meta.date}, ${meta.gitCommit ?? 'no git'}, Node ${meta.node}, ${meta.cpus}, load ${meta.loadavgAtStart.join(' ')}`);
console.log(`samples: ${options.samples} x ${options.sampleMs} ms per contender and mode, ${options.warmupMs} ms warm-up; filter: ${options.filterSource ?? 'none'}`);
if (meta.loadavgAtStart[0] > cpus().length / 2) {
  console.log(`\n**warning: the machine is busy** (load ${meta.loadavgAtStart[0]} on ${cpus().length} cores): expect noisy numbers; the load is recorded in the results.`);
}
if (webjwt === undefined) console.log(`\n**webjwt not loaded** (${webjwtError}): run \`npx tsup\` at the root first; its rows are skipped.`);

const records = [];
const failures = [];
const children = {};
let memory;
let coldStart;
let bundle;

if (options.parts.includes('node')) {
  console.log(`\n## node ${process.version}: all libraries (webjwt backend: ${meta.webjwtBackend ?? 'n/a'})\n`);
  const suite = await runSuite({
    runtime: 'node',
    algs: NODE_ALGS,
    makeContenders: nodeContenders(webjwt),
    filter: options.filter,
    timing: options,
    onCell: (cell) => console.error(`[node ${seconds()}s] ${cell[0].alg} ${cell[0].op} ${cell[0].mode}: ${cell.length} contenders measured`),
  });
  records.push(...suite.records);
  failures.push(...suite.failures);
  console.log(allTables(records, 'node'));
  console.log(`### node: key ratios (webjwt ÷ other; limits: sync or thread pool, whichever is faster)\n\n${ratioSummary(records, 'node')}\n`);
  const cached = cacheSummary(records, 'node');
  if (cached) console.log(`### node: verified-token caches\n\n${cached}\n`);
}

if (options.parts.includes('memory') && (options.filter === undefined || options.filter.test('node/HS256/memory'))) {
  console.error(`[memory ${seconds()}s] measuring retained heap`);
  memory = await measureMemory(webjwt, { repeats: options.quick ? 1 : 3 });
  console.log(`### node: memory retained by verifiers\n\n${memoryTable(memory)}\n`);
}

for (const runtime of ['deno', 'bun']) {
  if (!options.parts.includes(runtime)) continue;
  console.error(`[${runtime} ${seconds()}s] starting the Web Crypto suite`);
  const child = runChild(runtime);
  children[runtime] = child.meta;
  records.push(...child.records);
  failures.push(...child.failures);
}

if (options.parts.includes('jwe')) {
  console.log(`\n## JWE: webjwt encrypt/decrypt against jose EncryptJWT/jwtDecrypt (issue 15)\n\n## node ${process.version}: JWE suite\n`);
  const suite = await runSuite({
    runtime: 'node',
    algs: JWE_CELLS.map((c) => c.cell),
    ops: JWE_OPS,
    makeContenders: jweContenders({ webjwt, jose }),
    filter: options.filter,
    timing: options,
    onCell: (cell) => console.error(`[jwe ${seconds()}s] ${cell[0].alg} ${cell[0].op} ${cell[0].mode}: ${cell.length} contenders measured`),
  });
  records.push(...suite.records);
  failures.push(...suite.failures);
  console.log(allTables(suite.records, 'node'));
  if (suite.records.length > 0) console.log(`### node: JWE, webjwt ÷ jose\n\n${jweSummary(suite.records, 'node')}\n`);
  for (const runtime of ['deno', 'bun']) {
    console.error(`[jwe ${seconds()}s] starting the JWE suite on ${runtime}`);
    const child = runChild(runtime, 'jwe');
    children[runtime] ??= child.meta;
    records.push(...child.records);
    failures.push(...child.failures);
  }
}

if (options.parts.includes('cold')) {
  console.error(`[cold ${seconds()}s] cold start: a fresh process per sample`);
  const runtimes = ['node', 'deno', 'bun'];
  coldStart = await measureColdStart({
    runtimes,
    samples: options.coldSamples,
    filter: options.filter,
    onProgress: (round) => console.error(`[cold ${seconds()}s] round ${round} of ${options.coldSamples}`),
  });
  failures.push(...coldStart.failures);
  console.log(`### cold start: import + importKey + first token, fresh process (median of ${coldStart.samples})\n\n${coldTable(coldStart)}\n`);
}

if (options.parts.includes('size')) {
  console.error(`[size ${seconds()}s] bundle sizes (npm run size)`);
  bundle = measureBundle();
  if (bundle.error) failures.push({ id: 'size', error: bundle.error });
  else console.log(`### bundle size (esbuild, minified for browsers, gzip -9)\n\n${bundleTable(bundle)}\n`);
}

const goals = evaluateGoals(records, { memory, coldStart, bundle });
console.log(`## Goals\n\n${goalChecklist(goals)}\n`);
// JWE is not one of issue 14's goals: its ratios are reported on their own.
const jwe = jweRatios(records);
if (jwe.length > 0) console.log(`## JWE: webjwt ÷ jose (encrypt/decrypt vs EncryptJWT/jwtDecrypt)\n\n${jweHeadline(records)}\n`);
meta.loadavgAtEnd = loadavg().map((x) => Number(x.toFixed(2)));
meta.seconds = seconds();

if (failures.length > 0) {
  console.log(`## FAILURES (${failures.length})\n`);
  for (const f of failures) console.log(`- ${f.id}: ${f.error.split('\n')[0]}`);
  process.exitCode = 1;
}

if (options.write) {
  const dir = join(benchDir, 'results');
  mkdirSync(dir, { recursive: true });
  const body = `${JSON.stringify({ meta, children, records, memory, coldStart, bundle, goals, jwe, failures }, null, 1)}\n`;
  const written = [join(dir, 'latest.json')];
  const full = !options.quick && options.filter === undefined && ALL_PARTS.every((p) => options.parts.includes(p));
  // A full run's own file: <date>.json, or <date>-2.json, -3, … for later runs of the same day.
  const dated = (n) => join(dir, `${meta.date.slice(0, 10)}${n === 1 ? '' : `-${n}`}.json`);
  let n = 1;
  while (existsSync(dated(n))) n++;
  if (full && webjwt !== undefined) written.push(dated(n));
  for (const file of written) writeFileSync(file, body);
  console.log(`wrote ${written.map((f) => f.slice(rootDir.length + 1)).join(', ')}`);
}
console.log(`done in ${meta.seconds} s`);
