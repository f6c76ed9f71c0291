/**
 * Every ts/js code block of README.md, README.zh-CN.md and docs/**\/*.md is type-checked and run,
 * so no example rots. The conventions (setups, checks, runtimes, `// prints:`) are in
 * docs/CONTRIBUTING.md. Needs `npm run build` first: blocks import the built package.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type DocBlock, extractBlocks } from './extract.js';
import { type PreparedBlock, prepareBlock, ROOT, runBlock } from './run-block.js';
import { typecheck } from './typecheck.js';

const WORK = join(ROOT, 'test-results/doc-blocks');

function markdownFiles(): string[] {
  const docs = readdirSync(join(ROOT, 'docs'), { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith('.md') && !path.startsWith('api/'))
    .map((path) => join('docs', path));
  return ['README.md', 'README.zh-CN.md', ...docs.sort()];
}

const files = markdownFiles();
const blocks: DocBlock[] = files.flatMap((file) => extractBlocks(file, readFileSync(join(ROOT, file), 'utf8')));
const slug = (block: DocBlock): string => `${block.file.replace(/[^a-zA-Z0-9]+/g, '-')}-L${block.line}`;
const title = (block: DocBlock): string =>
  `${block.file}:${block.line} (${block.lang}, ${block.typecheckOnly ? 'type-check only' : block.runtime})`;

let prepared = new Map<DocBlock, PreparedBlock>();
let diagnostics = new Map<string, string[]>();
let browser: Promise<Browser> | undefined;
const launchBrowser = (): Promise<Browser> =>
  (browser ??= chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run'],
  }));

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist/index.d.ts')) || !existsSync(join(ROOT, 'dist/webjwt.browser.min.js'))) {
    throw new Error('The docs blocks import the built package: run `npm run build` first');
  }
  rmSync(WORK, { recursive: true, force: true });
  prepared = new Map(
    blocks.map((block) => [block, prepareBlock(block, join(WORK, slug(block)), blocks.filter((b) => b.file === block.file))]),
  );
  diagnostics = typecheck([...prepared.values()].flatMap((p) => p.typecheckFiles));
}, 120_000);

afterAll(async () => {
  if (browser !== undefined) await (await browser).close();
});

describe('the documents', () => {
  test('are found, with the Chinese README among them', () => {
    expect(files).toContain('README.zh-CN.md');
    for (const file of files) expect(existsSync(join(ROOT, file)), file).toBe(true);
    expect(blocks.length).toBeGreaterThan(20);
  });
});

describe.each(files.filter((file) => blocks.some((block) => block.file === file)))('%s', (file) => {
  test.each(blocks.filter((block) => block.file === file).map((block) => [title(block), block] as const))(
    '%s',
    async (_title, block) => {
      const p = prepared.get(block)!;
      const errors = p.typecheckFiles.flatMap((path) => (diagnostics.get(path) ?? []).map((d) => `${relative(p.dir, path)} ${d}`));
      expect(errors, `type errors in ${block.file}:${block.line}`).toEqual([]);
      if (block.typecheckOnly) return;

      const result = await runBlock(p, launchBrowser);
      expect(result.code, `${block.file}:${block.line} failed:\n${result.stderr}\n${result.stdout}`).toBe(0);
      if (block.check !== undefined) expect(result.stdout).toContain(`${block.check} check passed`);
      let from = 0;
      for (const expected of block.prints) {
        const at = result.stdout.indexOf(expected, from);
        expect(at, `${block.file}:${block.line} should print ${JSON.stringify(expected)}; printed:\n${result.stdout}`).toBeGreaterThanOrEqual(0);
        from = at + expected.length;
      }
    },
    120_000,
  );
});
