/**
 * The README's Install section tells the truth: the commands it gives are the ones the install-path
 * tests run (git URL with the `prepare` approval, tarball from `npm pack`, Bun, Deno, `npx webjwt`),
 * the JSR name is jsr.json's, and no guide offers a registry install without saying it needs a release.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ROOT } from './packed.js';
import { consumerManifest } from './temp-project.js';

const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const readme = read('README.md');
const install = readme.slice(readme.indexOf('## Install\n'), readme.indexOf('\n## ', readme.indexOf('## Install\n') + 1));
const pkg = JSON.parse(read('package.json')) as { version: string };
const jsr = JSON.parse(read('jsr.json')) as { name: string };

function markdownFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) return name === 'api' ? [] : markdownFiles(path);
    return name.endsWith('.md') ? [path] : [];
  });
}

const isInstallTableRow = (line: string) => /^\| (npm|Deno|Bun)/.test(line) && / \| `(npm install webjwt|deno add jsr:[^`]+|bun add webjwt)`/.test(line);

describe('README Install', () => {
  test('gives the git URL command and the allowScripts approval the tests use', () => {
    expect(install).toContain('npm install git+https://<host>/<owner>/webjwt.git');
    // install-git.test.ts installs this way (the workspaces are not needed to build the library).
    expect(install).toContain('`npm_config_workspaces=false npm install git+https://<host>/<owner>/webjwt.git`');
    expect(read('test/package/install-git.test.ts')).toContain("{ npm_config_workspaces: 'false' }");
    const { allowScripts } = consumerManifest() as { allowScripts: Record<string, boolean> };
    expect(install).toContain(`"allowScripts": ${JSON.stringify(allowScripts).replace('{', '{ ').replace('}', ' }').replace(':', ': ')}`);
  });

  test('gives the tarball commands, with the file name npm pack writes', () => {
    expect(`webjwt-${pkg.version}.tgz`).toMatch(/^webjwt-0\.\d+\.\d+\.tgz$/);
    for (const command of ['npm pack', 'npm install ../webjwt/webjwt-0.x.y.tgz', 'bun add ../webjwt/webjwt-0.x.y.tgz']) expect(install).toContain(command);
  });

  test('names the registry installs as future ones, JSR by jsr.json\'s name, and the CLI', () => {
    expect(install).toMatch(/not on the npm registry or JSR yet/);
    expect(install).toContain('| `npm install webjwt` |');
    expect(install).toContain(`\`deno add jsr:${jsr.name}\``);
    expect(install).toContain('npx webjwt --help');
  });

  test('no guide offers a registry install without saying it waits for a release', () => {
    const files = ['README.md', 'README.zh-CN.md', ...markdownFiles('docs'), ...markdownFiles('examples').filter((path) => !path.includes('node_modules'))];
    const offending = files.flatMap((path) =>
      read(path)
        .split('\n')
        // The Install tables' rows put registry commands in their "Once released" column.
        .filter((line) => /(npm install|bun add|deno add) (webjwt|npm:webjwt|jsr:)/.test(line) && !/released|发布/i.test(line) && !isInstallTableRow(line))
        .map((line) => `${relative(ROOT, join(ROOT, path))}: ${line.trim()}`),
    );
    expect(offending).toEqual([]);
  });
});
