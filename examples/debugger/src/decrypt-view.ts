/**
 * The decrypter: reads an encrypted token's header (which is not encrypted), imports the key you
 * paste for the `alg` and `enc` you pick, runs webjwt's `decryptCompact`, and shows the plaintext:
 * a JSON claims set pretty-printed, text as text, anything else as base64url. A nested token
 * (`cty: "JWT"`) holds a signed JWT, which the decoder can then verify.
 *
 * @module
 */
import {
  type ContentEncryptionAlgorithm,
  CONTENT_ENCRYPTION_ALGORITHMS,
  decodeBase64url,
  decryptCompact,
  encodeBase64url,
  importEncryptionKey,
  isJwtError,
  KEY_MANAGEMENT_ALGORITHMS,
  type KeyManagementAlgorithm,
} from 'webjwt';
import { expiryText } from './claims.js';
import { byId, el, fill, pretty } from './dom.js';
import { JWE_PARTS, jweHeader, partSizes } from './jwe.js';

const option = (name: string) => Object.assign(el('option', undefined, name), { value: name });

/** Fills the algorithm lists. */
export function initDecrypt(): void {
  fill(byId<HTMLSelectElement>('jwe-alg'), ...KEY_MANAGEMENT_ALGORITHMS.map(option));
  fill(byId<HTMLSelectElement>('jwe-enc'), ...CONTENT_ENCRYPTION_ALGORITHMS.map(option));
  byId<HTMLSelectElement>('jwe-enc').value = 'A256GCM';
}

/** Shows the token's parts and header; picks alg and enc from the header, for convenience only. */
export function renderJwe(token: string): void {
  const parts = token === '' ? [] : token.split('.');
  const spans: Node[] = [];
  parts.forEach((part, i) => {
    if (i > 0) spans.push(el('span', 'dot', '.'));
    spans.push(el('span', JWE_PARTS[i]?.[0] ?? 'part-extra', part));
  });
  fill(byId('jwe-coloured'), ...spans);
  const header = jweHeader(token);
  byId('jwe-header-json').textContent = header === undefined ? '' : pretty(header);
  const sizes = partSizes(token);
  byId('jwe-parts').textContent =
    header === undefined ? '' : JWE_PARTS.slice(1).map(([, name], i) => `${name}: ${sizes[i + 1] ?? '?'} bytes`).join(', ');
  if (header === undefined) return;
  // A server never does this: its key is bound to one alg and enc in its configuration.
  if ((KEY_MANAGEMENT_ALGORITHMS as readonly unknown[]).includes(header.alg)) byId<HTMLSelectElement>('jwe-alg').value = header.alg as string;
  if ((CONTENT_ENCRYPTION_ALGORITHMS as readonly unknown[]).includes(header.enc)) byId<HTMLSelectElement>('jwe-enc').value = header.enc as string;
}

function secretBytes(text: string, encoding: string): Uint8Array {
  if (encoding === 'utf8') return new TextEncoder().encode(text);
  const trimmed = text.trim();
  if (encoding === 'hex') {
    if (!/^(?:[0-9a-fA-F]{2})+$/.test(trimmed)) throw new Error('The secret is not hex');
    return Uint8Array.from(trimmed.match(/../g)!, (pair) => Number.parseInt(pair, 16));
  }
  const bytes = decodeBase64url(trimmed);
  if (bytes === undefined) throw new Error('The secret is not base64url; pick how it is written');
  return bytes;
}

/** The pasted key: a JWK (JSON), a PEM key, a PBES2 password, or a secret in the chosen encoding. */
function keyMaterial(text: string, alg: KeyManagementAlgorithm): string | Uint8Array | Record<string, unknown> {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) return JSON.parse(trimmed) as Record<string, unknown>;
  if (trimmed.startsWith('-----BEGIN')) return trimmed;
  const chosen = byId<HTMLSelectElement>('jwe-secret-encoding').value;
  // "auto": a PBES2 key is a password (text); the others need exact random bytes, written as base64url.
  const encoding = chosen === 'auto' ? (alg.startsWith('PBES2') ? 'utf8' : 'base64url') : chosen;
  return secretBytes(text.replace(/\r?\n$/, ''), encoding);
}

function setVerdict(status: 'valid' | 'invalid' | 'idle', text: string, code = ''): void {
  const verdict = byId('jwe-verdict');
  verdict.dataset.status = status;
  verdict.dataset.code = code;
  verdict.textContent = text;
}

function clearPlaintext(): void {
  byId('jwe-plaintext').textContent = '';
  byId('jwe-plaintext-info').textContent = '';
  byId('jwe-plaintext-info').removeAttribute('data-state');
  byId('jwe-open-inner').hidden = true;
}

/** How the plaintext is shown: a JSON value pretty, UTF-8 text as is, other bytes as base64url. */
function showPlaintext(bytes: Uint8Array, nested: boolean): void {
  const info = byId('jwe-plaintext-info');
  let text: string | undefined;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = undefined;
  }
  if (text === undefined) {
    byId('jwe-plaintext').textContent = encodeBase64url(bytes);
    info.textContent = `${bytes.length} bytes that are not UTF-8 text, shown as base64url.`;
    return;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  byId('jwe-plaintext').textContent = value !== undefined && typeof value === 'object' && value !== null ? pretty(value) : text;
  if (nested) {
    info.textContent = 'A nested JWT (cty "JWT"): the plaintext is a signed token. Verify its signature before trusting its claims.';
    byId('jwe-open-inner').hidden = false;
  } else if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const { text: expiry, state } = expiryText(value as Record<string, unknown>, Date.now() / 1000);
    info.textContent = `A JSON claims set. ${expiry}`;
    info.dataset.state = state;
  } else {
    info.textContent = `${bytes.length} bytes of UTF-8 text.`;
  }
}

let generation = 0;

/** Decrypts the token in the form with the key in the form, and shows the result. */
export async function runDecrypt(): Promise<void> {
  const run = ++generation;
  const token = byId<HTMLTextAreaElement>('jwe-input').value.trim();
  const keyText = byId<HTMLTextAreaElement>('jwe-key').value;
  clearPlaintext();
  if (token === '') {
    setVerdict('idle', 'Paste an encrypted token to decrypt it.');
    return;
  }
  const header = jweHeader(token);
  if (header === undefined) {
    const hint = token.split('.').length === 3 ? ' Three parts: a signed token (JWS); use Decode & verify.' : '';
    setVerdict('invalid', `Invalid: ERR_JWT_MALFORMED. Not an encrypted token (JWE): five base64url parts and a JSON header with "alg" and "enc".${hint}`, 'ERR_JWT_MALFORMED');
    return;
  }
  if (keyText.trim() === '') {
    setVerdict('idle', 'Enter the key (secret, password, private key PEM or JWK) to decrypt the token.');
    return;
  }
  const alg = byId<HTMLSelectElement>('jwe-alg').value as KeyManagementAlgorithm;
  const enc = byId<HTMLSelectElement>('jwe-enc').value as ContentEncryptionAlgorithm;
  try {
    let key;
    try {
      key = await importEncryptionKey(keyMaterial(keyText, alg), alg, enc);
    } catch (err) {
      if (isJwtError(err)) throw err;
      throw new Error(`Could not load the key: ${String((err as Error).message ?? err)}`);
    }
    const allowCompression = byId<HTMLInputElement>('jwe-allow-zip').checked;
    const { plaintext } = await decryptCompact(token, key, { allowCompression });
    if (run !== generation) return;
    showPlaintext(plaintext, typeof header.cty === 'string' && /^(application\/)?jwt$/i.test(header.cty));
    setVerdict(
      'valid',
      `Decrypted (${alg} + ${enc}): nobody without the key changed this token since it was encrypted. Encryption does not say who ` +
        'made it: anyone holding the encryption key (for RSA-OAEP and ECDH-ES, the public key) can. Claims are not checked here.',
    );
  } catch (err) {
    if (run !== generation) return;
    if (isJwtError(err)) setVerdict('invalid', `Invalid: ${err.code}. ${err.message}`, err.code);
    else setVerdict('invalid', String((err as Error).message ?? err));
  }
}

/** The signed token inside a nested JWT, for the decoder. */
export function innerToken(): string {
  return byId('jwe-plaintext').textContent ?? '';
}
