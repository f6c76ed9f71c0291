/**
 * README.zh-CN.md is a translation of README.md, section for section, so it cannot fall behind
 * silently: the same `##`/`###` headings in the same order, and in each section the same code
 * blocks (comments may be translated), the same number of table rows, the same inline code and the
 * same link targets. When this fails after a README change, translate the change.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ROOT } from './run-block.js';

interface Section {
  heading: string;
  level: number;
  blocks: { info: string; code: string }[];
  tableRows: number;
  /** The section's text outside code blocks. */
  prose: string;
  inlineCode: Set<string>;
  links: Set<string>;
}

const newSection = (heading: string, level: number): Section => ({
  heading,
  level,
  blocks: [],
  tableRows: 0,
  prose: '',
  inlineCode: new Set(),
  links: new Set(),
});

/** Code with its comments removed (they are translated); `// prints:` promises are kept. */
function withoutComments(info: string, code: string): string {
  const language = info.split(/\s+/)[0] ?? '';
  const stripped = ['sh', 'bash', 'shell'].includes(language)
    ? code.replace(/(^|\s)#\s.*$/gm, '$1')
    : code.replace(/(^|\s)\/\/(?! prints:).*$/gm, '$1');
  return stripped.replace(/[ \t]+$/gm, '');
}

/** Splits a README into its sections: the text before the first `##`, then one per `##` or `###`. */
function sections(markdown: string): Section[] {
  const result: Section[] = [];
  let current = newSection('(title)', 1);
  result.push(current);
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const fence = /^(```+|~~~+)\s*(.*)$/.exec(line);
    if (fence) {
      const end = lines.findIndex((text, j) => j > i && text.startsWith(fence[1]!));
      const close = end === -1 ? lines.length : end;
      current.blocks.push({ info: fence[2]!.trim(), code: withoutComments(fence[2]!.trim(), lines.slice(i + 1, close).join('\n')) });
      i = close;
      continue;
    }
    const heading = /^(#{2,3}) (.+)$/.exec(line);
    if (heading) {
      current = newSection(heading[2]!, heading[1]!.length);
      result.push(current);
      continue;
    }
    if (/^\|.*\|$/.test(line.trim())) current.tableRows++;
    current.prose += `${line}\n`;
  }
  for (const section of result) {
    // Inline code and links may wrap onto the next line: read them from the whole paragraph.
    const prose = section.prose.replace(/\s*\n\s*/g, ' ');
    for (const match of prose.matchAll(/`([^`]+)`/g)) section.inlineCode.add(match[1]!);
    for (const match of prose.matchAll(/\]\(([^)\s]+)\)/g)) section.links.add(match[1]!);
  }
  return result;
}

const english = sections(readFileSync(join(ROOT, 'README.md'), 'utf8'));
const chinese = sections(readFileSync(join(ROOT, 'README.zh-CN.md'), 'utf8'));

test('README.zh-CN.md has the same ## and ### headings as README.md, in the same order', () => {
  expect(chinese.map((section) => section.level)).toEqual(english.map((section) => section.level));
  expect(english.filter((section) => section.level === 2).length).toBeGreaterThan(5);
});

test('both READMEs have the same number of code blocks', () => {
  const count = (all: Section[]) => all.reduce((sum, section) => sum + section.blocks.length, 0);
  expect(count(chinese)).toBe(count(english));
  expect(count(english)).toBeGreaterThan(3);
});

describe.each(english.map((section, index) => [section.heading, index] as const))('section "%s"', (_heading, index) => {
  const en = english[index]!;
  const zh = (): Section => {
    const section = chinese[index];
    expect(section, 'README.zh-CN.md has fewer sections').toBeDefined();
    return section!;
  };

  test('the same code blocks (only comments translated)', () => {
    expect(zh().blocks).toEqual(en.blocks);
  });

  test('the same number of table rows', () => {
    expect(zh().tableRows).toBe(en.tableRows);
  });

  test('the same inline code and link targets', () => {
    // Links to the other language's README are the one expected difference.
    const links = (section: Section) => [...section.links].filter((link) => !/^README(\.zh-CN)?\.md$/.test(link)).sort();
    expect([...zh().inlineCode].sort()).toEqual([...en.inlineCode].sort());
    expect(links(zh())).toEqual(links(en));
  });
});
