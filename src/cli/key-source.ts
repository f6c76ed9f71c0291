/**
 * Where the CLI gets keys: a file (`--key`), an environment variable (`--key-env`) or a JWKS URL
 * (`--jwks`). The file or variable may hold a PEM, a JWK, a JWKS document or an HMAC secret; its
 * shape decides which. The algorithm always comes from `--alg` (or the JWK's own `alg`), never from
 * the token.
 *
 * @module
 */
import {
  type Algorithm,
  createLocalJwks,
  createRemoteJwks,
  importKey,
  isAlgorithm,
  type JwtKey,
  type KeySet,
} from '../index.js';
import { type CliIo, readTextFile } from './io.js';
import { UsageError } from './usage-error.js';

/** Key material as read from a file or variable, classified by its shape. */
export type KeyMaterial =
  | { kind: 'pem'; pem: string }
  | { kind: 'jwk'; jwk: JsonWebKey }
  | { kind: 'jwks'; jwks: { keys: JsonWebKey[] } }
  | { kind: 'secret'; secret: string };

/** The key flags shared by `sign` and `verify`. */
export interface KeyFlags {
  key?: string | undefined;
  'key-env'?: string | undefined;
  jwks?: string | undefined;
  alg?: string[] | undefined;
  'allow-weak-secret'?: boolean | undefined;
}

/** The parse options for {@link KeyFlags}, spread into each command's `parseArgs` config. */
export const KEY_OPTIONS = {
  key: { type: 'string' },
  'key-env': { type: 'string' },
  jwks: { type: 'string' },
  alg: { type: 'string', multiple: true },
  'allow-weak-secret': { type: 'boolean' },
} as const;

/** Splits `--alg RS256,ES256` and repeated `--alg` flags into a checked list. */
export function algorithmsFrom(values: readonly string[] | undefined): Algorithm[] {
  const names = (values ?? []).flatMap((value) => value.split(',')).map((name) => name.trim()).filter(Boolean);
  for (const name of names) {
    if (!isAlgorithm(name)) throw new UsageError(`Unknown algorithm ${JSON.stringify(name)}`);
  }
  return names as Algorithm[];
}

/** Classifies key text by its shape: PEM armour, a JSON object (JWK or JWKS), or else a secret. */
export function classifyKeyMaterial(text: string): KeyMaterial {
  const trimmed = text.trim();
  if (trimmed.startsWith('-----BEGIN ')) return { kind: 'pem', pem: trimmed };
  if (trimmed.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      throw new UsageError('The key looks like JSON but does not parse');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new UsageError('The key JSON must be a JWK or a JWKS object');
    }
    const keys = (parsed as { keys?: unknown }).keys;
    if (Array.isArray(keys)) return { kind: 'jwks', jwks: { keys: keys as JsonWebKey[] } };
    return { kind: 'jwk', jwk: parsed as JsonWebKey };
  }
  // Secrets are used exactly as written, except the newline an editor or `echo` leaves at the end.
  return { kind: 'secret', secret: text.replace(/\r?\n$/, '') };
}

/** The material of `--key` or `--key-env`, classified; undefined when neither is given. */
export async function readKeyMaterial(flags: Pick<KeyFlags, 'key' | 'key-env' | 'jwks'>, io: CliIo): Promise<KeyMaterial | undefined> {
  const given = [flags.key, flags['key-env'], flags.jwks].filter((value) => value !== undefined);
  if (given.length > 1) throw new UsageError('Give only one of --key, --key-env and --jwks');
  if (flags.key !== undefined) return classifyKeyMaterial(await readTextFile(flags.key));
  if (flags['key-env'] !== undefined) {
    const value = io.env[flags['key-env']];
    if (value === undefined || value === '') {
      throw new UsageError(`The environment variable ${flags['key-env']} is not set`);
    }
    return classifyKeyMaterial(value);
  }
  return undefined;
}

function singleAlgorithm(algorithms: readonly Algorithm[], what: string): Algorithm {
  if (algorithms.length !== 1) {
    throw new UsageError(`--alg is required with ${what}, exactly once (the algorithm is never taken from the token)`);
  }
  return algorithms[0]!;
}

async function importSingle(material: Exclude<KeyMaterial, { kind: 'jwks' }>, flags: KeyFlags): Promise<JwtKey> {
  const algorithms = algorithmsFrom(flags.alg);
  const allowShortSecretForVerifyOnly = flags['allow-weak-secret'] === true;
  switch (material.kind) {
    case 'secret':
      return importKey(material.secret, singleAlgorithm(algorithms, 'a secret'), { allowShortSecretForVerifyOnly });
    case 'pem':
      return importKey(material.pem, singleAlgorithm(algorithms, 'a PEM key'));
    case 'jwk': {
      const own = typeof material.jwk.alg === 'string' ? material.jwk.alg : undefined;
      const alg = algorithms.length === 0 && own !== undefined && isAlgorithm(own) ? own : singleAlgorithm(algorithms, 'a JWK without "alg"');
      return importKey(material.jwk, alg, { allowShortSecretForVerifyOnly });
    }
  }
}

/** The key to sign with: a secret, a private PEM or a private JWK. */
export async function loadSigningKey(flags: KeyFlags, io: CliIo): Promise<JwtKey> {
  if (flags.jwks !== undefined) throw new UsageError('A JWKS URL holds public keys only; sign with --key or --key-env');
  const material = await readKeyMaterial(flags, io);
  if (material === undefined) throw new UsageError('A key is required: --key <file> or --key-env <VAR>');
  if (material.kind === 'jwks') throw new UsageError('A JWKS holds several keys; sign with a single key');
  return importSingle(material, flags);
}

/** The key or key set to verify with, and the algorithms to allow. */
export async function loadVerificationKey(
  flags: KeyFlags,
  io: CliIo,
): Promise<{ key: JwtKey | KeySet; algorithms: Algorithm[] | undefined }> {
  const algorithms = algorithmsFrom(flags.alg);
  if (flags.jwks !== undefined && (flags.key !== undefined || flags['key-env'] !== undefined)) {
    throw new UsageError('Give only one of --key, --key-env and --jwks');
  }
  if (flags.jwks !== undefined) {
    if (algorithms.length === 0) throw new UsageError('--alg is required with --jwks (the algorithm is never taken from the token)');
    let url: URL;
    try {
      url = new URL(flags.jwks);
    } catch {
      throw new UsageError('--jwks must be an absolute URL');
    }
    return { key: createRemoteJwks(url), algorithms };
  }
  const material = await readKeyMaterial(flags, io);
  if (material === undefined) throw new UsageError('A key is required: --key <file>, --key-env <VAR> or --jwks <url>');
  if (material.kind === 'jwks') {
    if (algorithms.length === 0) throw new UsageError('--alg is required with a JWKS (the algorithm is never taken from the token)');
    return { key: createLocalJwks(material.jwks), algorithms };
  }
  const key = await importSingle(material, flags);
  return { key, algorithms: undefined };
}

/** Help text for the key flags. */
export const KEY_HELP = `Key:
  --key <file>        PEM, JWK, JWKS or secret in a file (a final newline is ignored)
  --key-env <VAR>     the same, from an environment variable (keeps secrets out of shell history)
  --alg <alg>         the algorithm; required unless the JWK has "alg" (repeat or comma-separate for a JWKS)`;

/**
 * For a second key on one command line (`decrypt --verify-key`, `encrypt --sign-key`): rethrows a
 * usage error of the loaders above with the flags as that command spells them (`--alg` becomes
 * `--verify-alg`), so the message names flags the user can actually type.
 */
export function renamingKeyFlags(prefix: string): (err: unknown) => never {
  return (err) => {
    if (err instanceof UsageError) throw new UsageError(err.message.replace(/--(key-env|key|jwks|alg)\b/g, `--${prefix}-$1`));
    throw err;
  };
}
