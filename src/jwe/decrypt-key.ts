/**
 * What decryption takes as its key: one {@link JweKey}, or a resolver that picks one per token
 * (for `kid`-based rotation). Either way the key is checked after resolution: it must be a
 * `JweKey` that can decrypt, bound to the token's own `alg` and `enc`.
 *
 * @module
 */
import { JwtError } from '../errors.js';
import { keyInvalid } from '../lib/jwt-errors.js';
import { checkKeyAlgorithms, type JweHeader } from './header.js';
import { isJweKey, type JweKey } from './key.js';

/**
 * Picks the decryption key for a token from its protected header (typically by `kid`). The header
 * is not authenticated yet: use it to choose among your own keys, never to build one. Its `alg`
 * and `enc` are checked against the returned key's afterwards.
 *
 * @category Encryption
 */
export type JweKeyResolver = (header: JweHeader) => JweKey | Promise<JweKey>;

/**
 * Anything decryption accepts as its key argument.
 *
 * @category Encryption
 */
export type DecryptKeyInput = JweKey | JweKeyResolver;

/** @internal Throws unless `input` is a key or a resolver; done before anything else. */
export function checkDecryptKeyInput(input: unknown): void {
  if (typeof input !== 'function' && !isJweKey(input)) {
    throw keyInvalid('Decryption needs a JweKey (see importEncryptionKey) or a resolver function');
  }
}

/** @internal The key for a token whose `alg` and `enc` the caller allows; checked against the header. */
export async function resolveDecryptKey(input: DecryptKeyInput, header: JweHeader): Promise<JweKey> {
  let key: unknown = input;
  if (typeof input === 'function') {
    try {
      key = await input(header);
    } catch (cause) {
      if (cause instanceof JwtError) throw cause;
      throw new JwtError('ERR_KEY_NOT_FOUND', 'The key resolver failed', { cause });
    }
    if (!isJweKey(key)) throw keyInvalid('The key resolver did not return a JweKey');
  }
  const found = key as JweKey;
  if (found.type === 'public') throw keyInvalid('A public key cannot decrypt; use the private key');
  checkKeyAlgorithms(header, found);
  return found;
}

/** @internal Encryption needs a `JweKey` that is public or secret. */
export function checkEncryptKey(key: unknown): JweKey {
  if (!isJweKey(key)) throw keyInvalid('Encryption needs a JweKey (see importEncryptionKey)');
  if (key.type === 'private') throw keyInvalid('A private key does not encrypt; use its public key');
  return key;
}
