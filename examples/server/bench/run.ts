/**
 * Load test (`npm run bench:server`). Part "modes": 100 concurrent clients drive `GET /me`, then
 * `POST /login`; then one client logs in again and again, alone and while 50 clients send wrong
 * client secrets to `/token`; a fixed time each, against both modes (SQLite + memory store,
 * PostgreSQL + Redis). The server runs as its own process (`src/main.ts`, as in production) and
 * reports over IPC how long it spent inside token verification; we print requests/s, p50/p99
 * latency, errors and that share. Part "deployment" (bench/deployment.ts): `GET /me` through nginx
 * (TLS) to one and two instances, and with one instance killed mid-run.
 *
 * Environment: BENCH_SECONDS (default 10), BENCH_CONNECTIONS (default 100), BENCH_FLOOD_CONNECTIONS
 * (default 50), BENCH_PARTS (default `modes,deployment`), BENCH_REDIS (`shared`, default, or `cluster`:
 * the deployment part on a private three-master Redis Cluster).
 */
import { type ChildProcess, execFileSync, fork } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon, { type Result } from 'autocannon';
import { MemoryRevocationStore } from 'webjwt';
import { createTokens } from '../src/auth/tokens.js';
import { loadConfig, SERVER_ROOT } from '../src/config.js';
import { createMetrics, type VerifyMetrics } from '../src/metrics.js';
import { createPostgresDatabase, createRedisPrefix, SHARED_REDIS_URL } from '../test/helpers/env.js';
import { installCleanup, onInterrupt } from './cleanup.js';
import { type DeploymentRow, deploymentRuns, deploymentTable, failures } from './deployment.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 100);
const FLOOD_CONNECTIONS = Number(process.env.BENCH_FLOOD_CONNECTIONS ?? 50);
const PARTS = new Set((process.env.BENCH_PARTS ?? 'modes,deployment').split(',').map((part) => part.trim()));
for (const part of PARTS) if (part !== 'modes' && part !== 'deployment') throw new Error(`BENCH_PARTS: unknown part "${part}" (modes, deployment)`);
const REDIS_SETTING = process.env.BENCH_REDIS ?? 'shared';
if (REDIS_SETTING !== 'shared' && REDIS_SETTING !== 'cluster') throw new Error(`BENCH_REDIS: "${REDIS_SETTING}" (shared or cluster)`);
const REDIS: 'shared' | 'cluster' = REDIS_SETTING;
/** The issue's bound for the runs where an instance is killed or stopped: at most one failed request. */
const MAX_FAILURES_WHEN_KILLED = 1;
const SECRET_KEY = 'bench-secret-key-that-is-long-enough-for-hs256';
const USERNAME = 'bench_user';
const PASSWORD = 'bench-password-123';

interface Mode {
  name: string;
  setup(): Promise<{ env: Record<string, string>; teardown(): Promise<void> }>;
}

const MODES: Mode[] = [
  {
    name: 'SQLite + memory store',
    async setup() {
      const dir = mkdtempSync(join(tmpdir(), 'webjwt-bench-'));
      return { env: { DATABASE_URL: `sqlite:${join(dir, 'bench.db')}` }, teardown: async () => undefined };
    },
  },
  {
    name: 'PostgreSQL + Redis',
    async setup() {
      const database = await createPostgresDatabase();
      const prefix = createRedisPrefix();
      return {
        env: { DATABASE_URL: database.url, REDIS_URL: SHARED_REDIS_URL, REDIS_PREFIX: prefix.prefix },
        teardown: async () => {
          await Promise.all([database.drop(), prefix.cleanup()]);
        },
      };
    },
  },
];

interface MetricsMessage {
  type: 'metrics';
  metrics: VerifyMetrics;
  wallMs: number;
}

async function startServer(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const child = fork(join(SERVER_ROOT, 'src/main.ts'), [], {
    cwd: SERVER_ROOT,
    execArgv: ['--import', 'tsx'],
    env: {
      ...process.env,
      ENV_FILE: '/nonexistent/.env',
      SECRET_KEY,
      APP_PORT: '0',
      LOG_LEVEL: 'warn',
      // The bench is one client address and one user hammering login: lift the limits, and admit
      // every login to the hashing queue (its bound would answer the excess 503 at once).
      RATE_LIMIT_PER_IP: '1000000000',
      RATE_LIMIT_PER_USERNAME: '1000000000',
      PASSWORD_HASH_QUEUE: '100000',
      // Every wrong client secret is checked, none refused early: the flood costs what it can.
      RATE_LIMIT_CLIENT_AUTH_FAILURES: '1000000000',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const [message] = (await Promise.race([
    once(child, 'message'),
    once(child, 'exit').then(([code]) => Promise.reject(new Error(`server exited with ${String(code)}`))),
  ])) as [{ type: string; port: number }];
  return { child, url: `http://127.0.0.1:${message.port}` };
}

function ask(child: ChildProcess, type: 'metrics:reset'): void;
function ask(child: ChildProcess, type: 'metrics:read'): Promise<MetricsMessage>;
function ask(child: ChildProcess, type: string): void | Promise<MetricsMessage> {
  if (type === 'metrics:reset') {
    child.send({ type });
    return;
  }
  const reply = once(child, 'message').then(([m]) => m as MetricsMessage);
  child.send({ type });
  return reply;
}

async function post(url: string, path: string, body: unknown): Promise<any> {
  const res = await fetch(url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

interface Row {
  mode: string;
  route: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  verifications: number;
  /** Sum of the durations of the verify calls / wall time (awaits included). */
  verifyShare: number;
  /** The part of that spent awaiting the revocation store. */
  revocationShare: number;
  wallMs: number;
}

async function drive(child: ChildProcess, options: Parameters<typeof autocannon>[0]): Promise<{ result: Result; server: MetricsMessage }> {
  ask(child, 'metrics:reset');
  // Login is scrypt-bound and queues behind the hashing threads: allow long waits rather than count them as errors.
  const result = await autocannon({ connections: CONNECTIONS, duration: SECONDS, timeout: 120, ...options });
  return { result, server: await ask(child, 'metrics:read') };
}

/** Registers a confidential client with the clients CLI (the same flags and JSON on every version). */
function createBenchClient(env: Record<string, string>): { client_id: string; client_secret: string } {
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'src/oauth/cli/clients.ts', 'create', '--name', 'bench', '--type', 'confidential',
    '--grant', 'client_credentials', '--scope', 'api:read'], { cwd: SERVER_ROOT, env: { ...process.env, ENV_FILE: '/nonexistent/.env', ...env } });
  return JSON.parse(out.toString()) as { client_id: string; client_secret: string };
}

function row(mode: string, route: string, { result, server }: { result: Result; server: MetricsMessage }, expectedStatus?: number): Row {
  const expected = expectedStatus === undefined ? 0 : (result.statusCodeStats[String(expectedStatus)]?.count ?? 0);
  return {
    mode,
    route,
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx - expected,
    verifications: server.metrics.verify.count,
    verifyShare: server.metrics.verify.totalMs / server.wallMs,
    revocationShare: server.metrics.revocation.totalMs / server.wallMs,
    wallMs: server.wallMs,
  };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/**
 * The CPU cost of one access-token verification (parse, HMAC, claims, in-memory revocation check),
 * timed sequentially with nothing else running, so no waiting is counted.
 */
async function verifyCostMs(): Promise<number> {
  const config = loadConfig({ SECRET_KEY });
  const tokens = await createTokens(config, { revocation: new MemoryRevocationStore(), clock: Date.now, metrics: createMetrics() });
  const { access_token } = await tokens.issuePair(1, 'calibration');
  const run = async (n: number) => {
    const start = performance.now();
    for (let i = 0; i < n; i++) await tokens.verifyAccess(access_token);
    return (performance.now() - start) / n;
  };
  await run(5_000); // warm up
  return Math.min(await run(20_000), await run(20_000));
}

async function modeRuns(): Promise<Row[]> {
  const rows: Row[] = [];
  for (const mode of MODES) {
    const backing = await mode.setup();
    const release = onInterrupt(() => backing.teardown());
    const client = createBenchClient(backing.env);
    const { child, url } = await startServer(backing.env);
    try {
      await post(url, '/register', { username: USERNAME, email: 'bench@example.com', password: PASSWORD });
      const { access_token } = await post(url, '/login', { username: USERNAME, password: PASSWORD });
      // /me first: the scrypt queue that the login run leaves behind would slow whatever follows it.
      console.log(`${mode.name}: GET /me x ${CONNECTIONS} clients, ${SECONDS}s...`);
      rows.push(row(mode.name, 'GET /me', await drive(child, { url: `${url}/me`, headers: { authorization: `Bearer ${access_token}` } })));
      const loginRun = {
        url: `${url}/login`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: USERNAME, password: PASSWORD }),
      };
      console.log(`${mode.name}: POST /login x ${CONNECTIONS} clients, ${SECONDS}s...`);
      rows.push(row(mode.name, 'POST /login', await drive(child, loginRun)));
      // autocannon stops at the deadline, but the server still hashes the logins it had accepted:
      // one more login queues behind them (first in, first out), so its answer means they are done.
      await post(url, '/login', { username: USERNAME, password: PASSWORD });
      // What one user sees: a single client logging in again and again, alone, then during the flood.
      const oneUser = { ...loginRun, connections: 1 };
      console.log(`${mode.name}: POST /login x 1 client, ${SECONDS}s...`);
      rows.push(row(mode.name, 'POST /login, 1 client', await drive(child, oneUser)));
      console.log(`${mode.name}: POST /login x 1 client while ${FLOOD_CONNECTIONS} clients send wrong client secrets to /token, ${SECONDS}s...`);
      const wrongSecret = `Basic ${Buffer.from(`${client.client_id}:wrong-${client.client_secret}`).toString('base64')}`;
      const [login, flood] = await Promise.all([
        drive(child, oneUser),
        autocannon({
          url: `${url}/token`,
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: wrongSecret },
          body: 'grant_type=client_credentials&scope=api%3Aread',
          connections: FLOOD_CONNECTIONS,
          duration: SECONDS,
          timeout: 120,
        }),
      ]);
      rows.push(row(mode.name, 'POST /login, 1 client, during the /token flood', login));
      rows.push(row(mode.name, `POST /token, wrong secret (${FLOOD_CONNECTIONS} clients)`, { result: flood, server: login.server }, 401));
    } finally {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = once(child, 'exit');
        child.kill('SIGTERM');
        await exited;
      }
      await backing.teardown();
      release();
    }
  }
  return rows;
}

async function main(): Promise<void> {
  const rows = PARTS.has('modes') ? await modeRuns() : [];
  const deployment: DeploymentRow[] = PARTS.has('deployment') ? await deploymentRuns(SECONDS, CONNECTIONS, REDIS, (line) => console.log(line)) : [];
  const costMs = rows.length > 0 ? await verifyCostMs() : undefined;
  if (costMs !== undefined) printModes(rows, costMs);
  if (deployment.length > 0) {
    const store = REDIS === 'cluster' ? 'a three-master Redis Cluster' : 'Redis';
    console.log(`\nThrough nginx (TLS, deploy/nginx.conf) on PostgreSQL + ${store}, production instances: GET /me, ${CONNECTIONS} clients, ${SECONDS}s per run.`);
    console.log('  non-2xx: answers with another status; socket errors: refused, reset or cut-short connections (timeouts apart);');
    console.log('  p50/p99: latency of the 2xx answers. nginx runs one worker process, like the instances one Node process each.\n');
    console.table(deploymentTable(deployment));
  }
  mkdirSync(join(SERVER_ROOT, 'test-results'), { recursive: true });
  writeFileSync(
    join(SERVER_ROOT, 'test-results/bench.json'),
    JSON.stringify({ connections: CONNECTIONS, seconds: SECONDS, verifyCostMs: costMs, rows, redis: REDIS, deployment }, null, 2),
  );
  if (rows.some((r) => r.errors > 0)) {
    console.error('FAIL: some requests failed');
    process.exitCode = 1;
  }
  for (const r of deployment) {
    const allowed = r.stopped === undefined ? 0 : MAX_FAILURES_WHEN_KILLED;
    if (failures(r) > allowed) {
      console.error(`FAIL: ${r.run}, ${r.instances} instance(s): ${failures(r)} failed requests (at most ${allowed})`);
      process.exitCode = 1;
    }
    if (r.sessionKept === false) {
      console.error(`FAIL: ${r.run}: the session no longer works on the surviving instance`);
      process.exitCode = 1;
    }
  }
}

function printModes(rows: Row[], costMs: number): void {
  console.log(`\n${CONNECTIONS} connections, ${SECONDS}s per route. Token verification, measured in the server:`);
  console.log('  "verify (wall)": sum of the durations of the verify calls / wall time. Calls overlap and the awaited');
  console.log('     revocation lookup includes queueing behind other requests and Redis, so it can exceed 100%;');
  console.log('  "signature + claims": the same without the revocation lookup;');
  console.log(`  "verify (CPU)": verifications x ${(costMs * 1000).toFixed(1)} us (one verification timed alone) / wall time:`);
  console.log('     the share of the event loop that verifying actually costs.\n');
  console.table(
    rows.map((r) => ({
      mode: r.mode,
      route: r.route,
      'req/s': Math.round(r.requestsPerSecond),
      'p50 ms': r.p50,
      'p99 ms': r.p99,
      errors: r.errors,
      verifications: r.verifications,
      'verify (CPU)': pct((r.verifications * costMs) / r.wallMs),
      'verify (wall)': pct(r.verifyShare),
      'signature + claims': pct(r.verifyShare - r.revocationShare),
      'revocation lookup': pct(r.revocationShare),
    })),
  );
}

const fail = installCleanup();
main().catch(fail);
