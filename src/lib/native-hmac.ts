/**
 * HMAC (RFC 2104) built from two one-shot native hashes over pads derived once per key:
 * `H((K ^ opad) || H((K ^ ipad) || data))`. On Node this is faster than `createHmac`, whose
 * per-call setup costs more than hashing a typical token. Used only where `crypto.hash` exists and
 * a known-answer check against `createHmac` has passed (run after the first HMAC, see native-crypto.ts);
 * until then, and where it fails, `createHmac` serves.
 *
 * @module
 */
import { currentRuntime } from './backend-table.js';
import { hexDigestMatches, writeHexDigest } from './hex-digest.js';
import { type NativeBuffer, nativeBuffer } from './native-buffer.js';
import type { KeyObjectLike, NodeCrypto } from './native-crypto.js';
import { utf8Into } from './utf8.js';

type HashName = 'sha256' | 'sha384' | 'sha512';

const BLOCK_BYTES: Record<HashName, number> = { sha256: 64, sha384: 128, sha512: 128 };
const DIGEST_BYTES: Record<HashName, number> = { sha256: 32, sha384: 48, sha512: 64 };

// Above this many bytes a key's buffer would stay large for good: such messages go to createHmac.
const MAX_MESSAGE_ROOM = 64 * 1024;

type OneShotHash = (algorithm: string, data: Uint8Array, encoding: 'latin1' | 'hex' | 'base64url') => string;

/**
 * @internal How the inner digest reaches the outer pad, and how a token's MAC is compared.
 * - `latin1` (Node, Bun): the digest as a latin1 string, written by Buffer (on Node a Buffer costs
 *   more to make than hashing a typical token); MACs compared as bytes by timingSafeEqual.
 * - `hex` (Deno): there the one-shot hash makes hex natively and every other encoding through its
 *   JavaScript Buffer, whose latin1 writes and timingSafeEqual run in JavaScript too; hex digests
 *   moved and compared by hex-digest.ts made HS256 verify's MAC 2.2-2.7x faster (interleaved, Deno
 *   2.9: 10.7-13.7 µs against 24-29 µs), while on Bun and Node they measured no better.
 *   Text reaches the pad through `TextEncoder.encodeInto` into a kept view: Deno's `Buffer.write`
 *   checks its arguments, picks the encoding and makes a view, then calls the same `encodeInto`.
 *   A 200-1000 byte signing input: 141-315 ns against 242-535 ns (1.5-1.8x, interleaved, Deno
 *   2.9.6); whole HS256 tokens (about 6.5 µs) moved by less than their noise. Node and Bun keep
 *   `Buffer.write`: their writes measured 1.15-1.45x faster with `encodeInto`, but no whole token did
 *   (bench/README.md, "Deno HMAC: the message written by encodeInto").
 */
export type DigestForm = 'latin1' | 'hex';

/** @internal The form this runtime uses (see {@link DigestForm}). */
export const runtimeDigestForm = (): DigestForm => (currentRuntime() === 'deno' ? 'hex' : 'latin1');

type Bytes = ReturnType<NativeBuffer['alloc']>;

/**
 * One secret's HMAC state. Each key has its own buffers, so its pads never sit in memory shared
 * with other keys, and they go when the key goes.
 */
interface Pads {
  /** The hash the pads were made for: a key object used with another hash gets none (createHmac). */
  readonly hash: HashName;
  readonly block: number;
  /** K ^ ipad, one block, followed by room for the message. */
  inner: Bytes;
  /** The room for the message, `inner` past its first block: kept, as a view made per call would cost about what the write does. */
  message: Uint8Array;
  /** The last view of `inner` hashed: one token length repeats, so it is reused. */
  view: Uint8Array | undefined;
  /** K ^ opad, one block, followed by room for the inner digest. */
  readonly outer: Bytes;
  /** The expected MAC and the one a token carries, laid out for a constant-time comparison. */
  readonly expected: Bytes;
  readonly given: Bytes;
}

// The pads of each secret, made on first use (null: its bytes could not be read, createHmac serves
// it). Held only as long as the key object itself.
const padsByKey = new WeakMap<KeyObjectLike, Pads | null>();

function makePads(native: NodeCrypto, hash: HashName, key: Uint8Array): Pads {
  const block = BLOCK_BYTES[hash];
  // Keys longer than a block are hashed first (RFC 2104 section 2).
  const k = key.length > block ? native.createHash(hash).update(key).digest() : key;
  const inner = nativeBuffer!.alloc(block + 1024);
  const outer = nativeBuffer!.alloc(block + DIGEST_BYTES[hash]);
  for (let i = 0; i < block; i++) {
    inner[i] = (k[i] ?? 0) ^ 0x36;
    outer[i] = (k[i] ?? 0) ^ 0x5c;
  }
  const expected = nativeBuffer!.alloc(DIGEST_BYTES[hash]);
  const given = nativeBuffer!.alloc(DIGEST_BYTES[hash]);
  return { hash, block, inner, message: inner.subarray(block, inner.length), view: undefined, outer, expected, given };
}

function padsOf(native: NodeCrypto, hash: HashName, key: KeyObjectLike): Pads | null {
  let pads = padsByKey.get(key);
  if (pads === undefined) {
    try {
      pads = makePads(native, hash, key.export());
    } catch {
      pads = null;
    }
    padsByKey.set(key, pads);
  }
  // Each key object serves one algorithm in webjwt, so this never declines there; if one is ever
  // shared, its other hash goes to createHmac rather than to pads of the wrong block size.
  return pads !== null && pads.hash !== hash ? null : pads;
}

// Every call is synchronous, so a key's buffers are never used by two calls at once.
function macWithPads(
  oneShot: OneShotHash,
  form: DigestForm,
  hash: HashName,
  pads: Pads,
  data: string | Uint8Array,
  encoding: 'latin1' | 'hex' | 'base64url',
): string | undefined {
  const block = pads.block;
  // A string's UTF-8 form is at most three bytes per UTF-16 unit.
  const room = block + (typeof data === 'string' ? data.length * 3 : data.length);
  if (room > MAX_MESSAGE_ROOM) return undefined;
  if (pads.inner.length < room) {
    const larger = nativeBuffer!.alloc(room);
    larger.set(pads.inner.subarray(0, block), 0);
    pads.inner.fill(0);
    pads.inner = larger;
    pads.message = larger.subarray(block, room);
    pads.view = undefined;
  }
  let written: number | undefined;
  if (typeof data !== 'string') written = (pads.message.set(data), data.length);
  // Deno: TextEncoder straight into the kept view; its Buffer.write checks its arguments, picks the
  // encoding and makes a view before doing the same (see DigestForm).
  else if (form === 'hex') written = utf8Into(data, pads.message);
  else written = pads.inner.write(data, block, 'utf8');
  if (written === undefined) return undefined; // cannot happen (room for 3 bytes per unit); createHmac would serve
  const end = block + written;
  if (pads.view?.length !== end) pads.view = pads.inner.subarray(0, end);
  if (form === 'hex') writeHexDigest(oneShot(hash, pads.view, 'hex'), pads.outer, block);
  else pads.outer.write(oneShot(hash, pads.view, 'latin1'), block, 'latin1');
  return oneShot(hash, pads.outer, encoding);
}

// Whether `segment` (already checked to be canonical base64url) is the MAC of `data`, in constant
// time: as bytes laid out in the key's own buffers and compared by node:crypto's timingSafeEqual, or
// (hex form) by hexDigestMatches.
function matchesWithPads(
  native: NodeCrypto,
  oneShot: OneShotHash,
  form: DigestForm,
  hash: HashName,
  pads: Pads,
  data: string | Uint8Array,
  segment: string,
): boolean | undefined {
  // The length is public (fixed by the algorithm); a segment of another length is simply not the MAC.
  if (segment.length !== Math.ceil((DIGEST_BYTES[hash] * 4) / 3)) return false;
  const expected = macWithPads(oneShot, form, hash, pads, data, form);
  if (expected === undefined) return undefined;
  if (form === 'hex') return hexDigestMatches(expected, segment);
  pads.expected.write(expected, 0, 'latin1');
  pads.given.write(segment, 0, 'base64url');
  return native.timingSafeEqual(pads.expected, pads.given);
}

/** Checks the construction against createHmac once per hash, including a key longer than a block. */
function passesKnownAnswers(native: NodeCrypto, oneShot: OneShotHash, form: DigestForm): boolean {
  try {
    for (const hash of Object.keys(BLOCK_BYTES) as HashName[]) {
      for (const keyLength of [DIGEST_BYTES[hash], BLOCK_BYTES[hash] + 5]) {
        const key = new Uint8Array(keyLength).map((_, i) => (i * 7 + 3) & 255);
        const data = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiLDqSJ9 \u00e9\u4e2d'; // ASCII, then two- and three-byte UTF-8
        const expected = native.createHmac(hash, native.createSecretKey(key)).update(data).digest('base64url');
        const pads = makePads(native, hash, key);
        if (macWithPads(oneShot, form, hash, pads, data, 'base64url') !== expected) return false;
        if (matchesWithPads(native, oneShot, form, hash, pads, data, expected) !== true) return false;
        const wrong = `${expected.slice(0, -2)}${expected.at(-2) === 'A' ? 'B' : 'A'}${expected.at(-1)}`;
        if (matchesWithPads(native, oneShot, form, hash, pads, data, wrong) !== false) return false;
      }
    }
    return true;
  } catch {
    return false;
  }
}

/** @internal HMAC from one-shot hashes: the MAC as base64url, and whether a token's MAC matches. */
export interface PadsMac {
  /** The MAC of `data`, or undefined when the message is too large (createHmac serves it). */
  mac(hash: HashName, key: KeyObjectLike, data: string | Uint8Array): string | undefined;
  /** Whether canonical base64url `segment` is the MAC of `data` (constant time); undefined as for `mac`. */
  matches(hash: HashName, key: KeyObjectLike, data: string | Uint8Array, segment: string): boolean | undefined;
}

/**
 * @internal HMAC from one-shot hashes for `native`, or undefined when createHmac should be used
 * instead. `form`: the runtime's own unless a test asks for the other.
 */
export function padsMac(native: NodeCrypto, form: DigestForm = runtimeDigestForm()): PadsMac | undefined {
  const oneShot = (native as { hash?: OneShotHash }).hash;
  if (typeof oneShot !== 'function' || nativeBuffer === undefined || typeof native.createHash !== 'function') return undefined;
  if (!passesKnownAnswers(native, oneShot, form)) return undefined;
  return {
    mac(hash, key, data) {
      const pads = padsOf(native, hash, key);
      return pads === null ? undefined : macWithPads(oneShot, form, hash, pads, data, 'base64url');
    },
    matches(hash, key, data, segment) {
      const pads = padsOf(native, hash, key);
      return pads === null ? undefined : matchesWithPads(native, oneShot, form, hash, pads, data, segment);
    },
  };
}
