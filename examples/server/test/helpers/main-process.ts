/**
 * `src/main.ts` run as `npm start` would, in a child process with a clean environment (no `.env`
 * unless `ENV_FILE` names one), for tests of how the server starts or refuses to.
 */
import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { once } from 'node:events';
import type { Readable } from 'node:stream';
import { SERVER_ROOT } from '../../src/config.js';

/** Starts `src/main.ts` with `env` added to a bare PATH. */
export function startMain(env: Record<string, string>): ChildProcessByStdio<null, Readable, Readable> {
  return spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: SERVER_ROOT,
    env: { PATH: process.env.PATH ?? '', ENV_FILE: '/nonexistent/.env', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Runs `src/main.ts` until it exits (for a start that must fail): its exit code and output. */
export async function runMainToExit(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = startMain(env);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}
