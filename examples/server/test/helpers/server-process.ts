/**
 * The server as a real process (`src/main.ts`, as `npm start` runs it) on a given loopback port,
 * waited for until it serves, stopped by PID: for tests of several instances behind a proxy.
 */
import { once } from 'node:events';
import type { ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { startMain } from './main-process.js';

/** One running instance. */
export interface ServerProcess {
  /** `http://127.0.0.1:<port>`: the instance itself, without the proxy. */
  url: string;
  port: number;
  child: ChildProcessByStdio<null, Readable, Readable>;
  /** Everything it printed so far (for failure messages). */
  output(): string;
  /** SIGKILL, as a crash or an OOM kill would end it; resolves when it has exited. */
  kill(): Promise<void>;
}

/**
 * Starts one instance with `env` (a clean environment: no `.env`), listening on 127.0.0.1:`port`.
 *
 * @param env - The settings (DATABASE_URL, SECRET_KEY, ...).
 * @param port - The port (from `freePort`, so a proxy can be configured before the start).
 * @param timeoutMs - How long the start (migrations included) may take on a loaded machine.
 */
export async function startServerProcess(env: Record<string, string>, port: number, timeoutMs = 60_000): Promise<ServerProcess> {
  const child = startMain({ LOG_LEVEL: 'warn', ...env, APP_HOST: '127.0.0.1', APP_PORT: String(port) });
  let output = '';
  const kill = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  };
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`no "Serving on" within ${timeoutMs} ms`)), timeoutMs);
    const fail = (err: Error) => {
      clearTimeout(timer);
      void kill().then(() => reject(new Error(`server on port ${port} did not start: ${err.message}\n${output}`)));
    };
    const onData = (d: Buffer) => {
      output += d.toString();
      if (output.includes('Serving on ')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.once('exit', (code) => fail(new Error(`exited with ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}`, port, child, output: () => output, kill };
}
