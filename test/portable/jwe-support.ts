/**
 * What the JWE suites share: the runtime's Web Crypto capabilities (probed once), the crypto
 * backends to run under, outcomes compared across them, keys for every alg × enc pair (made from
 * one key per RSA hash and per curve), and compact JWE surgery.
 *
 * @module
 */
import type { ContentEncryptionAlgorithm, JweKey, KeyManagementAlgorithm } from '../../src/index.js';
import { b64u, fromB64u, fromUtf8, utf8 } from './bytes.js';
import { AssertionError, assert, isJwtErrorLike, type Lib } from './harness.js';

export type Alg = KeyManagementAlgorithm;
export type Enc = ContentEncryptionAlgorithm;
export type Curve = 'P-256' | 'P-384' | 'P-521' | 'X25519';

export const CURVES: readonly Curve[] = ['P-256', 'P-384', 'P-521', 'X25519'];
/** The lowest PBES2 count encryption accepts: keeps a hundred PBES2 tokens cheap. */
export const P2C = 1000;
/** Bytes of every value, so the round trips cover binary plaintext, not only text. */
export const PLAINTEXT = Uint8Array.from({ length: 300 }, (_, i) => (i * 7 + 3) & 0xff);

// ---------------------------------------------------------------------------------------------
// Runtime capabilities

/** What this runtime's Web Crypto can do, of what JWE needs beyond the common core. */
export interface Capabilities {
  /** 192-bit AES keys (Chromium has none). */
  readonly aes192: boolean;
  readonly x25519: boolean;
  readonly p521: boolean;
}

const succeeds = (action: () => Promise<unknown>): Promise<boolean> => action().then(() => true, () => false);

let capabilities: Promise<Capabilities> | undefined;

/** Probes Web Crypto directly (never through the library), once per run. */
export function runtimeCapabilities(): Promise<Capabilities> {
  capabilities ??= (async () => ({
    aes192: await succeeds(() => crypto.subtle.importKey('raw', new Uint8Array(24), 'AES-GCM', false, ['encrypt'])),
    x25519: await succeeds(() => crypto.subtle.generateKey({ name: 'X25519' }, false, ['deriveBits'])),
    p521: await succeeds(() => crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-521' }, false, ['deriveBits'])),
  }))();
  return capabilities;
}

/** Every algorithm with "192" in its name needs AES-192: A192GCM, A192CBC-HS384 (AES-192-CBC), A192KW and the KWs built on it. */
export const needsAes192 = (alg: Alg, enc: Enc): boolean => alg.includes('192') || enc.includes('192');

/**
 * What must happen to a pair here: `undefined` when it must work, else the pattern of the one
 * `ERR_KEY_INVALID` message the library must give instead (never a Web Crypto exception).
 */
export function missingCapability(caps: Capabilities, alg: Alg, enc: Enc, curve?: Curve): RegExp | undefined {
  if ((curve === 'X25519' && !caps.x25519) || (curve === 'P-521' && !caps.p521)) return /cannot be generated in this runtime/;
  if (needsAes192(alg, enc) && !caps.aes192) return /^This runtime's Web Crypto has no AES-192, which \S+ needs; use a 128- or 256-bit variant$/;
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Crypto backends and outcomes

type BackendChoice = Parameters<Lib['setCryptoBackend']>[0];

/** The backend settings to run under: `auto` (native `node:crypto`) and `webcrypto` where native exists, else `webcrypto`. */
export function jweBackends(lib: Lib): BackendChoice[] {
  lib.setCryptoBackend('auto');
  return lib.activeCryptoBackend() === 'native' ? ['auto', 'webcrypto'] : ['webcrypto'];
}

/** Runs `body` once under each backend setting of the library under test; restores `auto` after each. */
export async function underEachBackend<T>(lib: Lib, body: (backend: string) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (const choice of jweBackends(lib)) {
    lib.setCryptoBackend(choice);
    try {
      results.push(await body(lib.activeCryptoBackend()));
    } finally {
      lib.setCryptoBackend('auto');
    }
  }
  return results;
}

/** A run's outcome: its value, or the `JwtError` code and message. Anything else escaping is a failure. */
export type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

export async function settle<T>(action: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await action() };
  } catch (err) {
    if (isJwtErrorLike(err)) return { ok: false, error: `${err.code}: ${err.message}` };
    if (err instanceof AssertionError) throw err;
    const { name, message } = err as Error;
    throw new AssertionError(`a foreign exception escaped the library: ${name}: ${message}`);
  }
}

/** Asserts that every backend's outcome is the first one's, error for error; returns it. */
export function sameOutcome<T>(outcomes: readonly Outcome<T>[], backends: readonly string[]): Outcome<T> {
  const [first] = outcomes;
  assert(first !== undefined, 'no backend ran');
  outcomes.forEach((outcome, i) => {
    const describe = (o: Outcome<T>) => (o.ok ? 'success' : o.error);
    assert(
      outcome.ok === first.ok && (outcome.ok || first.ok || outcome.error === first.error),
      `backend ${backends[i]} gave "${describe(outcome)}" where ${backends[0]} gave "${describe(first)}"`,
    );
  });
  return first;
}

// ---------------------------------------------------------------------------------------------
// Keys

/** The key that encrypts and the key that decrypts: one secret, or a public and a private key. */
export interface PairKeys {
  readonly encryptKey: JweKey;
  readonly decryptKey: JweKey;
}

const isRsa = (alg: Alg) => alg.startsWith('RSA-OAEP');
export const isEcdh = (alg: Alg) => alg.startsWith('ECDH-ES');

interface BaseJwks {
  readonly publicJwk: Record<string, unknown>;
  readonly privateJwk: Record<string, unknown>;
}

const bases = new WeakMap<Lib, Map<string, Promise<BaseJwks>>>();
const pairs = new WeakMap<Lib, Map<string, Promise<PairKeys>>>();

function memo<T>(cache: WeakMap<Lib, Map<string, Promise<T>>>, lib: Lib, id: string, make: () => Promise<T>): Promise<T> {
  let map = cache.get(lib);
  if (map === undefined) cache.set(lib, (map = new Map()));
  let value = map.get(id);
  if (value === undefined) map.set(id, (value = make()));
  return value;
}

/** One generated key pair per RSA-OAEP hash (2048 bits) and per curve, as JWKs without `alg`. */
function baseJwks(lib: Lib, alg: Alg, curve: Curve | undefined): Promise<BaseJwks> {
  const id = isRsa(alg) ? alg : `ECDH ${curve}`;
  return memo(bases, lib, id, async () => {
    const pair = isRsa(alg)
      ? await lib.generateEncryptionKeyPair(alg, 'A128GCM')
      : await lib.generateEncryptionKeyPair('ECDH-ES', 'A128GCM', { crv: curve ?? 'P-256' });
    const strip = ({ alg: _alg, ...jwk }: Record<string, unknown>) => jwk;
    return {
      publicJwk: strip((await lib.exportEncryptionJwk(pair.publicKey)) as Record<string, unknown>),
      privateJwk: strip((await lib.exportEncryptionJwk(pair.privateKey)) as Record<string, unknown>),
    };
  });
}

/** Keys for `alg` × `enc` (and `curve` for ECDH-ES), made once per library copy. */
export function pairKeys(lib: Lib, alg: Alg, enc: Enc, curve?: Curve): Promise<PairKeys> {
  return memo(pairs, lib, `${alg} ${enc} ${curve ?? ''}`, async () => {
    if (!isRsa(alg) && !isEcdh(alg)) {
      const key = await lib.generateEncryptionKey(alg, enc, { kid: `${alg}/${enc}` });
      return { encryptKey: key, decryptKey: key };
    }
    const { publicJwk, privateJwk } = await baseJwks(lib, alg, curve);
    const kid = `${alg}/${enc}/${curve ?? 'rsa'}`;
    return {
      encryptKey: await lib.importEncryptionKey(publicJwk as never, alg, enc, { kid }),
      decryptKey: await lib.importEncryptionKey(privateJwk as never, alg, enc, { kid }),
    };
  });
}

/** Options encryption needs for `alg`: the cheapest PBES2 count. */
export const encryptOptions = (alg: Alg): { p2c?: number } => (alg.startsWith('PBES2') ? { p2c: P2C } : {});

// ---------------------------------------------------------------------------------------------
// Compact JWE surgery

/** The five segments: header, encrypted key, IV, ciphertext, tag. */
export type JweSegments = [header: string, encryptedKey: string, iv: string, ciphertext: string, tag: string];

export function jweSegments(token: string): JweSegments {
  const parts = token.split('.');
  if (parts.length !== 5) throw new Error(`expected five segments, got ${parts.length}`);
  return parts as JweSegments;
}

export const SEGMENT_NAMES = ['protected header', 'encrypted key', 'IV', 'ciphertext', 'tag'] as const;

/** `token` with segment `index` replaced. */
export function withSegment(token: string, index: number, segment: string): string {
  const parts = jweSegments(token);
  parts[index] = segment;
  return parts.join('.');
}

/** The decoded protected header. */
export function jweHeader(token: string): Record<string, unknown> {
  return JSON.parse(fromUtf8(fromB64u(jweSegments(token)[0])));
}

/** `token` with a new protected header (so the AAD no longer matches the tag). */
export function withHeader(token: string, header: Record<string, unknown>): string {
  return withSegment(token, 0, b64u(JSON.stringify(header)));
}

/** The segment's bytes with one bit flipped at `at` (negative: from the end), re-encoded canonically. */
export function flipBit(segment: string, at = -1): string {
  const bytes = fromB64u(segment);
  const index = at < 0 ? bytes.length + at : at;
  bytes[index] = (bytes[index] ?? 0) ^ 0x01;
  return b64u(bytes);
}

/** The segment's bytes cut or grown by `delta` bytes, re-encoded canonically. */
export function resize(segment: string, delta: number): string {
  const bytes = fromB64u(segment);
  if (delta < 0) return b64u(bytes.subarray(0, bytes.length + delta));
  const grown = new Uint8Array(bytes.length + delta);
  grown.set(bytes);
  return b64u(grown);
}

// ---------------------------------------------------------------------------------------------
// Forging: the steps of an encrypter, written on Web Crypto directly

/** The Concat KDF of RFC 7518 section 4.6.2 with SHA-256, empty PartyUInfo and PartyVInfo, for keys up to 256 bits. */
export async function concatKdf(z: Uint8Array, algorithmId: string, keyBits: number): Promise<Uint8Array> {
  const id = utf8(algorithmId);
  const input = new Uint8Array(4 + z.length + 4 + id.length + 4 + 4 + 4);
  const view = new DataView(input.buffer);
  let at = 0;
  view.setUint32(at, 1);
  input.set(z, (at += 4));
  view.setUint32((at += z.length), id.length);
  input.set(id, (at += 4));
  view.setUint32((at += id.length), 0); // PartyUInfo: empty
  view.setUint32((at += 4), 0); // PartyVInfo: empty
  view.setUint32((at += 4), keyBits);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', input));
  return digest.subarray(0, keyBits / 8);
}

/** A compact JWE with `header` (alg, enc A128GCM, ...), no encrypted key, its content sealed with AES-128-GCM under `cek`. */
export async function sealA128Gcm(header: Record<string, unknown>, cek: Uint8Array, plaintext: Uint8Array): Promise<string> {
  const headerSegment = b64u(JSON.stringify(header));
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const key = await crypto.subtle.importKey('raw', new Uint8Array(cek), 'AES-GCM', false, ['encrypt']);
  const sealed = new Uint8Array(
    await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: utf8(headerSegment) }, key, new Uint8Array(plaintext)),
  );
  const ciphertext = sealed.subarray(0, sealed.length - 16);
  const tag = sealed.subarray(sealed.length - 16);
  return [headerSegment, '', b64u(iv), b64u(ciphertext), b64u(tag)].join('.');
}
