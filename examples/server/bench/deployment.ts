/**
 * The deployment part of `npm run bench:server`: `GET /me` through `deploy/nginx.conf` (TLS,
 * Debian's nginx) in front of one and of two production instances on PostgreSQL + Redis, then with
 * two instances while one is killed (SIGKILL) halfway through, and while one is stopped (SIGTERM:
 * it drains and exits); and the same instance without nginx, for what the proxy costs. Every row
 * reports requests, non-2xx answers and socket errors separately, p50/p99 latency of the 2xx
 * answers, and the CPU time each process got.
 */
import { once } from 'node:events';
import autocannon, { type Result } from 'autocannon';
import { type Deployment, startDeployment } from '../test/helpers/deployment.js';
import { type RunningNginx, startNginx, type TrustingFetch, trustingFetch } from '../test/helpers/nginx.js';
import { freePort } from '../test/helpers/processes.js';
import { type Instance, startInstance } from '../test/helpers/instance.js';
import { onInterrupt } from './cleanup.js';
import { cpuSeconds, treeCpuSeconds } from './cpu.js';

/** One autocannon run. */
export interface DeploymentRow {
  run: string;
  /** Instances serving when the run started. */
  instances: number;
  /** Responses received (any status). */
  requests: number;
  requestsPerSecond: number;
  non2xx: number;
  /** Responses by status, for the non-2xx ones (e.g. `{ "502": 3 }`). */
  statuses: Record<string, number>;
  /** Connection errors other than timeouts (refused, reset, a response cut short). */
  socketErrors: number;
  timeouts: number;
  p50: number;
  p99: number;
  /** CPU seconds each instance used during the run (a stopped one: until it got the signal). */
  instanceCpu: number[];
  /** CPU seconds of nginx (master and workers); 0 for the direct run. */
  nginxCpu: number;
  /** CPU seconds of the bench process itself: autocannon, the load generator. */
  clientCpu: number;
  /** Set on the runs where an instance is stopped: how, and when (seconds after the start). */
  stopped?: { signal: 'SIGKILL' | 'SIGTERM'; afterSeconds: number };
  /** Whether the user's session still worked after the run (the token accepted through nginx). */
  sessionKept?: boolean;
}

/** How many requests of a row failed (the bench's pass/fail measure). */
export const failures = (row: DeploymentRow): number => row.non2xx + row.socketErrors + row.timeouts;

/** CPU seconds of the instances, nginx and the load generator, measured around a run. */
interface CpuUse {
  instanceCpu: number[];
  nginxCpu: number;
  clientCpu: number;
}

async function measured<T>(instancePids: number[], nginxPid: number | undefined, run: () => Promise<T>): Promise<[T, CpuUse]> {
  const read = () => ({
    instances: instancePids.map(cpuSeconds),
    nginx: nginxPid === undefined ? 0 : treeCpuSeconds(nginxPid),
    client: process.cpuUsage(),
  });
  const before = read();
  const value = await run();
  const after = read();
  return [
    value,
    {
      instanceCpu: after.instances.map((cpu, i) => cpu - before.instances[i]!),
      nginxCpu: after.nginx - before.nginx,
      clientCpu: (() => {
        const { user, system } = process.cpuUsage(before.client);
        return (user + system) / 1e6;
      })(),
    },
  ];
}

function toRow(run: string, instances: number, [result, cpu]: [Result, CpuUse]): DeploymentRow {
  const statuses = Object.fromEntries(Object.entries(result.statusCodeStats).filter(([status]) => !status.startsWith('2')).map(([status, { count }]) => [status, count]));
  return {
    run,
    instances,
    requests: result.requests.total,
    requestsPerSecond: result.requests.average,
    non2xx: result.non2xx,
    statuses,
    // autocannon counts a timeout as an error too.
    socketErrors: result.errors - result.timeouts,
    timeouts: result.timeouts,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ...cpu,
  };
}

/**
 * Runs the five deployment rows.
 *
 * @param seconds - Length of each run.
 * @param connections - Concurrent clients.
 * @param redis - `shared`: the machine's Redis (a key prefix of this run); `cluster`: a private
 *   three-master Redis Cluster started for the runs (`REDIS_CLUSTER=true`).
 * @param log - Progress lines.
 */
export async function deploymentRuns(seconds: number, connections: number, redis: 'shared' | 'cluster', log: (line: string) => void): Promise<DeploymentRow[]> {
  log(`Deployment: PostgreSQL database, ${redis === 'cluster' ? 'a private three-master Redis Cluster, ' : ''}nginx (TLS), two production instances...`);
  let deployment: Deployment | undefined;
  let single: RunningNginx | undefined;
  let https: TrustingFetch | undefined;
  let pair: RunningNginx | undefined;
  let stopThird: (() => Promise<void>) | undefined;
  const stopAll = async () => {
    await https?.close();
    await single?.stop();
    await pair?.stop();
    await stopThird?.();
    await deployment?.stop();
  };
  const release = onInterrupt(stopAll);
  const rows: DeploymentRow[] = [];
  try {
    deployment = await startDeployment({ instances: 2, redisCluster: redis === 'cluster' });
    const first = deployment.instances[0]!;
    const second = deployment.instances[1]!;
    // The same configuration with only the first instance as upstream: the one-instance rows.
    single = await startNginx({ upstreams: [`127.0.0.1:${first.port}`] });

    const client = trustingFetch(deployment.nginx.ca);
    https = client;
    const user = { username: 'bench_deploy', email: 'bench_deploy@example.com', password: 'bench-password-123' };
    const post = async (path: string, body: unknown) => {
      const res = await client.fetch(`${deployment!.nginx.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      if (!res.ok) throw new Error(`${path} through nginx: ${res.status} ${await res.text()}`);
      return res.json() as Promise<{ access_token: string }>;
    };
    await post('/register', user);
    const { access_token } = await post('/login', { username: user.username, password: user.password });
    const headers = { authorization: `Bearer ${access_token}` };
    const sessionWorks = async () => (await client.fetch(`${deployment!.nginx.url}/me`, { headers })).status === 200;

    // Long timeout: a request nginx re-sends to the other instance must count as served, not as a client timeout.
    const drive = (url: string, duration = seconds) => autocannon({ url: `${url}/me`, headers, connections, duration, timeout: 60 });
    const pids = deployment.instances.map((instance) => instance.child.pid!);
    const run = (url: string, nginx: RunningNginx | undefined, instancePids: number[]) => measured(instancePids, nginx?.process.pid, () => drive(url));
    // Unrecorded: the instances' JIT and nginx's upstream connections warm up before the first row.
    log('Deployment: warming up (2 s through nginx to both instances, 2 s to the first directly)...');
    await drive(deployment.nginx.url, 2);
    await drive(first.url, 2);
    log(`Deployment: GET /me x ${connections} clients, ${seconds}s, direct to one instance (no nginx)...`);
    rows.push(toRow('direct, no nginx', 1, await run(first.url, undefined, pids.slice(0, 1))));
    log(`Deployment: GET /me x ${connections} clients, ${seconds}s, nginx (TLS) -> 1 instance...`);
    rows.push(toRow('nginx (TLS)', 1, await run(single.url, single, pids.slice(0, 1))));
    log(`Deployment: GET /me x ${connections} clients, ${seconds}s, nginx (TLS) -> 2 instances...`);
    rows.push(toRow('nginx (TLS)', 2, await run(deployment.nginx.url, deployment.nginx, pids)));

    /** A run through `nginx` during which `victim` gets `signal` halfway. */
    const stoppedMidRun = async (label: string, nginx: RunningNginx, instancePids: number[], victim: Instance, signal: 'SIGKILL' | 'SIGTERM') => {
      log(`Deployment: GET /me x ${connections} clients, ${seconds}s, nginx (TLS) -> 2 instances, one sent ${signal} after ${seconds / 2}s...`);
      const exited = once(victim.child, 'exit');
      const start = performance.now();
      let stoppedAfterSeconds = Number.NaN;
      const timer = setTimeout(() => {
        stoppedAfterSeconds = (performance.now() - start) / 1000;
        cpuSeconds(victim.child.pid!); // remembered: its CPU until now counts in the row
        victim.child.kill(signal);
      }, (seconds * 1000) / 2);
      let result: [Result, CpuUse];
      try {
        result = await run(nginx.url, nginx, instancePids);
      } finally {
        clearTimeout(timer);
      }
      if (Number.isNaN(stoppedAfterSeconds)) throw new Error(`${label}: the run ended before the instance was stopped`);
      // SIGTERM: the instance drains and exits by itself within SHUTDOWN_DRAIN_SECONDS (10 s).
      const [code, exitSignal] = (await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 30_000, [undefined, 'still running']).unref())])) as [number | null, string | null];
      if (signal === 'SIGKILL' ? exitSignal !== 'SIGKILL' : code !== 0) throw new Error(`${label}: the instance ended with ${code ?? exitSignal} after ${signal}`);
      return { ...toRow(label, 2, result), stopped: { signal, afterSeconds: stoppedAfterSeconds }, sessionKept: await sessionWorks() };
    };
    rows.push(await stoppedMidRun('nginx (TLS), one instance killed mid-run', deployment.nginx, pids, second, 'SIGKILL'));

    // A replica stopped as `docker stop` or a scale-down stops it: SIGTERM, drain, exit. A third
    // instance on the same database and Redis, behind a third nginx with the first one.
    const third = await startInstance({ LOG_LEVEL: 'warn', ...deployment.env, APP_PORT: String(await freePort()) });
    stopThird = () => third.kill();
    pair = await startNginx({ upstreams: [`127.0.0.1:${first.port}`, `127.0.0.1:${third.port}`] });
    await drive(pair.url, 2);
    rows.push(await stoppedMidRun('nginx (TLS), one instance stopped (SIGTERM) mid-run', pair, [pids[0]!, third.child.pid!], third, 'SIGTERM'));
    return rows;
  } finally {
    await stopAll();
    release();
  }
}

/** The rows as a console table. */
export function deploymentTable(rows: DeploymentRow[]): Record<string, string | number>[] {
  return rows.map((r) => ({
    run: r.run,
    instances: r.instances,
    requests: r.requests,
    'req/s': Math.round(r.requestsPerSecond),
    'non-2xx': r.non2xx === 0 ? 0 : `${r.non2xx} (${Object.entries(r.statuses).map(([status, count]) => `${status}: ${count}`).join(', ')})`,
    'socket errors': r.socketErrors,
    timeouts: r.timeouts,
    'p50 ms': r.p50,
    'p99 ms': r.p99,
    'CPU s: instances': r.instanceCpu.map((cpu) => cpu.toFixed(1)).join(' + '),
    nginx: r.nginxCpu.toFixed(1),
    autocannon: r.clientCpu.toFixed(1),
    stopped: r.stopped === undefined ? '' : `${r.stopped.signal} after ${r.stopped.afterSeconds.toFixed(1)} s; session ${r.sessionKept ? 'kept' : 'LOST'}`,
  }));
}
