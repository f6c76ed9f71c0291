/**
 * The token debugger (examples/debugger) in headless Chromium, opened from the file system as a
 * user would: decode the jwt.io example token, verify it with its (too short) secret, catch a
 * tampered copy, sign and verify a new token, verify against a JWKS URL, and show which check
 * failed; recognise an encrypted token (JWE) in the decoder and decrypt it in the Decrypt tab with
 * a secret, a JWK, a PEM key or a password. Screenshots go to test-results/. Needs `npm run build` first.
 */
import { execFileSync } from 'node:child_process';
import { createPrivateKey, type JsonWebKey as NodeJwk } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  encodeBase64url,
  encrypt,
  encryptCompact,
  exportEncryptionJwk,
  exportJwk,
  exportPem,
  generateEncryptionKey,
  generateEncryptionKeyPair,
  generateKeyPair,
  importEncryptionKey,
  sign,
  signThenEncrypt,
} from 'webjwt';
import { ROOT } from './run-block.js';

const EXAMPLE_TOKEN =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
const EXAMPLE_SECRET = 'your-256-bit-secret';
const PAGE = join(ROOT, 'examples/debugger/dist/index.html');
const SHOTS = join(ROOT, 'test-results');

let browser: Browser;
let page: Page;
let jwksServer: Server;
let jwksUrl: string;
let jwksToken: string;
let expiredJwksToken: string;
const requests: string[] = [];
/** Encrypted tokens and the keys that decrypt them, as a user would paste them. */
const jwe = {} as {
  dir: { token: string; secret: string };
  compressed: string;
  binary: { token: string; bytes: Uint8Array };
  x25519: { token: string; jwk: string };
  rsa: { token: string; pem: string };
  pbes2: { token: string; password: string };
  nested: { token: string; issuerPem: string };
};

async function makeEncryptedTokens(): Promise<void> {
  const dirKey = await generateEncryptionKey('dir', 'A256GCM', { kid: 'session-1' });
  const secret = String((await exportEncryptionJwk(dirKey)).k);
  jwe.dir = { token: await encrypt({ sub: 'user-42', email: 'ada@example.com' }, dirKey, { expiresIn: '10m' }), secret };
  jwe.compressed = await encrypt({ sub: 'user-42', note: 'x'.repeat(200) }, dirKey, { compress: true });
  const bytes = new Uint8Array([0, 1, 2, 0xfe, 0xff]);
  jwe.binary = { token: await encryptCompact(bytes, dirKey), bytes };
  const x25519 = await generateEncryptionKeyPair('ECDH-ES+A256KW', 'A256GCM', { crv: 'X25519' });
  jwe.x25519 = { token: await encrypt({ sub: 'user-x' }, x25519.publicKey), jwk: JSON.stringify(await exportEncryptionJwk(x25519.privateKey)) };
  const rsa = await generateEncryptionKeyPair('RSA-OAEP-256', 'A128CBC-HS256');
  const rsaPem = createPrivateKey({ key: (await exportEncryptionJwk(rsa.privateKey)) as NodeJwk, format: 'jwk' }).export({ type: 'pkcs8', format: 'pem' });
  jwe.rsa = { token: await encrypt({ sub: 'user-rsa' }, rsa.publicKey), pem: String(rsaPem) };
  const password = 'correct horse battery staple';
  const pbes2 = await importEncryptionKey(password, 'PBES2-HS256+A128KW', 'A128GCM');
  jwe.pbes2 = { token: await encryptCompact('hello from a password', pbes2, { p2c: 2000 }), password };
  const issuer = await generateKeyPair('ES256', { extractable: true });
  jwe.nested = {
    token: await signThenEncrypt({ sub: 'user-nested' }, issuer.privateKey, dirKey, { sign: { expiresIn: '10m' } }),
    issuerPem: await exportPem(issuer.publicKey),
  };
}

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist/webjwt.browser.min.js'))) throw new Error('Run `npm run build` first');
  execFileSync(process.execPath, [join(ROOT, 'examples/debugger/build.mjs')], { stdio: 'pipe' });
  mkdirSync(SHOTS, { recursive: true });

  // An identity provider's JWKS endpoint, with the CORS header a browser needs.
  const idp = await generateKeyPair('ES256', { kid: 'debugger-test' });
  const jwks = JSON.stringify({ keys: [await exportJwk(idp.publicKey)] });
  jwksServer = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
    response.end(jwks);
  });
  await new Promise<void>((done) => jwksServer.listen(0, '127.0.0.1', done));
  jwksUrl = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/jwks.json`;
  jwksToken = await sign({ sub: 'user-42' }, idp.privateKey, { expiresIn: '10m', issuer: 'https://idp.example.com/' });
  const twoHoursAgo = Date.now() - 2 * 3_600_000;
  expiredJwksToken = await sign({ sub: 'user-42' }, idp.privateKey, { expiresIn: '1h', clock: () => twoHoursAgo });
  await makeEncryptedTokens();

  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run'],
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 1100 } });
  page.on('request', (request) => requests.push(request.url()));
  await page.goto(pathToFileURL(PAGE).href);
  await page.waitForSelector('#app[data-ready="true"]');
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((done) => jwksServer?.close(done));
});

const text = (selector: string) => page.locator(selector).innerText();
const verdictStatus = () => page.locator('#verdict').getAttribute('data-status');
const checkState = (name: string) => page.locator(`#checks [data-check="${name}"]`).getAttribute('data-state');

async function pasteToken(token: string): Promise<void> {
  await page.fill('#token-input', token);
}

/** Waits until the page has caught up with the input (decoded, verified), then checks the verdict. */
async function settled(): Promise<void> {
  await page.waitForSelector('#app[data-busy="false"]', { timeout: 15_000 });
}

async function expectVerdict(status: string, code = ''): Promise<void> {
  await settled();
  expect(await page.locator('#verdict').getAttribute('data-code'), await text('#verdict')).toBe(code);
  expect(await verdictStatus()).toBe(status);
}

describe('token debugger', () => {
  test('decodes the example token into coloured parts, JSON and a claims table', async () => {
    await pasteToken(EXAMPLE_TOKEN);
    await settled();
    expect(JSON.parse(await text('#header-json'))).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(JSON.parse(await text('#payload-json'))).toEqual({ sub: '1234567890', name: 'John Doe', iat: 1516239022 });
    const parts = await page.locator('#token-coloured span:not(.dot)').evaluateAll((spans) => spans.map((s) => [s.className, s.textContent]));
    expect(parts).toEqual(EXAMPLE_TOKEN.split('.').map((part, i) => [['part-header', 'part-payload', 'part-signature'][i], part]));
    expect(await page.locator('#claims-body tr[data-claim="name"] .claim-value').innerText()).toBe('John Doe');
    expect(await page.locator('#claims-body tr[data-claim="iat"] time').getAttribute('datetime')).toBe('2018-01-18T01:30:22Z');
    expect(await page.locator('#claims-body tr[data-claim="iat"] .claim-description').innerText()).toBe('Issued at');
    expect(await text('#expiry')).toMatch(/No exp claim/);
    expect(await text('#signature-info')).toContain('32 bytes');
    expect(await page.locator('#alg-select').inputValue()).toBe('HS256');
  });

  test('before a secret is entered: a neutral hint, not a red error, and no check failed', async () => {
    // The token from the test above is in place and the secret field is still empty.
    expect(await page.locator('#secret-input').inputValue()).toBe('');
    await expectVerdict('idle');
    expect(await text('#verdict')).toBe('Enter the secret or key to verify the signature.');
    expect(await page.locator('#checks [data-state="failed"]').count()).toBe(0);
    // Drawn as the neutral verdict, not in the colours of a failure (those of an "invalid" verdict).
    const colours = await page.evaluate(() => {
      const paint = (node: Element) => [getComputedStyle(node).color, getComputedStyle(node).backgroundColor];
      const failure = Object.assign(document.createElement('p'), { className: 'verdict' });
      failure.dataset.status = 'invalid';
      document.body.append(failure);
      const result = { shown: paint(document.getElementById('verdict')!), failure: paint(failure) };
      failure.remove();
      return result;
    });
    expect(colours.shown[0]).not.toBe(colours.failure[0]);
    expect(colours.shown[1]).not.toBe(colours.failure[1]);
    await page.screenshot({ path: join(SHOTS, 'debugger-no-secret-yet.png'), fullPage: true });

    // The same for a public key not pasted yet; whitespace is not a key either.
    await page.check('input[name="key-source"][value="pem"]');
    await page.fill('#pem-input', '  \n ');
    await expectVerdict('idle');
    expect(await text('#verdict')).toBe('Enter the public key (PEM or JWK) to verify the signature.');
    await page.check('input[name="key-source"][value="secret"]');
    await expectVerdict('idle');
  });

  test('with no key yet, a malformed token still fails at once on its format', async () => {
    await pasteToken('not-a-token');
    await expectVerdict('invalid', 'ERR_JWT_MALFORMED');
    expect(await checkState('format')).toBe('failed');
    await pasteToken(EXAMPLE_TOKEN);
    await expectVerdict('idle');
  });

  test('verifies the example with its 19-byte secret: genuine signature, shown as a weak secret', async () => {
    await page.fill('#secret-input', EXAMPLE_SECRET);
    await expectVerdict('valid-weak', 'ERR_KEY_INVALID');
    const verdict = await text('#verdict');
    expect(verdict).toContain('Signature verified');
    expect(verdict).toContain('19 bytes');
    expect(verdict).toContain('at least 32 for HS256');
    expect(verdict).toContain('allowShortSecretForVerifyOnly');
    expect(await checkState('signature')).toBe('passed');
    await page.screenshot({ path: join(SHOTS, 'debugger-example-weak-secret.png'), fullPage: true });
  });

  test('a tampered payload fails on the signature, and says so', async () => {
    const [header, , signature] = EXAMPLE_TOKEN.split('.');
    const forged = { sub: '1234567890', name: 'John Doe', admin: true, iat: 1516239022 };
    await pasteToken(`${header}.${encodeBase64url(new TextEncoder().encode(JSON.stringify(forged)))}.${signature}`);
    await expectVerdict('invalid', 'ERR_JWS_SIGNATURE_INVALID');
    expect(await checkState('format')).toBe('passed');
    expect(await checkState('key')).toBe('passed');
    expect(await checkState('signature')).toBe('failed');
    expect(await checkState('exp')).toBe('skipped');
    expect(await page.locator('#claims-body tr[data-claim="admin"] .claim-value').innerText()).toBe('true');
    await page.screenshot({ path: join(SHOTS, 'debugger-tampered.png'), fullPage: true });
  });

  test('a wrong secret fails on the signature too', async () => {
    await pasteToken(EXAMPLE_TOKEN);
    await page.fill('#secret-input', 'not-the-secret-but-long-enough-to-be-accepted');
    await expectVerdict('invalid', 'ERR_JWS_SIGNATURE_INVALID');
  });

  test('a malformed token fails on the format', async () => {
    await pasteToken('not-a-token');
    await expectVerdict('invalid', 'ERR_JWT_MALFORMED');
    expect(await checkState('format')).toBe('failed');
    expect(await page.locator('#decode-error').innerText()).toContain('ERR_JWT_MALFORMED');
  });

  test('signs a token with a generated ES256 key pair and verifies it with the public PEM', async () => {
    await page.click('#tab-sign');
    await page.selectOption('#sign-alg', 'ES256');
    await page.click('#sign-generate');
    await settled();
    expect(await page.locator('#sign-public-key').inputValue()).toContain('BEGIN PUBLIC KEY');
    expect(await page.locator('#sign-key').inputValue()).toContain('BEGIN PRIVATE KEY');
    await page.click('#sign-button');
    await settled();
    expect((await page.locator('#sign-output').inputValue()).split('.')).toHaveLength(3);
    await page.screenshot({ path: join(SHOTS, 'debugger-sign.png'), fullPage: true });
    await page.click('#sign-open');
    await expectVerdict('valid');
    expect(JSON.parse(await text('#header-json'))).toEqual({ alg: 'ES256', typ: 'JWT' });
    expect(JSON.parse(await text('#payload-json'))).toMatchObject({ sub: 'user-42', name: 'Ada Lovelace' });
    expect(await text('#expiry')).toMatch(/^Expires in 1[45] min/);
    for (const check of ['format', 'header', 'key', 'signature', 'exp', 'nbf', 'claims']) expect(await checkState(check)).toBe('passed');
    expect(await checkState('iss')).toBe('not-required');
  });

  test('verifies against a JWKS URL, and shows an expired token failing on exp', async () => {
    await page.check('input[name="key-source"][value="jwks"]');
    await page.fill('#jwks-url', jwksUrl);
    await pasteToken(jwksToken);
    await page.fill('#expected-iss', 'https://idp.example.com/');
    await page.click('#verify-button');
    await expectVerdict('valid');
    expect(await text('#verdict')).toContain('kid debugger-test');
    expect(await checkState('iss')).toBe('passed');

    await page.fill('#expected-iss', '');
    await pasteToken(expiredJwksToken);
    await settled();
    expect(await text('#expiry')).toMatch(/^Expired 1 h \d+ min ago$/);
    await page.click('#verify-button');
    await expectVerdict('invalid', 'ERR_JWT_EXPIRED');
    expect(await checkState('signature')).toBe('passed');
    expect(await checkState('exp')).toBe('failed');
    await page.screenshot({ path: join(SHOTS, 'debugger-jwks-expired.png'), fullPage: true });
  });

  test('makes no request but the page itself and the JWKS URL it was given', () => {
    const elsewhere = requests.filter((url) => !url.startsWith('file://') && url !== jwksUrl);
    expect(elsewhere).toEqual([]);
    expect(requests).toContain(jwksUrl);
  });
});

describe('token debugger: encrypted tokens (JWE)', () => {
  const jweVerdict = async (status: string, code = ''): Promise<void> => {
    await settled();
    expect(await page.locator('#jwe-verdict').getAttribute('data-code'), await text('#jwe-verdict')).toBe(code);
    expect(await page.locator('#jwe-verdict').getAttribute('data-status')).toBe(status);
  };
  const pasteJwe = (token: string) => page.fill('#jwe-input', token);

  test('a JWE pasted into the decoder is recognised, its header shown, and pointed to the Decrypt tab', async () => {
    await page.click('#tab-debug');
    await page.check('input[name="key-source"][value="secret"]');
    await pasteToken(jwe.dir.token);
    await settled();
    expect(await page.locator('#decode-jwe').isVisible()).toBe(true);
    expect(await text('#decode-jwe')).toContain('This is an encrypted token (JWE)');
    expect(JSON.parse(await text('#header-json'))).toEqual({ alg: 'dir', enc: 'A256GCM', kid: 'session-1', typ: 'JWT' });
    expect(await text('#payload-json')).toBe('');
    expect(await page.locator('#decode-error').isVisible()).toBe(false);
    const classes = await page.locator('#token-coloured span:not(.dot)').evaluateAll((spans) => spans.map((span) => span.className));
    expect(classes).toEqual(['part-header', 'part-key', 'part-iv', 'part-ciphertext', 'part-tag']);
    // Not a failure of the signature: there is none to check.
    await expectVerdict('idle');
    expect(await text('#verdict')).toContain('Decrypt it in the Decrypt tab');
    await page.screenshot({ path: join(SHOTS, 'debugger-jwe-in-decoder.png'), fullPage: true });

    await page.click('#decode-open-decrypt');
    await settled();
    expect(await page.locator('#panel-decrypt').isVisible()).toBe(true);
    expect(await page.locator('#tab-decrypt').getAttribute('aria-selected')).toBe('true');
    expect(await page.locator('#jwe-input').inputValue()).toBe(jwe.dir.token);
    expect(await page.locator('#jwe-alg').inputValue()).toBe('dir');
    expect(await page.locator('#jwe-enc').inputValue()).toBe('A256GCM');
    expect(JSON.parse(await text('#jwe-header-json'))).toMatchObject({ alg: 'dir', enc: 'A256GCM' });
    const ciphertext = Buffer.from(jwe.dir.token.split('.')[3]!, 'base64url').length;
    expect(await text('#jwe-parts')).toBe(`encrypted key: 0 bytes, initialization vector: 12 bytes, ciphertext: ${ciphertext} bytes, authentication tag: 16 bytes`);
    await jweVerdict('idle');
    expect(await text('#jwe-verdict')).toContain('Enter the key');
  });

  test('with the dir secret: the claims, pretty, and when they expire', async () => {
    await page.fill('#jwe-key', jwe.dir.secret);
    await jweVerdict('valid');
    expect(await text('#jwe-verdict')).toContain('Decrypted (dir + A256GCM)');
    expect(await text('#jwe-verdict')).toContain('Encryption does not say who made it');
    expect(JSON.parse(await text('#jwe-plaintext'))).toMatchObject({ sub: 'user-42', email: 'ada@example.com' });
    expect(await text('#jwe-plaintext-info')).toMatch(/^A JSON claims set\. Expires in (9|10) min/);
    await page.screenshot({ path: join(SHOTS, 'debugger-jwe-decrypted.png'), fullPage: true });
  });

  test('a wrong key and a tampered token fail with the same code and the same words', async () => {
    const other = String((await exportEncryptionJwk(await generateEncryptionKey('dir', 'A256GCM'))).k);
    await page.fill('#jwe-key', other);
    await jweVerdict('invalid', 'ERR_JWE_DECRYPTION_FAILED');
    const wrongKey = await text('#jwe-verdict');
    expect(await text('#jwe-plaintext')).toBe('');
    await page.fill('#jwe-key', jwe.dir.secret);
    await jweVerdict('valid');
    const parts = jwe.dir.token.split('.');
    parts[3] = `${parts[3]!.slice(0, 10)}${parts[3]![10] === 'A' ? 'B' : 'A'}${parts[3]!.slice(11)}`;
    await pasteJwe(parts.join('.'));
    await jweVerdict('invalid', 'ERR_JWE_DECRYPTION_FAILED');
    expect(await text('#jwe-verdict')).toBe(wrongKey);
    expect(wrongKey).toContain('The token cannot be decrypted with this key');
  });

  test('the key is bound to the alg and enc picked: another alg fails before decrypting', async () => {
    await pasteJwe(jwe.dir.token);
    await settled();
    await page.selectOption('#jwe-alg', 'A256KW');
    await jweVerdict('invalid', 'ERR_JWE_ALG_NOT_ALLOWED');
    await page.selectOption('#jwe-alg', 'dir');
    await jweVerdict('valid');
  });

  test('a compressed token is refused until compression is allowed', async () => {
    await pasteJwe(jwe.compressed);
    await jweVerdict('invalid', 'ERR_JWE_ALG_NOT_ALLOWED');
    await page.check('#jwe-allow-zip');
    await jweVerdict('valid');
    expect(JSON.parse(await text('#jwe-plaintext'))).toMatchObject({ sub: 'user-42' });
    await page.uncheck('#jwe-allow-zip');
    await settled();
  });

  test('content that is not text is shown as base64url', async () => {
    await pasteJwe(jwe.binary.token);
    await jweVerdict('valid');
    expect(await text('#jwe-plaintext')).toBe(encodeBase64url(jwe.binary.bytes));
    expect(await text('#jwe-plaintext-info')).toContain('5 bytes that are not UTF-8 text');
  });

  test('an X25519 private JWK, an RSA private PEM and a PBES2 password decrypt their tokens', async () => {
    for (const [token, key, alg, expected] of [
      [jwe.x25519.token, jwe.x25519.jwk, 'ECDH-ES+A256KW', '"sub": "user-x"'],
      [jwe.rsa.token, jwe.rsa.pem, 'RSA-OAEP-256', '"sub": "user-rsa"'],
      [jwe.pbes2.token, jwe.pbes2.password, 'PBES2-HS256+A128KW', 'hello from a password'],
    ] as const) {
      await page.fill('#jwe-key', '');
      await pasteJwe(token);
      await settled();
      expect(await page.locator('#jwe-alg').inputValue()).toBe(alg);
      await page.fill('#jwe-key', key);
      await jweVerdict('valid');
      expect(await text('#jwe-plaintext')).toContain(expected);
    }
    expect(await text('#jwe-plaintext-info')).toBe('21 bytes of UTF-8 text.');
  });

  test('a nested token: the signed JWT inside goes to the decoder, which verifies it', async () => {
    await page.fill('#jwe-key', jwe.dir.secret);
    await pasteJwe(jwe.nested.token);
    await jweVerdict('valid');
    expect(await text('#jwe-plaintext-info')).toContain('A nested JWT');
    const inner = await text('#jwe-plaintext');
    expect(inner.split('.')).toHaveLength(3);
    await page.click('#jwe-open-inner');
    await settled();
    expect(await page.locator('#panel-debug').isVisible()).toBe(true);
    expect(await page.locator('#token-input').inputValue()).toBe(inner);
    expect(JSON.parse(await text('#header-json'))).toEqual({ alg: 'ES256', typ: 'JWT' });
    await page.check('input[name="key-source"][value="pem"]');
    await page.fill('#pem-input', jwe.nested.issuerPem);
    await expectVerdict('valid');
    expect(JSON.parse(await text('#payload-json'))).toMatchObject({ sub: 'user-nested' });
  });

  test('a signed token pasted into the Decrypt tab is not a JWE, and says where it belongs', async () => {
    await page.click('#tab-decrypt');
    await pasteJwe(EXAMPLE_TOKEN);
    await jweVerdict('invalid', 'ERR_JWT_MALFORMED');
    expect(await text('#jwe-verdict')).toContain('use Decode & verify');
  });

  test('decrypting made no request either', () => {
    expect(requests.filter((url) => !url.startsWith('file://') && url !== jwksUrl)).toEqual([]);
  });
});
