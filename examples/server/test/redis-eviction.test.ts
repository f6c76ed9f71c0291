/**
 * The Redis that holds revocations must never evict (issue 11, point 3): an evicting
 * `maxmemory-policy` could silently drop a revoked token ID and bring the token back. The server
 * refuses to start with one clear line; when the policy cannot be read (CONFIG disabled, as on many
 * managed services) it reads INFO instead, and when neither works it warns and starts. Each case runs
 * its own redis-server; the shared one is never reconfigured.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createDeps } from '../src/deps.js';
import { testConfig } from './helpers/env.js';
import { runMainToExit } from './helpers/main-process.js';
import { type PrivateRedis, startPrivateRedis } from './helpers/private-redis.js';

const EVICTING = ['--maxmemory', '10mb', '--maxmemory-policy', 'allkeys-lru'];
const REFUSAL =
  'REDIS_URL: Redis evicts keys when full (maxmemory-policy allkeys-lru), which could bring revoked tokens back: set maxmemory-policy noeviction';

describe('Redis eviction policy check', () => {
  let redis: PrivateRedis | undefined;
  afterEach(async () => {
    await redis?.stop();
    redis = undefined;
  });

  const config = (url: string) => testConfig({ REDIS_URL: url, REDIS_PREFIX: 'eviction-test:' });

  it('refuses to start on an evicting Redis, in one line', async () => {
    redis = await startPrivateRedis(EVICTING);
    await expect(createDeps(config(redis.url))).rejects.toThrow(REFUSAL);

    const { code, stdout, stderr } = await runMainToExit({ APP_PORT: '0', DATABASE_URL: 'sqlite::memory:', REDIS_URL: redis.url });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n').filter((line) => !line.startsWith('WARNING: SECRET_KEY'))).toEqual([`Failed to start: ${REFUSAL}`]);
  });

  it('reads the policy from INFO when CONFIG is disabled', async () => {
    redis = await startPrivateRedis([...EVICTING, '--rename-command', 'CONFIG', '']);
    await expect(createDeps(config(redis.url))).rejects.toThrow(REFUSAL);
  });

  it('warns and starts when the policy cannot be read at all', async () => {
    redis = await startPrivateRedis([...EVICTING, '--rename-command', 'CONFIG', '', '--rename-command', 'INFO', '']);
    const warnings: string[] = [];
    const deps = await createDeps(config(redis.url), { onWarning: (message) => warnings.push(message) });
    await deps.close();
    expect(warnings).toEqual([
      'REDIS_URL: cannot read maxmemory-policy (CONFIG and INFO are disabled): make sure it is noeviction, or revoked tokens could come back',
    ]);
  });

  it('starts on a Redis that does not evict', async () => {
    redis = await startPrivateRedis(['--maxmemory', '10mb', '--maxmemory-policy', 'noeviction']);
    const warnings: string[] = [];
    const deps = await createDeps(config(redis.url), { onWarning: (message) => warnings.push(message) });
    await deps.close();
    expect(warnings).toEqual([]);
  });
});
