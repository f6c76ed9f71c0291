/**
 * The key object every encrypt and decrypt call takes. Like a {@link JwtKey}, a JWE key is bound
 * when it is made, here to one key management algorithm (`alg`) and one content encryption
 * algorithm (`enc`), so a token's header can never choose how it is decrypted.
 *
 * @module
 */
import type { ContentEncryptionAlgorithm, KeyManagementAlgorithm } from './algorithms.js';
import type { ContentKey } from './content/content-key.js';

const BRAND = /* @__PURE__ */ Symbol.for('webjwt.jwe-key');

/**
 * A key bound to one JWE `alg` and one `enc`. Made by {@link importEncryptionKey},
 * {@link generateEncryptionKey} or {@link generateEncryptionKeyPair}; never built by hand.
 *
 * @category Encryption
 */
export interface JweKey {
  /** The only key management algorithm this key encrypts or decrypts with. */
  readonly alg: KeyManagementAlgorithm;
  /** The only content encryption algorithm this key encrypts or decrypts with. */
  readonly enc: ContentEncryptionAlgorithm;
  /**
   * `secret` for `dir`, AES key wrap and PBES2 passwords; `public` (encrypts) or `private`
   * (decrypts) for RSA-OAEP and ECDH-ES.
   */
  readonly type: 'secret' | 'public' | 'private';
  /** Key ID, written to / matched against the JWE `kid` header. */
  readonly kid?: string;
  /** @internal brand, so plain objects cannot pose as keys. */
  readonly [BRAND]: true;
}

/**
 * @internal What a key holds. Kept outside the key object (in a WeakMap), so key material never
 * shows up when a key is logged or serialised.
 */
export type JweKeyMaterial =
  /** `dir`: the content encryption key itself, prepared once; `secret` kept only when extractable. */
  | { readonly kind: 'content'; readonly content: ContentKey; readonly secret?: Uint8Array }
  /**
   * Every other `alg`: the Web Crypto key of its family (AES-KW, AES-GCM, RSA-OAEP, ECDH / X25519,
   * PBKDF2 for a PBES2 password). `secret`: a PBES2 password kept only when extractable, since Web
   * Crypto never lets a PBKDF2 key be exported.
   */
  | { readonly kind: 'crypto'; readonly cryptoKey: CryptoKey; readonly secret?: Uint8Array };

const MATERIAL = new WeakMap<JweKey, JweKeyMaterial>();

/** @internal Builds a frozen, branded key. Only the JWE key modules call this. */
export function makeJweKey(
  fields: { alg: KeyManagementAlgorithm; enc: ContentEncryptionAlgorithm; type: JweKey['type']; kid?: string | undefined },
  material: JweKeyMaterial,
): JweKey {
  const key: JweKey = {
    alg: fields.alg,
    enc: fields.enc,
    type: fields.type,
    [BRAND]: true,
    ...(fields.kid === undefined ? {} : { kid: fields.kid }),
  };
  Object.freeze(key);
  MATERIAL.set(key, material);
  return key;
}

/**
 * True when `value` is a JWE key made by this library.
 *
 * @param value - Any value.
 * @returns Whether `value` is a {@link JweKey}.
 * @throws Never.
 *
 * @example
 * ```ts
 * isJweKey(await generateEncryptionKey('dir', 'A256GCM')); // true
 * isJweKey({ alg: 'dir', enc: 'A256GCM' }); // false: keys are never built by hand
 * ```
 *
 * @category Encryption
 */
export function isJweKey(value: unknown): value is JweKey {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true && MATERIAL.has(value as JweKey);
}

/** @internal The material of a key made by {@link makeJweKey}; undefined for anything else. */
export function jweKeyMaterial(key: JweKey): JweKeyMaterial | undefined {
  return MATERIAL.get(key);
}
