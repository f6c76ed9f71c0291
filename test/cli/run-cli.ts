/**
 * Runs the real `webjwt` binary (node dist/cli.js, as `npm run build` makes it) with a clean
 * environment, so the tests see what a user's shell would.
 *
 * @module
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const CLI = join(ROOT, 'dist/cli.js');

/** What one run produced. */
export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Throws a helpful error when the binary has not been built. */
export function requireBuild(): void {
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run `npm run build` first');
}

/** Runs `webjwt ...args`, optionally with stdin, extra environment variables and a working directory. */
export function webjwt(args: string[], options: { input?: string; env?: Record<string, string>; cwd?: string } = {}): Promise<CliResult> {
  return new Promise((done) => {
    const child = execFile(
      process.execPath,
      [CLI, ...args],
      { cwd: options.cwd ?? ROOT, env: { PATH: process.env.PATH ?? '', ...options.env }, timeout: 30_000 },
      (error, stdout, stderr) => {
        const status = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
        done({ status, stdout, stderr });
      },
    );
    child.stdin?.end(options.input ?? '');
  });
}
