/**
 * `application/x-www-form-urlencoded` bodies (RFC 6749 uses them for every POST) and the rule that
 * no parameter may appear twice (RFC 6749 section 3.1).
 *
 * @module
 */
import { oauthError } from './errors.js';

/** Parameters as received: a repeated name gives a list. */
export type RawParams = Record<string, string | string[] | undefined>;

/**
 * Parses a form body.
 *
 * @param body - The raw body.
 * @example
 * ```ts
 * parseForm('a=1&b=2&b=3'); // { a: '1', b: ['2', '3'] }
 * ```
 */
export function parseForm(body: string): RawParams {
  const result: RawParams = Object.create(null) as RawParams;
  for (const [name, value] of new URLSearchParams(body)) {
    const previous = result[name];
    result[name] = previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
  }
  return result;
}

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
