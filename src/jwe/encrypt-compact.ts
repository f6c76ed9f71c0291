/**
 * `encryptCompact`: a compact JWE over any bytes. The encrypt path reads top to bottom in
 * {@link encryptBytes}: get a content encryption key (CEK) to the recipient, write the protected
 * header, compress if asked, encrypt the content with the header as additional data, serialize.
 *
 * @module
 */
import { JwtError } from '../errors.js';
import { invalidArgument } from '../lib/jwt-errors.js';
import { encodeBase64urlText } from '../lib/base64url.js';
import { isBytes } from '../lib/bytes.js';
import { checkOptions, optionsSchema } from '../lib/options.js';
import { utf8 } from '../lib/utf8.js';
import { toJson } from '../jws/sign-compact.js';
import { keyManagementSpec } from './algorithms.js';
import { additionalData, serializeCompactJwe } from './compact.js';
import { contentKeyOf, encryptContent, prepareContentKey } from './content/index.js';
import type { ContentKey } from './content/content-key.js';
import { checkEncryptKey } from './decrypt-key.js';
import type { JweKey } from './key.js';
import { keyManagementFor } from './key-management/index.js';
import { checkFamilyOptions, ENCRYPT_COMPACT_OPTIONS, type EncryptCompactOptions, headerMembers } from './options.js';
import { deflateRaw } from './zip.js';

const ENCRYPT_COMPACT_SCHEMA = /* @__PURE__ */ optionsSchema('encryptCompact', ENCRYPT_COMPACT_OPTIONS);

interface KeyDelivery {
  readonly contentKey: ContentKey;
  readonly encryptedKey: Uint8Array;
  /** The family's header parameters (`epk`, `iv`, `tag`, `p2s`, `p2c`, `apu`, `apv`). */
  readonly parameters: Readonly<Record<string, unknown>>;
}

// dir: the key is the CEK, prepared once at import. Every other family makes (or derives) a
// fresh CEK per token and encrypts it for the recipient.
async function deliverKey(key: JweKey, options: EncryptCompactOptions): Promise<KeyDelivery> {
  const spec = keyManagementSpec(key.alg)!;
  if (spec.family === 'dir') return { contentKey: contentKeyOf(key), encryptedKey: new Uint8Array(0), parameters: {} };
  const { p2c, apu, apv } = options;
  const delivered = await keyManagementFor(spec.family).encrypt(spec, key, key.enc, { p2c, apu, apv });
  return {
    contentKey: await prepareContentKey(key.enc, delivered.cek),
    encryptedKey: delivered.encryptedKey,
    parameters: delivered.parameters,
  };
}

/** @internal The encrypt path, for options already checked against a schema. */
export async function encryptBytes(plaintext: Uint8Array, key: JweKey, options: EncryptCompactOptions): Promise<string> {
  checkEncryptKey(key);
  checkFamilyOptions(options, keyManagementSpec(key.alg)!.family);
  const members = headerMembers(options);
  const { contentKey, encryptedKey, parameters } = await deliverKey(key, options);

  const header: Record<string, unknown> = { alg: key.alg, enc: key.enc, ...parameters };
  if (options.compress === true) header.zip = 'DEF';
  if (key.kid !== undefined) header.kid = key.kid;
  Object.assign(header, members); // plain data members, none of them reserved (checked above)
  const headerSegment = encodeBase64urlText(toJson(header, 'header'));

  const content = options.compress === true ? await deflateRaw(plaintext) : plaintext;
  const { iv, ciphertext, tag } = await encryptContent(contentKey, content, additionalData(headerSegment));
  return serializeCompactJwe({ headerSegment, encryptedKey, iv, ciphertext, tag });
}

/** @internal Bytes from a string (UTF-8) or bytes. */
export function plaintextBytes(plaintext: unknown): Uint8Array {
  if (typeof plaintext === 'string') return utf8(plaintext);
  if (!isBytes(plaintext)) throw invalidArgument('plaintext must be bytes or a string');
  return plaintext;
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
  checkOptions(options, ENCRYPT_COMPACT_SCHEMA);
  return encryptBytes(plaintextBytes(plaintext), key, options ?? {});
}
