/**
 * `webjwt decode`: shows a token's header, payload and signature, with human dates for the time
 * claims. It verifies nothing, and says so.
 *
 * @module
 */
import { decodeBase64url, decodeUnverified } from '../../index.js';
import { palette } from '../color.js';
import { type CliIo, readToken } from '../io.js';
import { onePositional, parseFlags } from '../parse.js';
import { describeNumericDate, TIME_CLAIMS } from '../time-format.js';
import type { Command } from './command.js';

const HELP = `Usage: webjwt decode [--json] <token | ->

Prints the header, the payload and the signature of a token WITHOUT verifying it.
Time claims (iat, nbf, exp, auth_time) are shown as dates relative to now.

Options:
  --json      print {"header", "payload", "signature"} as JSON
  -h, --help  show this help

Examples:
  webjwt decode eyJhbGciOi...
  pbpaste | webjwt decode -
`;

const pretty = (value: unknown): string => JSON.stringify(value, null, 2);

/** The `decode` command. */
export const decodeCommand: Command = {
  name: 'decode',
  summary: 'show the header, payload and signature of a token (does not verify)',
  help: HELP,
  async run(argv: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseFlags(argv, { json: { type: 'boolean' } });
    const token = await readToken(onePositional(positionals, 'token'), io);
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
