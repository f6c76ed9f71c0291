/**
 * Links between the documents: every relative link of the READMEs and docs/ points at a file or
 * folder that exists, so a reader following one never lands on a 404; the documentation index
 * links every example, and the OAuth guide leads to the example authorization server and its demo.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ROOT } from './run-block.js';

const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');

const DOCUMENTS = [
  'README.md',
  'README.zh-CN.md',
  'examples/README.md',
  ...readdirSync(join(ROOT, 'docs'), { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith('.md') && !path.startsWith('api/'))
    .map((path) => join('docs', path))
    .sort(),
];

/** The relative link targets of a Markdown document (code blocks and inline code left out), without their #fragment. */
function relativeLinks(markdown: string): string[] {
  const prose = markdown.replace(/^ {0,3}(```|~~~)[\s\S]*?^ {0,3}\1/gm, '').replace(/`[^`\n]*`/g, '');
  return [...prose.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)]
    .map((match) => match[1]!)
    .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target) && !target.startsWith('#'))
    .map((target) => decodeURI(target.split('#')[0]!));
}

/** Where a document's relative link points, from the repository root. */
const resolveLink = (document: string, target: string): string => normalize(join(dirname(document), target));

describe.each(DOCUMENTS)('%s', (document) => {
  test('every relative link points at something that exists', () => {
    const broken = relativeLinks(read(document)).filter((target) => !existsSync(join(ROOT, resolveLink(document, target))));
    expect(broken).toEqual([]);
  });
});

describe('the way to the examples', () => {
  test('docs/README.md links each example and the SSO demo', () => {
    const targets = relativeLinks(read('docs/README.md')).map((target) => resolveLink('docs/README.md', target));
    for (const example of ['server', 'resource-server', 'service-client', 'spa', 'debugger']) {
      expect(targets.some((target) => target.startsWith(`examples/${example}/`)), `a link into examples/${example}`).toBe(true);
    }
    expect(targets).toContain('examples/demo-sso.ts');
    expect(targets).toContain('examples/README.md');
    expect(read('docs/README.md')).toContain('npm run demo:sso');
  });

  test('docs/oauth2.md points to the example authorization server and `npm run demo:sso`', () => {
    const text = read('docs/oauth2.md');
    const targets = relativeLinks(text).map((target) => resolveLink('docs/oauth2.md', target));
    expect(targets).toContain('examples/server/README.md');
    expect(targets).toContain('examples/README.md');
    expect(text).toContain('npm run demo:sso');
    // The command it names exists and starts the demo it describes.
    const { scripts } = JSON.parse(read('package.json')) as { scripts: Record<string, string> };
    expect(scripts['demo:sso']).toContain('examples/demo-sso.ts');
    const demo = read('examples/demo-sso.ts');
    for (const shown of ["'alice'", "'correct horse battery'", '8100']) expect(demo).toContain(shown);
    for (const shown of ['alice', 'correct horse battery', 'http://127.0.0.1:8100/', 'http://127.0.0.1:8000/spa/']) expect(text).toContain(shown);
  });
});
