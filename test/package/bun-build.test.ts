/**
 * Bun's build (dist/index.bun.js, the package's `bun` export for `import`): the main ESM build's
 * API, with the JWE implementation in dist/jwe.bun.js, which the JWE functions load on their first
 * call (Bun's cold start). Checked on the built files and on the packed tarball: Bun's `import`
 * resolves it and its `require` the CommonJS build, Node and Deno resolve the main build, and the
 * first JWE call of a fresh Bun process reads and checks its arguments when called, exactly as the
 * main build does on Node (the behaviour test/jwe/options.test.ts holds the source to). The tarball
 * carries exactly the hash-named shared chunks (dist/chunk-*.js) the two entries import, and every
 * file they load.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Packed, packOnce, ROOT } from './packed.js';
import { BUN, DENO, NODE, runOk, writeFiles } from './temp-project.js';

const dist = (file: string) => join(ROOT, 'dist', file);

// The files a module imports statically (import/export ... from './x.js'), transitively.
function staticGraph(file: string, seen = new Set<string>()): Set<string> {
  seen.add(file);
  for (const [, target] of readFileSync(dist(file), 'utf8').matchAll(/^(?:import|export)\s[^;]*?from\s+['"]\.\/([\w.-]+)['"]/gm)) {
    if (!seen.has(target!)) staticGraph(target!, seen);
  }
  return seen;
}

/** A shared chunk of a split build: a hash-named file that esbuild emits beside the entries. */
const CHUNK = /^chunk-[\w-]+\.js$/;

/** What a module of dist/ names: static imports and re-exports, side-effect imports, `import()` and Bun's `import.meta.require`. */
const SPECIFIERS = [
  /^\s*(?:import|export)\b[^;'"]*?\bfrom\s*['"]([^'"]+)['"]/gm,
  /^\s*import\s*['"]([^'"]+)['"]/gm,
  /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  /\bimport\.meta\.require\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
];

/**
 * The dist/ files `entries` load, transitively (`loads`), and the source maps they name (`maps`).
 * Throws on a specifier that is not a file beside them: the Bun build bundles everything, so
 * anything else would be resolved from the consumer's node_modules, or not at all. A file that is
 * not in `files` (the tarball) is reached but not read, so the caller's check names it.
 */
function moduleGraph(entries: string[], read: (file: string) => string, files: readonly string[]): { loads: Set<string>; maps: Set<string> } {
  const loads = new Set<string>();
  const maps = new Set<string>();
  const visit = (file: string) => {
    if (loads.has(file)) return;
    loads.add(file);
    if (!files.includes(`dist/${file}`)) return;
    const text = read(file);
    for (const [, map] of text.matchAll(/^\/\/# sourceMappingURL=(\S+)$/gm)) maps.add(map!);
    for (const pattern of SPECIFIERS) {
      for (const [, specifier] of text.matchAll(pattern)) {
        const local = /^\.\/([\w.-]+\.js)$/.exec(specifier!);
        if (local === null) throw new Error(`${file} imports ${specifier}, which is not a file beside it`);
        visit(local[1]!);
      }
    }
  };
  for (const entry of entries) visit(entry);
  return { loads, maps };
}

describe('the built files', () => {
  test('exports what the main build exports: same names, kinds, function names and lengths, same constants', async () => {
    const main = (await import(pathToFileURL(dist('index.js')).href)) as Record<string, unknown>;
    const bun = (await import(pathToFileURL(dist('index.bun.js')).href)) as Record<string, unknown>;
    expect(Object.keys(bun).sort()).toEqual(Object.keys(main).sort());
    for (const [name, value] of Object.entries(main)) {
      const other = bun[name];
      expect(typeof other, name).toBe(typeof value);
      if (typeof value === 'function') {
        expect((other as (...args: unknown[]) => unknown).name, name).toBe(value.name);
        expect((other as (...args: unknown[]) => unknown).length, name).toBe(value.length);
      } else {
        expect(other, name).toEqual(value);
      }
    }
  });

  test('importing it parses no JWE implementation: jwe.bun.js is loaded only by the first JWE call', () => {
    const graph = staticGraph('index.bun.js');
    expect(graph.has('jwe.bun.js')).toBe(false);
    const parsed = [...graph].reduce((sum, file) => sum + readFileSync(dist(file)).length, 0);
    // The main build is one file of about 168 kB; Bun's parses about 106 kB at import.
    expect(parsed).toBeLessThan(0.7 * readFileSync(dist('index.js')).length);
    const jwe = readFileSync(dist('jwe.bun.js'), 'utf8');
    expect(jwe).toMatch(/async function decryptThenVerify\(/);
    expect(readFileSync(dist('index.bun.js'), 'utf8').match(/jwe\.bun\.js/g)).toEqual(['jwe.bun.js']);
  });
});

// The first JWE call of a process, each in a fresh one; arguments are changed right after the call.
const FIRST_CALLS = {
  // The secret and the kid as given: the key decrypts the parent's token and carries kid "first".
  importEncryptionKey: `const secret = new Uint8Array(32).fill(7);
const options = { kid: 'first' };
const pending = webjwt.importEncryptionKey(secret, 'dir', 'A256GCM', options);
options.kid = 'changed';
secret.fill(0);
const key = await pending;
const { payload, header } = await webjwt.decrypt(process.env.TOKEN, key);
out = { kid: key.kid, sub: payload.sub, headerKid: header.kid };`,
  // The curve as given (P-384), not the one set after the call.
  generateEncryptionKeyPair: `const options = { crv: 'P-384' };
const pending = webjwt.generateEncryptionKeyPair('ECDH-ES', 'A256GCM', options);
options.crv = 'X25519';
const { publicKey } = await pending;
out = { crv: (await webjwt.exportEncryptionJwk(publicKey)).crv };`,
  // Options of the wrong kind are refused even though they are fixed right after the call; the
  // error is the package's JwtError class.
  generateEncryptionKey: `const options = { kid: 5 };
const pending = webjwt.generateEncryptionKey('dir', 'A256GCM', options);
options.kid = 'fixed';
const error = await pending.then(() => undefined, (e) => e);
out = { code: error?.code, isJwtError: error instanceof webjwt.JwtError };`,
  // An unknown option name, likewise, through a function that needs a key.
  encrypt: `const options = { isuer: 'x' };
const pending = webjwt.encrypt({ sub: 'a' }, undefined, options);
delete options.isuer;
const error = await pending.then(() => undefined, (e) => e);
out = { code: error?.code, message: error?.message, isJwtError: error instanceof webjwt.JwtError };`,
} as const;

const EXPECTED_FIRST_CALLS = {
  importEncryptionKey: { kid: 'first', sub: 'parent', headerKid: 'first' },
  generateEncryptionKeyPair: { crv: 'P-384' },
  generateEncryptionKey: { code: 'ERR_INVALID_ARGUMENT', isJwtError: true },
  encrypt: { code: 'ERR_INVALID_ARGUMENT', message: 'encrypt: unknown option "isuer" (did you mean "issuer"?)', isJwtError: true },
};

describe('the packed tarball', () => {
  let packed: Packed;
  let token: string;
  beforeAll(async () => {
    packed = packOnce();
    const script = (body: string) => `import * as webjwt from 'webjwt';\nlet out;\n${body}\nconsole.log(JSON.stringify(out));\n`;
    writeFiles(packed.consumer, {
      'package.json': { name: 'consumer', private: true, type: 'module' },
      'resolve.mjs': `import { createRequire } from 'node:module';
console.log(JSON.stringify({ import: import.meta.resolve('webjwt'), require: createRequire(import.meta.url).resolve('webjwt') }));\n`,
      ...Object.fromEntries(Object.entries(FIRST_CALLS).map(([name, body]) => [`first-${name}.mjs`, script(body)])),
    });
    // The parent's token, by the main build on Node, for the secret of 32 sevens.
    const main = (await import(pathToFileURL(join(packed.consumer, 'node_modules/webjwt/dist/index.js')).href)) as typeof import('../../src/index.js');
    const key = await main.importEncryptionKey(new Uint8Array(32).fill(7), 'dir', 'A256GCM', { kid: 'first' });
    token = await main.encrypt({ sub: 'parent' }, key);
  }, 120_000);
  afterAll(() => rmSync(packed.consumer, { recursive: true, force: true }));

  test('carries exactly the shared chunks the Bun entries import, and every file they load or map to', () => {
    const shipped = (file: string) => readFileSync(join(packed.consumer, 'node_modules/webjwt/dist', file), 'utf8');
    const { loads, maps } = moduleGraph(['index.bun.js', 'jwe.bun.js'], shipped, packed.files);
    const chunks = [...loads].filter((file) => CHUNK.test(file)).sort();
    // Splitting makes at least one chunk: the code both entries share, JwtError among it (one class).
    expect(chunks.length).toBeGreaterThan(0);
    const packedChunks = packed.files.flatMap((path) => (path.startsWith('dist/') && CHUNK.test(path.slice(5)) ? [path.slice(5)] : []));
    expect(packedChunks.sort()).toEqual(chunks);
    for (const file of [...loads, ...maps]) expect(packed.files, `dist/${file}`).toContain(`dist/${file}`);
  });

  const resolved = async (command: string, args: string[]) =>
    JSON.parse(await runOk(command, [...args, 'resolve.mjs'], packed.consumer)) as { import: string; require: string };

  test('Bun imports dist/index.bun.js and requires dist/index.cjs; Node and Deno import dist/index.js', async () => {
    const bun = await resolved(BUN, []);
    expect(bun.import).toMatch(/\/node_modules\/webjwt\/dist\/index\.bun\.js$/);
    expect(bun.require).toMatch(/\/node_modules\/webjwt\/dist\/index\.cjs$/);
    expect((await resolved(NODE, [])).import).toMatch(/\/node_modules\/webjwt\/dist\/index\.js$/);
    expect((await resolved(DENO, ['run', '-A'])).import).toMatch(/\/node_modules\/webjwt\/dist\/index\.js$/);
  }, 120_000);

  for (const name of Object.keys(FIRST_CALLS) as (keyof typeof FIRST_CALLS)[]) {
    test(`a fresh Bun process's first JWE call, ${name}, reads its arguments when called, as Node's does`, async () => {
      const run = (command: string) => runOk(command, [`first-${name}.mjs`], packed.consumer, { TOKEN: token });
      const onBun = JSON.parse((await run(BUN)).trim().split('\n').at(-1)!) as unknown;
      const onNode = JSON.parse((await run(NODE)).trim().split('\n').at(-1)!) as unknown;
      expect(onBun).toEqual(EXPECTED_FIRST_CALLS[name]);
      expect(onNode).toEqual(onBun);
    }, 120_000);
  }
});
