import { expect, vi } from 'vitest';
import { JwtError } from '../../../src/errors.js';
import { decodeBase64url } from '../../../src/lib/base64url.js';

export const DECRYPTION_FAILED = {
  code: 'ERR_JWE_DECRYPTION_FAILED',
  message: 'The token cannot be decrypted with this key',
};

export function hex(text: string): Uint8Array {
  return Uint8Array.from(text.match(/../g) ?? [], (pair) => Number.parseInt(pair, 16));
}

export function b64u(text: string): Uint8Array {
  const bytes = decodeBase64url(text);
  if (!bytes) throw new Error(`not base64url: ${text}`);
  return bytes;
}

export function ascii(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** Makes the next randomBytes call (the IV of the next encryption) return `iv`. */
export function nextRandomBytes(iv: Uint8Array): void {
  vi.spyOn(globalThis.crypto, 'getRandomValues').mockImplementationOnce(
    <T extends ArrayBufferView | null>(array: T): T => {
      (array as unknown as Uint8Array).set(iv);
      return array;
    },
  );
}

/** The promise rejects with a JwtError of `code` (and `message`, when given). */
export async function expectJwtError(
  promise: Promise<unknown>,
  code: string,
  message?: string | RegExp,
): Promise<JwtError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(JwtError);
  expect((error as JwtError).code).toBe(code);
  if (typeof message === 'string') expect((error as JwtError).message).toBe(message);
  if (message instanceof RegExp) expect((error as JwtError).message).toMatch(message);
  return error as JwtError;
}

/** The one decryption error: same code, same message, no cause. */
export async function expectDecryptionFailed(promise: Promise<unknown>): Promise<void> {
  const error = await expectJwtError(promise, DECRYPTION_FAILED.code, DECRYPTION_FAILED.message);
  expect(error.cause).toBeUndefined();
}
