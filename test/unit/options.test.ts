import { beforeAll, describe, expect, it } from 'vitest';
import {
  createRemoteJwks,
  createSigner,
  createVerifier,
  decodeUnverified,
  generateKeyPair,
  generateSecret,
  importKey,
  importSecret,
  type JwtKey,
  MemoryRevocationStore,
  sign,
  signCompact,
  verify,
  verifyCompact,
} from '../../src/index.js';
import { checkOptions, KINDS, nestedOptions, optionsSchema } from '../../src/lib/options.js';

let key: JwtKey;
let token: string;
let jws: string;
const SECRET = 'a-secret-of-at-least-thirty-two-bytes!!';

beforeAll(async () => {
  key = await importKey(SECRET, 'HS256');
  token = await sign({ sub: 'user-1' }, key);
  jws = await signCompact('hello', key);
});

type Call = (options: Record<string, unknown>) => unknown;

// Every public function with an options bag: how to call it, a typo of one of its options and the
// name it should suggest, and an option given a value of the wrong kind.
const FUNCTIONS: {
  name: string;
  call: Call;
  typo: [string, string];
  wrong: [string, unknown, string];
}[] = [
  { name: 'sign', call: (o) => sign({ sub: 'x' }, key, o), typo: ['audiance', 'audience'], wrong: ['audience', 42, 'a string or an array of strings'] },
  { name: 'createSigner', call: (o) => createSigner(key, o), typo: ['expiresin', 'expiresIn'], wrong: ['iat', 'yes', 'a boolean'] },
  { name: 'verify', call: (o) => verify(token, key, o), typo: ['isuer', 'issuer'], wrong: ['audience', 42, 'a string or an array of strings'] },
  { name: 'createVerifier', call: (o) => createVerifier(key, o), typo: ['clockTolerence', 'clockTolerance'], wrong: ['requiredClaims', 'sub', 'an array of strings'] },
  { name: 'signCompact', call: (o) => signCompact('x', key, o), typo: ['headers', 'header'], wrong: ['header', 'kid', 'an object'] },
  { name: 'verifyCompact', call: (o) => verifyCompact(jws, key, o), typo: ['algorithm', 'algorithms'], wrong: ['algorithms', 'HS256', 'an array of strings'] },
  { name: 'importKey', call: (o) => importKey(SECRET, 'HS256', o), typo: ['extractible', 'extractable'], wrong: ['extractable', 'true', 'a boolean'] },
  { name: 'importSecret', call: (o) => importSecret(SECRET, 'HS256', o), typo: ['extractible', 'extractable'], wrong: ['kid', 1, 'a string'] },
  { name: 'generateSecret', call: (o) => generateSecret('HS256', o), typo: ['kdi', 'kid'], wrong: ['kid', 7, 'a string'] },
  { name: 'generateKeyPair', call: (o) => generateKeyPair('ES256', o), typo: ['modulusLenght', 'modulusLength'], wrong: ['modulusLength', '2048', 'a number'] },
  {
    name: 'createRemoteJwks',
    call: (o) => createRemoteJwks('https://issuer.example/jwks.json', o),
    typo: ['timeout', 'timeoutMs'],
    wrong: ['headers', { authorization: 1 }, 'an object of string values'],
  },
  { name: 'MemoryRevocationStore', call: (o) => new MemoryRevocationStore(o), typo: ['maxEntry', 'maxEntries'], wrong: ['clock', 0, 'a function'] },
  { name: 'decodeUnverified', call: (o) => decodeUnverified(token, o), typo: ['maxTokenLen', 'maxTokenLength'], wrong: ['maxTokenLength', '99', 'a number'] },
];

/** Runs a call that throws or rejects; returns the error (or fails when it succeeds). */
async function failure(run: () => unknown): Promise<{ code?: string; message: string }> {
  try {
    await run();
  } catch (error) {
    return error as { code?: string; message: string };
  }
  throw new Error('expected a failure');
}

describe.each(FUNCTIONS)('options of $name', ({ name, call, typo: [typo, suggested], wrong: [option, value, expected] }) => {
  it(`refuses the unknown option "${typo}" and suggests "${suggested}"`, async () => {
    const error = await failure(() => call({ [typo]: 'x' }));
    expect(error.code).toBe('ERR_INVALID_ARGUMENT');
    expect(error.message).toBe(`${name}: unknown option "${typo}" (did you mean "${suggested}"?)`);
  });

  it('lists the known options when nothing is close', async () => {
    const error = await failure(() => call({ zzzzzzzzzzzz: 1 }));
    expect(error.code).toBe('ERR_INVALID_ARGUMENT');
    expect(error.message).toMatch(new RegExp(`^${name}: unknown option "zzzzzzzzzzzz" \\(known options: .*${suggested}`));
  });

  it(`refuses option "${option}" of the wrong kind`, async () => {
    const error = await failure(() => call({ [option]: value }));
    expect(error.code).toBe('ERR_INVALID_ARGUMENT');
    expect(error.message).toBe(`${name}: option "${option}" must be ${expected}`);
  });

  it('refuses options that are not an object', async () => {
    for (const options of [null, 'issuer', 42, ['issuer']]) {
      const error = await failure(() => call(options as never));
      expect(error.code).toBe('ERR_INVALID_ARGUMENT');
    }
  });

  it('accepts undefined values for known options (spread optional settings)', async () => {
    await call({ [option]: undefined });
  });
});

describe('options that change what a token says or what verify checks', () => {
  it('a misspelled issuer never skips the issuer check', async () => {
    const error = await failure(() => verify(token, key, { isuer: 'https://other.example' } as never));
    expect(error.code).toBe('ERR_INVALID_ARGUMENT');
    expect(error.message).toContain('unknown option "isuer" (did you mean "issuer"?)');
  });

  it('a misspelled audience never makes a token without aud', async () => {
    await expect(sign({ sub: 'x' }, key, { audiance: 'api' } as never)).rejects.toMatchObject({ code: 'ERR_INVALID_ARGUMENT' });
  });

  it('names from jsonwebtoken and jose point to ours', async () => {
    const cases: [() => unknown, string][] = [
      [() => sign({}, key, { algorithm: 'HS256' } as never), '"alg"'],
      [() => sign({}, key, { keyid: 'k1' } as never), '"kid"'],
      [() => sign({}, key, { noTimestamp: true } as never), '"iat"'],
      [() => verify(token, key, { maxTokenAge: '1h' } as never), '"maxAge"'],
      [() => verify(token, key, { clockTimestamp: 0 } as never), '"clock"'],
      [() => verify(token, key, { currentDate: new Date() } as never), '"clock"'],
    ];
    for (const [run, suggestion] of cases) {
      const error = await failure(run);
      expect(error.code).toBe('ERR_INVALID_ARGUMENT');
      expect(error.message).toContain(`(did you mean ${suggestion}?)`);
    }
  });

  it('jsonwebtoken options that would weaken verify are unknown here', async () => {
    for (const options of [{ ignoreExpiration: true }, { ignoreNotBefore: true }, { complete: true }]) {
      await expect(verify(token, key, options as never)).rejects.toMatchObject({ code: 'ERR_INVALID_ARGUMENT' });
    }
  });

  it('plain verify refuses cache (only createVerifier caches)', async () => {
    await expect(verify(token, key, { cache: true } as never)).rejects.toMatchObject({
      code: 'ERR_INVALID_ARGUMENT',
      message: expect.stringContaining('unknown option "cache"'),
    });
  });

  it('checks the cache options of createVerifier by name and kind', async () => {
    expect(() => createVerifier(key, { cache: { maxEntrys: 10 } as never })).toThrow(
      'createVerifier: unknown option "cache.maxEntrys" (did you mean "maxEntries"?)',
    );
    expect(() => createVerifier(key, { cache: { maxEntries: '10' } as never })).toThrow(
      'createVerifier: option "cache.maxEntries" must be a number',
    );
    expect(() => createVerifier(key, { cache: 'yes' as never })).toThrow('createVerifier: option "cache" must be a boolean or an object');
    expect(createVerifier(key, { cache: { maxEntries: 10 } })).toBeTypeOf('function');
    expect(createVerifier(key, { cache: true })).toBeTypeOf('function');
  });

  it('revocation must be a store', async () => {
    await expect(verify(token, key, { revocation: {} as never })).rejects.toMatchObject({
      message: 'verify: option "revocation" must be a RevocationStore (an object with an isRevoked method)',
    });
  });

  it('createSigner and createVerifier refuse at once, not on first use', () => {
    expect(() => createSigner(key, { isuer: 'x' } as never)).toThrow('createSigner: unknown option "isuer"');
    expect(() => createVerifier(key, { audiance: 'x' } as never)).toThrow('createVerifier: unknown option "audiance"');
  });

  it('symbol keys and inherited names are not options (only what the caller wrote as its own)', async () => {
    const options = Object.assign(Object.create({ isuer: 'inherited' }) as object, { [Symbol('x')]: 1, issuer: undefined });
    await expect(verify(token, key, options)).resolves.toMatchObject({ payload: { sub: 'user-1' } });
  });

  it('the header option of sign is the caller\'s own header parameters: any name goes', async () => {
    await expect(sign({}, key, { header: { anything: 1, x5t: 'abc' } })).resolves.toBeTypeOf('string');
  });
});

describe('the options checker', () => {
  const schema = optionsSchema<{ name?: string; count?: number; nested?: { deep?: boolean } }>('demo', {
    name: KINDS.string,
    count: KINDS.number,
    nested: nestedOptions(optionsSchema<{ deep?: boolean }>('demo', { deep: KINDS.boolean })),
  });

  it('accepts known names with values of their kind, and undefined', () => {
    expect(() => checkOptions(undefined, schema)).not.toThrow();
    expect(() => checkOptions({}, schema)).not.toThrow();
    expect(() => checkOptions({ name: 'x', count: 1, nested: { deep: true } }, schema)).not.toThrow();
    expect(() => checkOptions({ name: undefined, nested: { deep: undefined } }, schema)).not.toThrow();
  });

  it('names the nested path', () => {
    expect(() => checkOptions({ nested: { dep: true } }, schema)).toThrow('demo: unknown option "nested.dep" (did you mean "deep"?)');
    expect(() => checkOptions({ nested: { deep: 1 } }, schema)).toThrow('demo: option "nested.deep" must be a boolean');
    expect(() => checkOptions({ nested: 1 }, schema)).toThrow('demo: option "nested" must be an object');
  });

  it('never takes Object.prototype names for options', () => {
    for (const name of ['toString', 'constructor', '__proto__', 'hasOwnProperty']) {
      const options = JSON.parse(`{"${name}":1}`) as object;
      expect(() => checkOptions(options, schema)).toThrow(`unknown option "${name}"`);
    }
  });

  it('reads its tables on first use, not when declared (cold start), and only once', () => {
    const reads: string[] = [];
    const table = new Proxy({ name: KINDS.string, extra: KINDS.number } as Record<string, unknown>, {
      ownKeys: (target) => (reads.push('keys'), Reflect.ownKeys(target)),
    });
    const lazy = optionsSchema<{ name?: string }>('lazy', table as never, { more: KINDS.boolean });
    expect(reads).toEqual([]);
    expect(() => checkOptions({ name: 'x', extra: 1, more: true }, lazy)).not.toThrow();
    expect(() => checkOptions({ nme: 'x' }, lazy)).toThrow('lazy: unknown option "nme" (did you mean "name"?)');
    expect(reads).toEqual(['keys']);
  });
});
