/**
 * The encryption (JWE) functions load their implementation on first use (src/jwe/lazy.ts): the ESM
 * build for Node, Deno and Bun reaches it only through dynamic `import()`, so importing webjwt to sign
 * and verify parses none of it; the other builds stay one file each; both npm builds encrypt and decrypt.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';
import { distGraph, distText as read } from './dist-files.js';
import { ROOT } from './packed.js';

type Library = typeof import('../../src/index.js');

// String literals of the JWE implementation alone: neither the static algorithm tables nor isJweKey have them.
const IMPLEMENTATION_MARKERS = ['"AES-KW"', '"AES-CBC"', '"deflate-raw"', '"PBKDF2"', 'The token cannot be decrypted'];

const found = (files: string[]) => IMPLEMENTATION_MARKERS.filter((marker) => files.some((file) => read(file).includes(marker)));

describe('encryption (JWE) loads on first use', () => {
  test('dist/index.js parses no JWE implementation at import; its dynamic imports hold all of it', () => {
    const { atImport, later } = distGraph('index.js');
    expect(later.length).toBeGreaterThan(0);
    expect(found(atImport)).toEqual([]);
    expect(found(later)).toEqual(IMPLEMENTATION_MARKERS);
  });

  // Where import() would save nothing (tsup.config.ts): the single-file module and CommonJS are parsed
  // whole, and bundlers leave unused code out of what they build from the browser export.
  test.each(['webjwt.browser.min.js', 'index.browser.js', 'index.cjs'])('dist/%s stays one file, JWE included', (entry) => {
    expect(read(entry)).not.toMatch(/from\s*["']\.\/|import\(\s*["']\.\/|require\(["']\.\//);
    expect(found([entry])).toEqual(IMPLEMENTATION_MARKERS);
  });

  const roundTrip = async (library: Library) => {
    const secret = new Uint8Array(32).fill(7);
    const key = await library.importEncryptionKey(secret, 'dir', 'A256GCM');
    const token = await library.encrypt({ sub: 'lazy' }, key);
    const { payload } = await library.decrypt(token, key);
    const parts = token.split('.');
    parts[3] = `${parts[3]!.startsWith('A') ? 'B' : 'A'}${parts[3]!.slice(1)}`; // the ciphertext's first 6 bits
    const tampered = parts.join('.');
    const refused = await library.decrypt(tampered, key).then(
      () => 'accepted',
      (error: { code?: string }) => error.code,
    );
    // Errors of a loaded module come back as rejections, as before (never a synchronous throw).
    const invalid = library.encryptCompact('x', {} as never);
    await expect(invalid).rejects.toMatchObject({ code: 'ERR_KEY_INVALID' });
    expect(await library.decrypt(await library.encryptCompact('{"sub":"c"}', key), key).then((r) => r.payload.sub)).toBe('c');
    return { sub: payload.sub, refused, jwe: library.isJweKey(key) };
  };

  test('the ESM build encrypts and decrypts', async () => {
    const esm = (await import(pathToFileURL(join(ROOT, 'dist/index.js')).href)) as Library;
    expect(await roundTrip(esm)).toEqual({ sub: 'lazy', refused: 'ERR_JWE_DECRYPTION_FAILED', jwe: true });
  });

  test('the CommonJS build encrypts and decrypts', async () => {
    const cjs = createRequire(import.meta.url)(join(ROOT, 'dist/index.cjs')) as Library;
    expect(await roundTrip(cjs)).toEqual({ sub: 'lazy', refused: 'ERR_JWE_DECRYPTION_FAILED', jwe: true });
  });
});
