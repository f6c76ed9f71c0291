/**
 * `webjwt decode`: the three parts, human dates, JSON output, stdin, colours, and malformed input;
 * an encrypted token (JWE) is recognised and pointed to `webjwt decrypt`.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { requireBuild, webjwt } from './run-cli.js';

beforeAll(requireBuild);

const EXAMPLE =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
const ESC = '\x1b[';
// encrypt({ sub: 'user-1' }) at 2026-01-01 with dir + A256GCM and a key of 32 bytes of 7.
const JWE =
  'eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIiwidHlwIjoiSldUIn0..a2tRZ_Zc_J0_dVzb.KMWAj0l6o3ubsC2gdiyt_Gvo9p64GIYXa2yggGUqutet.xEitx7OheXDuIDgdDRVaew';

describe('webjwt decode', () => {
  test('prints header, payload, the date of iat, the signature size, and a warning', async () => {
    const { status, stdout, stderr } = await webjwt(['decode', EXAMPLE]);
    expect(status).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toContain('Header\n{\n  "alg": "HS256",\n  "typ": "JWT"\n}');
    expect(stdout).toContain('"name": "John Doe"');
    expect(stdout).toMatch(/iat\s+2018-01-18T01:30:22Z \(\d+ years? ago\)/);
    expect(stdout).toContain('Signature (32 bytes)\nSflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c');
    expect(stdout).toContain('Not verified');
    expect(stdout).not.toContain(ESC);
  });

  test('--json prints one parseable object', async () => {
    const { status, stdout } = await webjwt(['decode', '--json', EXAMPLE]);
    expect(status).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      header: { alg: 'HS256', typ: 'JWT' },
      payload: { sub: '1234567890', name: 'John Doe', iat: 1516239022 },
      signature: 'SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
    });
  });

  test('- reads the token from stdin, ignoring surrounding whitespace', async () => {
    const { status, stdout } = await webjwt(['decode', '--json', '-'], { input: `\n  ${EXAMPLE}\n` });
    expect(status).toBe(0);
    expect(JSON.parse(stdout).payload.sub).toBe('1234567890');
  });

  test('colours the parts with FORCE_COLOR, and not with NO_COLOR alone', async () => {
    const coloured = await webjwt(['decode', EXAMPLE], { env: { FORCE_COLOR: '1' } });
    expect(coloured.stdout).toContain(`${ESC}31meyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9${ESC}39m.`);
    expect(coloured.stdout).toContain(`${ESC}36mSflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c${ESC}39m`);
    const plain = await webjwt(['decode', EXAMPLE], { env: { NO_COLOR: '1' } });
    expect(plain.stdout).not.toContain(ESC);
  });

  test.each([
    ['two segments', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0'],
    ['a header that is not JSON', 'bm90IGpzb24.eyJzdWIiOiJhIn0.c2ln'],
    ['padding in base64url', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0=.c2ln'],
  ])('refuses %s with exit 3 and ERR_JWT_MALFORMED', async (_name, token) => {
    const { status, stdout, stderr } = await webjwt(['decode', token]);
    expect(status).toBe(3);
    expect(stdout).toBe('');
    expect(stderr).toContain('ERR_JWT_MALFORMED');
  });

  test('an encrypted token (JWE): says it cannot be decoded without the key, shows its header and how to decrypt', async () => {
    const { status, stdout, stderr } = await webjwt(['decode', JWE]);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(stdout).toMatch(/^This is an encrypted token \(JWE\): its payload cannot be decoded without the key\.\n/);
    expect(stdout).toContain('webjwt decrypt <token | -> --key <file> --alg dir --enc A256GCM');
    expect(stdout).toContain('Header (not encrypted)\n{\n  "alg": "dir",\n  "enc": "A256GCM",\n  "typ": "JWT"\n}');
    expect(stdout).toContain('Encrypted key 0 bytes, IV 12 bytes, ciphertext 33 bytes, tag 16 bytes');
    expect(stdout).not.toContain('Payload');
  });

  test('an encrypted token with --json: {encrypted, header, sizes, message}, no payload', async () => {
    const { status, stdout } = await webjwt(['decode', '--json', '-'], { input: JWE });
    expect(status).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      encrypted: true,
      header: { alg: 'dir', enc: 'A256GCM', typ: 'JWT' },
      sizes: { encryptedKey: 0, iv: 12, ciphertext: 33, tag: 16 },
      message: 'This is an encrypted token (JWE): its payload cannot be decoded without the key.',
    });
  });

  test('names from an encrypted header reach the hint only when they look like algorithm names', async () => {
    const header = Buffer.from(JSON.stringify({ alg: '\u001b[2Jdir', enc: 'A256GCM' })).toString('base64url');
    const { status, stdout } = await webjwt(['decode', [header, ...JWE.split('.').slice(1)].join('.')]);
    expect(status).toBe(0);
    expect(stdout).toContain('--alg <alg> --enc A256GCM');
    expect(stdout).not.toContain('\x1b[2J');
  });

  test('five segments that are not a JWE (no "enc" in the header) are malformed: exit 3', async () => {
    const { status, stderr } = await webjwt(['decode', `eyJhbGciOiJIUzI1NiJ9.${JWE.split('.').slice(1).join('.')}`]);
    expect(stderr).toContain('ERR_JWT_MALFORMED');
    expect(stderr).toContain('"enc"');
    expect(status).toBe(3);
  });

  test('refuses an oversized token with exit 3 and ERR_JWT_TOO_LARGE', async () => {
    const { status, stderr } = await webjwt(['decode', '-'], { input: `eyJhbGciOiJIUzI1NiJ9.${'a'.repeat(9000)}.c2ln` });
    expect(status).toBe(3);
    expect(stderr).toContain('ERR_JWT_TOO_LARGE');
  });
});
