/**
 * Runs one extracted docs block in its runtime and reports what it printed: Node (after esbuild
 * strips the types), Deno and Bun (as TypeScript, with `webjwt` mapped to the build), or headless
 * Chromium (the browser build served from a fake origin, so nothing touches the network).
 *
 * @module
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { transformSync } from 'esbuild';
import type { Browser } from 'playwright-core';
import type { DocBlock } from './extract.js';

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const DIST = join(ROOT, 'dist');
const BIN = join(ROOT, 'node_modules/.bin');

/** The environment every block runs with (documented in docs/CONTRIBUTING.md). */
export const BLOCK_ENV = {
  JWT_SECRET: 'docs-example-secret-of-at-least-32-bytes',
  NO_COLOR: '1',
};

/** What a run produced. */
export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The files of a block as written for type-checking and for its runtime. */
export interface PreparedBlock {
  readonly block: DocBlock;
  readonly dir: string;
  /** The TypeScript sources to type-check (block, and check if any). Empty for JS blocks. */
  readonly typecheckFiles: readonly string[];
  /** Other blocks of the same document with `file=`, written next to this one. */
  readonly siblings: readonly DocBlock[];
}

const read = (path: string): string => readFileSync(path, 'utf8');

/**
 * Writes a block (with its setups prepended), its check, and the document's `file=` blocks it may
 * import into `dir`.
 */
export function prepareBlock(block: DocBlock, dir: string, documentBlocks: readonly DocBlock[]): PreparedBlock {
  mkdirSync(dir, { recursive: true });
  const siblings = documentBlocks.filter((other) => other !== block && other.fileName !== undefined);
  for (const sibling of siblings) writeFileSync(join(dir, sibling.fileName!), sibling.code);
  const setups = block.setups.map((name) => read(join(ROOT, 'test/docs/setups', `${name}.ts`)));
  const source = [...setups, block.code].join('\n');
  const ext = block.lang;
  writeFileSync(join(dir, `block.${ext}`), source);
  const typecheckFiles = block.lang === 'ts' ? [join(dir, 'block.ts')] : [];
  if (block.check !== undefined) {
    writeFileSync(join(dir, 'check.ts'), read(join(ROOT, 'test/docs/checks', `${block.check}.ts`)));
    typecheckFiles.push(join(dir, 'check.ts'));
  }
  return { block, dir, typecheckFiles, siblings };
}

function run(command: string, args: string[], cwd: string): Promise<RunResult> {
  return new Promise((done) => {
    execFile(
      command,
      args,
      {
        cwd,
        timeout: 60_000,
        env: { PATH: process.env.PATH, HOME: process.env.HOME, ...BLOCK_ENV },
        maxBuffer: 4 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
        done({ code, stdout, stderr: error !== null && code === null ? `${stderr}\n${error.message}` : stderr });
      },
    );
  });
}

// Checks import the block as './block.js'; each runtime wants its own file name.
function checkFor(dir: string, blockFile: string): string {
  return read(join(dir, 'check.ts')).replaceAll("'./block.js'", `'./${blockFile}'`);
}

function toModuleJs(source: string, lang: 'ts' | 'js'): string {
  return transformSync(source, { loader: lang, format: 'esm', target: 'es2022' }).code;
}

async function runNode(prepared: PreparedBlock): Promise<RunResult> {
  const { dir, block } = prepared;
  // Siblings are imported as './name.js': write them as ES modules under that name.
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  for (const sibling of prepared.siblings) {
    writeFileSync(join(dir, sibling.fileName!.replace(/\.ts$/, '.js')), toModuleJs(sibling.code, sibling.lang));
  }
  writeFileSync(join(dir, 'block.mjs'), toModuleJs(read(join(dir, `block.${block.lang}`)), block.lang));
  let entry = 'block.mjs';
  if (block.check !== undefined) {
    writeFileSync(join(dir, 'check.mjs'), toModuleJs(checkFor(dir, 'block.mjs'), 'ts'));
    entry = 'check.mjs';
  }
  return run(process.execPath, [entry], dir);
}

async function runDeno(prepared: PreparedBlock): Promise<RunResult> {
  const { dir, block } = prepared;
  const index = pathToFileURL(join(DIST, 'index.js')).href;
  const http = pathToFileURL(join(DIST, 'http.js')).href;
  const imports = { 'npm:webjwt': index, webjwt: index, 'npm:webjwt/http': http, 'webjwt/http': http };
  writeFileSync(join(dir, 'import-map.json'), JSON.stringify({ imports }));
  let entry = `block.${block.lang}`;
  if (block.check !== undefined) {
    writeFileSync(join(dir, 'check-deno.ts'), checkFor(dir, entry));
    entry = 'check-deno.ts';
  }
  // Loopback only: a block may serve and call itself (Deno.serve), never reach the network.
  return run(join(BIN, 'deno'), ['run', '--quiet', '--no-config', '--no-lock', '--allow-env', '--allow-net=127.0.0.1', '--import-map=import-map.json', entry], dir);
}

async function runBun(prepared: PreparedBlock): Promise<RunResult> {
  const { dir, block } = prepared;
  let entry = `block.${block.lang}`;
  if (block.check !== undefined) {
    writeFileSync(join(dir, 'check-bun.ts'), checkFor(dir, entry));
    entry = 'check-bun.ts';
  }
  return run(join(BIN, 'bun'), ['run', entry], dir);
}

const ORIGIN = 'https://docs-block.test';

async function runBrowser(prepared: PreparedBlock, browser: Browser): Promise<RunResult> {
  const { dir, block } = prepared;
  const script = toModuleJs(read(join(dir, `block.${block.lang}`)), block.lang);
  const page = await browser.newPage();
  const stdout: string[] = [];
  const stderr: string[] = [];
  page.on('console', (message) => (message.type() === 'error' ? stderr : stdout).push(message.text()));
  page.on('pageerror', (error) => stderr.push(String(error)));
  // Every request is answered here: the page, the block, the browser build. Anything else is refused.
  await page.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (url.origin !== ORIGIN) return route.abort();
    if (url.pathname === '/') {
      return route.fulfill({
        contentType: 'text/html',
        body: `<!doctype html><meta charset="utf-8"><script type="module">
          import('./block.js').then(() => { window.__blockDone = 'ok'; }, (e) => { console.error(String(e && e.stack || e)); window.__blockDone = 'failed'; });
        </script>`,
      });
    }
    if (url.pathname === '/block.js') return route.fulfill({ contentType: 'text/javascript', body: script });
    if (url.pathname.endsWith('/webjwt.browser.min.js')) {
      return route.fulfill({ contentType: 'text/javascript', body: read(join(DIST, 'webjwt.browser.min.js')) });
    }
    return route.fulfill({ status: 404, body: 'not found' });
  });
  try {
    await page.goto(`${ORIGIN}/`);
    const handle = await page.waitForFunction(() => (window as { __blockDone?: string }).__blockDone, undefined, { timeout: 60_000 });
    const status = await handle.jsonValue();
    return { code: status === 'ok' ? 0 : 1, stdout: stdout.join('\n'), stderr: stderr.join('\n') };
  } finally {
    await page.close();
  }
}

/** Runs a prepared block in its runtime. */
export function runBlock(prepared: PreparedBlock, browser: () => Promise<Browser>): Promise<RunResult> {
  switch (prepared.block.runtime) {
    case 'node':
      return runNode(prepared);
    case 'deno':
      return runDeno(prepared);
    case 'bun':
      return runBun(prepared);
    case 'browser':
      return browser().then((b) => runBrowser(prepared, b));
  }
}
