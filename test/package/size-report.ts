/**
 * `npm run size`: prints the minified + gzipped size of webjwt's ESM bundle for common imports,
 * next to jose's and hono's JWT helpers for the same job. Needs `npm run build` first.
 * `--json-out=FILE` also writes the rows (the bench's goal 5 reads them).
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BundleSize, bundleSize, kB, SCENARIOS } from './size.js';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
if (!existsSync(join(root, 'dist/index.js'))) {
  console.error('dist/index.js is missing: run `npm run build` first');
  process.exit(1);
}
const jsonOut = process.argv.find((arg) => arg.startsWith('--json-out='))?.slice('--json-out='.length);

// Short names of the scenarios the bench's goals refer to.
const USE: Record<string, string> = {
  'HS256 only: import the secret + sign + verify': 'hs256',
  'all algorithms: importKey (secret, PEM, JWK) + sign + verify': 'all',
  'the whole library': 'whole',
};
const LIBRARIES = ['webjwt', 'jose', 'hono'] as const;
const out: { library: string; use: string; scenario: string; minBytes: number; gzipBytes: number }[] = [];
const rows: string[][] = [['imports', ...LIBRARIES.flatMap((l) => [`${l} min`, `${l} min+gz`]), 'webjwt / jose (gz)']];
for (const scenario of SCENARIOS) {
  const sizes: Partial<Record<(typeof LIBRARIES)[number], BundleSize>> = {};
  for (const library of LIBRARIES) {
    const source = (scenario as Partial<Record<string, string>>)[library];
    if (source === undefined) continue;
    const size = await bundleSize(source, root);
    sizes[library] = size;
    out.push({ library, use: USE[scenario.name] ?? scenario.name, scenario: scenario.name, minBytes: size.minified, gzipBytes: size.gzipped });
  }
  const cells = LIBRARIES.flatMap((l) => (sizes[l] ? [kB(sizes[l].minified), kB(sizes[l].gzipped)] : ['', '']));
  rows.push([scenario.name, ...cells, `${Math.round((100 * sizes.webjwt!.gzipped) / sizes.jose!.gzipped)}%`]);
}
const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
for (const [i, row] of rows.entries()) {
  console.log(row.map((cell, j) => (j === 0 ? cell.padEnd(widths[j]!) : cell.padStart(widths[j]!))).join('  '));
  if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
}
if (jsonOut !== undefined) writeFileSync(jsonOut, `${JSON.stringify({ rows: out }, null, 1)}\n`);
