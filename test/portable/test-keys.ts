/**
 * Keys the attack suites share, generated once per library copy with the library itself.
 *
 * @module
 */
import type { Lib } from './harness.js';

type JwtKey = Awaited<ReturnType<Lib['importKey']>>;

/** A key pair made by `generateKeyPair`. */
export interface Pair {
  publicKey: JwtKey;
  privateKey: JwtKey;
}

/** The shared keys. `secret` is the raw HS256 key, so tests can forge MACs over any bytes. */
export interface TestKeys {
  secret: Uint8Array;
  hs256: JwtKey;
  rs256: Pair;
  ps256: Pair;
  es256: Pair;
  es384: Pair;
  es512: Pair;
  eddsa: Pair;
  /** A second ES256 pair: the attacker's. */
  attacker: Pair;
}

const cache = new WeakMap<object, Promise<TestKeys>>();

async function generate(lib: Lib): Promise<TestKeys> {
  const secret = crypto.getRandomValues(new Uint8Array(32));
  const [hs256, rs256, ps256, es256, es384, es512, eddsa, attacker] = await Promise.all([
    lib.importKey(secret, 'HS256', { kid: 'hs' }),
    lib.generateKeyPair('RS256', { kid: 'rs' }),
    lib.generateKeyPair('PS256', { kid: 'ps' }),
    lib.generateKeyPair('ES256', { kid: 'es' }),
    lib.generateKeyPair('ES384'),
    lib.generateKeyPair('ES512'),
    lib.generateKeyPair('EdDSA'),
    lib.generateKeyPair('ES256', { kid: 'es' }),
  ]);
  return { secret, hs256, rs256, ps256, es256, es384, es512, eddsa, attacker };
}

/** The shared keys for `lib`, generated on first use. */
export function testKeys(lib: Lib): Promise<TestKeys> {
  let keys = cache.get(lib);
  if (keys === undefined) {
    keys = generate(lib);
    cache.set(lib, keys);
  }
  return keys;
}
