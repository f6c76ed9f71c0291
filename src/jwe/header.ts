/**
 * The JWE protected header: its type, the members a caller may not set by hand, the `crit` rules
 * of RFC 7516 section 4.1.13, and the checks of `alg`, `enc` and `zip` against what the caller
 * allows. Nothing here is trusted yet: the header is authenticated only when the content decrypts.
 *
 * @module
 */
import { JwtError } from '../errors.js';
import { checkCritNames } from '../jws/parse.js';
import type { ContentEncryptionAlgorithm, KeyManagementAlgorithm } from './algorithms.js';

/**
 * A JWE protected header (RFC 7516 section 4). After decryption `alg` and `enc` are always the
 * key's own, and every member has been authenticated with the content.
 *
 * @category Encryption
 */
export interface JweHeader {
  /** The key management algorithm: how the content encryption key reached the recipient. */
  alg: KeyManagementAlgorithm;
  /** The content encryption algorithm. */
  enc: ContentEncryptionAlgorithm;
  /** Key ID. */
  kid?: string;
  /** Media type of the whole token, e.g. `JWT`. */
  typ?: string;
  /** Content type of the plaintext: `JWT` for a nested (signed, then encrypted) token. */
  cty?: string;
  /** `DEF` when the plaintext was compressed before encryption (accepted only with `allowCompression`). */
  zip?: 'DEF';
  /** Critical extensions (RFC 7516 section 4.1.13). */
  crit?: string[];
  /** Any other member, including the key management parameters (`epk`, `apu`, `apv`, `iv`, `tag`, `p2s`, `p2c`). */
  [name: string]: unknown;
}

/**
 * Members only the library writes: the algorithms, compression, and the parameters a key
 * management family puts in the header. The `header` option of encryption may not set them.
 */
export const RESERVED_HEADER_MEMBERS: readonly string[] = ['alg', 'enc', 'zip', 'epk', 'apu', 'apv', 'iv', 'tag', 'p2s', 'p2c'];

// The other header parameters registered by RFC 7516; `crit` must never list these or the above.
const REGISTERED_HEADERS: readonly string[] = ['jku', 'jwk', 'kid', 'x5u', 'x5c', 'x5t', 'x5t#S256', 'typ', 'cty', 'crit'];

/**
 * A header's `alg` or `enc` in a message: not secret, and what a developer needs to see. Anything
 * that is not a short plain name (attacker-chosen text, a log-injection attempt) is not repeated.
 */
export const plainName = (name: unknown): string =>
  typeof name === 'string' && /^[A-Za-z0-9+_-]{1,32}$/.test(name) ? name : '(not a plain algorithm name)';

/** What a header member is called in messages. */
type MemberName = 'algorithm' | 'content encryption' | 'compression';

/** @internal `ERR_JWE_ALG_NOT_ALLOWED`: "The token's `what` `name` `why`", the name as {@link plainName} shows it. */
export const notAllowed = (what: MemberName, name: unknown, why: string): JwtError =>
  new JwtError('ERR_JWE_ALG_NOT_ALLOWED', `The token's ${what} ${plainName(name)} ${why}`);

/** @internal Throws `ERR_JWE_ALG_NOT_ALLOWED` unless `name` is in the caller's list (when there is one). */
export function checkAllowed(name: string, allowed: readonly string[] | undefined, what: 'algorithm' | 'content encryption'): void {
  if (allowed !== undefined && !allowed.includes(name)) throw notAllowed(what, name, `is not allowed (allowed: ${allowed.join(', ')})`);
}

/** @internal The `alg` and `enc` of a token's header must be the key's own. */
export function checkKeyAlgorithms(header: JweHeader, key: { readonly alg: string; readonly enc: string }): void {
  if (header.alg !== key.alg) throw notAllowed('algorithm', header.alg, `does not match the key's ${key.alg}`);
  if (header.enc !== key.enc) throw notAllowed('content encryption', header.enc, `does not match the key's ${key.enc}`);
}

/**
 * @internal `zip` (RFC 7516 section 4.1.3): only `DEF`, and only when the caller opted in, since
 * compressing before encrypting can leak the plaintext through the length (CRIME-like attacks) and
 * inflating is a way to make the recipient spend memory.
 */
export function checkCompression(header: Record<string, unknown>, allowCompression: boolean): boolean {
  const zip = header.zip;
  if (zip === undefined) return false;
  if (zip !== 'DEF') throw notAllowed('compression', zip, 'is not supported');
  if (!allowCompression) throw new JwtError('ERR_JWE_ALG_NOT_ALLOWED', 'The token is compressed (zip: DEF); pass allowCompression: true to accept it');
  return true;
}

const isRegisteredJweHeader = (name: string): boolean => RESERVED_HEADER_MEMBERS.includes(name) || REGISTERED_HEADERS.includes(name);
const critNotUnderstood = (): JwtError =>
  new JwtError('ERR_JWE_CRIT_UNSUPPORTED', 'The token lists a critical header parameter this recipient does not understand');

/**
 * @internal Enforces `crit` with the rules JWS and JWE share: a non-empty list of unique,
 * non-registered names, each present in the header and each one the caller declared it understands.
 */
export function checkCritical(header: Record<string, unknown>, understood: readonly string[] | undefined): void {
  checkCritNames(header, understood, isRegisteredJweHeader, critNotUnderstood);
}

/** @internal True for `cty: "JWT"` (case-insensitive, `application/` optional): a nested, signed JWT. */
export function isNestedJwt(header: Record<string, unknown>): boolean {
  const cty = header.cty;
  if (typeof cty !== 'string') return false;
  const lower = cty.toLowerCase();
  return (lower.startsWith('application/') ? lower.slice('application/'.length) : lower) === 'jwt';
}
