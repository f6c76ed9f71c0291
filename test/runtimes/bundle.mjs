// Bundles test/portable/all.ts twice, with the library import left external and pointed at a built
// file, so the runtimes load the shipped file itself; everything else (suites, harness, fixtures) is
// inlined:
// - test-results/portable.bundle.js for Deno and Bun, on dist/webjwt.browser.min.js (the single
//   module for <script type="module"> and Deno);
// - test-results/portable.browser-export.bundle.js for Chromium, on dist/index.browser.js (what
//   bundlers targeting browsers pick through the package's `browser` export: no native backend);
// - test-results/portable.bun.bundle.js for Bun, on dist/index.bun.js (what Bun imports through the
//   package's `bun` export: its JWE functions load their implementation on first call).
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BUNDLES = [
  { out: join(root, 'test-results', 'portable.bundle.js'), library: 'webjwt.browser.min.js' },
  { out: join(root, 'test-results', 'portable.browser-export.bundle.js'), library: 'index.browser.js' },
  { out: join(root, 'test-results', 'portable.bun.bundle.js'), library: 'index.bun.js' },
];

/**
 * Points `../../src/index.js` (the public API) at a built file of dist/. `webjwt/http` is bundled
 * from source but, as in its own build (tsup.config.ts), takes `JwtError` from that same built file.
 */
const builtLibrary = (library) => ({
  name: 'built-library',
  setup(b) {
    b.onResolve({ filter: /(^|\/)src\/index\.js$/ }, () => ({ path: `../dist/${library}`, external: true }));
    b.onResolve({ filter: /^\.\.\/errors\.js$/ }, (args) =>
      /[\\/]src[\\/](http[\\/]|lib[\\/]options\.ts$)/.test(args.importer) ? { path: `../dist/${library}`, external: true } : undefined,
    );
  },
});

export async function bundle() {
  for (const { out, library } of BUNDLES) {
    const built = join(root, 'dist', library);
    if (!existsSync(built)) throw new Error(`${built} is missing: run \`npm run build\` first`);
    mkdirSync(dirname(out), { recursive: true });
    await build({
      entryPoints: [join(root, 'test', 'portable', 'all.ts')],
      outfile: out,
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      logLevel: 'warning',
      plugins: [builtLibrary(library)],
    });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await bundle();
  console.log(`bundled ${BUNDLES.map((b) => b.out).join(', ')}`);
}
