/**
 * Turns what a caller passes as the verification key (a key, a secret, a key set or a resolver)
 * into one function that yields the key for a token, checked against the token's algorithm
 * after resolution.
 *
 * @module
 */
import { JwtError } from '../errors.js';
import { keyInvalid } from '../lib/jwt-errors.js';
import type { Algorithm } from '../lib/algorithms.js';
import { isBytes } from '../lib/bytes.js';
import type { JwsHeader } from './header.js';
import { isJwtKey, type JwtKey } from '../keys/key.js';
import { isKeySet, type KeyResolver, type KeySet } from '../keys/key-set.js';
import { cryptoKeyAlgorithm, isCryptoKey } from '../keys/crypto-key.js';
import { resolveKeyInput } from '../keys/normalize.js';
import type { CryptoKeyLike } from '../lib/web-types.js';

/**
 * A single key: a {@link JwtKey}, a Web Crypto `CryptoKey`, or an HMAC secret as bytes or a string.
 *
 * @category Keys
 */
export type KeyInput = JwtKey | CryptoKeyLike | Uint8Array | string;

/**
 * Anything `verify` accepts as its key argument.
 *
 * @category Keys
 */
export type VerifyKeyInput = KeyInput | KeySet | KeyResolver;

/** @internal */
export interface PreparedVerifyKey {
  /** The one algorithm the key is bound to, if it is bound. */
  readonly bound: Algorithm | undefined;
  /** Yields the key for a header whose `alg` is already allowed. */
  resolve(header: JwsHeader): JwtKey | Promise<JwtKey>;
}

/** @internal */
export function prepareVerifyKey(input: VerifyKeyInput): PreparedVerifyKey {
  if (isJwtKey(input)) {
    return { bound: input.alg, resolve: (header) => checkVerifyKey(input, header.alg, 'ERR_JWS_ALG_NOT_ALLOWED') };
  }
  if (typeof input === 'function') {
    return { bound: undefined, resolve: (header) => resolveFrom(() => input(header), header) };
  }
  if (isKeySet(input)) {
    return { bound: undefined, resolve: (header) => resolveFrom(() => input.getKey(header), header) };
  }
  if (isCryptoKey(input)) {
    const bound = cryptoKeyAlgorithm(input);
    if (bound === undefined) throw keyInvalid('The CryptoKey is not usable with any JWS algorithm');
    return { bound, resolve: cachedImport(input) };
  }
  if (typeof input === 'string' || isBytes(input)) {
    // A secret can serve each HS* algorithm the caller allows; import once per algorithm.
    return { bound: undefined, resolve: cachedImport(input) };
  }
  throw keyInvalid('The key must be a JwtKey, CryptoKey, secret, key set or resolver function');
}

function cachedImport(input: CryptoKey | Uint8Array | string): (header: JwsHeader) => Promise<JwtKey> {
  const imported = new Map<Algorithm, Promise<JwtKey>>();
  const start = (alg: Algorithm): Promise<JwtKey> => {
    const fresh = resolveKeyInput(input, alg);
    // A failed import is not cached, so a transient failure does not stick.
    fresh.catch(() => imported.delete(alg));
    imported.set(alg, fresh);
    return fresh;
  };
  return (header) =>
    (imported.get(header.alg) ?? start(header.alg)).then((k) => checkVerifyKey(k, header.alg, 'ERR_KEY_INVALID'));
}

async function resolveFrom(get: () => unknown, header: JwsHeader): Promise<JwtKey> {
  let key: unknown;
  try {
    key = await get();
  } catch (cause) {
    if (cause instanceof JwtError) throw cause;
    throw new JwtError('ERR_KEY_NOT_FOUND', 'The key resolver failed', { cause });
  }
  // Raw secrets from a resolver are refused: they would carry no algorithm binding of their own.
  if (isCryptoKey(key)) key = await resolveKeyInput(key, header.alg);
  if (!isJwtKey(key)) throw keyInvalid('The key resolver did not return a JwtKey or CryptoKey');
  return checkVerifyKey(key, header.alg, 'ERR_KEY_INVALID');
}

function checkVerifyKey(key: JwtKey, alg: Algorithm, code: 'ERR_JWS_ALG_NOT_ALLOWED' | 'ERR_KEY_INVALID'): JwtKey {
  if (key.alg !== alg) throw new JwtError(code, `The token's algorithm ${alg} does not match the key's ${key.alg}`);
  if (key.type === 'private') throw keyInvalid('A private key cannot verify; use its public key');
  return key;
}
