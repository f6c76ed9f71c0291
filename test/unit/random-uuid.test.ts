import { afterEach, describe, expect, test } from 'vitest';
import { randomUuid } from '../../src/lib/webcrypto.js';

// RFC 9562 version 4: 8-4-4-4-12 lowercase hex digits, version nibble 4, variant bits 10.
const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('randomUuid', () => {
  afterEach(() => {
    delete (globalThis.crypto as { randomUUID?: unknown }).randomUUID; // back to Crypto.prototype's
  });

  test('uses crypto.randomUUID where the runtime has it', () => {
    expect(randomUuid()).toMatch(V4);
  });

  // crypto.randomUUID exists only in secure contexts (a page served over plain http has none).
  test('without crypto.randomUUID: a version 4 UUID made from random bytes, a new one each call', () => {
    Object.defineProperty(globalThis.crypto, 'randomUUID', { value: undefined, configurable: true });
    expect(globalThis.crypto.randomUUID).toBeUndefined();
    const ids = Array.from({ length: 50 }, () => randomUuid());
    for (const id of ids) expect(id).toMatch(V4);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
