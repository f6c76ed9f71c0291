/**
 * The verifier: loads a key from a secret, a PEM or JWK, or a JWKS URL, runs webjwt's `verify`, and
 * shows each check in order (passed, failed, or not reached), so that the one that failed is plain.
 *
 * @module
 */
import {
  type Algorithm,
  ALGORITHMS,
  createRemoteJwks,
  decodeBase64url,
  decodeUnverified,
  importKey,
  isJwtError,
  type JwtError,
  type JwtKey,
  type KeySet,
  verify,
  type VerifyOptions,
} from 'webjwt';
import { byId, el, fill } from './dom.js';
import { jweHeader } from './jwe.js';

/** The checks, in the order `verify` makes them. */
const CHECKS = [
  ['format', 'Token format: three base64url parts, JSON header and payload'],
  ['header', 'Algorithm allowed, no unknown critical headers'],
  ['key', 'Key usable for the algorithm'],
  ['signature', 'Signature'],
  ['exp', 'Not expired (exp)'],
  ['nbf', 'Valid already (nbf)'],
  ['iss', 'Issuer (iss)'],
  ['aud', 'Audience (aud)'],
  ['claims', 'Other claims well-formed'],
] as const;
type CheckName = (typeof CHECKS)[number][0];

const MIN_SECRET_BYTES: Partial<Record<Algorithm, number>> = { HS256: 32, HS384: 48, HS512: 64 };

/** Which check an error code belongs to. */
function failedCheck(err: JwtError): CheckName {
  switch (err.code) {
    case 'ERR_JWT_MALFORMED':
    case 'ERR_JWT_TOO_LARGE':
      return 'format';
    case 'ERR_JWS_ALG_NOT_ALLOWED':
    case 'ERR_JWS_CRIT_UNSUPPORTED':
      return 'header';
    case 'ERR_KEY_INVALID':
    case 'ERR_KEY_NOT_FOUND':
    case 'ERR_JWKS_FETCH_FAILED':
    case 'ERR_INVALID_ARGUMENT':
      return 'key';
    case 'ERR_JWS_SIGNATURE_INVALID':
      return 'signature';
    case 'ERR_JWT_EXPIRED':
      return 'exp';
    case 'ERR_JWT_NOT_YET_VALID':
      return 'nbf';
    default:
      return err.claim === 'iss' || err.claim === 'aud' || err.claim === 'exp' || err.claim === 'nbf' ? err.claim : 'claims';
  }
}

/** Fills the algorithm list. */
export function initAlgorithms(select: HTMLSelectElement): void {
  fill(select, ...ALGORITHMS.map((alg) => Object.assign(el('option', undefined, alg), { value: alg })));
}

interface LoadedKey {
  key: JwtKey | KeySet;
  /** Set when a short HMAC secret was accepted for verification only. */
  weak?: { bytes: number; min: number };
}

type KeySource = 'secret' | 'pem' | 'jwks';

/** The key source chosen with the radio buttons. */
export function keySource(): KeySource {
  return ((document.querySelector('input[name="key-source"]:checked') as HTMLInputElement | null)?.value ?? 'secret') as KeySource;
}

/** What to ask for while the key field of the chosen source is still empty (nothing has failed yet). */
const KEY_HINTS: Readonly<Record<KeySource, { field: string; hint: string }>> = {
  secret: { field: 'secret-input', hint: 'Enter the secret or key to verify the signature.' },
  pem: { field: 'pem-input', hint: 'Enter the public key (PEM or JWK) to verify the signature.' },
  jwks: { field: 'jwks-url', hint: 'Enter the JWKS URL, then press Verify, to verify the signature.' },
};

function missingKeyHint(): string | undefined {
  const { field, hint } = KEY_HINTS[keySource()];
  return byId<HTMLInputElement | HTMLTextAreaElement>(field).value.trim() === '' ? hint : undefined;
}

async function loadKey(alg: Algorithm): Promise<LoadedKey> {
  const source = keySource();
  if (source === 'jwks') {
    const url = byId<HTMLInputElement>('jwks-url').value.trim();
    return { key: createRemoteJwks(url, { timeoutMs: 5000 }) };
  }
  if (source === 'pem') {
    const text = byId<HTMLTextAreaElement>('pem-input').value.trim();
    // A JWK pasted here works too: JSON is read as a JWK, armour as PEM.
    return { key: await importKey(text.startsWith('{') ? (JSON.parse(text) as JsonWebKey) : text, alg) };
  }
  const text = byId<HTMLInputElement>('secret-input').value;
  let secret: string | Uint8Array = text;
  if (byId<HTMLInputElement>('secret-base64url').checked) {
    const bytes = decodeBase64url(text.trim());
    if (bytes === undefined) throw new Error('The secret is not valid base64url');
    secret = bytes;
  }
  const bytes = typeof secret === 'string' ? new TextEncoder().encode(secret).length : secret.length;
  const min = MIN_SECRET_BYTES[alg];
  if (min !== undefined && bytes < min) {
    // webjwt refuses this secret (ERR_KEY_INVALID); the debugger still shows whether the signature is genuine.
    return { key: await importKey(secret, alg, { allowShortSecretForVerifyOnly: true }), weak: { bytes, min } };
  }
  return { key: await importKey(secret, alg) };
}

function renderChecks(failed: CheckName | undefined, required: { iss: boolean; aud: boolean }, message?: string): void {
  const index = failed === undefined ? CHECKS.length : CHECKS.findIndex(([name]) => name === failed);
  const rows = CHECKS.map(([name, label], i) => {
    let state = i < index ? 'passed' : i === index ? 'failed' : 'skipped';
    if ((name === 'iss' || name === 'aud') && !required[name] && state === 'passed') state = 'not-required';
    const row = el('li', `check check-${state}`);
    row.dataset.check = name;
    row.dataset.state = state;
    const mark = { passed: '✓', failed: '✗', skipped: '·', 'not-required': '–' }[state]!;
    const note = { passed: '', failed: message ?? '', skipped: ' (not checked)', 'not-required': ' (not required: set an expected value above)' }[state]!;
    row.append(el('span', 'check-mark', mark), el('span', 'check-label', label), el('span', 'check-note', state === 'failed' ? ` — ${note}` : note));
    return row;
  });
  fill(byId('checks'), ...rows);
}

function setVerdict(status: 'valid' | 'valid-weak' | 'invalid' | 'idle', text: string, code = ''): void {
  const verdict = byId('verdict');
  verdict.dataset.status = status;
  verdict.dataset.code = code;
  verdict.textContent = text;
}

let generation = 0;

/** Verifies the token in the decoder with the key in the form, and shows the verdict. */
export async function runVerify(token: string): Promise<void> {
  const run = ++generation;
  const alg = byId<HTMLSelectElement>('alg-select').value as Algorithm;
  const issuer = byId<HTMLInputElement>('expected-iss').value.trim();
  const audience = byId<HTMLInputElement>('expected-aud').value.trim();
  const required = { iss: issuer !== '', aud: audience !== '' };
  if (token === '') {
    setVerdict('idle', 'Paste a token to verify it.');
    fill(byId('checks'));
    return;
  }
  const options: VerifyOptions = {
    algorithms: [alg],
    ...(issuer === '' ? {} : { issuer }),
    ...(audience === '' ? {} : { audience }),
  };
  if (jweHeader(token) !== undefined) {
    // Not a failure: an encrypted token has no signature to check here.
    setVerdict('idle', 'This is an encrypted token (JWE): it has no signature to verify here. Decrypt it in the Decrypt tab.');
    fill(byId('checks'));
    return;
  }
  let loaded: LoadedKey | undefined;
  try {
    decodeUnverified(token); // a malformed token fails on format, whatever the key
    const hint = missingKeyHint();
    if (hint !== undefined) {
      // No key yet is not a failure: ask for one, in the neutral colour, and check nothing.
      setVerdict('idle', hint);
      fill(byId('checks'));
      return;
    }
    loaded = await loadKey(alg);
    const result = await verify(token, loaded.key, options);
    if (run !== generation) return;
    renderChecks(undefined, required);
    if (loaded.weak !== undefined) {
      setVerdict(
        'valid-weak',
        `Signature verified, with a weak secret: ${loaded.weak.bytes} bytes, where RFC 7518 requires at least ` +
          `${loaded.weak.min} for ${alg}. webjwt refuses this secret by default (ERR_KEY_INVALID); the debugger ` +
          'accepted it with allowShortSecretForVerifyOnly, which verifies legacy tokens and can never sign. ' +
          'Anyone can guess such a secret offline from one token: rotate it.',
        'ERR_KEY_INVALID',
      );
    } else {
      setVerdict('valid', `Signature verified (${result.header.alg}${result.key.kid ? `, kid ${result.key.kid}` : ''}); all checks passed.`);
    }
  } catch (err) {
    if (run !== generation) return;
    if (isJwtError(err)) {
      const check = failedCheck(err);
      const claim = err.claim === undefined ? '' : ` (claim ${err.claim})`;
      renderChecks(check, required, `${err.code}${claim}: ${err.message}`);
      setVerdict('invalid', `Invalid: ${err.code}${claim}. ${err.message}`, err.code);
    } else {
      renderChecks('key', required, String((err as Error).message ?? err));
      setVerdict('invalid', `Could not load the key: ${String((err as Error).message ?? err)}`);
    }
  }
}
