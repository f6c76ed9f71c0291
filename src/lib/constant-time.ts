/**
 * Comparing a computed MAC with the one a token carries, in time that does not depend on where they
 * differ, where native-hmac.ts (which compares bytes with timingSafeEqual) is not available. The MAC
 * is compared as base64url text: the expected text is the one canonical encoding of the expected
 * bytes, so equal text means equal bytes, and a non-canonical encoding never matches.
 *
 * @module
 */

/**
 * @internal True when `a` and `b` are the same string. Every character is visited whatever the
 * outcome, so the time taken reveals only the length, which for a MAC is public (fixed by the
 * algorithm).
 */
export function equalsConstantTime(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}

/**
 * @internal True when `a` and `b` hold the same bytes. Every byte is visited whatever the outcome,
 * so the time taken reveals only the lengths, which for a MAC or tag are public (fixed by the
 * algorithm).
 */
export function bytesEqualConstantTime(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a[i]! ^ b[i]!;
  return difference === 0;
}
