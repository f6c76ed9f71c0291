import { afterEach, describe, expect, it, vi } from 'vitest';
import { exportJwk } from '../../src/keys/export.js';
import { generateKeyPair, generateSecret } from '../../src/keys/generate.js';
import { createRemoteJwks, type RemoteJwksOptions } from '../../src/keys/remote-jwks.js';
import { sign, verify, type JwsHeader } from '../../src/index.js';
import { code } from './helpers.js';

const URL_ = 'https://idp.example/.well-known/jwks.json';

async function pair(kid: string) {
  const keys = await generateKeyPair('ES256', { kid });
  return { ...keys, jwk: await exportJwk(keys.publicKey) };
}

const json = (body: unknown, init: ResponseInit = {}) =>
  new Response(typeof body === 'string' ? body : JSON.stringify(body), { status: 200, ...init });

/** A response whose body arrives in the given chunks, then ends (or never ends). */
function streamed(chunks: Uint8Array[], end = true): Response {
  let i = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (i < chunks.length) controller.enqueue(chunks[i++]!);
      else if (end) controller.close();
    },
  });
  return new Response(body, { status: 200 });
}

/** A remote set over a fake provider and a manual clock. */
async function provider(options: RemoteJwksOptions = {}) {
  const a = await pair('a');
  const b = await pair('b');
  let respond: () => Response | Promise<Response> = () => json({ keys: [a.jwk] });
  let now = 1_000_000;
  const fetch = vi.fn(async (_url: string | URL | Request, _init?: RequestInit) => respond());
  const keys = createRemoteJwks(URL_, { fetch, clock: () => now, ...options });
  return {
    a, b, keys, fetch,
    serve: (doc: unknown) => (respond = () => json(doc)),
    fail: (make: () => Response | Promise<Response>) => (respond = make),
    advance: (ms: number) => (now += ms),
    key: (kid: string) => keys.getKey({ alg: 'ES256', kid }),
  };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('createRemoteJwks: caching', () => {
  it('fetches on first use, serves from the cache, and refetches after the max age', async () => {
    const p = await provider({ cacheMaxAgeMs: 1000 });
    const token = await sign({}, p.a.privateKey);
    await verify(token, p.keys, { algorithms: ['ES256'] });
    await verify(token, p.keys, { algorithms: ['ES256'] });
    expect(p.fetch).toHaveBeenCalledTimes(1);
    p.advance(999);
    await p.key('a');
    expect(p.fetch).toHaveBeenCalledTimes(1);
    p.advance(1);
    await p.key('a');
    expect(p.fetch).toHaveBeenCalledTimes(2);
  });

  it('asks for JSON with the caller\'s headers and an abort signal', async () => {
    const p = await provider({ headers: { authorization: 'Bearer t' } });
    await p.key('a');
    const [url, init] = p.fetch.mock.calls[0]!;
    expect(String(url)).toBe(URL_);
    expect(init?.headers).toEqual({ accept: 'application/json', authorization: 'Bearer t' });
    expect(init?.signal).toBeInstanceOf(AbortSignal);
  });

  it('shares one request among concurrent callers', async () => {
    const p = await provider();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    p.fail(async () => {
      await gate;
      return json({ keys: [p.a.jwk] });
    });
    const callers = Array.from({ length: 10 }, () => p.key('a'));
    const reload = p.keys.reload();
    release();
    const found = await Promise.all(callers);
    await reload;
    expect(p.fetch).toHaveBeenCalledTimes(1);
    expect(new Set(found).size).toBe(1);
  });

  it('refetches on an unknown kid at most once per cooldown', async () => {
    const p = await provider({ cooldownMs: 30_000 });
    await p.key('a');
    await expect(p.key('b')).rejects.toEqual(code('ERR_KEY_NOT_FOUND')); // too soon after the first fetch
    expect(p.fetch).toHaveBeenCalledTimes(1);
    p.advance(30_000);
    p.serve({ keys: [p.a.jwk, p.b.jwk] });
    expect((await p.key('b')).kid).toBe('b');
    expect(p.fetch).toHaveBeenCalledTimes(2);
    // A made-up kid right after the refetch costs nothing.
    for (let i = 0; i < 5; i++) await expect(p.key(`made-up-${i}`)).rejects.toEqual(code('ERR_KEY_NOT_FOUND'));
    expect(p.fetch).toHaveBeenCalledTimes(2);
    p.advance(30_000);
    await expect(p.key('still-unknown')).rejects.toEqual(code('ERR_KEY_NOT_FOUND'));
    expect(p.fetch).toHaveBeenCalledTimes(3);
  });

  it('concurrent unknown kids share one refetch', async () => {
    const p = await provider({ cooldownMs: 10 });
    await p.key('a');
    p.advance(10);
    p.serve({ keys: [p.a.jwk, p.b.jwk] });
    const found = await Promise.all([p.key('b'), p.key('b'), p.key('b')]);
    expect(found.map((k) => k.kid)).toEqual(['b', 'b', 'b']);
    expect(p.fetch).toHaveBeenCalledTimes(2);
  });

  it('ignores secrets in a fetched set: a published key is not secret', async () => {
    const p = await provider();
    const secret = await generateSecret('HS256', { kid: 's' });
    p.serve({ keys: [await exportJwk(secret), p.a.jwk] });
    const token = await sign({}, secret);
    await expect(verify(token, p.keys, { algorithms: ['HS256'] })).rejects.toEqual(code('ERR_KEY_NOT_FOUND'));
    expect((await p.key('a')).kid).toBe('a');
  });

  it('reload() fetches now, even within the cooldown', async () => {
    const p = await provider();
    await p.key('a');
    p.serve({ keys: [p.b.jwk] });
    await p.keys.reload();
    expect(p.fetch).toHaveBeenCalledTimes(2);
    expect((await p.key('b')).kid).toBe('b');
    await expect(p.key('a')).rejects.toEqual(code('ERR_KEY_NOT_FOUND'));
  });
});

describe('createRemoteJwks: failures', () => {
  it('a failed refetch after an unknown kid keeps the set until its max age', async () => {
    const p = await provider({ cooldownMs: 1000, cacheMaxAgeMs: 60_000 });
    await p.key('a');
    p.advance(1000);
    p.fail(() => new Response('down', { status: 503 }));
    await expect(p.key('b')).rejects.toEqual(code('ERR_JWKS_FETCH_FAILED'));
    expect((await p.key('a')).kid).toBe('a');
    p.advance(59_000);
    // Past its max age the set is not trusted while the provider is down (fail closed).
    await expect(p.key('a')).rejects.toEqual(code('ERR_JWKS_FETCH_FAILED'));
  });

  it('after a failure, callers within the cooldown fail at once without fetching', async () => {
    const p = await provider({ cooldownMs: 1000 });
    p.fail(() => {
      throw new TypeError('connection refused');
    });
    await expect(p.key('a')).rejects.toThrow(/network error/);
    await expect(p.key('a')).rejects.toThrow(/network error/);
    await expect(p.key('a')).rejects.toEqual(code('ERR_JWKS_FETCH_FAILED'));
    expect(p.fetch).toHaveBeenCalledTimes(1);
    p.advance(1000);
    p.serve({ keys: [p.a.jwk] });
    expect((await p.key('a')).kid).toBe('a');
    expect(p.fetch).toHaveBeenCalledTimes(2);
  });

  it('reload() retries at once after a failure', async () => {
    const p = await provider();
    p.fail(() => new Response('', { status: 500 }));
    await expect(p.keys.reload()).rejects.toThrow(/HTTP 500/);
    p.serve({ keys: [p.a.jwk] });
    await p.keys.reload();
    expect((await p.key('a')).kid).toBe('a');
  });

  const bytes = (n: number) => new Uint8Array(n).fill(0x20);
  it.each<[string, () => Response, RegExp]>([
    ['an HTTP error', () => new Response('no', { status: 500 }), /HTTP 500/],
    ['not found', () => new Response(null, { status: 404 }), /HTTP 404/],
    ['a redirect that was not followed', () => new Response(null, { status: 302, headers: { location: 'https://x' } }), /HTTP 302/],
    ['a body that is not JSON', () => json('<html>'), /not JSON/],
    ['a body that is not UTF-8', () => new Response(new Uint8Array([0x7b, 0xff, 0x7d])), /not JSON/],
    ['an empty body', () => new Response(null, { status: 200 }), /not JSON/],
    ['JSON that is not a JWKS', () => json({ keys: 'no' }), /not a JWKS/],
    ['a JSON array', () => json([]), /not a JWKS/],
    ['a declared body that is too large', () => json({ keys: [] }, { headers: { 'content-length': String(2 << 20) } }), /larger than/],
    ['a body that is too large', () => json({ keys: [], pad: 'x'.repeat(2 << 20) }), /larger than/],
    ['a streamed body that grows too large', () => streamed(Array.from({ length: 20 }, () => bytes(64 << 10))), /larger than/],
    ['a network error', () => { throw new TypeError('fetch failed'); }, /network error/],
  ])('fails with ERR_JWKS_FETCH_FAILED on %s', async (_name, respond, message) => {
    const keys = createRemoteJwks(URL_, { fetch: vi.fn(async () => respond()) });
    const { privateKey } = await generateKeyPair('ES256');
    const failure = verify(await sign({}, privateKey), keys, { algorithms: ['ES256'] });
    await expect(failure).rejects.toEqual(code('ERR_JWKS_FETCH_FAILED'));
    await expect(keys.reload()).rejects.toThrow(message);
  });

  it('reads a body streamed in chunks', async () => {
    const { jwk } = await pair('a');
    const text = new TextEncoder().encode(JSON.stringify({ keys: [jwk] }));
    const chunks = [text.subarray(0, 10), text.subarray(10, 50), text.subarray(50)];
    const keys = createRemoteJwks(URL_, { fetch: async () => streamed(chunks) });
    expect((await keys.getKey({ alg: 'ES256', kid: 'a' })).kid).toBe('a');
  });

  it('a body read error is a fetch failure', async () => {
    const body = new ReadableStream({ pull: (controller) => controller.error(new Error('reset')) });
    const keys = createRemoteJwks(URL_, { fetch: async () => new Response(body) });
    await expect(keys.reload()).rejects.toThrow(/could not be read/);
  });

  it('times out a server that never answers, whether or not fetch honours the signal', async () => {
    const honouring = vi.fn((_url: unknown, init?: RequestInit) => new Promise<Response>((_, reject) => {
      init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
    }));
    const deaf = vi.fn(() => new Promise<Response>(() => undefined));
    for (const fetch of [honouring, deaf]) {
      const keys = createRemoteJwks(URL_, { fetch: fetch as never, timeoutMs: 20 });
      await expect(keys.reload()).rejects.toThrow(/no answer within 20 ms/);
      await expect(keys.getKey({ alg: 'ES256' })).rejects.toEqual(code('ERR_JWKS_FETCH_FAILED'));
    }
  });

  it('times out a body that never ends', async () => {
    const keys = createRemoteJwks(URL_, { fetch: async () => streamed([new Uint8Array([0x7b])], false), timeoutMs: 20 });
    await expect(keys.reload()).rejects.toThrow(/no answer within 20 ms/);
  });

  it('never puts the URL\'s credentials, the headers or the body in error messages', async () => {
    const keys = createRemoteJwks('https://user:hunter2@idp.example/jwks?api_key=SECRET', {
      headers: { authorization: 'Bearer TOPSECRET' },
      fetch: async () => new Response('{"error":"PRIVATE DETAIL"', { status: 200 }),
    });
    const error = await keys.reload().then(() => undefined, (e: unknown) => e as Error);
    for (const secret of ['hunter2', 'SECRET', 'TOPSECRET', 'PRIVATE DETAIL']) expect(error?.message).not.toContain(secret);
  });
});

describe('createRemoteJwks: arguments', () => {
  it('refuses bad URLs and options', () => {
    for (const url of ['ftp://x/jwks', 'not a url', 'javascript:alert(1)', 'file:///etc/jwks', '']) {
      expect(() => createRemoteJwks(url)).toThrow(code('ERR_INVALID_ARGUMENT'));
    }
    const bad: RemoteJwksOptions[] = [
      { timeoutMs: 0 }, { timeoutMs: Number.NaN }, { timeoutMs: '5' as never }, { cacheMaxAgeMs: -1 },
      { cooldownMs: Number.POSITIVE_INFINITY }, { maxBytes: 0 }, { fetch: 'no' as never },
    ];
    for (const options of bad) expect(() => createRemoteJwks(URL_, options)).toThrow(code('ERR_INVALID_ARGUMENT'));
    expect(() => createRemoteJwks(URL_, null as never)).toThrow(code('ERR_INVALID_ARGUMENT'));
  });

  it('accepts http: (for local development) and URL objects', () => {
    expect(createRemoteJwks('http://localhost:8080/jwks')).toBeTruthy();
    expect(createRemoteJwks(new URL(URL_))).toBeTruthy();
  });

  it('uses globalThis.fetch by default, and needs one', async () => {
    const { jwk } = await pair('g');
    const fetch = vi.fn(async () => json({ keys: [jwk] }));
    vi.stubGlobal('fetch', fetch);
    const header: JwsHeader = { alg: 'ES256', kid: 'g' };
    expect((await createRemoteJwks(URL_).getKey(header)).kid).toBe('g');
    expect(fetch).toHaveBeenCalledTimes(1);
    vi.stubGlobal('fetch', undefined);
    expect(() => createRemoteJwks(URL_)).toThrow(code('ERR_INVALID_ARGUMENT'));
  });
});

describe('createRemoteJwks in browsers', () => {
  it('calls fetch as a plain function, never as a method of another object', async () => {
    const { createRemoteJwks } = await import('../../src/index.js');
    const seen: unknown[] = [];
    // Browsers' fetch throws "Illegal invocation" unless `this` is the global object or undefined.
    const strictFetch = function (this: unknown) {
      seen.push(this);
      return Promise.resolve(new Response(JSON.stringify({ keys: [] })));
    } as unknown as typeof fetch;
    await createRemoteJwks('https://idp.example/jwks', { fetch: strictFetch }).reload();
    expect(seen).toEqual([undefined]);
  });
});

describe('createRemoteJwks with broken fetch implementations', () => {
  it('a body stream of non-bytes, or no response at all, is ERR_JWKS_FETCH_FAILED', async () => {
    const { createRemoteJwks } = await import('../../src/index.js');
    const junkStream = { ok: true, status: 200, headers: new Headers(), body: { getReader: () => ({ read: async () => ({ done: false, value: 5 }), cancel: async () => undefined }) } };
    await expect(createRemoteJwks('https://idp.example/jwks', { fetch: (async () => junkStream) as never }).reload()).rejects.toMatchObject({ code: 'ERR_JWKS_FETCH_FAILED' });
    await expect(createRemoteJwks('https://idp.example/jwks', { fetch: (async () => null) as never }).reload()).rejects.toMatchObject({ code: 'ERR_JWKS_FETCH_FAILED' });
  });
});
