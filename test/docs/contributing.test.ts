/**
 * The README's "Running the tests" section and docs/CONTRIBUTING.md say what `npm test` needs and
 * what it runs. This keeps them true: every step of the `test` script is named, in order, in both,
 * and each service the suites use is named with the address the tests look for.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ROOT } from './run-block.js';

const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');
const { scripts } = JSON.parse(read('package.json')) as { scripts: Record<string, string> };

/** The `npm run <name>` steps of the `test` script, in order. */
const steps = scripts.test!.split('&&').map((step) => step.trim());

/**
 * The text of a Markdown section, from its heading to the next heading of the same or a higher
 * level (a `#` comment inside a fenced code block is not a heading).
 */
function section(markdown: string, heading: string): string {
  const level = /^#+/.exec(heading)![0].length;
  const lines = markdown.split('\n');
  let fenced = false;
  const headingLevels = lines.map((line) => {
    if (/^ {0,3}(```|~~~)/.test(line)) fenced = !fenced;
    return !fenced && /^#{1,6} /.test(line) ? /^#+/.exec(line)![0].length : 0;
  });
  const start = lines.findIndex((line, i) => headingLevels[i]! > 0 && line.trim() === heading);
  expect(start, `no heading ${JSON.stringify(heading)}`).toBeGreaterThanOrEqual(0);
  const end = headingLevels.findIndex((found, i) => i > start && found > 0 && found <= level);
  return lines.slice(start, end === -1 ? undefined : end).join('\n');
}

const documents = [
  ['README.md', section(read('README.md'), '### Running the tests')],
  ['docs/CONTRIBUTING.md', section(read('docs/CONTRIBUTING.md'), '## Running the tests')],
] as const;

describe.each(documents)('%s, running the tests', (_file, text) => {
  test('names every step of `npm test`, in the order the script runs them', () => {
    expect(steps.length).toBeGreaterThan(3);
    let from = 0;
    for (const step of steps) {
      expect(step, 'each step of `npm test` is an `npm run` script').toMatch(/^npm run [\w:-]+$/);
      const at = text.indexOf(`\`${step}\``, from);
      expect(at, `${step} is missing or out of order`).toBeGreaterThanOrEqual(0);
      from = at;
    }
  });

  test('names the services and where the tests look for them', () => {
    for (const needed of ['Node 20', 'PostgreSQL', 'Redis', 'Chromium', 'Deno', 'Bun', '.ci/run']) expect(text).toContain(needed);
    for (const address of ['127.0.0.1:5432', '127.0.0.1:6379', '/usr/bin/chromium', 'TEST_DATABASE_URL', 'TEST_REDIS_URL', 'CHROMIUM_PATH']) {
      expect(text).toContain(address);
    }
  });

  test('the addresses it names are the ones the tests use', () => {
    const env = read('examples/server/test/helpers/env.ts');
    expect(env).toContain("process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'");
    expect(env).toContain("process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'");
    expect(read('test/runtimes/run-chromium.mjs')).toContain("process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'");
    expect(text).toContain('postgres://postgres@127.0.0.1:5432/test');
  });
});

test('.ci/run starts what the documents say it starts, then runs npm test', () => {
  const ci = read('.ci/run');
  for (const command of ['apt-get install', 'chromium', 'npm ci', 'redis-server --daemonize yes', 'pg_ctlcluster', 'npm test']) expect(ci).toContain(command);
  const contributing = documents[1][1];
  for (const command of ['npm ci', 'redis-server --daemonize yes', 'pg_ctlcluster', '30 seconds']) expect(contributing).toContain(command);
});
