/**
 * Client authentication at the token, revocation and introspection endpoints (RFC 6749 section
 * 2.3): `client_secret_basic`, `client_secret_post`, or `none` for public clients. Exactly one
 * method per request; a failure is `invalid_client` (401 with a `Basic` challenge).
 *
 * Cost: a right secret is recognised first, with one SHA-256 (`client-secrets.ts`), whatever
 * happened before, so failures elsewhere never lock a client out. Failures, known client or not, are
 * counted per address (`RATE_LIMIT_CLIENT_AUTH_FAILURES`); past the budget they get 429
 * `invalid_client` with `Retry-After`. An old scrypt-hashed secret costs a hash from the bounded
 * password queue, so each check of one counts against the budget first.
 *
 * @module
 */
import type { FastifyRequest } from 'fastify';
import { addressKey, enforceRateLimits, RateLimitedError } from '../rate-limit.js';
import { checkClientSecret, hashClientSecret } from './client-secrets.js';
import { type Client, findClient, replaceSecretHash } from './clients.js';
import type { OAuthContext } from './context.js';
import { OAuthError, oauthError } from './errors.js';

/** The form body of a token-side request. */
export type Form = Record<string, string | undefined>;

const invalidClient = () => new OAuthError('invalid_client', 'Client authentication failed');

function basicCredentials(header: string | undefined): { id: string; secret: string } | undefined {
  const match = /^Basic +([A-Za-z0-9+/=]+) *$/i.exec(header ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) throw invalidClient();
  // RFC 6749 section 2.3.1: both parts are form-urlencoded before base64.
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s.replace(/\+/g, ' '));
    } catch {
      throw invalidClient();
    }
  };
  const id = decode(decoded.slice(0, colon));
  // A NUL would reach the database query (PostgreSQL refuses it); no client ID has control characters.
  if (/[\u0000-\u001F\u007F]/.test(id)) throw oauthError('invalid_request', 'The client_id must not contain control characters (such as NUL)');
  return { id, secret: decode(decoded.slice(colon + 1)) };
}

/**
 * Authenticates the client of a request.
 *
 * @param ctx - The OAuth context.
 * @param request - The request (for the Authorization header).
 * @param form - The parsed form body.
 * @returns The client.
 * @throws {@link OAuthError} `invalid_request` for two methods at once or no client at all,
 *   `invalid_client` for an unknown client, a wrong secret or a confidential client without one.
 * @example
 * ```ts
 * const client = await authenticateClient(ctx, request, form);
 * ```
 */
export async function authenticateClient(ctx: OAuthContext, request: FastifyRequest, form: Form): Promise<Client> {
  const basic = basicCredentials(request.headers.authorization);
  if (basic && (form.client_secret !== undefined || (form.client_id !== undefined && form.client_id !== basic.id))) {
    throw oauthError('invalid_request', 'Use one client authentication method per request');
  }
  const clientId = basic?.id ?? form.client_id;
  const secret = basic?.secret ?? form.client_secret;
  if (!clientId) throw new OAuthError('invalid_client', 'Client authentication is required');
  const client = await findClient(ctx.db, clientId);
  if (client?.type === 'public' && secret === undefined) return client;
  const stored = client?.secretHash ?? undefined;
  const verdict = checkClientSecret(secret ?? '', secret === undefined ? undefined : stored);
  if (verdict === 'match') return client!;
  await countFailure(ctx, request);
  if (verdict === 'legacy' && client && stored !== undefined && (await ctx.deps.passwords.verify(secret!, stored))) {
    await replaceSecretHash(ctx.db, client.clientId, stored, hashClientSecret(secret!));
    return client;
  }
  throw invalidClient();
}

/** Counts one failed (or, for an scrypt hash, costly) authentication of this address; 429 past the budget. */
async function countFailure(ctx: OAuthContext, request: FastifyRequest): Promise<void> {
  const { rateLimiter, config } = ctx.deps;
  try {
    await enforceRateLimits(rateLimiter, [{ key: `clientauth:ip:${addressKey(request.ip)}`, limit: config.rateLimit.clientAuthFailures }]);
  } catch (err) {
    if (!(err instanceof RateLimitedError)) throw err;
    throw new OAuthError(
      'invalid_client',
      `Too many failed client authentications from this address; try again in ${err.retryAfterSeconds} s`,
      429,
      { 'Retry-After': String(err.retryAfterSeconds) },
    );
  }
}
