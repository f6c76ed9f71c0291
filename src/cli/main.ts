/**
 * The `webjwt` command: decode, verify, sign, encrypt, decrypt, keygen and thumbprint, on top of the
 * library and `node:util` parseArgs, with no dependencies. A separate entry (dist/cli.js); the
 * library never imports it.
 *
 * @module
 */
/// <reference types="node" />
import { readFileSync } from 'node:fs';
import { isJwtError } from '../index.js';
import type { Command } from './commands/command.js';
import { decodeCommand } from './commands/decode.js';
import { decryptCommand } from './commands/decrypt.js';
import { encryptCommand } from './commands/encrypt.js';
import { keygenCommand } from './commands/keygen.js';
import { signCommand } from './commands/sign.js';
import { thumbprintCommand } from './commands/thumbprint.js';
import { verifyCommand } from './commands/verify.js';
import { EXIT, EXIT_CODE_HELP, exitCodeFor } from './exit-codes.js';
import type { CliIo } from './io.js';
import { closestName } from '../lib/closest-name.js';
import { UnknownFlagError, UsageError } from './usage-error.js';

const COMMANDS: readonly Command[] = [
  decodeCommand,
  verifyCommand,
  signCommand,
  encryptCommand,
  decryptCommand,
  keygenCommand,
  thumbprintCommand,
];

function overview(): string {
  const rows = COMMANDS.map((command) => `  ${command.name.padEnd(11)} ${command.summary}`).join('\n');
  return `Usage: webjwt <command> [options]

Commands:
${rows}

Run \`webjwt <command> --help\` for the options of one command.
A token argument of \`-\` reads the token from stdin.

${EXIT_CODE_HELP}`;
}

function version(): string {
  // dist/cli.js sits one level below the package's package.json; src/cli/main.ts (tests) two.
  for (const path of ['../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'webjwt') return pkg.version ?? 'unknown';
    } catch {
      // not here; try the next level
    }
  }
  return 'unknown';
}

/** Runs the CLI with `argv` (the arguments after `webjwt`) and resolves to the exit status. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.err : io.out)(overview());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === '--version' || name === '-v') {
    io.out(`${version()}\n`);
    return EXIT.ok;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (command === undefined) {
    const nearest = closestName(name, [...COMMANDS.map((candidate) => candidate.name), '--help', '--version']);
    if (nearest !== undefined) io.err(`webjwt: unknown ${name.startsWith('-') ? 'flag' : 'command'} ${name} (did you mean ${nearest}?)\n`);
    else io.err(`webjwt: unknown command ${JSON.stringify(name)}\n\n${overview()}`);
    return EXIT.usage;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(command.help);
    return EXIT.ok;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof UnknownFlagError) {
      // One line: the flag as typed and, when one is close, the flag that was probably meant.
      const hint = err.suggestion === undefined ? `see \`webjwt ${command.name} --help\`` : `did you mean ${err.suggestion}?`;
      io.err(`webjwt ${command.name}: unknown flag ${err.flag} (${hint})\n`);
      return EXIT.usage;
    }
    if (err instanceof UsageError) {
      io.err(`webjwt ${command.name}: ${err.message}\nRun \`webjwt ${command.name} --help\` for usage.\n`);
      return EXIT.usage;
    }
    if (isJwtError(err)) {
      const claim = err.claim === undefined ? '' : ` (claim ${err.claim})`;
      io.err(`webjwt ${command.name}: ${err.code}${claim}: ${err.message}\n`);
      return exitCodeFor(err.code);
    }
    io.err(`webjwt ${command.name}: unexpected error: ${(err as Error)?.message ?? String(err)}\n`);
    return EXIT.unexpected;
  }
}

