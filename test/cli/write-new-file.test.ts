/**
 * writeNewFile, the one way the CLI writes output files (`keygen --out`, `decrypt --out`): a file
 * that fails while being written (a full disk) is removed, so no partial output is left behind,
 * and the failure is a usage error naming the path and the system's code.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test, vi } from 'vitest';

// The real open, with a handle whose writes fail as on a full disk when the path says so.
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  const open = async (...args: Parameters<typeof real.open>): Promise<FileHandle> => {
    const handle = await real.open(...args);
    if (!String(args[0]).endsWith('full-disk.bin')) return handle;
    const failing = Object.create(handle) as FileHandle;
    failing.writeFile = () => Promise.reject(Object.assign(new Error('no space left on device'), { code: 'ENOSPC' }));
    failing.close = () => handle.close();
    return failing;
  };
  return { ...real, open };
});

const { writeNewFile } = await import('../../src/cli/io.js');
const { UsageError } = await import('../../src/cli/usage-error.js');

const dir = mkdtempSync(join(tmpdir(), 'webjwt-write-new-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('writeNewFile', () => {
  test('a write that fails removes the file it created and is a usage error naming the path and code', async () => {
    const path = join(dir, 'full-disk.bin');
    const error = await writeNewFile(path, new Uint8Array([1, 2, 3]), 0o600, 'decrypt').catch((err: unknown) => err);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toBe(`Cannot write ${path} (ENOSPC)`);
    expect(existsSync(path)).toBe(false);
  });

  test('a write that works leaves the file, with its bytes', async () => {
    const path = join(dir, 'ok.bin');
    await writeNewFile(path, new Uint8Array([0, 10, 255]), 0o600, 'decrypt');
    expect([...readFileSync(path)]).toEqual([0, 10, 255]);
  });
});
