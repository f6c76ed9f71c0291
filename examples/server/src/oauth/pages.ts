/**
 * The few HTML pages of the authorization server: login, consent and error. Every value is
 * escaped; the authorization request travels in hidden fields and is validated again on POST.
 *
 * @module
 */
import type { FastifyReply } from 'fastify';

/**
 * Escapes text for HTML content and attribute values.
 *
 * @param value - Untrusted text.
 * @example
 * ```ts
 * escapeHtml('<b>"x"</b>'); // '&#60;b&#62;&#34;x&#34;&#60;/b&#62;'
 * ```
 */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE = `body{font:16px system-ui,sans-serif;max-width:26rem;margin:3rem auto;padding:0 1rem;color:#222}
label{display:block;margin:.8rem 0 .2rem}input[type=text],input[type=password]{width:100%;padding:.5rem;box-sizing:border-box}
button{margin-top:1rem;padding:.5rem 1.2rem;margin-right:.5rem}.error{color:#b00020}ul{padding-left:1.2rem}`;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}

function hiddenFields(params: Record<string, string>): string {
  return Object.entries(params)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('');
}

/**
 * Sends an HTML page with headers that forbid framing (clickjacking) and caching.
 *
 * @param reply - The reply.
 * @param status - HTTP status.
 * @param html - The page.
 * @example
 * ```ts
 * return sendPage(reply, 200, loginPage({ clientName, params }));
 * ```
 */
export function sendPage(reply: FastifyReply, status: number, html: string): FastifyReply {
  // An error page names its request, for the user to quote and the operator to find in the logs.
  if (status >= 400) html = html.replace('</body>', `<p class="request-id">Request ID: <code>${escapeHtml(reply.request.id)}</code></p></body>`);
  return reply
    .code(status)
    .headers({
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Frame-Options': 'DENY',
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
      // Not no-referrer: Chromium would then send `Origin: null` with the form posts the Origin check reads.
      'Referrer-Policy': 'same-origin',
    })
    .send(html);
}

/**
 * The login form.
 *
 * @param input - Client name, the authorization request, the form token (CSRF, see `same-origin.ts`), and an error to show.
 * @example
 * ```ts
 * loginPage({ clientName: 'SPA', params, formToken, error: 'Invalid username or password' });
 * ```
 */
export function loginPage(input: { clientName: string; params: Record<string, string>; formToken: string; error?: string }): string {
  return page(
    'Sign in',
    `<h1>Sign in</h1><p>to continue to <strong>${escapeHtml(input.clientName)}</strong></p>
${input.error ? `<p class="error" role="alert">${escapeHtml(input.error)}</p>` : ''}
<form method="post" action="/authorize">${hiddenFields({ ...input.params, form_token: input.formToken })}<input type="hidden" name="action" value="login">
<label for="username">Username</label><input id="username" name="username" type="text" autocomplete="username" required autofocus>
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button></form>`,
  );
}

/**
 * The consent form of third-party clients.
 *
 * @param input - Client name, the scopes, the request, the session's CSRF token and the form token.
 * @example
 * ```ts
 * consentPage({ clientName: 'Partner app', scopes: ['openid'], params, csrf, formToken });
 * ```
 */
export function consentPage(input: { clientName: string; scopes: string[]; params: Record<string, string>; csrf: string; formToken: string }): string {
  const items = input.scopes.map((s) => `<li>${escapeHtml(s)}</li>`).join('');
  return page(
    'Allow access?',
    `<h1>Allow access?</h1><p><strong>${escapeHtml(input.clientName)}</strong> asks for:</p><ul>${items}</ul>
<form method="post" action="/authorize">${hiddenFields({ ...input.params, form_token: input.formToken })}<input type="hidden" name="action" value="consent">
<input type="hidden" name="csrf" value="${escapeHtml(input.csrf)}">
<button type="submit" name="decision" value="allow">Allow</button><button type="submit" name="decision" value="deny">Deny</button></form>`,
  );
}

/**
 * An error shown to the user (never redirected: the redirect URI was not trustworthy).
 *
 * @param message - What went wrong.
 * @example
 * ```ts
 * sendPage(reply, 400, errorPage('The redirect URI is not registered for this client'));
 * ```
 */
export function errorPage(message: string): string {
  return page('Authorization error', `<h1>Authorization error</h1><p class="error">${escapeHtml(message)}</p>`);
}

/**
 * A signed-out confirmation.
 *
 * @example
 * ```ts
 * sendPage(reply, 200, signedOutPage());
 * ```
 */
export function signedOutPage(): string {
  return page('Signed out', '<h1>Signed out</h1><p>You are signed out of the authorization server.</p>');
}

/**
 * "Sign out?" (OpenID RP-Initiated Logout 1.0 section 2): shown when a sign-out request cannot prove
 * it comes from the signed-in user's own client (no `id_token_hint`, or one for another user), so a
 * cross-site link cannot sign anyone out. The form posts back with the session's CSRF token.
 *
 * @param input - The validated request (client_id, post_logout_redirect_uri, state), the session's
 *   CSRF token and the form token.
 * @example
 * ```ts
 * sendPage(reply, 200, signOutConfirmPage({ params, csrf: session.csrf, formToken }));
 * ```
 */
export function signOutConfirmPage(input: { params: Record<string, string>; csrf: string; formToken: string }): string {
  return page(
    'Sign out?',
    `<h1>Sign out?</h1><p>Do you want to sign out of the authorization server (every application signed in through it)?</p>
<form method="post" action="/end-session">${hiddenFields({ ...input.params, csrf: input.csrf, form_token: input.formToken })}
<button type="submit" name="decision" value="logout">Sign out</button><button type="submit" name="decision" value="stay">Stay signed in</button></form>`,
  );
}

/**
 * The answer when the user chose to stay signed in.
 *
 * @example
 * ```ts
 * sendPage(reply, 200, stillSignedInPage());
 * ```
 */
export function stillSignedInPage(): string {
  return page('Still signed in', '<h1>Still signed in</h1><p>You are still signed in. You can close this page.</p>');
}
