/**
 * JWE compression (`"zip": "DEF"`, RFC 7516 section 4.1.3): raw DEFLATE (RFC 1951) through the
 * runtime's CompressionStream and DecompressionStream. Inflating is bounded: a few kilobytes of
 * DEFLATE can expand to gigabytes, so reading stops, and the stream is cancelled, as soon as the
 * output passes the caller's limit.
 *
 * @module
 */
import { JwtError } from '../errors.js';
import { invalidArgument } from '../lib/jwt-errors.js';
import { concatBytes } from '../lib/bytes.js';
import { decryptionFailed } from './failures.js';

type StreamName = 'CompressionStream' | 'DecompressionStream';

function deflateRawStream(name: StreamName): TransformStream<Uint8Array, Uint8Array> {
  const Stream = (
    globalThis as Partial<Record<StreamName, new (format: string) => TransformStream<Uint8Array, Uint8Array>>>
  )[name];
  try {
    // No such stream at all throws here too (not a constructor), as does one without the format.
    return new Stream!('deflate-raw');
  } catch (cause) {
    throw invalidArgument(`This runtime has no ${name}("deflate-raw"), which compressed JWE ("zip": "DEF") needs`, {
      cause,
    });
  }
}

function streamOf(bytes: Uint8Array): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });
}

/**
 * Reads `stream` to its end, or to the first chunk that takes the total past `maxBytes`: then it
 * cancels the stream (no more output is produced) and returns undefined.
 */
async function readAtMost(stream: ReadableStream<Uint8Array>, maxBytes: number): Promise<Uint8Array | undefined> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return concatBytes(...chunks);
    total += value.length;
    if (total > maxBytes) {
      reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
}

/**
 * @internal Compresses `bytes` with raw DEFLATE. `ERR_INVALID_ARGUMENT` when the runtime has no
 * `CompressionStream('deflate-raw')`.
 */
export async function deflateRaw(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = streamOf(bytes).pipeThrough(deflateRawStream('CompressionStream'));
  try {
    return (await readAtMost(stream, Number.POSITIVE_INFINITY))!;
  } catch (cause) {
    throw invalidArgument('The plaintext cannot be compressed', { cause });
  }
}

/**
 * @internal Inflates raw DEFLATE `bytes`, producing at most `maxBytes`: more is
 * `ERR_JWT_TOO_LARGE` (decompression stops there); input that is not valid DEFLATE is
 * `ERR_JWE_DECRYPTION_FAILED`; a runtime without `DecompressionStream('deflate-raw')` is
 * `ERR_INVALID_ARGUMENT`.
 */
export async function inflateRaw(bytes: Uint8Array, maxBytes: number): Promise<Uint8Array> {
  if (!(maxBytes >= 0)) {
    throw invalidArgument('The decompressed length limit must be a number of bytes');
  }
  const stream = streamOf(bytes).pipeThrough(deflateRawStream('DecompressionStream'));
  let inflated: Uint8Array | undefined;
  try {
    inflated = await readAtMost(stream, maxBytes);
  } catch {
    throw decryptionFailed();
  }
  if (!inflated) {
    throw new JwtError('ERR_JWT_TOO_LARGE', `The decompressed plaintext is larger than the limit of ${maxBytes} bytes`);
  }
  return inflated;
}
