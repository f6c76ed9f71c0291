/**
 * The library's signature check below the JWS layer, for the Wycheproof primitive vectors.
 *
 * Those vectors sign arbitrary message bytes, and a JWS signing input is always ASCII
 * `header.payload`, so they cannot be wrapped in a token. Instead they go through the two steps the
 * JWS verifier itself runs after parsing (src/jws/verify-compact.ts): the signature shape check
 * and the crypto facade, both in `verifySignature` (src/jws/signature.ts), with keys made by the public
 * `importKey`. These are always bundled from source, also in the runtime bundles: the built browser
 * bundle exports only the public API.
 *
 * @module
 */
import type { JwtKey } from '../../src/index.js';
import { algorithmSpec } from '../../src/lib/algorithms.js';
import { activeCryptoBackend, type CryptoBackend, setCryptoBackend } from '../../src/lib/crypto.js';
import { hasValidSignatureLength, verifySignature } from '../../src/jws/signature.js';
import { loadNativeBuffer } from '../../src/lib/native-buffer.js';
import type { KeyObjectLike, NodeCrypto } from '../../src/lib/native-crypto.js';
import { type PadsMac, padsMac } from '../../src/lib/native-hmac.js';

/** Why the signature path refused or accepted a signature. */
export type SignatureVerdict = 'valid' | 'bad-length' | 'bad-signature';

/** Runs the JWS verifier's signature steps on raw bytes. */
export async function checkSignature(key: JwtKey, signature: Uint8Array, data: Uint8Array): Promise<SignatureVerdict> {
  const spec = algorithmSpec(key.alg);
  if (spec === undefined) throw new Error(`no algorithm row for ${key.alg}`);
  // The verdict is the verify path's own function; the length check only labels the refusal.
  if (await verifySignature(spec, key, signature, data)) return 'valid';
  return hasValidSignatureLength(spec, key, signature) ? 'bad-signature' : 'bad-length';
}

/** The crypto backends this runtime can run: native `node:crypto` where present, and Web Crypto. */
export function availableBackends(): CryptoBackend[] {
  setCryptoBackend('auto');
  return activeCryptoBackend() === 'native' ? ['auto', 'webcrypto'] : ['webcrypto'];
}

/** Runs `body` with the source copy's backend set to `choice`, then restores the default. */
export async function withBackend<T>(choice: CryptoBackend, body: () => Promise<T>): Promise<T> {
  setCryptoBackend(choice);
  try {
    return await body();
  } finally {
    setCryptoBackend('auto');
  }
}

/** The name a backend choice resolves to here, for test names. */
export function backendName(choice: CryptoBackend): string {
  setCryptoBackend(choice);
  const name = activeCryptoBackend();
  setCryptoBackend('auto');
  return name;
}

/**
 * The ECDH-ES check of a header's `epk` against the recipient's curve (src/jwe/key-management/
 * ecdh-epk.ts), before any key agreement. Its refusals are indistinguishable through the public API
 * by design (one decryption failure), so the JWE attack suite calls it directly to show that
 * off-curve and other-curve points are refused by the library itself in every runtime, whatever
 * the runtime's Web Crypto would have done with them.
 */
export { readEphemeralKey } from '../../src/jwe/key-management/ecdh-epk.js';
export { ecdhCurve } from '../../src/jwe/key-management/ecdh-curves.js';

/** The HMAC over per-key pads (src/lib/native-hmac.ts) with the node:crypto it runs on. */
export interface NativePads {
  readonly pads: PadsMac;
  /** A node:crypto secret key, as the pads take it. */
  secretKey(bytes: Uint8Array): KeyObjectLike;
  /** The MAC as node:crypto's createHmac makes it, base64url. */
  createHmac(hash: 'sha256' | 'sha384' | 'sha512', key: KeyObjectLike, data: string | Uint8Array): string;
}

/**
 * The source copy's HMAC over per-key pads on this runtime's node:crypto, in the runtime's own
 * form; undefined where there is no node:crypto (browsers) or no one-shot hash.
 */
export function nativePads(): NativePads | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const native = proc?.getBuiltinModule?.('node:crypto') as NodeCrypto | undefined;
  if (native === undefined) return undefined;
  loadNativeBuffer(); // on Deno the source copy loads Buffer with its native backend, not at import
  const pads = padsMac(native);
  return (
    pads && {
      pads,
      secretKey: (bytes) => native.createSecretKey(bytes),
      createHmac: (hash, key, data) => native.createHmac(hash, key).update(data).digest('base64url'),
    }
  );
}
