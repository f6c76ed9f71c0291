/**
 * The package's `browser` export (dist/index.browser.js): the same public API without the native
 * backend, so browser bundles carry no node:crypto code. Bundlers that target browsers pick it; it
 * must behave exactly like the main build on Web Crypto.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, test } from 'vitest';
import * as nativeBuffer from '../../src/lib/native-buffer.js';
import * as nativeCrypto from '../../src/lib/native-crypto.js';
import * as noNativeBuffer from '../../src/lib/no-native-buffer.js';
import * as noNativeCrypto from '../../src/lib/no-native-crypto.js';
import { ROOT } from './packed.js';

const BROWSER = join(ROOT, 'dist/index.browser.js');
type Library = typeof import('../../src/index.js');
const load = async (file: string): Promise<Library> => import(pathToFileURL(file).href) as Promise<Library>;

describe('the browser export', () => {
  test('its stand-ins export exactly what the native modules export, and say there is no native backend', () => {
    expect(Object.keys(noNativeCrypto).sort()).toEqual(Object.keys(nativeCrypto).sort());
    expect(Object.keys(noNativeBuffer).sort()).toEqual(Object.keys(nativeBuffer).sort());
    expect(noNativeCrypto.nodeCrypto).toBeUndefined();
    expect(noNativeBuffer.nativeBuffer).toBeUndefined();
    expect(() => noNativeCrypto.nativeKeyObject(undefined as never, undefined as never)).toThrow(/browser build/);
  });

  test('has the same public API as the main build and no native code', async () => {
    const [browser, main] = await Promise.all([load(BROWSER), load(join(ROOT, 'dist/index.js'))]);
    expect(Object.keys(browser).sort()).toEqual(Object.keys(main).sort());
    const code = readFileSync(BROWSER, 'utf8');
    for (const native of ['getBuiltinModule', 'createHmac', 'node:crypto', 'node:buffer']) expect(code).not.toContain(native);
  });

  test('signs and verifies on Web Crypto, and the main build agrees with it both ways', async () => {
    const [browser, main] = await Promise.all([load(BROWSER), load(join(ROOT, 'dist/index.js'))]);
    expect(browser.activeCryptoBackend()).toBe('webcrypto');
    const claims = { sub: 'user-1', name: 'ünïcödé' };
    const secret = 'a shared secret of at least 32 bytes';
    const pair = await browser.generateKeyPair('ES256');
    const cases = [
      { signer: await browser.importKey(secret, 'HS256'), verifier: await browser.importKey(secret, 'HS256'), mainKey: await main.importKey(secret, 'HS256') },
      { signer: pair.privateKey, verifier: pair.publicKey, mainKey: await main.importKey(await browser.exportJwk(pair.publicKey), 'ES256') },
    ];
    for (const { signer, verifier, mainKey } of cases) {
      const token = await browser.sign(claims, signer, { expiresIn: '5m' });
      expect((await browser.verify(token, verifier)).payload).toMatchObject(claims);
      expect((await main.verify(token, mainKey)).payload).toMatchObject(claims);
      const cut = token.lastIndexOf('.') + 1;
      const forged = `${token.slice(0, cut)}${token[cut] === 'A' ? 'B' : 'A'}${token.slice(cut + 1)}`;
      await expect(browser.verify(forged, verifier)).rejects.toMatchObject({ code: 'ERR_JWS_SIGNATURE_INVALID' });
    }
    const fromMain = await main.sign(claims, await main.importKey(secret, 'HS256'));
    expect((await browser.verify(fromMain, cases[0]!.verifier)).payload).toMatchObject(claims);
  });

  test('is what a bundler targeting browsers resolves, and the main build is what Node resolves', async () => {
    const resolved = async (platform: 'browser' | 'node') => {
      const result = await build({
        stdin: { contents: "export { sign } from 'webjwt';", resolveDir: ROOT, loader: 'js' },
        bundle: true, write: false, platform, format: 'esm', metafile: true, logLevel: 'silent', external: ['node:*'],
      });
      return Object.keys(result.metafile.inputs).filter((file) => file.includes('dist/'));
    };
    expect(await resolved('browser')).toEqual(['dist/index.browser.js']);
    expect(await resolved('node')).toEqual(['dist/index.js']);
  });
});
