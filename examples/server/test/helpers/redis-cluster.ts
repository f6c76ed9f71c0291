/**
 * A throwaway three-master Redis Cluster of the test's own: three `redis-server --cluster-enabled yes`
 * processes on free loopback ports, without persistence (a master killed and restarted comes back
 * empty, but rejoins with the slots its `nodes.conf` lists), joined with `redis-cli --cluster create`.
 * Every process is stopped by its PID; the shared Redis is never touched.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createClient } from 'redis';
import { eventually, freePorts, stopProcess } from './processes.js';

const run = promisify(execFile);

/** One master of the cluster. */
export interface ClusterNode {
  port: number;
  url: string;
  process: ChildProcess;
}

/** A running private cluster. */
export interface PrivateCluster {
  nodes: ClusterNode[];
  /** The seed list, as `REDIS_URL` takes it with `REDIS_CLUSTER=true`. */
  url: string;
  /** The hash slot of `key` (`CLUSTER KEYSLOT`). */
  slotOf(key: string): Promise<number>;
  /** The node that serves the slot of `key`. */
  nodeOf(key: string): Promise<ClusterNode>;
  /** SIGKILL, as a crash. */
  kill(node: ClusterNode): Promise<void>;
  /** Starts a killed node again on its port (empty: no persistence) and waits until the cluster is whole. */
  restart(node: ClusterNode): Promise<void>;
  /** Stops every node and removes the files. */
  stop(): Promise<void>;
}

/** Asks one node with a short-lived client; `undefined` when it does not answer. */
async function ask(port: number, command: string[]): Promise<string | undefined> {
  const client = createClient({ url: `redis://127.0.0.1:${port}`, socket: { reconnectStrategy: false, connectTimeout: 2_000 } });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return String(await client.sendCommand(command));
  } catch {
    return undefined;
  } finally {
    if (client.isOpen) client.destroy();
  }
}

function spawnNode(port: number, dir: string, args: string[]): ChildProcess {
  return spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--cluster-enabled', 'yes', '--cluster-config-file', join(dir, 'nodes.conf'),
      '--save', '', '--appendonly', 'no', '--dir', dir, ...args],
    { stdio: 'ignore' },
  );
}

async function waitForPing(node: ClusterNode): Promise<void> {
  await eventually(async () => {
    if (node.process.exitCode !== null) throw new Error(`redis-server exited on port ${node.port}`);
    return (await ask(node.port, ['PING'])) === 'PONG';
  }, 20_000);
}

/** Every node says `cluster_state:ok` and knows all three masters. */
async function waitForClusterOk(nodes: ClusterNode[]): Promise<void> {
  await eventually(async () => {
    for (const node of nodes) {
      const info = await ask(node.port, ['CLUSTER', 'INFO']);
      if (!info?.includes('cluster_state:ok') || !info.includes(`cluster_known_nodes:${nodes.length}`)) return false;
    }
    return true;
  }, 60_000);
}

/**
 * Starts the cluster. `args` are extra settings for every node (e.g. `['--maxmemory-policy', 'allkeys-lru']`).
 *
 * @param args - Extra redis-server settings.
 */
export async function startRedisCluster(args: string[] = []): Promise<PrivateCluster> {
  const root = mkdtempSync(join(tmpdir(), 'webjwt-cluster-'));
  const nodes: ClusterNode[] = [];
  const dirOf = (node: ClusterNode) => join(root, String(node.port));
  const stop = async () => {
    await Promise.all(nodes.map((node) => stopProcess(node.process)));
    rmSync(root, { recursive: true, force: true });
  };
  try {
    for (const port of await freePorts(3)) {
      const dir = join(root, String(port));
      mkdirSync(dir);
      nodes.push({ port, url: `redis://127.0.0.1:${port}`, process: spawnNode(port, dir, args) });
    }
    for (const node of nodes) await waitForPing(node);
    await run('redis-cli', ['--cluster', 'create', ...nodes.map((n) => `127.0.0.1:${n.port}`), '--cluster-replicas', '0', '--cluster-yes'], {
      timeout: 60_000,
    });
    await waitForClusterOk(nodes);
  } catch (err) {
    await stop();
    throw err;
  }
  const cluster: PrivateCluster = {
    nodes,
    url: nodes.map((n) => n.url).join(','),
    slotOf: async (key) => Number(await ask(nodes[0]!.port, ['CLUSTER', 'KEYSLOT', key])),
    async nodeOf(key) {
      const slot = await cluster.slotOf(key);
      const shards = (await askSlots(nodes[0]!.port)) as [number, number, [string, number]][];
      const owner = shards.find(([from, to]) => slot >= from && slot <= to);
      const node = nodes.find((n) => n.port === owner?.[2][1]);
      if (node === undefined) throw new Error(`no node serves slot ${slot}`);
      return node;
    },
    kill: (node) => stopProcess(node.process),
    async restart(node) {
      node.process = spawnNode(node.port, dirOf(node), args);
      await waitForPing(node);
      await waitForClusterOk(nodes);
    },
    stop,
  };
  return cluster;
}

/** `CLUSTER SLOTS`: `[from, to, [host, port, id], ...]` per range. */
async function askSlots(port: number): Promise<unknown> {
  const client = createClient({ url: `redis://127.0.0.1:${port}`, socket: { reconnectStrategy: false } });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await client.sendCommand(['CLUSTER', 'SLOTS']);
  } finally {
    client.destroy();
  }
}
