/**
 * The claim flags `sign` and `encrypt` share: claims from `--claims` JSON, then `--claim
 * name=value`, then the registered-claim flags, each overriding the one before.
 *
 * @module
 */
import type { JwtClaims, SignOptions } from '../index.js';
import { type CliIo, readInput } from './io.js';
import { parseJsonObjectFlag } from './parse.js';
import { UsageError } from './usage-error.js';

/** The parse options for the claims, spread into a command's `parseArgs` config. */
export const CLAIM_FLAGS = {
  claims: { type: 'string' },
  claim: { type: 'string', multiple: true },
  sub: { type: 'string' },
  iss: { type: 'string' },
  aud: { type: 'string', multiple: true },
  exp: { type: 'string' },
  nbf: { type: 'string' },
  jti: { type: 'string' },
  'no-iat': { type: 'boolean' },
} as const;

/** The values of {@link CLAIM_FLAGS} after parsing. */
export interface ClaimFlags {
  claims?: string | undefined;
  claim?: string[] | undefined;
  sub?: string | undefined;
  iss?: string | undefined;
  aud?: string[] | undefined;
  exp?: string | undefined;
  nbf?: string | undefined;
  jti?: string | undefined;
  'no-iat'?: boolean | undefined;
}

/** Help text for the claim flags. */
export const CLAIM_FLAGS_HELP = `  --claims <json|@file|->  a JSON object of claims (inline, from a file, or from stdin)
  --claim <name=value>     one claim; the value is parsed as JSON when it can be, else kept as a string
  --sub <subject>          sets sub (also --subject)
  --iss <issuer>           sets iss (also --issuer)
  --aud <audience>         sets aud (repeat for several; also --audience)
  --exp <duration>         lifetime, e.g. 15m, 2h, 7d or seconds; sets exp
  --nbf <duration>         delay before the token is valid; sets nbf
  --jti <id | random>      sets jti ("random" makes a UUID)
  --no-iat                 leave out iat`;

/** True when any claim flag was given (a command that also takes other content refuses the mix). */
export function hasClaimFlags(flags: ClaimFlags): boolean {
  return Object.keys(CLAIM_FLAGS).some((name) => flags[name as keyof ClaimFlags] !== undefined);
}

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

/** The claims set from `--claims` and `--claim` (the registered-claim flags become {@link claimOptions}). */
export async function claimsFromFlags(flags: ClaimFlags, io: CliIo): Promise<JwtClaims> {
  const payload = flags.claims === undefined ? {} : await readClaimsJson(flags.claims, io);
  for (const flag of flags.claim ?? []) {
    const [name, value] = parseClaimFlag(flag);
    payload[name] = value;
  }
  return payload;
}

/** The library's claim options for the registered-claim flags, which override the claims set. */
export function claimOptions(flags: ClaimFlags): SignOptions {
  const aud = flags.aud;
  return {
    ...(flags.sub === undefined ? {} : { subject: flags.sub }),
    ...(flags.iss === undefined ? {} : { issuer: flags.iss }),
    ...(aud === undefined ? {} : { audience: aud.length === 1 ? aud[0]! : aud }),
    ...(flags.exp === undefined ? {} : { expiresIn: duration(flags.exp) }),
    ...(flags.nbf === undefined ? {} : { notBefore: duration(flags.nbf) }),
    ...(flags.jti === undefined ? {} : { jwtId: flags.jti === 'random' ? true : flags.jti }),
    ...(flags['no-iat'] === true ? { iat: false } : {}),
  };
}
