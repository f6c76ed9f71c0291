/**
 * Signing a compact JWS over any payload bytes. The JWT `sign` builds its claims and calls this.
 *
 * @module
 */
import { JwtError } from '../errors.js';
import { invalidArgument, keyInvalid } from '../lib/jwt-errors.js';
import { encodeBase64url, encodeBase64urlText } from '../lib/base64url.js';
import { signBase64url } from '../lib/crypto.js';
import { isBytes } from '../lib/bytes.js';
import { isPlainObject } from '../lib/json.js';
import { checkOptions, optionsSchema, OPTION_OBJECT } from '../lib/options.js';
import { utf8 } from '../lib/utf8.js';
import { isJwtKey, type JwtKey, keySpec } from '../keys/key.js';

/**
 * Options of {@link signCompact}.
 * Unknown names and values of the wrong type are refused (`ERR_INVALID_ARGUMENT`).
 *
 * @category Decoding and compact JWS
 */
export interface SignCompactOptions {
  /** Extra protected-header members. `alg` comes from the key and cannot be overridden. */
  header?: Record<string, unknown>;
}

const SIGN_COMPACT_SCHEMA = /* @__PURE__ */ optionsSchema<SignCompactOptions>('signCompact', { header: OPTION_OBJECT });

/** @internal A signer's fixed inputs: the key and the encoded header, computed once. */
export interface PreparedCompactSigner {
  readonly key: JwtKey;
  /** `base64url(header) + "."`, reused for every token. */
  readonly headerPrefix: string;
}

/** @internal Validates the key and encodes the header once. */
export function prepareCompactSigner(key: JwtKey, header: Record<string, unknown> = {}): PreparedCompactSigner {
  if (!isJwtKey(key)) throw keyInvalid('Signing needs a JwtKey (see importKey)');
  if (key.type === 'public') throw keyInvalid('A public key cannot sign; use the private key');
  if (key.weak) throw keyInvalid('A short secret imported for verifying legacy tokens never signs');
  if (!isPlainObject(header)) throw invalidArgument('header must be a plain object');
  if (header.alg !== undefined && header.alg !== key.alg) {
    throw invalidArgument(`The header's alg must be the key's algorithm (${key.alg})`);
  }
  // alg first, then the key's kid unless the caller set one.
  const full: Record<string, unknown> = { alg: key.alg };
  if (key.kid !== undefined) full.kid = key.kid;
  for (const [name, value] of Object.entries(header)) {
    if (name !== 'alg' && value !== undefined) full[name] = value;
  }
  return { key, headerPrefix: `${encodeBase64urlText(toJson(full, 'header'))}.` };
}

/**
 * @internal Signs an already encoded payload segment under a prepared signer. Returns the token
 * itself where the backend signs synchronously, a promise otherwise.
 */
export function signCompactWith(signer: PreparedCompactSigner, payloadSegment: string): string | Promise<string> {
  const signingInput = signer.headerPrefix + payloadSegment;
  let signature: string | Promise<string>;
  try {
    signature = signBase64url(keySpec(signer.key), signer.key.cryptoKey, signingInput);
  } catch (cause) {
    throw cannotSign(signer.key, cause);
  }
  if (typeof signature === 'string') return `${signingInput}.${signature}`;
  return signature.then(
    (encoded) => `${signingInput}.${encoded}`,
    (cause: unknown) => {
      throw cannotSign(signer.key, cause);
    },
  );
}

// E.g. a CryptoKey whose usages do not include "sign": no provider error escapes untyped.
const cannotSign = (key: JwtKey, cause: unknown) => keyInvalid(`The key cannot sign with ${key.alg}`, { cause });

/** @internal JSON.stringify with library errors for cycles, BigInt and the like. */
export function toJson(value: unknown, what: string): string {
  try {
    return JSON.stringify(value);
  } catch (cause) {
    throw invalidArgument(`The ${what} cannot be serialized as JSON`, { cause });
  }
}

/**
 * Signs any bytes (or a UTF-8 string) as a compact JWS with the key's algorithm.
 *
 * @param payload - The content to sign.
 * @param key - A private key or secret from {@link importKey}, {@link generateSecret} or {@link generateKeyPair}.
 * @param options - Extra protected-header members.
 * @returns The compact JWS.
 * @throws {@link JwtError} `ERR_KEY_INVALID` for public or weak keys, `ERR_INVALID_ARGUMENT` for bad headers
 *   or an unknown option name.
 *
 * @example
 * ```ts
 * const key = await generateSecret('HS256');
 * const jws = await signCompact('hello', key, { header: { cty: 'text/plain' } });
 * ```
 *
 * @category Decoding and compact JWS
 */
export async function signCompact(
  payload: Uint8Array | string,
  key: JwtKey,
  options?: SignCompactOptions,
): Promise<string> {
  checkOptions(options, SIGN_COMPACT_SCHEMA);
  const bytes = typeof payload === 'string' ? utf8(payload) : payload;
  if (!isBytes(bytes)) throw invalidArgument('payload must be bytes or a string');
  return signCompactWith(prepareCompactSigner(key, options?.header), encodeBase64url(bytes));
}
