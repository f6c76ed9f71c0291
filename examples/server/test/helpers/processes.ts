/**
 * Throwaway backing services for fault tests: a private `redis-server` on a free loopback port (the
 * machine's shared Redis is never stopped), signals to hang or kill it, and a poll for recovery.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { createClient } from 'redis';

/** A TCP port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/**
 * `count` distinct free ports, none of them in `taken`. The kernel may hand out a port again as soon
 * as {@link freePort} has closed it, before whoever it was meant for has bound it: a start that asks
 * for several ports at once must not get the same one twice.
 *
 * @param count - How many.
 * @param taken - Ports already handed out and maybe not yet bound.
 */
export async function freePorts(count: number, taken: number[] = []): Promise<number[]> {
  const ports: number[] = [];
  while (ports.length < count) {
    const port = await freePort();
    if (!ports.includes(port) && !taken.includes(port)) ports.push(port);
  }
  return ports;
}

/**
 * A redis-server child process on `port`, without persistence (killed, it comes back empty), with
 * extra settings such as `['--maxmemory', '10mb']`.
 */
export async function startPrivateRedis(port: number, args: string[] = []): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...args], {
    stdio: 'ignore',
  });
  const deadline = Date.now() + 10_000;
  for (;;) {
    const client = createClient({ url: `redis://127.0.0.1:${port}`, socket: { reconnectStrategy: false } });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.ping();
      client.destroy();
      return child;
    } catch {
      if (child.exitCode !== null || Date.now() > deadline) {
        await stopProcess(child);
        throw new Error(`redis-server did not start on port ${port}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** Kills a child (SIGKILL also ends a stopped one) and waits for it to exit. */
export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  await exited;
}

/** Polls until `check` passes: used only to wait for a client's own reconnection, never for app time. */
export async function eventually(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}
