/**
 * The revocation store interface: small enough to implement over Redis or SQL in a few lines.
 * See the README's "Revocation" section for both.
 *
 * @module
 */

/**
 * What a store is asked about a verified token.
 *
 * @category Revocation
 */
export interface RevocationQuery {
  /** The token's ID. */
  jti?: string;
  /** The token's subject, for "log out everywhere". */
  sub?: string;
  /** When the token was issued (seconds since the epoch). */
  iat?: number;
  /** When the token expires (seconds since the epoch). */
  exp?: number;
}

/**
 * Where revoked tokens are recorded. `verify` consults it after the signature and claims pass; if it
 * throws or times out, verification fails closed with `ERR_REVOCATION_UNAVAILABLE`.
 *
 * @example
 * ```ts
 * // A Redis store in a few lines (node-redis v5):
 * const store: RevocationStore = {
 *   async isRevoked({ jti }) { return jti !== undefined && (await redis.exists(`revoked:${jti}`)) === 1; },
 *   async revoke(jti, expiresAt) { await redis.set(`revoked:${jti}`, '1', { EXAT: expiresAt }); },
 * };
 * ```
 *
 * @category Revocation
 */
export interface RevocationStore {
  /**
   * True when the token is revoked: its `jti` was revoked, or (for stores with
   * {@link RevocationStore.revokeSubject}) its subject was revoked after it was issued.
   */
  isRevoked(token: RevocationQuery): boolean | Promise<boolean>;
  /** Revokes one token ID until `expiresAt` (seconds since the epoch), normally the token's own `exp`. */
  revoke(jti: string, expiresAt: number): void | Promise<void>;
  /**
   * Optional: revokes every token of `sub` issued before `issuedBefore` (seconds since the epoch),
   * remembered until `expiresAt` (when every such token has expired anyway).
   */
  revokeSubject?(sub: string, issuedBefore: number, expiresAt: number): void | Promise<void>;
}
