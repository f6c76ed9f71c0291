/**
 * `webjwt decrypt`: decrypts an encrypted token (JWE) with a key from a file or an environment
 * variable, bound to `--alg` and `--enc`. A JWT's claims are then checked as `verify` checks them; a
 * nested token (signed, then encrypted) is verified with `--verify-key` too; `--plaintext` shows
 * content that is not a claims set, and `--out` writes it to a new file, byte for byte. The exit
 * status says which check failed.
 *
 * @module
 */
import {
  type Algorithm,
  decrypt,
  decryptCompact,
  type DecryptCompactOptions,
  type DecryptOptions,
  decryptThenVerify,
  isJwtError,
  type JweKey,
  type JweKeyResolver,
  type VerifyKeyInput,
  type VerifyOptions,
} from '../../index.js';
import { CLAIM_CHECK_FLAGS, CLAIM_CHECK_HELP, claimCheckOptions } from '../claim-checks.js';
import { palette } from '../color.js';
import { ENCRYPTION_KEY_HELP, ENCRYPTION_KEY_OPTIONS, loadDecryptionKey } from '../encryption-key-source.js';
import { EXIT_CODE_HELP, exitCodeFor } from '../exit-codes.js';
import { type CliIo, readToken, writeNewFile } from '../io.js';
import { outlineJwe, showPlaintext } from '../jwe-token.js';
import { loadVerificationKey, renamingKeyFlags } from '../key-source.js';
import { CLAIM_FLAG_ALIASES, onePositional, parseFlags } from '../parse.js';
import { describeNumericDate, TIME_CLAIMS } from '../time-format.js';
import { UsageError } from '../usage-error.js';
import type { Command } from './command.js';

const HELP = `Usage: webjwt decrypt <token | -> (--key <file> | --key-env <VAR>) --alg <alg> --enc <enc> [options]

Decrypts an encrypted token (JWE), then checks its claims as \`webjwt verify\` does, and prints its
header and payload. A wrong key, or any change to the token, fails with ERR_JWE_DECRYPTION_FAILED
(status 4) and the same message, whichever step failed.

${ENCRYPTION_KEY_HELP}
                      A JWKS file of decryption keys works too: the token's kid picks the key.
                      Its keys need their own JOSE "alg" (Deno writes "ECDH", which is none), or --alg.

Content:
  --plaintext         the content is not a JWT claims set: print it as text (UTF-8) or base64url,
                      and check no claims
  --out <file>        with --plaintext: write the content to a new file instead, its exact bytes
                      (no newline, no encoding; mode 0600). Never overwrites a file (status 2)
  --allow-compression accept compressed tokens (zip "DEF"); refused by default
  --max-decompressed-length <bytes>  with --allow-compression: the largest inflated content (default 262144)
  --max-pbes2-count <n>  PBES2: the most iterations (p2c) a token may ask for (default 100000)

Nested JWT (signed, then encrypted; cty "JWT"):
  --verify-key <file>     the issuer's key (PEM, JWK, JWKS or secret) to verify the signed JWT inside
  --verify-key-env <VAR>  the same, from an environment variable
  --verify-jwks <url>     the issuer's JWKS endpoint; needs --verify-alg
  --verify-alg <alg>      the signature algorithm; required unless the JWK has "alg" (repeat for a JWKS)

Claims (of the JWT, or of the signed JWT inside a nested one):
${CLAIM_CHECK_HELP}

Output:
  --json              print {"valid", "header", "payload"} (nested: also "encryptionHeader";
                      --plaintext: "plaintext" and "encoding"; --out: "out" and "length"),
                      or {"valid": false, "code", ...}
  -h, --help          show this help

${EXIT_CODE_HELP}
Examples:
  webjwt decrypt "$TOKEN" --key-env SESSION_KEY --alg dir --enc A256GCM --require exp
  webjwt decrypt - --key recipient.private.jwk.json --enc A256GCM --iss https://auth.example < token.txt
  webjwt decrypt "$TOKEN" --key recipient.private.pem --alg RSA-OAEP-256 --enc A256GCM \\
    --verify-key issuer.public.pem --verify-alg ES256
  webjwt decrypt - --key-env PASSWORD --alg PBES2-HS256+A128KW --enc A128GCM --plaintext --out photo.jpg < token.txt
`;

const pretty = (value: unknown): string => JSON.stringify(value, null, 2);

function positiveInteger(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d{1,15}$/.test(text) || Number(text) === 0) throw new UsageError(`${flag} must be a positive whole number (got ${JSON.stringify(text)})`);
  return Number(text);
}

// From the key, not the header: the key's names are ours, the header's are the token's.
function algorithms(key: JweKey): string {
  return `${key.alg} + ${key.enc}${key.kid === undefined ? '' : `, kid ${key.kid}`}`;
}

function dateLines(payload: Record<string, unknown>): string[] {
  const now = Math.floor(Date.now() / 1000);
  return TIME_CLAIMS.flatMap((claim) => {
    const described = describeNumericDate(payload[claim], now);
    return described === undefined ? [] : [`  ${claim.padEnd(9)} ${described}`];
  });
}

/** The flag that answers a failure the library words in terms of its own options. */
function hintFor(code: string, message: string): string | undefined {
  if (code === 'ERR_JWT_MALFORMED' && message.includes('plaintext')) return 'To see content that is not a JWT claims set, add --plaintext.';
  if (code === 'ERR_JWE_ALG_NOT_ALLOWED' && message.includes('compressed')) return 'To accept a compressed token, add --allow-compression.';
  return undefined;
}

/** What a successful run prints: one object for `--json`, or lines for people. */
interface Shown {
  json: Record<string, unknown>;
  lines: string[];
}

type Palette = ReturnType<typeof palette>;

const claimLines = (c: Palette, payload: Record<string, unknown>): string[] => [
  c.payload('Payload'),
  c.payload(pretty(payload)),
  ...dateLines(payload).map(c.dim),
];

async function showNested(
  token: string,
  key: JweKey | JweKeyResolver,
  verifier: { key: VerifyKeyInput; algorithms: Algorithm[] | undefined },
  options: { decrypt: DecryptCompactOptions; verify: VerifyOptions },
  c: Palette,
): Promise<Shown> {
  const verify = { ...(verifier.algorithms === undefined ? {} : { algorithms: verifier.algorithms }), ...options.verify };
  const result = await decryptThenVerify(token, key, verifier.key, { decrypt: options.decrypt, verify });
  const kid = result.key.kid === undefined ? '' : `, kid ${result.key.kid}`;
  return {
    json: { valid: true, encryptionHeader: result.encryptionHeader, header: result.header, payload: result.payload },
    lines: [
      `${c.good('Valid')}: decrypted ${algorithms(result.decryptionKey)}; signature ${result.header.alg}${kid}; claims checked`,
      c.header('Header (encrypted token)'),
      c.header(pretty(result.encryptionHeader)),
      '',
      c.header('Header (signed token)'),
      c.header(pretty(result.header)),
      '',
      ...claimLines(c, result.payload),
    ],
  };
}

/** The decrypted content written to `out`, a new file: nothing of it is printed. */
async function writePlaintextOf(token: string, key: JweKey | JweKeyResolver, options: DecryptCompactOptions, out: string, c: Palette): Promise<Shown> {
  const result = await decryptCompact(token, key, options);
  // Mode 0600: the content was encrypted for a reason.
  await writeNewFile(out, result.plaintext, 0o600, 'decrypt');
  return {
    json: { valid: true, header: result.header, out, length: result.plaintext.length },
    lines: [
      `${c.good('Decrypted')}: ${algorithms(result.key)}; ${result.plaintext.length} bytes of plaintext written to ${out}`,
      c.header('Header'),
      c.header(pretty(result.header)),
    ],
  };
}

async function showPlaintextOf(token: string, key: JweKey | JweKeyResolver, options: DecryptCompactOptions, c: Palette): Promise<Shown> {
  const result = await decryptCompact(token, key, options);
  const shown = showPlaintext(result.plaintext);
  const as = shown.encoding === 'utf8' ? 'UTF-8 text' : 'not text, shown as base64url';
  return {
    json: { valid: true, header: result.header, plaintext: shown.text, encoding: shown.encoding },
    lines: [
      `${c.good('Decrypted')}: ${algorithms(result.key)}; ${result.plaintext.length} bytes of plaintext (${as})`,
      c.header('Header'),
      c.header(pretty(result.header)),
      '',
      c.payload('Plaintext'),
      c.payload(shown.text),
    ],
  };
}

async function showClaims(token: string, key: JweKey | JweKeyResolver, options: DecryptOptions, c: Palette): Promise<Shown> {
  const result = await decrypt(token, key, options);
  return {
    json: { valid: true, header: result.header, payload: result.payload },
    lines: [
      `${c.good('Valid')}: decrypted ${algorithms(result.key)}; claims checked`,
      c.header('Header'),
      c.header(pretty(result.header)),
      '',
      ...claimLines(c, result.payload),
    ],
  };
}

interface DecryptFlags {
  'allow-compression'?: boolean | undefined;
  'max-decompressed-length'?: string | undefined;
  'max-pbes2-count'?: string | undefined;
}

/** `--out <file>`: only with `--plaintext`, and only a file name. */
function outFlag(out: string | undefined, plaintext: boolean): string | undefined {
  if (out === undefined) return undefined;
  if (!plaintext) throw new UsageError('--out writes content that is not a JWT claims set: add --plaintext (claims are shown, or printed with --json)');
  if (out === '' || out === '-') throw new UsageError('--out needs a file name (without --out, the content is printed)');
  return out;
}

function decryptOptionsFrom(values: DecryptFlags): DecryptCompactOptions {
  const maxDecompressedLength = positiveInteger(values['max-decompressed-length'], '--max-decompressed-length');
  const maxPbes2Count = positiveInteger(values['max-pbes2-count'], '--max-pbes2-count');
  if (maxDecompressedLength !== undefined && values['allow-compression'] !== true) {
    throw new UsageError('--max-decompressed-length applies with --allow-compression only');
  }
  return {
    ...(values['allow-compression'] === true ? { allowCompression: true } : {}),
    ...(maxDecompressedLength === undefined ? {} : { maxDecompressedLength }),
    ...(maxPbes2Count === undefined ? {} : { maxPbes2Count }),
  };
}

/** The `decrypt` command. */
export const decryptCommand: Command = {
  name: 'decrypt',
  summary: 'decrypt an encrypted token (JWE) and check its claims',
  help: HELP,
  async run(argv: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseFlags(argv, {
      ...ENCRYPTION_KEY_OPTIONS,
      plaintext: { type: 'boolean' },
      out: { type: 'string' },
      'allow-compression': { type: 'boolean' },
      'max-decompressed-length': { type: 'string' },
      'max-pbes2-count': { type: 'string' },
      'verify-key': { type: 'string' },
      'verify-key-env': { type: 'string' },
      'verify-jwks': { type: 'string' },
      'verify-alg': { type: 'string', multiple: true },
      ...CLAIM_CHECK_FLAGS,
      json: { type: 'boolean' },
    }, CLAIM_FLAG_ALIASES);
    const token = await readToken(onePositional(positionals, 'token'), io);
    const decryptOptions = decryptOptionsFrom(values);
    const claimChecks = claimCheckOptions(values);
    const verifyFlags = { key: values['verify-key'], 'key-env': values['verify-key-env'], jwks: values['verify-jwks'], alg: values['verify-alg'] };
    const nested = Object.values(verifyFlags).some((value) => value !== undefined);
    if (values.plaintext === true && (nested || Object.keys(claimChecks).length > 0)) {
      throw new UsageError('--plaintext shows content that is not a JWT: it takes no claim checks and no --verify-key');
    }
    const out = outFlag(values.out, values.plaintext === true);

    const key = await loadDecryptionKey(values, io);
    const verifier = nested ? await loadVerificationKey(verifyFlags, io).catch(renamingKeyFlags('verify')) : undefined;
    const c = palette(io.color);
    let shown: Shown;
    try {
      // The header is read (not trusted) first, so a nested token without --verify-key gets a clear word.
      if (outlineJwe(token).nested && verifier === undefined && values.plaintext !== true) {
        throw new UsageError('The token is a nested JWT (cty "JWT": signed, then encrypted); give --verify-key (or --verify-key-env, --verify-jwks) and --verify-alg to verify the signed JWT inside it');
      }
      if (verifier !== undefined) shown = await showNested(token, key, verifier, { decrypt: decryptOptions, verify: claimChecks }, c);
      else if (out !== undefined) shown = await writePlaintextOf(token, key, decryptOptions, out, c);
      else if (values.plaintext === true) shown = await showPlaintextOf(token, key, decryptOptions, c);
      else shown = await showClaims(token, key, { ...decryptOptions, ...claimChecks }, c);
    } catch (err) {
      // Bad option values are the caller's mistake (usage), not the token's.
      if (!isJwtError(err) || err.code === 'ERR_INVALID_ARGUMENT') throw err;
      // So is a JWKS key the resolver cannot bind without --alg; the library wraps what a resolver throws.
      if (err.cause instanceof UsageError) throw err.cause;
      if (values.json === true) {
        const claim = err.claim === undefined ? {} : { claim: err.claim };
        io.out(`${pretty({ valid: false, code: err.code, ...claim, message: err.message })}\n`);
      } else {
        const claim = err.claim === undefined ? '' : ` (claim ${err.claim})`;
        const hint = hintFor(err.code, err.message);
        io.err(`${c.bad('Invalid')}: ${err.code}${claim}: ${err.message}\n${hint === undefined ? '' : `${c.dim(hint)}\n`}`);
      }
      return exitCodeFor(err.code);
    }
    io.out(values.json === true ? `${pretty(shown.json)}\n` : `${shown.lines.join('\n')}\n`);
    return 0;
  },
};
