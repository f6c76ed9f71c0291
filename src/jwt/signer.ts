/**
 * `createSigner`: validates sign options and resolves the key once, then signs claims sets on a hot
 * path with a header encoded only once.
 *
 * @module
 */
import { JwtError } from '../errors.js';
import { invalidArgument } from '../lib/jwt-errors.js';
import { type Algorithm, algorithmSpec } from '../lib/algorithms.js';
import type { Duration } from '../lib/duration.js';
import { isPlainObject } from '../lib/json.js';
import { checkOptions, type OptionKinds, optionsSchema, OPTION_BOOLEAN, OPTION_DURATION, OPTION_FUNCTION, OPTION_OBJECT, OPTION_STRING, OPTION_STRING_OR_NULL, OPTION_STRING_OR_STRINGS, OPTION_STRING_OR_TRUE } from '../lib/options.js';
import { encodeBase64urlText } from '../lib/base64url.js';
import { type PreparedCompactSigner, prepareCompactSigner, signCompactWith } from '../jws/sign-compact.js';
import type { KeyInput } from '../jws/verify-key.js';
import { isJwtKey, type JwtKey } from '../keys/key.js';
import { cryptoKeyAlgorithm, isCryptoKey } from '../keys/crypto-key.js';
import { resolveKeyInput } from '../keys/normalize.js';
import { type ClaimTemplate, claimsJson, prepareClaimTemplate } from './claims-template.js';
import type { Clock, JwtClaims } from './types.js';

/**
 * Options of {@link sign} and {@link createSigner}. Claim options override the payload's own values.
 * Checked at run time too: an unknown name (a typo such as `audiance`) or a value of the wrong type
 * is refused with `ERR_INVALID_ARGUMENT`; `undefined` values are ignored.
 *
 * @category Sign and verify
 */
export interface SignOptions {
  /** The algorithm. Defaults to the key's own; required for a raw secret. Never `none`. */
  alg?: Algorithm;
  /** Key ID for the header (defaults to the key's `kid`). */
  kid?: string;
  /** The `typ` header. Default `"JWT"`; `null` leaves it out. */
  typ?: string | null;
  /** Extra protected-header members. */
  header?: Record<string, unknown>;
  /** Lifetime: seconds or `"15m"`, `"2h"`, `"7d"`; sets `exp`. */
  expiresIn?: Duration;
  /** Delay before the token is valid; sets `nbf`. */
  notBefore?: Duration;
  /** Sets `iss`. */
  issuer?: string;
  /** Sets `sub`. */
  subject?: string;
  /** Sets `aud`. */
  audience?: string | string[];
  /** Sets `jti`; `true` generates a random UUID per token. */
  jwtId?: string | true;
  /** Sets `iat` to now. Default `true`. */
  iat?: boolean;
  /** Clock override: milliseconds since the epoch. */
  clock?: Clock;
}

/** @internal The options of `sign` that make claims; `encrypt` takes them too. */
export type SignClaimOptions = Pick<SignOptions, 'expiresIn' | 'notBefore' | 'issuer' | 'subject' | 'audience' | 'jwtId' | 'iat' | 'clock'>;

/** @internal The kind of each option of `sign` that makes the header. */
export const SIGN_HEADER_OPTIONS: OptionKinds<Omit<SignOptions, keyof SignClaimOptions>> = {
  alg: OPTION_STRING,
  kid: OPTION_STRING,
  typ: OPTION_STRING_OR_NULL,
  header: OPTION_OBJECT,
};

/** @internal The kind of each option of `sign` that makes claims (`encrypt` takes them too). */
export const SIGN_CLAIM_OPTIONS: OptionKinds<SignClaimOptions> = {
  expiresIn: OPTION_DURATION,
  notBefore: OPTION_DURATION,
  issuer: OPTION_STRING,
  subject: OPTION_STRING,
  audience: OPTION_STRING_OR_STRINGS,
  jwtId: OPTION_STRING_OR_TRUE,
  iat: OPTION_BOOLEAN,
  clock: OPTION_FUNCTION,
};
const SIGN_SCHEMA = /* @__PURE__ */ optionsSchema('sign', SIGN_HEADER_OPTIONS, SIGN_CLAIM_OPTIONS);
const CREATE_SIGNER_SCHEMA = /* @__PURE__ */ optionsSchema('createSigner', SIGN_HEADER_OPTIONS, SIGN_CLAIM_OPTIONS);

/**
 * A prepared signer: call it with a claims set to get a token.
 *
 * @category Sign and verify
 */
export type Signer = (payload: JwtClaims) => Promise<string>;

function headerFor(options: SignOptions): Record<string, unknown> {
  const header: Record<string, unknown> = { ...(options.header ?? {}) };
  if (options.header !== undefined && !isPlainObject(options.header)) {
    throw invalidArgument('header must be a plain object');
  }
  // An explicit typ (option or header member) wins over the default, e.g. RFC 9068's "at+jwt".
  const typ = options.typ === undefined ? (header.typ ?? 'JWT') : options.typ;
  if (typ !== null) {
    if (typeof typ !== 'string') throw invalidArgument('typ must be a string or null');
    header.typ = typ;
  }
  if (options.kid !== undefined) header.kid = options.kid; // a string: checkOptions saw to it
  return header;
}

// Synchronous for a JwtKey; a promise where a secret or CryptoKey must be imported first.
function resolveSigningKey(key: KeyInput, alg: Algorithm | undefined): JwtKey | Promise<JwtKey> {
  if (alg !== undefined && algorithmSpec(alg) === undefined) {
    throw invalidArgument(`Unsupported algorithm: ${String(alg)}`);
  }
  if (isJwtKey(key)) {
    if (alg !== undefined && alg !== key.alg) {
      throw invalidArgument(`options.alg ${alg} does not match the key's algorithm ${key.alg}`);
    }
    return key;
  }
  const bound = alg ?? (isCryptoKey(key) ? cryptoKeyAlgorithm(key) : undefined);
  if (bound === undefined) throw invalidArgument('options.alg is required for this key');
  return resolveKeyInput(key, bound);
}

/**
 * Prepares a signer: options are validated and the key resolved once, the header encoded once.
 *
 * @param key - A private key or secret ({@link JwtKey}, `CryptoKey`, or a secret with `alg`).
 * @param options - See {@link SignOptions}.
 * @returns A function that signs a claims set.
 * @throws {@link JwtError} `ERR_INVALID_ARGUMENT` at once for an unknown option name (e.g. `isuer`), a value
 *   of the wrong type or an invalid value; key errors (`ERR_KEY_INVALID`) on first use.
 *
 * @example
 * ```ts
 * const signAccess = createSigner(key, { expiresIn: '15m', issuer: 'https://auth.example', jwtId: true });
 * const token = await signAccess({ sub: 'user-1', role: 'admin' });
 * ```
 *
 * @category Sign and verify
 */
export function createSigner(key: KeyInput, options?: SignOptions): Signer {
  checkOptions(options, CREATE_SIGNER_SCHEMA);
  return prepareSigner(key, options ?? {});
}

// Options already checked by the caller.
function prepareSigner(key: KeyInput, options: SignOptions): Signer {
  const template = prepareClaimTemplate(options);
  const header = headerFor(options);
  // A JwtKey is prepared at once; a key to import, on first use. Key errors surface on the first
  // call, as a rejection, never from createSigner itself.
  let prepared: PreparedCompactSigner | undefined;
  let pending: Promise<PreparedCompactSigner> | undefined;
  try {
    const resolved = resolveSigningKey(key, options.alg);
    if ('then' in resolved) pending = resolved.then((k) => (prepared = prepareCompactSigner(k, header)));
    else prepared = prepareCompactSigner(resolved, header);
  } catch (error) {
    pending = Promise.reject(error);
  }
  pending?.catch(() => undefined); // surfaced on the first call, not as an unhandled rejection
  // Not an async function: a synchronous backend (native HMAC) makes no promise but the one returned.
  return (payload) => {
    try {
      if (prepared === undefined) return pending!.then((signer) => signCompactWith(signer, payloadSegment(payload, template)));
      return Promise.resolve(signCompactWith(prepared, payloadSegment(payload, template)));
    } catch (error) {
      return Promise.reject(error);
    }
  };
}

function payloadSegment(payload: JwtClaims, template: ClaimTemplate): string {
  return encodeBase64urlText(claimsJson(payload, template));
}

/**
 * Signs a JWT.
 *
 * @param payload - The claims set: a plain JSON object. Registered claims of the wrong type are refused.
 * @param key - A private key or secret; for a raw secret also pass `options.alg`.
 * @param options - See {@link SignOptions}: `expiresIn`, `issuer`, `audience`, `jwtId`, ...
 * @returns The compact token.
 * @throws {@link JwtError} `ERR_INVALID_ARGUMENT` for bad payloads (e.g. `exp` in milliseconds), unknown option
 *   names or bad option values; `ERR_KEY_INVALID` for unusable keys.
 *
 * @example
 * ```ts
 * const key = await importKey(process.env.JWT_SECRET!, 'HS256');
 * const token = await sign({ sub: 'user-1' }, key, { expiresIn: '15m' });
 * ```
 *
 * @category Sign and verify
 */
export async function sign(payload: JwtClaims, key: KeyInput, options?: SignOptions): Promise<string> {
  checkOptions(options, SIGN_SCHEMA);
  return prepareSigner(key, options ?? {})(payload);
}
