/**
 * The decoder: the token in its three colours, the header and payload as JSON, the signature's
 * size, and a table of the claims with dates. An encrypted token (JWE) is recognised: its header is
 * shown, and the way to the Decrypt tab.
 *
 * @module
 */
import { decodeBase64url, decodeUnverified, isJwtError, type UnverifiedToken } from 'webjwt';
import { CLAIM_DESCRIPTIONS, expiryText, isoDate, relative, TIME_CLAIMS } from './claims.js';
import { byId, el, fill, pretty } from './dom.js';
import { JWE_PARTS, jweHeader } from './jwe.js';

/** Renders `token`; returns the decoded token, or undefined when it does not decode. */
export function renderDecoded(token: string): UnverifiedToken | undefined {
  const parts = token.split('.');
  const coloured = byId('token-coloured');
  const encryptedHeader = jweHeader(token);
  byId('decode-jwe').hidden = encryptedHeader === undefined;
  const classes = encryptedHeader === undefined ? ['part-header', 'part-payload', 'part-signature'] : JWE_PARTS.map(([name]) => name);
  const spans: Node[] = [];
  parts.forEach((part, i) => {
    if (i > 0) spans.push(el('span', 'dot', '.'));
    spans.push(el('span', classes[i] ?? 'part-extra', part));
  });
  fill(coloured, ...spans);

  const error = byId('decode-error');
  if (encryptedHeader !== undefined) {
    // Only the header of a JWE is readable without the key; the Decrypt tab takes it from here.
    error.hidden = true;
    error.textContent = '';
    clearDecoded();
    byId('header-json').textContent = pretty(encryptedHeader);
    return undefined;
  }
  let decoded: UnverifiedToken;
  try {
    decoded = decodeUnverified(token);
  } catch (err) {
    error.textContent = token === '' ? '' : isJwtError(err) ? `${err.code}: ${err.message}` : String(err);
    error.hidden = token === '';
    clearDecoded();
    return undefined;
  }
  error.hidden = true;
  error.textContent = '';
  byId('header-json').textContent = pretty(decoded.header);
  byId('payload-json').textContent = pretty(decoded.payload);
  const signature = parts[2] ?? '';
  const bytes = decodeBase64url(signature)?.length;
  byId('signature-info').textContent =
    bytes === undefined ? `${signature} (not valid base64url)` : `${signature}\n(${bytes} bytes, ${String(decoded.header.alg)})`;
  renderClaims(decoded.payload);
  renderExpiry(decoded.payload);
  return decoded;
}

function clearDecoded(): void {
  for (const id of ['header-json', 'payload-json', 'signature-info']) byId(id).textContent = '';
  fill(byId('claims-body'));
  currentPayload = undefined;
  byId('expiry').textContent = '';
}

function renderClaims(payload: Record<string, unknown>): void {
  const now = Math.floor(Date.now() / 1000);
  const rows = Object.entries(payload).map(([name, value]) => {
    const row = el('tr');
    row.dataset.claim = name;
    const shown = typeof value === 'string' ? value : JSON.stringify(value);
    const iso = TIME_CLAIMS.has(name) ? isoDate(value) : undefined;
    const valueCell = el('td', 'claim-value', shown);
    if (iso !== undefined) {
      const time = el('time', 'claim-date', `${iso} (${relative(value as number, now)})`);
      time.setAttribute('datetime', iso);
      valueCell.append(el('br'), time);
    }
    row.append(el('td', 'claim-name', name), valueCell, el('td', 'claim-description', CLAIM_DESCRIPTIONS[name] ?? ''));
    return row;
  });
  fill(byId('claims-body'), ...rows);
}

let currentPayload: Record<string, unknown> | undefined;

function renderExpiry(payload: Record<string, unknown>): void {
  currentPayload = payload;
  tickExpiry();
}

/** Updates the "expires in" line; called every second. */
export function tickExpiry(): void {
  const line = byId('expiry');
  if (currentPayload === undefined) return;
  const { text, state } = expiryText(currentPayload, Date.now() / 1000);
  line.textContent = text;
  line.dataset.state = state;
}

/** Forgets the payload, e.g. when the token is cleared. */
export function clearExpiry(): void {
  currentPayload = undefined;
  byId('expiry').textContent = '';
}
