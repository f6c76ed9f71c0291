/**
 * `npm ci` on Node 20 prints no EBADENGINE warning: every package the lockfile installs on Linux
 * accepts Node 20 (from 20.19, the oldest 20.x our dev tools such as Vite accept), 22 and 24, and the
 * running Node. A dependency that drops Node 20 fails here, naming it, instead of warning at every
 * install: cookie 2 did, through fastify's light-my-request (overridden to ~6.6) and through
 * @fastify/cookie 11.1.1 and later (the example server pins 11.1.0).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';
import { describe, expect, test } from 'vitest';
import { ROOT } from './packed.js';

interface LockEntry {
  version?: string;
  optional?: boolean;
  os?: string[];
  cpu?: string[];
  engines?: { node?: string } | string[];
}

const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };

// Optional packages for another platform (deno, bun and esbuild binaries) are never installed here.
const installedHere = (entry: LockEntry) =>
  !entry.optional || ((entry.os ?? [process.platform]).includes(process.platform) && (entry.cpu ?? [process.arch]).includes(process.arch));

describe('engines', () => {
  test('the library promises Node 20 and later', () => {
    expect(pkg.engines.node).toBe('>=20');
  });

  test.each(['20.19.0', '22.12.0', '24.0.0', process.version])('every installed package accepts Node %s (no EBADENGINE)', (node) => {
    const refused = Object.entries(lock.packages)
      .filter(([path, entry]) => path !== '' && installedHere(entry))
      .map(([path, entry]) => ({ path, version: entry.version, node: Array.isArray(entry.engines) ? undefined : entry.engines?.node }))
      .filter((entry) => entry.node !== undefined && !semver.satisfies(node, entry.node, { includePrerelease: true }));
    expect(refused).toEqual([]);
  });

  test('the check would catch cookie 2 (engines node >=22) on Node 20', () => {
    expect(semver.satisfies('20.19.0', '>=22')).toBe(false);
  });
});
