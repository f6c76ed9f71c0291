/**
 * `webjwt sign`: makes a token from claims given as JSON and as flags, for tests and scripts.
 *
 * @module
 */
import { sign, type SignOptions } from '../../index.js';
import { CLAIM_FLAGS, CLAIM_FLAGS_HELP, claimOptions, claimsFromFlags } from '../claim-flags.js';
import type { CliIo } from '../io.js';
import { KEY_HELP, KEY_OPTIONS, loadSigningKey } from '../key-source.js';
import { CLAIM_FLAG_ALIASES, parseFlags, parseJsonObjectFlag } from '../parse.js';
import { UsageError } from '../usage-error.js';
import type { Command } from './command.js';

const HELP = `Usage: webjwt sign (--key <file> | --key-env <VAR>) [--alg <alg>] [claims] [options]

Signs a JWT and prints it. Claims come from --claims (JSON), then --claim flags, then the
registered-claim flags, each overriding the one before.

${KEY_HELP}

Claims:
${CLAIM_FLAGS_HELP}

Header:
  --kid <id>               sets kid (defaults to the key's kid)
  --typ <typ>              sets typ (default JWT)
  --header <json>          extra protected header members

  -h, --help               show this help

Examples:
  webjwt sign --key-env JWT_SECRET --alg HS256 --sub user-1 --exp 15m
  webjwt sign --key private.pem --alg ES256 --claims '{"role":"admin"}' --aud api --jti random
`;

/** The `sign` command. */
export const signCommand: Command = {
  name: 'sign',
  summary: 'sign a token from JSON claims and flags',
  help: HELP,
  async run(argv: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseFlags(argv, {
      ...KEY_OPTIONS,
      ...CLAIM_FLAGS,
      kid: { type: 'string' },
      typ: { type: 'string' },
      header: { type: 'string' },
    }, CLAIM_FLAG_ALIASES);
    if (positionals.length > 0) throw new UsageError(`Unexpected argument ${JSON.stringify(positionals[0])}`);
    const key = await loadSigningKey(values, io);

    const payload = await claimsFromFlags(values, io);
    const options: SignOptions = {
      ...claimOptions(values),
      ...(values.kid === undefined ? {} : { kid: values.kid }),
      ...(values.typ === undefined ? {} : { typ: values.typ }),
      ...(values.header === undefined ? {} : { header: parseJsonObjectFlag(values.header, '--header') }),
    };
    io.out(`${await sign(payload, key, options)}\n`);
    return 0;
  },
};
