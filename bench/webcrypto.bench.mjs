/**
 * The Web Crypto part of the bench, for Deno and Bun (it also runs on Node): webjwt's browser
 * bundle (dist/webjwt.browser.min.js) against jose's Web API build, every other peer that loads on
 * the runtime (lib/peers.mjs), the minimal JWT rows and raw `crypto.subtle`, with raw node:crypto as
 * a second limit where the runtime has it. With `--suite=jwe`: the JWE cells instead (lib/jwe.mjs),
 * webjwt's encrypt/decrypt against jose's EncryptJWT/jwtDecrypt.
 *
 *   npx deno run -A bench/webcrypto.bench.mjs [--quick] [--filter=REGEX] [--suite=jwe] [--json-out=FILE]
 *   npx bun bench/webcrypto.bench.mjs [--quick] ...
 *
 * `npm run bench` runs it on both (parts deno, bun and jwe) and merges its records (via --json-out)
 * into the results file.
 *
 * @module
 */
import { WEBCRYPTO_ALGS } from './lib/algs.mjs';
import { commandLine, parseOptions } from './lib/options.mjs';
import { JWE_CELLS, JWE_OPS, jweContenders } from './lib/jwe.mjs';
import { allTables, jweSummary, ratioSummary } from './lib/report.mjs';
import { loadPeers } from './lib/peers.mjs';
import { runSuite } from './lib/suite.mjs';
import { webCryptoContenders } from './webcrypto/contenders.mjs';

const runtime = globalThis.Deno !== undefined ? 'deno' : globalThis.Bun !== undefined ? 'bun' : 'node-webcrypto';
const version = globalThis.Deno?.version.deno ?? globalThis.Bun?.version ?? globalThis.process?.versions.node;

async function importFirst(paths) {
  let lastError;
  for (const path of paths) {
    try {
      return await import(new URL(path, import.meta.url).href);
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

async function writeJson(path, value) {
  const { writeFileSync } = await import('node:fs');
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}

const options = parseOptions(commandLine());
let webjwt;
let webjwtError;
try {
  webjwt = await import(new URL('../dist/webjwt.browser.min.js', import.meta.url).href);
} catch (error) {
  webjwtError = String(error?.message ?? error);
  console.error(`[${runtime}] webjwt browser bundle not loaded (${webjwtError}); its rows are skipped`);
}
const jose = await importFirst(['./node_modules/jose/dist/webapi/index.js', '../node_modules/jose/dist/webapi/index.js']);
let nodeCrypto;
try {
  nodeCrypto = await import('node:crypto');
} catch {
  nodeCrypto = undefined;
}

const jwe = options.suite === 'jwe';
// JWE runs on Web Crypto whatever the backend (which serves signatures).
const backend = jwe ? '' : ` (webjwt backend: ${webjwt?.activeCryptoBackend?.() ?? 'n/a'})`;
console.log(`\n## ${runtime} ${version}: ${jwe ? 'JWE' : 'Web Crypto'} suite${backend}\n`);
const started = performance.now();
const { records, failures } = await runSuite({
  runtime,
  ...(jwe
    ? { algs: JWE_CELLS.map((c) => c.cell), ops: JWE_OPS, makeContenders: jweContenders({ webjwt, jose }) }
    : { algs: WEBCRYPTO_ALGS, makeContenders: webCryptoContenders({ webjwt, jose, nodeCrypto, peers: await loadPeers() }) }),
  filter: options.filter,
  timing: options,
  onCell: (cell) => console.error(`[${runtime}] ${cell[0].alg} ${cell[0].op} ${cell[0].mode}: ${cell.length} contenders measured`),
});
console.log(allTables(records, runtime));
if (jwe) console.log(records.length > 0 ? `### ${runtime}: JWE, webjwt ÷ jose\n\n${jweSummary(records, runtime)}\n` : 'no JWE cell selected\n');
else console.log(`### ${runtime}: key ratios (webjwt ÷ other)\n\n${ratioSummary(records, runtime)}\n`);
for (const f of failures) console.error(`FAILED ${f.id}: ${f.error}`);
const meta = { runtime, version, webjwtBackend: webjwt?.activeCryptoBackend?.(), webjwtError, seconds: Math.round((performance.now() - started) / 1000) };
if (options.jsonOut !== undefined) await writeJson(options.jsonOut, { meta, records, failures });
if (failures.length > 0) {
  if (globalThis.Deno !== undefined) globalThis.Deno.exit(1);
  globalThis.process.exitCode = 1;
}
