/**
 * The Web Crypto backend: the only module that finds `crypto.subtle` (the JWE code takes it from here
 * too). It is the contract and the default everywhere; `crypto.ts` may route hot operations to the
 * native backend instead.
 *
 * @module
 */
import { invalidArgument, keyInvalid } from './jwt-errors.js';
import type { AlgorithmSpec } from './algorithms.js';
import { utf8 } from './utf8.js';

/** @internal The runtime's `crypto.subtle`; `ERR_INVALID_ARGUMENT` when the runtime has none (the JWE code uses it too). */
export function subtle(): SubtleCrypto {
  const provider = (globalThis as { crypto?: Crypto }).crypto;
  if (!provider?.subtle) {
    throw invalidArgument('Web Crypto (globalThis.crypto.subtle) is not available in this runtime');
  }
  return provider.subtle;
}

// Web Crypto accepts BufferSource; a view over a SharedArrayBuffer is refused by some runtimes,
// so hand over a plain view.
function source(data: string | Uint8Array): Uint8Array<ArrayBuffer> {
  return (typeof data === 'string' ? utf8(data) : data) as Uint8Array<ArrayBuffer>;
}

/** Signs `data` with `key` under the algorithm's parameters. */
export async function webSign(spec: AlgorithmSpec, key: CryptoKey, data: string | Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await subtle().sign(spec.signParams, key, source(data)));
}

/** Verifies `signature` over `data`. Never throws for a wrong signature; returns false. */
export async function webVerify(
  spec: AlgorithmSpec,
  key: CryptoKey,
  signature: Uint8Array,
  data: string | Uint8Array,
): Promise<boolean> {
  try {
    return await subtle().verify(spec.signParams, key, source(signature), source(data));
  } catch {
    // Some runtimes throw on malformed signatures instead of returning false.
    return false;
  }
}

/** Formats Web Crypto can import a key from. */
export type ImportFormat = 'raw' | 'spki' | 'pkcs8' | 'jwk';

/** Imports key material for `spec`. Provider failures become `ERR_KEY_INVALID`. */
export async function webImportKey(
  spec: AlgorithmSpec,
  format: ImportFormat,
  material: Uint8Array | JsonWebKey,
  usages: readonly KeyUsage[],
  extractable: boolean,
): Promise<CryptoKey> {
  try {
    // One call for every format (the casts only pick an overload): JWKs go as they are, bytes as a plain view.
    const data = format === 'jwk' ? (material as Uint8Array<ArrayBuffer>) : source(material as Uint8Array);
    return await subtle().importKey(format as 'raw', data, spec.importParams, extractable, [...usages]);
  } catch (cause) {
    throw keyInvalid(`The key material cannot be imported for ${spec.alg}`, { cause });
  }
}

/** Generates a secret (HMAC) or a key pair for `spec`. */
export async function generateCryptoKey(
  spec: AlgorithmSpec,
  extra: Record<string, unknown>,
  extractable: boolean,
): Promise<CryptoKey | CryptoKeyPair> {
  try {
    return await subtle().generateKey({ ...spec.importParams, ...extra } as AlgorithmIdentifier, extractable, [
      'sign',
      'verify',
    ]);
  } catch (cause) {
    throw keyInvalid(`A key for ${spec.alg} cannot be generated in this runtime`, { cause });
  }
}

/** Exports a key as a JWK. */
export async function exportCryptoKeyJwk(key: CryptoKey): Promise<JsonWebKey> {
  try {
    return await subtle().exportKey('jwk', key);
  } catch (cause) {
    throw keyInvalid('The key cannot be exported (is it extractable?)', { cause });
  }
}

/** Exports a key in a binary format (`spki` for public keys, `pkcs8` for private keys, `raw` for secrets). */
export async function exportCryptoKeyBytes(key: CryptoKey, format: 'spki' | 'pkcs8' | 'raw'): Promise<Uint8Array> {
  try {
    return new Uint8Array(await subtle().exportKey(format, key));
  } catch (cause) {
    throw keyInvalid('The key cannot be exported (is it extractable?)', { cause });
  }
}

/** SHA-256/384/512 digest. */
export async function digest(hash: 'SHA-256' | 'SHA-384' | 'SHA-512', data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await subtle().digest(hash, source(data)));
}

/** Cryptographically random bytes. */
export function randomBytes(length: number): Uint8Array {
  const out = new Uint8Array(length);
  (globalThis as { crypto: Crypto }).crypto.getRandomValues(out);
  return out;
}

/** A random RFC 4122 version 4 UUID. */
export function randomUuid(): string {
  const c = (globalThis as { crypto: Crypto }).crypto;
  if (typeof c.randomUUID === 'function') return c.randomUUID();
  const b = randomBytes(16);
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return hex.replace(/^(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-');
}
