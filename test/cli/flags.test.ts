/**
 * Flags every command shares the handling of: an unknown or misspelled flag gets one line naming it
 * and the flag probably meant, and exit 2 before anything runs; missing values, values given to
 * switches and values that look like flags are usage errors; long aliases of the claim flags.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { requireBuild, webjwt } from './run-cli.js';

const SECRET = 'cli-test-secret-of-at-least-32-bytes!!';
const env = { JWT_SECRET: SECRET };
const KEY = ['--key-env', 'JWT_SECRET', '--alg', 'HS256'];

let dir: string;
let token: string;
beforeAll(async () => {
  requireBuild();
  dir = mkdtempSync(join(tmpdir(), 'webjwt-flags-'));
  token = (await webjwt(['sign', ...KEY, '--iss', 'https://auth.example.com', '--aud', 'api', '--sub', 'user-1'], { env })).stdout.trim();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const oneLine = (text: string): void => expect(text.split('\n')).toHaveLength(2); // the line and its newline

describe('an unknown flag: one line with the nearest flag, exit 2', () => {
  test.each([
    ['decode', ['decode', '--jsn', 'a.b.c'], '--jsn', '--json'],
    ['verify', ['verify', 'TOKEN', ...KEY, '--isuer', 'x'], '--isuer', '--issuer'],
    ['verify', ['verify', 'TOKEN', ...KEY, '--max-ag', '1h'], '--max-ag', '--max-age'],
    ['verify', ['verify', 'TOKEN', ...KEY, '--clock-tolerence=30s'], '--clock-tolerence', '--clock-tolerance'],
    ['verify', ['verify', 'TOKEN', '--kye-env', 'JWT_SECRET', '--alg', 'HS256'], '--kye-env', '--key-env'],
    ['sign', ['sign', ...KEY, '--audiance', 'api'], '--audiance', '--audience'],
    ['sign', ['sign', ...KEY, '--experation', '1h'], '--experation', undefined],
    ['sign', ['sign', ...KEY, '--no-ait'], '--no-ait', '--no-iat'],
    ['keygen', ['keygen', 'ES256', '--fromat', 'pem'], '--fromat', '--format'],
    ['keygen', ['keygen', 'dir', '--ecn', 'A256GCM'], '--ecn', '--enc'],
    ['encrypt', ['encrypt', '--key-env', 'JWT_SECRET', '--alg', 'dir', '--enc', 'A256GCM', '--compres'], '--compres', '--compress'],
    ['encrypt', ['encrypt', '--key-env', 'JWT_SECRET', '--alg', 'dir', '--enc', 'A256GCM', '--sing-key', 'k.pem'], '--sing-key', '--sign-key'],
    ['decrypt', ['decrypt', 'TOKEN', '--key-env', 'JWT_SECRET', '--alg', 'dir', '--enc', 'A256GCM', '--alow-compression'], '--alow-compression', '--allow-compression'],
    ['decrypt', ['decrypt', 'TOKEN', '--key-env', 'JWT_SECRET', '--alg', 'dir', '--enc', 'A256GCM', '--verfy-key', 'k.pem'], '--verfy-key', '--verify-key'],
    ['decrypt', ['decrypt', 'TOKEN', '--key-env', 'JWT_SECRET', '--alg', 'dir', '--enc', 'A256GCM', '--isuer', 'x'], '--isuer', '--issuer'],
    ['thumbprint', ['thumbprint', '-', '--hsah', 'SHA-512'], '--hsah', '--hash'],
    ['thumbprint', ['thumbprint', '-', '--hepl'], '--hepl', '--help'],
  ])('%s: %j', async (command, args, flag, suggestion) => {
    const { status, stdout, stderr } = await webjwt(args.map((arg) => (arg === 'TOKEN' ? token : arg)), { env, input: '{}' });
    const hint = suggestion === undefined ? `see \`webjwt ${command} --help\`` : `did you mean ${suggestion}?`;
    expect(stderr).toBe(`webjwt ${command}: unknown flag ${flag} (${hint})\n`);
    oneLine(stderr);
    expect(stdout).toBe('');
    expect(status).toBe(2);
  });

  test('a long flag typed with one dash is named as typed: -iss (did you mean --iss?)', async () => {
    const { status, stderr } = await webjwt(['verify', token, ...KEY, '-iss', 'https://auth.example.com'], { env });
    expect(stderr).toBe('webjwt verify: unknown flag -iss (did you mean --iss?)\n');
    expect(status).toBe(2);
  });

  test('a misspelled flag stops the command before it does anything: keygen writes no file', async () => {
    const cwd = mkdtempSync(join(dir, 'keygen-'));
    const { status } = await webjwt(['keygen', 'ES256', '--out', 'k', '--fromat', 'pem'], { cwd });
    expect(status).toBe(2);
    expect(readdirSync(cwd)).toEqual([]);
  });

  test('a misspelled claim check never verifies without it: verify --isuer refuses even a valid token', async () => {
    const { status, stdout } = await webjwt(['verify', token, ...KEY, '--isuer', 'https://evil.example'], { env });
    expect(stdout).not.toContain('Valid');
    expect(status).toBe(2);
  });

  test('an unknown command or top-level flag: the nearest one', async () => {
    const command = await webjwt(['verfy', token]);
    expect(command.stderr).toBe('webjwt: unknown command verfy (did you mean verify?)\n');
    expect(command.status).toBe(2);
    const flag = await webjwt(['--verison']);
    expect(flag.stderr).toBe('webjwt: unknown flag --verison (did you mean --version?)\n');
    expect(flag.status).toBe(2);
  });
});

describe('flag values', () => {
  test.each([
    [['verify', 'TOKEN', '--alg', 'HS256', '--key-env'], '--key-env needs a value'],
    [['verify', 'TOKEN', '--key', '--alg', 'HS256'], '--key needs a value; --alg looks like a flag (to pass it as the value, write --key=--alg)'],
    [['verify', 'TOKEN', ...KEY, '--clock-tolerance', '-5'], '--clock-tolerance needs a value; -5 looks like a flag'],
    [['verify', 'TOKEN', ...KEY, '--json=yes'], '--json takes no value'],
    [['sign', ...KEY, '--issuer'], '--issuer needs a value'],
    [['decode', '--json=1', 'a.b.c'], '--json takes no value'],
    [['sign', ...KEY, '--kid', ''], '--kid needs a value'],
    [['verify', 'TOKEN', ...KEY, '--iss='], '--iss needs a value'],
  ])('%j: usage error, exit 2', async (args, message) => {
    const { status, stdout, stderr } = await webjwt(args.map((arg) => (arg === 'TOKEN' ? token : arg)), { env });
    expect(stderr).toContain(`: ${message}`);
    expect(stdout).toBe('');
    expect(status).toBe(2);
  });

  test('keygen --out "" is a usage error and writes nothing', async () => {
    // Its own directory: a build from before this check would write a dot-file wherever it runs.
    const cwd = mkdtempSync(join(dir, 'empty-out-'));
    const { status, stderr } = await webjwt(['keygen', 'HS256', '--out', ''], { cwd });
    expect(stderr).toContain(': --out needs a value');
    expect(status).toBe(2);
    expect(readdirSync(cwd)).toEqual([]);
  });

  test('a value that starts with "-" is accepted when attached with =, and reaches the option check', async () => {
    const { status, stderr } = await webjwt(['verify', token, ...KEY, '--clock-tolerance=-5'], { env });
    expect(stderr).toContain('ERR_INVALID_ARGUMENT: clockTolerance must be a non-negative number');
    expect(status).toBe(2);
  });

  test('"-" stays a value (stdin) for flags that take a file', async () => {
    const { status, stdout } = await webjwt(['sign', ...KEY, '--claims', '-', '--no-iat'], { env, input: '{"sub":"from-stdin"}' });
    expect(status).toBe(0);
    expect(JSON.parse(Buffer.from(stdout.trim().split('.')[1]!, 'base64url').toString())).toEqual({ sub: 'from-stdin' });
  });
});

describe('--issuer, --audience and --subject: the library names for --iss, --aud and --sub', () => {
  test('sign sets the claims from the long names', async () => {
    const { stdout } = await webjwt(['sign', ...KEY, '--no-iat', '--issuer', 'https://auth.example.com', '--audience=a', '--audience', 'b', '--subject', 'user-1'], { env });
    expect(JSON.parse(Buffer.from(stdout.trim().split('.')[1]!, 'base64url').toString())).toEqual({
      iss: 'https://auth.example.com',
      aud: ['a', 'b'],
      sub: 'user-1',
    });
  });

  test('verify checks them: the right values pass, a wrong one fails with its claim', async () => {
    const ok = await webjwt(['verify', token, ...KEY, '--issuer', 'https://auth.example.com', '--audience', 'api', '--subject=user-1'], { env });
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    const bad = await webjwt(['verify', token, ...KEY, '--issuer', 'https://evil.example'], { env });
    expect(bad.stderr).toContain('ERR_JWT_CLAIM_INVALID (claim iss)');
    expect(bad.status).toBe(8);
  });

  test('long and short names add up for repeatable flags: --iss a --issuer b allows both', async () => {
    const { status } = await webjwt(['verify', token, ...KEY, '--iss', 'https://other.example', '--issuer', 'https://auth.example.com'], { env });
    expect(status).toBe(0);
  });
});
