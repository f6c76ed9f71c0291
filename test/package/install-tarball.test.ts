/**
 * The packed tarball installed with `npm install ./webjwt-x.y.z.tgz` into an empty project, as the
 * README tells users to: plain ES module and CommonJS scripts; strict TypeScript projects without the
 * DOM lib (NodeNext and Bundler resolution, `@types/node` 20, 22 and 24, TypeScript 5 and 6), a DOM
 * project and a project with no environment types at all; Deno (`deno check` and `deno run`); Bun;
 * `npx webjwt`. Every consumer signs and verifies HS256 and RS256.
 *
 * One project holds every TypeScript and `@types/node` version (npm aliases) so one `npm install`
 * (from the npm cache when warm) serves them all; each `@types/node` version gets a subproject whose
 * `node_modules/@types/node` points at it.
 */
import { existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  bareModule,
  cjsScript,
  esmScript,
  EXPECTED,
  NODE_EXTRAS,
  nodeCjs,
  nodeEsm,
  WEB_EXTRAS,
  webModule,
} from './consumer-sources.js';
import { BUN, consumerManifest, DENO, NODE, npmInstall, packInto, run, runOk, tempDir, tscOf, writeFiles } from './temp-project.js';

const TYPES_NODE = [20, 22, 24] as const;
const TYPESCRIPT = [5, 6] as const;

let project: string;

// The strict settings of a Node-only project (issue 10): no "dom" in lib, only Node's types, library
// declarations checked. skipDefaultLibCheck only skips TypeScript's own lib.*.d.ts, the same for any
// package; @types/node and webjwt's declarations are still checked.
const strict = {
  target: 'ES2022',
  lib: ['ES2022'],
  strict: true,
  skipLibCheck: false,
  skipDefaultLibCheck: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
};

beforeAll(async () => {
  project = tempDir('tarball');
  const tarball = await packInto(project);
  writeFiles(project, { 'package.json': consumerManifest({ type: 'module' }) });
  await npmInstall(project, [
    tarball,
    ...TYPESCRIPT.map((major) => `typescript-${major}@npm:typescript@${major}`),
    ...TYPES_NODE.map((major) => `types-node-${major}@npm:@types/node@${major}`),
  ]);
  writeFiles(project, {
    'esm.mjs': esmScript,
    'cjs.cjs': cjsScript,
    'web/main.ts': webModule,
    'bare/main.ts': bareModule,
  });
  for (const major of TYPES_NODE) {
    const dir = join(project, `node${major}`);
    writeFiles(dir, { 'esm.mts': nodeEsm, 'cjs.cts': nodeCjs, 'bundler.ts': nodeEsm });
    for (const ts of TYPESCRIPT) {
      writeFiles(dir, {
        [`tsconfig.nodenext-${ts}.json`]: {
          compilerOptions: { ...strict, module: 'NodeNext', moduleResolution: 'NodeNext', types: ['node'], outDir: `out-${ts}` },
          files: ['esm.mts', 'cjs.cts'],
        },
        [`tsconfig.bundler-${ts}.json`]: {
          compilerOptions: { ...strict, module: 'ESNext', moduleResolution: 'Bundler', types: ['node'], noEmit: true },
          files: ['bundler.ts'],
        },
      });
    }
    mkdirSync(join(dir, 'node_modules/@types'), { recursive: true });
    symlinkSync(join(project, 'node_modules', `types-node-${major}`), join(dir, 'node_modules/@types/node'), 'dir');
  }
  for (const ts of TYPESCRIPT) {
    writeFiles(project, {
      [`web/tsconfig.${ts}.json`]: {
        compilerOptions: { ...strict, lib: ['ES2022', 'DOM'], module: 'ESNext', moduleResolution: 'Bundler', types: [], noEmit: true },
        files: ['main.ts'],
      },
      [`bare/tsconfig.${ts}.json`]: {
        compilerOptions: { ...strict, module: 'ESNext', moduleResolution: 'Bundler', types: [], noEmit: true },
        files: ['main.ts'],
      },
    });
  }
}, 600_000);
afterAll(() => {
  if (project !== undefined) rmSync(project, { recursive: true, force: true });
});

/** The JSON line a consumer printed last. */
function printed(output: string): unknown {
  const lines = output.trim().split('\n');
  return JSON.parse(lines[lines.length - 1] ?? 'null');
}

async function tsc(ts: number, cwd: string, config: string): Promise<void> {
  const { status, output } = await run(NODE, [tscOf(project, ts), '-p', config], cwd);
  expect(output, `TypeScript ${ts}, ${config}`).toBe('');
  expect(status).toBe(0);
}

describe('the tarball in an empty project', () => {
  test('installs dist/ only (no sources) and the webjwt command', () => {
    const installed = join(project, 'node_modules/webjwt');
    expect(existsSync(join(installed, 'dist/index.js'))).toBe(true);
    expect(existsSync(join(installed, 'src'))).toBe(false);
    expect(existsSync(join(project, 'node_modules/.bin/webjwt'))).toBe(true);
  });

  test('an ES module script signs and verifies HS256 and RS256', async () => {
    expect(printed(await runOk(NODE, ['esm.mjs'], project))).toEqual(EXPECTED);
  });

  test('a CommonJS script signs and verifies HS256 and RS256', async () => {
    expect(printed(await runOk(NODE, ['cjs.cjs'], project))).toEqual(EXPECTED);
  });

  test('`npx webjwt` runs the CLI', async () => {
    const { status, output } = await run('npx', ['--no-install', 'webjwt', '--help'], project);
    expect(output).toMatch(/usage: webjwt/i);
    expect(status).toBe(0);
  });
});

describe('strict Node-only TypeScript (lib ES2022, types node, skipLibCheck off)', () => {
  test.each(TYPES_NODE)(
    '@types/node %i with TypeScript 5 and 6: NodeNext (ESM and CJS, compiled and run) and Bundler',
    async (major) => {
      const dir = join(project, `node${major}`);
      for (const ts of TYPESCRIPT) {
        await Promise.all([tsc(ts, dir, `tsconfig.nodenext-${ts}.json`), tsc(ts, dir, `tsconfig.bundler-${ts}.json`)]);
        for (const file of ['esm.mjs', 'cjs.cjs']) {
          expect(printed(await runOk(NODE, [join(`out-${ts}`, file)], dir)), `${file} from TypeScript ${ts}`).toEqual({ ...EXPECTED, ...NODE_EXTRAS });
        }
      }
    },
    600_000,
  );
});

describe('other TypeScript environments', () => {
  test('a DOM project type-checks with TypeScript 5 and 6', async () => {
    await Promise.all(TYPESCRIPT.map((ts) => tsc(ts, join(project, 'web'), `tsconfig.${ts}.json`)));
  }, 300_000);

  test('a project with neither the DOM lib nor Node types type-checks with TypeScript 5 and 6', async () => {
    await Promise.all(TYPESCRIPT.map((ts) => tsc(ts, join(project, 'bare'), `tsconfig.${ts}.json`)));
  }, 300_000);
});

describe('Deno and Bun', () => {
  test('deno check and deno run', async () => {
    const check = await run(DENO, ['check', 'web/main.ts'], project);
    expect(check.output).not.toMatch(/error/i);
    expect(check.status).toBe(0);
    expect(printed(await runOk(DENO, ['run', 'web/main.ts'], project))).toEqual({ ...EXPECTED, ...WEB_EXTRAS });
  }, 300_000);

  test('bun runs the TypeScript module', async () => {
    expect(printed(await runOk(BUN, ['run', 'web/main.ts'], project))).toEqual({ ...EXPECTED, ...WEB_EXTRAS });
  }, 300_000);
});
