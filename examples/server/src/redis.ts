/**
 * The Redis connection (node-redis 5), set up to fail fast: while Redis is down, commands reject
 * at once instead of queueing, so protected routes answer 503 quickly; the client reconnects by
 * itself and the routes recover when Redis is back.
 *
 * @module
 */
import { createClient } from 'redis';

export type Redis = ReturnType<typeof createClient>;

/**
 * Connects to Redis.
 *
 * @param url - `redis://` or `rediss://` URL.
 * @param onError - Called for connection errors (they are expected during an outage; never thrown).
 * @returns A connected client.
 * @throws When the first connection attempt fails: the server does not start without its store.
 * @example
 * ```ts
 * const redis = await connectRedis('redis://127.0.0.1:6379', (err) => log.warn(err));
 * ```
 */
export async function connectRedis(url: string, onError: (err: Error) => void): Promise<Redis> {
  let connectedOnce = false;
  const client = createClient({
    url,
    disableOfflineQueue: true,
    socket: {
      connectTimeout: 2_000,
      // At start, give up after a few tries (a wrong URL should stop the server); once connected,
      // retry forever, backing off to one attempt per second.
      reconnectStrategy: (retries: number, cause: Error) =>
        !connectedOnce && retries >= 3 ? new Error(`cannot connect to Redis: ${cause.message}`) : Math.min(50 * 2 ** retries, 1_000),
    },
  });
  client.on('error', onError);
  client.on('ready', () => (connectedOnce = true));
  try {
    await client.connect();
  } catch (err) {
    if (client.isOpen) client.destroy();
    throw err;
  }
  return client;
}

/**
 * True when Redis answers PING within a second (for `/health`).
 *
 * @param redis - The client.
 * @example
 * ```ts
 * const ok = await pingRedis(redis);
 * ```
 */
export async function pingRedis(redis: Redis): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), 1_000)));
    return (await Promise.race([redis.ping(), timeout])) === 'PONG';
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
