/**
 * `npm run size`: prints the minified + gzipped size of webjwt's ESM bundle for common imports,
 * next to jose's for the same imports. Needs `npm run build` first.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleSize, kB, SCENARIOS } from './size.js';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
if (!existsSync(join(root, 'dist/index.js'))) {
  console.error('dist/index.js is missing: run `npm run build` first');
  process.exit(1);
}

const rows: string[][] = [['imports', 'webjwt min', 'webjwt min+gz', 'jose min', 'jose min+gz', 'webjwt / jose (gz)']];
for (const scenario of SCENARIOS) {
  const ours = await bundleSize(scenario.webjwt, root);
  const theirs = await bundleSize(scenario.jose, root);
  rows.push([scenario.name, kB(ours.minified), kB(ours.gzipped), kB(theirs.minified), kB(theirs.gzipped), `${Math.round((100 * ours.gzipped) / theirs.gzipped)}%`]);
}
const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
for (const [i, row] of rows.entries()) {
  console.log(row.map((cell, j) => (j === 0 ? cell.padEnd(widths[j]!) : cell.padStart(widths[j]!))).join('  '));
  if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
}
