/**
 * A throwaway redis-server of the test's own, on a free loopback port and without persistence, for
 * tests that need a Redis configured differently from the shared one (which is never reconfigured).
 * It is stopped by its PID.
 */
import { freePort, startPrivateRedis as startOnPort, stopProcess } from './processes.js';

/** A running private Redis: its URL and how to stop it. */
export interface PrivateRedis {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * Starts `redis-server` with extra arguments (e.g. `['--maxmemory', '10mb']`) and waits until it answers.
 *
 * @param args - Extra command-line settings.
 */
export async function startPrivateRedis(args: string[] = []): Promise<PrivateRedis> {
  const port = await freePort();
  const child = await startOnPort(port, args);
  return { url: `redis://127.0.0.1:${port}`, pid: child.pid!, stop: () => stopProcess(child) };
}
