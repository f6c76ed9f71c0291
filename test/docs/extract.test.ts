/**
 * The docs-block extractor: which fences it takes, the directives it reads and the typos it refuses.
 */
import { describe, expect, test } from 'vitest';
import { expectedPrints, extractBlocks, parseDirectives } from './extract.js';

const doc = [
  '# Title',
  '```sh',
  'npm install webjwt',
  '```',
  '```ts setup=token-and-key check=fetch-handler runtime=deno',
  "console.log('a'); // prints: a",
  '```',
  '- a list item',
  '  ```js',
  '  console.log(1);',
  '  ```',
  '```mermaid',
  'graph TD',
  '```',
  '```typescript typecheck-only file=helper.ts',
  'const x: number = 1;',
  '```',
].join('\n');

describe('extractBlocks', () => {
  const blocks = extractBlocks('doc.md', doc);

  test('takes ts/js fences only, with their line and language', () => {
    expect(blocks.map((b) => [b.line, b.lang])).toEqual([
      [5, 'ts'],
      [9, 'js'],
      [15, 'ts'],
    ]);
  });

  test('reads the directives of the info string', () => {
    expect(blocks[0]).toMatchObject({ setups: ['token-and-key'], check: 'fetch-handler', runtime: 'deno', typecheckOnly: false });
    expect(blocks[1]).toMatchObject({ setups: [], check: undefined, runtime: 'node', typecheckOnly: false });
    expect(blocks[2]).toMatchObject({ typecheckOnly: true, fileName: 'helper.ts' });
  });

  test('removes the indentation of fences nested in lists', () => {
    expect(blocks[1]!.code).toBe('console.log(1);');
  });

  test('collects the `// prints:` promises in order', () => {
    expect(blocks[0]!.prints).toEqual(['a']);
    expect(expectedPrints('f(); // prints: one\ng(); // prints: two words')).toEqual(['one', 'two words']);
  });

  test('refuses unknown directives instead of ignoring them', () => {
    expect(() => parseDirectives(['skip'], 'doc.md:1')).toThrow(/unknown code-block directive "skip"/);
    expect(() => parseDirectives(['runtime=firefox'], 'doc.md:1')).toThrow(/unknown code-block directive/);
    expect(() => parseDirectives(['file=../escape.ts'], 'doc.md:1')).toThrow(/unknown code-block directive/);
    expect(() => extractBlocks('doc.md', '```ts setpu=x\n1\n```')).toThrow(/doc.md:1/);
  });
});
