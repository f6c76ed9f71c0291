/**
 * `webjwt keygen`: a new HMAC secret or key pair for any algorithm, as JWK, PEM or (for HMAC) a
 * text secret; for an encryption (JWE) algorithm with `--enc`, a secret or key pair the same way.
 * Private keys written to files get mode 0600 and never overwrite an existing file.
 *
 * @module
 */
/// <reference types="node" />
import { rm } from 'node:fs/promises';
import {
  type Algorithm,
  ALGORITHMS,
  calculateJwkThumbprint,
  CONTENT_ENCRYPTION_ALGORITHMS,
  encodeBase64url,
  exportJwk,
  exportPem,
  generateKeyPair,
  generateSecret,
  isAlgorithm,
  KEY_MANAGEMENT_ALGORITHMS,
  type KeyManagementAlgorithm,
} from '../../index.js';
import { contentEncryptionFrom, keyManagementFrom } from '../encryption-key-source.js';
import { curveFlag, encryptionKeyPair, encryptionSecret, isEncryptionPairAlgorithm } from '../encryption-keygen.js';
import { type CliIo, writeNewFile } from '../io.js';
import { closestName } from '../../lib/closest-name.js';
import { onePositional, parseFlags } from '../parse.js';
import { UsageError } from '../usage-error.js';
import type { Command } from './command.js';

const HELP = `Usage: webjwt keygen <alg> [--enc <enc>] [--format jwk|pem|secret] [--kid <id>] [--out <file>]

Generates an HMAC secret (HS256/384/512) or a key pair (any other algorithm) and prints it,
or writes it with --out. For encryption (JWE), give a key management algorithm and --enc:
a secret for dir, A*KW, A*GCMKW and PBES2, a key pair for RSA-OAEP and ECDH-ES.

Algorithms: ${ALGORITHMS.join(', ')}
Encryption: ${KEY_MANAGEMENT_ALGORITHMS.join(', ')}

Options:
  --format <f>          jwk (default), pem (key pairs), or secret (HMAC and encryption secrets:
                          random base64url text usable with --key-env)
  --kid <id>            key ID for JWK output; key pairs default to the RFC 7638 thumbprint
  --modulus-length <n>  RSA modulus in bits, 2048 to 16384 (default 2048; 3072 and 4096 are common)
  --enc <enc>           encryption only, required: ${CONTENT_ENCRYPTION_ALGORITHMS.join(', ')}
  --crv <curve>         ECDH-ES only: P-256 (default), P-384, P-521 or X25519
  --out <file>          write to files instead of printing; existing files are never overwritten:
                          HMAC secret: exactly <file> (mode 0600)
                          key pair:    <name>.private.<ext> (mode 0600) and <name>.public.<ext>,
                                       where <name> is <file> without a final .pem, .json or .jwk.json
                                       and <ext> is pem or jwk.json
  -h, --help            show this help

Examples:
  webjwt keygen HS256 --format secret --out secret.txt      # writes secret.txt
  webjwt keygen ES256 --format pem --out signing            # signing.private.pem, signing.public.pem
  webjwt keygen RS256 --out rsa.jwk.json                    # rsa.private.jwk.json, rsa.public.jwk.json
  webjwt keygen dir --enc A256GCM --format secret           # a 32-byte content key, base64url
  webjwt keygen ECDH-ES+A256KW --enc A256GCM --crv X25519 --out recipient
`;

const HMAC = new Set<Algorithm>(['HS256', 'HS384', 'HS512']);
const SECRET_BYTES: Readonly<Record<string, number>> = { HS256: 32, HS384: 48, HS512: 64 };

const writeNew = (path: string, text: string, mode: number): Promise<void> => writeNewFile(path, text, mode, 'keygen');

/**
 * The two files of a key pair written with `--out <file>`: `<name>.private.<ext>` and
 * `<name>.public.<ext>`, where `<name>` drops an extension the user may have typed
 * (`--out signing.pem` is `signing.private.pem`, not `signing.pem.private.pem`).
 */
export function pairPaths(out: string, ext: string): { privatePath: string; publicPath: string } {
  const name = out.replace(/(\.(private|public))?(\.jwk\.json|\.json|\.jwk|\.pem)?$/i, '');
  if (name === '' || /[\\/]$/.test(name)) throw new UsageError('--out needs a file name, such as --out signing');
  return { privatePath: `${name}.private.${ext}`, publicPath: `${name}.public.${ext}` };
}

/** Writes both halves of a pair, or neither: a half-written pair would be worse than none. */
async function writePair(paths: { privatePath: string; publicPath: string }, privateText: string, publicText: string): Promise<void> {
  await writeNew(paths.privatePath, privateText, 0o600);
  try {
    await writeNew(paths.publicPath, publicText, 0o644);
  } catch (err) {
    await rm(paths.privatePath, { force: true });
    throw err;
  }
}

const MIN_RSA_BITS = 2048;
// OpenSSL's upper bound; larger sizes would only make keygen run for minutes.
const MAX_RSA_BITS = 16384;

function modulusLengthFlag(text: string | undefined, alg: Algorithm | KeyManagementAlgorithm): number | undefined {
  if (text === undefined) return undefined;
  if (!alg.startsWith('RS') && !alg.startsWith('PS')) throw new UsageError(`--modulus-length applies to RSA keys only, not ${alg}`);
  const bits = /^\d{1,6}$/.test(text) ? Number(text) : Number.NaN;
  if (!(bits >= MIN_RSA_BITS && bits <= MAX_RSA_BITS)) {
    throw new UsageError(`--modulus-length must be a number of bits from ${MIN_RSA_BITS} to ${MAX_RSA_BITS} (got ${JSON.stringify(text)})`);
  }
  return bits;
}

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;
const line = (text: string): string => (text.endsWith('\n') ? text : `${text}\n`);

async function keygenSecret(alg: Algorithm, format: string, kid: string | undefined): Promise<{ secret: string }> {
  if (format === 'pem') throw new UsageError('An HMAC secret has no PEM form; use --format jwk or --format secret');
  if (format === 'secret') {
    // As many random bytes as the hash output (RFC 7518 section 3.2); the base64url text is longer still.
    return { secret: `${encodeBase64url(crypto.getRandomValues(new Uint8Array(SECRET_BYTES[alg]!)))}\n` };
  }
  const key = await generateSecret(alg as 'HS256' | 'HS384' | 'HS512', { extractable: true, ...(kid === undefined ? {} : { kid }) });
  return { secret: json(await exportJwk(key)) };
}

async function keygenPair(
  alg: Algorithm,
  format: string,
  kid: string | undefined,
  modulusLength: number | undefined,
): Promise<{ privateText: string; publicText: string }> {
  if (format === 'secret') throw new UsageError(`${alg} uses a key pair; use --format jwk or --format pem`);
  const { privateKey, publicKey } = await generateKeyPair(alg, {
    extractable: true,
    ...(modulusLength === undefined ? {} : { modulusLength }),
  });
  if (format === 'pem') return { privateText: await exportPem(privateKey), publicText: await exportPem(publicKey) };
  const publicJwk = await exportJwk(publicKey);
  const keyId = kid ?? (await calculateJwkThumbprint(publicJwk));
  return {
    privateText: json({ ...(await exportJwk(privateKey)), kid: keyId }),
    publicText: json({ ...publicJwk, kid: keyId }),
  };
}

/** The `keygen` command. */
export const keygenCommand: Command = {
  name: 'keygen',
  summary: 'generate a signing or encryption key: a secret or a key pair, as JWK or PEM',
  help: HELP,
  async run(argv: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseFlags(argv, {
      format: { type: 'string' },
      kid: { type: 'string' },
      'modulus-length': { type: 'string' },
      out: { type: 'string' },
      enc: { type: 'string' },
      crv: { type: 'string' },
    });
    const alg = onePositional(positionals, 'algorithm');
    if (alg === undefined) throw new UsageError('An algorithm is required, e.g. `webjwt keygen ES256`');
    if (!isAlgorithm(alg) && !(KEY_MANAGEMENT_ALGORITHMS as readonly string[]).includes(alg)) {
      const nearest = closestName(alg, [...ALGORITHMS, ...KEY_MANAGEMENT_ALGORITHMS]);
      throw new UsageError(`Unknown algorithm ${JSON.stringify(alg)}${nearest === undefined ? '' : ` (did you mean ${nearest}?)`}`);
    }
    const format = values.format ?? 'jwk';
    if (!['jwk', 'pem', 'secret'].includes(format)) throw new UsageError('--format must be jwk, pem or secret');
    if (values.kid !== undefined && format !== 'jwk') throw new UsageError(`--kid applies to JWK output only, not --format ${format}`);
    if (!isAlgorithm(alg)) return keygenEncryption(keyManagementFrom(alg)!, format, values, io);
    if (values.enc !== undefined) throw new UsageError(`--enc applies to encryption (JWE) algorithms only, not ${alg}`);
    if (values.crv !== undefined) throw new UsageError(`--crv applies to ECDH-ES keys only, not ${alg}`);
    const modulusLength = modulusLengthFlag(values['modulus-length'], alg);

    if (HMAC.has(alg)) {
      const { secret } = await keygenSecret(alg, format, values.kid);
      await emitSecret(secret, values.out, io);
      return 0;
    }
    // Named before generating, so a bad --out fails fast, even for a slow RSA key.
    const paths = values.out === undefined ? undefined : pairPaths(values.out, format === 'pem' ? 'pem' : 'jwk.json');
    await emitPair(await keygenPair(alg, format, values.kid, modulusLength), format, paths, io);
    return 0;
  },
};

async function emitSecret(secret: string, out: string | undefined, io: CliIo): Promise<void> {
  if (out === undefined) io.out(secret);
  else {
    await writeNew(out, secret, 0o600);
    io.err(`Wrote ${out}\n`);
  }
}

async function emitPair(
  { privateText, publicText }: { privateText: string; publicText: string },
  format: string,
  paths: { privatePath: string; publicPath: string } | undefined,
  io: CliIo,
): Promise<void> {
  if (paths === undefined) {
    io.out(format === 'pem' ? line(privateText) + line(publicText) : json({ privateKey: JSON.parse(privateText), publicKey: JSON.parse(publicText) }));
  } else {
    await writePair(paths, line(privateText), line(publicText));
    io.err(`Wrote ${paths.privatePath} (private key) and ${paths.publicPath} (public key)\n`);
  }
}

/** An encryption (JWE) key: `alg` is a key management algorithm, bound with `--enc`. */
async function keygenEncryption(
  alg: KeyManagementAlgorithm,
  format: string,
  values: { kid?: string | undefined; 'modulus-length'?: string | undefined; out?: string | undefined; enc?: string | undefined; crv?: string | undefined },
  io: CliIo,
): Promise<number> {
  const enc = contentEncryptionFrom(values.enc);
  const crv = curveFlag(values.crv, alg);
  if (!isEncryptionPairAlgorithm(alg)) {
    if (values['modulus-length'] !== undefined) throw new UsageError(`--modulus-length applies to RSA keys only, not ${alg}`);
    const { secret } = await encryptionSecret(alg, enc, format, values.kid);
    await emitSecret(secret, values.out, io);
    return 0;
  }
  const modulusLength = modulusLengthFlag(values['modulus-length'], alg);
  const paths = values.out === undefined ? undefined : pairPaths(values.out, format === 'pem' ? 'pem' : 'jwk.json');
  const options = { ...(modulusLength === undefined ? {} : { modulusLength }), ...(crv === undefined ? {} : { crv }) };
  await emitPair(await encryptionKeyPair(alg, enc, format, values.kid, options), format, paths, io);
  return 0;
}
