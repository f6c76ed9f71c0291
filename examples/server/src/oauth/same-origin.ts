/**
 * Cross-site request forgery on the authorization server's forms (login, consent, sign-out). A
 * browser says where a POST comes from in `Origin` (every current browser sends it on form posts)
 * or, failing that, `Referer` (our pages send it same-origin, `Referrer-Policy: same-origin`). A
 * form post is accepted when the first of the two present names the issuer's origin; when neither is
 * present (an old browser, a privacy extension), it must carry the form token: a random value the
 * page put both in a hidden field and in a `SameSite=Strict` cookie (double submit). A cross-site
 * page cannot read the value, and its post does not carry the cookie.
 *
 * @module
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomToken, safeEqual } from './secrets.js';

/** The hidden field that carries the form token. */
export const FORM_TOKEN_FIELD = 'form_token';

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** Why a form post is refused, or `undefined` when it may proceed. */
export type ForgeryCheck = undefined | 'cross-origin' | 'no-origin';

function cookieName(secure: boolean): string {
  return secure ? '__Host-webjwt_form' : 'webjwt_form';
}

/**
 * Checks that a form post comes from one of the issuer's own pages.
 *
 * @param request - The POST.
 * @param issuer - The issuer URL (`OAUTH_ISSUER`, else the address the server listens on).
 * @param formToken - The form's `form_token` field.
 * @param secure - Whether this request's cookies must be Secure (the form cookie is then `__Host-`): `ctx.secureCookies(request)`.
 * @returns `undefined` to proceed, else why not.
 * @example
 * ```ts
 * if (checkFormOrigin(request, ctx.issuer(), form.form_token, ctx.secureCookies(request))) return sendPage(reply, 403, ...);
 * ```
 */
export function checkFormOrigin(request: FastifyRequest, issuer: string, formToken: string | undefined, secure: boolean): ForgeryCheck {
  const expected = new URL(issuer).origin;
  const origin = request.headers.origin;
  if (origin !== undefined) return origin === expected ? undefined : 'cross-origin';
  const referer = request.headers.referer;
  if (referer !== undefined) {
    try {
      return new URL(referer).origin === expected ? undefined : 'cross-origin';
    } catch {
      return 'cross-origin';
    }
  }
  const cookie = request.cookies[cookieName(secure)];
  if (cookie !== undefined && formToken !== undefined && TOKEN.test(cookie) && safeEqual(cookie, formToken)) return undefined;
  return 'no-origin';
}

/**
 * The form token for a page being sent: the browser's current one, or a new one set as a cookie.
 *
 * @param request - The request the page answers.
 * @param reply - Its reply (gets the cookie when a new token is made).
 * @param secure - Whether this request's cookies must be Secure: `ctx.secureCookies(request)`.
 * @returns The value for the hidden field.
 * @example
 * ```ts
 * const formToken = issueFormToken(request, reply, ctx.secureCookies(request));
 * ```
 */
export function issueFormToken(request: FastifyRequest, reply: FastifyReply, secure: boolean): string {
  const name = cookieName(secure);
  const current = request.cookies[name];
  if (current !== undefined && TOKEN.test(current)) return current;
  const token = randomToken();
  reply.setCookie(name, token, { path: '/', httpOnly: true, sameSite: 'strict', secure });
  return token;
}
