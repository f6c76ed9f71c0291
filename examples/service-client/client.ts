/**
 * A service (machine-to-machine) client: gets an access token with the client credentials grant,
 * keeps it until shortly before it expires, and calls the resource server with it. No user, no
 * browser, no refresh token: when the token runs out it simply asks for a new one.
 *
 * @module
 */

/** Settings of the service client. */
export interface ServiceClientOptions {
  /** The authorization server's issuer; its metadata gives the token endpoint. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Scopes to ask for, space-separated. */
  scope?: string;
  fetch?: typeof fetch;
}

/** A client that gets and caches tokens. */
export interface ServiceClient {
  /** A valid access token (cached until 30 s before expiry). */
  accessToken(): Promise<string>;
  /** `fetch` with `Authorization: Bearer <token>`. */
  call(url: string, init?: RequestInit): Promise<Response>;
}

/**
 * Creates the client.
 *
 * @param options - Issuer, credentials, scope.
 * @example
 * ```ts
 * const client = createServiceClient({ issuer, clientId, clientSecret, scope: 'api:read' });
 * const res = await client.call('http://127.0.0.1:9000/api/hello');
 * ```
 */
export function createServiceClient(options: ServiceClientOptions): ServiceClient {
  const doFetch = options.fetch ?? fetch;
  let tokenEndpoint: string | undefined;
  let cached: { token: string; expiresAt: number } | undefined;

  async function discover(): Promise<string> {
    if (tokenEndpoint) return tokenEndpoint;
    const res = await doFetch(`${options.issuer}/.well-known/oauth-authorization-server`);
    const metadata = (await res.json()) as { issuer?: string; token_endpoint?: string };
    if (metadata.issuer !== options.issuer || !metadata.token_endpoint) throw new Error('Unexpected authorization server metadata');
    tokenEndpoint = metadata.token_endpoint;
    return tokenEndpoint;
  }

  async function accessToken(): Promise<string> {
    if (cached && cached.expiresAt - 30_000 > Date.now()) return cached.token;
    // client_secret_basic: both parts form-encoded, then base64 (RFC 6749 section 2.3.1).
    const encode = (s: string) => encodeURIComponent(s).replace(/%20/g, '+');
    const credentials = Buffer.from(`${encode(options.clientId)}:${encode(options.clientSecret)}`).toString('base64');
    const res = await doFetch(await discover(), {
      method: 'POST',
      headers: { authorization: `Basic ${credentials}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', ...(options.scope ? { scope: options.scope } : {}) }),
    });
    const body = (await res.json()) as { access_token?: string; expires_in?: number; error?: string; error_description?: string };
    if (!res.ok || !body.access_token) throw new Error(`Token request failed: ${body.error ?? res.status} ${body.error_description ?? ''}`.trim());
    cached = { token: body.access_token, expiresAt: Date.now() + (body.expires_in ?? 60) * 1000 };
    return cached.token;
  }

  return {
    accessToken,
    async call(url, init = {}) {
      const headers = new Headers(init.headers);
      headers.set('authorization', `Bearer ${await accessToken()}`);
      return doFetch(url, { ...init, headers });
    },
  };
}
