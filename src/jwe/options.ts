/**
 * The options of JWE encryption and decryption: their types, their schemas for the options
 * checker, and their validation into prepared values, done once per call.
 *
 * @module
 */
import { invalidArgument as invalid } from '../lib/jwt-errors.js';
import { isBytes } from '../lib/bytes.js';
import { isPlainObject } from '../lib/json.js';
import {
  OPTION_BOOLEAN,
  OPTION_NUMBER,
  OPTION_OBJECT,
  OPTION_STRING,
  OPTION_STRING_OR_NULL,
  OPTION_STRINGS,
  type OptionKind,
  type OptionKinds,
} from '../lib/options.js';
import {
  type ContentEncryptionAlgorithm,
  contentEncryptionSpec,
  type KeyManagementAlgorithm,
  keyManagementSpec,
  whyRefused,
} from './algorithms.js';
import { DEFAULT_MAX_JWE_LENGTH } from './compact.js';
import { RESERVED_HEADER_MEMBERS } from './header.js';

/**
 * Options of {@link encryptCompact} (and the encryption half of {@link encrypt} and
 * {@link signThenEncrypt}). Unknown names and values of the wrong type are refused
 * (`ERR_INVALID_ARGUMENT`); `undefined` values are ignored.
 *
 * @category Encryption
 */
export interface EncryptCompactOptions {
  /** Key ID for the header. Defaults to the key's `kid`. */
  kid?: string;
  /** The `typ` header; `null` leaves it out. {@link encrypt} writes `"JWT"` unless told otherwise. */
  typ?: string | null;
  /** The `cty` header: the media type of the plaintext. */
  cty?: string;
  /**
   * Extra protected-header members. The members the library writes itself (`alg`, `enc`, `zip`,
   * `epk`, `apu`, `apv`, `iv`, `tag`, `p2s`, `p2c`) are refused here.
   */
  header?: Record<string, unknown>;
  /**
   * Compress the plaintext with DEFLATE before encrypting it (`zip: "DEF"`). Default `false`.
   * Compressing secrets next to attacker-influenced text can leak them through the length.
   */
  compress?: boolean;
  /**
   * PBES2 only: the PBKDF2 iteration count (`p2c`), at least 1000. The recipient refuses counts
   * above its `maxPbes2Count` (default 100 000).
   */
  p2c?: number;
  /** ECDH-ES only: Agreement PartyUInfo (`apu`), bytes. */
  apu?: Uint8Array;
  /** ECDH-ES only: Agreement PartyVInfo (`apv`), bytes. */
  apv?: Uint8Array;
}

/**
 * Options of {@link decryptCompact} (and the decryption half of {@link decrypt} and
 * {@link decryptThenVerify}). Unknown names and values of the wrong type are refused
 * (`ERR_INVALID_ARGUMENT`); `undefined` values are ignored.
 *
 * @category Encryption
 */
export interface DecryptCompactOptions {
  /**
   * Key management algorithms accepted. The token's `alg` must be the key's own anyway; this
   * list narrows further, e.g. to refuse a resolver's key for an algorithm being retired.
   */
  keyManagementAlgorithms?: readonly KeyManagementAlgorithm[];
  /** Content encryption algorithms accepted; as for `keyManagementAlgorithms`, the key's `enc` must match too. */
  contentEncryptionAlgorithms?: readonly ContentEncryptionAlgorithm[];
  /** Longest token accepted, in characters. Default 65 536. */
  maxTokenLength?: number;
  /** Accept compressed tokens (`zip: "DEF"`). Default `false`: they are refused with `ERR_JWE_ALG_NOT_ALLOWED`. */
  allowCompression?: boolean;
  /** With `allowCompression`: the largest plaintext inflation may produce, in bytes. Default 262 144. */
  maxDecompressedLength?: number;
  /** PBES2: the largest iteration count (`p2c`) accepted, a bound on the work a token can demand. Default 100 000. */
  maxPbes2Count?: number;
  /** Names of `crit` header extensions the caller processes itself. Default: none. */
  crit?: readonly string[];
}

// Option kinds are named constants (never `KINDS.x` reads): a table that reads a property at the top
// level is code a bundler keeps, and with it every JWE function's options in bundles that never encrypt.
const BYTES: OptionKind = { expected: 'bytes (a Uint8Array)', test: isBytes };

/** @internal */
export const ENCRYPT_COMPACT_OPTIONS: OptionKinds<EncryptCompactOptions> = {
  kid: OPTION_STRING,
  typ: OPTION_STRING_OR_NULL,
  cty: OPTION_STRING,
  header: OPTION_OBJECT,
  compress: OPTION_BOOLEAN,
  p2c: OPTION_NUMBER,
  apu: BYTES,
  apv: BYTES,
};

/** @internal */
export const DECRYPT_COMPACT_OPTIONS: OptionKinds<DecryptCompactOptions> = {
  keyManagementAlgorithms: OPTION_STRINGS,
  contentEncryptionAlgorithms: OPTION_STRINGS,
  maxTokenLength: OPTION_NUMBER,
  allowCompression: OPTION_BOOLEAN,
  maxDecompressedLength: OPTION_NUMBER,
  maxPbes2Count: OPTION_NUMBER,
  crit: OPTION_STRINGS,
};

const DEFAULT_MAX_PBES2_COUNT = 100_000;
const DEFAULT_MAX_DECOMPRESSED_LENGTH = 262_144;

/** @internal Decrypt options after validation. */
export interface PreparedDecryptOptions {
  readonly keyManagementAlgorithms: readonly string[] | undefined;
  readonly contentEncryptionAlgorithms: readonly string[] | undefined;
  readonly maxTokenLength: number;
  readonly allowCompression: boolean;
  readonly maxDecompressedLength: number;
  readonly maxPbes2Count: number;
  readonly crit: readonly string[] | undefined;
}

function positiveInteger(value: number, option: string): number {
  if (!Number.isSafeInteger(value) || value <= 0) throw invalid(`${option} must be a positive integer`);
  return value;
}

function algorithmList(list: readonly string[] | undefined, option: string, known: (name: string) => boolean): readonly string[] | undefined {
  if (list === undefined) return undefined;
  if (list.length === 0) throw invalid(`${option} must be a non-empty array`);
  for (const name of list) {
    if (!known(name)) throw invalid(`${option} contains an unsupported algorithm: ${String(name)}${whyRefused(name)}`);
  }
  return list.slice(); // a copy: a caller changing its array later changes nothing here
}

/** @internal Validates decrypt options (names and kinds already checked against the schema). */
export function prepareDecryptOptions(options: DecryptCompactOptions = {}): PreparedDecryptOptions {
  const {
    maxTokenLength = DEFAULT_MAX_JWE_LENGTH,
    allowCompression = false,
    maxDecompressedLength = DEFAULT_MAX_DECOMPRESSED_LENGTH,
    maxPbes2Count = DEFAULT_MAX_PBES2_COUNT,
  } = options;
  return {
    keyManagementAlgorithms: algorithmList(options.keyManagementAlgorithms, 'keyManagementAlgorithms', (n) => keyManagementSpec(n) !== undefined),
    contentEncryptionAlgorithms: algorithmList(
      options.contentEncryptionAlgorithms,
      'contentEncryptionAlgorithms',
      (n) => contentEncryptionSpec(n) !== undefined,
    ),
    maxTokenLength: positiveInteger(maxTokenLength, 'maxTokenLength'),
    allowCompression,
    maxDecompressedLength: positiveInteger(maxDecompressedLength, 'maxDecompressedLength'),
    maxPbes2Count: positiveInteger(maxPbes2Count, 'maxPbes2Count'),
    crit: options.crit?.slice(),
  };
}

/** @internal The header members encryption writes besides `alg`, `enc` and the key management parameters. */
export function headerMembers(options: EncryptCompactOptions): Record<string, unknown> {
  const extra = options.header ?? {};
  if (!isPlainObject(extra)) throw invalid('header must be a plain object');
  const header: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(extra)) {
    if (value === undefined) continue;
    if (RESERVED_HEADER_MEMBERS.includes(name)) throw invalid(`header must not set "${name}": the library writes it`);
    header[name] = value;
  }
  // An explicit option wins over a header member of the same name.
  if (options.kid !== undefined) header.kid = options.kid;
  if (options.typ === null) delete header.typ;
  else if (options.typ !== undefined) header.typ = options.typ;
  if (options.cty !== undefined) header.cty = options.cty;
  for (const name of ['kid', 'typ', 'cty']) {
    if (header[name] !== undefined && typeof header[name] !== 'string') throw invalid(`header member "${name}" must be a string`);
  }
  return header;
}

/**
 * @internal Checks that the options only some families read are given for the key's family; the
 * family checks their values (pbes2.ts: p2c from 1000 to 10 000 000).
 */
export function checkFamilyOptions(options: EncryptCompactOptions, family: string): void {
  if (options.p2c !== undefined && family !== 'pbes2') throw invalid('p2c applies to PBES2 keys only');
  const isEcdh = family === 'ecdh-es' || family === 'ecdh-es-kw';
  if ((options.apu !== undefined || options.apv !== undefined) && !isEcdh) throw invalid('apu and apv apply to ECDH-ES keys only');
}
