/**
 * `encrypt`: a JWT whose claims set is encrypted (a JWE with a JSON claims set as its plaintext).
 * The claims are built exactly as `sign` builds them (registered-claim types, `expiresIn`,
 * `issuer`, `jwtId`, ...), then encrypted as {@link encryptCompact} encrypts any bytes.
 *
 * @module
 */
import { checkOptions, optionsSchema } from '../lib/options.js';
import { utf8 } from '../lib/utf8.js';
import { claimsJson, prepareClaimTemplate } from '../jwt/claims-template.js';
import { SIGN_CLAIM_OPTIONS, type SignOptions } from '../jwt/signer.js';
import type { JwtClaims } from '../jwt/types.js';
import { encryptBytes } from './encrypt-compact.js';
import type { JweKey } from './key.js';
import { ENCRYPT_COMPACT_OPTIONS, type EncryptCompactOptions } from './options.js';

/**
 * Options of {@link encrypt}: the claim options of {@link SignOptions} (`expiresIn`, `issuer`,
 * `audience`, `jwtId`, ...) and the header and key options of {@link EncryptCompactOptions}.
 * Claim options override the payload's own values. `typ` defaults to `"JWT"`.
 * Unknown names and values of the wrong type are refused (`ERR_INVALID_ARGUMENT`).
 *
 * @category Encryption
 */
export interface EncryptOptions
  extends EncryptCompactOptions,
    Pick<SignOptions, 'expiresIn' | 'notBefore' | 'issuer' | 'subject' | 'audience' | 'jwtId' | 'iat' | 'clock'> {}

const ENCRYPT_SCHEMA = /* @__PURE__ */ optionsSchema<EncryptCompactOptions>('encrypt', ENCRYPT_COMPACT_OPTIONS, SIGN_CLAIM_OPTIONS);

/** @internal The claims set as JSON text, with the template's claims, checked as `sign` checks them. */
export function claimsPlaintext(payload: JwtClaims, options: EncryptOptions): Uint8Array {
  return utf8(claimsJson(payload, prepareClaimTemplate(options)));
}

/**
 * Encrypts a JWT claims set as a compact JWE (`typ: "JWT"` unless told otherwise). The claims are
 * confidential, not signed: anyone holding the encryption key (for RSA-OAEP and ECDH-ES, anyone with
 * the public key) can make such a token. To prove who issued it, use {@link signThenEncrypt}.
 *
 * @param payload - The claims set: a plain JSON object. Registered claims of the wrong type are refused.
 * @param key - A public key or secret bound to the `alg` and `enc` to use.
 * @param options - See {@link EncryptOptions}: `expiresIn`, `issuer`, `audience`, `jwtId`, `kid`, ...
 * @returns The compact JWE.
 * @throws {@link JwtError} `ERR_INVALID_ARGUMENT` for a bad payload (e.g. `exp` in milliseconds), an unknown
 *   option name or a bad option value; `ERR_KEY_INVALID` for a private key or a value that is not a {@link JweKey}.
 *
 * @example
 * ```ts
 * const key = await generateEncryptionKey('A256KW', 'A256GCM');
 * const token = await encrypt({ sub: 'user-1', email: 'ada@example.com' }, key, { expiresIn: '15m' });
 * ```
 *
 * @category Encryption
 */
export async function encrypt(payload: JwtClaims, key: JweKey, options?: EncryptOptions): Promise<string> {
  checkOptions(options, ENCRYPT_SCHEMA);
  const opts = options ?? {};
  // An explicit typ (option or header member) wins over the default, as for sign.
  const typ = opts.typ !== undefined || opts.header?.typ !== undefined ? opts.typ : 'JWT';
  return encryptBytes(claimsPlaintext(payload, opts), key, { ...opts, typ });
}
