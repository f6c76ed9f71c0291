/**
 * Client authentication at the token, revocation and introspection endpoints (RFC 6749 section
 * 2.3): `client_secret_basic`, `client_secret_post`, or `none` for public clients. Exactly one
 * method per request; a failure is `invalid_client` (401 with a `Basic` challenge).
 *
 * @module
 */
import type { FastifyRequest } from 'fastify';
import { type Client, findClient } from './clients.js';
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
  const { passwords } = ctx.deps;
  if (client?.type === 'public' && secret === undefined) return client;
  if (!client || client.secretHash === null || secret === undefined) {
    await passwords.verifyDummy(secret ?? ''); // same cost whether or not the client exists
    throw invalidClient();
  }
  if (!(await passwords.verify(secret, client.secretHash))) throw invalidClient();
  return client;
}
