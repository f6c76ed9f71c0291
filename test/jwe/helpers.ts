/**
 * Shared by the JWE API tests: a key pair (encrypting key, decrypting key) for any alg x enc,
 * made from one key per family so that a hundred pairs cost one RSA key generation, and tools to
 * take a compact JWE apart and put it back together.
 */
import {
  CONTENT_ENCRYPTION_ALGORITHMS,
  type ContentEncryptionAlgorithm,
  exportEncryptionJwk,
  generateEncryptionKeyPair,
  importEncryptionKey,
  isJwtError,
  type Jwk,
  type JweKey,
  KEY_MANAGEMENT_ALGORITHMS,
  type KeyManagementAlgorithm,
} from '../../src/index.js';
import { contentEncryptionSpec, keyManagementSpec } from '../../src/jwe/algorithms.js';
import { expect } from 'vitest';

export type Pair = readonly [KeyManagementAlgorithm, ContentEncryptionAlgorithm];

/** Every alg x enc pair, in table order. */
export const ALL_PAIRS: readonly Pair[] = KEY_MANAGEMENT_ALGORITHMS.flatMap((alg) => CONTENT_ENCRYPTION_ALGORITHMS.map((enc) => [alg, enc] as const));

export const PASSWORD = 'correct horse battery staple';
/** Low PBES2 count for tests (the minimum); the default costs 100 000 iterations per token. */
export const TEST_P2C = 1000;

export interface TestKeys {
  readonly encryptKey: JweKey;
  readonly decryptKey: JweKey;
  /** The decrypting key's JWK (private or secret), without alg/use, for other libraries. */
  readonly jwk: Jwk;
}

/** The curves ECDH-ES keys can be on. */
export type EcdhCurveName = 'P-256' | 'P-384' | 'P-521' | 'X25519';

const privateJwks = new Map<string, Promise<Jwk>>();

/** One private JWK per family (and curve), generated on first use and shared by every test of the file. */
async function privateJwk(family: 'rsa' | 'ec', crv: EcdhCurveName = 'P-256'): Promise<Jwk> {
  const id = family === 'rsa' ? family : `${family}:${crv}`;
  let jwk = privateJwks.get(id);
  if (jwk === undefined) {
    const pair = family === 'rsa' ? generateEncryptionKeyPair('RSA-OAEP-256', 'A256GCM') : generateEncryptionKeyPair('ECDH-ES', 'A256GCM', { crv });
    jwk = pair.then(({ privateKey }) => exportEncryptionJwk(privateKey));
    privateJwks.set(id, jwk);
  }
  const { alg: _alg, use: _use, ...bare } = await jwk;
  return bare;
}

const publicPart = ({ d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...rest }: Jwk): Jwk => rest;

/** Bytes 1, 2, 3, ... of the given length: a fixed secret, so failures reproduce. */
export const fixedSecret = (length: number, start = 1): Uint8Array => Uint8Array.from({ length }, (_, i) => (start + i) & 255);

/** The key the family needs for `alg`, as a JWK. */
export async function jwkFor(alg: KeyManagementAlgorithm, enc: ContentEncryptionAlgorithm, start = 1, crv?: EcdhCurveName): Promise<Jwk> {
  const km = keyManagementSpec(alg)!;
  switch (km.family) {
    case 'rsa-oaep':
      return privateJwk('rsa');
    case 'ecdh-es':
    case 'ecdh-es-kw':
      return privateJwk('ec', crv);
    case 'pbes2':
      return { kty: 'oct', k: Buffer.from(PASSWORD).toString('base64url') };
    case 'dir':
      return { kty: 'oct', k: Buffer.from(fixedSecret(contentEncryptionSpec(enc)!.cekBytes, start)).toString('base64url') };
    default:
      return { kty: 'oct', k: Buffer.from(fixedSecret(km.kekBytes!, start)).toString('base64url') };
  }
}

/** The encrypting and decrypting key for `alg` x `enc` (the same secret key, or a public and a private key). */
export async function keysFor(
  alg: KeyManagementAlgorithm,
  enc: ContentEncryptionAlgorithm,
  options: { kid?: string; crv?: EcdhCurveName } = {},
): Promise<TestKeys> {
  const { crv, ...importOptions } = options;
  const jwk = await jwkFor(alg, enc, 1, crv);
  const decryptKey = await importEncryptionKey(jwk, alg, enc, importOptions);
  const asymmetric = jwk.kty !== 'oct';
  const encryptKey = asymmetric ? await importEncryptionKey(publicPart(jwk), alg, enc, importOptions) : decryptKey;
  return { encryptKey, decryptKey, jwk };
}

/** PBES2 keys need a p2c in tests; other families refuse one. */
export const encryptOptionsFor = (alg: KeyManagementAlgorithm): { p2c?: number } => (alg.startsWith('PBES2') ? { p2c: TEST_P2C } : {});

export interface Segments {
  header: Record<string, unknown>;
  headerSegment: string;
  encryptedKey: string;
  iv: string;
  ciphertext: string;
  tag: string;
}

export function split(token: string): Segments {
  const [headerSegment, encryptedKey, iv, ciphertext, tag] = token.split('.') as [string, string, string, string, string];
  return { header: JSON.parse(Buffer.from(headerSegment, 'base64url').toString()), headerSegment, encryptedKey, iv, ciphertext, tag };
}

export const join = (s: Omit<Segments, 'header'>): string => [s.headerSegment, s.encryptedKey, s.iv, s.ciphertext, s.tag].join('.');

export const encodeHeader = (header: unknown): string => Buffer.from(JSON.stringify(header)).toString('base64url');

/** The token with its header replaced (so its AAD changes too). */
export function withHeader(token: string, change: (header: Record<string, unknown>) => Record<string, unknown>): string {
  const s = split(token);
  return join({ ...s, headerSegment: encodeHeader(change({ ...s.header })) });
}

/** Flips one bit of a base64url segment's bytes (keeps it canonical). */
export function flipBit(segment: string, byte = 0): string {
  const bytes = Buffer.from(segment, 'base64url');
  bytes[byte]! ^= 1;
  return bytes.toString('base64url');
}

/** Awaits a rejection and checks it is a JwtError with `code`; returns it. */
export async function rejection(promise: Promise<unknown>, code: string): Promise<Error & { code: string }> {
  const error = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(isJwtError(error), `expected a JwtError ${code}, got ${String(error)}`).toBe(true);
  expect((error as { code: string }).code, (error as Error).message).toBe(code);
  return error as Error & { code: string };
}
