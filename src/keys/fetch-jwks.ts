/**
 * Downloading a JWKS document: one `fetch` bounded in time and size, every failure turned into
 * `ERR_JWKS_FETCH_FAILED`. Messages name the failure, never the URL's credentials, headers or body.
 *
 * @module
 */
import { JwtError } from '../errors.js';
import { isBytes } from '../lib/bytes.js';
import { fromUtf8 } from '../lib/utf8.js';
import type { FetchLike, FetchResponseLike } from '../lib/web-types.js';

/** @internal What {@link fetchJwksDocument} needs. */
export interface JwksRequest {
  readonly url: URL;
  readonly timeoutMs: number;
  readonly maxBytes: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly fetch: FetchLike;
}

/** @internal An `ERR_JWKS_FETCH_FAILED` error. */
export function fetchFailed(why: string, cause?: unknown): JwtError {
  return new JwtError('ERR_JWKS_FETCH_FAILED', `JWKS fetch failed: ${why}`, { cause });
}

async function readLimited(response: FetchResponseLike, maxBytes: number): Promise<Uint8Array> {
  const tooLarge = () => fetchFailed(`the response is larger than ${maxBytes} bytes`);
  if (Number(response.headers.get('content-length')) > maxBytes) throw tooLarge();
  if (response.body === null) return new Uint8Array();
  // Read chunk by chunk so that a huge (or endless) body is cut off, not buffered.
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    // A stream of anything but bytes (a broken fetch polyfill) must not defeat the size limit.
    if (!isBytes(value)) throw fetchFailed('the response body is not a byte stream');
    total += value.byteLength;
    if (total > maxBytes) {
      void reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

async function download(request: JwksRequest, signal: AbortSignal): Promise<Uint8Array> {
  let response: FetchResponseLike;
  try {
    // Called as a plain function: browsers throw "Illegal invocation" for fetch called on another object.
    const fetchImpl = request.fetch;
    response = await fetchImpl(request.url.href, { headers: { accept: 'application/json', ...request.headers }, signal });
  } catch (cause) {
    throw fetchFailed('network error', cause);
  }
  if (typeof response !== 'object' || response === null) throw fetchFailed('fetch did not return a response');
  if (!response.ok) {
    void response.body?.cancel().catch(() => undefined);
    throw fetchFailed(`the server answered HTTP ${response.status}`);
  }
  try {
    return await readLimited(response, request.maxBytes);
  } catch (cause) {
    throw cause instanceof JwtError ? cause : fetchFailed('the response body could not be read', cause);
  }
}

/**
 * @internal Fetches and parses the document at `request.url`. The whole exchange (headers and body)
 * must finish within `timeoutMs`, even with a `fetch` that ignores its abort signal.
 */
export async function fetchJwksDocument(request: JwksRequest): Promise<unknown> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(fetchFailed(`no answer within ${request.timeoutMs} ms`));
      controller.abort();
    }, request.timeoutMs);
  });
  const work = download(request, controller.signal);
  let body: Uint8Array;
  try {
    body = await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
    // The loser of the race may still reject; that is expected and already handled.
    work.catch(() => undefined);
  }
  const text = fromUtf8(body);
  try {
    if (text === undefined) throw new TypeError('not UTF-8');
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw fetchFailed('the response is not JSON', cause);
  }
}
