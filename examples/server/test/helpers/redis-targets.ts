/**
 * The two Redis deployments the Redis tests run against: the shared Redis (keys under a prefix of
 * this run, deleted afterwards) and a private three-master Redis Cluster (stopped afterwards).
 * Code that works on the cluster sends no command whose keys cross hash slots: Redis would answer
 * CROSSSLOT.
 */
import { createClient, createCluster } from 'redis';
import type { Redis } from '../../src/redis.js';
import { createRedisPrefix, SHARED_REDIS_URL } from './env.js';
import { type PrivateCluster, startRedisCluster } from './redis-cluster.js';

/** A connected Redis of a test, and the settings that point the server at it. */
export interface RedisUnderTest {
  /** A plain node-redis client or cluster client (no deadline), for the test's own checks. */
  redis: Redis;
  prefix: string;
  env: Record<string, string>;
  /** Present for the cluster: to kill and restart masters. */
  cluster?: PrivateCluster;
  teardown(): Promise<void>;
}

export interface RedisTarget {
  name: string;
  setup(): Promise<RedisUnderTest>;
}

export const REDIS_TARGETS: RedisTarget[] = [
  {
    name: 'one Redis',
    async setup() {
      const prefix = createRedisPrefix();
      const redis = createClient({ url: SHARED_REDIS_URL });
      await redis.connect();
      return {
        redis,
        prefix: prefix.prefix,
        env: { REDIS_URL: SHARED_REDIS_URL, REDIS_PREFIX: prefix.prefix },
        async teardown() {
          if (redis.isOpen) redis.destroy();
          await prefix.cleanup();
        },
      };
    },
  },
  {
    name: 'Redis Cluster',
    async setup() {
      const cluster = await startRedisCluster();
      const redis = createCluster({ rootNodes: cluster.nodes.map((node) => ({ url: node.url })) });
      redis.on('error', () => undefined);
      try {
        await redis.connect();
      } catch (err) {
        await cluster.stop();
        throw err;
      }
      return {
        redis,
        prefix: 'cluster-test:',
        cluster,
        env: { REDIS_URL: cluster.url, REDIS_CLUSTER: 'true', REDIS_PREFIX: 'cluster-test:' },
        async teardown() {
          redis.destroy();
          await cluster.stop();
        },
      };
    },
  },
];
