/**
 * `decrypt`: an encrypted JWT. The path reads top to bottom in {@link decrypt}: decrypt the token
 * (format, policy, key, content: all in `decrypt-compact.ts`), then parse the claims, check them
 * and check revocation, exactly as `verify` does after the signature.
 *
 * @module
 */
import { JwtError } from '../errors.js';
import { parseJsonText } from '../lib/json.js';
import { hasDuplicateMembers } from '../lib/json-duplicates.js';
import { checkOptions, optionsSchema } from '../lib/options.js';
import { fromUtf8 } from '../lib/utf8.js';
import { CLAIM_CHECK_OPTIONS, checkClaims, type ClaimCheckOptions, prepareClaimChecks } from '../jwt/claims.js';
import type { JwtClaims } from '../jwt/types.js';
import { REVOCATION_OPTIONS, type VerifyOptions } from '../jwt/verifier.js';
import { checkRevocation, prepareRevocation } from '../revocation/check.js';
import { decryptToken } from './decrypt-compact.js';
import type { DecryptKeyInput } from './decrypt-key.js';
import { malformedToken } from './failures.js';
import { isNestedJwt, type JweHeader } from './header.js';
import type { JweKey } from './key.js';
import { DECRYPT_COMPACT_OPTIONS, type DecryptCompactOptions, prepareDecryptOptions } from './options.js';

/**
 * Options of {@link decrypt}: those of {@link DecryptCompactOptions}, the claim checks of
 * {@link ClaimCheckOptions} and the revocation options, all as {@link verify} takes them.
 * Unknown names and values of the wrong type are refused (`ERR_INVALID_ARGUMENT`).
 *
 * @category Encryption
 */
export interface DecryptOptions
  extends DecryptCompactOptions,
    ClaimCheckOptions,
    Pick<VerifyOptions, 'revocation' | 'requireJti' | 'revocationTimeoutMs'> {}

const DECRYPT_SCHEMA = /* @__PURE__ */ optionsSchema<DecryptCompactOptions>('decrypt', DECRYPT_COMPACT_OPTIONS, CLAIM_CHECK_OPTIONS, REVOCATION_OPTIONS);

/**
 * The result of {@link decrypt}.
 *
 * @category Encryption
 */
export interface DecryptResult<Claims = JwtClaims> {
  /** The protected header. */
  header: JweHeader;
  /** The decrypted, checked claims set. */
  payload: Claims & JwtClaims;
  /** The key that decrypted the token. */
  key: JweKey;
}

/** @internal The claims set in a decrypted plaintext: UTF-8 JSON, an object, no repeated member. */
export function claimsFromPlaintext(plaintext: Uint8Array): JwtClaims {
  const text = fromUtf8(plaintext);
  if (text === undefined) throw malformedToken('the plaintext is not UTF-8');
  const claims = parseJsonText(text);
  if (claims === undefined) throw malformedToken('the plaintext is not a JSON object (a claims set)');
  if (hasDuplicateMembers(text, claims)) throw malformedToken('the claims set repeats a member name');
  return claims as JwtClaims;
}

// A nested token's plaintext is a signed JWT: returning its claims unverified would be a trap.
function refuseNested(header: JweHeader): void {
  if (isNestedJwt(header)) {
    throw malformedToken('the token is a nested JWT (cty: "JWT"): decrypt and verify it with decryptThenVerify');
  }
}

/**
 * Decrypts an encrypted JWT, then checks its claims and revocation as {@link verify} does.
 * A nested token (`cty: "JWT"`, signed then encrypted) is refused: use {@link decryptThenVerify}.
 *
 * @param token - The compact JWE.
 * @param key - A private key or secret ({@link JweKey}), or a {@link JweKeyResolver}.
 * @param options - See {@link DecryptOptions}: allowed algorithms, limits, `issuer`, `audience`, `revocation`, ...
 * @returns The header, the checked claims and the key used.
 * @throws {@link JwtError} every code of {@link decryptCompact}, then `ERR_JWT_EXPIRED`, `ERR_JWT_NOT_YET_VALID`,
 *   `ERR_JWT_CLAIM_INVALID`, `ERR_JWT_CLAIM_MISSING`, `ERR_JWT_REVOKED`, `ERR_REVOCATION_UNAVAILABLE`;
 *   `ERR_JWT_MALFORMED` also for a plaintext that is not a JSON claims set, or a nested token.
 *
 * @example
 * ```ts
 * const { payload } = await decrypt(token, key, { issuer: 'https://auth.example', audience: 'api' });
 * ```
 *
 * @category Encryption
 */
export async function decrypt<Claims = JwtClaims>(token: string, key: DecryptKeyInput, options?: DecryptOptions): Promise<DecryptResult<Claims>> {
  checkOptions(options, DECRYPT_SCHEMA);
  const opts = options ?? {};
  const prepared = prepareDecryptOptions(opts);
  const checks = prepareClaimChecks(opts);
  const revocation = prepareRevocation(opts.revocation, opts.requireJti, opts.revocationTimeoutMs);

  const { plaintext, header, key: used } = await decryptToken(token, key, prepared, refuseNested);
  const payload = claimsFromPlaintext(plaintext) as Claims & JwtClaims;
  checkClaims(payload, header, checks);
  if (revocation !== undefined) await checkRevocation(payload, revocation);
  return { header, payload, key: used };
}
