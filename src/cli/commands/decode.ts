/**
 * `webjwt decode`: shows a token's header, payload and signature, with human dates for the time
 * claims. It verifies nothing, and says so. An encrypted token (JWE) is recognised: its header is
 * shown, and the word that its payload needs the key (`webjwt decrypt`).
 *
 * @module
 */
import { decodeBase64url, decodeUnverified } from '../../index.js';
import { palette } from '../color.js';
import { type CliIo, readToken } from '../io.js';
import { looksLikeJwe, outlineJwe } from '../jwe-token.js';
import { onePositional, parseFlags } from '../parse.js';
import { describeNumericDate, TIME_CLAIMS } from '../time-format.js';
import type { Command } from './command.js';

const HELP = `Usage: webjwt decode [--json] <token | ->

Prints the header, the payload and the signature of a token WITHOUT verifying it.
Time claims (iat, nbf, exp, auth_time) are shown as dates relative to now.

An encrypted token (JWE, five segments) cannot be decoded without its key: decode shows its
header, which is not encrypted, and the sizes of its parts; \`webjwt decrypt\` reads the rest.

Options:
  --json      print {"header", "payload", "signature"} as JSON
              (for a JWE: {"encrypted": true, "header", "sizes", "message"})
  -h, --help  show this help

Examples:
  webjwt decode eyJhbGciOi...
  pbpaste | webjwt decode -
`;

const pretty = (value: unknown): string => JSON.stringify(value, null, 2);

const JWE_MESSAGE = 'This is an encrypted token (JWE): its payload cannot be decoded without the key.';

/** A JWE: what can be read without the key, and how to read the rest. */
function decodeEncrypted(token: string, json: boolean, io: CliIo): number {
  const { header, sizes } = outlineJwe(token);
  if (json) {
    io.out(`${pretty({ encrypted: true, header, sizes, message: JWE_MESSAGE })}\n`);
    return 0;
  }
  const c = palette(io.color);
  // Only algorithm-like names reach the hint: the header is the token's, and could hold escape codes.
  const name = (value: unknown, placeholder: string) => (typeof value === 'string' && /^[\w+-]{1,32}$/.test(value) ? value : placeholder);
  const alg = name(header.alg, '<alg>');
  const enc = name(header.enc, '<enc>');
  io.out(
    [
      c.warn(JWE_MESSAGE),
      `Decrypt it with the key: webjwt decrypt <token | -> --key <file> --alg ${alg} --enc ${enc}`,
      '',
      c.header('Header (not encrypted)'),
      c.header(pretty(header)),
      '',
      c.dim(`Encrypted key ${sizes.encryptedKey} bytes, IV ${sizes.iv} bytes, ciphertext ${sizes.ciphertext} bytes, tag ${sizes.tag} bytes`),
      '',
    ].join('\n'),
  );
  return 0;
}

/** The `decode` command. */
export const decodeCommand: Command = {
  name: 'decode',
  summary: 'show the header, payload and signature of a token (does not verify)',
  help: HELP,
  async run(argv: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseFlags(argv, { json: { type: 'boolean' } });
    const token = await readToken(onePositional(positionals, 'token'), io);
    if (looksLikeJwe(token)) return decodeEncrypted(token, values.json === true, io);
    const { header, payload } = decodeUnverified(token);
    const signature = token.split('.')[2] ?? '';
    if (values.json === true) {
      io.out(`${pretty({ header, payload, signature })}\n`);
      return 0;
    }

    const c = palette(io.color);
    const [h = '', p = ''] = token.split('.');
    const lines: string[] = [];
    if (io.color) lines.push(`${c.header(h)}.${c.payload(p)}.${c.signature(signature)}`, '');
    lines.push(c.header('Header'), c.header(pretty(header)), '');
    lines.push(c.payload('Payload'), c.payload(pretty(payload)));
    const now = Math.floor(Date.now() / 1000);
    const dates = TIME_CLAIMS.flatMap((claim) => {
      const described = describeNumericDate(payload[claim], now);
      return described === undefined ? [] : [`  ${claim.padEnd(9)} ${described}`];
    });
    if (dates.length > 0) lines.push(c.dim(dates.join('\n')));
    const bytes = decodeBase64url(signature)?.length ?? 0;
    lines.push('', c.signature(`Signature (${bytes} bytes)`), c.signature(signature), '');
    lines.push(c.warn('Not verified: use `webjwt verify` before trusting any of this.'), '');
    io.out(lines.join('\n'));
    return 0;
  },
};
