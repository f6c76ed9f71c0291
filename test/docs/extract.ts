/**
 * Finds the code blocks of Markdown documents that the docs test runs: every fenced block whose
 * language is ts/typescript/js/javascript. Words after the language in the fence's info string are
 * test directives (see docs/CONTRIBUTING.md), e.g. ```ts setup=idp-jwks check=fetch-handler runtime=deno
 *
 * @module
 */

/** One runnable block of a Markdown file. */
export interface DocBlock {
  /** Path of the Markdown file, relative to the repository root. */
  readonly file: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  readonly lang: 'ts' | 'js';
  readonly code: string;
  /** Snippets from test/docs/setups/ prepended to the block, in order. */
  readonly setups: readonly string[];
  /** A module from test/docs/checks/ run after the block, importing it. */
  readonly check: string | undefined;
  readonly runtime: 'node' | 'deno' | 'bun' | 'browser';
  /** With `file=name.ts`: the block is that file, importable as `./name.js` by the document's other blocks. */
  readonly fileName: string | undefined;
  /** Only type-checked, never run (the docs test names such blocks in their titles). */
  readonly typecheckOnly: boolean;
  /** Texts the block's `// prints: ...` comments promise on stdout, in order. */
  readonly prints: readonly string[];
}

const LANGS: Readonly<Record<string, 'ts' | 'js'>> = { ts: 'ts', typescript: 'ts', js: 'js', javascript: 'js', mjs: 'js' };
const RUNTIMES = new Set(['node', 'deno', 'bun', 'browser']);
const FENCE = /^( {0,3})(`{3,}|~{3,})\s*([^`]*)$/;

/** Parses the directive words of an info string; throws on an unknown directive so typos fail loudly. */
export function parseDirectives(words: readonly string[], where: string) {
  let setups: string[] = [];
  let check: string | undefined;
  let runtime: DocBlock['runtime'] = 'node';
  let typecheckOnly = false;
  let fileName: string | undefined;
  for (const word of words) {
    const [name, value] = word.split('=', 2) as [string, string | undefined];
    if (name === 'setup' && value) setups = value.split(',');
    else if (name === 'check' && value) check = value;
    else if (name === 'runtime' && value && RUNTIMES.has(value)) runtime = value as DocBlock['runtime'];
    else if (name === 'typecheck-only' && value === undefined) typecheckOnly = true;
    else if (name === 'file' && value && /^[a-z0-9-]+\.(ts|js)$/.test(value)) fileName = value;
    else throw new Error(`${where}: unknown code-block directive ${JSON.stringify(word)}`);
  }
  return { setups, check, runtime, typecheckOnly, fileName };
}

/** Every `// prints: text` comment of a block, in order. */
export function expectedPrints(code: string): string[] {
  return [...code.matchAll(/\/\/ prints: (.+)$/gm)].map((match) => match[1]!.trim());
}

/** The runnable blocks of one Markdown document. */
export function extractBlocks(file: string, markdown: string): DocBlock[] {
  const lines = markdown.split('\n');
  const blocks: DocBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]!);
    if (!open) continue;
    const [, indent = '', fence = '', info = ''] = open;
    const end = lines.findIndex((text, j) => j > i && new RegExp(`^ {0,3}${fence[0]}{${fence.length},}\\s*$`).test(text));
    const close = end === -1 ? lines.length : end;
    const [language = '', ...words] = info.trim().split(/\s+/);
    const lang = LANGS[language.toLowerCase()];
    if (lang !== undefined) {
      const code = lines
        .slice(i + 1, close)
        .map((text) => (text.startsWith(indent) ? text.slice(indent.length) : text.trimStart()))
        .join('\n');
      blocks.push({ file, line: i + 1, lang, code, ...parseDirectives(words, `${file}:${i + 1}`), prints: expectedPrints(code) });
    }
    i = close;
  }
  return blocks;
}
