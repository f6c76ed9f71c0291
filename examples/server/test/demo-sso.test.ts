/**
 * Issue 11 point 17: `npm run demo:sso` checks its ports before it touches the database (a second
 * start used to replace the running demo's clients), stops with one line when one is taken, and takes
 * its ports from `DEMO_AUTH_PORT`, `DEMO_RESOURCE_PORT` and `DEMO_SPA_PORT`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SERVER_ROOT } from '../src/config.js';

const DEMO = resolve(SERVER_ROOT, '../demo-sso.ts');
const dir = mkdtempSync(join(tmpdir(), 'webjwt-demo-sso-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function demo(env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', DEMO], {
    cwd: resolve(SERVER_ROOT, '../..'),
    env: { PATH: process.env.PATH ?? '', ENV_FILE: '/nonexistent/.env', LOG_LEVEL: 'warn', SCRYPT_LOG_N: '10', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

async function finished(child: ChildProcess) {
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

/** A port that was free a moment ago (the kernel's pick), and a holder that keeps one taken. */
async function listen(): Promise<Server> {
  const server = createServer();
  await new Promise<void>((r) => server.listen({ host: '127.0.0.1', port: 0 }, r));
  return server;
}
const portOf = (server: Server) => (server.address() as { port: number }).port;
async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(Array.from({ length: n }, listen));
  const ports = servers.map(portOf);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

describe('npm run demo:sso', () => {
  it('stops with one line, before touching the database, when a port is taken', async () => {
    const holder = await listen();
    try {
      const [resource, spa] = await freePorts(2);
      const database = join(dir, 'taken.db');
      const result = await finished(demo({ DATABASE_URL: `sqlite:${database}`, DEMO_AUTH_PORT: String(portOf(holder)), DEMO_RESOURCE_PORT: String(resource), DEMO_SPA_PORT: String(spa) }));
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr.trim().split('\n')).toEqual([
        `Demo failed: port ${portOf(holder)} of DEMO_AUTH_PORT (authorization server) on 127.0.0.1 is in use (is the demo already running?): stop what holds it or set DEMO_AUTH_PORT to a free port`,
      ]);
      expect(existsSync(database)).toBe(false);
    } finally {
      holder.close();
    }
  });

  it.each([
    [{ DEMO_SPA_PORT: 'eighty' }, 'Demo failed: DEMO_SPA_PORT must be a port number from 1 to 65535, got "eighty"'],
    [{ DEMO_AUTH_PORT: '9000' }, 'Demo failed: DEMO_AUTH_PORT, DEMO_RESOURCE_PORT and DEMO_SPA_PORT must be three different ports'],
  ])('refuses %j with one line', async (env, line) => {
    const result = await finished(demo({ DATABASE_URL: `sqlite:${join(dir, 'bad.db')}`, ...env }));
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([line]);
  });

  it('runs on the ports from the environment; a second start fails and leaves the first one working', async () => {
    const [auth, resource, spa] = await freePorts(3);
    const env = { DATABASE_URL: `sqlite:${join(dir, 'demo.db')}`, DEMO_AUTH_PORT: String(auth), DEMO_RESOURCE_PORT: String(resource), DEMO_SPA_PORT: String(spa) };
    const first = demo(env);
    let output = '';
    first.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    first.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    try {
      await new Promise<void>((ready, failed) => {
        first.stdout!.on('data', () => output.includes('SSO demo is running') && ready());
        first.once('exit', (code) => failed(new Error(`demo exited with ${code}: ${output}`)));
      });
      const issuer = `http://127.0.0.1:${auth}`;
      expect(output).toContain(`Authorization server  ${issuer}`);
      expect((await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()).issuer).toBe(issuer);
      const spaConfig = await (await fetch(`http://127.0.0.1:${spa}/config.json`)).json();
      expect(spaConfig).toMatchObject({ issuer, resourceServer: `http://127.0.0.1:${resource}` });
      const spaA = await (await fetch(`${issuer}/spa/config.json`)).json();

      const second = await finished(demo(env));
      expect(second.code).toBe(1);
      expect(second.stderr.trim().split('\n')).toHaveLength(1);
      expect(second.stderr).toContain(`port ${auth} of DEMO_AUTH_PORT (authorization server) on 127.0.0.1 is in use`);
      // The first demo's clients were not replaced: its SPAs still resolve to the same client IDs.
      expect(await (await fetch(`${issuer}/spa/config.json`)).json()).toEqual(spaA);
      const discovery = await (await fetch(`${issuer}/.well-known/openid-configuration`)).json();
      const authorize = await fetch(`${discovery.authorization_endpoint}?${new URLSearchParams({ client_id: spaConfig.clientId, redirect_uri: `http://127.0.0.1:${spa}/`, response_type: 'code', code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256' })}`);
      expect(authorize.status).toBe(200); // the login page: SPA B's client is still registered
    } finally {
      const exited = once(first, 'exit');
      first.kill('SIGTERM');
      await exited;
    }
  });
});
