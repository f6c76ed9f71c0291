/**
 * `webjwt thumbprint`: the RFC 7638 example, JWKS documents, PEM keys, stdin and hashes.
 */
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { requireBuild, webjwt } from './run-cli.js';

const RFC7638 = join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, 'fixtures/rfc7638-rsa.jwk.json');
// RFC 7638 section 3.1: the thumbprint of the example key.
const RFC7638_THUMBPRINT = 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs';

let dir: string;
beforeAll(() => {
  requireBuild();
  dir = mkdtempSync(join(tmpdir(), 'webjwt-thumbprint-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('webjwt thumbprint', () => {
  test('matches RFC 7638 section 3.1 (members other than the required ones are ignored)', async () => {
    const { status, stdout } = await webjwt(['thumbprint', RFC7638]);
    expect(status).toBe(0);
    expect(stdout).toBe(`${RFC7638_THUMBPRINT}\n`);
  });

  test('reads the JWK from stdin', async () => {
    const { stdout } = await webjwt(['thumbprint', '-'], { input: readFileSync(RFC7638, 'utf8') });
    expect(stdout.trim()).toBe(RFC7638_THUMBPRINT);
  });

  test('SHA-384 and SHA-512 give 64- and 86-character thumbprints', async () => {
    expect((await webjwt(['thumbprint', RFC7638, '--hash', 'SHA-384'])).stdout.trim()).toMatch(/^[\w-]{64}$/);
    expect((await webjwt(['thumbprint', RFC7638, '--hash', 'sha-512'])).stdout.trim()).toMatch(/^[\w-]{86}$/);
  });

  test('prints "<thumbprint> <kid>" for each key of a JWKS', async () => {
    const file = join(dir, 'jwks.json');
    const second = JSON.parse((await webjwt(['keygen', 'EdDSA', '--kid', 'ed-1'])).stdout).publicKey;
    writeFileSync(file, JSON.stringify({ keys: [JSON.parse(readFileSync(RFC7638, 'utf8')), second] }));
    const { status, stdout } = await webjwt(['thumbprint', file]);
    expect(status).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toBe(`${RFC7638_THUMBPRINT} 2011-04-29`);
    expect(lines[1]).toMatch(/^[\w-]{43} ed-1$/);
  });

  test('a PEM key needs no --alg: the RFC 7638 example key as SPKI and PKCS#1 PEM has the RFC thumbprint', async () => {
    const key = createPublicKey({ key: JSON.parse(readFileSync(RFC7638, 'utf8')), format: 'jwk' });
    for (const type of ['spki', 'pkcs1'] as const) {
      const file = join(dir, `rfc7638.${type}.pem`);
      writeFileSync(file, key.export({ type, format: 'pem' }));
      const { status, stdout, stderr } = await webjwt(['thumbprint', file]);
      expect(stderr).toBe('');
      expect(status).toBe(0);
      expect(stdout).toBe(`${RFC7638_THUMBPRINT}\n`);
    }
  });

  test.each(['RS256', 'ES256', 'ES384', 'ES512', 'EdDSA'])('%s: private and public PEM give the JWK thumbprint of the same key, without --alg', async (alg) => {
    const base = join(dir, `pem-${alg}`);
    expect((await webjwt(['keygen', alg, '--format', 'pem', '--out', base])).status).toBe(0);
    const pub = await webjwt(['thumbprint', `${base}.public.pem`]);
    const priv = await webjwt(['thumbprint', `${base}.private.pem`]);
    expect(pub.status).toBe(0);
    expect(pub.stdout).toMatch(/^[\w-]{43}\n$/);
    expect(priv.stdout).toBe(pub.stdout);
    // The same key as a JWK (converted by node:crypto, independently of the CLI) has the same thumbprint.
    const jwk = createPublicKey(readFileSync(`${base}.public.pem`, 'utf8')).export({ format: 'jwk' });
    expect((await webjwt(['thumbprint', '-'], { input: JSON.stringify(jwk) })).stdout).toBe(pub.stdout);
    // --alg still works, and checks that the key suits it.
    expect((await webjwt(['thumbprint', `${base}.public.pem`, '--alg', alg])).stdout).toBe(pub.stdout);
  });

  test('--alg with a PEM key that does not suit it: exit 10, ERR_KEY_INVALID', async () => {
    const base = join(dir, 'pem-mismatch');
    await webjwt(['keygen', 'ES256', '--format', 'pem', '--out', base]);
    const { status, stderr } = await webjwt(['thumbprint', `${base}.public.pem`, '--alg', 'RS256']);
    expect(stderr).toContain('ERR_KEY_INVALID');
    expect(status).toBe(10);
  });

  test('an unreadable or encrypted PEM key: exit 10, ERR_KEY_INVALID with the reason', async () => {
    const garbage = await webjwt(['thumbprint', '-'], { input: '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n' });
    expect(garbage.stderr).toContain('ERR_KEY_INVALID: The PEM key cannot be read');
    expect(garbage.status).toBe(10);
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const encrypted = privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pw' });
    const locked = await webjwt(['thumbprint', '-'], { input: String(encrypted) });
    expect(locked.stderr).toContain('ERR_KEY_INVALID: The PEM key is encrypted; decrypt it first');
    expect(locked.status).toBe(10);
  });

  test('a PEM key of a type with no JWK form (Diffie-Hellman): exit 10, ERR_KEY_INVALID naming the type', async () => {
    const { publicKey } = generateKeyPairSync('dh', { group: 'modp14' });
    const { status, stderr } = await webjwt(['thumbprint', '-'], { input: String(publicKey.export({ type: 'spki', format: 'pem' })) });
    expect(stderr).toContain('ERR_KEY_INVALID: A dh key has no JWK form, so no RFC 7638 thumbprint');
    expect(status).toBe(10);
  });

  test('the kid keygen writes is the thumbprint', async () => {
    const { publicKey } = JSON.parse((await webjwt(['keygen', 'ES384'])).stdout);
    const { stdout } = await webjwt(['thumbprint', '-'], { input: JSON.stringify(publicKey) });
    expect(stdout.trim()).toBe(publicKey.kid);
  });

  test.each([
    [['thumbprint'], 'A JWK file is required'],
    [['thumbprint', '-', '--hash', 'MD5'], '--hash must be SHA-256, SHA-384 or SHA-512'],
  ])('usage error %j: exit 2', async (args, message) => {
    const { status, stderr } = await webjwt(args, { input: '{}' });
    expect(stderr).toContain(message);
    expect(status).toBe(2);
  });

  test('a secret is not a key it can take a thumbprint of: exit 2', async () => {
    const { status, stderr } = await webjwt(['thumbprint', '-'], { input: 'just-a-secret' });
    expect(status).toBe(2);
    expect(stderr).toContain('Expected a JWK, a JWKS or a PEM key');
  });

  test('an incomplete JWK: exit 10, ERR_KEY_INVALID', async () => {
    const { status, stderr } = await webjwt(['thumbprint', '-'], { input: '{"kty":"EC","crv":"P-256"}' });
    expect(stderr).toContain('ERR_KEY_INVALID');
    expect(status).toBe(10);
  });
});
