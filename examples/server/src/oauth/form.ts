/**
 * The rule that no OAuth parameter may appear twice (RFC 6749 section 3.1), for query strings and
 * `application/x-www-form-urlencoded` bodies alike. Both are parsed by fast-querystring (Fastify's
 * query parser, and `@fastify/formbody` in the OAuth scope), in linear time, into objects without a
 * prototype where a repeated name gives a list.
 *
 * @module
 */
import { oauthError } from './errors.js';

/** Parameters as received: a repeated name gives a list. */
export type RawParams = Record<string, string | string[] | undefined>;

/**
 * The parameters as single strings; empty values count as absent (RFC 6749 section 3.1).
 *
 * @param raw - Query or form parameters.
 * @returns One string per parameter.
 * @throws {@link OAuthError} `invalid_request` naming the first repeated parameter.
 * @example
 * ```ts
 * const form = singleParams(request.body as RawParams);
 * ```
 */
export function singleParams(raw: RawParams | undefined): Record<string, string | undefined> {
  const result: Record<string, string | undefined> = Object.create(null) as Record<string, string | undefined>;
  for (const [name, value] of Object.entries(raw ?? {})) {
    if (Array.isArray(value)) throw oauthError('invalid_request', `The parameter "${name.replace(/[^\w.-]/g, '')}" is repeated`);
    if (value !== undefined && value !== '') result[name] = value;
  }
  return result;
}
