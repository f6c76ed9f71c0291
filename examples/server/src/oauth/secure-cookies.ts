/**
 * Whether the cookies of the sign-in and its forms must be `Secure` (and then `__Host-` named): the
 * browser reaches the server over HTTPS when the issuer is an https URL (a TLS proxy in front), or
 * when this request came over TLS, Node's own or a trusted proxy's (`X-Forwarded-Proto: https`, read
 * by Fastify only from `TRUST_PROXY` addresses, never from an arbitrary client).
 *
 * @module
 */
import type { FastifyRequest } from 'fastify';

/** Decides per request whether cookies carry `Secure`. */
export type SecureCookies = (request: FastifyRequest) => boolean;

/**
 * The policy for a configured issuer.
 *
 * @param issuer - `OAUTH_ISSUER`, or `undefined` when the listening address stands in for it.
 * @returns A function of the request: true when its cookies must be Secure.
 * @example
 * ```ts
 * const secure = secureCookies(config.oauth.issuer);
 * const name = secure(request) ? '__Host-webjwt_sso' : 'webjwt_sso';
 * ```
 */
export function secureCookies(issuer: string | undefined): SecureCookies {
  const httpsIssuer = issuer !== undefined && new URL(issuer).protocol === 'https:';
  return (request) => httpsIssuer || request.protocol === 'https';
}
