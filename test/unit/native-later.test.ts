/**
 * On Deno and Bun, node:crypto loads after the first token instead of at import: Web Crypto serves
 * until then, and keys imported before keep the material their native twins are made from. Each
 * runtime is simulated here (Deno by its global, Bun by `process.versions.bun`), with fresh copies
 * of the modules. On Deno Buffer loads later too; on Bun it loads at import (0.3 ms there).
 */
import { createHmac, generateKeyPairSync } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// Another signature of the same length: the first character (six whole bits) changed. Changing the
// last ones could leave it as it was (a signature ending in "AA") or touch only padding bits.
const otherSignature = (signature: string): string => `${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`;

const hadDeno = 'Deno' in globalThis;
const versions = process.versions as Record<string, string | undefined>;
const hadBun = versions.bun !== undefined;

function simulate(runtime: 'deno' | 'bun'): void {
  vi.resetModules();
  if (runtime === 'deno' && !hadDeno) (globalThis as { Deno?: unknown }).Deno = { version: { deno: 'simulated' } };
  if (runtime === 'bun' && !hadBun) versions.bun = 'simulated';
}

afterEach(() => {
  if (!hadDeno) delete (globalThis as { Deno?: unknown }).Deno;
  if (!hadBun) delete versions.bun;
  vi.resetModules();
});

const nextTask = () => new Promise((resolve) => setTimeout(resolve, 5));

describe.each(['deno', 'bun'] as const)('native backend loaded later (%s)', (runtime) => {
  beforeEach(() => simulate(runtime));

  it('is absent at import, serves the first token by Web Crypto, then loads and takes over', async () => {
    const native = await import('../../src/lib/native-crypto.js');
    const buffer = await import('../../src/lib/native-buffer.js');
    const { importKey, sign, verify, activeCryptoBackend } = await import('../../src/index.js');
    expect(native.loadsLater).toBe(true);
    expect(native.nodeCrypto).toBeUndefined();
    if (runtime === 'deno') expect(buffer.nativeBuffer).toBeUndefined();
    else expect(buffer.nativeBuffer).toBeDefined();
    expect(activeCryptoBackend()).toBe('webcrypto');

    const key = await importKey('s'.repeat(32), 'HS256');
    expect(key.cryptoKey.extractable).toBe(false);
    const token = await sign({ sub: 'ada' }, key);
    expect(native.nodeCrypto).toBeUndefined(); // not while the first token was being made
    await nextTask();
    if (runtime === 'deno') {
      // Deno: no timer (its first setTimeout costs more than the token); the next operation loads it.
      expect(native.nodeCrypto).toBeUndefined();
      expect((await verify(token, key)).payload.sub).toBe('ada');
    }
    expect(native.nodeCrypto).toBeDefined();
    expect(buffer.nativeBuffer).toBeDefined();
    expect(activeCryptoBackend()).toBe('native');
    // The key imported before the load has its twin, from the material remembered at import.
    expect(native.nativeKeyObject(native.nodeCrypto!, key.cryptoKey)).toBeDefined();
    expect((await verify(token, key)).payload.sub).toBe('ada');
    const [h, p, s] = token.split('.');
    await expect(verify(`${h}.${p}.${otherSignature(s!)}`, key)).rejects.toMatchObject({ code: 'ERR_JWS_SIGNATURE_INVALID' });
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

  it('an RSA key pair imported before the load gets native twins from the remembered material', async () => {
    const native = await import('../../src/lib/native-crypto.js');
    const { importKey, sign, verify } = await import('../../src/index.js');
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pub = await importKey(publicKey.export({ type: 'spki', format: 'pem' }) as string, 'RS256');
    const priv = await importKey(privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, 'RS256');
    expect(priv.cryptoKey.extractable).toBe(false); // its twin can only come from the remembered material
    const token = await sign({ sub: 'ada' }, priv);
    await nextTask();
    const late = await sign({ sub: 'bob' }, priv); // on Deno this loads the backend first
    expect(native.nodeCrypto).toBeDefined();
    expect(native.nativeKeyObject(native.nodeCrypto!, pub.cryptoKey)).toBeDefined();
    expect(native.nativeKeyObject(native.nodeCrypto!, priv.cryptoKey)).toBeDefined();
    expect((await verify(token, pub)).payload.sub).toBe('ada');
    expect((await verify(late, pub)).payload.sub).toBe('bob');
    const [h, p, s] = late.split('.');
    await expect(verify(`${h}.${p}.${otherSignature(s!)}`, pub)).rejects.toMatchObject({ code: 'ERR_JWS_SIGNATURE_INVALID' });
  });
});

describe('on Node', () => {
  it('loads the native backend at import', async () => {
    vi.resetModules();
    const native = await import('../../src/lib/native-crypto.js');
    const { activeCryptoBackend } = await import('../../src/index.js');
    expect(native.loadsLater).toBe(false);
    expect(native.nodeCrypto).toBeDefined();
    expect(activeCryptoBackend()).toBe('native');
  });
});

describe('HMAC from one-shot hashes, checked after the first HMAC', () => {
  const spec = { alg: 'HS256', name: 'HMAC', hash: 'SHA-256' } as const;
  const data = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZGEifQ';
  const expected = (secret: Uint8Array) => createHmac('sha256', secret).update(data).digest('base64url');

  it('is not checked at import; HMACs before the later task use createHmac, a long burst runs the check itself', async () => {
    vi.resetModules();
    const native = await import('../../src/lib/native-crypto.js');
    const nc = native.nodeCrypto!;
    const secret = new Uint8Array(32).fill(7);
    const key = nc.createSecretKey(secret);
    // Spied on, not replaced: the one-shot hash runs only for the known-answer check and the fast MAC.
    const oneShot = vi.spyOn(nc as unknown as { hash: (...args: unknown[]) => string }, 'hash');
    const viaCreateHmac = vi.spyOn(nc, 'createHmac');
    try {
      expect(native.nativeMacText(nc, spec as never, key, data)).toBe(expected(secret));
      // The first HMAC: createHmac alone, no check and no one-shot hash.
      expect(viaCreateHmac).toHaveBeenCalledTimes(1);
      expect(oneShot).not.toHaveBeenCalled();
      // The next ones in the same task (a CLI that signs then verifies) do not wait for the check:
      // createHmac again, up to the burst's 255th HMAC.
      for (let i = 2; i < 256; i++) expect(native.nativeMacText(nc, spec as never, key, data)).toBe(expected(secret));
      expect(viaCreateHmac).toHaveBeenCalledTimes(255);
      expect(oneShot).not.toHaveBeenCalled();
      // The 256th (a loop of awaited tokens never yields to the timer) runs the check and uses the one-shot hashes.
      expect(native.nativeMacText(nc, spec as never, key, data)).toBe(expected(secret));
      expect(oneShot).toHaveBeenCalled();
      expect(viaCreateHmac.mock.calls.length).toBeGreaterThan(255); // the check's own reference MACs
      expect(native.fastMacFor(nc)).toBeDefined();
    } finally {
      oneShot.mockRestore();
      viaCreateHmac.mockRestore();
    }
    expect(native.nativeMacMatches(nc, spec as never, key, data, expected(secret))).toBe(true);
    expect(native.nativeMacMatches(nc, spec as never, key, data, otherSignature(expected(secret)))).toBe(false);
  });

  it('runs the check in a later task after the first HMAC', async () => {
    vi.resetModules();
    const native = await import('../../src/lib/native-crypto.js');
    const nc = native.nodeCrypto!;
    const secret = new Uint8Array(32).fill(9);
    const key = nc.createSecretKey(secret);
    expect(native.nativeMacMatches(nc, spec as never, key, data, expected(secret))).toBe(true);
    await nextTask();
    const fast = native.fastMacFor(nc);
    expect(fast).toBeDefined();
    expect(fast!.mac('sha256', key, data)).toBe(expected(secret));
  });
});
