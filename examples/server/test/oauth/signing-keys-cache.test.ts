/**
 * The signing keys each instance keeps in memory: read once, reloaded on a timer, reloaded for an
 * unknown `kid` at most once per interval (random kids cannot cost a query each), and kept in use
 * when a reload fails (the database is down).
 */
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isJwtError } from 'webjwt';
import { type Db, migrate, openDatabase } from '../../src/database.js';
import { storeFailure } from '../../src/http-errors.js';
import { createSigningKeys, PUBLISH_BEFORE_SIGNING_SECONDS, rotateSigningKey, type SigningKeys } from '../../src/oauth/signing-keys.js';
import { oauthDb } from '../../src/oauth/tables.js';
import { StoreUnavailableError } from '../../src/store-errors.js';
import { eventually } from '../helpers/processes.js';

/** Counts the queries and, when `down`, fails them as an unreachable database would. */
class Spy implements KyselyPlugin {
  queries = 0;
  down = false;
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.queries++;
    if (this.down) throw new StoreUnavailableError('database', new Error('connection refused'));
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

describe('signing keys in memory', () => {
  let db: Db;
  let spy: Spy;
  let keys: SigningKeys | undefined;
  const now = () => Math.floor(Date.now() / 1000);

  beforeEach(async () => {
    db = openDatabase({ kind: 'sqlite', file: ':memory:' });
    await migrate(db, 'sqlite');
    await rotateSigningKey(oauthDb(db), 'ES256', now(), 0);
    spy = new Spy();
  });
  afterEach(async () => {
    keys?.close();
    await db.destroy();
  });

  const open = (options: Parameters<typeof createSigningKeys>[2]) => createSigningKeys(oauthDb(db.withPlugin(spy)), Date.now, options);
  const randomKid = () => ({ alg: 'ES256' as const, kid: crypto.randomUUID() });

  it('signs and publishes without a query per call', async () => {
    keys = await open({ reloadMs: 60_000 });
    const loads = spy.queries;
    for (let i = 0; i < 50; i++) {
      await keys.active();
      await keys.jwks();
    }
    expect(spy.queries).toBe(loads);
  });

  it('reloads for an unknown kid at most once per interval, and finds a key rotated elsewhere', async () => {
    keys = await open({ reloadMs: 60_000, unknownKidReloadMs: 60_000 });
    const loads = spy.queries;
    const rotation = (await rotateSigningKey(oauthDb(db), 'ES256', now(), 600))!;
    // The first unknown kid reloads (and the rotated key is then known); 100 random ones cost nothing more.
    await expect(keys.keySet.getKey({ alg: 'ES256', kid: rotation.kid })).resolves.toBeDefined();
    expect(spy.queries).toBe(loads + 1);
    for (let i = 0; i < 100; i++) {
      await expect(keys.keySet.getKey(randomKid())).rejects.toMatchObject({ code: 'ERR_KEY_NOT_FOUND' });
    }
    expect(spy.queries).toBe(loads + 1);
    expect((await keys.active()).kid).toBe(rotation.kid);
  });

  it('concurrent unknown kids share one reload', async () => {
    keys = await open({ reloadMs: 60_000, unknownKidReloadMs: 0 });
    const loads = spy.queries;
    await Promise.allSettled(Array.from({ length: 50 }, () => keys!.keySet.getKey(randomKid())));
    expect(spy.queries - loads).toBeLessThan(50);
  });

  it('picks up a rotation on its timer', async () => {
    keys = await open({ reloadMs: 100 });
    const rotation = (await rotateSigningKey(oauthDb(db), 'ES256', now(), 600))!;
    await eventually(async () => (await keys!.active()).kid === rotation.kid, 10_000);
    expect((await keys.jwks()).keys).toHaveLength(2);
  });

  it('keeps serving the keys it has while the database is down, and reports the failed reloads', async () => {
    const errors: unknown[] = [];
    keys = await open({ reloadMs: 50, unknownKidReloadMs: 0, onReloadError: (err) => errors.push(err) });
    const { kid } = await keys.active();
    spy.down = true;
    await eventually(async () => errors.length >= 2, 10_000);
    expect((await keys.active()).kid).toBe(kid);
    expect((await keys.jwks()).keys.map((k) => (k as { kid: string }).kid)).toEqual([kid]);
    await expect(keys.keySet.getKey({ alg: 'ES256', kid })).resolves.toBeDefined();
    // An unknown kid cannot be looked up: an outage (503), not "invalid token".
    const err = await keys.keySet.getKey(randomKid()).catch((e: unknown) => e);
    expect(isJwtError(err, 'ERR_KEY_NOT_FOUND')).toBe(true);
    expect(storeFailure(err)?.statusCode).toBe(503);
    spy.down = false;
  });

  /** A key set whose clock the test moves (seconds added to the real time). */
  const openAt = async (offset: { seconds: number }) => {
    const opened = await createSigningKeys(oauthDb(db.withPlugin(spy)), () => Date.now() + offset.seconds * 1000, { reloadMs: 60_000, unknownKidReloadMs: 60_000 });
    keys = opened;
    return opened;
  };
  const publishedKids = async (set: SigningKeys) => (await set.jwks()).keys.map((k) => (k as { kid: string }).kid);

  it('publishes a rotated key at once but signs with it only from its signs_from (database clock)', async () => {
    const offset = { seconds: 0 };
    const set = await openAt(offset);
    const old = await set.active();
    const rotation = (await rotateSigningKey(oauthDb(db), 'ES256', now(), 600, { publishSeconds: PUBLISH_BEFORE_SIGNING_SECONDS }))!;
    expect(rotation.signsFrom).toBeGreaterThanOrEqual(now() + PUBLISH_BEFORE_SIGNING_SECONDS - 2);
    expect(rotation.retired).toEqual([{ kid: old.kid, retireAfter: rotation.signsFrom + 600 }]);
    await set.reload();
    // Published and verifiable now; nobody signs with it yet.
    expect(await publishedKids(set)).toEqual(expect.arrayContaining([old.kid, rotation.kid]));
    await expect(set.keySet.getKey({ alg: 'ES256', kid: rotation.kid })).resolves.toBeDefined();
    expect((await set.active()).kid).toBe(old.kid);
    offset.seconds = rotation.signsFrom - now() - 1;
    expect((await set.active()).kid).toBe(old.kid);
    offset.seconds = rotation.signsFrom - now() + 1;
    expect((await set.active()).kid).toBe(rotation.kid);
    // The old key stays published for the tokens it signed until then.
    expect(await publishedKids(set)).toEqual(expect.arrayContaining([old.kid, rotation.kid]));
    offset.seconds = rotation.signsFrom + 600 - now() + 1;
    expect(await publishedKids(set)).toEqual([rotation.kid]);
  });

  it('rotated as compromised: the new key signs at once and no earlier key stays published', async () => {
    const offset = { seconds: 0 };
    const set = await openAt(offset);
    const old = await set.active();
    // An earlier rotation left a retired key published for its tokens.
    const middle = (await rotateSigningKey(oauthDb(db), 'ES256', now(), 600))!;
    const rotation = (await rotateSigningKey(oauthDb(db), 'ES256', now(), 600, { publishSeconds: PUBLISH_BEFORE_SIGNING_SECONDS, compromised: true }))!;
    expect(rotation.signsFrom).toBeLessThanOrEqual(now());
    expect(rotation.retired).toEqual([{ kid: middle.kid, retireAfter: rotation.signsFrom }]);
    await set.reload();
    offset.seconds = 1;
    expect((await set.active()).kid).toBe(rotation.kid);
    expect(await publishedKids(set)).toEqual([rotation.kid]);
    for (const kid of [old.kid, middle.kid]) await expect(set.keySet.getKey({ alg: 'ES256', kid })).rejects.toThrow();
  });

  it('rotated twice quickly: the old key signs until the first signs_from, the last key after its own, all three published', async () => {
    const offset = { seconds: 0 };
    const set = await openAt(offset);
    const old = await set.active();
    const first = (await rotateSigningKey(oauthDb(db), 'ES256', now(), 600, { publishSeconds: PUBLISH_BEFORE_SIGNING_SECONDS }))!;
    const second = (await rotateSigningKey(oauthDb(db), 'ES256', now(), 600, { publishSeconds: PUBLISH_BEFORE_SIGNING_SECONDS }))!;
    expect(second.retired).toEqual([{ kid: first.kid, retireAfter: second.signsFrom + 600 }]);
    await set.reload();
    expect(new Set(await publishedKids(set))).toEqual(new Set([old.kid, first.kid, second.kid]));
    expect((await set.active()).kid).toBe(old.kid);
    offset.seconds = second.signsFrom - now() + 1;
    expect((await set.active()).kid).toBe(second.kid);
    for (const kid of [old.kid, first.kid, second.kid]) await expect(set.keySet.getKey({ alg: 'ES256', kid })).resolves.toBeDefined();
  });

  it('a lagging instance whose unknown-kid reload made-up kids used up verifies the new key as soon as anyone signs with it', async () => {
    const signer = await createSigningKeys(oauthDb(db), () => Date.now() + 3_600_000, { reloadMs: 60_000 });
    try {
      // The lagging instance: its periodic reload (short here, up to 30 s in production) is all it has left.
      keys = await open({ reloadMs: 200, unknownKidReloadMs: 3_600_000 });
      const lagging = keys;
      await expect(lagging.keySet.getKey(randomKid())).rejects.toMatchObject({ code: 'ERR_KEY_NOT_FOUND' });
      const rotation = (await rotateSigningKey(oauthDb(db), 'ES256', now(), 600, { publishSeconds: PUBLISH_BEFORE_SIGNING_SECONDS }))!;
      await eventually(async () => (await publishedKids(lagging)).includes(rotation.kid), 10_000);
      // The signer's clock is past signs_from: it signs with the new key, which the lagging one already knows.
      await signer.reload();
      expect((await signer.active()).kid).toBe(rotation.kid);
      for (let i = 0; i < 20; i++) await expect(lagging.keySet.getKey(randomKid())).rejects.toMatchObject({ code: 'ERR_KEY_NOT_FOUND' });
      await expect(lagging.keySet.getKey({ alg: 'ES256', kid: rotation.kid })).resolves.toBeDefined();
    } finally {
      signer.close();
    }
  });

  it('a key loaded before the database went down starts signing at its signs_from during the outage', async () => {
    const offset = { seconds: 0 };
    const set = await openAt(offset);
    const rotation = (await rotateSigningKey(oauthDb(db), 'ES256', now(), 600, { publishSeconds: PUBLISH_BEFORE_SIGNING_SECONDS }))!;
    await set.reload();
    spy.down = true;
    await expect(set.reload()).rejects.toBeInstanceOf(StoreUnavailableError);
    offset.seconds = rotation.signsFrom - now() + 1;
    expect((await set.active()).kid).toBe(rotation.kid);
    spy.down = false;
  });

  it('refuses to start without its keys', async () => {
    spy.down = true;
    await expect(open({ reloadMs: 60_000 })).rejects.toBeInstanceOf(StoreUnavailableError);
  });
});
