/**
 * On Deno, node:crypto (and Buffer) load after the first token instead of at import: Web Crypto
 * serves until then, and keys imported before keep the material their native twins are made from.
 * Deno is simulated here by its global, with fresh copies of the modules.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const hadDeno = 'Deno' in globalThis;

beforeEach(() => {
  vi.resetModules();
  if (!hadDeno) (globalThis as { Deno?: unknown }).Deno = { version: { deno: 'simulated' } };
});

afterEach(() => {
  if (!hadDeno) delete (globalThis as { Deno?: unknown }).Deno;
  vi.resetModules();
});

const nextTask = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('native backend loaded later (Deno)', () => {
  it('is absent at import, serves the first token by Web Crypto, then loads and takes over', async () => {
    const native = await import('../../src/lib/native-crypto.js');
    const buffer = await import('../../src/lib/native-buffer.js');
    const { importKey, sign, verify, activeCryptoBackend } = await import('../../src/index.js');
    expect(native.nodeCrypto).toBeUndefined();
    expect(buffer.nativeBuffer).toBeUndefined();
    expect(activeCryptoBackend()).toBe('webcrypto');

    const key = await importKey('s'.repeat(32), 'HS256');
    expect(key.cryptoKey.extractable).toBe(false);
    const token = await sign({ sub: 'ada' }, key);
    expect(native.nodeCrypto).toBeUndefined(); // not while the first token was being made
    await nextTask();
    expect(native.nodeCrypto).toBeDefined();
    expect(buffer.nativeBuffer).toBeDefined();
    expect(activeCryptoBackend()).toBe('native');
    // The key imported before the load has its twin, from the material remembered at import.
    expect(native.nativeKeyObject(native.nodeCrypto!, key.cryptoKey)).toBeDefined();
    expect((await verify(token, key)).payload.sub).toBe('ada');
    const [h, p, s] = token.split('.');
    await expect(verify(`${h}.${p}.${s!.slice(0, -2)}AA`, key)).rejects.toMatchObject({ code: 'ERR_JWS_SIGNATURE_INVALID' });
  });

  it('loads at once when the caller chooses the auto backend', async () => {
    const native = await import('../../src/lib/native-crypto.js');
    const { setCryptoBackend, activeCryptoBackend } = await import('../../src/index.js');
    expect(activeCryptoBackend()).toBe('webcrypto');
    setCryptoBackend('auto');
    expect(native.nodeCrypto).toBeDefined();
    expect(activeCryptoBackend()).toBe('native');
  });

  it('a token signed by Web Crypto before the load verifies natively after it, and the other way round', async () => {
    const { importKey, sign, verify, setCryptoBackend } = await import('../../src/index.js');
    const key = await importKey('k'.repeat(48), 'HS384');
    const early = await sign({ n: 1 }, key);
    setCryptoBackend('auto');
    const late = await sign({ n: 2 }, key);
    setCryptoBackend('webcrypto');
    expect((await verify(late, key)).payload.n).toBe(2);
    setCryptoBackend('auto');
    expect((await verify(early, key)).payload.n).toBe(1);
  });
});
