/**
 * Builds variant browser bundles of src/ (built like dist/webjwt.browser.min.js) for
 * `deno-cell.mjs`, into `<tmpdir>/webjwt-focus-variants/<name>.js`:
 *
 * - `cur`: src/ as it is.
 * - `okp-native`, `okp-pool`, `okp-web`: Deno's Ed25519 verify entry of src/lib/backend-table.ts
 *   replaced by native alone and concurrent, native then the callback form, Web Crypto throughout.
 * - `stub`: the primitives replaced by instant stubs (`globalThis.__stubSign` for Web Crypto signing,
 *   `globalThis.__stubVerify` for native verifying), so a row measures webjwt's own work per token.
 *
 *   node bench/focus/build-variants.mjs
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
export const VARIANT_DIR = join(tmpdir(), 'webjwt-focus-variants');
const OKP_DENO = 'OKP: { sign: NATIVE, verify: NATIVE_THEN_WEB },';
const VARIANTS = {
  cur: {},
  'okp-native': { table: 'OKP: { sign: NATIVE, verify: NATIVE },' },
  'okp-pool': { table: 'OKP: { sign: NATIVE, verify: NATIVE_THEN_POOL },' },
  'okp-web': { table: 'OKP: { sign: NATIVE, verify: WEB },' },
  stub: { stub: true },
};

function edits(variant) {
  return {
    name: 'variant',
    setup(b) {
      b.onLoad({ filter: /[\\/]src[\\/]lib[\\/](backend-table|webcrypto|native-crypto)\.ts$/ }, (args) => {
        let text = readFileSync(args.path, 'utf8');
        const swap = (from, to) => {
          if (!text.includes(from)) throw new Error(`${args.path} no longer has ${from}: update build-variants.mjs`);
          text = text.replace(from, to);
        };
        if (variant.table && args.path.endsWith('backend-table.ts')) swap(OKP_DENO, variant.table);
        if (variant.stub && args.path.endsWith('webcrypto.ts')) {
          swap('subtle().sign(spec.signParams, key, source(data))', '(globalThis as any).__stubSign(spec.signParams, key, source(data))');
        }
        if (variant.stub && args.path.endsWith('native-crypto.ts')) {
          swap('return native.verify(hashOf(spec), bytes(data), keyParams(native, spec, key), signature);',
            'return (globalThis as any).__stubVerify(hashOf(spec), bytes(data), keyParams(native, spec, key), signature);');
        }
        return { contents: text, loader: 'ts' };
      });
    },
  };
}

for (const [name, variant] of Object.entries(VARIANTS)) {
  await build({
    entryPoints: [join(root, 'src', 'index.ts')],
    bundle: true,
    format: 'esm',
    minify: true,
    platform: 'browser',
    target: 'es2022',
    outfile: join(VARIANT_DIR, `${name}.js`),
    plugins: [edits(variant)],
    logLevel: 'warning',
  });
}
console.log(`built ${Object.keys(VARIANTS).join(', ')} in ${VARIANT_DIR}`);
