/**
 * `webjwt` overview, per-command help, version, and usage errors.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { requireBuild, ROOT, webjwt } from './run-cli.js';

beforeAll(requireBuild);

const COMMANDS = ['decode', 'verify', 'sign', 'encrypt', 'decrypt', 'keygen', 'thumbprint'];

describe('webjwt --help', () => {
  test('lists every command and the exit statuses', async () => {
    const { status, stdout } = await webjwt(['--help']);
    expect(status).toBe(0);
    for (const command of COMMANDS) expect(stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    expect(stdout).toContain('ERR_JWS_SIGNATURE_INVALID');
    expect(stdout).toContain('ERR_JWE_DECRYPTION_FAILED');
  });

  test('encrypt and decrypt list every algorithm they take, and say --enc is required', async () => {
    for (const command of ['encrypt', 'decrypt']) {
      const { stdout } = await webjwt([command, '--help']);
      for (const name of ['dir', 'A256KW', 'RSA-OAEP-256', 'ECDH-ES+A256KW', 'PBES2-HS512+A256KW', 'A256GCM', 'A256CBC-HS512']) expect(stdout).toContain(name);
      expect(stdout).toContain('--enc <enc>         content encryption algorithm, always required');
      expect(stdout).not.toContain('RSA1_5');
    }
    const decrypt = (await webjwt(['decrypt', '--help'])).stdout;
    for (const flag of ['--verify-key', '--verify-alg', '--allow-compression', '--plaintext', '--out', '--iss', '--max-age', '--json']) expect(decrypt).toContain(flag);
    const keygen = (await webjwt(['keygen', '--help'])).stdout;
    expect(keygen).toContain('Encryption: dir, A128KW');
    expect(keygen).toContain('--enc <enc>');
  });

  test('with no command, prints the overview to stderr and exits 2', async () => {
    const { status, stdout, stderr } = await webjwt([]);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('Usage: webjwt <command>');
  });

  test.each(COMMANDS)('%s --help describes the command and exits 0', async (command) => {
    for (const flag of ['--help', '-h']) {
      const { status, stdout } = await webjwt([command, flag]);
      expect(status).toBe(0);
      expect(stdout).toContain(`Usage: webjwt ${command}`);
      expect(stdout).toContain('Examples:');
    }
  });

  test('--version prints the package version', async () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const { status, stdout } = await webjwt(['--version']);
    expect(status).toBe(0);
    expect(stdout.trim()).toBe(version);
  });
});

describe('usage errors exit 2 with a hint', () => {
  test('an unknown command', async () => {
    const { status, stderr } = await webjwt(['frobnicate']);
    expect(status).toBe(2);
    expect(stderr).toContain('unknown command "frobnicate"');
  });

  test('an unknown flag with no near match: one line pointing to the help', async () => {
    const { status, stderr } = await webjwt(['decode', '--colour', 'x.y.z']);
    expect(status).toBe(2);
    expect(stderr).toBe('webjwt decode: unknown flag --colour (see `webjwt decode --help`)\n');
  });

  test('a missing token', async () => {
    const { status, stderr } = await webjwt(['decode']);
    expect(status).toBe(2);
    expect(stderr).toContain('A token is required');
  });

  test('two tokens', async () => {
    const { status, stderr } = await webjwt(['decode', 'a.b.c', 'd.e.f']);
    expect(status).toBe(2);
    expect(stderr).toContain('Expected one token');
  });
});
