/**
 * Discovery: `/.well-known/openid-configuration` (OpenID Connect Discovery) and
 * `/.well-known/oauth-authorization-server` (RFC 8414) serve one metadata document;
 * `/.well-known/jwks.json` (the `jwks_uri`) publishes the public keys, retired ones included until
 * every token they signed has expired.
 *
 * @module
 */
import type { FastifyInstance } from 'fastify';
import { OAUTH_SIGNING_ALGS } from '../config.js';
import type { OAuthContext } from '../context.js';
import { SUPPORTED_SCOPES } from '../scopes.js';

/**
 * The authorization server metadata.
 *
 * @param ctx - The OAuth context.
 * @example
 * ```ts
 * const metadata = serverMetadata(ctx);
 * ```
 */
export function serverMetadata(ctx: OAuthContext): Record<string, unknown> {
  const issuer = ctx.issuer();
  const algs = [...OAUTH_SIGNING_ALGS];
  return {
    issuer,
    authorization_endpoint: `${issuer}/authorize`,
    token_endpoint: `${issuer}/token`,
    userinfo_endpoint: `${issuer}/userinfo`,
    jwks_uri: `${issuer}/.well-known/jwks.json`,
    revocation_endpoint: `${issuer}/revoke`,
    introspection_endpoint: `${issuer}/introspect`,
    end_session_endpoint: `${issuer}/end-session`,
    scopes_supported: [...SUPPORTED_SCOPES],
    response_types_supported: ctx.config.enableImplicit ? ['code', 'token'] : ['code'],
    response_modes_supported: ctx.config.enableImplicit ? ['query', 'fragment'] : ['query'],
    grant_types_supported: [
      'authorization_code',
      'refresh_token',
      'client_credentials',
      'password',
      ...(ctx.config.enableImplicit ? ['implicit'] : []),
    ],
    code_challenge_methods_supported: ['S256'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
    revocation_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
    introspection_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: algs,
    access_token_signing_alg_values_supported: algs,
    claims_supported: ['iss', 'sub', 'aud', 'exp', 'iat', 'auth_time', 'nonce', 'azp', 'preferred_username', 'email', 'email_verified'],
    authorization_response_iss_parameter_supported: true,
    prompt_values_supported: ['none', 'login'],
  };
}

/**
 * Adds the discovery and JWKS routes.
 *
 * @param app - The OAuth plugin's scope.
 * @param ctx - The OAuth context.
 * @example
 * ```ts
 * registerDiscoveryRoutes(app, ctx);
 * ```
 */
export function registerDiscoveryRoutes(app: FastifyInstance, ctx: OAuthContext): void {
  const metadata = async () => serverMetadata(ctx);
  app.get('/.well-known/openid-configuration', { schema: { hide: true } }, metadata);
  app.get('/.well-known/oauth-authorization-server', { schema: { hide: true } }, metadata);
  app.get('/.well-known/jwks.json', { schema: { hide: true } }, async (_request, reply) => {
    // Short cache: a rotation must reach resource servers quickly.
    return reply.header('Cache-Control', 'public, max-age=60').send(await ctx.keys.jwks());
  });
}
