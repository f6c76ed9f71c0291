/**
 * `webjwt keygen`: secrets and key pairs for every algorithm, signing and encryption, as JWK, PEM or
 * text; files written with safe modes and never overwritten.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { requireBuild, webjwt } from './run-cli.js';

let dir: string;
beforeAll(() => {
  requireBuild();
  dir = mkdtempSync(join(tmpdir(), 'webjwt-keygen-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('webjwt keygen: HMAC', () => {
  test.each([
    ['HS256', 32],
    ['HS384', 48],
    ['HS512', 64],
  ])('%s --format secret prints hash-sized random bytes as base64url text, which sign accepts', async (alg, bytes) => {
    const first = await webjwt(['keygen', alg, '--format', 'secret']);
    const second = await webjwt(['keygen', alg, '--format', 'secret']);
    expect(first.status).toBe(0);
    const secret = first.stdout.trim();
    expect(secret).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(Buffer.from(secret, 'base64url')).toHaveLength(bytes);
    expect(secret).not.toBe(second.stdout.trim());
    const signed = await webjwt(['sign', '--key-env', 'S', '--alg', alg], { env: { S: secret } });
    expect(signed.status).toBe(0);
  });

  test('HS256 as JWK (the default): kty oct, alg, the kid asked for', async () => {
    const { status, stdout } = await webjwt(['keygen', 'HS256', '--kid', 'mac-1']);
    expect(status).toBe(0);
    const jwk = JSON.parse(stdout);
    expect(jwk).toMatchObject({ kty: 'oct', alg: 'HS256', kid: 'mac-1' });
    expect(Buffer.from(jwk.k, 'base64url').length).toBeGreaterThanOrEqual(32);
  });

  test('an HMAC secret has no PEM form: exit 2', async () => {
    const { status, stderr } = await webjwt(['keygen', 'HS256', '--format', 'pem']);
    expect(status).toBe(2);
    expect(stderr).toContain('no PEM form');
  });
});

describe('webjwt keygen: key pairs', () => {
  test.each([
    ['RS256', 'RSA'],
    ['PS384', 'RSA'],
    ['ES256', 'EC'],
    ['ES384', 'EC'],
    ['ES512', 'EC'],
    ['EdDSA', 'OKP'],
    ['Ed25519', 'OKP'],
  ])('%s as JWK: a private and a public key sharing a thumbprint kid; only the private key has d', async (alg, kty) => {
    const { status, stdout } = await webjwt(['keygen', alg]);
    expect(status).toBe(0);
    const { privateKey, publicKey } = JSON.parse(stdout);
    expect(privateKey).toMatchObject({ kty, alg });
    expect(publicKey).toMatchObject({ kty, alg });
    expect(typeof privateKey.d).toBe('string');
    expect(publicKey.d).toBeUndefined();
    expect(publicKey.kid).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(privateKey.kid).toBe(publicKey.kid);
  });

  test('RSA --modulus-length 3072 makes a 3072-bit key', async () => {
    const { status, stdout } = await webjwt(['keygen', 'RS256', '--modulus-length', '3072']);
    expect(status).toBe(0);
    expect(Buffer.from(JSON.parse(stdout).publicKey.n, 'base64url')).toHaveLength(384);
  });

  test('PEM to stdout: PKCS#8 private key, then SPKI public key', async () => {
    const { status, stdout } = await webjwt(['keygen', 'ES256', '--format', 'pem']);
    expect(status).toBe(0);
    expect(stdout).toMatch(/^-----BEGIN PRIVATE KEY-----\n[A-Za-z0-9+/=\n]+-----END PRIVATE KEY-----\n-----BEGIN PUBLIC KEY-----\n[A-Za-z0-9+/=\n]+-----END PUBLIC KEY-----\n$/);
  });

  test('--out writes the private key with mode 0600 and the public key 0644, and never overwrites', async () => {
    const base = join(dir, 'signing');
    const first = await webjwt(['keygen', 'ES256', '--format', 'pem', '--out', base]);
    expect(first.status).toBe(0);
    expect(first.stdout).toBe('');
    expect(statSync(`${base}.private.pem`).mode & 0o777).toBe(0o600);
    expect(statSync(`${base}.public.pem`).mode & 0o077).toBe(0o044 & statSync(`${base}.public.pem`).mode);
    expect(readFileSync(`${base}.private.pem`, 'utf8')).toContain('BEGIN PRIVATE KEY');
    const before = readFileSync(`${base}.private.pem`, 'utf8');
    const again = await webjwt(['keygen', 'ES256', '--format', 'pem', '--out', base]);
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('EEXIST');
    expect(readFileSync(`${base}.private.pem`, 'utf8')).toBe(before);
  });

  test('--out <file> for an HMAC secret writes exactly that file (0600), in either format', async () => {
    const cwd = mkdtempSync(join(dir, 'secret-'));
    const text = await webjwt(['keygen', 'HS512', '--format', 'secret', '--out', 'secret.txt'], { cwd });
    expect(text.status).toBe(0);
    expect(text.stdout).toBe('');
    expect(text.stderr).toBe('Wrote secret.txt\n');
    const jwk = await webjwt(['keygen', 'HS256', '--out', 'mac.jwk.json', '--kid', 'mac-1'], { cwd });
    expect(jwk.status).toBe(0);
    expect(readdirSync(cwd).sort()).toEqual(['mac.jwk.json', 'secret.txt']);
    expect(statSync(join(cwd, 'secret.txt')).mode & 0o777).toBe(0o600);
    expect(statSync(join(cwd, 'mac.jwk.json')).mode & 0o777).toBe(0o600);
    expect(Buffer.from(readFileSync(join(cwd, 'secret.txt'), 'utf8').trim(), 'base64url')).toHaveLength(64);
    expect(JSON.parse(readFileSync(join(cwd, 'mac.jwk.json'), 'utf8'))).toMatchObject({ kty: 'oct', alg: 'HS256', kid: 'mac-1' });
    // The file it wrote is the key sign reads.
    expect((await webjwt(['sign', '--key', 'secret.txt', '--alg', 'HS512'], { cwd })).status).toBe(0);
  });

  test.each([
    ['signing', 'pem', 'signing.private.pem', 'signing.public.pem'],
    ['signing.pem', 'pem', 'signing.private.pem', 'signing.public.pem'],
    ['signing.private.pem', 'pem', 'signing.private.pem', 'signing.public.pem'],
    ['keys/api.example.com', 'pem', 'keys/api.example.com.private.pem', 'keys/api.example.com.public.pem'],
    ['ec', 'jwk', 'ec.private.jwk.json', 'ec.public.jwk.json'],
    ['ec.jwk.json', 'jwk', 'ec.private.jwk.json', 'ec.public.jwk.json'],
    ['ec.json', 'jwk', 'ec.private.jwk.json', 'ec.public.jwk.json'],
  ])('a key pair with --out %s (%s) writes %s and %s, and says so', async (out, format, privatePath, publicPath) => {
    const cwd = mkdtempSync(join(dir, 'pair-'));
    mkdirSync(join(cwd, 'keys'));
    const { status, stdout, stderr } = await webjwt(['keygen', 'ES256', '--format', format, '--out', out], { cwd });
    expect(status).toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toBe(`Wrote ${privatePath} (private key) and ${publicPath} (public key)\n`);
    const written = readdirSync(cwd, { recursive: true, encoding: 'utf8' }).filter((path) => path !== 'keys').sort();
    expect(written).toEqual([privatePath, publicPath].sort());
    expect(statSync(join(cwd, privatePath)).mode & 0o777).toBe(0o600);
    // The two files are one pair: what the private key signs, the public key verifies.
    const token = (await webjwt(['sign', '--key', privatePath, '--alg', 'ES256'], { cwd })).stdout.trim();
    expect((await webjwt(['verify', token, '--key', publicPath, '--alg', 'ES256'], { cwd })).status).toBe(0);
  });

  test('writes both halves of a pair or neither: an existing public key leaves no lone private key', async () => {
    const cwd = mkdtempSync(join(dir, 'half-'));
    writeFileSync(join(cwd, 'k.public.pem'), 'keep me');
    const { status, stderr } = await webjwt(['keygen', 'ES256', '--format', 'pem', '--out', 'k'], { cwd });
    expect(status).toBe(2);
    expect(stderr).toContain('k.public.pem already exists');
    expect(readdirSync(cwd)).toEqual(['k.public.pem']);
    expect(readFileSync(join(cwd, 'k.public.pem'), 'utf8')).toBe('keep me');
  });

  test('--out with no file name (a directory) is a usage error, and nothing is written', async () => {
    const cwd = mkdtempSync(join(dir, 'noname-'));
    const { status, stderr } = await webjwt(['keygen', 'ES256', '--out', './'], { cwd });
    expect(status).toBe(2);
    expect(stderr).toContain('--out needs a file name');
    expect(readdirSync(cwd)).toEqual([]);
  });

  test.each([
    [['keygen'], 'An algorithm is required'],
    [['keygen', 'none'], 'Unknown algorithm "none"'],
    [['keygen', 'ES256', '--format', 'secret'], 'uses a key pair'],
    [['keygen', 'ES256', '--format', 'der'], '--format must be jwk, pem or secret'],
    [['keygen', 'RS256', '--modulus-length', 'big'], '--modulus-length must be a number of bits from 2048 to 16384 (got "big")'],
    [['keygen', 'RS256', '--modulus-length', '1024'], '--modulus-length must be a number of bits from 2048 to 16384 (got "1024")'],
    [['keygen', 'PS256', '--modulus-length', '16392'], '--modulus-length must be a number of bits from 2048 to 16384'],
    [['keygen', 'ES256', '--modulus-length', '2048'], '--modulus-length applies to RSA keys only, not ES256'],
    [['keygen', 'HS256', '--modulus-length', '2048'], '--modulus-length applies to RSA keys only, not HS256'],
    [['keygen', 'ES256', '--format', 'pem', '--kid', 'k1'], '--kid applies to JWK output only, not --format pem'],
    [['keygen', 'HS256', '--format', 'secret', '--kid', 'k1'], '--kid applies to JWK output only, not --format secret'],
  ])('usage error %j: exit 2, nothing printed', async (args, message) => {
    const { status, stdout, stderr } = await webjwt(args);
    expect(stderr).toContain(message);
    expect(stdout).toBe('');
    expect(status).toBe(2);
  });

  test('writes nothing when --out points into a missing directory', async () => {
    writeFileSync(join(dir, 'file'), '');
    const { status, stderr } = await webjwt(['keygen', 'ES256', '--out', join(dir, 'file', 'sub', 'k')]);
    expect(status).toBe(2);
    expect(stderr).toContain('Cannot write');
  });
});

describe('webjwt keygen: encryption (JWE) keys, with --enc', () => {
  test.each([
    ['dir', 'A128GCM', 16],
    ['dir', 'A256GCM', 32],
    ['dir', 'A128CBC-HS256', 32],
    ['dir', 'A256CBC-HS512', 64],
    ['A128KW', 'A256GCM', 16],
    ['A192KW', 'A128GCM', 24],
    ['A256GCMKW', 'A128GCM', 32],
  ])('%s with %s --format secret: %i random bytes as base64url, which encrypt reads', async (alg, enc, bytes) => {
    const first = await webjwt(['keygen', alg, '--enc', enc, '--format', 'secret']);
    const second = await webjwt(['keygen', alg, '--enc', enc, '--format', 'secret']);
    expect(first.status).toBe(0);
    const secret = first.stdout.trim();
    expect(secret).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(Buffer.from(secret, 'base64url')).toHaveLength(bytes);
    expect(secret).not.toBe(second.stdout.trim());
    const encrypted = await webjwt(['encrypt', '--key-env', 'K', '--alg', alg, '--enc', enc, '--sub', 'user-1'], { env: { K: secret } });
    expect(encrypted.stderr).toBe('');
    expect(encrypted.status).toBe(0);
  });

  test('a secret as JWK (the default): kty oct, its alg, use enc, the kid asked for; no enc member', async () => {
    const { status, stdout } = await webjwt(['keygen', 'A256KW', '--enc', 'A256GCM', '--kid', 'wrap-1']);
    expect(status).toBe(0);
    const jwk = JSON.parse(stdout);
    expect(jwk).toEqual({ kty: 'oct', k: expect.any(String), alg: 'A256KW', use: 'enc', kid: 'wrap-1' });
    expect(Buffer.from(jwk.k, 'base64url')).toHaveLength(32);
  });

  test('a PBES2 password: random text that encrypt uses as written', async () => {
    const { status, stdout } = await webjwt(['keygen', 'PBES2-HS256+A128KW', '--enc', 'A128GCM', '--format', 'secret']);
    expect(status).toBe(0);
    expect(stdout.trim().length).toBeGreaterThanOrEqual(32);
  });

  test.each([
    ['RSA-OAEP-256', [], 'RSA', undefined],
    ['ECDH-ES', [], 'EC', 'P-256'],
    ['ECDH-ES+A128KW', ['--crv', 'P-521'], 'EC', 'P-521'],
    ['ECDH-ES+A256KW', ['--crv', 'X25519'], 'OKP', 'X25519'],
  ])('%s %j as JWK: a pair sharing a thumbprint kid, with alg and use enc; only the private key has d', async (alg, extra, kty, crv) => {
    const { status, stdout } = await webjwt(['keygen', alg, '--enc', 'A256GCM', ...extra]);
    expect(status).toBe(0);
    const { privateKey, publicKey } = JSON.parse(stdout);
    for (const jwk of [privateKey, publicKey]) expect(jwk).toMatchObject({ kty, alg, use: 'enc', ...(crv === undefined ? {} : { crv }) });
    expect(typeof privateKey.d).toBe('string');
    expect(publicKey.d).toBeUndefined();
    expect(publicKey.kid).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(privateKey.kid).toBe(publicKey.kid);
  });

  test('RSA-OAEP --modulus-length 3072 makes a 3072-bit key', async () => {
    const { status, stdout } = await webjwt(['keygen', 'RSA-OAEP', '--enc', 'A128GCM', '--modulus-length', '3072']);
    expect(status).toBe(0);
    expect(Buffer.from(JSON.parse(stdout).publicKey.n, 'base64url')).toHaveLength(384);
  });

  test('an X25519 pair as PEM, written with --out: the files are one pair for encrypt and decrypt', async () => {
    const cwd = mkdtempSync(join(dir, 'jwe-pair-'));
    const { status, stderr } = await webjwt(['keygen', 'ECDH-ES', '--enc', 'A128GCM', '--crv', 'X25519', '--format', 'pem', '--out', 'recipient'], { cwd });
    expect(status).toBe(0);
    expect(stderr).toBe('Wrote recipient.private.pem (private key) and recipient.public.pem (public key)\n');
    expect(statSync(join(cwd, 'recipient.private.pem')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(cwd, 'recipient.public.pem'), 'utf8')).toContain('BEGIN PUBLIC KEY');
    const keyFlags = ['--alg', 'ECDH-ES', '--enc', 'A128GCM'];
    const token = (await webjwt(['encrypt', '--key', 'recipient.public.pem', ...keyFlags, '--sub', 'user-1'], { cwd })).stdout.trim();
    const decrypted = await webjwt(['decrypt', token, '--key', 'recipient.private.pem', ...keyFlags, '--json'], { cwd });
    expect(decrypted.status).toBe(0);
    expect(JSON.parse(decrypted.stdout).payload.sub).toBe('user-1');
  });

  test.each([
    [['keygen', 'dir'], '--enc is required'],
    [['keygen', 'dir', '--enc', 'A256GMC'], 'Unknown content encryption algorithm "A256GMC" (did you mean A256GCM?)'],
    [['keygen', 'A256KV', '--enc', 'A256GCM'], 'Unknown algorithm "A256KV" (did you mean A256KW?)'],
    [['keygen', 'ES256', '--enc', 'A256GCM'], '--enc applies to encryption (JWE) algorithms only, not ES256'],
    [['keygen', 'ES256', '--crv', 'P-256'], '--crv applies to ECDH-ES keys only, not ES256'],
    [['keygen', 'RSA-OAEP', '--enc', 'A256GCM', '--crv', 'P-256'], '--crv applies to ECDH-ES keys only, not RSA-OAEP'],
    [['keygen', 'ECDH-ES', '--enc', 'A256GCM', '--crv', 'secp256k1'], '--crv must be P-256, P-384, P-521, X25519'],
    [['keygen', 'ECDH-ES', '--enc', 'A256GCM', '--modulus-length', '2048'], '--modulus-length applies to RSA keys only, not ECDH-ES'],
    [['keygen', 'A256KW', '--enc', 'A256GCM', '--modulus-length', '2048'], '--modulus-length applies to RSA keys only, not A256KW'],
    [['keygen', 'A256KW', '--enc', 'A256GCM', '--format', 'pem'], 'A256KW takes a secret, which has no PEM form'],
    [['keygen', 'RSA-OAEP-256', '--enc', 'A256GCM', '--format', 'secret'], 'RSA-OAEP-256 uses a key pair'],
    [['keygen', 'RSA-OAEP-256', '--enc', 'A256GCM', '--modulus-length', '1024'], '--modulus-length must be a number of bits from 2048 to 16384'],
  ])('usage error %j: exit 2, nothing printed', async (args, message) => {
    const { status, stdout, stderr } = await webjwt(args);
    expect(stderr).toContain(message);
    expect(stdout).toBe('');
    expect(status).toBe(2);
  });
});
