#!/usr/bin/env node
/**
 * The `prepare` step: builds dist/ when this package is installed from a git URL or a clone, so that
 * `import 'webjwt'`, `require('webjwt')` and `npx webjwt` work without a registry release.
 *
 * - Builds only when dist/ is missing or older than a source file (npm runs `prepare` twice for a
 *   git dependency, and after `prepack` when packing: the second time finds dist/ fresh).
 * - Skips with a message, and succeeds, when the build tool (a devDependency) is absent, e.g. after
 *   `npm install --omit=dev` in a clone: nothing can be built, and failing would fail the install.
 * - `--force` always builds (the `prepack` step: a tarball never ships a stale dist/).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const force = process.argv.includes('--force');
const say = (message) => console.log(`webjwt prepare: ${message}`);

function tsupCli() {
  try {
    const manifest = createRequire(join(root, 'package.json')).resolve('tsup/package.json');
    return join(dirname(manifest), 'dist/cli-default.js');
  } catch {
    return undefined;
  }
}

function newestInput() {
  let newest = 0;
  const visit = (path) => {
    const stat = statSync(path);
    if (stat.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
    else newest = Math.max(newest, stat.mtimeMs);
  };
  for (const input of ['src', 'tsup.config.ts', 'package.json', 'tsconfig.json']) visit(join(root, input));
  return newest;
}

function isFresh() {
  const outputs = ['index.js', 'index.cjs', 'index.d.ts', 'index.d.cts', 'index.browser.js', 'index.bun.js', 'jwe.bun.js', 'webjwt.browser.min.js', 'cli.js', 'http.js', 'http.cjs', 'http.d.ts', 'http.d.cts'];
  const built = outputs.map((name) => join(root, 'dist', name));
  if (!built.every((path) => existsSync(path))) return false;
  const oldest = Math.min(...built.map((path) => statSync(path).mtimeMs));
  return oldest >= newestInput();
}

if (!existsSync(join(root, 'src/index.ts'))) {
  // An unpacked tarball: dist/ is already there and there are no sources to build from.
  process.exit(0);
}
if (!force && isFresh()) {
  say('dist/ is up to date');
  process.exit(0);
}
const cli = tsupCli();
if (cli === undefined) {
  say('tsup (a devDependency) is not installed, so dist/ was not built; run `npm install` (with devDependencies) and `npm run build`');
  process.exit(force ? 1 : 0);
}
say('building dist/');
const { status, error } = spawnSync(process.execPath, [cli], { cwd: root, stdio: 'inherit' });
if (error) throw error;
process.exit(status ?? 1);
