/**
 * The signer: makes test tokens from a JSON payload with a secret, a pasted private key, or a key
 * pair generated on the spot (whose public half is shown, to verify the token elsewhere).
 *
 * @module
 */
import {
  type Algorithm,
  encodeBase64url,
  exportPem,
  generateKeyPair,
  importKey,
  isJwtError,
  sign,
  type SignOptions,
} from 'webjwt';
import { byId } from './dom.js';

const HMAC_BYTES: Partial<Record<Algorithm, number>> = { HS256: 32, HS384: 48, HS512: 64 };

/** Fills the key field with a new secret (HMAC) or a new private key, and shows the public key. */
export async function generateSigningKey(): Promise<void> {
  const alg = byId<HTMLSelectElement>('sign-alg').value as Algorithm;
  const bytes = HMAC_BYTES[alg];
  const publicOut = byId<HTMLTextAreaElement>('sign-public-key');
  if (bytes !== undefined) {
    byId<HTMLTextAreaElement>('sign-key').value = encodeBase64url(crypto.getRandomValues(new Uint8Array(bytes)));
    publicOut.value = '(HMAC: the same secret verifies)';
    return;
  }
  const pair = await generateKeyPair(alg, { extractable: true });
  byId<HTMLTextAreaElement>('sign-key').value = await exportPem(pair.privateKey);
  publicOut.value = await exportPem(pair.publicKey);
}

/** Signs the payload in the form; returns the token, or shows why it could not. */
export async function runSign(): Promise<string | undefined> {
  const error = byId('sign-error');
  error.textContent = '';
  try {
    const alg = byId<HTMLSelectElement>('sign-alg').value as Algorithm;
    let payload: unknown;
    try {
      payload = JSON.parse(byId<HTMLTextAreaElement>('sign-payload').value);
    } catch {
      throw new Error('The payload is not valid JSON');
    }
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) throw new Error('The payload must be a JSON object');
    const key = await importKey(byId<HTMLTextAreaElement>('sign-key').value.trim(), alg);
    const expiresIn = byId<HTMLSelectElement>('sign-expires').value;
    const options: SignOptions = {
      // Keep an iat written in the payload; otherwise stamp the current time.
      iat: !('iat' in payload),
      ...(expiresIn === '' ? {} : { expiresIn }),
    };
    const token = await sign(payload as Record<string, unknown>, key, options);
    byId<HTMLTextAreaElement>('sign-output').value = token;
    return token;
  } catch (err) {
    error.textContent = isJwtError(err) ? `${err.code}: ${err.message}` : String((err as Error).message ?? err);
    return undefined;
  }
}
