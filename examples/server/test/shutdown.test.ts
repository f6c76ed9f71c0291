/**
 * SIGTERM on a real process (`src/main.ts`): it stops taking connections, closes idle keep-alive
 * ones, lets the request in flight finish (a login whose body is still arriving), then closes its
 * pools and exits 0. A request that outlives SHUTDOWN_DRAIN_SECONDS makes it exit 1 instead.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { register } from './helpers/client.js';
import { TEST_SECRET } from './helpers/env.js';
import { type Instance, SLOW_TEST_TIMEOUT_MS, startInstance } from './helpers/instance.js';
import { eventually } from './helpers/processes.js';

/** A raw connection (the test decides when each byte is sent) and everything it has received. */
async function open(port: number): Promise<{ socket: Socket; received: () => string; closed: Promise<unknown> }> {
  const socket = connect(port, '127.0.0.1');
  let received = '';
  socket.on('data', (d: Buffer) => (received += d.toString()));
  socket.on('error', () => undefined);
  const closed = once(socket, 'close');
  await once(socket, 'connect');
  return { socket, received: () => received, closed };
}

/** Whether a new connection is accepted right now. */
async function accepts(port: number): Promise<boolean> {
  const socket = connect(port, '127.0.0.1');
  try {
    await Promise.race([once(socket, 'connect'), once(socket, 'error').then(([err]) => Promise.reject(err as Error))]);
    return true;
  } catch {
    return false;
  } finally {
    socket.destroy();
  }
}

function loginRequest(body: string, requestId: string): string {
  return [
    'POST /login HTTP/1.1',
    'Host: 127.0.0.1',
    'Content-Type: application/json',
    `Content-Length: ${Buffer.byteLength(body)}`,
    `X-Request-Id: ${requestId}`,
    '',
    '',
  ].join('\r\n');
}

describe('SIGTERM drains in-flight requests, then exits (real process)', () => {
  let dir: string;
  const instances: Instance[] = [];
  const start = async (env: Record<string, string> = {}) => {
    const instance = await startInstance({ DATABASE_URL: `sqlite:${join(dir, `${instances.length}.db`)}`, SECRET_KEY: TEST_SECRET, SCRYPT_LOG_N: '10', LOG_LEVEL: 'info', ...env });
    instances.push(instance);
    return instance;
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'webjwt-shutdown-'));
  });
  afterAll(async () => {
    await Promise.allSettled(instances.map((instance) => instance.kill()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses new connections, closes idle keep-alive ones, finishes the slow request, closes pools and exits 0', async () => {
    const server = await start({ SHUTDOWN_DRAIN_SECONDS: '120' });
    const { username, password } = await register(server.url);

    // An idle keep-alive connection (one request answered, the connection left open).
    const idle = await open(server.port);
    idle.socket.write('GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    await eventually(async () => idle.received().includes('"status":"ok"'));

    // A login in flight: the headers are sent, the body only in part.
    const body = JSON.stringify({ username, password });
    const slow = await open(server.port);
    slow.socket.write(loginRequest(body, 'slow-login-1') + body.slice(0, 5));
    await eventually(async () => server.logLines().some((line) => line.reqId === 'slow-login-1'));

    // A request whose headers are still arriving: it reaches the app during the drain.
    const late = await open(server.port);
    late.socket.write('GET /health/ready HTTP/1.1\r\nHost: 127.0.0.1\r\n');

    process.kill(server.pid, 'SIGTERM');
    await eventually(async () => server.logLines().some((line) => line.msg === 'shutdown: draining in-flight requests'));
    await idle.closed; // the server closed the idle connection
    // Served (ready says "draining"), not refused, and told to close its connection.
    late.socket.write('X-Request-Id: late-1\r\n\r\n');
    await late.closed;
    expect(late.received()).toMatch(/^HTTP\/1\.1 503 Service Unavailable\r\n/);
    expect(late.received()).toMatch(/\r\nconnection: close\r\n/i);
    expect(late.received()).toContain('x-request-id: late-1');
    expect(late.received()).toContain('"status":"draining"');
    await eventually(async () => !(await accepts(server.port)));
    expect(server.child.exitCode).toBeNull(); // still waiting for the login

    slow.socket.write(body.slice(5));
    await eventually(async () => slow.received().includes('access_token'));
    expect(slow.received()).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(slow.received()).toContain('x-request-id: slow-login-1');
    expect(slow.received()).toMatch(/\r\nconnection: close\r\n/i);
    expect(await server.exited).toEqual({ code: 0, signal: null });
    const messages = server.logLines().map((line) => line.msg);
    expect(messages.indexOf('shutdown: drained, pools closed')).toBeGreaterThan(messages.indexOf('shutdown: draining in-flight requests'));
    slow.socket.destroy();
  }, SLOW_TEST_TIMEOUT_MS);

  it('exits 1 when a request is still in flight after SHUTDOWN_DRAIN_SECONDS', async () => {
    const server = await start({ SHUTDOWN_DRAIN_SECONDS: '1' });
    const stuck = await open(server.port);
    stuck.socket.write(loginRequest('{"username":"x","password":"y"}', 'never-finishes') + '{');
    await eventually(async () => server.logLines().some((line) => line.reqId === 'never-finishes'));
    process.kill(server.pid, 'SIGTERM');
    expect(await server.exited).toEqual({ code: 1, signal: null });
    expect(server.logLines().some((line) => line.msg === 'shutdown: requests still in flight after the drain timeout; exiting')).toBe(true);
    stuck.socket.destroy();
  }, SLOW_TEST_TIMEOUT_MS);
});
