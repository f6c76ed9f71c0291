/**
 * What `npm publish` would ship: dist (code, types, browser build, CLI), README, LICENSE, CHANGELOG and
 * package.json, nothing else; a 0.x version; a bin that runs.
 */
import { readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Packed, packOnce } from './packed.js';

let packed: Packed;
beforeAll(() => {
  packed = packOnce();
}, 120_000);
afterAll(() => rmSync(packed.consumer, { recursive: true, force: true }));

const installed = (path: string) => join(packed.consumer, 'node_modules/webjwt', path);

describe('npm pack', () => {
  test('ships dist, types, README, LICENSE, CHANGELOG and package.json only', () => {
    // http/package.json points resolvers that ignore "exports" (TypeScript's node10) at dist/http.*.
    const allowed = /^(dist\/[\w.-]+\.(js|cjs|d\.ts|d\.cts|map)|README(\.[\w-]+)?\.md|LICENSE|CHANGELOG\.md|package\.json|http\/package\.json)$/;
    expect(packed.files.filter((file) => !allowed.test(file))).toEqual([]);
    for (const required of [
      'package.json',
      'README.md',
      'LICENSE',
      'CHANGELOG.md',
      'dist/index.js',
      'dist/index.cjs',
      'dist/index.d.ts',
      'dist/index.d.cts',
      'dist/index.browser.js',
      'dist/index.bun.js',
      'dist/jwe.bun.js',
      'dist/webjwt.browser.min.js',
      'dist/cli.js',
      'dist/http.js',
      'dist/http.cjs',
      'dist/http.d.ts',
      'dist/http.d.cts',
      'http/package.json',
    ]) {
      expect(packed.files).toContain(required);
    }
    expect(packed.files.some((file) => file.startsWith('src/') || file.startsWith('test/') || file.startsWith('docs/'))).toBe(false);
  });

  test('every file the exports map names is in the tarball', () => {
    const pkg = JSON.parse(readFileSync(installed('package.json'), 'utf8'));
    const targets: string[] = [];
    const walk = (value: unknown) => {
      if (typeof value === 'string') targets.push(value.replace(/^\.\//, ''));
      else if (value && typeof value === 'object') Object.values(value).forEach(walk);
    };
    walk(pkg.exports);
    walk({ main: pkg.main, module: pkg.module, types: pkg.types, bin: pkg.bin });
    for (const target of targets) expect(packed.files, target).toContain(target);
  });

  test('is version 0.x (the API is not frozen), MIT-licensed, with no runtime dependencies', () => {
    const pkg = JSON.parse(readFileSync(installed('package.json'), 'utf8'));
    expect(pkg.version).toMatch(/^0\.\d+\.\d+/);
    expect(pkg.license).toBe('MIT');
    expect(readFileSync(installed('LICENSE'), 'utf8')).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} webjwt contributors/);
    expect(pkg.dependencies ?? {}).toEqual({});
    expect(pkg.engines.node).toBe('>=20');
  });

  test('the bin is an executable node script with a shebang', () => {
    const pkg = JSON.parse(readFileSync(installed('package.json'), 'utf8'));
    expect(pkg.bin).toEqual({ webjwt: 'dist/cli.js' });
    const cli = installed('dist/cli.js');
    expect(readFileSync(cli, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(statSync(cli).mode & 0o111).not.toBe(0);
    expect(dirname(cli)).toBe(installed('dist'));
  });

  test('CHANGELOG.md starts with the package name, ready for changesets', () => {
    expect(readFileSync(installed('CHANGELOG.md'), 'utf8')).toMatch(/^# webjwt\n/);
  });
});
