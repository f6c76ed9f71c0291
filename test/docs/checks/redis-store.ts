// Check "redis-store": runs the block's `redisRevocationStore` against an in-memory stand-in for
// node-redis (the commands the store uses, with EXAT expiry), directly and through `verify`. On a real
// Redis and a Redis Cluster, the same blocks run in examples/server/test/redis-recipe.test.ts.
import type { RedisClientType } from 'redis';
import { generateSecret, isJwtError, sign, verify } from 'webjwt';
import { redisRevocationStore } from './block.js';

const data = new Map<string, { value: string; exat: number }>();
const now = () => Math.floor(Date.now() / 1000);
const live = (key: string) => {
  const entry = data.get(key);
  return entry !== undefined && entry.exat > now() ? entry.value : null;
};
const fakeRedis = {
  async mGet(keys: string[]) {
    return keys.map(live);
  },
  async get(key: string) {
    return live(key);
  },
  async exists(key: string) {
    return live(key) === null ? 0 : 1;
  },
  async set(key: string, value: string, options?: { EXAT?: number; expiration?: { type: string; value: number } }) {
    const exat = options?.EXAT ?? (options?.expiration?.type === 'EXAT' ? options.expiration.value : undefined);
    if (exat === undefined) throw new Error('revocations must expire (EXAT)');
    data.set(key, { value, exat });
    return 'OK';
  },
};
const store = redisRevocationStore(fakeRedis as unknown as RedisClientType);
const t = now();

await store.revoke('jti-1', t + 60);
await store.revoke('jti-gone', t - 1);
const assert = (value: boolean, what: string) => {
  if (!value) throw new Error(what);
};
assert((await store.isRevoked({ jti: 'jti-1', sub: 'u1', iat: t })) === true, 'revoked jti');
assert((await store.isRevoked({ jti: 'jti-2', sub: 'u1', iat: t })) === false, 'other jti');
assert((await store.isRevoked({ jti: 'jti-gone', sub: 'u1', iat: t })) === false, 'expired revocation');
await store.revokeSubject!('u2', t, t + 60);
assert((await store.isRevoked({ jti: 'a', sub: 'u2', iat: t - 5 })) === true, 'subject: older token');
assert((await store.isRevoked({ jti: 'b', sub: 'u2', iat: t })) === false, 'subject: token issued at the cutoff');
assert((await store.isRevoked({ jti: 'c', sub: 'u3', iat: t - 5 })) === false, 'other subject');

const key = await generateSecret('HS256');
const token = await sign({ sub: 'u4' }, key, { expiresIn: '5m', jwtId: true });
const { payload } = await verify(token, key, { revocation: store });
await store.revoke(payload.jti!, payload.exp!);
const rejected = await verify(token, key, { revocation: store }).then(() => 'accepted', (err) => (isJwtError(err) ? err.code : String(err)));
assert(rejected === 'ERR_JWT_REVOKED', `verify after revoke: ${rejected}`);
console.log('redis-store check passed');
