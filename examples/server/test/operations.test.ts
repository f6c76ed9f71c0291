/**
 * Issue 12, "Operations": request IDs (kept from a well-formed `X-Request-Id`, else generated; in
 * the response header, every JSON error body, the HTML error pages and every log line of the
 * request; a malformed header is never echoed) and the health checks (`/health/live` calls no
 * store; `/health/ready` is 503 when the database or Redis is unreachable or the instance drains).
 */
import { once } from 'node:events';
import { connect } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { createDeps } from '../src/deps.js';
import { request } from './helpers/client.js';
import { createPostgresDatabase, createRedisPrefix, startServer, testConfig, type TestServer } from './helpers/env.js';
import { type PrivateRedis, startPrivateRedis } from './helpers/private-redis.js';
import { eventually } from './helpers/processes.js';
import { proxyDatabase, type TcpProxy } from './helpers/tcp-proxy.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Sends raw bytes (headers no fetch would send) and returns the response head and body. */
async function rawRequest(port: number, head: string): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  const socket = connect(port, '127.0.0.1');
  await once(socket, 'connect');
  let data = '';
  socket.on('data', (d: Buffer) => (data += d.toString('latin1')));
  socket.write(head, 'latin1');
  await once(socket, 'close');
  const [rawHead = '', body = ''] = data.split('\r\n\r\n');
  const [statusLine = '', ...lines] = rawHead.split('\r\n');
  const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
  return { status: Number(statusLine.split(' ')[1]), headers, body };
}

describe('request IDs', () => {
  const lines: Record<string, unknown>[] = [];
  let server: TestServer;
  let port: number;

  beforeAll(async () => {
    // The app's own pino logger, writing into memory: the log lines as an operator would read them.
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n')) if (line) lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    const deps = await createDeps(testConfig());
    const app = await buildApp(deps, { logger: { level: 'info', stream } });
    await app.listen({ host: '127.0.0.1', port: 0 });
    port = (app.server.address() as { port: number }).port;
    server = { url: `http://127.0.0.1:${port}`, app, deps, close: () => app.close() };
  });
  afterAll(async () => {
    await server?.close();
  });

  it('generates one per request, echoes it, and puts it in JSON error bodies (API and OAuth) and HTML error pages', async () => {
    const live = await fetch(`${server.url}/health/live`);
    const generated = live.headers.get('x-request-id');
    expect(generated).toMatch(UUID);
    expect((await fetch(`${server.url}/health/live`)).headers.get('x-request-id')).not.toBe(generated);

    const api = await fetch(`${server.url}/me`);
    expect(api.status).toBe(401);
    expect(await api.json()).toEqual({ detail: 'Not authenticated', request_id: api.headers.get('x-request-id') });
    const missing = await fetch(`${server.url}/nowhere`);
    expect(await missing.json()).toEqual({ detail: 'Not Found', request_id: missing.headers.get('x-request-id') });
    const invalid = await fetch(`${server.url}/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"username":1}' });
    expect(invalid.status).toBe(422);
    expect(await invalid.json()).toMatchObject({ detail: expect.any(Array), request_id: invalid.headers.get('x-request-id') });

    const oauth = await fetch(`${server.url}/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=nonsense' });
    expect(oauth.status).toBeGreaterThanOrEqual(400);
    expect(await oauth.json()).toMatchObject({ error: expect.any(String), request_id: oauth.headers.get('x-request-id') });

    const page = await fetch(`${server.url}/authorize?client_id=unknown&response_type=code`);
    expect(page.status).toBe(400);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain(`Request ID: <code>${page.headers.get('x-request-id')!}</code>`);

    // Success bodies are left as they are.
    expect(await (await fetch(`${server.url}/health/live`)).json()).toEqual({ status: 'ok' });
  });

  it("keeps a proxy's well-formed X-Request-Id, in the header, the error body and every log line of the request", async () => {
    const id = 'edge-7f3a.42:retry_1';
    const res = await request(server.url, '/me', { headers: { 'x-request-id': id } });
    expect(res.headers.get('x-request-id')).toBe(id);
    const mine = lines.filter((line) => line.reqId === id);
    expect(mine.map((line) => line.msg)).toEqual(['incoming request', 'request completed']);
    // Every log line written while serving a request names it.
    for (const line of lines.filter((l) => 'req' in l || 'res' in l)) expect(line.reqId, JSON.stringify(line)).toEqual(expect.any(String));
  });

  it.each([
    ['huge', 'a'.repeat(10_000)],
    ['129 characters', 'b'.repeat(129)],
    ['JSON-breaking', 'x","admin":true,"y":"'],
    ['HTML-breaking', '<script>alert(1)</script>'],
    ['a list (two headers)', 'one, two'],
    ['spaces', 'a b'],
  ])('never echoes a malformed X-Request-Id (%s): a fresh one replaces it', async (_name, value) => {
    const before = lines.length;
    const res = await rawRequest(port, `GET /me HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Request-Id: ${value}\r\nConnection: close\r\n\r\n`);
    expect(res.status).toBe(401);
    expect(res.headers['x-request-id']).toMatch(UUID);
    expect(JSON.parse(res.body)).toEqual({ detail: 'Not authenticated', request_id: res.headers['x-request-id'] });
    const logged = lines.slice(before);
    expect(logged.length).toBeGreaterThan(0);
    for (const line of logged) {
      expect(line.reqId).toBe(res.headers['x-request-id']);
      expect(JSON.stringify(line)).not.toContain(value.slice(0, 40));
    }
  });

  it('a control character in X-Request-Id: Node refuses the request before the app, echoing nothing', async () => {
    const value = 'abc\u0001\u001bdef';
    const before = lines.length;
    const res = await rawRequest(port, `GET /me HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Request-Id: ${value}\r\nConnection: close\r\n\r\n`);
    expect(res.status).toBe(400);
    expect(res.headers['x-request-id']).toBeUndefined();
    expect(res.body).not.toContain('abc');
    expect(lines.slice(before).some((line) => JSON.stringify(line).includes('abc\\u0001'))).toBe(false);
  });
});

describe('health checks: /health/live and /health/ready (PostgreSQL + a private Redis)', () => {
  const prefix = createRedisPrefix();
  let database: Awaited<ReturnType<typeof createPostgresDatabase>>;
  let proxy: TcpProxy;
  let redis: PrivateRedis;
  let server: TestServer;

  beforeAll(async () => {
    database = await createPostgresDatabase();
    const proxied = await proxyDatabase(database.url);
    proxy = proxied.proxy;
    redis = await startPrivateRedis();
    server = await startServer(
      testConfig({ DATABASE_URL: proxied.url, REDIS_URL: redis.url, REDIS_PREFIX: prefix.prefix, DB_CONNECT_TIMEOUT_MS: '300', DB_STATEMENT_TIMEOUT_MS: '1500' }),
    );
  });
  afterAll(async () => {
    await server?.close();
    await redis?.stop();
    await proxy?.close();
    await database?.drop();
  });

  it('answers 200 when the database and Redis answer', async () => {
    expect(await request(server.url, '/health/live')).toMatchObject({ status: 200, body: { status: 'ok' } });
    const ready = await request(server.url, '/health/ready');
    expect(ready).toMatchObject({ status: 200, body: { status: 'ok', database: 'ok', redis: 'ok' } });
    expect(ready.headers.get('cache-control')).toBe('no-store');
    expect((await request(server.url, '/health')).body).toEqual({ status: 'ok', database: 'ok', redis: 'ok' });
  });

  it('an unreachable database: ready is 503, live stays 200', async () => {
    await proxy.refuse();
    try {
      expect(await request(server.url, '/health/ready')).toMatchObject({ status: 503, body: { status: 'degraded', database: 'unavailable', redis: 'ok' } });
      expect(await request(server.url, '/health/live')).toMatchObject({ status: 200, body: { status: 'ok' } });
    } finally {
      await proxy.reopen();
    }
    await eventually(async () => (await request(server.url, '/health/ready')).status === 200);
  });

  it('a stopped Redis: ready is 503, live stays 200', async () => {
    await redis.stop();
    expect(await request(server.url, '/health/ready')).toMatchObject({ status: 503, body: { status: 'degraded', database: 'ok', redis: 'unavailable' } });
    expect(await request(server.url, '/health/live')).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(await request(server.url, '/health')).toMatchObject({ status: 503, body: { redis: 'unavailable' } });
  });

  it('a draining instance: ready is 503 "draining" even with healthy stores', async () => {
    const deps = await createDeps(testConfig());
    const app = await buildApp(deps, { logger: false });
    try {
      expect((await app.inject('/health/ready')).statusCode).toBe(200);
      deps.lifecycle.draining = true;
      const res = await app.inject('/health/ready');
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({ status: 'draining', database: 'ok', redis: 'not configured' });
      expect((await app.inject('/health/live')).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });
});
