/**
 * Nothing the bench starts outlives it. Each run stops its own processes and drops its database in
 * `finally`; this covers the rest: on Ctrl-C, SIGTERM, SIGHUP or a failure, every descendant process
 * (servers, nginx master and workers, one still starting) is killed by PID, found through /proc, then
 * the registered teardowns (databases, Redis keys) run.
 */
import { readFileSync } from 'node:fs';

const teardowns = new Set<() => Promise<unknown>>();

/**
 * Registers a teardown to run if the bench is interrupted; call the returned function once the
 * run has torn down by itself.
 *
 * @param teardown - Drops a database, deletes Redis keys...
 */
export function onInterrupt(teardown: () => Promise<unknown>): () => void {
  teardowns.add(teardown);
  return () => teardowns.delete(teardown);
}

/** Every process below `pid`, children first listed before their own children. */
export function descendants(pid: number): number[] {
  let children: number[];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
  return children.flatMap((child) => [child, ...descendants(child)]);
}

/** SIGKILLs every descendant of this process (collected first, so nginx's workers are included). */
export function killDescendants(): number[] {
  const pids = descendants(process.pid);
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  return pids;
}

async function abort(reason: string, exitCode: number): Promise<never> {
  const killed = killDescendants();
  console.error(`\n${reason}: killed ${killed.length} process(es)${killed.length ? ` (${killed.join(', ')})` : ''}, cleaning up...`);
  const deadline = new Promise((resolve) => setTimeout(resolve, 15_000).unref());
  await Promise.race([Promise.allSettled([...teardowns].map((teardown) => teardown())), deadline]);
  process.exit(exitCode);
}

/** Installs the handlers; returns the function to call when the bench fails. */
export function installCleanup(): (err: unknown) => Promise<never> {
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) {
    process.once(signal, () => void abort(signal, code));
  }
  // Last resort, synchronous: whatever is left when the process exits (process.exit, a crash).
  process.on('exit', () => killDescendants());
  return (err) => {
    console.error(err);
    return abort('failed', 1);
  };
}
