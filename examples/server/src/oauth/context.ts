/**
 * What every OAuth route needs, built once by `plugin.ts`.
 *
 * @module
 */
import type { Deps } from '../deps.js';
import type { OAuthConfig } from './config.js';
import type { SecureCookies } from './secure-cookies.js';
import type { Sessions } from './sessions.js';
import type { SigningKeys } from './signing-keys.js';
import type { OAuthDb } from './tables.js';
import type { OAuthTokens } from './tokens.js';

/** The authorization server's dependencies. */
export interface OAuthContext {
  deps: Deps;
  config: OAuthConfig;
  db: OAuthDb;
  /** The issuer identifier (RFC 8414); the listening address unless `OAUTH_ISSUER` is set. */
  issuer: () => string;
  /** Whether a request's cookies must be `Secure` (https issuer, or TLS here or at a trusted proxy). */
  secureCookies: SecureCookies;
  keys: SigningKeys;
  tokens: OAuthTokens;
  sessions: Sessions;
  nowSeconds: () => number;
}
