/**
 * The files of dist/ that one built entry loads: the ESM build for Node, Deno and Bun splits, so
 * index.js imports chunks (statically) and loads the JWE implementation's chunks on first use
 * (dynamic `import()`).
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './packed.js';

const STATIC_IMPORT = /(?:^|[;\n])\s*(?:import|export)\b[^;"'()]*?(?:from\s*)?["']\.\/([\w.-]+\.js)["']/g;
const DYNAMIC_IMPORT = /\bimport\(\s*["']\.\/([\w.-]+\.js)["']\s*\)/g;

/** The text of a file of dist/. */
export const distText = (file: string): string => readFileSync(join(ROOT, 'dist', file), 'utf8');

/**
 * What loading `entry` (a file name in dist/) parses at import (itself and its static imports,
 * transitively), and what it may load later (dynamic imports and their static imports).
 */
export function distGraph(entry: string): { atImport: string[]; later: string[] } {
  const atImport = [entry];
  const later: string[] = [];
  const visit = (files: string[]) => {
    for (const file of files) {
      const code = distText(file);
      for (const [, chunk] of code.matchAll(STATIC_IMPORT)) if (!files.includes(chunk!)) files.push(chunk!);
      for (const [, chunk] of code.matchAll(DYNAMIC_IMPORT)) if (!later.includes(chunk!)) later.push(chunk!);
    }
  };
  visit(atImport);
  visit(later);
  return { atImport, later: later.filter((file) => !atImport.includes(file)) };
}

/** Every file of dist/ that `entry` may load, itself included, as `dist/NAME`. */
export const distFilesOf = (entry: string): string[] => {
  const { atImport, later } = distGraph(entry);
  return [...atImport, ...later].map((file) => `dist/${file}`);
};
