/**
 * The packed package as consumers get it: publint and are-the-types-wrong find nothing; TypeScript
 * resolves the types for ESM and CommonJS consumers under node16 and for bundlers; the code runs
 * through `import` and `require`; the CLI runs from the tarball.
 */
import { execFile } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { publint } from 'publint';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Packed, packOnce, ROOT } from './packed.js';

let packed: Packed;
beforeAll(() => {
  packed = packOnce();
  const esm = `import { importKey, isJwtError, type JwtKey, JwtError, sign, verify } from 'webjwt';
const key: JwtKey = await importKey('a-secret-of-at-least-32-bytes-for-hs256!', 'HS256');
const { payload } = await verify(await sign({ sub: 'esm' }, key), key);
const sub: string | undefined = payload.sub;
console.log(sub, isJwtError(new JwtError('ERR_JWT_EXPIRED', 'x'), 'ERR_JWT_EXPIRED'));
`;
  const cjs = `import { importKey, type JwtKey, sign, verify } from 'webjwt';
async function main(): Promise<void> {
  const key: JwtKey = await importKey('a-secret-of-at-least-32-bytes-for-hs256!', 'HS256');
  const { payload } = await verify(await sign({ sub: 'cjs' }, key), key);
  console.log(payload.sub);
}
void main();
`;
  writeFileSync(join(packed.consumer, 'esm.mts'), esm);
  writeFileSync(join(packed.consumer, 'cjs.cts'), cjs);
  writeFileSync(join(packed.consumer, 'bundler.ts'), esm);
  const base = { target: 'es2022', strict: true, noEmit: true, skipLibCheck: false };
  const tsconfig = (name: string, options: object, files: string[]) =>
    writeFileSync(join(packed.consumer, name), JSON.stringify({ compilerOptions: { ...base, ...options }, files }));
  tsconfig('tsconfig.node16.json', { module: 'node16', moduleResolution: 'node16', lib: ['es2022', 'dom'], types: ['node'] }, ['esm.mts', 'cjs.cts']);
  tsconfig('tsconfig.bundler.json', { module: 'esnext', moduleResolution: 'bundler', lib: ['es2022', 'dom'], types: [] }, ['bundler.ts']);
  tsconfig('tsconfig.node-only.json', { module: 'node16', moduleResolution: 'node16', lib: ['es2022'], types: ['node'] }, ['esm.mts', 'cjs.cts']);
}, 120_000);
afterAll(() => rmSync(packed.consumer, { recursive: true, force: true }));

function run(command: string, args: string[], cwd = packed.consumer): Promise<{ status: number; output: string }> {
  return new Promise((done) => {
    execFile(command, args, { cwd, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      done({ status: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, output: `${stdout}${stderr}` });
    });
  });
}

const tsc = (project: string) => run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', project]);

describe('package lint', () => {
  test('publint (strict) reports nothing', async () => {
    // The unpacked tarball is exactly what is published, so nothing needs packing again.
    const pkgDir = join(packed.consumer, 'node_modules/webjwt');
    const { messages } = await publint({ pkgDir, level: 'suggestion', strict: true, pack: false });
    expect(messages).toEqual([]);
  });

  test('are-the-types-wrong reports no problem for node10, node16 (ESM and CJS) and bundlers', async () => {
    const { status, output } = await run(join(ROOT, 'node_modules/.bin/attw'), [packed.tarball, '--format', 'json']);
    const { analysis, problems } = JSON.parse(output.slice(output.indexOf('{')));
    expect(analysis.problems).toEqual([]);
    expect(problems ?? {}).toEqual({});
    expect(status).toBe(0);
    const resolutions = analysis.entrypoints['.'].resolutions;
    expect(resolutions['node16-esm'].resolution.fileName).toMatch(/dist\/index\.d\.ts$/);
    expect(resolutions['node16-cjs'].resolution.fileName).toMatch(/dist\/index\.d\.cts$/);
    expect(resolutions.bundler.resolution.fileName).toMatch(/dist\/index\.d\.ts$/);
    const http = analysis.entrypoints['./http'].resolutions;
    expect(http['node10'].resolution.fileName).toMatch(/dist\/http\.d\.cts$/);
    expect(http['node16-esm'].resolution.fileName).toMatch(/dist\/http\.d\.ts$/);
    expect(http['node16-cjs'].resolution.fileName).toMatch(/dist\/http\.d\.cts$/);
    expect(http.bundler.resolution.fileName).toMatch(/dist\/http\.d\.ts$/);
  });
});

describe('TypeScript consumers', () => {
  test('node16 resolution: an ES module and a CommonJS module type-check against the packed types', async () => {
    const { status, output } = await tsc('tsconfig.node16.json');
    expect(output).toBe('');
    expect(status).toBe(0);
  }, 120_000);

  test('bundler resolution type-checks', async () => {
    const { status, output } = await tsc('tsconfig.bundler.json');
    expect(output).toBe('');
    expect(status).toBe(0);
  }, 120_000);

  // The declarations describe keys, JWKs and fetch structurally (src/lib/web-types.ts), so a project
  // without the DOM lib type-checks them. install-tarball.test.ts covers more versions and settings.
  test('a Node-only project (lib without "dom", skipLibCheck off) type-checks', async () => {
    const { status, output } = await tsc('tsconfig.node-only.json');
    expect(output).toBe('');
    expect(status).toBe(0);
  }, 120_000);
});

describe('runtime consumers', () => {
  test('import() gets the ESM build and require() the CommonJS build, with the same API', async () => {
    writeFileSync(
      join(packed.consumer, 'both.cjs'),
      `const cjs = require('webjwt');
import('webjwt').then(async (esm) => {
  const names = (m) => Object.keys(m).filter((k) => k !== 'default' && k !== 'module.exports').sort().join(',');
  if (names(esm) !== names(cjs)) throw new Error('ESM and CJS exports differ');
  const key = await esm.importKey('a-secret-of-at-least-32-bytes-for-hs256!', 'HS256');
  const token = await esm.sign({ sub: 'x' }, key);
  const { payload } = await cjs.verify(token, await cjs.importKey('a-secret-of-at-least-32-bytes-for-hs256!', 'HS256'));
  console.log('ok', payload.sub, names(esm).split(',').length);
});
`,
    );
    const { status, output } = await run(process.execPath, ['both.cjs']);
    expect(output).toMatch(/^ok x \d+\n$/);
    expect(status).toBe(0);
  });

  test('the CLI runs from the installed package', async () => {
    const { status, output } = await run(process.execPath, [join(packed.consumer, 'node_modules/webjwt/dist/cli.js'), 'decode', '--json', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZGEifQ.c2ln']);
    expect(status).toBe(0);
    expect(JSON.parse(output).payload).toEqual({ sub: 'ada' });
  });
});
