// Builds the token debugger into one self-contained file, dist/index.html: the app bundled with
// webjwt's browser build (dist/webjwt.browser.min.js, made by `npm run build`) and the styles are
// inlined, and the Content-Security-Policy pins both by hash. The page opens from the file system or
// from any static server. Usage: node examples/debugger/build.mjs
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const browserBuild = join(root, 'dist/webjwt.browser.min.js');
if (!existsSync(browserBuild)) {
  console.error('dist/webjwt.browser.min.js is missing: run `npm run build` first');
  process.exit(1);
}

// `webjwt` in the app's imports means the browser build, not the package's Node entry.
const useBrowserBuild = {
  name: 'webjwt-browser-build',
  setup(esbuild) {
    esbuild.onResolve({ filter: /^webjwt$/ }, () => ({ path: browserBuild }));
  },
};

const result = await build({
  entryPoints: [join(here, 'src/app.ts')],
  bundle: true,
  format: 'esm',
  target: 'es2022',
  minify: true,
  write: false,
  legalComments: 'none',
  plugins: [useBrowserBuild],
});
const script = result.outputFiles[0].text.trim();
if (/<\/script/i.test(script)) throw new Error('the bundle contains </script and cannot be inlined');
const style = readFileSync(join(here, 'src/style.css'), 'utf8');

const sha256 = (text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
const csp = [
  "default-src 'none'",
  `script-src ${sha256(script)}`,
  `style-src ${sha256(style)}`,
  // Only for a JWKS URL typed by the user.
  'connect-src https: http://localhost:* http://127.0.0.1:*',
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

const html = readFileSync(join(here, 'src/index.html'), 'utf8')
  .replace('__CSP__', () => csp)
  .replace('__STYLE__', () => style)
  .replace('__SCRIPT__', () => script);
mkdirSync(join(here, 'dist'), { recursive: true });
writeFileSync(join(here, 'dist/index.html'), html);
console.log(`examples/debugger/dist/index.html: ${(html.length / 1024).toFixed(1)} KiB, self-contained`);
