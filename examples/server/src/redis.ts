/**
 * The Redis connection (node-redis 5), set up to fail fast and never hang: while Redis is down,
 * commands reject at once instead of queueing; while it is hung, every call gives up after the
 * command timeout; either way the failure is a {@link StoreUnavailableError}, so routes answer 503.
 * The client reconnects by itself and the routes recover when Redis is back.
 *
 * @module
 */
import { createClient, ErrorReply } from 'redis';
import { isRedisUnavailable, StoreUnavailableError } from './store-errors.js';

export type Redis = ReturnType<typeof createClient>;

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
}

/**
 * Connects to Redis and returns the client seen through {@link withDeadline}: every user (the
 * revocation store, the rate limiter, `/health`) gets the timeout without doing anything.
 *
 * @param url - `redis://` or `rediss://` URL.
 * @param options - Error reporting and the command timeout.
 * @returns A connected client.
 * @throws When the first connection attempt fails: the server does not start without its store.
 * @example
 * ```ts
 * const redis = await connectRedis('redis://127.0.0.1:6379', { onError: (err) => log.warn(err), commandTimeoutMs: 1000 });
 * ```
 */
export async function connectRedis(url: string, options: RedisOptions): Promise<Redis> {
  let connectedOnce = false;
  const client = createClient({
    url,
    disableOfflineQueue: true,
    // Replies a hung Redis owes are kept until it answers or the socket drops: bound them.
    commandsQueueMaxLength: 10_000,
    socket: {
      connectTimeout: 2_000,
      // At start, give up after a few tries (a wrong URL should stop the server); once connected,
      // retry forever, backing off to one attempt per second.
      reconnectStrategy: (retries: number, cause: Error) =>
        !connectedOnce && retries >= 3 ? new Error(`cannot connect to Redis: ${cause.message}`) : Math.min(50 * 2 ** retries, 1_000),
    },
  });
  client.on('error', options.onError);
  client.on('ready', () => (connectedOnce = true));
  try {
    await client.connect();
  } catch (err) {
    if (client.isOpen) client.destroy();
    throw err;
  }
  return withDeadline(client, options.commandTimeoutMs);
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
 * True when Redis answers PING (within the command timeout), for `/health`.
 *
 * @param redis - The client from {@link connectRedis}.
 * @example
 * ```ts
 * const ok = await pingRedis(redis);
 * ```
 */
export async function pingRedis(redis: Redis): Promise<boolean> {
  try {
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  }
}
