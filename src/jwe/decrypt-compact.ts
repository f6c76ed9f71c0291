/**
 * `decryptCompact`. The whole decrypt path reads top to bottom in {@link decryptToken}: the format
 * (five segments, the header), then policy (`alg`, `enc`, `crit`, `zip` and the key, all before any
 * cryptography), then the content encryption key, then the content.
 *
 * Every failure after the policy checks is the same `ERR_JWE_DECRYPTION_FAILED` with the same
 * message, whichever step failed: when the encrypted key does not decrypt, a random key of the
 * right length takes its place and the failure surfaces at the content step, as any other would
 * (RFC 7516 section 11.5), so a token cannot tell an attacker which step it failed at.
 *
 * @module
 */
import { JwtError } from '../errors.js';
import { checkOptions, optionsSchema } from '../lib/options.js';
import { contentEncryptionSpec, type ContentEncryptionSpec, keyManagementSpec, type KeyManagementSpec, whyRefused } from './algorithms.js';
import { parseCompactJwe, type ParsedJwe } from './compact.js';
import type { ContentKey } from './content/content-key.js';
import { requireLength } from './content/failure.js';
import { contentKeyOf, decryptContent, prepareContentKey, randomCek } from './content/index.js';
import { checkDecryptKeyInput, type DecryptKeyInput, resolveDecryptKey } from './decrypt-key.js';
import { decryptionFailed, malformedToken } from './failures.js';
import { checkAllowed, checkCompression, checkCritical, type JweHeader, notAllowed } from './header.js';
import type { JweKey } from './key.js';
import { encryptedKeyBytes, keyManagementFor } from './key-management/index.js';
import { DECRYPT_COMPACT_OPTIONS, type DecryptCompactOptions, type PreparedDecryptOptions, prepareDecryptOptions } from './options.js';
import { inflateRaw } from './zip.js';

/**
 * The result of {@link decryptCompact}.
 *
 * @category Encryption
 */
export interface DecryptCompactResult {
  /** The decrypted (and, with `zip`, inflated) content, authenticated together with the header. */
  plaintext: Uint8Array;
  /** The protected header. */
  header: JweHeader;
  /** The key that decrypted the token. */
  key: JweKey;
}

const DECRYPT_COMPACT_SCHEMA = /* @__PURE__ */ optionsSchema('decryptCompact', DECRYPT_COMPACT_OPTIONS);

/** @internal A header that passed the policy checks, with its table rows. */
interface AcceptedHeader {
  readonly header: JweHeader;
  readonly km: KeyManagementSpec;
  readonly ce: ContentEncryptionSpec;
  readonly compressed: boolean;
}

// The header's alg and enc are compared with the caller's lists, never used to choose behaviour first.
function acceptHeader(parsed: ParsedJwe, options: PreparedDecryptOptions): AcceptedHeader {
  const { header } = parsed;
  const km = keyManagementSpec(header.alg);
  if (km === undefined) throw notAllowed('algorithm', header.alg, `is not supported${whyRefused(header.alg)}`);
  const ce = contentEncryptionSpec(header.enc);
  if (ce === undefined) throw notAllowed('content encryption', header.enc, 'is not supported');
  checkAllowed(header.alg, options.keyManagementAlgorithms, 'algorithm');
  checkAllowed(header.enc, options.contentEncryptionAlgorithms, 'content encryption');
  checkCritical(header, options.crit);
  const compressed = checkCompression(header, options.allowCompression);
  // Lengths visible in the token are format errors, found before any key is touched.
  requireLength('initialization vector', parsed.iv, ce.ivBytes, ce.enc);
  requireLength('authentication tag', parsed.tag, ce.tagBytes, ce.enc);
  const keyBytes = encryptedKeyBytes(km.family, ce.cekBytes);
  const { length } = parsed.encryptedKey;
  if (keyBytes === undefined ? length === 0 : length !== keyBytes) {
    const expected = keyBytes === undefined ? 'present' : keyBytes === 0 ? 'empty' : `${keyBytes} bytes`;
    throw malformedToken(`the encrypted key must be ${expected} for ${km.alg} with ${ce.enc}`);
  }
  return { header: header as JweHeader, km, ce, compressed };
}

// The CEK for the content step. Whatever goes wrong while decrypting the encrypted key, a random
// CEK of the right length carries on, so the content step fails as it would for any other tampering.
async function contentKeyFor(accepted: AcceptedHeader, key: JweKey, parsed: ParsedJwe, options: PreparedDecryptOptions): Promise<ContentKey> {
  if (accepted.km.family === 'dir') return contentKeyOf(key);
  const limits = { maxPbes2Count: options.maxPbes2Count };
  let cek: Uint8Array;
  try {
    cek = await keyManagementFor(accepted.km.family).decrypt(accepted.km, key, key.enc, parsed.encryptedKey, accepted.header, limits);
  } catch (error) {
    // Format and policy failures (an ill-formed epk, a p2c over the limit) are not secret; a failed decryption is.
    if (error instanceof JwtError && error.code !== 'ERR_JWE_DECRYPTION_FAILED') throw error;
    cek = randomCek(key.enc);
  }
  if (cek.length !== accepted.ce.cekBytes) cek = randomCek(key.enc);
  return prepareContentKey(key.enc, cek);
}

async function decryptContentOf(accepted: AcceptedHeader, contentKey: ContentKey, parsed: ParsedJwe, options: PreparedDecryptOptions): Promise<Uint8Array> {
  let plaintext: Uint8Array;
  try {
    plaintext = await decryptContent(contentKey, parsed, parsed.aad);
    if (accepted.compressed) plaintext = await inflateRaw(plaintext, options.maxDecompressedLength);
  } catch (error) {
    // Over maxDecompressedLength (ERR_JWT_TOO_LARGE) is the caller's limit, reported as such.
    if (error instanceof JwtError && error.code !== 'ERR_JWE_DECRYPTION_FAILED') throw error;
    throw decryptionFailed();
  }
  return plaintext;
}

/**
 * @internal The whole decrypt path, for options already validated. `beforeKey` runs on the
 * accepted header before the key is resolved (the claims layer refuses nested tokens there).
 */
export async function decryptToken(
  token: unknown,
  keyInput: DecryptKeyInput,
  options: PreparedDecryptOptions,
  beforeKey?: (header: JweHeader) => void,
): Promise<DecryptCompactResult> {
  checkDecryptKeyInput(keyInput);
  const parsed = parseCompactJwe(token, options.maxTokenLength);
  const accepted = acceptHeader(parsed, options);
  beforeKey?.(accepted.header);
  const key = await resolveDecryptKey(keyInput, accepted.header);
  const contentKey = await contentKeyFor(accepted, key, parsed, options);
  const plaintext = await decryptContentOf(accepted, contentKey, parsed, options);
  return { plaintext, header: accepted.header, key };
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
  checkOptions(options, DECRYPT_COMPACT_SCHEMA);
  return decryptToken(token, key, prepareDecryptOptions(options));
}
