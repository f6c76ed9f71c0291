/**
 * `POST /revoke` (RFC 7009) and `POST /introspect` (RFC 7662), backed by the server's revocation
 * store (access tokens, by `jti` until their `exp`) and the refresh families (refresh tokens).
 *
 * @module
 */
import type { FastifyInstance } from 'fastify';
import { decodeUnverified } from 'webjwt';
import { findUserById } from '../../users.js';
import { authenticateClient } from '../client-auth.js';
import type { OAuthContext } from '../context.js';
import { NO_STORE, OAuthError, oauthError } from '../errors.js';
import { type RawParams, singleParams } from '../form.js';
import { findLiveGrant, revokeRefreshToken } from '../grants.js';
import { activeAccessClaims } from './userinfo.js';
import { isForm } from './token.js';
import { OAuthParams } from '../../schemas.js';

const looksLikeJwt = (token: string) => token.split('.').length === 3;

/**
 * Adds `POST /revoke` and `POST /introspect`.
 *
 * @param app - The OAuth plugin's scope.
 * @param ctx - The OAuth context.
 * @example
 * ```ts
 * registerRevocationRoutes(app, ctx);
 * ```
 */
export function registerRevocationRoutes(app: FastifyInstance, ctx: OAuthContext): void {
  const readForm = (request: Parameters<typeof isForm>[0]) => {
    if (!isForm(request)) throw oauthError('invalid_request', 'Send the parameters as application/x-www-form-urlencoded');
    const form = singleParams(request.body as RawParams);
    if (!form.token) throw oauthError('invalid_request', 'token is required');
    return { form, token: form.token };
  };

  app.post('/revoke', { schema: { hide: true, body: OAuthParams } }, async (request, reply) => {
    const { form, token } = readForm(request);
    const client = await authenticateClient(ctx, request, form);
    if (looksLikeJwt(token)) {
      // Only a token of ours, issued to this client, is revoked; anything else is answered the same 200.
      const claims = await activeAccessClaims(ctx, token);
      if (claims && claims.client_id === client.clientId) await ctx.deps.revocation.revoke(claims.jti, claims.exp);
    } else {
      await revokeRefreshToken(ctx.db, token, client.clientId, ctx.nowSeconds());
    }
    return reply.headers(NO_STORE).code(200).send();
  });

  app.post('/introspect', { schema: { hide: true, body: OAuthParams } }, async (request, reply) => {
    const { form, token } = readForm(request);
    const client = await authenticateClient(ctx, request, form);
    // RFC 7662 section 4: only resource servers and other trusted (confidential) clients may ask.
    if (client.type !== 'confidential') throw new OAuthError('invalid_client', 'Introspection needs a confidential client');
    const inactive = () => reply.headers(NO_STORE).send({ active: false });
    if (looksLikeJwt(token)) {
      const claims = await activeAccessClaims(ctx, token);
      if (!claims) return inactive();
      const user = claims.sid === undefined ? undefined : await findUserById(ctx.deps.db, Number(claims.sub));
      const header = decodeUnverified(token).header;
      return reply.headers(NO_STORE).send({
        active: true,
        scope: claims.scope,
        client_id: claims.client_id,
        ...(user ? { username: user.username } : {}),
        token_type: 'Bearer',
        exp: claims.exp,
        iat: claims.iat,
        sub: claims.sub,
        aud: claims.aud,
        iss: claims.iss,
        jti: claims.jti,
        ...(typeof header.kid === 'string' ? { kid: header.kid } : {}),
      });
    }
    const grant = await findLiveGrant(ctx.db, token, ctx.nowSeconds());
    if (!grant) return inactive();
    const user = await findUserById(ctx.deps.db, grant.userId);
    return reply.headers(NO_STORE).send({
      active: true,
      scope: grant.scopes.join(' '),
      client_id: grant.clientId,
      ...(user ? { username: user.username } : {}),
      token_type: 'refresh_token',
      exp: grant.exp,
      sub: String(grant.userId),
      iss: ctx.issuer(),
    });
  });
}
