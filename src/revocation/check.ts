/**
 * Consulting a revocation store during `verify`, failing closed: a store that throws, times out or
 * answers anything but a boolean makes verification fail with `ERR_REVOCATION_UNAVAILABLE`.
 *
 * @module
 */
import { JwtError } from '../errors.js';
import { invalidArgument } from '../lib/jwt-errors.js';
import type { JwtClaims } from '../jwt/types.js';
import type { RevocationStore } from './store.js';

/** @internal */
export interface PreparedRevocation {
  readonly store: RevocationStore;
  readonly requireJti: boolean;
  readonly timeoutMs: number;
}

/** @internal */
export function prepareRevocation(
  store: RevocationStore | undefined,
  requireJti = true,
  timeoutMs = 2000,
): PreparedRevocation | undefined {
  // The store's kind (an object with an isRevoked method) was checked by `checkOptions`.
  if (store === undefined) return undefined;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw invalidArgument('revocationTimeoutMs must be a positive number');
  }
  return { store, requireJti: requireJti !== false, timeoutMs };
}

const unavailable = (cause?: unknown) =>
  new JwtError('ERR_REVOCATION_UNAVAILABLE', 'The revocation store could not be consulted', { cause });

/** @internal Throws unless the store positively says the token is not revoked. */
export async function checkRevocation(claims: JwtClaims, revocation: PreparedRevocation): Promise<void> {
  if (claims.jti === undefined && revocation.requireJti) {
    throw new JwtError('ERR_JWT_CLAIM_MISSING', 'The "jti" claim is required for revocation checks', { claim: 'jti' });
  }
  const query = { jti: claims.jti, sub: claims.sub, iat: claims.iat, exp: claims.exp };
  let answer: unknown;
  try {
    answer = revocation.store.isRevoked(query);
    if (typeof answer !== 'boolean') answer = await withTimeout(answer, revocation.timeoutMs);
  } catch (cause) {
    throw unavailable(cause);
  }
  if (answer === true) throw new JwtError('ERR_JWT_REVOKED', 'The token has been revoked');
  if (answer !== false) throw unavailable();
}

function withTimeout(value: unknown, ms: number): Promise<unknown> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`revocation store timed out after ${ms} ms`)), ms);
  });
  return Promise.race([Promise.resolve(value), timeout]).finally(() => clearTimeout(timer));
}
