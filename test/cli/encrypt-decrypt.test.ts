/**
 * `webjwt encrypt` and `webjwt decrypt`: round trips for every key family with keys from `keygen`,
 * claims checked as `verify` checks them, nested tokens, plaintext content, compression, a JWKS of
 * decryption keys, and the exit statuses: one message for every failure to decrypt (status 4), an
 * algorithm that is not the key's (5), usage errors (2). Tokens also cross between the CLI and the
 * library both ways.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { decrypt, encrypt, exportEncryptionJwk, generateEncryptionKey, importEncryptionKey } from '../../src/index.js';
import { requireBuild, webjwt } from './run-cli.js';

const ONE_MESSAGE = 'Invalid: ERR_JWE_DECRYPTION_FAILED: The token cannot be decrypted with this key\n';

let dir: string;
/** A dir + A256GCM secret from `keygen --format secret`, and the environment that holds it. */
let secret: string;
let env: Record<string, string>;
const DIR = ['--key-env', 'SESSION_KEY', '--alg', 'dir', '--enc', 'A256GCM'];

beforeAll(async () => {
  requireBuild();
  dir = mkdtempSync(join(tmpdir(), 'webjwt-jwe-cli-'));
  secret = (await webjwt(['keygen', 'dir', '--enc', 'A256GCM', '--format', 'secret'])).stdout.trim();
  env = { SESSION_KEY: secret };
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function encrypted(args: string[], options: Parameters<typeof webjwt>[1] = { env }): Promise<string> {
  const { status, stdout, stderr } = await webjwt(['encrypt', ...args], options);
  expect(stderr).toBe('');
  expect(status).toBe(0);
  expect(stdout).toMatch(/^[\w-]+\.[\w-]*\.[\w-]+\.[\w-]*\.[\w-]+\n$/);
  return stdout.trim();
}

async function decryptedJson(args: string[], options: Parameters<typeof webjwt>[1] = { env }): Promise<Record<string, unknown>> {
  const { status, stdout, stderr } = await webjwt(['decrypt', ...args, '--json'], options);
  expect(stderr).toBe('');
  expect(status).toBe(0);
  return JSON.parse(stdout) as Record<string, unknown>;
}

/** Changes one character in the middle of segment `index`, keeping it valid base64url. */
function tamper(token: string, index: number): string {
  const parts = token.split('.');
  const part = parts[index]!;
  const at = Math.floor(part.length / 2);
  parts[index] = `${part.slice(0, at)}${part[at] === 'A' ? 'B' : 'A'}${part.slice(at + 1)}`;
  return parts.join('.');
}

describe('webjwt encrypt and decrypt with dir + A256GCM', () => {
  test('claims from flags round-trip; decrypt prints Valid, the header and the payload, and exits 0', async () => {
    const token = await encrypted([...DIR, '--sub', 'user-1', '--iss', 'https://auth.example', '--exp', '15m', '--claim', 'role=admin', '--kid', 'k1']);
    expect(token.split('.')[1]).toBe(''); // dir: no encrypted key
    const { status, stdout, stderr } = await webjwt(['decrypt', token, ...DIR, '--iss', 'https://auth.example', '--sub', 'user-1', '--require', 'exp'], { env });
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(stdout).toMatch(/^Valid: decrypted dir \+ A256GCM; claims checked\nHeader\n\{\n {2}"alg": "dir",\n {2}"enc": "A256GCM",\n {2}"kid": "k1",\n {2}"typ": "JWT"\n\}\n\nPayload\n/);
    expect(stdout).toContain('"role": "admin"');
    expect(stdout).toMatch(/exp\s+\d{4}-\d\d-\d\dT[\d:]+Z \(in 1[45] minutes\)/);
    expect(stdout).not.toContain('\x1b[');
  });

  test('--json prints {valid, header, payload}', async () => {
    const token = await encrypted([...DIR, '--claims', '{"sub":"user-2","n":1}', '--no-iat']);
    expect(await decryptedJson([token, ...DIR])).toEqual({ valid: true, header: { alg: 'dir', enc: 'A256GCM', typ: 'JWT' }, payload: { sub: 'user-2', n: 1 } });
  });

  test('- reads the token from stdin', async () => {
    const token = await encrypted([...DIR, '--sub', 'from-stdin']);
    const { status, stdout } = await webjwt(['decrypt', '-', ...DIR, '--json'], { env, input: `${token}\n` });
    expect(status).toBe(0);
    expect(JSON.parse(stdout).payload.sub).toBe('from-stdin');
  });

  test('colours with FORCE_COLOR', async () => {
    const token = await encrypted([...DIR, '--sub', 'user-1']);
    const { stdout } = await webjwt(['decrypt', token, ...DIR], { env: { ...env, FORCE_COLOR: '1' } });
    expect(stdout).toContain('\x1b[32mValid\x1b[39m');
  });

  test('--secret-encoding utf8 and hex read the same 32 bytes written otherwise', async () => {
    const bytes = Buffer.from(secret, 'base64url');
    const token = await encrypted([...DIR, '--sub', 'user-3']);
    const hex = await decryptedJson([token, '--key-env', 'HEX', '--alg', 'dir', '--enc', 'A256GCM', '--secret-encoding', 'hex'], { env: { HEX: bytes.toString('hex') } });
    expect((hex.payload as { sub: string }).sub).toBe('user-3');
    const text = 'exactly-thirty-two-bytes-of-text';
    const made = await encrypted(['--key-env', 'TEXT', '--alg', 'dir', '--enc', 'A256GCM', '--secret-encoding', 'utf8', '--sub', 'user-4'], { env: { TEXT: text } });
    const read = await decryptedJson([made, '--key-env', 'HEX', '--alg', 'dir', '--enc', 'A256GCM', '--secret-encoding', 'hex'], { env: { HEX: Buffer.from(text).toString('hex') } });
    expect((read.payload as { sub: string }).sub).toBe('user-4');
  });
});

describe('every key family round-trips with keys from keygen', () => {
  test.each([
    ['dir', 'A128CBC-HS256', 'secret'],
    ['A128KW', 'A128GCM', 'secret'],
    ['A192KW', 'A192CBC-HS384', 'jwk'],
    ['A256GCMKW', 'A256CBC-HS512', 'secret'],
    ['PBES2-HS256+A128KW', 'A128GCM', 'secret'],
    ['RSA-OAEP-256', 'A256GCM', 'jwk'],
    ['RSA-OAEP', 'A128CBC-HS256', 'pem'],
    ['ECDH-ES', 'A256GCM', 'pem'],
    ['ECDH-ES+A256KW', 'A256GCM', 'jwk'],
  ])('%s + %s, keys as %s', async (alg, enc, format) => {
    const cwd = mkdtempSync(join(dir, 'family-'));
    const pair = /^(RSA|ECDH)/.test(alg);
    const ext = format === 'pem' ? 'pem' : format === 'jwk' ? 'jwk.json' : 'txt';
    const { status } = await webjwt(['keygen', alg, '--enc', enc, '--format', format, '--out', `k.${ext}`], { cwd });
    expect(status).toBe(0);
    // A pair is two files (the public key encrypts, the private key decrypts); a secret is one.
    const [encryptWith, decryptWith] = pair ? [`k.public.${ext}`, `k.private.${ext}`] : [`k.${ext}`, `k.${ext}`];
    // Absolute paths, so the runs go to the binary and through main in-process alike.
    const keyFlags = (file: string) => ['--key', join(cwd, file), '--alg', alg, '--enc', enc];
    const token = await encrypted([...keyFlags(encryptWith), '--sub', `user-of-${alg}`, '--exp', '5m']);
    expect(JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString())).toMatchObject({ alg, enc });
    const result = await decryptedJson([token, ...keyFlags(decryptWith)]);
    expect(result.payload).toMatchObject({ sub: `user-of-${alg}` });
  });

  test('a JWK from keygen carries its alg: --alg may be left out, --enc may not', async () => {
    const cwd = mkdtempSync(join(dir, 'own-alg-'));
    await webjwt(['keygen', 'ECDH-ES+A128KW', '--enc', 'A128GCM', '--crv', 'P-384', '--out', 'r'], { cwd });
    const token = await encrypted(['--key', 'r.public.jwk.json', '--enc', 'A128GCM', '--sub', 'user-5'], { cwd });
    expect((await decryptedJson([token, '--key', 'r.private.jwk.json', '--enc', 'A128GCM'], { cwd })).payload).toMatchObject({ sub: 'user-5' });
    const noEnc = await webjwt(['decrypt', token, '--key', 'r.private.jwk.json'], { cwd });
    expect(noEnc.stderr).toContain('--enc is required');
    expect(noEnc.status).toBe(2);
  });
});

describe('one failure for every step of decryption: status 4, one message', () => {
  test('a wrong key, a changed ciphertext, tag or IV all print the same line', async () => {
    const token = await encrypted([...DIR, '--sub', 'user-1']);
    const other = (await webjwt(['keygen', 'dir', '--enc', 'A256GCM', '--format', 'secret'])).stdout.trim();
    const runs = [
      await webjwt(['decrypt', token, '--key-env', 'OTHER', '--alg', 'dir', '--enc', 'A256GCM'], { env: { OTHER: other } }),
      ...(await Promise.all([3, 4, 2].map((segment) => webjwt(['decrypt', tamper(token, segment), ...DIR], { env })))),
    ];
    for (const run of runs) {
      expect(run.stderr).toBe(ONE_MESSAGE);
      expect(run.stdout).toBe('');
      expect(run.status).toBe(4);
    }
  });

  test('with key wrapping too: a wrong RSA key and a changed encrypted key give the same line', async () => {
    const cwd = mkdtempSync(join(dir, 'rsa-'));
    await webjwt(['keygen', 'RSA-OAEP-256', '--enc', 'A256GCM', '--out', 'a'], { cwd });
    await webjwt(['keygen', 'RSA-OAEP-256', '--enc', 'A256GCM', '--out', 'b'], { cwd });
    const token = await encrypted(['--key', 'a.public.jwk.json', '--enc', 'A256GCM', '--sub', 'user-1'], { cwd });
    for (const [candidate, key] of [[token, 'b.private.jwk.json'], [tamper(token, 1), 'a.private.jwk.json']] as const) {
      const run = await webjwt(['decrypt', candidate, '--key', key, '--enc', 'A256GCM'], { cwd });
      expect(run.stderr).toBe(ONE_MESSAGE);
      expect(run.status).toBe(4);
    }
  });

  test('--json reports the failure as an object, with the same code and message', async () => {
    const token = await encrypted([...DIR, '--sub', 'user-1']);
    const { status, stdout } = await webjwt(['decrypt', tamper(token, 3), ...DIR, '--json'], { env });
    expect(status).toBe(4);
    expect(JSON.parse(stdout)).toEqual({ valid: false, code: 'ERR_JWE_DECRYPTION_FAILED', message: 'The token cannot be decrypted with this key' });
  });
});

describe('policy, claims and limits: the exit status names the check', () => {
  test('a token for another alg or enc than the key is bound to: status 5, before any decryption', async () => {
    const token = await encrypted([...DIR, '--sub', 'user-1']);
    const kw = (await webjwt(['keygen', 'A256KW', '--enc', 'A256GCM', '--format', 'secret'])).stdout.trim();
    const otherAlg = await webjwt(['decrypt', token, '--key-env', 'KW', '--alg', 'A256KW', '--enc', 'A256GCM'], { env: { KW: kw } });
    expect(otherAlg.stderr).toContain('ERR_JWE_ALG_NOT_ALLOWED');
    expect(otherAlg.status).toBe(5);
    const half = Buffer.from(secret, 'base64url').subarray(0, 16).toString('base64url');
    const otherEnc = await webjwt(['decrypt', token, '--key-env', 'K', '--alg', 'dir', '--enc', 'A128GCM'], { env: { K: half } });
    expect(otherEnc.stderr).toContain('ERR_JWE_ALG_NOT_ALLOWED');
    expect(otherEnc.status).toBe(5);
  });

  test.each([
    [['--claim', 'exp=1000000000'], [], 6, 'ERR_JWT_EXPIRED'],
    [['--nbf', '1h'], [], 7, 'ERR_JWT_NOT_YET_VALID'],
    [['--iss', 'https://auth.example'], ['--iss', 'https://evil.example'], 8, 'ERR_JWT_CLAIM_INVALID (claim iss)'],
    [[], ['--aud', 'api'], 8, 'ERR_JWT_CLAIM_MISSING (claim aud)'],
    [['--no-iat'], ['--max-age', '1h'], 8, 'ERR_JWT_CLAIM_MISSING (claim iat)'],
    [[], ['--typ', 'at+jwt'], 8, 'ERR_JWT_CLAIM_INVALID'],
  ])('encrypted with %j, decrypted with %j: status %i', async (made, checked, status, code) => {
    const token = await encrypted([...DIR, '--sub', 'user-1', ...made]);
    const run = await webjwt(['decrypt', token, ...DIR, ...checked], { env });
    expect(run.stderr).toContain(`Invalid: ${code}`);
    expect(run.status).toBe(status);
  });

  test('a bad claim-check value is a usage error (2), not an invalid token', async () => {
    const token = await encrypted([...DIR, '--sub', 'user-1']);
    const run = await webjwt(['decrypt', token, ...DIR, '--max-age', 'soon'], { env });
    expect(run.stderr).toMatch(/^webjwt decrypt: ERR_INVALID_ARGUMENT: /);
    expect(run.status).toBe(2);
  });

  test('a compressed token is refused unless --allow-compression, and then bounded', async () => {
    const token = await encrypted([...DIR, '--claims', JSON.stringify({ sub: 'user-1', note: 'x'.repeat(500) }), '--compress']);
    expect(JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()).zip).toBe('DEF');
    const refused = await webjwt(['decrypt', token, ...DIR], { env });
    expect(refused.stderr).toContain('ERR_JWE_ALG_NOT_ALLOWED');
    expect(refused.stderr).toContain('add --allow-compression');
    expect(refused.status).toBe(5);
    expect((await decryptedJson([token, ...DIR, '--allow-compression'])).payload).toMatchObject({ sub: 'user-1' });
    const bomb = await webjwt(['decrypt', token, ...DIR, '--allow-compression', '--max-decompressed-length', '100'], { env });
    expect(bomb.stderr).toContain('ERR_JWT_TOO_LARGE');
    expect(bomb.status).toBe(3);
  });

  test('a PBES2 token asking for more iterations than --max-pbes2-count: status 5', async () => {
    const pbes2 = ['--key-env', 'PASSWORD', '--alg', 'PBES2-HS256+A128KW', '--enc', 'A128GCM'];
    const passwordEnv = { PASSWORD: 'correct horse battery staple' };
    const token = await encrypted([...pbes2, '--sub', 'user-1', '--p2c', '5000'], { env: passwordEnv });
    expect((await decryptedJson([token, ...pbes2], { env: passwordEnv })).payload).toMatchObject({ sub: 'user-1' });
    const run = await webjwt(['decrypt', token, ...pbes2, '--max-pbes2-count', '2000'], { env: passwordEnv });
    expect(run.stderr).toContain('ERR_JWE_ALG_NOT_ALLOWED');
    expect(run.status).toBe(5);
  });

  test('a malformed token: status 3', async () => {
    const token = await encrypted([...DIR, '--sub', 'user-1']);
    const run = await webjwt(['decrypt', token.split('.').slice(0, 4).join('.'), ...DIR], { env });
    expect(run.stderr).toContain('ERR_JWT_MALFORMED');
    expect(run.status).toBe(3);
  });
});

describe('content that is not a claims set: --plaintext', () => {
  test('text round-trips and prints as text', async () => {
    const token = await encrypted([...DIR, '--plaintext', 'hello, world']);
    expect(JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString())).toEqual({ alg: 'dir', enc: 'A256GCM' });
    const { status, stdout } = await webjwt(['decrypt', token, ...DIR, '--plaintext'], { env });
    expect(status).toBe(0);
    expect(stdout).toMatch(/^Decrypted: dir \+ A256GCM; 12 bytes of plaintext \(UTF-8 text\)\n/);
    expect(stdout).toMatch(/\nPlaintext\nhello, world\n$/);
  });

  test('a file is encrypted byte for byte; bytes that are not text come back as base64url', async () => {
    const bytes = Buffer.from([0, 1, 2, 0xff, 0xfe, 0x1b, 0x5b, 0x32, 0x4a]);
    const file = join(dir, 'content.bin');
    writeFileSync(file, bytes);
    const token = await encrypted([...DIR, '--plaintext', `@${file}`, '--cty', 'application/octet-stream']);
    const result = await decryptedJson([token, ...DIR, '--plaintext']);
    expect(result).toEqual({
      valid: true,
      header: { alg: 'dir', enc: 'A256GCM', cty: 'application/octet-stream' },
      plaintext: bytes.toString('base64url'),
      encoding: 'base64url',
    });
  });

  test('without --plaintext, content that is not a claims set fails on its format, with a hint', async () => {
    const token = await encrypted([...DIR, '--plaintext', 'not json']);
    const run = await webjwt(['decrypt', token, ...DIR], { env });
    expect(run.stderr).toContain('Invalid: ERR_JWT_MALFORMED');
    expect(run.stderr).toContain('add --plaintext');
    expect(run.status).toBe(3);
  });
});

describe('nested tokens: signed, then encrypted', () => {
  let cwd: string;
  let token: string;
  const file = (name: string) => join(cwd, name);
  // Absolute paths, so each run goes to the binary and through main in-process alike.
  const decryptKey = () => ['--key', file('recipient.private.pem'), '--alg', 'RSA-OAEP-256', '--enc', 'A256GCM'];
  beforeAll(async () => {
    cwd = mkdtempSync(join(dir, 'nested-'));
    await webjwt(['keygen', 'RSA-OAEP-256', '--enc', 'A256GCM', '--format', 'pem', '--out', 'recipient'], { cwd });
    await webjwt(['keygen', 'ES256', '--format', 'pem', '--out', 'issuer'], { cwd });
    await webjwt(['keygen', 'ES256', '--format', 'pem', '--out', 'other'], { cwd });
    token = await encrypted(
      ['--key', file('recipient.public.pem'), '--alg', 'RSA-OAEP-256', '--enc', 'A256GCM', '--sign-key', file('issuer.private.pem'), '--sign-alg', 'ES256', '--iss', 'https://auth.example', '--sub', 'user-1', '--exp', '5m'],
    );
  });

  test('decrypt --verify-key verifies the signed JWT inside and checks its claims', async () => {
    const result = await decryptedJson([token, ...decryptKey(), '--verify-key', file('issuer.public.pem'), '--verify-alg', 'ES256', '--iss', 'https://auth.example']);
    expect(result.encryptionHeader).toEqual({ alg: 'RSA-OAEP-256', enc: 'A256GCM', cty: 'JWT' });
    expect(result.header).toEqual({ alg: 'ES256', typ: 'JWT' });
    expect(result.payload).toMatchObject({ iss: 'https://auth.example', sub: 'user-1' });
    const text = await webjwt(['decrypt', token, ...decryptKey(), '--verify-key', file('issuer.public.pem'), '--verify-alg', 'ES256']);
    expect(text.stdout).toMatch(/^Valid: decrypted RSA-OAEP-256 \+ A256GCM; signature ES256; claims checked\nHeader \(encrypted token\)\n/);
    expect(text.stdout).toContain('\nHeader (signed token)\n');
  });

  test('without --verify-key a nested token is a usage error that says what to add', async () => {
    const run = await webjwt(['decrypt', token, ...decryptKey()]);
    expect(run.stderr).toContain('nested JWT');
    expect(run.stderr).toContain('--verify-key');
    expect(run.status).toBe(2);
  });

  test('the wrong issuer key fails on the signature (4); a wrong claim on the claim (8)', async () => {
    const forged = await webjwt(['decrypt', token, ...decryptKey(), '--verify-key', file('other.public.pem'), '--verify-alg', 'ES256']);
    expect(forged.stderr).toContain('Invalid: ERR_JWS_SIGNATURE_INVALID');
    expect(forged.status).toBe(4);
    const claim = await webjwt(['decrypt', token, ...decryptKey(), '--verify-key', file('issuer.public.pem'), '--verify-alg', 'ES256', '--iss', 'https://evil.example']);
    expect(claim.stderr).toContain('ERR_JWT_CLAIM_INVALID (claim iss)');
    expect(claim.status).toBe(8);
  });

  test('--verify-key on a token that is not nested is refused: its claims carry no signature', async () => {
    const plain = await encrypted(['--key', file('recipient.public.pem'), '--alg', 'RSA-OAEP-256', '--enc', 'A256GCM', '--sub', 'user-1']);
    const run = await webjwt(['decrypt', plain, ...decryptKey(), '--verify-key', file('issuer.public.pem'), '--verify-alg', 'ES256']);
    expect(run.stderr).toContain('not a nested JWT');
    expect(run.status).toBe(3);
  });

  test('key errors of the second key name the flags as typed: --verify-alg, --sign-alg', async () => {
    const verify = await webjwt(['decrypt', token, ...decryptKey(), '--verify-key', file('issuer.public.pem')]);
    expect(verify.stderr).toContain('--verify-alg is required with a PEM key');
    expect(verify.status).toBe(2);
    const sign = await webjwt(['encrypt', '--key', file('recipient.public.pem'), '--alg', 'RSA-OAEP-256', '--enc', 'A256GCM', '--sign-key', file('issuer.private.pem')]);
    expect(sign.stderr).toContain('--sign-alg is required with a PEM key');
    expect(sign.status).toBe(2);
  });
});

describe('a JWKS of decryption keys: the token kid picks the key (rotation)', () => {
  test('tokens under the old and the new key both decrypt; an unknown kid is status 10', async () => {
    const cwd = mkdtempSync(join(dir, 'jwks-'));
    const file = (name: string) => join(cwd, name);
    await webjwt(['keygen', 'A256KW', '--enc', 'A256GCM', '--kid', '2026-01', '--out', 'old.json'], { cwd });
    await webjwt(['keygen', 'A256KW', '--enc', 'A256GCM', '--kid', '2026-02', '--out', 'new.json'], { cwd });
    const keys = ['old.json', 'new.json'].map((name) => JSON.parse(readFileSync(file(name), 'utf8')));
    writeFileSync(file('keys.json'), JSON.stringify({ keys }));
    for (const [name, kid] of [['old.json', '2026-01'], ['new.json', '2026-02']] as const) {
      const token = await encrypted(['--key', file(name), '--enc', 'A256GCM', '--sub', kid]);
      const result = await decryptedJson([token, '--key', file('keys.json'), '--enc', 'A256GCM']);
      expect(result.header).toMatchObject({ kid });
      expect(result.payload).toMatchObject({ sub: kid });
    }
    const stranger = await encrypted(['--key', file('old.json'), '--enc', 'A256GCM', '--kid', '2025-12']);
    const run = await webjwt(['decrypt', stranger, '--key', file('keys.json'), '--enc', 'A256GCM']);
    expect(run.stderr).toContain('ERR_KEY_NOT_FOUND');
    expect(run.status).toBe(10);
  });
});

describe('tokens cross between the CLI and the library', () => {
  test('the library decrypts what the CLI encrypts, and the CLI what the library encrypts', async () => {
    const key = await importEncryptionKey(Buffer.from(secret, 'base64url'), 'dir', 'A256GCM');
    const fromCli = await encrypted([...DIR, '--sub', 'cli']);
    expect((await decrypt(fromCli, key)).payload.sub).toBe('cli');
    const fromLibrary = await encrypt({ sub: 'library' }, key, { expiresIn: '5m' });
    expect((await decryptedJson([fromLibrary, ...DIR])).payload).toMatchObject({ sub: 'library' });
  });

  test('a JWK exported by the library is a --key file for the CLI', async () => {
    const key = await generateEncryptionKey('A128GCMKW', 'A128CBC-HS256', { kid: 'lib-1' });
    const file = join(dir, 'lib.jwk.json');
    writeFileSync(file, JSON.stringify(await exportEncryptionJwk(key)));
    const token = await encrypt({ sub: 'library' }, key);
    const result = await decryptedJson([token, '--key', file, '--enc', 'A128CBC-HS256']);
    expect(result.header).toMatchObject({ alg: 'A128GCMKW', kid: 'lib-1' });
  });
});

describe('usage errors: status 2, before anything is encrypted or decrypted', () => {
  test.each([
    [['encrypt', '--key-env', 'SESSION_KEY', '--alg', 'dir'], '--enc is required'],
    [['encrypt', '--key-env', 'SESSION_KEY', '--enc', 'A256GCM'], '--alg is required with a secret'],
    [['encrypt', '--key-env', 'SESSION_KEY', '--alg', 'A256KV', '--enc', 'A256GCM'], 'Unknown key management algorithm "A256KV" (did you mean A256KW?)'],
    [['encrypt', '--key-env', 'SESSION_KEY', '--alg', 'HS256', '--enc', 'A256GCM'], 'Unknown key management algorithm "HS256"'],
    [['encrypt', '--key-env', 'SESSION_KEY', '--alg', 'dir', '--enc', 'A256GCN'], 'Unknown content encryption algorithm "A256GCN" (did you mean A256GCM?)'],
    [['encrypt', '--alg', 'dir', '--enc', 'A256GCM'], 'A key is required'],
    [['encrypt', ...DIR, '--secret-encoding', 'base64'], '--secret-encoding must be base64url, hex or utf8'],
    [['encrypt', '--key-env', 'TEXT', '--alg', 'dir', '--enc', 'A256GCM'], 'not base64url text'],
    [['encrypt', '--key-env', 'SESSION_KEY', '--alg', 'RSA-OAEP-256', '--enc', 'A256GCM'], 'RSA-OAEP-256 needs a PEM key or a JWK, not a secret'],
    [['encrypt', ...DIR, '--plaintext', 'x', '--sub', 'user-1'], '--plaintext encrypts content as it is'],
    [['encrypt', ...DIR, '--p2c', 'many'], '--p2c must be a whole number'],
    [['encrypt', ...DIR, 'extra'], 'Unexpected argument "extra"'],
    [['decrypt', 'TOKEN', ...DIR, '--plaintext', '--iss', 'x'], '--plaintext shows content that is not a JWT'],
    [['decrypt', 'TOKEN', ...DIR, '--max-decompressed-length', '100'], '--max-decompressed-length applies with --allow-compression only'],
    [['decrypt', 'TOKEN', ...DIR, '--max-pbes2-count', '0'], '--max-pbes2-count must be a positive whole number'],
    [['decrypt', ...DIR], 'A token is required'],
    [['decrypt', 'TOKEN', '--key-env', 'SESSION_KEY', '--alg', 'dir', '--enc', 'A256GCM', '--key', 'k.pem'], 'Give only one of --key, --key-env'],
  ])('%j', async (args, message) => {
    const token = await encrypted([...DIR, '--sub', 'user-1']);
    const { status, stdout, stderr } = await webjwt(args.map((arg) => (arg === 'TOKEN' ? token : arg)), { env: { ...env, TEXT: 'not base64url!' } });
    expect(stderr).toContain(message);
    expect(stdout).toBe('');
    expect(status).toBe(2);
  });

  test('a key of the wrong kind is status 10: a public key cannot decrypt, a private key does not encrypt', async () => {
    const cwd = mkdtempSync(join(dir, 'kinds-'));
    await webjwt(['keygen', 'ECDH-ES', '--enc', 'A128GCM', '--out', 'e'], { cwd });
    const token = await encrypted(['--key', 'e.public.jwk.json', '--enc', 'A128GCM'], { cwd });
    const decryptWithPublic = await webjwt(['decrypt', token, '--key', 'e.public.jwk.json', '--enc', 'A128GCM'], { cwd });
    expect(decryptWithPublic.stderr).toBe('webjwt decrypt: ERR_KEY_INVALID: A public key cannot decrypt; use the private key\n');
    expect(decryptWithPublic.status).toBe(10);
    const encryptWithPrivate = await webjwt(['encrypt', '--key', 'e.private.jwk.json', '--enc', 'A128GCM'], { cwd });
    expect(encryptWithPrivate.stderr).toBe('webjwt encrypt: ERR_KEY_INVALID: A private key does not encrypt; use its public key\n');
    expect(encryptWithPrivate.status).toBe(10);
    const short = await webjwt(['encrypt', '--key-env', 'SHORT', '--alg', 'dir', '--enc', 'A256GCM'], { env: { SHORT: Buffer.alloc(16).toString('base64url') } });
    expect(short.stderr).toContain('ERR_KEY_INVALID');
    expect(short.status).toBe(10);
  });
});
