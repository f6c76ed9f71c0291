/**
 * `webjwt sign` and `webjwt verify`: keys from files and environment variables, claims from flags
 * and JSON, and one exit status per kind of failure (each rejected token asserts its exact code).
 */
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { requireBuild, webjwt } from './run-cli.js';

const SECRET = 'cli-test-secret-of-at-least-32-bytes!!';
const env = { JWT_SECRET: SECRET };
const EXAMPLE =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';

let dir: string;
beforeAll(() => {
  requireBuild();
  dir = mkdtempSync(join(tmpdir(), 'webjwt-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function signed(args: string[], input?: string): Promise<string> {
  const { status, stdout, stderr } = await webjwt(['sign', '--key-env', 'JWT_SECRET', '--alg', 'HS256', ...args], { env, ...(input === undefined ? {} : { input }) });
  expect(stderr).toBe('');
  expect(status).toBe(0);
  expect(stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
  return stdout.trim();
}

async function payloadOf(token: string): Promise<Record<string, unknown>> {
  return JSON.parse((await webjwt(['decode', '--json', token])).stdout).payload;
}

async function expectFailure(args: string[], status: number, code: string, options: Parameters<typeof webjwt>[1] = { env }) {
  const result = await webjwt(['verify', ...args], options);
  expect(result.stderr).toContain(code);
  expect(result.status).toBe(status);
  return result;
}

describe('webjwt sign', () => {
  test('sets registered claims from flags, iat by default, and typ JWT', async () => {
    const token = await signed(['--sub', 'user-42', '--iss', 'https://auth.example.com', '--aud', 'api', '--exp', '15m', '--jti', 'random']);
    const payload = await payloadOf(token);
    expect(payload).toMatchObject({ sub: 'user-42', iss: 'https://auth.example.com', aud: 'api' });
    expect(payload.exp).toBe((payload.iat as number) + 900);
    expect(payload.jti).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const header = JSON.parse((await webjwt(['decode', '--json', token])).stdout).header;
    expect(header).toEqual({ alg: 'HS256', typ: 'JWT' });
  });

  test('merges --claims JSON, --claim values (parsed as JSON when possible) and flags, in that order', async () => {
    const token = await signed([
      '--claims', '{"role":"user","sub":"from-json","n":1}',
      '--claim', 'role=admin', '--claim', 'admin=true', '--claim', 'tags=["a","b"]', '--claim', 'note=hello world',
      '--sub', 'from-flag', '--no-iat', '--aud', 'a', '--aud', 'b',
    ]);
    expect(await payloadOf(token)).toEqual({ role: 'admin', sub: 'from-flag', n: 1, admin: true, tags: ['a', 'b'], note: 'hello world', aud: ['a', 'b'] });
  });

  test('reads claims from stdin (--claims -) and from a file (--claims @file)', async () => {
    expect(await payloadOf(await signed(['--claims', '-', '--no-iat'], '{"sub":"from-stdin"}'))).toEqual({ sub: 'from-stdin' });
    const file = join(dir, 'claims.json');
    writeFileSync(file, '{"sub":"from-file"}');
    expect(await payloadOf(await signed(['--claims', `@${file}`, '--no-iat']))).toEqual({ sub: 'from-file' });
  });

  test('sets kid, typ and extra header members', async () => {
    const token = await signed(['--kid', 'k1', '--typ', 'at+jwt', '--header', '{"x-extra":1}']);
    expect(JSON.parse((await webjwt(['decode', '--json', token])).stdout).header).toEqual({ 'x-extra': 1, alg: 'HS256', typ: 'at+jwt', kid: 'k1' });
  });

  test('refuses a short secret for signing (exit 10, ERR_KEY_INVALID), even with --allow-weak-secret', async () => {
    for (const extra of [[], ['--allow-weak-secret']]) {
      const { status, stderr } = await webjwt(['sign', '--key-env', 'WEAK', '--alg', 'HS256', ...extra], { env: { WEAK: 'your-256-bit-secret' } });
      expect(stderr).toContain('ERR_KEY_INVALID');
      expect(status).toBe(10);
    }
  });

  test.each([
    [['--alg', 'HS256'], 'A key is required'],
    [['--key-env', 'JWT_SECRET'], '--alg is required with a secret'],
    [['--key-env', 'NOPE', '--alg', 'HS256'], 'NOPE is not set'],
    [['--key', '/nonexistent/key.pem', '--alg', 'HS256'], 'Cannot read /nonexistent/key.pem (ENOENT)'],
    [['--key-env', 'JWT_SECRET', '--alg', 'none'], 'Unknown algorithm "none"'],
    [['--key-env', 'JWT_SECRET', '--alg', 'HS256', '--claims', '[1]'], '--claims must be a JSON object'],
    [['--key-env', 'JWT_SECRET', '--alg', 'HS256', '--claim', 'novalue'], '--claim must be name=value'],
    [['--key-env', 'JWT_SECRET', '--alg', 'HS256', '--exp', 'soon'], 'ERR_INVALID_ARGUMENT'],
  ])('usage error %j: exit 2', async (args, message) => {
    const { status, stderr } = await webjwt(['sign', ...args], { env });
    expect(stderr).toContain(message);
    expect(status).toBe(2);
  });
});

describe('webjwt verify', () => {
  test('accepts a valid token, prints Valid and the payload, and exits 0', async () => {
    const token = await signed(['--sub', 'user-42', '--iss', 'https://auth.example.com', '--aud', 'api', '--exp', '5m']);
    const { status, stdout, stderr } = await webjwt(['verify', token, '--key-env', 'JWT_SECRET', '--alg', 'HS256', '--iss', 'https://auth.example.com', '--aud', 'api', '--sub', 'user-42', '--require', 'exp'], { env });
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(stdout).toMatch(/^Valid: signature HS256; claims checked\n/);
    expect(stdout).toContain('"sub": "user-42"');
  });

  test('--json reports valid results and failures as objects', async () => {
    const token = await signed(['--sub', 'user-42']);
    const ok = await webjwt(['verify', token, '--key-env', 'JWT_SECRET', '--alg', 'HS256', '--json'], { env });
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ valid: true, weakKey: false, header: { alg: 'HS256' }, payload: { sub: 'user-42' } });
    const bad = await webjwt(['verify', token, '--key-env', 'JWT_SECRET', '--alg', 'HS256', '--iss', 'x', '--json'], { env });
    expect(bad.status).toBe(8);
    expect(JSON.parse(bad.stdout)).toMatchObject({ valid: false, code: 'ERR_JWT_CLAIM_MISSING', claim: 'iss' });
  });

  test('reads the token from stdin and the secret from a file, ignoring its final newline', async () => {
    const token = await signed(['--sub', 'user-42']);
    const file = join(dir, 'secret.txt');
    writeFileSync(file, `${SECRET}\n`);
    const { status } = await webjwt(['verify', '-', '--key', file, '--alg', 'HS256'], { input: `${token}\n` });
    expect(status).toBe(0);
  });

  test('a wrong secret: exit 4, ERR_JWS_SIGNATURE_INVALID', async () => {
    const token = await signed([]);
    await expectFailure([token, '--key-env', 'OTHER', '--alg', 'HS256'], 4, 'ERR_JWS_SIGNATURE_INVALID', { env: { OTHER: 'another-secret-of-at-least-32-bytes!!!' } });
  });

  test('a tampered payload: exit 4, ERR_JWS_SIGNATURE_INVALID', async () => {
    const [header, , signature] = (await signed(['--sub', 'user-42'])).split('.');
    const forged = `${header}.${Buffer.from('{"sub":"admin"}').toString('base64url')}.${signature}`;
    await expectFailure([forged, '--key-env', 'JWT_SECRET', '--alg', 'HS256'], 4, 'ERR_JWS_SIGNATURE_INVALID');
  });

  test('an algorithm other than the one given: exit 5, ERR_JWS_ALG_NOT_ALLOWED naming both', async () => {
    const { stderr } = await expectFailure([await signed([]), '--key-env', 'JWT_SECRET', '--alg', 'HS384'], 5, 'ERR_JWS_ALG_NOT_ALLOWED', { env: { JWT_SECRET: SECRET.repeat(2) } });
    expect(stderr).toBe("Invalid: ERR_JWS_ALG_NOT_ALLOWED: The token's algorithm HS256 is not allowed (allowed: HS384)\n");
    const json = await webjwt(['verify', await signed([]), '--key-env', 'JWT_SECRET', '--alg', 'HS512', '--json'], { env: { JWT_SECRET: SECRET.repeat(2) } });
    expect(JSON.parse(json.stdout)).toMatchObject({ valid: false, code: 'ERR_JWS_ALG_NOT_ALLOWED', message: expect.stringContaining('HS256 is not allowed') });
  });

  test('alg none is refused: exit 5, ERR_JWS_ALG_NOT_ALLOWED (or exit 3 when the signature is empty)', async () => {
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"admin"}').toString('base64url')}`;
    const { stderr } = await expectFailure([`${unsigned}.c2ln`, '--key-env', 'JWT_SECRET', '--alg', 'HS256'], 5, 'ERR_JWS_ALG_NOT_ALLOWED');
    expect(stderr).toContain("The token's algorithm none is not allowed (allowed: HS256)");
    await expectFailure([`${unsigned}.`, '--key-env', 'JWT_SECRET', '--alg', 'HS256'], 3, 'ERR_JWT_MALFORMED');
  });

  test('expired: exit 6, ERR_JWT_EXPIRED (claim exp)', async () => {
    const token = await signed(['--claims', '{"exp": 1000000000}', '--no-iat']);
    const { stderr } = await expectFailure([token, '--key-env', 'JWT_SECRET', '--alg', 'HS256'], 6, 'ERR_JWT_EXPIRED');
    expect(stderr).toContain('(claim exp)');
  });

  test('too old for --max-age: exit 6, ERR_JWT_EXPIRED', async () => {
    const token = await signed(['--claims', '{"iat": 1000000000}', '--no-iat']);
    await expectFailure([token, '--key-env', 'JWT_SECRET', '--alg', 'HS256', '--max-age', '1h'], 6, 'ERR_JWT_EXPIRED');
  });

  test('not valid yet: exit 7, ERR_JWT_NOT_YET_VALID', async () => {
    await expectFailure([await signed(['--nbf', '1h']), '--key-env', 'JWT_SECRET', '--alg', 'HS256'], 7, 'ERR_JWT_NOT_YET_VALID');
  });

  test('wrong issuer or audience: exit 8, ERR_JWT_CLAIM_INVALID; a required claim missing: ERR_JWT_CLAIM_MISSING', async () => {
    const token = await signed(['--iss', 'https://evil.example', '--aud', 'other']);
    await expectFailure([token, '--key-env', 'JWT_SECRET', '--alg', 'HS256', '--iss', 'https://auth.example.com'], 8, 'ERR_JWT_CLAIM_INVALID (claim iss)');
    await expectFailure([token, '--key-env', 'JWT_SECRET', '--alg', 'HS256', '--aud', 'api'], 8, 'ERR_JWT_CLAIM_INVALID (claim aud)');
    await expectFailure([token, '--key-env', 'JWT_SECRET', '--alg', 'HS256', '--require', 'jti'], 8, 'ERR_JWT_CLAIM_MISSING (claim jti)');
  });

  test("jwt.io's 19-byte secret: exit 10, ERR_KEY_INVALID; --allow-weak-secret verifies and warns", async () => {
    const weak = { env: { WEAK: 'your-256-bit-secret' } };
    await expectFailure([EXAMPLE, '--key-env', 'WEAK', '--alg', 'HS256'], 10, 'ERR_KEY_INVALID', weak);
    const { status, stdout, stderr } = await webjwt(['verify', EXAMPLE, '--key-env', 'WEAK', '--alg', 'HS256', '--allow-weak-secret'], weak);
    expect(status).toBe(0);
    expect(stdout).toContain('"name": "John Doe"');
    expect(stderr).toContain('shorter than RFC 7518 allows');
  });

  test('a malformed token: exit 3, ERR_JWT_MALFORMED', async () => {
    await expectFailure(['not.a-token', '--key-env', 'JWT_SECRET', '--alg', 'HS256'], 3, 'ERR_JWT_MALFORMED');
  });

  test.each([
    [['--alg', 'HS256'], 'A key is required'],
    [['--key-env', 'JWT_SECRET'], '--alg is required with a secret'],
    [['--key-env', 'JWT_SECRET', '--jwks', 'https://idp.example.com/jwks', '--alg', 'RS256'], 'Give only one of'],
    [['--jwks', 'https://idp.example.com/jwks'], '--alg is required with --jwks'],
    [['--jwks', 'not a url', '--alg', 'RS256'], '--jwks must be an absolute URL'],
    [['--key-env', 'JWT_SECRET', '--alg', 'HS256', '--max-age', 'long'], 'ERR_INVALID_ARGUMENT'],
    [['--key-env', 'JWT_SECRET', '--alg', 'HS256', '--clock-tolerance', 'a while', '--json'], 'ERR_INVALID_ARGUMENT: clockTolerance'],
  ])('usage error %j: exit 2', async (args, message) => {
    const { status, stdout, stderr } = await webjwt(['verify', EXAMPLE, ...args], { env });
    expect(stderr).toContain(message);
    // A bad option is the caller's mistake, reported before the token is looked at: never "Invalid".
    expect(stdout).toBe('');
    expect(stderr).not.toContain('Invalid');
    expect(status).toBe(2);
  });
});

describe('asymmetric keys: every algorithm, PEM and JWK files', () => {
  const ASYMMETRIC = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'];

  test.each(ASYMMETRIC)('%s: keygen --format pem, sign with the private PEM, verify with the public PEM', async (alg) => {
    const base = join(dir, `pem-${alg}`);
    expect((await webjwt(['keygen', alg, '--format', 'pem', '--out', base])).status).toBe(0);
    const sign = await webjwt(['sign', '--key', `${base}.private.pem`, '--alg', alg, '--sub', 'user-42']);
    expect(sign.status).toBe(0);
    const token = sign.stdout.trim();
    const ok = await webjwt(['verify', token, '--key', `${base}.public.pem`, '--alg', alg]);
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    // The same public key named with another algorithm: RSA keys import for the sibling scheme, and
    // the token's alg is then not allowed; other keys do not fit the other algorithm at all.
    const other = alg.startsWith('RS') ? 'PS256' : alg.startsWith('PS') ? 'RS256' : alg === 'ES256' ? 'ES384' : 'ES256';
    const confused = await webjwt(['verify', token, '--key', `${base}.public.pem`, '--alg', other]);
    const expected = alg.startsWith('RS') || alg.startsWith('PS') ? ['ERR_JWS_ALG_NOT_ALLOWED', 5] : ['ERR_KEY_INVALID', 10];
    expect(confused.stderr).toContain(expected[0]);
    expect(confused.status).toBe(expected[1]);
  });

  test('a JWK key pair: the algorithm comes from the JWK, kid from the thumbprint, and is written to the header', async () => {
    const base = join(dir, 'jwk-es256');
    expect((await webjwt(['keygen', 'ES256', '--out', base])).status).toBe(0);
    const sign = await webjwt(['sign', '--key', `${base}.private.jwk.json`, '--sub', 'user-42']);
    expect(sign.status).toBe(0);
    const token = sign.stdout.trim();
    const { header } = JSON.parse((await webjwt(['decode', '--json', token])).stdout);
    const thumbprint = (await webjwt(['thumbprint', `${base}.public.jwk.json`])).stdout.trim();
    expect(header).toEqual({ alg: 'ES256', typ: 'JWT', kid: thumbprint });
    const ok = await webjwt(['verify', token, '--key', `${base}.public.jwk.json`]);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain(`kid ${thumbprint}`);
  });

  test('algorithm confusion: an HS256 token MACed with the RSA public key PEM is refused', async () => {
    const base = join(dir, 'confusion');
    await webjwt(['keygen', 'RS256', '--format', 'pem', '--out', base]);
    const pem = readFileSync(`${base}.public.pem`, 'utf8');
    // The attacker's forgery: HMAC-SHA256 keyed with the public key's text, exactly as published.
    const signingInput = `${Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url')}.${Buffer.from('{"sub":"admin"}').toString('base64url')}`;
    const forged = `${signingInput}.${createHmac('sha256', pem).update(signingInput).digest('base64url')}`;
    const asRsa = await webjwt(['verify', forged, '--key', `${base}.public.pem`, '--alg', 'RS256']);
    expect(asRsa.stderr).toContain('ERR_JWS_ALG_NOT_ALLOWED');
    expect(asRsa.status).toBe(5);
    const asHmac = await webjwt(['verify', forged, '--key', `${base}.public.pem`, '--alg', 'HS256']);
    expect(asHmac.stderr).toContain('ERR_KEY_INVALID');
    expect(asHmac.status).toBe(10);
  });
});

describe('webjwt verify --jwks', () => {
  let server: Server;
  let url: string;
  let requests = 0;
  let token: string;
  let unknownKidToken: string;

  beforeAll(async () => {
    const base = join(dir, 'idp');
    await webjwt(['keygen', 'ES256', '--kid', 'idp-1', '--out', base]);
    const publicJwk = JSON.parse(readFileSync(`${base}.public.jwk.json`, 'utf8'));
    server = createServer((request, response) => {
      requests++;
      if (request.url !== '/.well-known/jwks.json') {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [publicJwk] }));
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    token = (await webjwt(['sign', '--key', `${base}.private.jwk.json`, '--iss', 'https://idp.example.com/', '--exp', '5m'])).stdout.trim();
    unknownKidToken = (await webjwt(['sign', '--key', `${base}.private.jwk.json`, '--kid', 'idp-2', '--exp', '5m'])).stdout.trim();
  });
  afterAll(() => new Promise((done) => server.close(done)));

  test('verifies with the key set fetched from the URL', async () => {
    const before = requests;
    const { status, stdout } = await webjwt(['verify', token, '--jwks', `${url}/.well-known/jwks.json`, '--alg', 'ES256', '--iss', 'https://idp.example.com/']);
    expect(status).toBe(0);
    expect(stdout).toContain('kid idp-1');
    expect(requests).toBeGreaterThan(before);
  });

  test('a kid the set does not have: exit 10, ERR_KEY_NOT_FOUND', async () => {
    await expectFailure([unknownKidToken, '--jwks', `${url}/.well-known/jwks.json`, '--alg', 'ES256'], 10, 'ERR_KEY_NOT_FOUND', {});
  });

  test('a JWKS URL that fails: exit 11, ERR_JWKS_FETCH_FAILED', async () => {
    await expectFailure([token, '--jwks', `${url}/missing.json`, '--alg', 'ES256'], 11, 'ERR_JWKS_FETCH_FAILED', {});
  });

  test('a local JWKS file works like the URL, and needs --alg', async () => {
    const file = join(dir, 'jwks.json');
    writeFileSync(file, await (await fetch(`${url}/.well-known/jwks.json`)).text());
    expect((await webjwt(['verify', token, '--key', file, '--alg', 'ES256'])).status).toBe(0);
    const { status, stderr } = await webjwt(['verify', token, '--key', file]);
    expect(status).toBe(2);
    expect(stderr).toContain('--alg is required with a JWKS');
  });
});
