// Shared by the RSA-OAEP / ECDH-ES tests: hex and base64url, JWE keys from the asymmetric family.
import { expect } from 'vitest';
import { type ContentEncryptionAlgorithm, type KeyManagementAlgorithm, keyManagementSpec } from '../../src/jwe/algorithms.js';
import { type JweKey, makeJweKey } from '../../src/jwe/key.js';
import { asymmetricKeys } from '../../src/jwe/keys/asymmetric-keys.js';
import type { KeyMaterial } from '../../src/keys/import.js';

export const hex = (text: string) => Uint8Array.from(text.match(/../g) ?? [], (pair) => Number.parseInt(pair, 16));
export const toHex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
export const b64u = (text: string) => new Uint8Array(Buffer.from(text, 'base64url'));
export const toB64u = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
export const code = (c: string) => expect.objectContaining({ name: 'JwtError', code: c });
export const FAILED = { name: 'JwtError', code: 'ERR_JWE_DECRYPTION_FAILED', message: 'The token cannot be decrypted with this key' };
export const LIMITS = { maxPbes2Count: 100_000 };

export function spec(alg: KeyManagementAlgorithm) {
  return keyManagementSpec(alg)!;
}

/** A JWE key from any material the asymmetric family imports. */
export async function importJweKey(
  material: KeyMaterial,
  alg: KeyManagementAlgorithm,
  enc: ContentEncryptionAlgorithm,
  extractable = false,
): Promise<JweKey> {
  const { type, material: held } = await asymmetricKeys.importMaterial(spec(alg), enc, material, { extractable });
  return makeJweKey({ alg, enc, type }, held);
}

/** A fresh pair from the family. */
export async function jwePair(
  alg: KeyManagementAlgorithm,
  enc: ContentEncryptionAlgorithm,
  options: { crv?: 'P-256' | 'P-384' | 'P-521' | 'X25519'; modulusLength?: number; extractable?: boolean } = {},
): Promise<{ publicKey: JweKey; privateKey: JweKey }> {
  const { extractable = true, ...rest } = options;
  const pair = await asymmetricKeys.generatePair(spec(alg), enc, { extractable, ...rest });
  return {
    publicKey: makeJweKey({ alg, enc, type: pair.publicKey.type }, pair.publicKey.material),
    privateKey: makeJweKey({ alg, enc, type: pair.privateKey.type }, pair.privateKey.material),
  };
}
