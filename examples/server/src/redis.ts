/**
 * The Redis connection (node-redis 5), set up to fail fast and never hang: while Redis is down,
 * commands reject at once instead of queueing; while it is hung, every call gives up after the
 * command timeout; either way the failure is a {@link StoreUnavailableError}, so routes answer 503.
 * The client reconnects by itself and the routes recover when Redis is back.
 *
 * One Redis, or a Redis Cluster (`REDIS_CLUSTER=true`): both are a {@link Redis}, and the code that
 * uses it only sends commands whose keys share one hash slot, so it runs unchanged on either. What
 * must reach every node (PING for `/health`, the eviction policy) goes through {@link eachMaster}.
 *
 * @module
 */
import { createClient, createCluster, ErrorReply } from 'redis';
import { isRedisUnavailable, StoreUnavailableError } from './store-errors.js';

/** A connection to one Redis. */
export type RedisClient = ReturnType<typeof createClient>;
/** A connection to a Redis Cluster, which routes each command to the master of its key's slot. */
export type RedisCluster = ReturnType<typeof createCluster>;
/** Either: what the revocation store, the rate limiter and `/health` take. */
export type Redis = RedisClient | RedisCluster;

/** Where a client seen through {@link withDeadline} tells its deadline (for the per-master connections). */
const DEADLINE_MS = Symbol('deadlineMs');

/** A Redis call did not settle within the command timeout. */
export class RedisTimeoutError extends Error {
  override name = 'RedisTimeoutError';
  constructor(readonly timeoutMs: number) {
    super(`Redis did not answer within ${timeoutMs} ms`);
  }
}

/** Options of {@link connectRedis}. */
export interface RedisOptions {
  /** Called for connection errors (they are expected during an outage; never thrown). */
  onError: (err: Error) => void;
  /** Deadline of every call, from the call to the reply. */
  commandTimeoutMs: number;
  /** Opening a connection, at start and on each reconnect (default 2000 ms). */
  connectTimeoutMs?: number;
  /** `url` lists the seed nodes of a Redis Cluster, separated by commas. */
  cluster?: boolean;
}

/**
 * Connects to Redis (or a Redis Cluster) and returns the client seen through {@link withDeadline}:
 * every user (the revocation store, the rate limiter, `/health`) gets the timeout without doing anything.
 *
 * @param url - `redis://` or `rediss://` URL; with `cluster`, several separated by commas.
 * @param options - Error reporting, the command and connect timeouts, cluster or not.
 * @returns A connected client.
 * @throws When the first connection attempt fails: the server does not start without its store.
 * @example
 * ```ts
 * const redis = await connectRedis('redis://127.0.0.1:6379', { onError: (err) => log.warn(err), commandTimeoutMs: 1000 });
 * ```
 */
export async function connectRedis(url: string, options: RedisOptions): Promise<Redis> {
  let connectedOnce = false;
  const clientOptions = {
    disableOfflineQueue: true,
    // Replies a hung Redis owes are kept until it answers or the socket drops: bound them.
    commandsQueueMaxLength: 10_000,
    socket: {
      connectTimeout: options.connectTimeoutMs ?? 2_000,
      // At start, give up after a few tries (a wrong URL should stop the server); once connected,
      // retry forever, backing off to one attempt per second.
      reconnectStrategy: (retries: number, cause: Error) =>
        !connectedOnce && retries >= 3 ? new Error(`cannot connect to Redis: ${cause.message}`) : Math.min(50 * 2 ** retries, 1_000),
    },
  };
  const client: Redis = options.cluster
    ? createCluster({ rootNodes: url.split(',').map((seed) => ({ url: seed.trim() })), defaults: clientOptions })
    : createClient({ url, ...clientOptions });
  // A cluster says only "All the root nodes are unavailable": keep why each seed failed.
  let seedError: Error | undefined;
  client.on('error', (err: Error) => {
    if (!connectedOnce) seedError = err;
    options.onError(err);
  });
  try {
    await client.connect();
    connectedOnce = true;
  } catch (err) {
    client.destroy();
    if (options.cluster) throw new Error(`cannot connect to the Redis Cluster: ${(seedError ?? (err as Error)).message}`, { cause: err });
    throw err;
  }
  return withDeadline(client, options.commandTimeoutMs);
}

/**
 * Runs `command` on the one Redis, or on every master of a cluster (each master's connection gets
 * the deadline of `redis`, see {@link withDeadline}).
 *
 * @param redis - The client from {@link connectRedis}.
 * @param command - What to ask each node.
 * @returns The answers, one per master.
 * @throws What `command` throws, or {@link StoreUnavailableError} when a master cannot be reached.
 * @example
 * ```ts
 * const policies = await eachMaster(redis, (node) => node.configGet('maxmemory-policy'));
 * ```
 */
export async function eachMaster<T>(redis: Redis, command: (node: RedisClient) => Promise<T>): Promise<T[]> {
  if (!isCluster(redis)) return [await command(redis)];
  const timeoutMs = (redis as Partial<Record<typeof DEADLINE_MS, number>>)[DEADLINE_MS];
  return Promise.all(
    redis.masters.map(async (master) => {
      const node = (await redis.nodeClient(master)) as RedisClient;
      return command(timeoutMs === undefined ? node : withDeadline(node, timeoutMs));
    }),
  );
}

/**
 * True when `redis` is a cluster connection.
 *
 * @param redis - A client from {@link connectRedis}.
 * @example
 * ```ts
 * if (isCluster(redis)) console.log(redis.masters.length);
 * ```
 */
export function isCluster(redis: Redis): redis is RedisCluster {
  return 'masters' in redis;
}

/**
 * Closes the connection: politely when Redis is up (pending replies are read), at once when it is
 * down (there is nothing to wait for).
 *
 * @param redis - A client from {@link connectRedis}.
 * @example
 * ```ts
 * await closeRedis(redis);
 * ```
 */
export async function closeRedis(redis: Redis): Promise<void> {
  const ready = isCluster(redis) ? redis.isOpen && (await pingRedis(redis)) : redis.isReady;
  if (ready) await redis.close();
  else redis.destroy();
}

/**
 * `target` with a deadline on every call that returns a promise (a command, `multi().exec()`, a scan
 * step), and its failures tagged {@link StoreUnavailableError}. Objects returned by calls (a `multi()`
 * builder, an iterator) are wrapped the same way. Why not node-redis's own options: its per-command
 * `timeout` and `AbortSignal` only cover a command not yet written to the socket, and its
 * `socketTimeout` is reset by every write, so under load neither bounds the wait for a hung Redis.
 *
 * @param target - A node-redis client (or an object it returned).
 * @param timeoutMs - The deadline of each call.
 * @returns The same type, bounded.
 * @example
 * ```ts
 * const redis = withDeadline(client, 1000);
 * await redis.get('k'); // rejects with StoreUnavailableError after 1 s if Redis hangs
 * ```
 */
export function withDeadline<T extends object>(target: T, timeoutMs: number): T {
  return new Proxy(target, {
    get(object, property) {
      if (property === DEADLINE_MS) return timeoutMs;
      const value: unknown = Reflect.get(object, property, object);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const result: unknown = value.apply(object, args);
        if (result instanceof Promise) return settleWithin(result, timeoutMs);
        return typeof result === 'object' && result !== null ? withDeadline(result, timeoutMs) : result;
      };
    },
  });
}

async function settleWithin<V>(promise: Promise<V>, timeoutMs: number): Promise<V> {
  promise.catch(() => undefined); // a reply that comes after the deadline is dropped, not unhandled
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new RedisTimeoutError(timeoutMs)), timeoutMs)));
  try {
    return await Promise.race([promise, deadline]);
  } catch (err) {
    throw isRedisUnavailable(err, err instanceof ErrorReply) ? new StoreUnavailableError('redis', err) : err;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * True when Redis answers PING (within the command timeout), for `/health`; on a cluster, when every
 * master answers (a master down makes the requests whose keys it holds fail).
 *
 * @param redis - The client from {@link connectRedis}.
 * @example
 * ```ts
 * const ok = await pingRedis(redis);
 * ```
 */
export async function pingRedis(redis: Redis): Promise<boolean> {
  try {
    const replies = await eachMaster(redis, (node) => node.ping());
    return replies.every((reply) => reply === 'PONG');
  } catch {
    return false;
  }
}
