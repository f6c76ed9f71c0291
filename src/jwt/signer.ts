/**
 * `createSigner`: validates sign options and resolves the key once, then signs claims sets on a hot
 * path with a header encoded only once.
 *
 * @module
 */
import { JwtError } from '../errors.js';
import { type Algorithm, algorithmSpec } from '../lib/algorithms.js';
import { randomUuid } from '../lib/crypto.js';
import { type Duration, toSeconds } from '../lib/duration.js';
import { isPlainObject } from '../lib/json.js';
import { utf8 } from '../lib/utf8.js';
import { type PreparedCompactSigner, prepareCompactSigner, signCompactWith, toJson } from '../jws/sign-compact.js';
import type { KeyInput } from '../jws/verify-key.js';
import { isJwtKey, type JwtKey } from '../keys/key.js';
import { cryptoKeyAlgorithm, isCryptoKey } from '../keys/crypto-key.js';
import { resolveKeyInput } from '../keys/normalize.js';
import { checkRegisteredClaimTypes } from './registered-claims.js';
import type { Clock, JwtClaims } from './types.js';

/** Options of {@link sign} and {@link createSigner}. Claim options override the payload's own values. */
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

/** A prepared signer: call it with a claims set to get a token. */
export type Signer = (payload: JwtClaims) => Promise<string>;

interface ClaimTemplate {
  readonly expiresIn: number | undefined;
  readonly notBefore: number | undefined;
  readonly fixed: Readonly<Record<string, unknown>>;
  readonly jwtId: string | true | undefined;
  readonly iat: boolean;
  readonly clock: Clock;
}

function prepareClaimTemplate(options: SignOptions): ClaimTemplate {
  const fixed: Record<string, unknown> = {};
  if (options.issuer !== undefined) fixed.iss = options.issuer;
  if (options.subject !== undefined) fixed.sub = options.subject;
  if (options.audience !== undefined) fixed.aud = options.audience;
  checkRegisteredClaimTypes(fixed, 'ERR_INVALID_ARGUMENT');
  const { jwtId, iat = true, clock = Date.now } = options;
  if (jwtId !== undefined && jwtId !== true && (typeof jwtId !== 'string' || jwtId.length === 0)) {
    throw new JwtError('ERR_INVALID_ARGUMENT', 'jwtId must be a non-empty string or true');
  }
  if (typeof clock !== 'function') throw new JwtError('ERR_INVALID_ARGUMENT', 'clock must be a function');
  return {
    expiresIn: options.expiresIn === undefined ? undefined : toSeconds(options.expiresIn, 'expiresIn'),
    notBefore: options.notBefore === undefined ? undefined : toSeconds(options.notBefore, 'notBefore'),
    fixed,
    jwtId,
    iat: iat !== false,
    clock,
  };
}

function buildClaims(payload: JwtClaims, template: ClaimTemplate): JwtClaims {
  if (!isPlainObject(payload)) throw new JwtError('ERR_INVALID_ARGUMENT', 'The payload must be a plain JSON object');
  // Spread defines own properties, so a `__proto__` key stays data and never changes a prototype.
  const claims: JwtClaims = { ...payload, ...template.fixed };
  const now = Math.floor(template.clock() / 1000);
  if (template.iat) claims.iat = now;
  if (template.expiresIn !== undefined) claims.exp = now + template.expiresIn;
  if (template.notBefore !== undefined) claims.nbf = now + template.notBefore;
  if (template.jwtId !== undefined) claims.jti = template.jwtId === true ? randomUuid() : template.jwtId;
  checkRegisteredClaimTypes(claims, 'ERR_INVALID_ARGUMENT');
  return claims;
}

function headerFor(options: SignOptions): Record<string, unknown> {
  const header: Record<string, unknown> = { ...(options.header ?? {}) };
  if (options.header !== undefined && !isPlainObject(options.header)) {
    throw new JwtError('ERR_INVALID_ARGUMENT', 'header must be a plain object');
  }
  const typ = options.typ === undefined ? 'JWT' : options.typ;
  if (typ !== null) {
    if (typeof typ !== 'string') throw new JwtError('ERR_INVALID_ARGUMENT', 'typ must be a string or null');
    header.typ = typ;
  }
  if (options.kid !== undefined) {
    if (typeof options.kid !== 'string') throw new JwtError('ERR_INVALID_ARGUMENT', 'kid must be a string');
    header.kid = options.kid;
  }
  return header;
}

async function resolveSigningKey(key: KeyInput, alg: Algorithm | undefined): Promise<JwtKey> {
  if (alg !== undefined && algorithmSpec(alg) === undefined) {
    throw new JwtError('ERR_INVALID_ARGUMENT', `Unsupported algorithm: ${String(alg)}`);
  }
  if (isJwtKey(key)) {
    if (alg !== undefined && alg !== key.alg) {
      throw new JwtError('ERR_INVALID_ARGUMENT', `options.alg ${alg} does not match the key's algorithm ${key.alg}`);
    }
    return key;
  }
  const bound = alg ?? (isCryptoKey(key) ? cryptoKeyAlgorithm(key) : undefined);
  if (bound === undefined) throw new JwtError('ERR_INVALID_ARGUMENT', 'options.alg is required for this key');
  return resolveKeyInput(key, bound);
}

/**
 * Prepares a signer: options are validated and the key resolved once, the header encoded once.
 *
 * @param key - A private key or secret ({@link JwtKey}, `CryptoKey`, or a secret with `alg`).
 * @param options - See {@link SignOptions}.
 * @returns A function that signs a claims set.
 * @throws {@link JwtError} `ERR_INVALID_ARGUMENT` for bad options at once; key errors (`ERR_KEY_INVALID`) on first use.
 *
 * @example
 * ```ts
 * const signAccess = createSigner(key, { expiresIn: '15m', issuer: 'https://auth.example', jwtId: true });
 * const token = await signAccess({ sub: 'user-1', role: 'admin' });
 * ```
 */
export function createSigner(key: KeyInput, options: SignOptions = {}): Signer {
  if (typeof options !== 'object' || options === null) throw new JwtError('ERR_INVALID_ARGUMENT', 'options must be an object');
  const template = prepareClaimTemplate(options);
  const header = headerFor(options);
  let prepared: PreparedCompactSigner | undefined;
  const pending = resolveSigningKey(key, options.alg).then((k) => (prepared = prepareCompactSigner(k, header)));
  pending.catch(() => undefined); // surfaced on the first call, not as an unhandled rejection
  return async (payload) => {
    const signer = prepared ?? (await pending);
    return signCompactWith(signer, utf8(toJson(buildClaims(payload, template), 'payload')));
  };
}

/**
 * Signs a JWT.
 *
 * @param payload - The claims set: a plain JSON object. Registered claims of the wrong type are refused.
 * @param key - A private key or secret; for a raw secret also pass `options.alg`.
 * @param options - See {@link SignOptions}: `expiresIn`, `issuer`, `audience`, `jwtId`, ...
 * @returns The compact token.
 * @throws {@link JwtError} `ERR_INVALID_ARGUMENT` for bad payloads or options, `ERR_KEY_INVALID` for unusable keys.
 *
 * @example
 * ```ts
 * const key = await importKey(process.env.JWT_SECRET!, 'HS256');
 * const token = await sign({ sub: 'user-1' }, key, { expiresIn: '15m' });
 * ```
 */
export async function sign(payload: JwtClaims, key: KeyInput, options?: SignOptions): Promise<string> {
  return createSigner(key, options)(payload);
}
