/**
 * The resource server: an API that trusts the authorization server only through its published
 * keys. At start it reads the AS metadata (RFC 8414) for the `jwks_uri`; each request's access
 * token is verified with webjwt against that remote key set: signature, `typ: at+jwt` (RFC 9068),
 * `iss`, `aud`, expiry, then the scope each route needs. No shared secret, no call to the AS per
 * request.
 *
 * @module
 */
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { createRemoteJwks, createVerifier, type JwtClaims, type RemoteKeySet } from 'webjwt';
import { authenticate, isBearerError } from 'webjwt/http';

/** Settings of the resource server. */
export interface ResourceServerOptions {
  /** The authorization server's issuer identifier; its metadata gives the `jwks_uri`. */
  issuer: string;
  /** This API's identifier: tokens must name it in `aud`. */
  audience: string;
  /** Browser origins allowed to call the API (CORS). */
  corsOrigins?: string[];
  /** How soon an unknown `kid` may trigger a JWKS refetch (key rotation). Default 30 s. */
  jwksCooldownMs?: number;
  logger?: boolean;
}

/** The claims of a verified access token. */
export interface AccessClaims extends JwtClaims {
  sub: string;
  client_id: string;
  scope: string;
}

const REALM = 'webjwt-resource';

async function discoverJwksUri(issuer: string): Promise<string> {
  const res = await fetch(`${issuer}/.well-known/oauth-authorization-server`, { signal: AbortSignal.timeout(5_000) });
  if (!res.ok) throw new Error(`Authorization server metadata: HTTP ${res.status}`);
  const metadata = (await res.json()) as { issuer?: unknown; jwks_uri?: unknown };
  // RFC 8414 section 3.3: the metadata must be for the issuer we asked about.
  if (metadata.issuer !== issuer) throw new Error(`Authorization server metadata is for "${String(metadata.issuer)}", not "${issuer}"`);
  if (typeof metadata.jwks_uri !== 'string') throw new Error('Authorization server metadata has no jwks_uri');
  return metadata.jwks_uri;
}

/**
 * Builds the resource server (not listening yet).
 *
 * @param options - Issuer, audience, CORS origins.
 * @returns The Fastify app and its remote key set.
 * @throws When the authorization server's metadata cannot be read.
 * @example
 * ```ts
 * const { app } = await buildResourceServer({ issuer: 'http://127.0.0.1:8000', audience: 'webjwt-resource-server' });
 * await app.listen({ port: 9000 });
 * ```
 */
export async function buildResourceServer(options: ResourceServerOptions): Promise<{ app: FastifyInstance; jwks: RemoteKeySet }> {
  const jwks = createRemoteJwks(await discoverJwksUri(options.issuer), { cooldownMs: options.jwksCooldownMs ?? 30_000 });
  const verifyToken = createVerifier<AccessClaims>(jwks, {
    algorithms: ['RS256', 'ES256', 'EdDSA'],
    issuer: options.issuer,
    audience: options.audience,
    typ: 'at+jwt',
    requiredClaims: ['sub', 'client_id', 'scope', 'jti', 'iat', 'exp'],
  });

  /**
   * The one check every protected route runs: a valid access token with `scope`. Failures are
   * webjwt/http's RFC 6750 answers (400/401/403, 503 when the JWKS cannot be fetched).
   */
  async function requireScope(request: FastifyRequest, scope: string): Promise<AccessClaims> {
    return (await authenticate(request, verifyToken, { realm: REALM, scopes: [scope] })).payload;
  }

  const app = Fastify({ logger: options.logger ?? false });
  const origins = new Set(options.corsOrigins ?? []);
  app.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin;
    if (origin && origins.has(origin)) {
      reply.header('Access-Control-Allow-Origin', origin).header('Vary', 'Origin');
      reply.header('Access-Control-Expose-Headers', 'WWW-Authenticate');
      if (request.method === 'OPTIONS') {
        return reply
          .header('Access-Control-Allow-Methods', 'GET, POST')
          .header('Access-Control-Allow-Headers', 'Authorization, Content-Type')
          .header('Access-Control-Max-Age', '600')
          .code(204)
          .send();
      }
    }
  });
  app.setErrorHandler((error, request, reply) => {
    if (isBearerError(error)) return reply.code(error.status).headers(error.headers).send(error.body);
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    if (status < 500) return reply.code(status).send({ error: 'invalid_request', error_description: error instanceof Error ? error.message : 'Bad request' });
    request.log.error({ err: error }, 'unhandled error');
    return reply.code(500).send({ error: 'server_error' });
  });
  app.options('/*', async (_request, reply) => reply.code(204).send());

  app.get('/health', async () => ({ status: 'ok' }));
  app.get('/api/hello', async (request) => {
    const claims = await requireScope(request, 'api:read');
    return { message: `Hello, ${claims.sub}!`, sub: claims.sub, client_id: claims.client_id, scope: claims.scope };
  });
  app.post<{ Body: { text?: unknown } }>('/api/messages', async (request, reply) => {
    const claims = await requireScope(request, 'api:write');
    const text = typeof request.body?.text === 'string' ? request.body.text.slice(0, 280) : '';
    return reply.code(201).send({ from: claims.sub, text });
  });
  return { app, jwks };
}
