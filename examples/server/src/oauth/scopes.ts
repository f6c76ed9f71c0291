/**
 * Scopes: what the server knows, parsing (RFC 6749 section 3.3) and checking against a client.
 *
 * @module
 */
import { oauthError } from './errors.js';

/** OpenID Connect scopes and the resource server's API scopes. */
export const SUPPORTED_SCOPES = ['openid', 'profile', 'email', 'offline_access', 'api:read', 'api:write'] as const;

/**
 * The requested scopes: each must be allowed for the client; none requested means all the client has.
 *
 * @param requested - The `scope` parameter, or undefined.
 * @param allowed - The client's registered scopes.
 * @returns The granted scopes, de-duplicated, in the order asked.
 * @throws {@link OAuthError} `invalid_scope` for a malformed scope or one the client may not have.
 * @example
 * ```ts
 * grantedScopes('openid api:read', client.scopes); // ['openid', 'api:read']
 * ```
 */
export function grantedScopes(requested: string | undefined, allowed: readonly string[]): string[] {
  if (requested === undefined || requested.trim() === '') return [...allowed];
  const scopes = [...new Set(requested.split(' ').filter(Boolean))];
  for (const scope of scopes) {
    // scope-token = 1*( %x21 / %x23-5B / %x5D-7E )
    if (!/^[\x21\x23-\x5b\x5d-\x7e]+$/.test(scope)) throw oauthError('invalid_scope', 'A scope has characters RFC 6749 does not allow');
    if (!allowed.includes(scope)) throw oauthError('invalid_scope', `The client may not request the scope "${scope}"`);
  }
  return scopes;
}
