/**
 * New keys: random HMAC secrets and key pairs for any algorithm.
 *
 * @module
 */
import { JwtError } from '../errors.js';
import { invalidArgument, keyInvalid } from '../lib/jwt-errors.js';
import { type Algorithm, type AlgorithmSpec, algorithmSpec, MIN_RSA_BITS } from '../lib/algorithms.js';
import { generateCryptoKey, randomBytes } from '../lib/crypto.js';
import { checkOptions, optionsSchema, OPTION_BOOLEAN, OPTION_NUMBER, OPTION_STRING } from '../lib/options.js';
import { importSecretBytes } from './import-secret.js';
import { type JwtKey, makeKey } from './key.js';

/**
 * Options of {@link generateKeyPair}.
 * Unknown names and values of the wrong type are refused (`ERR_INVALID_ARGUMENT`).
 *
 * @category Keys
 */
export interface GenerateKeyPairOptions {
  /** RSA modulus size in bits. Default 2048; smaller is refused. */
  modulusLength?: number;
  /** Whether the private key can be exported (e.g. with {@link exportPem}). Default `true`. */
  extractable?: boolean;
  /** Key ID for both keys. */
  kid?: string;
}

/**
 * Options of {@link generateSecret}.
 * Unknown names and values of the wrong type are refused (`ERR_INVALID_ARGUMENT`).
 *
 * @category Keys
 */
export interface GenerateSecretOptions {
  /** Key ID, written to the `kid` header when signing. */
  kid?: string;
  /** Whether the secret can be exported (e.g. with {@link exportJwk}). Default `true`. */
  extractable?: boolean;
}

const GENERATE_SECRET_SCHEMA = /* @__PURE__ */ optionsSchema<GenerateSecretOptions>('generateSecret', {
  kid: OPTION_STRING,
  extractable: OPTION_BOOLEAN,
});

const GENERATE_KEY_PAIR_SCHEMA = /* @__PURE__ */ optionsSchema<GenerateKeyPairOptions>('generateKeyPair', {
  modulusLength: OPTION_NUMBER,
  extractable: OPTION_BOOLEAN,
  kid: OPTION_STRING,
});

/**
 * A generated key pair.
 *
 * @category Keys
 */
export interface JwtKeyPair {
  /** Verifies; safe to publish (e.g. in a JWKS through {@link exportJwk}). */
  publicKey: JwtKey;
  /** Signs; keep it secret. */
  privateKey: JwtKey;
}

function specFor(alg: Algorithm, kty: 'oct' | 'asymmetric'): AlgorithmSpec {
  const spec = algorithmSpec(alg);
  if (spec === undefined || (kty === 'oct') !== (spec.kty === 'oct')) {
    throw invalidArgument(`Cannot generate a ${kty === 'oct' ? 'secret' : 'key pair'} for ${String(alg)}`);
  }
  return spec;
}

/**
 * Generates a random HMAC secret as long as the hash output (32, 48 or 64 bytes).
 *
 * @param alg - `HS256`, `HS384` or `HS512`.
 * @param options - `kid`; `extractable` (default `true`, so it can be exported and stored).
 * @returns An extractable secret {@link JwtKey}.
 * @throws {@link JwtError} `ERR_INVALID_ARGUMENT` for a non-HMAC algorithm, an unknown option name or a value of the wrong type.
 *
 * @example
 * ```ts
 * const key = await generateSecret('HS256');
 * const jwk = await exportJwk(key); // store jwk.k somewhere safe
 * ```
 *
 * @category Keys
 */
export async function generateSecret(
  alg: 'HS256' | 'HS384' | 'HS512',
  options: GenerateSecretOptions = {},
): Promise<JwtKey> {
  const spec = specFor(alg, 'oct');
  checkOptions(options, GENERATE_SECRET_SCHEMA);
  return importSecretBytes(randomBytes(spec.minSecretBytes!), spec, { extractable: options.extractable !== false }, options.kid);
}

/**
 * Generates a key pair for an asymmetric algorithm.
 *
 * @param alg - `RS*`, `PS*`, `ES*`, `EdDSA` or `Ed25519`.
 * @param options - `modulusLength` (RSA, default 2048), `extractable` (default `true`), `kid`.
 * @returns The public and private {@link JwtKey}s.
 * @throws {@link JwtError} `ERR_INVALID_ARGUMENT` for HMAC algorithms, an unknown option name or a value of the
 *   wrong type; `ERR_KEY_INVALID` for RSA under 2048 bits.
 *
 * @example
 * ```ts
 * const { publicKey, privateKey } = await generateKeyPair('ES256', { kid: 'k1' });
 * const token = await sign({ sub: 'user-1' }, privateKey);
 * ```
 *
 * @category Keys
 */
export async function generateKeyPair(alg: Algorithm, options: GenerateKeyPairOptions = {}): Promise<JwtKeyPair> {
  const spec = specFor(alg, 'asymmetric');
  checkOptions(options, GENERATE_KEY_PAIR_SCHEMA);
  const extra: Record<string, unknown> = {};
  if (spec.kty === 'RSA') {
    const { modulusLength = 2048 } = options;
    if (!Number.isSafeInteger(modulusLength) || modulusLength < MIN_RSA_BITS) {
      throw keyInvalid(`RSA keys must be at least ${MIN_RSA_BITS} bits`);
    }
    extra.modulusLength = modulusLength;
    extra.publicExponent = new Uint8Array([1, 0, 1]);
  }
  const pair = (await generateCryptoKey(spec, extra, options.extractable !== false)) as CryptoKeyPair;
  return {
    publicKey: makeKey({ alg: spec.alg, type: 'public', cryptoKey: pair.publicKey, kid: options.kid }),
    privateKey: makeKey({ alg: spec.alg, type: 'private', cryptoKey: pair.privateKey, kid: options.kid }),
  };
}
