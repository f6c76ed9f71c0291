/**
 * `webjwt thumbprint`: the RFC 7638 example, JWKS documents, PEM keys, stdin and hashes.
 */
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

  test('a PEM key needs --alg; private and public halves have the same thumbprint', async () => {
    const base = join(dir, 'pem');
    await webjwt(['keygen', 'ES256', '--format', 'pem', '--out', base]);
    const missing = await webjwt(['thumbprint', `${base}.public.pem`]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('--alg is required');
    const pub = await webjwt(['thumbprint', `${base}.public.pem`, '--alg', 'ES256']);
    const priv = await webjwt(['thumbprint', `${base}.private.pem`, '--alg', 'ES256']);
    expect(pub.status).toBe(0);
    expect(pub.stdout).toMatch(/^[\w-]{43}\n$/);
    expect(priv.stdout).toBe(pub.stdout);
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
