/**
 * `webjwt verify`: checks a token's signature and claims with a key from a file, an environment
 * variable or a JWKS URL. The exit status says which check failed.
 *
 * @module
 */
import { createVerifier, isJwtError, type VerifyOptions } from '../../index.js';
import { CLAIM_CHECK_FLAGS, CLAIM_CHECK_HELP, claimCheckOptions } from '../claim-checks.js';
import { palette } from '../color.js';
import { EXIT_CODE_HELP, exitCodeFor } from '../exit-codes.js';
import { type CliIo, readToken } from '../io.js';
import { KEY_HELP, KEY_OPTIONS, loadVerificationKey } from '../key-source.js';
import { CLAIM_FLAG_ALIASES, onePositional, parseFlags } from '../parse.js';
import type { Command } from './command.js';

const HELP = `Usage: webjwt verify <token | -> (--key <file> | --key-env <VAR> | --jwks <url>) [options]

Verifies the signature, then the claims. Prints the verified payload on success; on failure
prints the error code and exits with a status that names the kind of failure.

${KEY_HELP}
  --jwks <url>        a JWKS endpoint (jwks_uri); needs --alg
  --allow-weak-secret verify a legacy token made with an HMAC secret shorter than RFC 7518 allows

Claims:
${CLAIM_CHECK_HELP}

Output:
  --json              print {"valid", "header", "payload"} or {"valid": false, "code", ...}
  -h, --help          show this help

${EXIT_CODE_HELP}
Examples:
  webjwt verify "$TOKEN" --key-env JWT_SECRET --alg HS256
  webjwt verify - --jwks https://idp.example/.well-known/jwks.json --alg RS256 --iss https://idp.example < token.txt
`;

const pretty = (value: unknown): string => JSON.stringify(value, null, 2);

/** The `verify` command. */
export const verifyCommand: Command = {
  name: 'verify',
  summary: 'verify a token with a secret, a PEM, a JWK(S) file or a JWKS URL',
  help: HELP,
  async run(argv: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseFlags(argv, {
      ...KEY_OPTIONS,
      ...CLAIM_CHECK_FLAGS,
      json: { type: 'boolean' },
    }, CLAIM_FLAG_ALIASES);
    const token = await readToken(onePositional(positionals, 'token'), io);
    const { key, algorithms } = await loadVerificationKey(values, io);
    const options: VerifyOptions = { ...(algorithms === undefined ? {} : { algorithms }), ...claimCheckOptions(values) };

    // Prepared before the token is looked at, so a bad option value is a usage error (exit 2),
    // never reported as an invalid token.
    const verifyToken = createVerifier(key, options);
    const c = palette(io.color);
    try {
      const result = await verifyToken(token);
      if (values.json === true) {
        io.out(`${pretty({ valid: true, weakKey: result.key.weak, header: result.header, payload: result.payload })}\n`);
      } else {
        const kid = result.key.kid === undefined ? '' : `, kid ${result.key.kid}`;
        io.out(`${c.good('Valid')}: signature ${result.header.alg}${kid}; claims checked\n`);
        io.out(`${c.payload(pretty(result.payload))}\n`);
      }
      if (result.key.weak) {
        io.err(`${c.warn('Warning')}: the HMAC secret is shorter than RFC 7518 allows; rotate it.\n`);
      }
      return 0;
    } catch (err) {
      if (!isJwtError(err)) throw err;
      if (values.json === true) {
        const claim = err.claim === undefined ? {} : { claim: err.claim };
        io.out(`${pretty({ valid: false, code: err.code, ...claim, message: err.message })}\n`);
      } else {
        const claim = err.claim === undefined ? '' : ` (claim ${err.claim})`;
        io.err(`${c.bad('Invalid')}: ${err.code}${claim}: ${err.message}\n`);
      }
      return exitCodeFor(err.code);
    }
  },
};
