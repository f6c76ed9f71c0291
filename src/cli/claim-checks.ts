/**
 * The claim-check flags `verify` and `decrypt` share (`--iss`, `--aud`, `--sub`, `--typ`,
 * `--max-age`, `--clock-tolerance`, `--require`), and their translation into the library's
 * {@link ClaimCheckOptions}, so both commands check claims in exactly the same way.
 *
 * @module
 */
import type { ClaimCheckOptions } from '../index.js';

/** The parse options for the claim checks, spread into a command's `parseArgs` config. */
export const CLAIM_CHECK_FLAGS = {
  iss: { type: 'string', multiple: true },
  aud: { type: 'string', multiple: true },
  sub: { type: 'string' },
  typ: { type: 'string' },
  'max-age': { type: 'string' },
  'clock-tolerance': { type: 'string' },
  require: { type: 'string', multiple: true },
} as const;

/** The values of {@link CLAIM_CHECK_FLAGS} after parsing. */
export interface ClaimCheckFlags {
  iss?: string[] | undefined;
  aud?: string[] | undefined;
  sub?: string | undefined;
  typ?: string | undefined;
  'max-age'?: string | undefined;
  'clock-tolerance'?: string | undefined;
  require?: string[] | undefined;
}

/** Help text for the claim-check flags. */
export const CLAIM_CHECK_HELP = `  --iss <issuer>      required issuer (repeat to allow several); also --issuer
  --aud <audience>    required audience (repeat to allow several); also --audience
  --sub <subject>     required subject; also --subject
  --typ <typ>         required "typ" header
  --max-age <dur>     reject tokens whose iat is older, e.g. 1h
  --clock-tolerance <dur>  leeway for exp/nbf, e.g. 30s
  --require <claim>   a claim that must be present (repeatable)`;

// Seconds when all digits, else a duration string such as "1h" for the library to parse.
const duration = (text: string | undefined): number | string | undefined =>
  text === undefined || !/^\d+$/.test(text) ? text : Number(text);

const single = <T>(values: T[] | undefined): T | T[] | undefined =>
  values === undefined || values.length === 0 ? undefined : values.length === 1 ? values[0] : values;

/** The claim checks the flags ask for; flags not given are left out, so the library's defaults apply. */
export function claimCheckOptions(flags: ClaimCheckFlags): ClaimCheckOptions {
  const options: ClaimCheckOptions = {};
  const given = <K extends keyof ClaimCheckOptions>(name: K, value: ClaimCheckOptions[K] | undefined): void => {
    if (value !== undefined) options[name] = value;
  };
  given('issuer', single(flags.iss));
  given('audience', single(flags.aud));
  given('subject', flags.sub);
  given('typ', flags.typ);
  given('maxAge', duration(flags['max-age']));
  given('clockTolerance', duration(flags['clock-tolerance']));
  given('requiredClaims', flags.require);
  return options;
}
