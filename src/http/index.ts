/**
 * `webjwt/http`: protect a route with a bearer token in one call, on any runtime and framework.
 *
 * ```ts
 * import { createVerifier, importKey } from 'webjwt';
 * import { authenticate, bearerErrorResponse, isBearerError } from 'webjwt/http';
 *
 * const verifyAccess = createVerifier(await importKey(secret, 'HS256'), { issuer: 'https://auth.example', audience: 'api' });
 *
 * async function handle(request: Request): Promise<Response> {
 *   try {
 *     const { payload } = await authenticate(request, verifyAccess, { realm: 'api', scopes: ['items:read'] });
 *     return Response.json({ hello: payload.sub });
 *   } catch (err) {
 *     if (isBearerError(err)) return bearerErrorResponse(err);
 *     throw err;
 *   }
 * }
 * ```
 *
 * {@link bearerToken} reads the token as RFC 6750 section 2 says (from a Fetch `Request` or
 * `Headers`, a Node `IncomingMessage`, Fastify's or Hono's request, or the header value);
 * {@link authenticate} verifies it and checks scopes; every failure is a {@link BearerError} with
 * the status, the `WWW-Authenticate` challenge of RFC 6750 section 3 and a JSON body;
 * {@link bearerErrorResponse} makes it a Fetch `Response`. No framework is imported: the recipes in
 * `docs/recipes/http-*.md` show Express, Fastify, Hono, Deno and Bun in a few lines each.
 *
 * @module webjwt/http
 */
export { bearerToken, type BearerTokenOptions } from './bearer-token.js';
export { authenticate, type AuthenticateOptions, type TokenVerifier } from './authenticate.js';
export {
  BearerError,
  isBearerError,
  bearerErrorResponse,
  type BearerErrorCode,
  type BearerErrorStatus,
  type BearerErrorBody,
  type BearerErrorInit,
  type RuntimeResponse,
  type ResponseShape,
} from './bearer-error.js';
export { grantedScopes } from './scopes.js';
export type { BearerSource, FetchHeadersLike, FetchRequestLike, NodeRequestLike, WrappedRequestLike } from './sources.js';
