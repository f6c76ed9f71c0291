/**
 * RFC 7516 section 11.5: when the encrypted key does not decrypt, decryption carries on with a
 * random content encryption key and fails at the content step, as it would for any other
 * tampering. Observed here by counting the content step's calls and the keys it was given.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { decryptCompact, encryptCompact } from '../../src/index.js';
import { contentEncryptionSpec } from '../../src/jwe/algorithms.js';
import { encryptOptionsFor, flipBit, join, keysFor, type Pair, rejection, split } from './helpers.js';

const calls = vi.hoisted(() => ({ decrypt: 0, prepared: [] as Uint8Array[] }));

vi.mock('../../src/jwe/content/index.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/jwe/content/index.js')>();
  return {
    ...original,
    prepareContentKey: (enc: Parameters<typeof original.prepareContentKey>[0], cek: Uint8Array) => {
      calls.prepared.push(cek);
      return original.prepareContentKey(enc, cek);
    },
    decryptContent: (...args: Parameters<typeof original.decryptContent>) => {
      calls.decrypt++;
      return original.decryptContent(...args);
    },
  };
});

const PAIRS: readonly Pair[] = [
  ['A256KW', 'A128CBC-HS256'],
  ['A128GCMKW', 'A256GCM'],
  ['RSA-OAEP-256', 'A256GCM'],
  ['ECDH-ES+A256KW', 'A192CBC-HS384'],
  ['PBES2-HS256+A128KW', 'A128GCM'],
];

describe.each(PAIRS)('%s / %s with a tampered encrypted key', (alg, enc) => {
  let token: string;
  let decryptKey: Awaited<ReturnType<typeof keysFor>>['decryptKey'];

  beforeAll(async () => {
    const keys = await keysFor(alg, enc);
    decryptKey = keys.decryptKey;
    token = await encryptCompact('secret', keys.encryptKey, encryptOptionsFor(alg));
  });

  it('still reaches the content step, with a random key of the right length', async () => {
    calls.decrypt = 0;
    calls.prepared = [];
    const tampered = join({ ...split(token), encryptedKey: flipBit(split(token).encryptedKey, 5) });
    await rejection(decryptCompact(tampered, decryptKey), 'ERR_JWE_DECRYPTION_FAILED');
    expect(calls.decrypt).toBe(1);
    expect(calls.prepared).toHaveLength(1);
    const first = calls.prepared[0]!;
    expect(first).toHaveLength(contentEncryptionSpec(enc)!.cekBytes);
    await rejection(decryptCompact(tampered, decryptKey), 'ERR_JWE_DECRYPTION_FAILED');
    // A fresh random key each time, never a fixed one an attacker could aim for.
    expect(calls.prepared[1]).not.toEqual(first);
  });
});
