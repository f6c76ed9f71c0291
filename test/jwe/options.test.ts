/**
 * Every new JWE function refuses an unknown option name (suggesting the nearest one) and a value of
 * the wrong kind, as every other function of the library does; nested option bags name their path.
 * Then the values: limits must be positive integers, allow lists non-empty lists of known names.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  decrypt,
  decryptCompact,
  decryptThenVerify,
  encrypt,
  encryptCompact,
  generateEncryptionKey,
  generateEncryptionKeyPair,
  generateSecret,
  importEncryptionKey,
  type JweKey,
  type JwtKey,
  signThenEncrypt,
} from '../../src/index.js';
import { rejection } from './helpers.js';

let key: JweKey;
let signing: JwtKey;
let token: string;
let nested: string;

beforeAll(async () => {
  key = await generateEncryptionKey('dir', 'A256GCM');
  signing = await generateSecret('HS256');
  token = await encrypt({ sub: 'x' }, key);
  nested = await signThenEncrypt({ sub: 'x' }, signing, key);
});

type Call = (options: Record<string, unknown>) => Promise<unknown>;

const FUNCTIONS: { name: string; call: Call; typo: [string, string]; wrong: [string, unknown, string] }[] = [
  { name: 'encryptCompact', call: (o) => encryptCompact('x', key, o), typo: ['compres', 'compress'], wrong: ['apu', 'Alice', 'bytes (a Uint8Array)'] },
  {
    name: 'decryptCompact',
    call: (o) => decryptCompact(token, key, o),
    typo: ['allowCompresion', 'allowCompression'],
    wrong: ['keyManagementAlgorithms', 'dir', 'an array of strings'],
  },
  { name: 'encrypt', call: (o) => encrypt({}, key, o), typo: ['audiance', 'audience'], wrong: ['expiresIn', true, 'a number of seconds or a string such as "15m"'] },
  { name: 'decrypt', call: (o) => decrypt(token, key, o), typo: ['isuer', 'issuer'], wrong: ['revocation', {}, 'a RevocationStore (an object with an isRevoked method)'] },
  { name: 'signThenEncrypt', call: (o) => signThenEncrypt({}, signing, key, o), typo: ['encryption', 'encrypt'], wrong: ['sign', 'HS256', 'an object'] },
  { name: 'decryptThenVerify', call: (o) => decryptThenVerify(nested, key, signing, o), typo: ['verfy', 'verify'], wrong: ['decrypt', true, 'an object'] },
  { name: 'importEncryptionKey', call: (o) => importEncryptionKey(new Uint8Array(32), 'dir', 'A256GCM', o), typo: ['extractible', 'extractable'], wrong: ['kid', 1, 'a string'] },
  { name: 'generateEncryptionKey', call: (o) => generateEncryptionKey('A128KW', 'A128GCM', o), typo: ['kdi', 'kid'], wrong: ['extractable', 'yes', 'a boolean'] },
  {
    name: 'generateEncryptionKeyPair',
    call: (o) => generateEncryptionKeyPair('ECDH-ES', 'A128GCM', o),
    typo: ['modulusLenght', 'modulusLength'],
    wrong: ['crv', 256, 'a string'],
  },
];

describe.each(FUNCTIONS)('options of $name', ({ name, call, typo: [typo, suggested], wrong: [option, value, expected] }) => {
  it(`refuses the unknown option "${typo}" and suggests "${suggested}"`, async () => {
    const error = await rejection(call({ [typo]: 'x' }), 'ERR_INVALID_ARGUMENT');
    expect(error.message).toBe(`${name}: unknown option "${typo}" (did you mean "${suggested}"?)`);
  });

  it('lists the known options when nothing is close', async () => {
    const error = await rejection(call({ zzzzzzzzzzzz: 1 }), 'ERR_INVALID_ARGUMENT');
    expect(error.message).toMatch(new RegExp(`^${name}: unknown option "zzzzzzzzzzzz" \\(known options: .*${suggested}`));
  });

  it(`refuses ${option} of the wrong kind`, async () => {
    const error = await rejection(call({ [option]: value }), 'ERR_INVALID_ARGUMENT');
    expect(error.message).toBe(`${name}: option "${option}" must be ${expected}`);
  });

  it('refuses options that are not an object, and ignores undefined values', async () => {
    await rejection(call('fast' as unknown as Record<string, unknown>), 'ERR_INVALID_ARGUMENT');
    await call({ [suggested]: undefined });
  });
});

describe('nested option bags name the path', () => {
  it('signThenEncrypt checks sign and encrypt options', async () => {
    let error = await rejection(signThenEncrypt({}, signing, key, { sign: { audiance: 'api' } as never }), 'ERR_INVALID_ARGUMENT');
    expect(error.message).toBe('signThenEncrypt: unknown option "sign.audiance" (did you mean "audience"?)');
    error = await rejection(signThenEncrypt({}, signing, key, { encrypt: { compress: 'yes' } as never }), 'ERR_INVALID_ARGUMENT');
    expect(error.message).toBe('signThenEncrypt: option "encrypt.compress" must be a boolean');
  });

  it('decryptThenVerify checks decrypt and verify options', async () => {
    let error = await rejection(decryptThenVerify(nested, key, signing, { decrypt: { maxTokenLenght: 1 } as never }), 'ERR_INVALID_ARGUMENT');
    expect(error.message).toBe('decryptThenVerify: unknown option "decrypt.maxTokenLenght" (did you mean "maxTokenLength"?)');
    error = await rejection(decryptThenVerify(nested, key, signing, { verify: { isuer: 'x' } as never }), 'ERR_INVALID_ARGUMENT');
    expect(error.message).toBe('decryptThenVerify: unknown option "verify.isuer" (did you mean "issuer"?)');
  });

  it('a claim option of encrypt is not a decrypt option, and the other way round', async () => {
    await rejection(decryptCompact(token, key, { expiresIn: '1h' } as never), 'ERR_INVALID_ARGUMENT');
    await rejection(encryptCompact('x', key, { allowCompression: true } as never), 'ERR_INVALID_ARGUMENT');
    await rejection(encrypt({}, key, { issuer: 'a', algorithms: ['dir'] } as never), 'ERR_INVALID_ARGUMENT');
  });
});

describe('decrypt option values', () => {
  it.each([
    ['maxTokenLength', 0],
    ['maxTokenLength', 1.5],
    ['maxDecompressedLength', -1],
    ['maxPbes2Count', Number.POSITIVE_INFINITY],
  ])('%s must be a positive integer (%s)', async (option, value) => {
    const error = await rejection(decryptCompact(token, key, { [option]: value }), 'ERR_INVALID_ARGUMENT');
    expect(error.message).toBe(`${option} must be a positive integer`);
  });

  it('allow lists are non-empty lists of known names', async () => {
    await rejection(decryptCompact(token, key, { keyManagementAlgorithms: [] }), 'ERR_INVALID_ARGUMENT');
    const error = await rejection(decryptCompact(token, key, { keyManagementAlgorithms: ['dir', 'RSA1_5' as never] }), 'ERR_INVALID_ARGUMENT');
    expect(error.message).toBe(
      "keyManagementAlgorithms contains an unsupported algorithm: RSA1_5 (RSA PKCS #1 v1.5 key encryption is open to Bleichenbacher's padding oracle attack; use RSA-OAEP-256)",
    );
    await rejection(decryptCompact(token, key, { contentEncryptionAlgorithms: ['A256GCM', 'none' as never] }), 'ERR_INVALID_ARGUMENT');
    await rejection(decryptCompact(token, key, { contentEncryptionAlgorithms: [] }), 'ERR_INVALID_ARGUMENT');
  });

  it('a caller changing its list afterwards changes nothing', async () => {
    const allowed: string[] = ['dir'];
    const pending = decryptCompact(token, key, { keyManagementAlgorithms: allowed as never });
    allowed[0] = 'A256KW';
    expect((await pending).header.alg).toBe('dir');
  });

  it('claim and revocation option values are checked as verify checks them', async () => {
    await rejection(decrypt(token, key, { audience: [] }), 'ERR_INVALID_ARGUMENT');
    await rejection(decrypt(token, key, { maxAge: 'forever' }), 'ERR_INVALID_ARGUMENT');
    await rejection(decrypt(token, key, { revocation: { isRevoked: () => false, revoke: () => undefined }, revocationTimeoutMs: 0 }), 'ERR_INVALID_ARGUMENT');
  });
});
