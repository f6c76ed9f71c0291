/**
 * Real server processes (`src/main.ts`, as `npm start` runs it) for the multi-instance, shutdown
 * and deployment tests and the deployment bench: each one's port, its log lines (pino JSON on
 * stdout, the rest on stderr), and stopping by PID. Every test that starts one stops it in
 * `afterAll`, even when the test failed.
 */
import type { ChildProcessByStdio } from 'node:child_process';
import { once } from 'node:events';
import type { Readable } from 'node:stream';
import { startMain } from './main-process.js';

/** Far above a loaded 2-core machine's start time (tsx compiles the server at each start). */
const START_DEADLINE_MS = 90_000;

/** For a hook that starts instances (a few, one after the other, and the CLIs). */
export const START_TIMEOUT_MS = 4 * START_DEADLINE_MS;

/** For a test that starts an instance or waits for a key reload. */
export const SLOW_TEST_TIMEOUT_MS = 2 * START_DEADLINE_MS;

export interface Instance {
  url: string;
  port: number;
  pid: number;
  child: ChildProcessByStdio<null, Readable, Readable>;
  /** Everything written so far, stdout then stderr, for failure messages and log assertions. */
  stdout(): string;
  stderr(): string;
  /** Both, for failure messages and to see what it served (with LOG_LEVEL=info). */
  output(): string;
  /** The stdout lines that are JSON (pino's log lines). */
  logLines(): Record<string, unknown>[];
  /** Resolves with the exit code (or signal) once the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL unless it has exited already; waits for the exit. */
  kill(): Promise<void>;
}

/**
 * Starts `src/main.ts` with `env` (a clean environment: no `.env`) on 127.0.0.1 and waits for its
 * "Serving on" line.
 *
 * @param env - The settings; `APP_PORT` defaults to 0 (the port is read from the output). Give one
 *   (from `freePorts`) when a proxy must be configured before the start.
 */
export async function startInstance(env: Record<string, string>): Promise<Instance> {
  const child = startMain({ APP_HOST: '127.0.0.1', APP_PORT: '0', ...env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = once(child, 'exit').then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null }));
  const kill = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGKILL');
    await exited;
  };
  const deadline = Date.now() + START_DEADLINE_MS;
  for (;;) {
    const match = /Serving on http:\/\/127\.0\.0\.1:(\d+)/.exec(stdout);
    if (match) {
      const port = Number(match[1]);
      return {
        url: `http://127.0.0.1:${port}`,
        port,
        pid: child.pid!,
        child,
        stdout: () => stdout,
        stderr: () => stderr,
        output: () => stdout + stderr,
        logLines: () =>
          stdout
            .split('\n')
            .filter((line) => line.startsWith('{'))
            .map((line) => JSON.parse(line) as Record<string, unknown>),
        exited,
        kill,
      };
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      await kill();
      throw new Error(`the server did not start (exit ${String(child.exitCode)}):\n${stdout}\n${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
