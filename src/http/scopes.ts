/**
 * The scopes an OAuth 2 access token grants: `scope`, a space-separated string (RFC 8693 section
 * 4.2, RFC 9068 section 2.2.3), or `scp`, an array of strings (or a string, as Microsoft Entra
 * sends it).
 *
 * @module
 */

/** A scope-token (RFC 6749 section 3.3): printable ASCII except space, `"` and `\`. */
export const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/;

/**
 * The scopes granted by a token's claims: those of `scope` (a space-separated string) when it is
 * present, else those of `scp` (an array of strings, or a space-separated string). A claim of any
 * other type grants nothing.
 *
 * @param claims - The verified payload.
 * @returns The granted scopes, without duplicates.
 * @throws Never.
 * @example
 * ```ts
 * grantedScopes({ scope: 'read write' }); // ['read', 'write']
 * grantedScopes({ scp: ['read'] }); // ['read']
 * ```
 *
 * @category HTTP
 */
export function grantedScopes(claims: unknown): string[] {
  if (typeof claims !== 'object' || claims === null) return [];
  const { scope, scp } = claims as { scope?: unknown; scp?: unknown };
  // RFC 9068's `scope` is a string; only `scp` comes as an array.
  const list = scope !== undefined ? (typeof scope === 'string' ? scope.split(' ') : []) : typeof scp === 'string' ? scp.split(' ') : Array.isArray(scp) ? scp : [];
  return [...new Set(list.filter((item): item is string => typeof item === 'string' && item !== ''))];
}
