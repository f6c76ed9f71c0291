/**
 * Release hygiene: `changeset version` turns the pending changesets into a 0.x version and a
 * CHANGELOG.md entry. Runs in a scratch copy of the release files (package manifests, .changeset,
 * CHANGELOG.md) so the repository itself is never modified.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ROOT } from './packed.js';

let scratch: string;
let output = '';
let failure: string | undefined;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'webjwt-changesets-'));
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { workspaces?: string[] };
  const copy = (path: string) => {
    mkdirSync(dirname(join(scratch, path)), { recursive: true });
    cpSync(join(ROOT, path), join(scratch, path), { recursive: true });
  };
  for (const path of ['package.json', 'CHANGELOG.md', '.changeset', 'jsr.json', 'scripts/sync-jsr-version.mjs']) copy(path);
  for (const workspace of manifest.workspaces ?? []) if (workspace !== '.') copy(join(workspace, 'package.json'));
  symlinkSync(join(ROOT, 'node_modules'), join(scratch, 'node_modules'), 'dir');
  const git = (...args: string[]) => execFileSync('git', args, { cwd: scratch, stdio: 'pipe' });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('-c', 'user.name=test', '-c', 'user.email=test@example.invalid', 'commit', '-q', '-m', 'release files');
  try {
    // What `npm run version-packages` (the release workflow's version step) runs.
    output = execFileSync(process.execPath, [join(ROOT, 'node_modules/@changesets/cli/bin.js'), 'version'], { cwd: scratch, encoding: 'utf8', stdio: 'pipe' });
    output += execFileSync(process.execPath, ['scripts/sync-jsr-version.mjs'], { cwd: scratch, encoding: 'utf8', stdio: 'pipe' });
  } catch (err) {
    const { stdout = '', stderr = '' } = err as { stdout?: string; stderr?: string };
    failure = `${stdout}${stderr}`;
  }
}, 60_000);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const pendingChangesets = () => readdirSync(join(ROOT, '.changeset')).filter((name) => name.endsWith('.md') && name !== 'README.md');

describe('changesets', () => {
  test('there are pending changesets, each releasing webjwt', () => {
    const pending = pendingChangesets();
    expect(pending.length).toBeGreaterThan(0);
    for (const name of pending) expect(readFileSync(join(ROOT, '.changeset', name), 'utf8')).toMatch(/^---\n"webjwt": (patch|minor|major)\n---\n/);
  });

  test('`changeset version` bumps webjwt to a 0.x version and writes the CHANGELOG from the changesets', () => {
    // If this fails with "not in the workspace": the library is the root package of an npm workspace,
    // which changesets only versions when the root is itself listed: "workspaces": [".", ...].
    expect(failure).toBeUndefined();
    const version = (JSON.parse(readFileSync(join(scratch, 'package.json'), 'utf8')) as { version: string }).version;
    expect(version).toMatch(/^0\.[1-9]\d*\.\d+$/);
    const changelog = readFileSync(join(scratch, 'CHANGELOG.md'), 'utf8');
    expect(changelog).toMatch(new RegExp(`^# webjwt\\n\\n## ${version.replaceAll('.', '\\.')}\\n`));
    expect(changelog).toContain('The `webjwt` command line');
    // Every pending changeset's text lands in the entry, and the changeset files are consumed.
    for (const name of pendingChangesets()) {
      const summary = readFileSync(join(ROOT, '.changeset', name), 'utf8').split('---\n')[2]!.trim().split('\n')[0]!;
      expect(changelog, name).toContain(summary);
    }
    expect(readdirSync(join(scratch, '.changeset')).filter((name) => name.endsWith('.md') && name !== 'README.md')).toEqual([]);
    expect(output).toContain('All files have been updated');
  });

  test('the JSR version follows: jsr.json gets the new version', () => {
    const version = (JSON.parse(readFileSync(join(scratch, 'package.json'), 'utf8')) as { version: string }).version;
    expect((JSON.parse(readFileSync(join(scratch, 'jsr.json'), 'utf8')) as { version: string }).version).toBe(version);
    expect(output).toContain(`jsr.json: version ${version}`);
  });

  test('releases are public on the registry (access: public), from main', () => {
    const config = JSON.parse(readFileSync(join(ROOT, '.changeset/config.json'), 'utf8')) as { access: string; baseBranch: string };
    expect(config.access).toBe('public');
    expect(config.baseBranch).toBe('main');
  });
});
