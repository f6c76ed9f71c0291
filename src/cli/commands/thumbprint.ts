/**
 * `webjwt thumbprint`: the RFC 7638 JWK thumbprint of a JWK, each key of a JWKS, or a PEM key.
 *
 * @module
 */
/// <reference types="node" />
import { createPublicKey, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, importKey, JwtError } from '../../index.js';
import { type CliIo, readInput } from '../io.js';
import { algorithmsFrom, classifyKeyMaterial } from '../key-source.js';
import { onePositional, parseFlags } from '../parse.js';
import { UsageError } from '../usage-error.js';
import type { Command } from './command.js';

const HELP = `Usage: webjwt thumbprint <file | -> [--hash SHA-256|SHA-384|SHA-512] [--alg <alg>]

Prints the RFC 7638 thumbprint of a JWK, or of a PEM key (public, private or certificate).
For a JWKS, prints "<thumbprint> <kid>" per key. A thumbprint depends only on the key, not on
the algorithm it is used with; a private key's thumbprint equals its public key's.

Options:
  --hash <h>   SHA-256 (default), SHA-384 or SHA-512
  --alg <alg>  optional for a PEM key: also check that the key suits this algorithm
  -h, --help   show this help

Examples:
  webjwt thumbprint public.jwk.json
  webjwt thumbprint signing.private.pem
  curl -s https://idp.example/.well-known/jwks.json | webjwt thumbprint -
`;

/**
 * The public JWK of a PEM key, whatever its type: the PEM's own structure (SPKI, PKCS#8, PKCS#1 or
 * a certificate) names the key type, so no algorithm is needed. Node only, like the CLI.
 */
function publicJwkOfPem(pem: string): JsonWebKey {
  // PKCS#8 and legacy OpenSSL encryption; without this check OpenSSL would just fail to read it.
  if (/-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type: 4,ENCRYPTED/.test(pem)) {
    throw new JwtError('ERR_KEY_INVALID', 'The PEM key is encrypted; decrypt it first');
  }
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch (cause) {
    throw new JwtError('ERR_KEY_INVALID', 'The PEM key cannot be read', { cause });
  }
  try {
    return key.export({ format: 'jwk' });
  } catch (cause) {
    throw new JwtError('ERR_KEY_INVALID', `A ${key.asymmetricKeyType ?? 'PEM'} key has no JWK form, so no RFC 7638 thumbprint`, { cause });
  }
}

const HASHES = ['SHA-256', 'SHA-384', 'SHA-512'] as const;
type Hash = (typeof HASHES)[number];

/** The `thumbprint` command. */
export const thumbprintCommand: Command = {
  name: 'thumbprint',
  summary: 'print the RFC 7638 thumbprint of a JWK, JWKS or PEM key',
  help: HELP,
  async run(argv: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseFlags(argv, { hash: { type: 'string' }, alg: { type: 'string' } });
    const source = onePositional(positionals, 'file');
    if (source === undefined) throw new UsageError('A JWK file is required (or `-` to read it from stdin)');
    const hash = (values.hash ?? 'SHA-256').toUpperCase();
    if (!(HASHES as readonly string[]).includes(hash)) throw new UsageError('--hash must be SHA-256, SHA-384 or SHA-512');

    const material = classifyKeyMaterial(await readInput(source, io));
    switch (material.kind) {
      case 'jwk':
        io.out(`${await calculateJwkThumbprint(material.jwk, hash as Hash)}\n`);
        return 0;
      case 'jwks':
        for (const jwk of material.jwks.keys) {
          const kid = (jwk as { kid?: unknown }).kid;
          io.out(`${await calculateJwkThumbprint(jwk, hash as Hash)}${typeof kid === 'string' ? ` ${kid}` : ''}\n`);
        }
        return 0;
      case 'pem': {
        const [alg, ...rest] = algorithmsFrom(values.alg === undefined ? undefined : [values.alg]);
        if (rest.length > 0) throw new UsageError('--alg takes one algorithm');
        const key = alg === undefined ? publicJwkOfPem(material.pem) : await importKey(material.pem, alg, { extractable: true });
        io.out(`${await calculateJwkThumbprint(key, hash as Hash)}\n`);
        return 0;
      }
      case 'secret':
        throw new UsageError('Expected a JWK, a JWKS or a PEM key');
    }
  },
};
