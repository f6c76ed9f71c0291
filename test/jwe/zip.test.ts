import { afterEach, describe, expect, it, vi } from 'vitest';
import { deflateRaw, inflateRaw } from '../../src/jwe/zip.js';
import { randomBytes } from '../../src/jwe/subtle.js';
import rfc7520 from '../fixtures/jwe/rfc7520-content.json';
import { ascii, b64u, expectDecryptionFailed, expectJwtError } from './content/helpers.js';

const LIMIT = 256 * 1024;

afterEach(() => vi.unstubAllGlobals());

/**
 * Puts a counter between the runtime's DecompressionStream and its reader, so a test can see how
 * much output was pulled out of the decompressor.
 */
function countDecompressedBytes(): { readonly bytes: number } {
  const Real = globalThis.DecompressionStream;
  const seen = { bytes: 0 };
  class CountingDecompressionStream {
    readonly writable: WritableStream<BufferSource>;
    readonly readable: ReadableStream<Uint8Array>;
    constructor(format: CompressionFormat) {
      const real = new Real(format);
      this.writable = real.writable;
      this.readable = real.readable.pipeThrough(
        new TransformStream<Uint8Array, Uint8Array>({
          transform(chunk, controller) {
            seen.bytes += chunk.length;
            controller.enqueue(chunk);
          },
        }),
      );
    }
  }
  vi.stubGlobal('DecompressionStream', CountingDecompressionStream);
  return seen;
}

describe('deflateRaw / inflateRaw', () => {
  it('round-trip text, random bytes and nothing', async () => {
    for (const bytes of [ascii('hello '.repeat(1000)), randomBytes(8192), new Uint8Array(0)]) {
      expect(await inflateRaw(await deflateRaw(bytes), bytes.length)).toEqual(bytes);
    }
  });

  it('compress repetitive plaintext', async () => {
    expect((await deflateRaw(ascii('a'.repeat(10_000)))).length).toBeLessThan(100);
  });

  it('inflate RFC 7520 section 5.9 to its plaintext', async () => {
    const c = rfc7520.cases.find((x) => 'compressed' in x)!;
    expect(new TextDecoder().decode(await inflateRaw(b64u(c.compressed!), LIMIT))).toBe(c.plaintext);
  });

  it('allow output of exactly the limit, and refuse one byte more', async () => {
    const deflated = await deflateRaw(new Uint8Array(1000));
    expect((await inflateRaw(deflated, 1000)).length).toBe(1000);
    await expectJwtError(
      inflateRaw(deflated, 999),
      'ERR_JWT_TOO_LARGE',
      'The decompressed plaintext is larger than the limit of 999 bytes',
    );
    await expectJwtError(inflateRaw(deflated, 0), 'ERR_JWT_TOO_LARGE');
  });

  it('refuse a zip bomb (20 MiB of zeros) at a 256 KiB limit, and stop decompressing there', async () => {
    const bomb = await deflateRaw(new Uint8Array(20 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(64 * 1024);
    const seen = countDecompressedBytes();
    await expectJwtError(inflateRaw(bomb, LIMIT), 'ERR_JWT_TOO_LARGE');
    // The stream was cancelled: only the limit and the chunk that crossed it (plus what was
    // already queued) came out, not the 20 MiB the input holds.
    expect(seen.bytes).toBeGreaterThan(LIMIT);
    expect(seen.bytes).toBeLessThan(LIMIT + 256 * 1024);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(seen.bytes).toBeLessThan(LIMIT + 256 * 1024);
  });

  it('refuse corrupt or truncated DEFLATE with the one decryption error', async () => {
    const deflated = await deflateRaw(ascii('The true sign of intelligence is not knowledge but imagination.'));
    await expectDecryptionFailed(inflateRaw(new Uint8Array([0xff, 0xff, 0xff, 0xff]), LIMIT)); // reserved block type 3
    await expectDecryptionFailed(inflateRaw(deflated.slice(0, deflated.length - 3), LIMIT));
    await expectDecryptionFailed(inflateRaw(new Uint8Array(0), LIMIT));
  });

  it('refuse a limit that is not a number of bytes', async () => {
    await expectJwtError(inflateRaw(new Uint8Array(1), Number.NaN), 'ERR_INVALID_ARGUMENT');
    await expectJwtError(inflateRaw(new Uint8Array(1), -1), 'ERR_INVALID_ARGUMENT');
  });
});

describe('runtimes without deflate-raw streams', () => {
  it('no CompressionStream / DecompressionStream: ERR_INVALID_ARGUMENT that names it', async () => {
    vi.stubGlobal('CompressionStream', undefined);
    vi.stubGlobal('DecompressionStream', undefined);
    await expectJwtError(
      deflateRaw(ascii('x')),
      'ERR_INVALID_ARGUMENT',
      'This runtime has no CompressionStream("deflate-raw"), which compressed JWE ("zip": "DEF") needs',
    );
    await expectJwtError(
      inflateRaw(new Uint8Array(1), LIMIT),
      'ERR_INVALID_ARGUMENT',
      'This runtime has no DecompressionStream("deflate-raw"), which compressed JWE ("zip": "DEF") needs',
    );
  });

  it('streams without the deflate-raw format: ERR_INVALID_ARGUMENT that says so', async () => {
    class GzipOnly {
      constructor(format: string) {
        throw new TypeError(`Unsupported format ${format}`);
      }
    }
    vi.stubGlobal('CompressionStream', GzipOnly);
    vi.stubGlobal('DecompressionStream', GzipOnly);
    const error = await expectJwtError(deflateRaw(ascii('x')), 'ERR_INVALID_ARGUMENT', /has no CompressionStream\("deflate-raw"\)/);
    expect(error.cause).toBeInstanceOf(TypeError);
    await expectJwtError(
      inflateRaw(new Uint8Array(1), LIMIT),
      'ERR_INVALID_ARGUMENT',
      /has no DecompressionStream\("deflate-raw"\)/,
    );
  });

  it('a compressor that fails mid-stream is a JwtError', async () => {
    class Failing {
      readonly writable: WritableStream<Uint8Array>;
      readonly readable: ReadableStream<Uint8Array>;
      constructor() {
        const stream = new TransformStream<Uint8Array, Uint8Array>({
          transform() {
            throw new Error('compressor failure');
          },
        });
        this.writable = stream.writable;
        this.readable = stream.readable;
      }
    }
    vi.stubGlobal('CompressionStream', Failing);
    await expectJwtError(deflateRaw(ascii('x')), 'ERR_INVALID_ARGUMENT', 'The plaintext cannot be compressed');
  });
});
