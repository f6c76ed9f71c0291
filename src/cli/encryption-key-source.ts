/**
 * Where `encrypt` and `decrypt` get their key: a file (`--key`) or an environment variable
 * (`--key-env`) holding a secret, a password, a PEM key, a JWK or (to decrypt) a JWKS. The key is
 * bound to the `--alg` and `--enc` given on the command line (or the JWK's own `alg`), never to
 * what a token says.
 *
 * A secret for `dir`, `A*KW` and `A*GCMKW` is base64url text by default, as `webjwt keygen
 * --format secret` prints it: these algorithms need exact-length random bytes, which text typed by
 * hand never is. A PBES2 password is used as written (UTF-8).
 *
 * @module
 */
import {
  type ContentEncryptionAlgorithm,
  CONTENT_ENCRYPTION_ALGORITHMS,
  decodeBase64url,
  importEncryptionKey,
  type JweHeader,
  type JweKey,
  type JweKeyResolver,
  JwtError,
  KEY_MANAGEMENT_ALGORITHMS,
  type KeyManagementAlgorithm,
} from '../index.js';
import { closestName } from '../lib/closest-name.js';
import type { CliIo } from './io.js';
import { type KeyMaterial, readKeyMaterial } from './key-source.js';
import { UsageError } from './usage-error.js';

/** The key flags of `encrypt` and `decrypt`. */
export interface EncryptionKeyFlags {
  key?: string | undefined;
  'key-env'?: string | undefined;
  alg?: string | undefined;
  enc?: string | undefined;
  'secret-encoding'?: string | undefined;
}

/** The parse options for {@link EncryptionKeyFlags}, spread into each command's `parseArgs` config. */
export const ENCRYPTION_KEY_OPTIONS = {
  key: { type: 'string' },
  'key-env': { type: 'string' },
  alg: { type: 'string' },
  enc: { type: 'string' },
  'secret-encoding': { type: 'string' },
} as const;

/** Help text for the key flags. */
export const ENCRYPTION_KEY_HELP = `Key:
  --key <file>        a secret, a PBES2 password, a PEM key or a JWK in a file (a final newline is ignored)
  --key-env <VAR>     the same, from an environment variable (keeps secrets out of shell history)
  --alg <alg>         key management algorithm; required unless the JWK has "alg":
                        ${KEY_MANAGEMENT_ALGORITHMS.join(', ')}
  --enc <enc>         content encryption algorithm, always required:
                        ${CONTENT_ENCRYPTION_ALGORITHMS.join(', ')}
  --secret-encoding <e>  how a secret is written: base64url (default; PBES2: utf8), hex or utf8`;

const SECRET_ENCODINGS = ['base64url', 'hex', 'utf8'] as const;
type SecretEncoding = (typeof SECRET_ENCODINGS)[number];

const isKeyManagement = (name: unknown): name is KeyManagementAlgorithm =>
  typeof name === 'string' && (KEY_MANAGEMENT_ALGORITHMS as readonly string[]).includes(name);

function unknownName(kind: string, name: string, known: readonly string[]): UsageError {
  const nearest = closestName(name, known);
  return new UsageError(`Unknown ${kind} ${JSON.stringify(name)}${nearest === undefined ? '' : ` (did you mean ${nearest}?)`}`);
}

/** The `--enc` flag, checked; it is required whatever the key, since no JWK names one. */
export function contentEncryptionFrom(enc: string | undefined): ContentEncryptionAlgorithm {
  if (enc === undefined) {
    throw new UsageError(`--enc is required (a key is bound to one content encryption algorithm): ${CONTENT_ENCRYPTION_ALGORITHMS.join(', ')}`);
  }
  if (!(CONTENT_ENCRYPTION_ALGORITHMS as readonly string[]).includes(enc)) {
    throw unknownName('content encryption algorithm', enc, CONTENT_ENCRYPTION_ALGORITHMS);
  }
  return enc as ContentEncryptionAlgorithm;
}

/** An `--alg` value, checked, or undefined when not given. */
export function keyManagementFrom(alg: string | undefined): KeyManagementAlgorithm | undefined {
  if (alg === undefined) return undefined;
  if (!isKeyManagement(alg)) throw unknownName('key management algorithm', alg, KEY_MANAGEMENT_ALGORITHMS);
  return alg;
}

function secretEncodingFrom(text: string | undefined, alg: KeyManagementAlgorithm): SecretEncoding {
  if (text === undefined) return alg.startsWith('PBES2') ? 'utf8' : 'base64url';
  if (!(SECRET_ENCODINGS as readonly string[]).includes(text)) throw new UsageError('--secret-encoding must be base64url, hex or utf8');
  return text as SecretEncoding;
}

function secretBytes(secret: string, encoding: SecretEncoding): Uint8Array {
  if (encoding === 'utf8') return new TextEncoder().encode(secret);
  const text = secret.trim();
  if (encoding === 'hex') {
    if (!/^(?:[0-9a-fA-F]{2})+$/.test(text)) throw new UsageError('The secret is not hex text (--secret-encoding hex)');
    return Uint8Array.from(text.match(/../g)!, (pair) => Number.parseInt(pair, 16));
  }
  const bytes = decodeBase64url(text);
  if (bytes === undefined || bytes.length === 0) {
    throw new UsageError('The secret is not base64url text; give --secret-encoding utf8 or hex if it is written otherwise');
  }
  return bytes;
}

const ASYMMETRIC = /^(RSA-OAEP|ECDH-ES)/;

/** Imports one key (a secret, a PEM or a JWK) for `alg` + `enc`. */
async function importOne(
  material: Exclude<KeyMaterial, { kind: 'jwks' }>,
  alg: KeyManagementAlgorithm,
  enc: ContentEncryptionAlgorithm,
  flags: EncryptionKeyFlags,
): Promise<JweKey> {
  switch (material.kind) {
    case 'secret':
      if (ASYMMETRIC.test(alg)) throw new UsageError(`${alg} needs a PEM key or a JWK, not a secret`);
      return importEncryptionKey(secretBytes(material.secret, secretEncodingFrom(flags['secret-encoding'], alg)), alg, enc);
    case 'pem':
      return importEncryptionKey(material.pem, alg, enc);
    case 'jwk':
      return importEncryptionKey(material.jwk as Record<string, unknown>, alg, enc);
  }
}

// A JWK's own "alg" binds it when --alg is not given; a JWS algorithm there is no encryption key.
function algorithmOf(jwk: JsonWebKey, given: KeyManagementAlgorithm | undefined): KeyManagementAlgorithm | undefined {
  return given ?? (isKeyManagement(jwk.alg) ? jwk.alg : undefined);
}

/** One key, bound to `--alg` (or the JWK's own `alg`) and `enc`. */
function importSingle(
  material: Exclude<KeyMaterial, { kind: 'jwks' }>,
  given: KeyManagementAlgorithm | undefined,
  enc: ContentEncryptionAlgorithm,
  flags: EncryptionKeyFlags,
): Promise<JweKey> {
  const alg = material.kind === 'jwk' ? algorithmOf(material.jwk, given) : given;
  if (alg === undefined) {
    // Deno's Web Crypto exports EC keys with alg "ECDH", which names no JOSE algorithm.
    const jwkWhat = material.kind === 'jwk' && material.jwk.alg !== undefined ? 'a JWK whose "alg" is not a key management algorithm' : 'a JWK without "alg"';
    const what = material.kind === 'jwk' ? jwkWhat : material.kind === 'pem' ? 'a PEM key' : 'a secret';
    throw new UsageError(`--alg is required with ${what} (the algorithm is never taken from the token)`);
  }
  return importOne(material, alg, enc, flags);
}

async function loadMaterial(flags: EncryptionKeyFlags, io: CliIo): Promise<KeyMaterial> {
  const material = await readKeyMaterial(flags, io);
  if (material === undefined) throw new UsageError('A key is required: --key <file> or --key-env <VAR>');
  if (material.kind !== 'secret' && flags['secret-encoding'] !== undefined) throw new UsageError('--secret-encoding applies to secrets only');
  return material;
}

/** The key to encrypt with: a secret, a password, or the recipient's public PEM or JWK. */
export async function loadEncryptionKey(flags: EncryptionKeyFlags, io: CliIo): Promise<JweKey> {
  const enc = contentEncryptionFrom(flags.enc);
  const given = keyManagementFrom(flags.alg);
  const material = await loadMaterial(flags, io);
  if (material.kind === 'jwks') throw new UsageError('A JWKS holds several keys; encrypt with a single key');
  const key = await importSingle(material, given, enc, flags);
  if (key.type === 'private') throw new JwtError('ERR_KEY_INVALID', 'A private key does not encrypt; use its public key');
  return key;
}

const kidOf = (jwk: JsonWebKey): unknown => (jwk as { kid?: unknown }).kid;

/** A JWKS entry that may serve a token with this header, whatever algorithm it is bound to. */
function mayServe(jwk: JsonWebKey, header: JweHeader): boolean {
  const use = (jwk as { use?: unknown }).use;
  return (use === undefined || use === 'enc') && (header.kid === undefined || kidOf(jwk) === header.kid);
}

/**
 * Why no key fits when, without `--alg`, an entry that would fit names no JOSE algorithm: no "alg"
 * at all, or Web Crypto's "ECDH" (as Deno exports EC keys) for a token of the ECDH-ES family. The
 * token's `alg` is only suggested (it was checked to be a known algorithm); the user decides.
 */
function unboundEntry(keys: readonly JsonWebKey[], header: JweHeader): UsageError | undefined {
  const ecdh = header.alg.startsWith('ECDH-ES');
  const entry = keys.find((jwk) => mayServe(jwk, header) && (jwk.alg === undefined || (ecdh && jwk.alg === 'ECDH')));
  if (entry === undefined) return undefined;
  const kid = kidOf(entry);
  const which = typeof kid === 'string' ? `The JWKS key with kid ${JSON.stringify(kid)}` : 'A JWKS key without kid';
  const why = entry.alg === undefined
    ? 'has no "alg"'
    : 'has "alg": "ECDH" (Web Crypto\'s name for its key type, as Deno exports EC keys), which names no JOSE algorithm';
  return new UsageError(
    `${which} ${why}, so without --alg no key fits the token's algorithm ${header.alg}. If ${header.alg} is that key's algorithm, give --alg ${header.alg} (the algorithm is never taken from the token)`,
  );
}

/**
 * A resolver over a JWKS of decryption keys: the token's `kid` (when it has one) and `alg` pick the
 * key, which is then imported for its own `alg` (or `--alg`) and `--enc`. The header only chooses
 * among the keys given; it never decides what a key is bound to.
 */
function jwksResolver(keys: readonly JsonWebKey[], given: KeyManagementAlgorithm | undefined, enc: ContentEncryptionAlgorithm): JweKeyResolver {
  return async (header: JweHeader) => {
    const candidates = keys.filter((jwk) => mayServe(jwk, header) && algorithmOf(jwk, given) === header.alg);
    // A usage error (status 2), as for a single such JWK; the decrypt command unwraps it from the library's error.
    const unbound = candidates.length === 0 && given === undefined ? unboundEntry(keys, header) : undefined;
    if (unbound !== undefined) throw unbound;
    if (candidates.length !== 1) {
      throw new JwtError(
        'ERR_KEY_NOT_FOUND',
        candidates.length === 0 ? "No key in the JWKS has the token's kid and alg" : 'Several keys of the JWKS fit and the token has no kid',
      );
    }
    const jwk = candidates[0]!;
    return importEncryptionKey(jwk as Record<string, unknown>, algorithmOf(jwk, given)!, enc);
  };
}

/** The key to decrypt with: a secret, a password, a private PEM or JWK, or a JWKS of such keys. */
export async function loadDecryptionKey(flags: EncryptionKeyFlags, io: CliIo): Promise<JweKey | JweKeyResolver> {
  const enc = contentEncryptionFrom(flags.enc);
  const given = keyManagementFrom(flags.alg);
  const material = await loadMaterial(flags, io);
  if (material.kind === 'jwks') return jwksResolver(material.jwks.keys, given, enc);
  const key = await importSingle(material, given, enc, flags);
  if (key.type === 'public') throw new JwtError('ERR_KEY_INVALID', 'A public key cannot decrypt; use the private key');
  return key;
}
