// Bundles test/portable/all.ts into test-results/portable.bundle.js for Deno, Bun and Chromium.
// The library import is left external and pointed at the built dist/webjwt.browser.min.js, so the
// runtimes load the shipped file itself; everything else (suites, harness, fixtures) is inlined.
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BUNDLE = join(root, 'test-results', 'portable.bundle.js');
const LIBRARY = join(root, 'dist', 'webjwt.browser.min.js');

/** Points `../../src/index.js` (the public API) at the built browser bundle. */
const builtLibrary = {
  name: 'built-library',
  setup(b) {
    b.onResolve({ filter: /(^|\/)src\/index\.js$/ }, () => ({ path: '../dist/webjwt.browser.min.js', external: true }));
  },
};

export async function bundle() {
  if (!existsSync(LIBRARY)) throw new Error(`${LIBRARY} is missing: run \`npm run build\` first`);
  mkdirSync(dirname(BUNDLE), { recursive: true });
  await build({
    entryPoints: [join(root, 'test', 'portable', 'all.ts')],
    outfile: BUNDLE,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    logLevel: 'warning',
    plugins: [builtLibrary],
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await bundle();
  console.log(`bundled ${BUNDLE}`);
}
