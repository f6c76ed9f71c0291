/**
 * Type-checks every TypeScript docs block in one compiler program, against the built package's
 * declarations (`webjwt`, and `npm:webjwt` as Deno users write it) plus small ambient declarations
 * for the Deno, Bun and worker globals the runtime recipes use.
 *
 * @module
 */
import { join } from 'node:path';
import ts from 'typescript';
import { ROOT } from './run-block.js';

/** Diagnostics per file, as printable text. */
export function typecheck(files: readonly string[]): Map<string, string[]> {
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    moduleDetection: ts.ModuleDetectionKind.Force,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
    types: ['node'],
    typeRoots: [join(ROOT, 'node_modules/@types')],
    skipLibCheck: true,
    esModuleInterop: true,
    paths: { 'npm:webjwt': [join(ROOT, 'dist/index.d.ts')], 'npm:webjwt/http': [join(ROOT, 'dist/http.d.ts')] },
  };
  const program = ts.createProgram([...files, join(ROOT, 'test/docs/ambient.d.ts')], options);
  const byFile = new Map<string, string[]>();
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const name = diagnostic.file?.fileName ?? '(global)';
    const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    const at = diagnostic.file && diagnostic.start !== undefined ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start) : undefined;
    const list = byFile.get(name) ?? [];
    list.push(`${at ? `${at.line + 1}:${at.character + 1} ` : ''}TS${diagnostic.code}: ${text}`);
    byFile.set(name, list);
  }
  return byFile;
}
