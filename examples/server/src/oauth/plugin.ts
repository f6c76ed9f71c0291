/**
 * The OAuth 2 / OpenID Connect authorization server, mounted on the example server: discovery,
 * JWKS, `/authorize`, `/token`, `/userinfo`, `/revoke`, `/introspect`, `/end-session`, in their own
 * Fastify scope (form bodies, RFC 6749 error bodies) next to the template's JSON API.
 *
 * @module
 */
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../deps.js';
import type { OAuthContext } from './context.js';
import { installCors } from './cors.js';
import { registerAuthorizeRoutes } from './routes/authorize.js';
import { registerDiscoveryRoutes } from './routes/discovery.js';
import { registerEndSessionRoute } from './routes/end-session.js';
import { registerRevocationRoutes } from './routes/revoke-introspect.js';
import { registerSpaRoutes } from './routes/spa.js';
import { installOAuthErrorHandler, registerTokenRoute } from './routes/token.js';
import { registerUserinfoRoutes } from './routes/userinfo.js';
import { secureCookies } from './secure-cookies.js';
import { createSessions } from './sessions.js';
import { createSigningKeys, ensureSigningKey } from './signing-keys.js';
import { oauthDb } from './tables.js';
import { createOAuthTokens } from './tokens.js';

/**
 * Adds the authorization server to the app; creates the first signing key if there is none.
 *
 * @param app - The Fastify app.
 * @param deps - The app's dependencies.
 * @returns The OAuth context (tests use it to reach keys and tokens).
 * @throws When the database cannot be written.
 * @example
 * ```ts
 * await registerOAuth(app, deps);
 * ```
 */
export async function registerOAuth(app: FastifyInstance, deps: Deps): Promise<OAuthContext> {
  const db = oauthDb(deps.db);
  const config = deps.config.oauth;
  const nowSeconds = () => Math.floor(deps.clock() / 1000);
  await ensureSigningKey(db, config.signingAlg, nowSeconds());

  let issuer = config.issuer;
  const getIssuer = () => {
    if (issuer !== undefined) return issuer;
    // Default: the address the server listens on (fine for development; set OAUTH_ISSUER otherwise).
    const address = app.server.address();
    if (address === null || typeof address === 'string') throw new Error('The issuer is unknown until the server listens: set OAUTH_ISSUER');
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    issuer = `${deps.config.tls ? 'https' : 'http'}://${host}:${address.port}`;
    return issuer;
  };
  const keys = await createSigningKeys(db, deps.clock, {
    reloadMs: deps.config.lifecycle.keysReloadSeconds * 1000,
    onReloadError: (err) => app.log.warn({ err }, 'signing keys: reload failed; still using the keys loaded before'),
  });
  app.addHook('onClose', async () => keys.close());
  const secure = secureCookies(config.issuer);
  const ctx: OAuthContext = {
    deps,
    config,
    db,
    issuer: getIssuer,
    secureCookies: secure,
    keys,
    tokens: createOAuthTokens({ config, keys, issuer: getIssuer, clock: deps.clock, revocation: deps.revocation }),
    sessions: createSessions({ db, clock: deps.clock, lifetimeSeconds: config.sessionSeconds, secure }),
    nowSeconds,
  };

  await app.register(async (scope) => {
    // fast-querystring underneath: linear in the body, repeated names become lists (refused by singleParams).
    await scope.register(formbody);
    // Cookie header parsing and Set-Cookie serialization (the SSO and form-token cookies).
    await scope.register(cookie);
    installOAuthErrorHandler(scope);
    installCors(scope, ctx);
    registerDiscoveryRoutes(scope, ctx);
    registerAuthorizeRoutes(scope, ctx);
    registerTokenRoute(scope, ctx);
    registerUserinfoRoutes(scope, ctx);
    registerRevocationRoutes(scope, ctx);
    registerEndSessionRoute(scope, ctx);
    registerSpaRoutes(scope, ctx);
  });
  return ctx;
}
