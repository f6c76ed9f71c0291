/**
 * JSR for Deno users: jsr.json exports the TypeScript sources; `deno publish --dry-run` (which works
 * offline: it checks and lists, it does not upload) finds no slow types and packs the library's
 * sources only; `deno check` of the exports and `deno doc --lint` pass. The version follows
 * package.json (`npm run version-packages` copies it after `changeset version`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ROOT } from './packed.js';
import { DENO, run } from './temp-project.js';

const jsr = JSON.parse(readFileSync(join(ROOT, 'jsr.json'), 'utf8')) as { name: string; version: string; exports: Record<string, string>; license: string };
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string; license: string };

// Deno reads package.json and tries @types/node's triple-slash references as packages: noise, not findings.
const findings = (output: string) =>
  output
    .split('\n')
    .filter((line) => !line.trim().startsWith('file://') && /warn|error/i.test(line) && !/Failed resolving types\. Could not find package '[\w./-]+' from referrer '[^']*@types\/node\//.test(line));

describe('jsr.json', () => {
  test('names a scoped package at package.json\'s version, exporting the TypeScript sources', () => {
    expect(jsr.name).toMatch(/^@[a-z0-9-]+\/webjwt$/);
    expect(jsr.version).toBe(pkg.version);
    expect(jsr.license).toBe(pkg.license);
    expect(jsr.exports).toEqual({ '.': './src/index.ts', './http': './src/http/index.ts' });
  });

  test('deno publish --dry-run passes with no slow types and packs the library sources only', async () => {
    const { status, output } = await run(DENO, ['publish', '--dry-run', '--allow-dirty'], ROOT);
    expect(findings(output)).toEqual([]);
    expect(output).toContain('Checking for slow types in the public API');
    expect(output).toMatch(/Dry run complete/);
    expect(status).toBe(0);
    const packed = output
      .split('\n')
      .filter((line) => line.trim().startsWith('file://'))
      .map((line) => line.trim().split(' ')[0]!.slice(`file://${ROOT}/`.length));
    expect(packed).toContain('src/index.ts');
    expect(packed).toContain('src/http/index.ts');
    expect(packed).toContain('README.md');
    expect(packed.filter((path) => !/^(src\/(?!cli\/)[\w/-]+\.ts|README\.md|LICENSE|CHANGELOG\.md|jsr\.json)$/.test(path))).toEqual([]);
  }, 120_000);

  test('deno check of the exports passes', async () => {
    const { status, output } = await run(DENO, ['check', ...Object.values(jsr.exports)], ROOT);
    expect(findings(output)).toEqual([]);
    expect(status).toBe(0);
  }, 120_000);

  test('deno doc --lint finds every export documented and typed explicitly', async () => {
    const { status, output } = await run(DENO, ['doc', '--lint', ...Object.values(jsr.exports)], ROOT);
    expect(findings(output)).toEqual([]);
    expect(status).toBe(0);
  }, 120_000);
});
