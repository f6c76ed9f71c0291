/**
 * Runs the real `webjwt` binary (node dist/cli.js, as `npm run build` makes it) with a clean
 * environment, so the tests see what a user's shell would.
 *
 * @module
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
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

/**
 * Throws a helpful error when the binary has not been built, or was built before the last change
 * to src/: a stale binary fails tests confusingly (and an old keygen writes files where it runs).
 */
export function requireBuild(): void {
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run `npm run build` first');
  const built = statSync(CLI).mtimeMs;
  const sources = readdirSync(join(ROOT, 'src'), { recursive: true, encoding: 'utf8' }).filter((path) => path.endsWith('.ts'));
  const newer = sources.filter((path) => statSync(join(ROOT, 'src', path)).mtimeMs > built);
  if (newer.length > 0) throw new Error(`dist/cli.js is older than src/${newer[0]}: run \`npm run build\` first`);
}

/**
 * Runs `webjwt ...args` twice: the real binary, whose result is returned, and the same `main` in this
 * process (so coverage sees the CLI), whose exit status must be the binary's. Outputs are not compared:
 * keys and token IDs are random. Runs with their own `cwd`, or that write files (`--out`, which
 * never overwrites), go to the binary only.
 */
export async function webjwt(
  args: string[],
  options: { input?: string; env?: Record<string, string>; cwd?: string } = {},
): Promise<CliResult> {
  const binary = await webjwtBinary(args, options);
  if (options.cwd === undefined && !args.includes('--out')) {
    const inProcess = await webjwtInProcess(args, options);
    if (inProcess.status !== binary.status) {
      throw new Error(`in-process exit ${inProcess.status} differs from the binary's ${binary.status} for: webjwt ${args.join(' ')}\n${inProcess.stderr}`);
    }
  }
  return binary;
}

/** Runs the CLI's `main` in this process with a captured io. */
export async function webjwtInProcess(args: string[], options: { input?: string; env?: Record<string, string> } = {}): Promise<CliResult> {
  const { main } = await import('../../src/cli/main.js');
  let stdout = '';
  let stderr = '';
  const status = await main(args, {
    out: (text) => void (stdout += text),
    err: (text) => void (stderr += text),
    readStdin: async () => options.input ?? '',
    env: { PATH: process.env.PATH ?? '', ...options.env },
    color: false,
  });
  return { status, stdout, stderr };
}

/** Runs the real binary. */
export function webjwtBinary(args: string[], options: { input?: string; env?: Record<string, string>; cwd?: string } = {}): Promise<CliResult> {
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
