/**
 * The token debugger page: wires the decoder, the verifier, the decrypter and the signer to the
 * form. Everything runs in the page with webjwt's browser build; the only request it can make is to
 * a JWKS URL that you type in.
 *
 * @module
 */
import { type Algorithm, isAlgorithm } from 'webjwt';
import { clearExpiry, renderDecoded, tickExpiry } from './decode-view.js';
import { initDecrypt, innerToken, renderJwe, runDecrypt } from './decrypt-view.js';
import { byId, debounce, whileBusy } from './dom.js';
import { generateSigningKey, runSign } from './sign-view.js';
import { initAlgorithms, keySource, runVerify } from './verify-view.js';

const tokenInput = byId<HTMLTextAreaElement>('token-input');
const algSelect = byId<HTMLSelectElement>('alg-select');

function showKeySource(): void {
  for (const source of ['secret', 'pem', 'jwks']) byId(`key-${source}`).hidden = source !== keySource();
}

// Decoding is instant; verifying waits until typing pauses, and a JWKS URL is fetched only when
// the Verify button asks for it.
const verifySoon = debounce(() => (keySource() === 'jwks' ? undefined : runVerify(tokenInput.value.trim())), 150);

function onTokenChange(): void {
  const token = tokenInput.value.trim();
  const decoded = renderDecoded(token);
  if (token === '') clearExpiry();
  const alg = decoded?.header.alg;
  // For convenience only: a server takes the algorithm from its configuration, never from the token.
  if (isAlgorithm(alg)) algSelect.value = alg;
  verifySoon();
}

// Decrypting waits until typing pauses too: PBES2 and RSA keys take a moment.
const decryptSoon = debounce(runDecrypt, 150);

function onJweChange(): void {
  renderJwe(byId<HTMLTextAreaElement>('jwe-input').value.trim());
  decryptSoon();
}

type Tab = 'debug' | 'decrypt' | 'sign';

function showTab(name: Tab): void {
  for (const tab of ['debug', 'decrypt', 'sign'] as const) {
    byId(`panel-${tab}`).hidden = tab !== name;
    byId(`tab-${tab}`).setAttribute('aria-selected', String(tab === name));
  }
}

initAlgorithms(algSelect);
initDecrypt();
initAlgorithms(byId<HTMLSelectElement>('sign-alg'));
tokenInput.addEventListener('input', onTokenChange);
for (const id of ['secret-input', 'secret-base64url', 'pem-input', 'alg-select', 'expected-iss', 'expected-aud']) {
  byId(id).addEventListener('input', verifySoon);
}
for (const radio of document.querySelectorAll('input[name="key-source"]')) {
  radio.addEventListener('change', () => {
    showKeySource();
    verifySoon();
  });
}
byId('verify-button').addEventListener('click', () => void whileBusy(() => runVerify(tokenInput.value.trim())));
byId('tab-debug').addEventListener('click', () => showTab('debug'));
byId('tab-decrypt').addEventListener('click', () => showTab('decrypt'));
byId('jwe-input').addEventListener('input', onJweChange);
for (const id of ['jwe-key', 'jwe-alg', 'jwe-enc', 'jwe-secret-encoding', 'jwe-allow-zip']) byId(id).addEventListener('input', decryptSoon);
byId('decrypt-button').addEventListener('click', () => void whileBusy(runDecrypt));
// A JWE pasted into the decoder: take it to the Decrypt tab.
byId('decode-open-decrypt').addEventListener('click', () => {
  byId<HTMLTextAreaElement>('jwe-input').value = tokenInput.value.trim();
  showTab('decrypt');
  onJweChange();
});
// The signed token inside a nested JWT: take it to the decoder, to verify its signature.
byId('jwe-open-inner').addEventListener('click', () => {
  tokenInput.value = innerToken();
  showTab('debug');
  onTokenChange();
});
byId('tab-sign').addEventListener('click', () => showTab('sign'));
byId('sign-generate').addEventListener('click', () => void whileBusy(generateSigningKey));
byId('sign-button').addEventListener('click', () => void whileBusy(runSign));
byId('sign-open').addEventListener('click', () => {
  const token = byId<HTMLTextAreaElement>('sign-output').value;
  if (token === '') return;
  const alg = byId<HTMLSelectElement>('sign-alg').value as Algorithm;
  const key = byId<HTMLTextAreaElement>('sign-key').value.trim();
  const isSecret = alg.startsWith('HS');
  (document.querySelector(`input[name="key-source"][value="${isSecret ? 'secret' : 'pem'}"]`) as HTMLInputElement).checked = true;
  if (isSecret) {
    byId<HTMLInputElement>('secret-input').value = key;
    byId<HTMLInputElement>('secret-base64url').checked = false;
  } else {
    byId<HTMLTextAreaElement>('pem-input').value = byId<HTMLTextAreaElement>('sign-public-key').value;
  }
  showKeySource();
  tokenInput.value = token;
  showTab('debug');
  onTokenChange();
});

showKeySource();
setInterval(tickExpiry, 1000);
if (tokenInput.value.trim() !== '') onTokenChange();
byId('app').dataset.busy ??= 'false';
byId('app').dataset.ready = 'true';
