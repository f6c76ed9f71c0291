/**
 * The public encryption (JWE) functions. Each loads its implementation with a dynamic `import()` on
 * first use, so importing webjwt to sign and verify parses no JWE code (cold start). Every function
 * was async already: loading adds one await, never a synchronous throw.
 *
 * @module
 */
import type { KeyMaterial } from '../keys/import.js';
import type { KeyInput, VerifyKeyInput } from '../jws/verify-key.js';
import type { JwtClaims } from '../jwt/types.js';
import type { Jwk } from '../lib/web-types.js';
import type { ContentEncryptionAlgorithm, KeyManagementAlgorithm } from './algorithms.js';
import type { DecryptOptions, DecryptResult } from './decrypt.js';
import type { DecryptCompactResult } from './decrypt-compact.js';
import type { DecryptKeyInput } from './decrypt-key.js';
import type { EncryptOptions } from './encrypt.js';
import type { GenerateEncryptionKeyOptions, GenerateEncryptionKeyPairOptions, JweKeyPair } from './generate-key.js';
import type { ImportEncryptionKeyOptions } from './import-key.js';
import type { JweKey } from './key.js';
import type { DecryptThenVerifyOptions, DecryptThenVerifyResult, SignThenEncryptOptions } from './nested.js';
import type { DecryptCompactOptions, EncryptCompactOptions } from './options.js';

// One chunk for all of them: each file a module loader reads costs more at start-up than its size
// suggests. The promise is cached (later calls skip the loader's resolution), but not a failure: a
// chunk that did not load is fetched again on the next call.
let loaded: Promise<typeof import('./implementation.js')> | undefined;
function loadJwe(): Promise<typeof import('./implementation.js')> {
  return (loaded ??= import('./implementation.js').catch((error: unknown) => {
    loaded = undefined;
    throw error;
  }));
}

/**
 * Imports key material for one key management algorithm (`alg`) and one content encryption
 * algorithm (`enc`). The key encrypts and decrypts with exactly that pair.
 *
 * - `dir`, AES key wrap (`A*KW`), AES-GCM key wrap (`A*GCMKW`): the secret as bytes or an `oct` JWK, of
 *   exactly the length the algorithm needs (for `dir`, the `enc`'s key length). A string is refused:
 *   it is ambiguous (text? base64?).
 * - PBES2: the password, as a string (UTF-8) or bytes.
 * - RSA-OAEP: PEM (`PUBLIC KEY` or `PRIVATE KEY`) or an RSA JWK, at least 2048 bits.
 * - ECDH-ES: PEM or a JWK on P-256, P-384, P-521 (`EC`) or X25519 (`OKP`).
 *
 * @param material - The key material.
 * @param alg - The key management algorithm; never taken from the material.
 * @param enc - The content encryption algorithm.
 * @param options - `kid`, `extractable`.
 * @returns A frozen {@link JweKey}: `secret`, `public` (encrypts) or `private` (decrypts).
 * @throws {@link JwtError} `ERR_KEY_INVALID` for unusable material (messages never contain the material),
 *   `ERR_INVALID_ARGUMENT` for an unknown `alg` or `enc` (naming the nearest one), an unknown option name or
 *   an option of the wrong type.
 *
 * @example
 * ```ts
 * const dir = await importEncryptionKey(secret32Bytes, 'dir', 'A256GCM');
 * const recipient = await importEncryptionKey(publicKeyPem, 'RSA-OAEP-256', 'A256GCM', { kid: '2026-01' });
 * const password = await importEncryptionKey('correct horse battery staple', 'PBES2-HS256+A128KW', 'A128GCM');
 * ```
 *
 * @category Encryption
 */
export async function importEncryptionKey(
  material: KeyMaterial,
  alg: KeyManagementAlgorithm,
  enc: ContentEncryptionAlgorithm,
  options?: ImportEncryptionKeyOptions,
): Promise<JweKey> {
  return (await loadJwe()).importEncryptionKey(material, alg, enc, options);
}

/**
 * Generates a random secret for a secret `alg`: the content encryption key itself for `dir`, a
 * key-encryption key of the algorithm's length for `A*KW` and `A*GCMKW`, a random 32-byte password
 * for PBES2.
 *
 * @param alg - `dir`, `A128KW`, `A192KW`, `A256KW`, `A128GCMKW`, `A192GCMKW`, `A256GCMKW` or a `PBES2-*` algorithm.
 * @param enc - The content encryption algorithm.
 * @param options - `kid`; `extractable` (default `true`, so it can be exported and stored).
 * @returns A secret {@link JweKey}.
 * @throws {@link JwtError} `ERR_INVALID_ARGUMENT` for an unknown `alg` or `enc`, an asymmetric `alg`
 *   (use {@link generateEncryptionKeyPair}), an unknown option name or a value of the wrong type.
 *
 * @example
 * ```ts
 * const key = await generateEncryptionKey('dir', 'A256GCM');
 * const jwk = await exportEncryptionJwk(key); // store jwk.k somewhere safe
 * ```
 *
 * @category Encryption
 */
export async function generateEncryptionKey(
  alg: KeyManagementAlgorithm,
  enc: ContentEncryptionAlgorithm,
  options?: GenerateEncryptionKeyOptions,
): Promise<JweKey> {
  return (await loadJwe()).generateEncryptionKey(alg, enc, options);
}

/**
 * Generates a key pair for RSA-OAEP or ECDH-ES: the public key encrypts, the private key decrypts.
 *
 * @param alg - An `RSA-OAEP*` or `ECDH-ES*` algorithm.
 * @param enc - The content encryption algorithm.
 * @param options - `kid`, `extractable` (default `true`), `modulusLength` (RSA, default 2048), `crv` (ECDH-ES, default `P-256`).
 * @returns The public and private {@link JweKey}s.
 * @throws {@link JwtError} `ERR_INVALID_ARGUMENT` for an unknown `alg` or `enc`, a secret `alg` (use
 *   {@link generateEncryptionKey}), an option the family does not take, an unknown option name or a value of
 *   the wrong type; `ERR_KEY_INVALID` for RSA under 2048 bits.
 *
 * @example
 * ```ts
 * const { publicKey, privateKey } = await generateEncryptionKeyPair('ECDH-ES+A256KW', 'A256GCM', { crv: 'X25519' });
 * const token = await encrypt({ sub: 'user-1' }, publicKey);
 * const { payload } = await decrypt(token, privateKey);
 * ```
 *
 * @category Encryption
 */
export async function generateEncryptionKeyPair(
  alg: KeyManagementAlgorithm,
  enc: ContentEncryptionAlgorithm,
  options?: GenerateEncryptionKeyPairOptions,
): Promise<JweKeyPair> {
  return (await loadJwe()).generateEncryptionKeyPair(alg, enc, options);
}

/**
 * Exports a JWE key as a JWK (`oct`, `RSA`, `EC` or `OKP`) with `alg`, `use: "enc"` and `kid` (if
 * any) filled in. The `enc` is not a JWK member: whoever imports the JWK names it again.
 *
 * @param key - A public key, or an extractable secret or private key.
 * @returns The JWK; private and secret members included when the key has them.
 * @throws {@link JwtError} `ERR_KEY_INVALID` when the key is not extractable; `ERR_INVALID_ARGUMENT` for a value
 *   that is not a {@link JweKey}.
 *
 * @example
 * ```ts
 * const { publicKey } = await generateEncryptionKeyPair('ECDH-ES+A256KW', 'A256GCM', { kid: 'enc-1' });
 * const jwks = { keys: [await exportEncryptionJwk(publicKey)] }; // senders encrypt to this key
 * ```
 *
 * @category Encryption
 */
export async function exportEncryptionJwk(key: JweKey): Promise<Jwk> {
  return (await loadJwe()).exportEncryptionJwk(key);
}

/**
 * Encrypts any bytes (or a UTF-8 string) as a compact JWE with the key's `alg` and `enc`.
 *
 * @param plaintext - The content to encrypt.
 * @param key - A public key or secret from {@link importEncryptionKey}, {@link generateEncryptionKey}
 *   or {@link generateEncryptionKeyPair}.
 * @param options - `kid`, `typ`, `cty`, extra `header` members, `compress`; `p2c` for PBES2, `apu`/`apv` for ECDH-ES.
 * @returns The compact JWE (`header.encryptedKey.iv.ciphertext.tag`).
 * @throws {@link JwtError} `ERR_KEY_INVALID` for a private key or a value that is not a {@link JweKey};
 *   `ERR_INVALID_ARGUMENT` for an unknown option name, a value of the wrong type, a reserved header member
 *   or an option the key's family does not take.
 *
 * @example
 * ```ts
 * const key = await generateEncryptionKey('dir', 'A256GCM');
 * const jwe = await encryptCompact('hello', key, { cty: 'text/plain' });
 * const { plaintext } = await decryptCompact(jwe, key);
 * ```
 *
 * @category Encryption
 */
export async function encryptCompact(plaintext: Uint8Array | string, key: JweKey, options?: EncryptCompactOptions): Promise<string> {
  return (await loadJwe()).encryptCompact(plaintext, key, options);
}

/**
 * Decrypts a compact JWE and returns its plaintext as bytes, for content that is not a JWT claims set.
 *
 * @param token - The compact JWE (`header.encryptedKey.iv.ciphertext.tag`).
 * @param key - A private key or secret ({@link JweKey}), or a {@link JweKeyResolver} that picks one per token.
 *   The token's `alg` and `enc` must be the key's own.
 * @param options - Allowed algorithms, `maxTokenLength`, `allowCompression`, `maxDecompressedLength`,
 *   `maxPbes2Count`, `crit`.
 * @returns The plaintext, the protected header and the key used.
 * @throws {@link JwtError} `ERR_JWT_MALFORMED`, `ERR_JWT_TOO_LARGE` (the token, or its inflated content),
 *   `ERR_JWE_ALG_NOT_ALLOWED` (an `alg` or `enc` not allowed or not the key's, compression without opt-in, a
 *   PBES2 count over the limit), `ERR_JWE_CRIT_UNSUPPORTED`, `ERR_KEY_INVALID`, `ERR_KEY_NOT_FOUND`,
 *   `ERR_JWE_DECRYPTION_FAILED` (one message, whichever step failed), `ERR_INVALID_ARGUMENT`.
 *
 * @example
 * ```ts
 * const key = await importEncryptionKey(secretBytes, 'dir', 'A256GCM');
 * const { plaintext } = await decryptCompact(jwe, key);
 * console.log(new TextDecoder().decode(plaintext));
 * ```
 *
 * @category Encryption
 */
export async function decryptCompact(token: string, key: DecryptKeyInput, options?: DecryptCompactOptions): Promise<DecryptCompactResult> {
  return (await loadJwe()).decryptCompact(token, key, options);
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
  return (await loadJwe()).encrypt(payload, key, options);
}

/**
 * Decrypts an encrypted JWT, then checks its claims and revocation as {@link verify} does.
 * A nested token (`cty: "JWT"`, signed then encrypted) is refused: use {@link decryptThenVerify}.
 *
 * @param token - The compact JWE.
 * @param key - A private key or secret ({@link JweKey}), or a {@link JweKeyResolver}.
 * @param options - See {@link DecryptOptions}: allowed algorithms, limits, `issuer`, `audience`, `revocation`, ...
 * @returns The header, the checked claims and the key used.
 * @throws {@link JwtError} every code of {@link decryptCompact}, then `ERR_JWT_EXPIRED`, `ERR_JWT_NOT_YET_VALID`,
 *   `ERR_JWT_CLAIM_INVALID`, `ERR_JWT_CLAIM_MISSING`, `ERR_JWT_REVOKED`, `ERR_REVOCATION_UNAVAILABLE`;
 *   `ERR_JWT_MALFORMED` also for a plaintext that is not a JSON claims set, or a nested token.
 *
 * @example
 * ```ts
 * const { payload } = await decrypt(token, key, { issuer: 'https://auth.example', audience: 'api' });
 * ```
 *
 * @category Encryption
 */
export async function decrypt<Claims = JwtClaims>(token: string, key: DecryptKeyInput, options?: DecryptOptions): Promise<DecryptResult<Claims>> {
  return (await loadJwe()).decrypt<Claims>(token, key, options);
}

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
  return (await loadJwe()).signThenEncrypt(payload, signingKey, encryptionKey, options);
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
  return (await loadJwe()).decryptThenVerify<Claims>(token, decryptionKey, verifyKey, options);
}
