/**
 * `webjwt keygen`: secrets and key pairs for every algorithm, as JWK, PEM or text; files written
 * with safe modes and never overwritten.
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
