/**
 * Issuing and verifying the two kinds of token (the template's `create_access_token` and
 * `verify_token`), with webjwt's prepared signers and verifiers.
 *
 * - Access tokens: `typ: at+jwt` (RFC 9068), short-lived, sent to protected routes.
 * - Refresh tokens: `typ: refresh+jwt`, long-lived, accepted only by `POST /refresh`.
 *
 * Each verifier demands its own `typ`, so neither kind is accepted where the other belongs. Both
 * carry `iss`, `aud`, `sub` (user ID), `jti`, `iat`, `exp` and `sid` (the refresh family, i.e. the
 * login session), and the verifiers check all of them, then the revocation store.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import { createSigner, createVerifier, importKey, JwtError, type JwtClaims, type RevocationStore } from 'webjwt';
import type { Config } from '../config.js';
import { timed, type VerifyMetrics } from '../metrics.js';

export const ACCESS_TOKEN_TYPE = 'at+jwt';
export const REFRESH_TOKEN_TYPE = 'refresh+jwt';

/** The claims of a verified token of either kind. */
export interface SessionClaims {
  /** The user ID. */
  userId: number;
  /** The refresh family (session) this token belongs to. */
  sid: string;
  jti: string;
  iat: number;
  exp: number;
}

/** A freshly issued pair, plus what the refresh family must remember. */
export interface IssuedPair {
  access_token: string;
  refresh_token: string;
  token_type: 'bearer';
  refreshJti: string;
  refreshExpiresAt: number;
}

/** Token issuing and checking, configured once. */
export interface Tokens {
  /** Signs an access and a refresh token for `userId` in session `sid`. */
  issuePair(userId: number, sid: string): Promise<IssuedPair>;
  /** Verifies an access token; throws `JwtError` (see `http-errors.ts` for the mapping). */
  verifyAccess(token: string): Promise<SessionClaims>;
  /** Verifies a refresh token; throws `JwtError`. */
  verifyRefresh(token: string): Promise<SessionClaims>;
}

type Claims = JwtClaims & { sid?: unknown };

function sessionClaims(payload: Claims): SessionClaims {
  const userId = Number(payload.sub);
  // Signed by us, but a token from another build or a leaked key must not smuggle odd values in.
  if (!Number.isSafeInteger(userId) || userId <= 0 || typeof payload.sid !== 'string') {
    throw new JwtError('ERR_JWT_CLAIM_INVALID', 'The "sub" or "sid" claim is not one this server issues', { claim: 'sub' });
  }
  return { userId, sid: payload.sid, jti: payload.jti!, iat: payload.iat!, exp: payload.exp! };
}

/**
 * Prepares signers and verifiers for the configured secret, issuer and audience.
 *
 * @param config - Secret, algorithm, lifetimes, issuer, audience.
 * @param deps - The revocation store, the clock (ms since the epoch) and the metrics to feed.
 * @returns {@link Tokens}.
 * @throws `JwtError` `ERR_KEY_INVALID` when the secret is unusable for the algorithm.
 * @example
 * ```ts
 * const tokens = await createTokens(config, { revocation, clock: Date.now, metrics });
 * const pair = await tokens.issuePair(user.id, randomUUID());
 * ```
 */
export async function createTokens(
  config: Pick<Config, 'secretKey' | 'algorithm' | 'issuer' | 'audience' | 'accessTokenMinutes' | 'refreshTokenDays'>,
  deps: { revocation: RevocationStore; clock: () => number; metrics: VerifyMetrics },
): Promise<Tokens> {
  const { revocation, clock, metrics } = deps;
  const key = await importKey(config.secretKey, config.algorithm);
  const common = { issuer: config.issuer, audience: config.audience };
  // iat and exp are set here rather than by the signer, so the family row stores the exact expiry.
  const signAccess = createSigner(key, { ...common, typ: ACCESS_TOKEN_TYPE, iat: false });
  const signRefresh = createSigner(key, { ...common, typ: REFRESH_TOKEN_TYPE, iat: false });

  const timedRevocation: RevocationStore = {
    isRevoked: (query) => timed(metrics.revocation, () => revocation.isRevoked(query)),
    revoke: (jti, expiresAt) => revocation.revoke(jti, expiresAt),
  };
  const verifierOptions = {
    ...common,
    algorithms: [config.algorithm],
    requiredClaims: ['sub', 'jti', 'iat', 'exp', 'sid'],
    clock,
    revocation: timedRevocation,
    revocationTimeoutMs: 1_000,
  };
  const accessVerifier = createVerifier<Claims>(key, { ...verifierOptions, typ: ACCESS_TOKEN_TYPE });
  const refreshVerifier = createVerifier<Claims>(key, { ...verifierOptions, typ: REFRESH_TOKEN_TYPE });

  return {
    async issuePair(userId, sid) {
      const iat = Math.floor(clock() / 1000);
      const sub = String(userId);
      const refreshJti = randomUUID();
      const refreshExpiresAt = iat + config.refreshTokenDays * 86_400;
      const [access_token, refresh_token] = await Promise.all([
        signAccess({ sub, sid, jti: randomUUID(), iat, exp: iat + config.accessTokenMinutes * 60 }),
        signRefresh({ sub, sid, jti: refreshJti, iat, exp: refreshExpiresAt }),
      ]);
      return { access_token, refresh_token, token_type: 'bearer', refreshJti, refreshExpiresAt };
    },
    async verifyAccess(token) {
      const { payload } = await timed(metrics.verify, () => accessVerifier(token));
      return sessionClaims(payload);
    },
    async verifyRefresh(token) {
      const { payload } = await timed(metrics.verify, () => refreshVerifier(token));
      return sessionClaims(payload);
    },
  };
}
