/**
 * One cell of the Deno Web Crypto suite, measured on its own: the bench's contenders
 * (webcrypto/contenders.mjs, webjwt from dist/webjwt.browser.min.js), optionally only the rows whose
 * name matches `--rows`, plus the primary webjwt row of each variant bundle that
 * build-variants.mjs made (`v:<name>`). With the `stub` variant, also a minimal JWT on the same
 * instant stub (`minimal stub`): the two stub rows compare webjwt's own work per token with the
 * least a JWT needs. Samples interleaved round-robin (lib/sampler.mjs); prints medians, quartiles and
 * each row's ratio to webjwt paired per round (median of the rounds).
 *
 *   node bench/focus/build-variants.mjs
 *   npx deno run -A bench/focus/deno-cell.mjs --alg=EdDSA --op=verify --modes=seq,par64 --rounds=31 \
 *     --sample-ms=100 --variants=cur,okp-native,okp-pool,okp-web [--rows=REGEX]
 *
 * @module
 */
import * as nodeCrypto from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as jose from '../../node_modules/jose/dist/webapi/index.js';
import { ALG_PARAMS } from '../lib/algs.mjs';
import { minimalSigner, minimalVerifier } from '../lib/minimal.mjs';
import { loadPeers } from '../lib/peers.mjs';
import { measureCell, summarize } from '../lib/sampler.mjs';
import { APP_CLAIMS, AUDIENCE, ISSUER, JWT_ID } from '../lib/token.mjs';
import { webCryptoContenders } from '../webcrypto/contenders.mjs';

const flags = Object.fromEntries(Deno.args.map((a) => a.replace(/^--/, '').split('=')));
const alg = flags.alg ?? 'ES256';
const op = flags.op ?? 'verify';
const modes = (flags.modes ?? 'seq,par64').split(',');
const rounds = Number(flags.rounds ?? 21);
const sampleMs = Number(flags['sample-ms'] ?? 100);
const variants = flags.variants ? flags.variants.split(',') : [];
const keep = new RegExp(flags.rows ?? '.');
const PRIMARY = op === 'sign' ? 'webjwt createSigner' : 'webjwt createVerifier';

const STUB_SIGNATURE = new Uint8Array(64).fill(7).buffer;
globalThis.__stubSign = () => Promise.resolve(STUB_SIGNATURE);
globalThis.__stubVerify = () => true;

const peers = await loadPeers();
const shipped = await import(new URL('../../dist/webjwt.browser.min.js', import.meta.url).href);
shipped.setCryptoBackend('auto');
const rows = (await webCryptoContenders({ webjwt: shipped, jose, nodeCrypto, peers })(alg, op))
  .filter((c) => c.unsupported === undefined && !c.cached && c.freshToken !== true && (c.name === PRIMARY || keep.test(c.name)));
for (const name of variants) {
  const lib = await import(`file://${join(tmpdir(), 'webjwt-focus-variants', `${name}.js`)}`);
  lib.setCryptoBackend('auto');
  const row = (await webCryptoContenders({ webjwt: lib, jose, nodeCrypto, peers })(alg, op)).find((c) => c.name === PRIMARY);
  rows.push({ ...row, name: `v:${name}`, ...(name === 'stub' ? { check: () => {} } : {}) });
}
if (variants.includes('stub')) {
  if (op === 'sign') {
    rows.push({ name: 'minimal stub', run: minimalSigner(alg, () => Promise.resolve(STUB_SIGNATURE)), check: () => {} });
  } else {
    // A token with the bench's claims; the stub checks no signature.
    const pair = await crypto.subtle.generateKey(ALG_PARAMS[alg].generateParams, true, ['sign', 'verify']);
    const signer = shipped.createSigner(await shipped.importKey(pair.privateKey, alg), { expiresIn: '15m', issuer: ISSUER, audience: AUDIENCE, jwtId: JWT_ID });
    const token = await signer(APP_CLAIMS);
    const verifier = minimalVerifier(alg, () => true);
    rows.push({ name: 'minimal stub', run: async () => verifier(token), check: () => {} });
  }
}
// Every row once, checked (this also loads node:crypto in each bundle).
for (const c of rows) {
  await c.enter?.();
  try {
    await c.check(await c.run());
  } finally {
    await c.exit?.();
  }
}

const load = () => Deno.loadavg().map((x) => x.toFixed(2)).join(' ');
const ref = rows.findIndex((c) => c.name === PRIMARY);
for (const mode of modes) {
  const started = Date.now();
  const before = load();
  const results = await measureCell(rows, mode, { samples: rounds, sampleMs, warmupMs: 150 });
  console.log(`\n### deno ${Deno.version.deno} ${alg} ${op} ${mode}: ${rounds} rounds x ${sampleMs} ms, load ${before} -> ${load()}, ${Math.round((Date.now() - started) / 1000)} s\n`);
  console.log(`| row | median ops/s | q1-q3 | ÷ ${PRIMARY}, paired per round |\n| --- | --: | --: | --: |`);
  const order = rows.map((_, i) => i).sort((a, b) => results[b].opsPerSec.median - results[a].opsPerSec.median);
  for (const i of order) {
    const s = results[i].opsPerSec;
    const paired = summarize(results[i].samples.map((x, r) => x / results[ref].samples[r])).median;
    console.log(`| ${rows[i].name} | ${Math.round(s.median)} | ${Math.round(s.q1)}-${Math.round(s.q3)} | ${paired.toFixed(3)} |`);
  }
  if (flags.json) console.log(JSON.stringify({ alg, op, mode, rounds, sampleMs, rows: rows.map((c, i) => ({ name: c.name, samples: results[i].samples.map(Math.round) })) }));
}
