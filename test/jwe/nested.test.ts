/**
 * signThenEncrypt / decryptThenVerify: a signed JWT inside a JWE with cty "JWT". The inner token is
 * verified exactly as verify does (signature, claims, revocation); a token that is not nested, or
 * whose inner token fails, is refused with that failure's code.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  decryptCompact,
  decryptThenVerify,
  encrypt,
  encryptCompact,
  generateEncryptionKey,
  generateEncryptionKeyPair,
  generateKeyPair,
  generateSecret,
  type JweKey,
  type JwtKey,
  sign,
  signThenEncrypt,
} from '../../src/index.js';
import { rejection, split } from './helpers.js';

let issuer: { publicKey: JwtKey; privateKey: JwtKey };
let recipient: { publicKey: JweKey; privateKey: JweKey };

beforeAll(async () => {
  issuer = await generateKeyPair('ES256', { kid: 'sig-1' });
  recipient = await generateEncryptionKeyPair('ECDH-ES+A256KW', 'A256GCM', { kid: 'enc-1' });
});

describe('round trip', () => {
  it('signs, encrypts (cty JWT), decrypts and verifies', async () => {
    const token = await signThenEncrypt({ sub: 'user-1' }, issuer.privateKey, recipient.publicKey, {
      sign: { issuer: 'https://auth.example', expiresIn: '5m' },
      encrypt: { typ: 'JWT' },
    });
    expect(split(token).header).toMatchObject({ alg: 'ECDH-ES+A256KW', enc: 'A256GCM', kid: 'enc-1', cty: 'JWT', typ: 'JWT' });

    const result = await decryptThenVerify(token, recipient.privateKey, issuer.publicKey, { verify: { issuer: 'https://auth.example' } });
    expect(result.payload.sub).toBe('user-1');
    expect(result.header).toMatchObject({ alg: 'ES256', kid: 'sig-1', typ: 'JWT' });
    expect(result.key).toBe(issuer.publicKey);
    expect(result.encryptionHeader.cty).toBe('JWT');
    expect(result.decryptionKey).toBe(recipient.privateKey);

    // The plaintext is the signed JWT itself.
    const { plaintext } = await decryptCompact(token, recipient.privateKey);
    expect(new TextDecoder().decode(plaintext).split('.')).toHaveLength(3);
  });

  it('with a shared secret for both steps and a raw HMAC secret to sign', async () => {
    const dir = await generateEncryptionKey('dir', 'A128CBC-HS256');
    const secret = 'a-secret-of-at-least-thirty-two-bytes!!';
    const token = await signThenEncrypt({ sub: 'a' }, secret, dir, { sign: { alg: 'HS256' }, encrypt: { cty: 'JWT' } });
    const { payload } = await decryptThenVerify(token, dir, secret, { verify: { algorithms: ['HS256'] } });
    expect(payload.sub).toBe('a');
  });
});

describe('refusals', () => {
  it('encrypt.cty other than JWT', async () => {
    const error = await rejection(
      signThenEncrypt({}, issuer.privateKey, recipient.publicKey, { encrypt: { cty: 'json' } }),
      'ERR_INVALID_ARGUMENT',
    );
    expect(error.message).toBe('encrypt.cty must be "JWT" (or left out) for a nested token');
  });

  it('a token that is not nested: its claims carry no signature', async () => {
    const token = await encrypt({ sub: 'admin' }, recipient.publicKey);
    const error = await rejection(decryptThenVerify(token, recipient.privateKey, issuer.publicKey), 'ERR_JWT_MALFORMED');
    expect(error.message).toBe('Malformed token: the token is not a nested JWT (cty: "JWT"); decrypt it with decrypt');
  });

  it('an inner token signed by someone else (anyone can encrypt to a public key)', async () => {
    const forger = await generateKeyPair('ES256');
    const token = await signThenEncrypt({ sub: 'admin' }, forger.privateKey, recipient.publicKey);
    await rejection(decryptThenVerify(token, recipient.privateKey, issuer.publicKey), 'ERR_JWS_SIGNATURE_INVALID');
  });

  it('an inner token with alg none or a forged signature', async () => {
    const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const none = `${b64({ alg: 'none' })}.${b64({ sub: 'admin' })}.c2ln`;
    const token = await encryptCompact(none, recipient.publicKey, { cty: 'JWT' });
    await rejection(decryptThenVerify(token, recipient.privateKey, issuer.publicKey), 'ERR_JWS_ALG_NOT_ALLOWED');
  });

  it('an expired inner token, and claim options from verify', async () => {
    const token = await signThenEncrypt({ sub: 'a' }, issuer.privateKey, recipient.publicKey, {
      sign: { expiresIn: 60, clock: () => 1_000_000_000_000, audience: 'api' },
    });
    await rejection(decryptThenVerify(token, recipient.privateKey, issuer.publicKey), 'ERR_JWT_EXPIRED');
    const at = { clock: () => 1_000_000_010_000 };
    await rejection(decryptThenVerify(token, recipient.privateKey, issuer.publicKey, { verify: { ...at, audience: 'web' } }), 'ERR_JWT_CLAIM_INVALID');
    expect((await decryptThenVerify(token, recipient.privateKey, issuer.publicKey, { verify: { ...at, audience: 'api' } })).payload.sub).toBe('a');
  });

  it('an inner plaintext that is not UTF-8 or not a JWS', async () => {
    const bad = await encryptCompact(Uint8Array.from([0xff, 0xfe]), recipient.publicKey, { cty: 'JWT' });
    await rejection(decryptThenVerify(bad, recipient.privateKey, issuer.publicKey), 'ERR_JWT_MALFORMED');
    const notJws = await encryptCompact('{"sub":"a"}', recipient.publicKey, { cty: 'JWT' });
    await rejection(decryptThenVerify(notJws, recipient.privateKey, issuer.publicKey), 'ERR_JWT_MALFORMED');
  });

  it('decrypt options apply to the outer token', async () => {
    const token = await signThenEncrypt({}, issuer.privateKey, recipient.publicKey);
    await rejection(
      decryptThenVerify(token, recipient.privateKey, issuer.publicKey, { decrypt: { keyManagementAlgorithms: ['RSA-OAEP-256'] } }),
      'ERR_JWE_ALG_NOT_ALLOWED',
    );
  });

  it('a tampered outer token fails at decryption, before any verification', async () => {
    const secret = await generateSecret('HS256');
    const token = await signThenEncrypt({}, secret, recipient.publicKey);
    const parts = token.split('.');
    const ciphertext = Buffer.from(parts[3]!, 'base64url');
    ciphertext[0]! ^= 1;
    parts[3] = ciphertext.toString('base64url');
    await rejection(decryptThenVerify(parts.join('.'), recipient.privateKey, secret), 'ERR_JWE_DECRYPTION_FAILED');
  });

  it('a signed JWS given to decryptThenVerify is malformed', async () => {
    const jws = await sign({}, issuer.privateKey);
    await rejection(decryptThenVerify(jws, recipient.privateKey, issuer.publicKey), 'ERR_JWT_MALFORMED');
  });
});
