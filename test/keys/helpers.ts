/**
 * Shared fixtures and matchers of the keys tests.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import rfcKeys from '../fixtures/keys/rfc-keys.json' with { type: 'json' };

/** The text of a file in test/fixtures/keys. */
export const fixture = (name: string): string => readFileSync(new URL(`../fixtures/keys/${name}`, import.meta.url), 'utf8');

/** Matches a JwtError with exactly this code. */
export const code = (c: string) => expect.objectContaining({ name: 'JwtError', code: c });

/** The RFC example JWKs by name (RFC 7515 A.1-A.4, RFC 7520 section 3, RFC 8037 A.1). */
export const KEYS = rfcKeys.keys as Record<string, JsonWebKey>;

/** An RFC key by name (throws for a typo rather than passing `undefined` on). */
export function rfcKey(name: string): JsonWebKey {
  const key = KEYS[name];
  if (key === undefined) throw new Error(`no RFC key ${name}`);
  return key;
}

/** The public members of a JWK. */
export function publicOf(jwk: JsonWebKey): JsonWebKey {
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, oth: _oth, ...rest } = jwk;
  return rest;
}
