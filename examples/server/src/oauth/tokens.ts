/**
 * The tokens the authorization server signs with its asymmetric key:
 *
 * - access tokens per RFC 9068 (`typ: at+jwt`; `iss`, `sub`, `aud`, `client_id`, `scope`, `jti`,
 *   `iat`, `exp`, and `sid` when a user session stands behind them);
 * - OpenID Connect ID tokens (`aud` = `azp` = the client, `nonce`, `auth_time`).
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import { sign, verify, type JwtClaims, type RevocationStore } from 'webjwt';
import { OAUTH_SIGNING_ALGS, type OAuthConfig } from './config.js';
import type { SigningKeys } from './signing-keys.js';

export const ACCESS_TOKEN_TYPE = 'at+jwt';

/** The claims of a verified access token. */
export interface AccessClaims extends JwtClaims {
  sub: string;
  client_id: string;
  scope: string;
  jti: string;
  iat: number;
  exp: number;
  sid?: string;
}

/** What an access token is about. */
export interface AccessTokenInput {
  /** The user ID, or the client ID for client credentials. */
  sub: string;
  clientId: string;
  scopes: string[];
  /** The refresh family (user sessions only). */
  sid?: string;
  /** The token ID and issue time, when chosen beforehand (a code records them before issuing). */
  jti?: string;
  iat?: number;
}

/** Issuing and verifying the authorization server's tokens. */
export interface OAuthTokens {
  accessToken(input: AccessTokenInput): Promise<{ token: string; jti: string; exp: number; expiresIn: number }>;
  idToken(input: { sub: string; clientId: string; nonce?: string | null; authTime: number; claims?: Record<string, unknown> }): Promise<string>;
  /** Signature, `typ`, `iss`, expiry and the revocation store; throws `JwtError`. */
  verifyAccess(token: string): Promise<AccessClaims>;
  /**
   * An ID token of ours presented as `id_token_hint` at `/end-session`: signature, `typ`, `iss`; it may
   * have expired up to a session lifetime ago (RP-Initiated Logout 1.0 section 2). Throws `JwtError`.
   */
  verifyIdTokenHint(token: string): Promise<{ sub: string; aud: string }>;
}

/**
 * Creates the token helper.
 *
 * @param deps - Settings, keys, the issuer (known once the server listens), clock and revocation store.
 * @example
 * ```ts
 * const tokens = createOAuthTokens({ config: config.oauth, keys, issuer: () => iss, clock, revocation });
 * ```
 */
export function createOAuthTokens(deps: {
  config: OAuthConfig;
  keys: SigningKeys;
  issuer: () => string;
  clock: () => number;
  revocation: RevocationStore;
}): OAuthTokens {
  const { config, keys, issuer, clock, revocation } = deps;
  const sessionSeconds = config.sessionSeconds;
  const nowSeconds = () => Math.floor(clock() / 1000);
  return {
    async accessToken({ sub, clientId, scopes, sid, jti = randomUUID(), iat = nowSeconds() }) {
      const { key } = await keys.active();
      const exp = iat + config.accessTokenSeconds;
      // The userinfo endpoint is an audience too when the token may call it (scope openid).
      const aud = scopes.includes('openid') ? [config.audience, `${issuer()}/userinfo`] : config.audience;
      const claims: Record<string, unknown> = { iss: issuer(), sub, aud, client_id: clientId, scope: scopes.join(' '), jti, iat, exp };
      if (sid !== undefined) claims.sid = sid;
      const token = await sign(claims, key, { typ: ACCESS_TOKEN_TYPE, iat: false });
      return { token, jti, exp, expiresIn: config.accessTokenSeconds };
    },
    async idToken({ sub, clientId, nonce, authTime, claims = {} }) {
      const { key } = await keys.active();
      const iat = nowSeconds();
      const payload: Record<string, unknown> = {
        ...claims,
        iss: issuer(),
        sub,
        aud: clientId,
        azp: clientId,
        auth_time: authTime,
        iat,
        exp: iat + config.idTokenSeconds,
      };
      if (nonce) payload.nonce = nonce;
      return sign(payload, key, { typ: 'JWT', iat: false });
    },
    async verifyIdTokenHint(token) {
      const { payload } = await verify<JwtClaims & { sub: string; aud: string }>(token, keys.keySet, {
        algorithms: [...OAUTH_SIGNING_ALGS],
        issuer: issuer(),
        typ: 'JWT',
        requiredClaims: ['sub', 'aud', 'exp', 'auth_time'],
        clockTolerance: sessionSeconds,
        clock,
      });
      if (typeof payload.aud !== 'string' || typeof payload.sub !== 'string') throw new Error('unexpected ID token claims');
      return { sub: payload.sub, aud: payload.aud };
    },
    async verifyAccess(token) {
      const { payload } = await verify<AccessClaims>(token, keys.keySet, {
        algorithms: [...OAUTH_SIGNING_ALGS],
        issuer: issuer(),
        typ: ACCESS_TOKEN_TYPE,
        requiredClaims: ['sub', 'client_id', 'scope', 'jti', 'iat', 'exp'],
        clock,
        revocation,
      });
      return payload;
    },
  };
}
