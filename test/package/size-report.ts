/**
 * `npm run size`: prints the minified + gzipped size of webjwt's ESM bundle for common imports,
 * next to jose's and hono's JWT helpers for the same job, then the whole library with and without
 * encryption (JWE) against jose's whole, then webjwt's server bundles (esbuild platform node).
 * Needs `npm run build` first.
 * `--json-out=FILE` also writes the rows (the bench's goal 5 reads the browser rows it names by `use`;
 * `platform` tells browser and server bundles apart).
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BundleSize, bundleSize, HS256_CHECKS_ALONE, kB, NODE_SCENARIOS, type Platform, SCENARIOS, wholeWithoutEncryption } from './size.js';

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
  'JWE dir + A256GCM: importEncryptionKey + encrypt + decrypt': 'jwe-dir',
  'JWE all algorithms: importEncryptionKey + encryptCompact + decryptCompact': 'jwe-all',
};
const LIBRARIES = ['webjwt', 'jose', 'hono'] as const;
const out: { library: string; use: string; scenario: string; platform: Platform; minBytes: number; gzipBytes: number }[] = [];
const percent = (mine: BundleSize, theirs: BundleSize) => `${Math.round((100 * mine.gzipped) / theirs.gzipped)}%`;
const rows: string[][] = [['imports', ...LIBRARIES.flatMap((l) => [`${l} min`, `${l} min+gz`]), 'webjwt / jose (gz)']];
const measured = new Map<string, Partial<Record<(typeof LIBRARIES)[number], BundleSize>>>();
for (const scenario of SCENARIOS) {
  const sizes: Partial<Record<(typeof LIBRARIES)[number], BundleSize>> = {};
  measured.set(scenario.name, sizes);
  for (const library of LIBRARIES) {
    const source = (scenario as Partial<Record<string, string>>)[library];
    if (source === undefined) continue;
    const size = await bundleSize(source, root);
    sizes[library] = size;
    out.push({ library, use: USE[scenario.name] ?? scenario.name, scenario: scenario.name, platform: 'browser', minBytes: size.minified, gzipBytes: size.gzipped });
  }
  const cells = LIBRARIES.flatMap((l) => (sizes[l] ? [kB(sizes[l].minified), kB(sizes[l].gzipped)] : ['', '']));
  rows.push([scenario.name, ...cells, percent(sizes.webjwt!, sizes.jose!)]);
}
// JWE came with issue 15: the whole library is compared with and without it (jose's whole has its JWE).
const whole = measured.get('the whole library') as Record<'webjwt' | 'jose', BundleSize>;
const withoutJwe = await bundleSize(await wholeWithoutEncryption(), root);
out.push({ library: 'webjwt', use: 'whole-without-jwe', scenario: 'the whole library without encryption (JWE)', platform: 'browser', minBytes: withoutJwe.minified, gzipBytes: withoutJwe.gzipped });
// What HS256's 5 kB target leaves room for: the checks alone, without the API around them (not a target).
const checksAlone = await bundleSize(HS256_CHECKS_ALONE, root, 'browser', { fromSrc: true });
out.push({ library: 'webjwt', use: 'hs256-checks-alone', scenario: 'HS256: the checks every sign and verify runs, alone (src/, no API)', platform: 'browser', minBytes: checksAlone.minified, gzipBytes: checksAlone.gzipped });
// Server bundles (platform node: the package's `import` export, with the native backend), webjwt only.
const serverRows: string[][] = [['server bundles (esbuild platform node)', 'webjwt min', 'webjwt min+gz']];
for (const scenario of NODE_SCENARIOS) {
  const size = await bundleSize(scenario.webjwt ?? (await wholeWithoutEncryption()), root, 'node');
  out.push({ library: 'webjwt', use: scenario.use, scenario: scenario.name, platform: 'node', minBytes: size.minified, gzipBytes: size.gzipped });
  serverRows.push([scenario.name.replace('server (platform node): ', ''), kB(size.minified), kB(size.gzipped)]);
}
function printTable(table: string[][]): void {
  const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
  for (const [i, row] of table.entries()) {
    console.log(row.map((cell, j) => (j === 0 ? cell.padEnd(widths[j]!) : cell.padStart(widths[j]!))).join('  '));
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
}
printTable(rows);
console.log(
  `\nThe whole library, with encryption (JWE): webjwt ${kB(whole.webjwt.gzipped)} min+gz, jose ${kB(whole.jose.gzipped)} ` +
    `(jose's whole library has JWE too): webjwt is ${percent(whole.webjwt, whole.jose)} of jose.` +
    `\nThe whole library without encryption: webjwt ${kB(withoutJwe.gzipped)} min+gz, ${percent(withoutJwe, whole.jose)} of jose's whole.` +
    `\nHS256's checks alone (strict parsing, duplicate members, crit, claim checks, claims template, HMAC, importSecret;` +
    `\nsrc/ modules without the API around them): ${kB(checksAlone.gzipped)} min+gz, against target 5's 5 kB for all of HS256-only use.` +
    `\nBundles that import no JWE function (sign, verify, JWKS, ...) contain no JWE code (test/package/size.test.ts checks it).\n`,
);
printTable(serverRows);
console.log(
  '\nServer bundles resolve the `import` export (dist/index.js) with the native backend (node:crypto through\n' +
    'process.getBuiltinModule, never bundled); JWS-only ones contain no JWE code either.',
);
if (jsonOut !== undefined) writeFileSync(jsonOut, `${JSON.stringify({ rows: out }, null, 1)}\n`);
