/**
 * Nested JWTs (RFC 7519 section 5.2 and 11.2): signed, then encrypted. The signature proves who
 * issued the claims; the encryption keeps them confidential. The JWE carries `cty: "JWT"` and the
 * signed token as its plaintext.
 *
 * @module
 */
import { JwtError } from '../errors.js';
import { invalidArgument } from '../lib/jwt-errors.js';
import { checkOptions, nestedOptions, optionsSchema } from '../lib/options.js';
import { fromUtf8, utf8 } from '../lib/utf8.js';
import type { KeyInput, VerifyKeyInput } from '../jws/verify-key.js';
import { sign, SIGN_CLAIM_OPTIONS, SIGN_HEADER_OPTIONS, type SignOptions } from '../jwt/signer.js';
import type { JwtClaims } from '../jwt/types.js';
import { verify, VERIFY_SCHEMA, type VerifyOptions, type VerifyResult } from '../jwt/verifier.js';
import { decryptToken } from './decrypt-compact.js';
import type { DecryptKeyInput } from './decrypt-key.js';
import { encryptBytes } from './encrypt-compact.js';
import { malformedToken } from './failures.js';
import { isNestedJwt, type JweHeader } from './header.js';
import type { JweKey } from './key.js';
import {
  DECRYPT_COMPACT_OPTIONS,
  type DecryptCompactOptions,
  ENCRYPT_COMPACT_OPTIONS,
  type EncryptCompactOptions,
  prepareDecryptOptions,
} from './options.js';

/**
 * Options of {@link signThenEncrypt}: one bag for each step.
 * Unknown names and values of the wrong type are refused (`ERR_INVALID_ARGUMENT`).
 *
 * @category Encryption
 */
export interface SignThenEncryptOptions {
  /** How the inner JWT is signed: `expiresIn`, `issuer`, `audience`, `jwtId`, ... as for {@link sign}. */
  sign?: SignOptions;
  /** How the signed JWT is encrypted: `kid`, `typ`, `compress`, ... (`cty` is always `"JWT"`). */
  encrypt?: EncryptCompactOptions;
}

/**
 * Options of {@link decryptThenVerify}: one bag for each step.
 * Unknown names and values of the wrong type are refused (`ERR_INVALID_ARGUMENT`).
 *
 * @category Encryption
 */
export interface DecryptThenVerifyOptions {
  /** How the token is decrypted: allowed algorithms, limits, `crit`, ... as for {@link decryptCompact}. */
  decrypt?: DecryptCompactOptions;
  /** How the inner JWT is verified: `algorithms`, `issuer`, `audience`, `revocation`, ... as for {@link verify}. */
  verify?: VerifyOptions;
}

/**
 * The result of {@link decryptThenVerify}: the inner JWT's header, claims and verification key,
 * as {@link verify} returns them, and the outer JWE's header and decryption key.
 *
 * @category Encryption
 */
export interface DecryptThenVerifyResult<Claims = JwtClaims> extends VerifyResult<Claims> {
  /** The protected header of the encrypted token (`cty: "JWT"`). */
  encryptionHeader: JweHeader;
  /** The key that decrypted the token. */
  decryptionKey: JweKey;
}

const SIGN_THEN_ENCRYPT_SCHEMA = /* @__PURE__ */ optionsSchema<SignThenEncryptOptions>('signThenEncrypt', {
  sign: /* @__PURE__ */ nestedOptions(/* @__PURE__ */ optionsSchema('sign', SIGN_HEADER_OPTIONS, SIGN_CLAIM_OPTIONS)),
  encrypt: /* @__PURE__ */ nestedOptions(/* @__PURE__ */ optionsSchema('encryptCompact', ENCRYPT_COMPACT_OPTIONS)),
});
const DECRYPT_THEN_VERIFY_SCHEMA = /* @__PURE__ */ optionsSchema<DecryptThenVerifyOptions>('decryptThenVerify', {
  decrypt: /* @__PURE__ */ nestedOptions(/* @__PURE__ */ optionsSchema('decryptCompact', DECRYPT_COMPACT_OPTIONS)),
  verify: /* @__PURE__ */ nestedOptions(VERIFY_SCHEMA),
});

/**
 * Signs a claims set, then encrypts the signed JWT (a nested JWT, `cty: "JWT"`): the recipient
 * learns both who issued the claims and that nobody else read them.
 *
 * @param payload - The claims set: a plain JSON object.
 * @param signingKey - The issuer's private key or secret, as for {@link sign}.
 * @param encryptionKey - The recipient's public key or a shared secret ({@link JweKey}).
 * @param options - `sign` options (claims, `kid`, ...) and `encrypt` options (`kid`, `typ`, ...).
 * @returns The compact JWE whose plaintext is the signed JWT.
 * @throws {@link JwtError} every code of {@link sign} and {@link encryptCompact}; `ERR_INVALID_ARGUMENT` for an
 *   unknown option name, a value of the wrong type, or an `encrypt.cty` other than `"JWT"`.
 *
 * @example
 * ```ts
 * const token = await signThenEncrypt({ sub: 'user-1' }, issuerKey, recipientPublicKey, {
 *   sign: { expiresIn: '15m', issuer: 'https://auth.example' },
 * });
 * ```
 *
 * @category Encryption
 */
export async function signThenEncrypt(
  payload: JwtClaims,
  signingKey: KeyInput,
  encryptionKey: JweKey,
  options?: SignThenEncryptOptions,
): Promise<string> {
  checkOptions(options, SIGN_THEN_ENCRYPT_SCHEMA);
  const encryptOptions = options?.encrypt ?? {};
  if (encryptOptions.cty !== undefined && encryptOptions.cty !== 'JWT') {
    throw invalidArgument('encrypt.cty must be "JWT" (or left out) for a nested token');
  }
  const jws = await sign(payload, signingKey, options?.sign);
  return encryptBytes(utf8(jws), encryptionKey, { ...encryptOptions, cty: 'JWT' });
}

/**
 * Decrypts a nested JWT (`cty: "JWT"`), then verifies the signed JWT inside it: signature, claims and
 * revocation, exactly as {@link verify} does. A token that is not nested is refused: its claims would
 * carry no signature.
 *
 * @param token - The compact JWE.
 * @param decryptionKey - The recipient's private key or secret ({@link JweKey}), or a {@link JweKeyResolver}.
 * @param verifyKey - What {@link verify} takes: the issuer's key, a key set or a resolver.
 * @param options - `decrypt` options (allowed algorithms, limits) and `verify` options (`issuer`, `audience`, ...).
 * @returns The inner JWT's header, claims and key, with the JWE's header and decryption key.
 * @throws {@link JwtError} every code of {@link decryptCompact} and {@link verify}; `ERR_JWT_MALFORMED` for a token
 *   that is not nested (no `cty: "JWT"`) or whose plaintext is not a compact JWS.
 *
 * @example
 * ```ts
 * const { payload } = await decryptThenVerify(token, recipientPrivateKey, issuerPublicKey, {
 *   verify: { issuer: 'https://auth.example' },
 * });
 * ```
 *
 * @category Encryption
 */
export async function decryptThenVerify<Claims = JwtClaims>(
  token: string,
  decryptionKey: DecryptKeyInput,
  verifyKey: VerifyKeyInput,
  options?: DecryptThenVerifyOptions,
): Promise<DecryptThenVerifyResult<Claims>> {
  checkOptions(options, DECRYPT_THEN_VERIFY_SCHEMA);
  const prepared = prepareDecryptOptions(options?.decrypt);
  const requireNested = (header: JweHeader): void => {
    if (!isNestedJwt(header)) throw malformedToken('the token is not a nested JWT (cty: "JWT"); decrypt it with decrypt');
  };
  const { plaintext, header, key } = await decryptToken(token, decryptionKey, prepared, requireNested);
  const jws = fromUtf8(plaintext);
  if (jws === undefined) throw malformedToken('the plaintext of a nested token is not UTF-8');
  const verified = await verify<Claims>(jws, verifyKey, options?.verify);
  return { ...verified, encryptionHeader: header, decryptionKey: key };
}
