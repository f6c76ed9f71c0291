/**
 * Installing from a git URL, as the README tells users to before a registry release:
 * `npm install git+file://<a clone of this repository at HEAD>` into an empty project. npm clones it,
 * installs its devDependencies and runs `prepare`, which builds dist/; then the package works through
 * `import`, `require`, a strict Node-only `tsc` and `npx webjwt`. Also: `prepare` without the
 * devDependencies skips with a message instead of failing, and `npm pack` in a fresh clone builds
 * dist/ through `prepack`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cjsScript, esmScript, EXPECTED, NODE_EXTRAS, nodeCjs, nodeEsm } from './consumer-sources.js';
import { ROOT } from './packed.js';
import { consumerManifest, NODE, npmInstall, run, runOk, tempDir, trailingJson, writeFiles } from './temp-project.js';

let clone: string;
let app: string;

beforeAll(async () => {
  const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  clone = join(tempDir('git-repo'), 'webjwt');
  execFileSync('git', ['clone', '-q', '--no-checkout', ROOT, clone]);
  execFileSync('git', ['checkout', '-q', '--detach', head], { cwd: clone });
  app = tempDir('git-app');
  writeFiles(app, { 'package.json': consumerManifest({ type: 'module' }) });
  // npm prepares a git dependency by running `npm install` in its clone. Our repository is also an npm
  // workspace whose example server compiles a native SQLite binding (minutes when no prebuilt binary
  // can be downloaded); the library's build needs only the root devDependencies, so the workspaces
  // are left out, as the README suggests. Everything that reaches the consumer is the same.
  await npmInstall(app, [`git+file://${clone}`, 'typescript@5', '@types/node@22'], { npm_config_workspaces: 'false' });
  writeFiles(app, {
    'esm.mjs': esmScript,
    'cjs.cjs': cjsScript,
    'ts/esm.mts': nodeEsm,
    'ts/cjs.cts': nodeCjs,
    'ts/tsconfig.json': {
      compilerOptions: {
        target: 'ES2022',
        lib: ['ES2022'],
        types: ['node'],
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        skipLibCheck: false,
        outDir: 'out',
      },
      files: ['esm.mts', 'cjs.cts'],
    },
  });
}, 900_000);
afterAll(() => {
  for (const dir of [clone && join(clone, '..'), app]) if (dir) rmSync(dir, { recursive: true, force: true });
});

const printed = (output: string): unknown => JSON.parse(output.trim().split('\n').pop() ?? 'null');

describe('npm install git+file://<clone>', () => {
  test('builds dist/ through prepare and installs the webjwt command', () => {
    const installed = join(app, 'node_modules/webjwt');
    for (const file of ['dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/index.d.cts', 'dist/index.bun.js', 'dist/jwe.bun.js', 'dist/cli.js']) {
      expect(existsSync(join(installed, file)), file).toBe(true);
    }
    expect(existsSync(join(installed, 'src'))).toBe(false);
    expect(existsSync(join(app, 'node_modules/.bin/webjwt'))).toBe(true);
  });

  test('an ES module import signs and verifies HS256 and RS256', async () => {
    expect(printed(await runOk(NODE, ['esm.mjs'], app))).toEqual(EXPECTED);
  });

  test('a CommonJS require signs and verifies HS256 and RS256', async () => {
    expect(printed(await runOk(NODE, ['cjs.cjs'], app))).toEqual(EXPECTED);
  });

  test('a strict Node-only TypeScript project (no "dom" lib, skipLibCheck off) compiles and runs', async () => {
    const dir = join(app, 'ts');
    const { status, output } = await run(NODE, [join(app, 'node_modules/typescript/bin/tsc'), '-p', '.'], dir);
    expect(output).toBe('');
    expect(status).toBe(0);
    for (const file of ['out/esm.mjs', 'out/cjs.cjs']) expect(printed(await runOk(NODE, [file], dir))).toEqual({ ...EXPECTED, ...NODE_EXTRAS });
  }, 300_000);

  test('`npx webjwt --help` runs the CLI', async () => {
    const { status, output } = await run('npx', ['--no-install', 'webjwt', '--help'], app);
    expect(output).toMatch(/^Usage: webjwt/);
    expect(status).toBe(0);
  });
});

describe('prepare and prepack in a fresh clone', () => {
  test('prepare without devDependencies skips the build with a message and succeeds', async () => {
    const { status, output } = await run('npm', ['run', 'prepare'], clone);
    expect(output).toMatch(/tsup \(a devDependency\) is not installed, so dist\/ was not built/);
    expect(status).toBe(0);
    expect(existsSync(join(clone, 'dist'))).toBe(false);
  });

  test('npm pack builds dist/ through prepack and packs it; prepare then finds it fresh', async () => {
    symlinkSync(join(ROOT, 'node_modules'), join(clone, 'node_modules'), 'dir');
    const out = join(clone, '..', 'packed');
    mkdirSync(out);
    const output = await runOk('npm', ['pack', '--json', '--pack-destination', out], clone);
    const [info] = trailingJson<[{ filename: string; files: { path: string }[] }]>(output);
    const files = info.files.map((file) => file.path);
    for (const file of ['dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/index.d.cts', 'dist/index.browser.js', 'dist/index.bun.js', 'dist/jwe.bun.js', 'dist/cli.js']) {
      expect(files).toContain(file);
    }
    expect(files.filter((file) => file.startsWith('src/') || file.startsWith('scripts/'))).toEqual([]);
    expect(existsSync(join(out, info.filename))).toBe(true);
    expect(await runOk(NODE, ['scripts/prepare.mjs'], clone)).toMatch(/dist\/ is up to date/);
  }, 300_000);
});
