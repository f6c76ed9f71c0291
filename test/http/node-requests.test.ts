/**
 * `webjwt/http` against real Node requests: node:http, Express 5 and Fastify 5 parse two
 * `Authorization` header lines into one `req.headers.authorization` (the first); bearerToken must
 * still see both (rawHeaders) and refuse the request. The portable suite covers the rest in every
 * runtime; the recipes in docs/recipes run each framework end to end.
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import Fastify from 'fastify';
import { afterEach, describe, expect, test } from 'vitest';
import { createVerifier, importKey, sign } from '../../src/index.js';
import { authenticate, bearerToken, isBearerError } from '../../src/http/index.js';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((done) => server.close(done))));
});

async function listen(server: Server): Promise<number> {
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return (server.address() as AddressInfo).port;
}

/** Sends GET / with the given Authorization lines (several lines when several values). */
function get(port: number, authorization: string[]): Promise<{ status: number; challenge: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path: '/', method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, challenge: res.headers['www-authenticate'], body }));
    });
    if (authorization.length > 0) req.setHeader('Authorization', authorization);
    req.on('error', reject).end();
  });
}

const key = await importKey('a-secret-of-at-least-32-bytes-for-hs256!', 'HS256');
const verifyAccess = createVerifier(key);
const token = await sign({ sub: 'ada' }, key);

async function answer(source: Parameters<typeof authenticate>[0]): Promise<{ status: number; headers: Record<string, string>; body: unknown }> {
  try {
    const { payload } = await authenticate(source, verifyAccess, { realm: 'api' });
    return { status: 200, headers: {}, body: { sub: payload.sub } };
  } catch (err) {
    if (!isBearerError(err)) throw err;
    return { status: err.status, headers: { ...err.headers }, body: err.body };
  }
}

const TWICE = 'Bearer realm="api", error="invalid_request", error_description="The request has more than one Authorization header"';

describe('two Authorization headers', () => {
  test('node:http keeps only the first in req.headers; bearerToken refuses them from rawHeaders', async () => {
    const seen: string[] = [];
    const port = await listen(
      createServer((req: IncomingMessage, res) => {
        seen.push(String(req.headers.authorization));
        void answer(req).then(({ status, headers, body }) => res.writeHead(status, headers).end(JSON.stringify(body)));
      }),
    );
    expect(await get(port, [`Bearer ${token}`])).toMatchObject({ status: 200, body: '{"sub":"ada"}' });
    expect(await get(port, [`Bearer ${token}`, 'Bearer other'])).toMatchObject({ status: 400, challenge: TWICE });
    expect(seen[1]).toBe(`Bearer ${token}`); // what a header-only parser would have accepted
    expect(await get(port, [])).toMatchObject({ status: 401, challenge: 'Bearer realm="api"' });
  });

  test('Express 5 req', async () => {
    const app = express();
    app.get('/', async (req, res) => {
      const { status, headers, body } = await answer(req);
      res.status(status).set(headers).json(body);
    });
    const port = await listen(createServer(app));
    expect(await get(port, [`Bearer ${token}`])).toMatchObject({ status: 200 });
    expect(await get(port, [`Bearer ${token}`, `Bearer ${token}`])).toMatchObject({ status: 400, challenge: TWICE });
  });

  test('Fastify 5 request (its raw IncomingMessage is read)', async () => {
    const app = Fastify();
    app.get('/', async (request, reply) => {
      const { status, headers, body } = await answer(request);
      return reply.code(status).headers(headers).send(body);
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    servers.push(app.server);
    const { port } = app.server.address() as AddressInfo;
    expect(await get(port, [`Bearer ${token}`])).toMatchObject({ status: 200 });
    expect(await get(port, [`Bearer ${token}`, 'Basic YTpi'])).toMatchObject({ status: 400, challenge: TWICE });
    expect(bearerToken({ headers: { authorization: `Bearer ${token}` } })).toBe(token);
  });
});
