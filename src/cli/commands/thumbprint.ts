/**
 * `webjwt thumbprint`: the RFC 7638 JWK thumbprint of a JWK, each key of a JWKS, or a PEM key.
 *
 * @module
 */
import { calculateJwkThumbprint, importKey } from '../../index.js';
import { type CliIo, readInput } from '../io.js';
import { algorithmsFrom, classifyKeyMaterial } from '../key-source.js';
import { onePositional, parseFlags } from '../parse.js';
import { UsageError } from '../usage-error.js';
import type { Command } from './command.js';

const HELP = `Usage: webjwt thumbprint <file | -> [--hash SHA-256|SHA-384|SHA-512] [--alg <alg>]

Prints the RFC 7638 thumbprint of a JWK. For a JWKS, prints "<thumbprint> <kid>" per key.
A PEM key needs --alg to be read. A private key's thumbprint equals its public key's.

Options:
  --hash <h>   SHA-256 (default), SHA-384 or SHA-512
  --alg <alg>  the algorithm of a PEM key
  -h, --help   show this help

Examples:
  webjwt thumbprint public.jwk.json
  curl -s https://idp.example/.well-known/jwks.json | webjwt thumbprint -
`;

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
        if (alg === undefined || rest.length > 0) throw new UsageError('--alg is required to read a PEM key');
        io.out(`${await calculateJwkThumbprint(await importKey(material.pem, alg, { extractable: true }), hash as Hash)}\n`);
        return 0;
      }
      case 'secret':
        throw new UsageError('Expected a JWK, a JWKS or a PEM key');
    }
  },
};
