/**
 * `webjwt decrypt --plaintext --out <file>`: the decrypted content written to a new file, byte for
 * byte (every byte value, no newline added, no encoding), mode 0600; an existing file is never
 * overwritten and a path that cannot be written is a usage error (status 2) naming it; a token that
 * does not decrypt creates no file; --out without --plaintext, with claim checks or a nested
 * verifier, or with no file name is a usage error before anything is decrypted. And an ECDH key pair
 * exported by Deno's Web Crypto (its EC JWKs carry "alg": "ECDH") encrypts and decrypts with --alg.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import denoExported from '../fixtures/jwe/deno-ecdh-jwks.json';
import { requireBuild, webjwt } from './run-cli.js';

const DIR = ['--key-env', 'SESSION_KEY', '--alg', 'dir', '--enc', 'A256GCM'];
/** Every byte value, then every one again in reverse: newlines, CR, NUL, ESC and invalid UTF-8 included. */
const ALL_BYTES = Buffer.from([...Array.from({ length: 256 }, (_, i) => i), ...Array.from({ length: 256 }, (_, i) => 255 - i)]);

let dir: string;
let env: Record<string, string>;
let binaryToken: string;

async function encrypted(args: string[], options: Parameters<typeof webjwt>[1] = { env }): Promise<string> {
  const { status, stdout, stderr } = await webjwt(['encrypt', ...args], options);
  expect(stderr).toBe('');
  expect(status).toBe(0);
  return stdout.trim();
}

beforeAll(async () => {
  requireBuild();
  dir = mkdtempSync(join(tmpdir(), 'webjwt-decrypt-out-'));
  env = { SESSION_KEY: (await webjwt(['keygen', 'dir', '--enc', 'A256GCM', '--format', 'secret'])).stdout.trim() };
  const source = join(dir, 'all-bytes.bin');
  writeFileSync(source, ALL_BYTES);
  binaryToken = await encrypted([...DIR, '--plaintext', `@${source}`, '--cty', 'application/octet-stream']);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('decrypt --plaintext --out <file>', () => {
  test('every byte value round-trips byte-exact through encrypt --plaintext @file and decrypt --out', async () => {
    const out = join(dir, 'round-trip.bin');
    const { status, stdout, stderr } = await webjwt(['decrypt', binaryToken, ...DIR, '--plaintext', '--out', out], { env });
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(readFileSync(out).equals(ALL_BYTES)).toBe(true);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(stdout).toBe(
      `Decrypted: dir + A256GCM; 512 bytes of plaintext written to ${out}\nHeader\n` +
        '{\n  "alg": "dir",\n  "enc": "A256GCM",\n  "cty": "application/octet-stream"\n}\n',
    );
  });

  test('text is written as it is too: no newline added, none removed', async () => {
    const token = await encrypted([...DIR, '--plaintext', 'line one\nline two\n\n']);
    const out = join(dir, 'text.txt');
    expect((await webjwt(['decrypt', token, ...DIR, '--plaintext', '--out', out], { env })).status).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe('line one\nline two\n\n');
  });

  test('--json prints {valid, header, out, length}, and nothing of the content', async () => {
    const out = join(dir, 'json.bin');
    const { status, stdout } = await webjwt(['decrypt', binaryToken, ...DIR, '--plaintext', '--out', out, '--json'], { env });
    expect(status).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ valid: true, header: { alg: 'dir', enc: 'A256GCM', cty: 'application/octet-stream' }, out, length: 512 });
    expect(readFileSync(out).equals(ALL_BYTES)).toBe(true);
  });

  test('an existing file is not overwritten: status 2, its content unchanged', async () => {
    const out = join(dir, 'existing.bin');
    writeFileSync(out, 'keep me');
    const { status, stdout, stderr } = await webjwt(['decrypt', binaryToken, ...DIR, '--plaintext', '--out', out], { env });
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(`${out} already exists; decrypt never overwrites a file (EEXIST)`);
    expect(readFileSync(out, 'utf8')).toBe('keep me');
  });

  test('a path that cannot be written is status 2 naming it: a missing folder, a folder, a file used as a folder', async () => {
    const blocker = join(dir, 'a-file');
    writeFileSync(blocker, 'x');
    for (const [out, code] of [
      [join(dir, 'no-such-folder', 'out.bin'), 'ENOENT'],
      [dir, 'EEXIST'],
      [join(blocker, 'out.bin'), 'ENOTDIR'],
    ] as const) {
      const { status, stdout, stderr } = await webjwt(['decrypt', binaryToken, ...DIR, '--plaintext', '--out', out], { env });
      expect(status, out).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toContain(code === 'EEXIST' ? `${out} already exists` : `Cannot write ${out} (${code})`);
    }
    expect(existsSync(join(dir, 'no-such-folder'))).toBe(false);
    expect(readFileSync(blocker, 'utf8')).toBe('x');
  });

  test('a token that does not decrypt creates no file (status 4)', async () => {
    const out = join(dir, 'never.bin');
    const other = (await webjwt(['keygen', 'dir', '--enc', 'A256GCM', '--format', 'secret'])).stdout.trim();
    const { status, stderr } = await webjwt(['decrypt', binaryToken, ...DIR, '--plaintext', '--out', out], { env: { SESSION_KEY: other } });
    expect(stderr).toBe('Invalid: ERR_JWE_DECRYPTION_FAILED: The token cannot be decrypted with this key\n');
    expect(status).toBe(4);
    expect(existsSync(out)).toBe(false);
  });

  test.each([
    [['--out', 'OUT'], '--out writes content that is not a JWT claims set: add --plaintext'],
    [['--out', 'OUT', '--json'], '--out writes content that is not a JWT claims set: add --plaintext'],
    [['--plaintext', '--out', 'OUT', '--iss', 'https://auth.example'], '--plaintext shows content that is not a JWT'],
    [['--plaintext', '--out', 'OUT', '--require', 'exp'], '--plaintext shows content that is not a JWT'],
    [['--plaintext', '--out', 'OUT', '--verify-key-env', 'SESSION_KEY', '--verify-alg', 'HS256'], '--plaintext shows content that is not a JWT'],
    [['--plaintext', '--out', ''], '--out needs a value'],
    [['--plaintext', '--out', '-'], '--out needs a file name'],
    [['--plaintext', '--out'], '--out needs a value'],
  ])('conflicting or missing values are usage errors (status 2) and write nothing: %j', async (flags, message) => {
    const out = join(dir, 'conflict.bin');
    const args = ['decrypt', binaryToken, ...DIR, ...flags.map((flag) => (flag === 'OUT' ? out : flag))];
    const { status, stdout, stderr } = await webjwt(args, { env });
    expect(stderr).toContain(message);
    expect(stdout).toBe('');
    expect(status).toBe(2);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(join(dir, '-'))).toBe(false);
  });
});

describe('ECDH keys exported by Deno (EC JWKs with alg "ECDH")', () => {
  const keys = denoExported.keys as Record<string, { publicJwk: object; privateJwk: object }>;

  test.each(['P-256', 'P-521', 'X25519'])('%s: encrypt and decrypt with --alg ECDH-ES+A256KW', async (crv) => {
    const cwd = mkdtempSync(join(dir, 'deno-'));
    writeFileSync(join(cwd, 'public.jwk.json'), JSON.stringify(keys[crv]!.publicJwk));
    writeFileSync(join(cwd, 'private.jwk.json'), JSON.stringify(keys[crv]!.privateJwk));
    const flags = ['--alg', 'ECDH-ES+A256KW', '--enc', 'A256GCM'];
    const token = await encrypted(['--key', 'public.jwk.json', ...flags, '--sub', 'deno-user'], { cwd });
    const { status, stdout } = await webjwt(['decrypt', token, '--key', 'private.jwk.json', ...flags, '--json'], { cwd });
    expect(status).toBe(0);
    expect(JSON.parse(stdout).payload.sub).toBe('deno-user');
  });

  test('without --alg, "ECDH" is not taken for a JOSE algorithm: status 2 saying why', async () => {
    const cwd = mkdtempSync(join(dir, 'deno-'));
    writeFileSync(join(cwd, 'public.jwk.json'), JSON.stringify(keys['P-256']!.publicJwk));
    const { status, stderr } = await webjwt(['encrypt', '--key', 'public.jwk.json', '--enc', 'A256GCM', '--sub', 'x'], { cwd });
    expect(stderr).toContain('--alg is required with a JWK whose "alg" is not a key management algorithm');
    expect(status).toBe(2);
  });

  test('a JWKS of such keys without --alg: status 2 naming the key, "ECDH" and the --alg that binds it; with that --alg it decrypts', async () => {
    const cwd = mkdtempSync(join(dir, 'deno-jwks-'));
    const { publicJwk, privateJwk } = keys['P-384']!;
    writeFileSync(join(cwd, 'public.jwk.json'), JSON.stringify(publicJwk));
    // An A256KW key under another kid, as a JWKS in rotation has: it must not hide the Deno key's problem.
    await webjwt(['keygen', 'A256KW', '--enc', 'A256GCM', '--kid', 'wrap-1', '--out', 'wrap.json'], { cwd });
    const wrap = JSON.parse(readFileSync(join(cwd, 'wrap.json'), 'utf8'));
    writeFileSync(join(cwd, 'keys.json'), JSON.stringify({ keys: [wrap, { ...privateJwk, kid: 'deno-1' }] }));
    const token = await encrypted(['--key', 'public.jwk.json', '--alg', 'ECDH-ES+A128KW', '--enc', 'A256GCM', '--kid', 'deno-1', '--sub', 'deno-user'], { cwd });

    for (const json of [[], ['--json']]) {
      const { status, stdout, stderr } = await webjwt(['decrypt', token, '--key', 'keys.json', '--enc', 'A256GCM', ...json], { cwd });
      expect(stderr).toContain('The JWKS key with kid "deno-1" has "alg": "ECDH"');
      expect(stderr).toContain('names no JOSE algorithm');
      expect(stderr).toContain('give --alg ECDH-ES+A128KW');
      expect(stderr).not.toContain('ERR_KEY_NOT_FOUND');
      expect(stdout).toBe('');
      expect(status).toBe(2);
    }
    const bound = await webjwt(['decrypt', token, '--key', 'keys.json', '--enc', 'A256GCM', '--alg', 'ECDH-ES+A128KW', '--json'], { cwd });
    expect(bound.status).toBe(0);
    expect(JSON.parse(bound.stdout).payload.sub).toBe('deno-user');
  });

  test('a JWKS key without "alg" says so; a kid no key has, or a key-wrapped token an "ECDH" key cannot serve, stays ERR_KEY_NOT_FOUND (status 10)', async () => {
    const cwd = mkdtempSync(join(dir, 'deno-jwks-'));
    const bare: Record<string, unknown> = { ...keys['P-256']!.privateJwk };
    delete bare.alg;
    writeFileSync(join(cwd, 'public.jwk.json'), JSON.stringify(keys['P-256']!.publicJwk));
    writeFileSync(join(cwd, 'keys.json'), JSON.stringify({ keys: [{ ...bare, kid: 'bare-1' }] }));
    const ecdh = ['--key', 'public.jwk.json', '--alg', 'ECDH-ES', '--enc', 'A128GCM', '--sub', 'x'];
    const token = await encrypted([...ecdh, '--kid', 'bare-1'], { cwd });
    const noAlg = await webjwt(['decrypt', token, '--key', 'keys.json', '--enc', 'A128GCM'], { cwd });
    expect(noAlg.stderr).toContain('The JWKS key with kid "bare-1" has no "alg"');
    expect(noAlg.stderr).toContain('give --alg ECDH-ES');
    expect(noAlg.status).toBe(2);

    const stranger = await encrypted([...ecdh, '--kid', 'other'], { cwd });
    const unknownKid = await webjwt(['decrypt', stranger, '--key', 'keys.json', '--enc', 'A128GCM'], { cwd });
    expect(unknownKid.stderr).toContain("ERR_KEY_NOT_FOUND: No key in the JWKS has the token's kid and alg");
    expect(unknownKid.status).toBe(10);

    // "ECDH" is suggested for ECDH-ES tokens only: a key-wrapped token under its kid is no key's.
    writeFileSync(join(cwd, 'deno.json'), JSON.stringify({ keys: [{ ...keys['P-256']!.privateJwk, kid: 'k' }] }));
    const wrapEnv = { WRAP_KEY: (await webjwt(['keygen', 'A128KW', '--enc', 'A128GCM', '--format', 'secret'])).stdout.trim() };
    const wrapped = await encrypted(['--key-env', 'WRAP_KEY', '--alg', 'A128KW', '--enc', 'A128GCM', '--kid', 'k', '--sub', 'x'], { env: wrapEnv });
    const notEcdh = await webjwt(['decrypt', wrapped, '--key', 'deno.json', '--enc', 'A128GCM'], { cwd });
    expect(notEcdh.stderr).toContain('ERR_KEY_NOT_FOUND');
    expect(notEcdh.status).toBe(10);
  });
});
