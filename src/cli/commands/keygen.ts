/**
 * `webjwt keygen`: a new HMAC secret or key pair for any algorithm, as JWK, PEM or (for HMAC) a
 * text secret. Private keys written to files get mode 0600 and never overwrite an existing file.
 *
 * @module
 */
/// <reference types="node" />
import { writeFile } from 'node:fs/promises';
import {
  type Algorithm,
  ALGORITHMS,
  calculateJwkThumbprint,
  encodeBase64url,
  exportJwk,
  exportPem,
  generateKeyPair,
  generateSecret,
  isAlgorithm,
} from '../../index.js';
import type { CliIo } from '../io.js';
import { onePositional, parseFlags } from '../parse.js';
import { UsageError } from '../usage-error.js';
import type { Command } from './command.js';

const HELP = `Usage: webjwt keygen <alg> [--format jwk|pem|secret] [--kid <id>] [--out <basename>]

Generates an HMAC secret (HS256/384/512) or a key pair (any other algorithm).

Algorithms: ${ALGORITHMS.join(', ')}

Options:
  --format <f>          jwk (default), pem (key pairs), or secret (HMAC: random text usable with --key-env)
  --kid <id>            key ID for JWK output; key pairs default to the RFC 7638 thumbprint
  --modulus-length <n>  RSA modulus in bits (2048, 3072 or 4096; default 2048)
  --out <basename>      write <basename>.private.<ext> (mode 0600) and <basename>.public.<ext>
                        instead of printing; existing files are never overwritten
  -h, --help            show this help

Examples:
  webjwt keygen HS256 --format secret
  webjwt keygen ES256 --format pem --out signing-key
`;

const HMAC = new Set<Algorithm>(['HS256', 'HS384', 'HS512']);
const SECRET_BYTES: Readonly<Record<string, number>> = { HS256: 32, HS384: 48, HS512: 64 };

async function writeNew(path: string, text: string, mode: number): Promise<void> {
  try {
    await writeFile(path, text, { mode, flag: 'wx' });
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code ?? 'error';
    throw new UsageError(`Cannot write ${path} (${code})`);
  }
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
  summary: 'generate an HMAC secret or a key pair, as JWK or PEM',
  help: HELP,
  async run(argv: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseFlags(argv, {
      format: { type: 'string' },
      kid: { type: 'string' },
      'modulus-length': { type: 'string' },
      out: { type: 'string' },
    });
    const alg = onePositional(positionals, 'algorithm');
    if (alg === undefined) throw new UsageError('An algorithm is required, e.g. `webjwt keygen ES256`');
    if (!isAlgorithm(alg)) throw new UsageError(`Unknown algorithm ${JSON.stringify(alg)}`);
    const format = values.format ?? 'jwk';
    if (!['jwk', 'pem', 'secret'].includes(format)) throw new UsageError('--format must be jwk, pem or secret');
    const modulus = values['modulus-length'];
    if (modulus !== undefined && !/^\d+$/.test(modulus)) throw new UsageError('--modulus-length must be a number of bits');
    const ext = format === 'pem' ? 'pem' : format === 'secret' ? 'txt' : 'jwk.json';

    if (HMAC.has(alg)) {
      const { secret } = await keygenSecret(alg, format, values.kid);
      if (values.out === undefined) io.out(secret);
      else await writeNew(`${values.out}.secret.${ext}`, secret, 0o600);
      return 0;
    }
    const { privateText, publicText } = await keygenPair(alg, format, values.kid, modulus === undefined ? undefined : Number(modulus));
    if (values.out === undefined) {
      io.out(format === 'pem' ? line(privateText) + line(publicText) : json({ privateKey: JSON.parse(privateText), publicKey: JSON.parse(publicText) }));
    } else {
      await writeNew(`${values.out}.private.${ext}`, line(privateText), 0o600);
      await writeNew(`${values.out}.public.${ext}`, line(publicText), 0o644);
      io.err(`Wrote ${values.out}.private.${ext} and ${values.out}.public.${ext}\n`);
    }
    return 0;
  },
};
