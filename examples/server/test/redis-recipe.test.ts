/**
 * The library's Redis revocation recipe, as the documents print it (README.md, README.zh-CN.md and
 * docs/recipes/revocation-stores.md, the blocks marked `check=redis-store`), run on a real Redis and
 * on a three-master Redis Cluster, directly and through `verify`. The docs suite runs the same
 * blocks against an in-memory stand-in; only a real cluster shows a command that crosses hash slots.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSecret, isJwtError, type RevocationStore, sign, verify } from 'webjwt';
import { SERVER_ROOT } from '../src/config.js';
import { REDIS_TARGETS, type RedisUnderTest } from './helpers/redis-targets.js';

const REPOSITORY = resolve(SERVER_ROOT, '../..');
const DOCUMENTS = ['README.md', 'README.zh-CN.md', 'docs/recipes/revocation-stores.md'];

type StoreFactory = (redis: RedisUnderTest['redis'], prefix?: string) => RevocationStore;

/** The `check=redis-store` block of a document, written as a module next to the tests and imported. */
async function recipeOf(document: string): Promise<StoreFactory> {
  const markdown = readFileSync(join(REPOSITORY, document), 'utf8');
  const blocks = [...markdown.matchAll(/^```ts check=redis-store[^\n]*\n([\s\S]*?)^```$/gm)].map((match) => match[1]!);
  expect(blocks, `${document} has one Redis recipe`).toHaveLength(1);
  const dir = join(SERVER_ROOT, 'test-results/redis-recipe');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${document.replace(/[^a-zA-Z0-9]+/g, '-')}.ts`);
  writeFileSync(file, blocks[0]!);
  const module = (await import(pathToFileURL(file).href)) as { redisRevocationStore: StoreFactory };
  return module.redisRevocationStore;
}

describe.each(REDIS_TARGETS)('the Redis revocation recipe of the documents ($name)', (target) => {
  let under: RedisUnderTest;
  beforeAll(async () => {
    under = await target.setup();
  });
  afterAll(async () => {
    await under?.teardown();
  });

  it.each(DOCUMENTS)('%s', async (document) => {
    const createStore = await recipeOf(document);
    // Every document's store under a prefix of its own (README's default would leave this run's prefix).
    const prefix = `${under.prefix}${document}:`;
    const store = createStore(under.redis, prefix);
    const t = Math.floor(Date.now() / 1000);
    const id = (name: string) => `${name}-${randomBytes(4).toString('hex')}`;

    // Token IDs whose keys land in many slots: with 48 random ones, on all three masters of the
    // cluster (all on two of them: 3 * (2/3)^48, about 1e-8).
    const jtis = Array.from({ length: 48 }, () => id('jti'));
    for (const jti of jtis) await store.revoke(jti, t + 60);
    for (const jti of jtis) expect(await store.isRevoked({ jti, sub: id('u'), iat: t })).toBe(true);
    expect(await store.isRevoked({ jti: id('other'), sub: id('u'), iat: t })).toBe(false);
    if (under.cluster) {
      const ports = new Set(await Promise.all(jtis.map(async (jti) => (await under.cluster!.nodeOf(`${prefix}jti:${jti}`)).port)));
      expect(ports.size).toBe(3);
    }

    const subject = id('subject');
    await store.revokeSubject!(subject, t, t + 60);
    expect(await store.isRevoked({ jti: id('a'), sub: subject, iat: t - 5 })).toBe(true);
    expect(await store.isRevoked({ jti: id('b'), sub: subject })).toBe(true);
    expect(await store.isRevoked({ jti: id('c'), sub: subject, iat: t })).toBe(false);
    // Expiry is Redis's own: the key carries the token's exp.
    expect(await under.redis.ttl(`${prefix}sub:${subject}`)).toBeGreaterThan(0);

    const key = await generateSecret('HS256');
    const token = await sign({ sub: id('user') }, key, { expiresIn: '5m', jwtId: true });
    const { payload } = await verify(token, key, { revocation: store });
    await store.revoke(payload.jti!, payload.exp!);
    const rejected = await verify(token, key, { revocation: store }).then(
      () => 'accepted',
      (err: unknown) => (isJwtError(err) ? err.code : String(err)),
    );
    expect(rejected).toBe('ERR_JWT_REVOKED');
  });
});
