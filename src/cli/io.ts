/**
 * What a command may touch of the outside world: output streams, stdin, files, the environment and
 * whether to colour. Commands receive it instead of reaching for `process`, so they stay testable.
 *
 * @module
 */
/// <reference types="node" />
import { open, readFile, rm } from 'node:fs/promises';
import { UsageError } from './usage-error.js';

/** The process surface a command uses. */
export interface CliIo {
  /** Writes to stdout. */
  out(text: string): void;
  /** Writes to stderr. */
  err(text: string): void;
  /** Reads all of stdin as UTF-8. */
  readStdin(): Promise<string>;
  /** Environment variables. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Whether stdout gets ANSI colours. */
  readonly color: boolean;
}

/** The real process: colours on a TTY unless `NO_COLOR` is set; `FORCE_COLOR` turns them on anywhere. */
export function processIo(): CliIo {
  const { env } = process;
  const forced = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  const color = forced || (process.stdout.isTTY === true && env.NO_COLOR === undefined && env.TERM !== 'dumb');
  return {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    env,
    color,
  };
}

/** Reads a text file, turning a missing or unreadable file into a usage error that names it. */
export async function readTextFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code ?? 'error';
    throw new UsageError(`Cannot read ${path} (${code})`);
  }
}

/** Reads a file's bytes exactly, turning a missing or unreadable file into a usage error that names it. */
export async function readBytesFile(path: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code ?? 'error';
    throw new UsageError(`Cannot read ${path} (${code})`);
  }
}

/** `-` means stdin; anything else is a file path. */
export async function readInput(source: string, io: CliIo): Promise<string> {
  return source === '-' ? io.readStdin() : readTextFile(source);
}

/** The token argument: `-` reads it from stdin; surrounding whitespace is ignored either way. */
export async function readToken(argument: string | undefined, io: CliIo): Promise<string> {
  if (argument === undefined) throw new UsageError('A token is required (or `-` to read it from stdin)');
  const token = argument === '-' ? await io.readStdin() : argument;
  return token.trim();
}

/**
 * Writes `data` to a new file with `mode`, exactly (bytes as they are, text as UTF-8). Never
 * overwrites: an existing file is a usage error naming `command`, as is a path that cannot be
 * written. A file this call created is removed if writing into it fails, so no partial output is left.
 */
export async function writeNewFile(path: string, data: string | Uint8Array, mode: number, command: string): Promise<void> {
  const failed = (cause: unknown): UsageError => {
    const code = (cause as NodeJS.ErrnoException).code ?? 'error';
    if (code === 'EEXIST') return new UsageError(`${path} already exists; ${command} never overwrites a file (EEXIST)`);
    return new UsageError(`Cannot write ${path} (${code})`);
  };
  let file: Awaited<ReturnType<typeof open>>;
  try {
    // "wx": created here or not at all, so a file that appears meanwhile is not overwritten either.
    file = await open(path, 'wx', mode);
  } catch (cause) {
    throw failed(cause);
  }
  try {
    await file.writeFile(data);
    await file.close();
  } catch (cause) {
    await file.close().catch(() => undefined);
    await rm(path, { force: true });
    throw failed(cause);
  }
}
