/**
 * `webjwt encrypt`: makes an encrypted token (JWE) from claims given as JSON and as flags, or from
 * any content with `--plaintext`, with a key bound to `--alg` and `--enc`. With `--sign-key` the
 * claims are signed first (a nested JWT).
 *
 * @module
 */
import { encrypt, encryptCompact, type EncryptCompactOptions, type SignOptions, signThenEncrypt } from '../../index.js';
import { CLAIM_FLAGS, CLAIM_FLAGS_HELP, claimOptions, claimsFromFlags, hasClaimFlags } from '../claim-flags.js';
import { ENCRYPTION_KEY_HELP, ENCRYPTION_KEY_OPTIONS, loadEncryptionKey } from '../encryption-key-source.js';
import { type CliIo, readBytesFile } from '../io.js';
import { loadSigningKey, renamingKeyFlags } from '../key-source.js';
import { CLAIM_FLAG_ALIASES, parseFlags, parseJsonObjectFlag } from '../parse.js';
import { UsageError } from '../usage-error.js';
import type { Command } from './command.js';

const HELP = `Usage: webjwt encrypt (--key <file> | --key-env <VAR>) --alg <alg> --enc <enc> [claims | --plaintext <content>] [options]

Encrypts a JWT claims set as a compact JWE and prints it. Claims come from --claims (JSON), then
--claim flags, then the registered-claim flags, each overriding the one before.

Encryption is not a signature: whoever holds the encryption key (for RSA-OAEP and ECDH-ES, anyone
with the public key) can make such a token. --sign-key signs the claims first (a nested JWT).

${ENCRYPTION_KEY_HELP}

Claims:
${CLAIM_FLAGS_HELP}

Content other than claims:
  --plaintext <text|@file|->  encrypt this as it is: text, a file's exact bytes, or stdin (text)

Nested JWT (signed, then encrypted; cty "JWT"):
  --sign-key <file>        sign the claims with this key (PEM, JWK or secret) first
  --sign-key-env <VAR>     the same, from an environment variable
  --sign-alg <alg>         the signature algorithm; required unless the JWK has "alg"

Header:
  --kid <id>               sets kid (defaults to the key's kid)
  --typ <typ>              sets typ (default JWT for claims, none for --plaintext)
  --cty <type>             sets cty, the media type of the content (nested tokens: always JWT)
  --header <json>          extra protected header members
  --compress               compress before encrypting (zip "DEF"); the recipient must allow it.
                           Do not compress secrets next to text an attacker chooses: the length leaks them
  --p2c <n>                PBES2 only: the iteration count (at least 1000)

  -h, --help               show this help

Examples:
  webjwt keygen dir --enc A256GCM --format secret > session.key
  webjwt encrypt --key session.key --alg dir --enc A256GCM --sub user-1 --exp 1h
  webjwt encrypt --key recipient.public.jwk.json --enc A256GCM --claims '{"email":"ada@example.com"}' \\
    --sign-key issuer.private.pem --sign-alg ES256 --iss https://auth.example --exp 15m
  webjwt encrypt --key-env PASSWORD --alg PBES2-HS256+A128KW --enc A128GCM --plaintext @notes.txt
`;

async function plaintextFrom(source: string, io: CliIo): Promise<Uint8Array | string> {
  if (source === '-') return io.readStdin();
  if (source.startsWith('@')) return readBytesFile(source.slice(1));
  return source;
}

function p2cFlag(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d{1,10}$/.test(text)) throw new UsageError(`--p2c must be a whole number (got ${JSON.stringify(text)})`);
  return Number(text);
}

/** The `encrypt` command. */
export const encryptCommand: Command = {
  name: 'encrypt',
  summary: 'encrypt claims (or any content) as a JWE, optionally signed first',
  help: HELP,
  async run(argv: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseFlags(argv, {
      ...ENCRYPTION_KEY_OPTIONS,
      ...CLAIM_FLAGS,
      plaintext: { type: 'string' },
      'sign-key': { type: 'string' },
      'sign-key-env': { type: 'string' },
      'sign-alg': { type: 'string', multiple: true },
      kid: { type: 'string' },
      typ: { type: 'string' },
      cty: { type: 'string' },
      header: { type: 'string' },
      compress: { type: 'boolean' },
      p2c: { type: 'string' },
    }, CLAIM_FLAG_ALIASES);
    if (positionals.length > 0) throw new UsageError(`Unexpected argument ${JSON.stringify(positionals[0])}`);
    const signFlags = { key: values['sign-key'], 'key-env': values['sign-key-env'], alg: values['sign-alg'] };
    const nested = Object.values(signFlags).some((value) => value !== undefined);
    if (values.plaintext !== undefined && (hasClaimFlags(values) || nested)) {
      throw new UsageError('--plaintext encrypts content as it is: it takes no claim flags and no --sign-key');
    }
    if (nested && values.cty !== undefined && values.cty !== 'JWT') throw new UsageError('A nested token always has cty "JWT"');

    const key = await loadEncryptionKey(values, io);
    const signingKey = nested ? await loadSigningKey(signFlags, io).catch(renamingKeyFlags('sign')) : undefined;
    const p2c = p2cFlag(values.p2c);
    const header: EncryptCompactOptions = {
      ...(values.kid === undefined ? {} : { kid: values.kid }),
      ...(values.typ === undefined ? {} : { typ: values.typ }),
      ...(values.cty === undefined ? {} : { cty: values.cty }),
      ...(values.header === undefined ? {} : { header: parseJsonObjectFlag(values.header, '--header') }),
      ...(values.compress === true ? { compress: true } : {}),
      ...(p2c === undefined ? {} : { p2c }),
    };

    let token: string;
    if (values.plaintext !== undefined) {
      token = await encryptCompact(await plaintextFrom(values.plaintext, io), key, header);
    } else if (signingKey !== undefined) {
      const { cty: _cty, ...encryptOptions } = header;
      const signOptions: SignOptions = claimOptions(values);
      token = await signThenEncrypt(await claimsFromFlags(values, io), signingKey, key, { sign: signOptions, encrypt: encryptOptions });
    } else {
      token = await encrypt(await claimsFromFlags(values, io), key, { ...claimOptions(values), ...header });
    }
    io.out(`${token}\n`);
    return 0;
  },
};
