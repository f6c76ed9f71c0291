/**
 * The Redis that holds revocations must never evict a key: with an evicting `maxmemory-policy`
 * (`allkeys-lru`, `volatile-ttl`...), a full Redis silently drops revoked token IDs, and those tokens
 * verify again. Every revocation key has a TTL, so even the `volatile-*` policies can pick them.
 * The server reads the policy at start and refuses to run unless it is `noeviction`; on a Redis
 * Cluster, on every master (each holds its share of the revocations).
 *
 * @module
 */
import { eachMaster, type Redis, type RedisClient } from './redis.js';

/**
 * Checks `maxmemory-policy` with `CONFIG GET`, or from `INFO memory` where CONFIG is disabled (as on
 * many managed services). When neither answers, it warns and lets the server start. On a cluster,
 * every master is asked; one that cannot be reached stops the start.
 *
 * @param redis - The connected client (or cluster) that holds revocations.
 * @param warn - Where the warning goes.
 * @throws Error (one line) when the policy evicts; `StoreUnavailableError` when a master is unreachable.
 * @example
 * ```ts
 * await checkNoEviction(redis, console.warn);
 * ```
 */
export async function checkNoEviction(redis: Redis, warn: (message: string) => void): Promise<void> {
  const policies = await eachMaster(redis, async (node) => (await policyFromConfig(node)) ?? (await policyFromInfo(node)));
  const evicting = policies.find((policy) => policy !== undefined && policy !== 'noeviction');
  if (evicting !== undefined) {
    throw new Error(
      `REDIS_URL: Redis evicts keys when full (maxmemory-policy ${evicting}), which could bring revoked tokens back: set maxmemory-policy noeviction`,
    );
  }
  if (policies.includes(undefined)) {
    warn('REDIS_URL: cannot read maxmemory-policy (CONFIG and INFO are disabled): make sure it is noeviction, or revoked tokens could come back');
  }
}

async function policyFromConfig(redis: RedisClient): Promise<string | undefined> {
  try {
    const reply = (await redis.configGet('maxmemory-policy')) as Record<string, string>;
    return reply['maxmemory-policy'] || undefined;
  } catch {
    return undefined;
  }
}

async function policyFromInfo(redis: RedisClient): Promise<string | undefined> {
  try {
    const info = await redis.info('memory');
    return /^maxmemory_policy:(\S+)/m.exec(info)?.[1];
  } catch {
    return undefined;
  }
}
