/**
 * Consumer projects in clean temporary directories for the install-path tests: run a command and
 * collect its output, pack the package, write files, install from the registry (through the npm cache).
 *
 * @module
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ROOT } from './packed.js';

/** What a finished command left behind. */
export interface RunResult {
  status: number;
  /** stdout then stderr. */
  output: string;
  stdout: string;
}

/** Runs a command without a shell; never rejects (the status says how it went). */
export function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}, timeoutMs = 300_000): Promise<RunResult> {
  return new Promise((done) => {
    execFile(
      command,
      args,
      { cwd, timeout: timeoutMs, maxBuffer: 32 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1', ...env } },
      (error, stdout, stderr) => {
        const status = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        done({ status, output: `${stdout}${stderr}`, stdout });
      },
    );
  });
}

/** Runs a command and throws with its output when it fails. */
export async function runOk(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<string> {
  const { status, output, stdout } = await run(command, args, cwd, env);
  if (status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${status}:\n${output}`);
  return stdout;
}

/** The JSON document that ends a command's stdout (after any script output). */
export function trailingJson<T>(stdout: string): T {
  return JSON.parse(stdout.slice(stdout.search(/^[[{]/m))) as T;
}

/** A new empty directory under the system's temporary directory. */
export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `webjwt-${prefix}-`));
}

/** Writes `files` (path relative to `dir` → text, or an object written as JSON) under `dir`. */
export function writeFiles(dir: string, files: Record<string, string | object>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`);
  }
}

/** `npm pack` of the repository's current dist/ (built by `npm run build`) into `dir`; the tarball's path. */
export async function packInto(dir: string): Promise<string> {
  if (!existsSync(join(ROOT, 'dist/index.js'))) throw new Error('dist/ is missing: run `npm run build` first');
  // --ignore-scripts: dist/ is fresh; the prepack build itself is tested from a clean clone.
  const output = await runOk('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], ROOT);
  const [info] = trailingJson<[{ filename: string }]>(output);
  return join(dir, info.filename);
}

/**
 * An empty consumer project's package.json. `allowScripts` approves webjwt's `prepare` script, as the
 * README tells users of git and tarball installs to do (npm 11 warns about unapproved ones).
 */
export function consumerManifest(extra: object = {}): object {
  return { name: 'webjwt-consumer', version: '1.0.0', private: true, allowScripts: { webjwt: true }, ...extra };
}

/** `npm install` in `dir`, preferring the npm cache; the registry is the only network it may use. */
export function npmInstall(dir: string, specs: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  return runOk('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=warn', ...specs], dir, env);
}

/** The TypeScript compiler of an aliased `typescript-<major>` install in `project`. */
export function tscOf(project: string, major: number): string {
  return join(project, 'node_modules', `typescript-${major}`, 'bin/tsc');
}

/** Node's path, for running scripts as a consumer would. */
export const NODE = process.execPath;
/** The Deno and Bun binaries of the repository's devDependencies. */
export const DENO = join(ROOT, 'node_modules/.bin/deno');
export const BUN = join(ROOT, 'node_modules/.bin/bun');
