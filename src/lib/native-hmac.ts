/**
 * HMAC (RFC 2104) built from two one-shot native hashes over pads derived once per key:
 * `H((K ^ opad) || H((K ^ ipad) || data))`. On Node this is faster than `createHmac`, whose
 * per-call setup costs more than hashing a typical token. Used only where `crypto.hash` exists and
 * a known-answer check against `createHmac` passes at load; otherwise `createHmac` serves.
 *
 * @module
 */
import { nativeBuffer } from './native-buffer.js';
import type { KeyObjectLike, NodeCrypto } from './native-crypto.js';

type HashName = 'sha256' | 'sha384' | 'sha512';

const BLOCK_BYTES: Record<HashName, number> = { sha256: 64, sha384: 128, sha512: 128 };
const DIGEST_BYTES: Record<HashName, number> = { sha256: 32, sha384: 48, sha512: 64 };

// Above this many bytes a key's buffer would stay large for good: such messages go to createHmac.
const MAX_MESSAGE_ROOM = 64 * 1024;

// The inner digest is taken as a latin1 string, not a Buffer: on Node a Buffer costs more to make
// than hashing a typical token.
type OneShotHash = (algorithm: string, data: Uint8Array, encoding: 'latin1' | 'base64url') => string;

type Bytes = Uint8Array & {
  write(text: string, offset: number, encoding: 'utf8' | 'latin1'): number;
  subarray(start: number, end: number): Uint8Array;
};

/**
 * One secret's HMAC state. Each key has its own buffers, so its pads never sit in memory shared
 * with other keys, and they go when the key goes.
 */
interface Pads {
  readonly block: number;
  /** K ^ ipad, one block, followed by room for the message. */
  inner: Bytes;
  /** The last view of `inner` hashed: one token length repeats, so it is reused. */
  view: Uint8Array | undefined;
  /** K ^ opad, one block, followed by room for the inner digest. */
  readonly outer: Bytes;
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
  return { block, inner, view: undefined, outer };
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
  return pads;
}

// Every call is synchronous, so a key's buffers are never used by two calls at once.
function macWithPads(oneShot: OneShotHash, hash: HashName, pads: Pads, data: string | Uint8Array): string | undefined {
  const block = pads.block;
  // A string's UTF-8 form is at most three bytes per UTF-16 unit.
  const room = block + (typeof data === 'string' ? data.length * 3 : data.length);
  if (room > MAX_MESSAGE_ROOM) return undefined;
  if (pads.inner.length < room) {
    const larger = nativeBuffer!.alloc(room);
    larger.set(pads.inner.subarray(0, block), 0);
    pads.inner.fill(0);
    pads.inner = larger;
    pads.view = undefined;
  }
  const inner = pads.inner;
  const end = block + (typeof data === 'string' ? inner.write(data, block, 'utf8') : (inner.set(data, block), data.length));
  if (pads.view?.length !== end) pads.view = inner.subarray(0, end);
  pads.outer.write(oneShot(hash, pads.view, 'latin1'), block, 'latin1');
  return oneShot(hash, pads.outer, 'base64url');
}

/** Checks the construction against createHmac once per hash, including a key longer than a block. */
function passesKnownAnswers(native: NodeCrypto, oneShot: OneShotHash): boolean {
  try {
    for (const hash of Object.keys(BLOCK_BYTES) as HashName[]) {
      for (const keyLength of [DIGEST_BYTES[hash], BLOCK_BYTES[hash] + 5]) {
        const key = new Uint8Array(keyLength).map((_, i) => (i * 7 + 3) & 255);
        const data = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiLDqSJ9 \u00e9\u4e2d'; // ASCII, then two- and three-byte UTF-8
        const expected = native.createHmac(hash, native.createSecretKey(key)).update(data).digest('base64url');
        if (macWithPads(oneShot, hash, makePads(native, hash, key), data) !== expected) return false;
      }
    }
    return true;
  } catch {
    return false;
  }
}

/** @internal A MAC function for `native`, or undefined when createHmac should be used instead. */
export function padsMac(native: NodeCrypto):
  | ((hash: HashName, key: KeyObjectLike, data: string | Uint8Array) => string | undefined)
  | undefined {
  const oneShot = (native as { hash?: OneShotHash }).hash;
  if (typeof oneShot !== 'function' || nativeBuffer === undefined || typeof native.createHash !== 'function') return undefined;
  if (!passesKnownAnswers(native, oneShot)) return undefined;
  return (hash, key, data) => {
    const pads = padsOf(native, hash, key);
    return pads === null ? undefined : macWithPads(oneShot, hash, pads, data);
  };
}
