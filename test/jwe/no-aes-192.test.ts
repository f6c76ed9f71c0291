/**
 * A runtime without AES-192 (Chromium's Web Crypto refuses 192-bit AES keys), simulated in Node:
 * every pair that needs AES-192 fails with the one clear ERR_KEY_INVALID naming the algorithm,
 * whether the 192-bit key is the caller's (A192KW, A192GCMKW), derived (ECDH-ES+A192KW,
 * PBES2-HS384+A192KW) or the content key (A192GCM, A192CBC-HS384); and a valid token made where
 * AES-192 exists is not reported as undecryptable. The portable suite shows the same in Chromium.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  CONTENT_ENCRYPTION_ALGORITHMS,
  type ContentEncryptionAlgorithm,
  decryptCompact,
  encryptCompact,
  KEY_MANAGEMENT_ALGORITHMS,
  type KeyManagementAlgorithm,
} from '../../src/index.js';
import { encryptOptionsFor, flipBit, join, keysFor, rejection, split } from './helpers.js';

const AES = ['AES-GCM', 'AES-CBC', 'AES-KW'];
const nameOf = (algorithm: AlgorithmIdentifier) => (typeof algorithm === 'string' ? algorithm : algorithm.name);

/** Makes crypto.subtle refuse 192-bit AES keys as Chromium does (same exception), or `refuse` for other keys. */
function withoutAes192(refuse: (name: string, bytes: number) => boolean = (_, bytes) => bytes === 24): void {
  const importKey = crypto.subtle.importKey.bind(crypto.subtle);
  vi.spyOn(crypto.subtle, 'importKey').mockImplementation(((format: KeyFormat, data: BufferSource | JsonWebKey, algorithm: AlgorithmIdentifier, ...rest: [boolean, KeyUsage[]]) => {
    if (format === 'raw' && AES.includes(nameOf(algorithm)) && refuse(nameOf(algorithm), (data as ArrayBufferView).byteLength)) {
      return Promise.reject(new DOMException('192-bit AES keys are not supported', 'OperationError'));
    }
    return importKey(format as 'raw', data as BufferSource, algorithm, ...rest);
  }) as typeof crypto.subtle.importKey);
}

const NO_AES_192 = /^This runtime's Web Crypto has no AES-192, which (\S+) needs; use a 128- or 256-bit variant$/;

async function expectNoAes192(action: Promise<unknown>, alg: KeyManagementAlgorithm, enc: ContentEncryptionAlgorithm): Promise<void> {
  const error = await rejection(action, 'ERR_KEY_INVALID');
  const named = NO_AES_192.exec(error.message)?.[1];
  expect(named, error.message).toBeDefined();
  expect([alg, enc]).toContain(named);
  expect(named).toContain('192');
}

const PAIRS_NEEDING_AES_192 = KEY_MANAGEMENT_ALGORITHMS.flatMap((alg) =>
  CONTENT_ENCRYPTION_ALGORITHMS.filter((enc) => alg.includes('192') || enc.includes('192')).map((enc) => [alg, enc] as const),
);

afterEach(() => vi.restoreAllMocks());

describe('without AES-192: encrypting', () => {
  it.each(PAIRS_NEEDING_AES_192)('%s + %s: ERR_KEY_INVALID naming what needs AES-192', async (alg, enc) => {
    withoutAes192();
    await expectNoAes192(
      (async () => {
        const { encryptKey } = await keysFor(alg, enc);
        return encryptCompact('secret', encryptKey, encryptOptionsFor(alg));
      })(),
      alg,
      enc,
    );
  });
});

describe('without AES-192: decrypting a valid token made where AES-192 exists', () => {
  const MADE_ELSEWHERE: readonly (readonly [KeyManagementAlgorithm, ContentEncryptionAlgorithm])[] = [
    ['ECDH-ES+A192KW', 'A128GCM'],
    ['PBES2-HS384+A192KW', 'A256CBC-HS512'],
    ['A128KW', 'A192GCM'],
    ['RSA-OAEP-256', 'A192CBC-HS384'],
    ['ECDH-ES', 'A192GCM'],
  ];

  it.each(MADE_ELSEWHERE)('%s + %s: ERR_KEY_INVALID naming it, not ERR_JWE_DECRYPTION_FAILED; tampered, the same error (no oracle)', async (alg, enc) => {
    const { encryptKey, decryptKey } = await keysFor(alg, enc);
    const token = await encryptCompact('secret', encryptKey, encryptOptionsFor(alg));
    const s = split(token);
    const tampered = [
      join({ ...s, tag: flipBit(s.tag) }),
      ...(s.encryptedKey === '' ? [] : [join({ ...s, encryptedKey: flipBit(s.encryptedKey) })]),
    ];
    withoutAes192();
    for (const t of [token, ...tampered]) await expectNoAes192(decryptCompact(t, decryptKey), alg, enc);
  });
});

describe('a derived key-encryption key refused for another reason keeps its own failure', () => {
  const refuse256 = (name: string, bytes: number) => name === 'AES-KW' && bytes === 32;

  it('encrypting: ERR_KEY_INVALID about AES key wrap', async () => {
    const { encryptKey } = await keysFor('ECDH-ES+A256KW', 'A128GCM');
    withoutAes192(refuse256);
    const error = await rejection(encryptCompact('secret', encryptKey), 'ERR_KEY_INVALID');
    expect(error.message).toBe('The key cannot wrap with AES key wrap (an AES key of 16, 24 or 32 bytes is needed)');
  });

  it('decrypting: the one ERR_JWE_DECRYPTION_FAILED', async () => {
    const { encryptKey, decryptKey } = await keysFor('PBES2-HS512+A256KW', 'A128GCM');
    const token = await encryptCompact('secret', encryptKey, encryptOptionsFor('PBES2-HS512+A256KW'));
    withoutAes192(refuse256);
    const error = await rejection(decryptCompact(token, decryptKey), 'ERR_JWE_DECRYPTION_FAILED');
    expect(error.message).toBe('The token cannot be decrypted with this key');
  });
});
