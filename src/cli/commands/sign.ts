/**
 * `webjwt sign`: makes a token from claims given as JSON and as flags, for tests and scripts.
 *
 * @module
 */
import { sign, type SignOptions } from '../../index.js';
import { type CliIo, readInput } from '../io.js';
import { KEY_HELP, KEY_OPTIONS, loadSigningKey } from '../key-source.js';
import { CLAIM_FLAG_ALIASES, parseFlags, parseJsonObjectFlag } from '../parse.js';
import { UsageError } from '../usage-error.js';
import type { Command } from './command.js';

const HELP = `Usage: webjwt sign (--key <file> | --key-env <VAR>) [--alg <alg>] [claims] [options]

Signs a JWT and prints it. Claims come from --claims (JSON), then --claim flags, then the
registered-claim flags, each overriding the one before.

${KEY_HELP}

Claims:
  --claims <json|@file|->  a JSON object of claims (inline, from a file, or from stdin)
  --claim <name=value>     one claim; the value is parsed as JSON when it can be, else kept as a string
  --sub <subject>          sets sub (also --subject)
  --iss <issuer>           sets iss (also --issuer)
  --aud <audience>         sets aud (repeat for several; also --audience)
  --exp <duration>         lifetime, e.g. 15m, 2h, 7d or seconds; sets exp
  --nbf <duration>         delay before the token is valid; sets nbf
  --jti <id | random>      sets jti ("random" makes a UUID)
  --no-iat                 leave out iat

Header:
  --kid <id>               sets kid (defaults to the key's kid)
  --typ <typ>              sets typ (default JWT)
  --header <json>          extra protected header members

  -h, --help               show this help

Examples:
  webjwt sign --key-env JWT_SECRET --alg HS256 --sub user-1 --exp 15m
  webjwt sign --key private.pem --alg ES256 --claims '{"role":"admin"}' --aud api --jti random
`;

async function readClaimsJson(source: string, io: CliIo): Promise<Record<string, unknown>> {
  const text = source === '-' || source.startsWith('@') ? await readInput(source === '-' ? '-' : source.slice(1), io) : source;
  return parseJsonObjectFlag(text, '--claims');
}

function parseClaimFlag(flag: string): [string, unknown] {
  const eq = flag.indexOf('=');
  if (eq <= 0) throw new UsageError(`--claim must be name=value, got ${JSON.stringify(flag)}`);
  const text = flag.slice(eq + 1);
  try {
    return [flag.slice(0, eq), JSON.parse(text)];
  } catch {
    return [flag.slice(0, eq), text];
  }
}

const duration = (text: string): number | string => (/^\d+$/.test(text) ? Number(text) : text);

/** The `sign` command. */
export const signCommand: Command = {
  name: 'sign',
  summary: 'sign a token from JSON claims and flags',
  help: HELP,
  async run(argv: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseFlags(argv, {
      ...KEY_OPTIONS,
      claims: { type: 'string' },
      claim: { type: 'string', multiple: true },
      sub: { type: 'string' },
      iss: { type: 'string' },
      aud: { type: 'string', multiple: true },
      exp: { type: 'string' },
      nbf: { type: 'string' },
      jti: { type: 'string' },
      'no-iat': { type: 'boolean' },
      kid: { type: 'string' },
      typ: { type: 'string' },
      header: { type: 'string' },
    }, CLAIM_FLAG_ALIASES);
    if (positionals.length > 0) throw new UsageError(`Unexpected argument ${JSON.stringify(positionals[0])}`);
    const key = await loadSigningKey(values, io);

    const payload = values.claims === undefined ? {} : await readClaimsJson(values.claims, io);
    for (const flag of values.claim ?? []) {
      const [name, value] = parseClaimFlag(flag);
      payload[name] = value;
    }
    const aud = values.aud;
    const options: SignOptions = {
      ...(values.sub === undefined ? {} : { subject: values.sub }),
      ...(values.iss === undefined ? {} : { issuer: values.iss }),
      ...(aud === undefined ? {} : { audience: aud.length === 1 ? aud[0]! : aud }),
      ...(values.exp === undefined ? {} : { expiresIn: duration(values.exp) }),
      ...(values.nbf === undefined ? {} : { notBefore: duration(values.nbf) }),
      ...(values.jti === undefined ? {} : { jwtId: values.jti === 'random' ? true : values.jti }),
      ...(values['no-iat'] === true ? { iat: false } : {}),
      ...(values.kid === undefined ? {} : { kid: values.kid }),
      ...(values.typ === undefined ? {} : { typ: values.typ }),
      ...(values.header === undefined ? {} : { header: parseJsonObjectFlag(values.header, '--header') }),
    };
    io.out(`${await sign(payload, key, options)}\n`);
    return 0;
  },
};
