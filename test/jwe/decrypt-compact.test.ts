/**
 * decryptCompact's policy and its one failure. Each attack is a test asserting its exact code:
 * a token never chooses how it is decrypted (alg and enc must be the key's and allowed), extensions
 * and compression are opt-in, and every cryptographic failure, whichever step it happens at, is the
 * same ERR_JWE_DECRYPTION_FAILED with the same message (RFC 7516 section 11.5).
 */
import { deflateRawSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  decryptCompact,
  encryptCompact,
  generateEncryptionKey,
  generateEncryptionKeyPair,
  importEncryptionKey,
  type JweHeader,
  type JweKey,
} from '../../src/index.js';
import { encodeHeader, encryptOptionsFor, flipBit, join, keysFor, type Pair, PASSWORD, rejection, split, withHeader } from './helpers.js';

const FAILED = 'The token cannot be decrypted with this key';

let dirKey: JweKey;
let token: string;

beforeAll(async () => {
  dirKey = await generateEncryptionKey('dir', 'A256GCM', { kid: 'dir-1' });
  token = await encryptCompact('hello', dirKey);
});

describe('the token never chooses the algorithms', () => {
  it('refuses an alg outside keyManagementAlgorithms, naming it', async () => {
    const error = await rejection(decryptCompact(token, dirKey, { keyManagementAlgorithms: ['A256KW'] }), 'ERR_JWE_ALG_NOT_ALLOWED');
    expect(error.message).toBe("The token's algorithm dir is not allowed (allowed: A256KW)");
  });

  it('refuses an enc outside contentEncryptionAlgorithms, naming it', async () => {
    const error = await rejection(decryptCompact(token, dirKey, { contentEncryptionAlgorithms: ['A128GCM', 'A128CBC-HS256'] }), 'ERR_JWE_ALG_NOT_ALLOWED');
    expect(error.message).toBe("The token's content encryption A256GCM is not allowed (allowed: A128GCM, A128CBC-HS256)");
  });

  it('accepts when both lists include the pair', async () => {
    const options = { keyManagementAlgorithms: ['dir', 'A256KW'], contentEncryptionAlgorithms: ['A256GCM'] } as const;
    expect((await decryptCompact(token, dirKey, options)).plaintext.length).toBe(5);
  });

  it('refuses a key bound to another alg (A128KW key, A256KW token)', async () => {
    const a256 = await keysFor('A256KW', 'A256GCM');
    const a128 = await keysFor('A128KW', 'A256GCM');
    const wrapped = await encryptCompact('x', a256.encryptKey);
    const error = await rejection(decryptCompact(wrapped, a128.decryptKey), 'ERR_JWE_ALG_NOT_ALLOWED');
    expect(error.message).toBe("The token's algorithm A256KW does not match the key's A128KW");
  });

  it('refuses a key bound to another enc', async () => {
    const other = await generateEncryptionKey('dir', 'A128CBC-HS256');
    const error = await rejection(decryptCompact(token, other), 'ERR_JWE_ALG_NOT_ALLOWED');
    expect(error.message).toBe("The token's content encryption A256GCM does not match the key's A128CBC-HS256");
  });

  it('refuses a header whose enc was swapped (the key stays bound to its own enc)', async () => {
    await rejection(decryptCompact(withHeader(token, (h) => ({ ...h, enc: 'A128GCM' })), dirKey), 'ERR_JWE_ALG_NOT_ALLOWED');
  });

  it('a swapped enc with a key for that enc still fails at the content step', async () => {
    const a128 = await importEncryptionKey(new Uint8Array(16), 'dir', 'A128GCM');
    const swapped = withHeader(token, (h) => ({ ...h, enc: 'A128GCM' }));
    expect((await rejection(decryptCompact(swapped, a128), 'ERR_JWE_DECRYPTION_FAILED')).message).toBe(FAILED);
  });

  it('refuses an RSA-OAEP token given to an ECDH-ES key and the other way round', async () => {
    const rsa = await keysFor('RSA-OAEP-256', 'A256GCM');
    const ecdh = await keysFor('ECDH-ES', 'A256GCM');
    await rejection(decryptCompact(await encryptCompact('x', rsa.encryptKey), ecdh.decryptKey), 'ERR_JWE_ALG_NOT_ALLOWED');
    await rejection(decryptCompact(await encryptCompact('x', ecdh.encryptKey), rsa.decryptKey), 'ERR_JWE_ALG_NOT_ALLOWED');
  });

  it.each([
    [
      'RSA1_5 (Bleichenbacher), saying why',
      { alg: 'RSA1_5' },
      "The token's algorithm RSA1_5 is not supported (RSA PKCS #1 v1.5 key encryption is open to Bleichenbacher's padding oracle attack; use RSA-OAEP-256)",
    ],
    ['none', { alg: 'none' }, "The token's algorithm none is not supported"],
    ['an inherited name', { alg: 'toString' }, "The token's algorithm toString is not supported"],
    ['an unknown enc', { enc: 'A256CTR' }, "The token's content encryption A256CTR is not supported"],
    ['a log-injection attempt', { alg: 'dir\nERROR forged' }, "The token's algorithm (not a plain algorithm name) is not supported"],
  ])('refuses %s', async (_what, change, message) => {
    const error = await rejection(decryptCompact(withHeader(token, (h) => ({ ...h, ...change })), dirKey), 'ERR_JWE_ALG_NOT_ALLOWED');
    expect(error.message).toBe(message);
  });
});

describe('keys', () => {
  it('a public key cannot decrypt', async () => {
    const { publicKey } = await generateEncryptionKeyPair('ECDH-ES', 'A256GCM');
    const jwe = await encryptCompact('x', publicKey);
    const error = await rejection(decryptCompact(jwe, publicKey), 'ERR_KEY_INVALID');
    expect(error.message).toBe('A public key cannot decrypt; use the private key');
  });

  it('a private key does not encrypt', async () => {
    const { privateKey } = await generateEncryptionKeyPair('RSA-OAEP-256', 'A256GCM');
    await rejection(encryptCompact('x', privateKey), 'ERR_KEY_INVALID');
  });

  it.each([
    ['a plain object posing as a key', { alg: 'dir', enc: 'A256GCM', type: 'secret' }],
    ['raw bytes', new Uint8Array(32)],
    ['a string', 'secret'],
    ['undefined', undefined],
  ])('refuses %s as the key', async (_what, key) => {
    await rejection(decryptCompact(token, key as unknown as JweKey), 'ERR_KEY_INVALID');
    await rejection(encryptCompact('x', key as unknown as JweKey), 'ERR_KEY_INVALID');
  });

  it('a resolver picks the key by kid and sees the protected header', async () => {
    const other = await generateEncryptionKey('dir', 'A256GCM', { kid: 'dir-2' });
    const seen: JweHeader[] = [];
    const resolver = (header: JweHeader) => {
      seen.push(header);
      return header.kid === 'dir-2' ? other : dirKey;
    };
    const result = await decryptCompact(await encryptCompact('two', other), resolver);
    expect(result.key).toBe(other);
    expect((await decryptCompact(token, async (h) => resolver(h))).key).toBe(dirKey);
    expect(seen.map((h) => [h.alg, h.enc, h.kid])).toEqual([
      ['dir', 'A256GCM', 'dir-2'],
      ['dir', 'A256GCM', 'dir-1'],
    ]);
  });

  it('a resolver returning something that is not a JweKey is ERR_KEY_INVALID', async () => {
    for (const value of [undefined, null, new Uint8Array(32), { alg: 'dir', enc: 'A256GCM' }, 'key']) {
      const error = await rejection(decryptCompact(token, () => value as unknown as JweKey), 'ERR_KEY_INVALID');
      expect(error.message).toBe('The key resolver did not return a JweKey');
    }
  });

  it("a resolver's key is checked against the header like any other", async () => {
    const other = await generateEncryptionKey('A256KW', 'A256GCM');
    await rejection(decryptCompact(token, () => other), 'ERR_JWE_ALG_NOT_ALLOWED');
    const { publicKey } = await generateEncryptionKeyPair('ECDH-ES', 'A256GCM');
    await rejection(decryptCompact(token, () => publicKey), 'ERR_KEY_INVALID');
  });

  it('a resolver that throws: its JwtError passes through, anything else is ERR_KEY_NOT_FOUND', async () => {
    const error = await rejection(
      decryptCompact(token, () => {
        throw new Error('database down');
      }),
      'ERR_KEY_NOT_FOUND',
    );
    expect(error.message).toBe('The key resolver failed');
    await rejection(decryptCompact(token, () => Promise.reject(new TypeError('x'))), 'ERR_KEY_NOT_FOUND');
    const { JwtError } = await import('../../src/index.js');
    await rejection(
      decryptCompact(token, () => {
        throw new JwtError('ERR_KEY_NOT_FOUND', 'no key dir-1');
      }),
      'ERR_KEY_NOT_FOUND',
    );
  });

  it('the resolver is not called for a token the policy refuses', async () => {
    let calls = 0;
    const resolver = () => {
      calls++;
      return dirKey;
    };
    await rejection(decryptCompact(token, resolver, { keyManagementAlgorithms: ['A256KW'] }), 'ERR_JWE_ALG_NOT_ALLOWED');
    await rejection(decryptCompact(`${token}.x`, resolver), 'ERR_JWT_MALFORMED');
    expect(calls).toBe(0);
  });
});

// One representative pair per key management family, with each content family.
const FAMILY_PAIRS: readonly Pair[] = [
  ['dir', 'A256GCM'],
  ['dir', 'A128CBC-HS256'],
  ['A128KW', 'A256GCM'],
  ['A256GCMKW', 'A256CBC-HS512'],
  ['RSA-OAEP-256', 'A128CBC-HS256'],
  ['RSA-OAEP', 'A256GCM'],
  ['ECDH-ES', 'A256GCM'],
  ['ECDH-ES+A128KW', 'A128CBC-HS256'],
  ['PBES2-HS256+A128KW', 'A128GCM'],
];

describe.each(FAMILY_PAIRS)('tampering with a %s / %s token: one code, one message', (alg, enc) => {
  let jwe: string;
  let decryptKey: JweKey;
  beforeAll(async () => {
    const keys = await keysFor(alg, enc);
    decryptKey = keys.decryptKey;
    jwe = await encryptCompact('attack at dawn', keys.encryptKey, encryptOptionsFor(alg));
    expect(new TextDecoder().decode((await decryptCompact(jwe, decryptKey)).plaintext)).toBe('attack at dawn');
  });

  const cases: [string, (token: string) => string][] = [
    ['a protected header member added', (t) => withHeader(t, (h) => ({ ...h, kid: 'evil' }))],
    ['the protected header re-encoded with its members reordered', (t) => withHeader(t, ({ alg: a, enc: e, ...rest }) => ({ enc: e, alg: a, ...rest }))],
    ['the initialization vector', (t) => join({ ...split(t), iv: flipBit(split(t).iv) })],
    ['the ciphertext (first byte)', (t) => join({ ...split(t), ciphertext: flipBit(split(t).ciphertext) })],
    ['the ciphertext (last byte)', (t) => join({ ...split(t), ciphertext: flipBit(split(t).ciphertext, 13) })],
    ['the authentication tag', (t) => join({ ...split(t), tag: flipBit(split(t).tag, 15) })],
  ];
  if (alg !== 'dir' && alg !== 'ECDH-ES') {
    cases.push(['the encrypted key', (t) => join({ ...split(t), encryptedKey: flipBit(split(t).encryptedKey, 3) })]);
  }

  it.each(cases)('%s', async (_what, tamper) => {
    const error = await rejection(decryptCompact(tamper(jwe), decryptKey), 'ERR_JWE_DECRYPTION_FAILED');
    expect(error.message).toBe(FAILED);
    expect(error.cause).toBeUndefined(); // nothing tells which step failed
  });

  it('another key of the same alg and enc', async () => {
    const other = await otherKey(alg, enc);
    const error = await rejection(decryptCompact(jwe, other), 'ERR_JWE_DECRYPTION_FAILED');
    expect(error.message).toBe(FAILED);
  });
});

async function otherKey(alg: Pair[0], enc: Pair[1]): Promise<JweKey> {
  if (alg === 'RSA-OAEP-256' || alg === 'RSA-OAEP' || alg.startsWith('ECDH-ES')) {
    return (await generateEncryptionKeyPair(alg, enc)).privateKey;
  }
  if (alg.startsWith('PBES2')) return importEncryptionKey(`${PASSWORD}!`, alg, enc);
  return generateEncryptionKey(alg, enc);
}

describe('lengths visible in the token are format errors, found before any key is used', () => {
  it.each([
    ['an 11-byte IV for A256GCM', (t: string) => join({ ...split(t), iv: Buffer.alloc(11).toString('base64url') })],
    ['a 16-byte IV for A256GCM', (t: string) => join({ ...split(t), iv: Buffer.alloc(16).toString('base64url') })],
    ['a truncated tag', (t: string) => join({ ...split(t), tag: Buffer.alloc(12).toString('base64url') })],
    ['an encrypted key with dir', (t: string) => join({ ...split(t), encryptedKey: Buffer.alloc(40).toString('base64url') })],
  ])('%s', async (_what, change) => {
    await rejection(decryptCompact(change(token), dirKey), 'ERR_JWT_MALFORMED');
  });

  it('an empty encrypted key with A256KW', async () => {
    const { encryptKey, decryptKey } = await keysFor('A256KW', 'A256GCM');
    const jwe = await encryptCompact('x', encryptKey);
    await rejection(decryptCompact(join({ ...split(jwe), encryptedKey: '' }), decryptKey), 'ERR_JWT_MALFORMED');
  });

  it('an encrypted key with ECDH-ES direct agreement', async () => {
    const { encryptKey, decryptKey } = await keysFor('ECDH-ES', 'A128GCM');
    const jwe = await encryptCompact('x', encryptKey);
    await rejection(decryptCompact(join({ ...split(jwe), encryptedKey: 'AAAA' }), decryptKey), 'ERR_JWT_MALFORMED');
  });

  // Lengths that are whole AES key wrap outputs (multiples of 8, at least 24), so only the check
  // against the enc's CEK length can tell them apart: without it, each would fail to decrypt.
  it.each([
    ['A128KW', 'A256GCM', 40, [24, 48], 'the encrypted key must be 40 bytes for A128KW with A256GCM'],
    ['A128GCMKW', 'A256GCM', 32, [16, 40], 'the encrypted key must be 32 bytes for A128GCMKW with A256GCM'],
    ['PBES2-HS256+A128KW', 'A128GCM', 24, [32], 'the encrypted key must be 24 bytes for PBES2-HS256+A128KW with A128GCM'],
    ['ECDH-ES+A128KW', 'A256GCM', 40, [24, 48], 'the encrypted key must be 40 bytes for ECDH-ES+A128KW with A256GCM'],
    ['ECDH-ES', 'A128GCM', 0, [16], 'the encrypted key must be empty for ECDH-ES with A128GCM'],
  ] as const)('%s with %s: an encrypted key of another length than %i bytes', async (alg, enc, right, wrong, message) => {
    const { encryptKey, decryptKey } = await keysFor(alg, enc);
    const jwe = await encryptCompact('x', encryptKey);
    expect(Buffer.from(split(jwe).encryptedKey, 'base64url').length).toBe(right);
    for (const length of wrong) {
      const error = await rejection(decryptCompact(join({ ...split(jwe), encryptedKey: Buffer.alloc(length).toString('base64url') }), decryptKey), 'ERR_JWT_MALFORMED');
      expect(error.message).toBe(`Malformed token: ${message}`);
    }
  });
});

describe('PBES2 work is bounded', () => {
  it('refuses a p2c over maxPbes2Count before deriving anything', async () => {
    const { encryptKey, decryptKey } = await keysFor('PBES2-HS256+A128KW', 'A128GCM');
    const jwe = await encryptCompact('x', encryptKey, { p2c: 5000 });
    await rejection(decryptCompact(jwe, decryptKey, { maxPbes2Count: 4999 }), 'ERR_JWE_ALG_NOT_ALLOWED');
    expect((await decryptCompact(jwe, decryptKey, { maxPbes2Count: 5000 })).plaintext.length).toBe(1);
  });
});

describe('crit', () => {
  const critToken = (header: Record<string, unknown>) => encryptCompact('x', dirKey, { header });

  it('refuses an extension the caller did not declare', async () => {
    const jwe = await critToken({ crit: ['exp-ext'], 'exp-ext': 1 });
    const error = await rejection(decryptCompact(jwe, dirKey), 'ERR_JWE_CRIT_UNSUPPORTED');
    expect(error.message).toBe('The token lists a critical header parameter this recipient does not understand');
    await rejection(decryptCompact(jwe, dirKey, { crit: ['other'] }), 'ERR_JWE_CRIT_UNSUPPORTED');
  });

  it('accepts an extension the caller declared', async () => {
    const jwe = await critToken({ crit: ['exp-ext'], 'exp-ext': 1 });
    expect((await decryptCompact(jwe, dirKey, { crit: ['exp-ext'] })).header['exp-ext']).toBe(1);
  });

  it.each([
    ['an empty list', { crit: [] }],
    ['not a list', { crit: 'exp-ext' }],
    ['a name the header lacks', { crit: ['missing'] }],
    ['a registered name', { crit: ['enc'] }],
    ['a key management parameter', { crit: ['epk'], epk: {} }],
    ['a name twice', { crit: ['e', 'e'], e: 1 }],
    ['a non-string', { crit: [1] }],
  ])('a crit with %s is malformed', async (_what, change) => {
    const names = (change as { crit: unknown }).crit;
    const jwe = withHeader(token, (h) => ({ ...h, ...change }));
    await rejection(decryptCompact(jwe, dirKey, { crit: Array.isArray(names) ? names.map(String) : [] }), 'ERR_JWT_MALFORMED');
  });
});

describe('compression', () => {
  it('is refused unless the caller opts in', async () => {
    const jwe = await encryptCompact('x'.repeat(1000), dirKey, { compress: true });
    expect(split(jwe).header.zip).toBe('DEF');
    const error = await rejection(decryptCompact(jwe, dirKey), 'ERR_JWE_ALG_NOT_ALLOWED');
    expect(error.message).toBe('The token is compressed (zip: DEF); pass allowCompression: true to accept it');
    expect((await decryptCompact(jwe, dirKey, { allowCompression: true })).plaintext.length).toBe(1000);
  });

  it('only DEF exists', async () => {
    const jwe = withHeader(token, (h) => ({ ...h, zip: 'GZIP' }));
    await rejection(decryptCompact(jwe, dirKey, { allowCompression: true }), 'ERR_JWE_ALG_NOT_ALLOWED');
  });

  it('a zip bomb stops at maxDecompressedLength', async () => {
    // 10 MB of zeros deflate to about 10 kB; the default limit is 256 KiB.
    const bomb = deflateRawSync(Buffer.alloc(10_000_000));
    const encrypted = await encryptRaw(new Uint8Array(bomb), { zip: 'DEF' });
    const error = await rejection(decryptCompact(encrypted, dirKey, { allowCompression: true }), 'ERR_JWT_TOO_LARGE');
    expect(error.message).toBe('The decompressed plaintext is larger than the limit of 262144 bytes');
    await rejection(decryptCompact(encrypted, dirKey, { allowCompression: true, maxDecompressedLength: 1000 }), 'ERR_JWT_TOO_LARGE');
  });

  it('content that is not DEFLATE fails like any other decryption failure', async () => {
    const encrypted = await encryptRaw(Uint8Array.from([0xff, 0xff, 0xff, 0xff]), { zip: 'DEF' });
    const error = await rejection(decryptCompact(encrypted, dirKey, { allowCompression: true }), 'ERR_JWE_DECRYPTION_FAILED');
    expect(error.message).toBe(FAILED);
  });
});

/** A token whose header claims `extra` (e.g. zip) over content that was not made to match. */
async function encryptRaw(content: Uint8Array, extra: Record<string, unknown>): Promise<string> {
  const { encryptContent } = await import('../../src/jwe/content/index.js');
  const { jweKeyMaterial } = await import('../../src/jwe/key.js');
  const material = jweKeyMaterial(dirKey)!;
  if (material.kind !== 'content') throw new Error('expected a dir key');
  const headerSegment = encodeHeader({ alg: 'dir', enc: 'A256GCM', ...extra });
  const { iv, ciphertext, tag } = await encryptContent(material.content, content, new TextEncoder().encode(headerSegment));
  const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
  return join({ headerSegment, encryptedKey: '', iv: b64(iv), ciphertext: b64(ciphertext), tag: b64(tag) });
}
