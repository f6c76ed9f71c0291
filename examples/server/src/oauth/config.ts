/**
 * The OAuth 2 / OpenID Connect settings (`OAUTH_*`), validated with the rest of the config.
 *
 * @module
 */
import { ConfigError } from '../config.js';

/** Asymmetric algorithms the authorization server can sign with (selected by `OAUTH_SIGNING_ALG`). */
export const OAUTH_SIGNING_ALGS = ['RS256', 'ES256', 'EdDSA'] as const;
export type OAuthSigningAlg = (typeof OAUTH_SIGNING_ALGS)[number];

/** Settings of the authorization server. */
export interface OAuthConfig {
  /**
   * `iss` of every token and the origin forms must come from; default: the address the server
   * listens on. Required in production (the browser's URL, e.g. the TLS proxy's, is not derivable).
   */
  issuer: string | undefined;
  /** Algorithm of new signing keys. */
  signingAlg: OAuthSigningAlg;
  /** `aud` of access tokens: the resource server's identifier. */
  audience: string;
  /** Allows `response_type=token` (never recommended; RFC 9700 section 2.1.2). */
  enableImplicit: boolean;
  accessTokenSeconds: number;
  idTokenSeconds: number;
  refreshTokenSeconds: number;
  /** Authorization codes are single-use and live this long. */
  codeSeconds: number;
  /** The single sign-on session (cookie) lifetime. */
  sessionSeconds: number;
  /** Unused, unexpired authorization codes one user may hold for one client; a new one drops the oldest. */
  maxPendingCodes: number;
  /** Where the example SPA served at `/spa/` finds the resource server. */
  spaResourceUrl: string;
}

type Env = Readonly<Record<string, string | undefined>>;

function seconds(env: Env, name: string, fallback: number, max: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < 1 || value > max) throw new ConfigError(`${name} must be an integer from 1 to ${max}, got "${raw}"`);
  return value;
}

const ISSUER_HINT = 'the https:// URL browsers and clients use, e.g. OAUTH_ISSUER=https://auth.example.com';

/** `localhost`, `127.0.0.0/8` or `[::1]`: an http:// issuer there never crosses a network. */
function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/**
 * The issuer is configured, never derived from request headers (`Host`, `X-Forwarded-Host`) that a
 * client could choose. In production it is required, and http:// only on a loopback host.
 */
function readIssuer(raw: string | undefined, production: boolean): string | undefined {
  const value = raw?.trim();
  if (!value) {
    if (production) throw new ConfigError(`OAUTH_ISSUER is required when NODE_ENV=production: ${ISSUER_HINT}`);
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError('OAUTH_ISSUER must be an absolute https:// URL (http:// only for local development)');
  }
  // RFC 8414 section 2: no query or fragment; a trailing slash would make two spellings of one issuer.
  if (!/^https?:$/.test(url.protocol) || url.search || url.hash || value.endsWith('/')) {
    throw new ConfigError('OAUTH_ISSUER must be an http(s) URL without query, fragment or trailing slash');
  }
  if (production && url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new ConfigError(`OAUTH_ISSUER must be https:// when NODE_ENV=production (http:// only on a loopback host): ${ISSUER_HINT}`);
  }
  return value;
}

/**
 * Reads the `OAUTH_*` variables.
 *
 * @param env - The environment.
 * @param production - `NODE_ENV=production`: `OAUTH_ISSUER` is then required.
 * @returns The validated settings.
 * @throws {@link ConfigError} for the first invalid variable.
 * @example
 * ```ts
 * const oauth = loadOAuthConfig({ OAUTH_SIGNING_ALG: 'ES256' });
 * ```
 */
export function loadOAuthConfig(env: Env, production = false): OAuthConfig {
  const alg = env.OAUTH_SIGNING_ALG?.trim() || 'RS256';
  if (!(OAUTH_SIGNING_ALGS as readonly string[]).includes(alg)) {
    throw new ConfigError(`OAUTH_SIGNING_ALG must be one of ${OAUTH_SIGNING_ALGS.join(', ')}, got "${alg}"`);
  }
  const implicit = env.OAUTH_ENABLE_IMPLICIT?.trim() || 'false';
  if (implicit !== 'true' && implicit !== 'false') throw new ConfigError('OAUTH_ENABLE_IMPLICIT must be true or false');
  return {
    issuer: readIssuer(env.OAUTH_ISSUER, production),
    signingAlg: alg as OAuthSigningAlg,
    audience: env.OAUTH_AUDIENCE?.trim() || 'webjwt-resource-server',
    enableImplicit: implicit === 'true',
    accessTokenSeconds: seconds(env, 'OAUTH_ACCESS_TOKEN_SECONDS', 600, 86_400),
    idTokenSeconds: seconds(env, 'OAUTH_ID_TOKEN_SECONDS', 600, 86_400),
    refreshTokenSeconds: seconds(env, 'OAUTH_REFRESH_TOKEN_SECONDS', 14 * 86_400, 365 * 86_400),
    codeSeconds: seconds(env, 'OAUTH_CODE_SECONDS', 60, 600),
    sessionSeconds: seconds(env, 'OAUTH_SESSION_SECONDS', 8 * 3600, 30 * 86_400),
    maxPendingCodes: seconds(env, 'OAUTH_MAX_PENDING_CODES', 10, 1000),
    spaResourceUrl: env.SPA_RESOURCE_URL?.trim() || 'http://127.0.0.1:9000',
  };
}

/**
 * The longest time a token signed by one key can stay valid: how long a retired key stays published.
 *
 * @param config - The OAuth settings.
 * @example
 * ```ts
 * const retireAfter = now + maxSignedTokenSeconds(config.oauth);
 * ```
 */
export function maxSignedTokenSeconds(config: Pick<OAuthConfig, 'accessTokenSeconds' | 'idTokenSeconds'>): number {
  return Math.max(config.accessTokenSeconds, config.idTokenSeconds);
}
