/**
 * RFC 7520 ("Examples of Protecting Content Using JOSE", the JOSE cookbook) sections 5 and 6 and the
 * cookbook's X25519 example, end to end through the public API with the cookbook's exact values
 * (test/fixtures/jwe/cookbook/, public domain: see its LICENSE).
 *
 * - 5.2 to 5.9, the examples compact serialization can express: the cookbook's token decrypts to exactly
 *   its plaintext, and encrypting with the cookbook's random values gives exactly its encrypted key, IV,
 *   ciphertext and tag (see {@link expectCookbookEncryption} for why the tag is checked under the
 *   cookbook's header segment).
 * - 5.1 uses RSA1_5, which webjwt refuses (Bleichenbacher's padding oracle).
 * - 5.10 to 5.13 need the JSON serialization (additional authenticated data, unprotected headers,
 *   several recipients), which a compact token cannot carry: each test shows what is lost.
 * - Section 6: the nested token decrypts and verifies to exactly its claims.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  type ContentEncryptionAlgorithm,
  type DecryptCompactOptions,
  decryptCompact,
  decryptThenVerify,
  type EncryptCompactOptions,
  encryptCompact,
  generateEncryptionKeyPair,
  importEncryptionKey,
  importKey,
  type Jwk,
  type JweKey,
  KEY_MANAGEMENT_ALGORITHMS,
  type KeyManagementAlgorithm,
  signThenEncrypt,
} from '../../src/index.js';
import { additionalData } from '../../src/jwe/compact.js';
import { encryptContent, prepareContentKey } from '../../src/jwe/content/index.js';
import { concatKdf } from '../../src/jwe/key-management/concat-kdf.js';
import { inflateRaw } from '../../src/jwe/zip.js';
import example51 from '../fixtures/jwe/cookbook/5_1.key_encryption_using_rsa_v15_and_aes-hmac-sha2.json';
import example510 from '../fixtures/jwe/cookbook/5_10.including_additional_authentication_data.json';
import example511 from '../fixtures/jwe/cookbook/5_11.protecting_specific_header_fields.json';
import example512 from '../fixtures/jwe/cookbook/5_12.protecting_content_only.json';
import example513 from '../fixtures/jwe/cookbook/5_13.encrypting_to_multiple_recipients.json';
import example52 from '../fixtures/jwe/cookbook/5_2.key_encryption_using_rsa-oaep_with_aes-gcm.json';
import example53 from '../fixtures/jwe/cookbook/5_3.key_wrap_using_pbes2-aes-keywrap_with-aes-cbc-hmac-sha2.json';
import example54 from '../fixtures/jwe/cookbook/5_4.key_agreement_with_key_wrapping_using_ecdh-es_and_aes-keywrap_with_aes-gcm.json';
import example55 from '../fixtures/jwe/cookbook/5_5.key_agreement_using_ecdh-es_with_aes-cbc-hmac-sha2.json';
import example56 from '../fixtures/jwe/cookbook/5_6.direct_encryption_using_aes-gcm.json';
import example57 from '../fixtures/jwe/cookbook/5_7.key_wrap_using_aes-gcm_keywrap_with_aes-cbc-hmac-sha2.json';
import example58 from '../fixtures/jwe/cookbook/5_8.key_wrap_using_aes-keywrap_with_aes-gcm.json';
import example59 from '../fixtures/jwe/cookbook/5_9.compressed_content.json';
import nesting from '../fixtures/jwe/cookbook/6.nesting_signatures_and_encryption.json';
import exampleX25519 from '../fixtures/jwe/cookbook/x25519-ecdh-es.json';
import { join, rejection, split } from './helpers.js';

/** The shape of a cookbook JWE example (only the members these tests read). */
interface Example {
  input: { plaintext: string; key?: Jwk; pwd?: string; alg: string; enc: string };
  generated: { cek?: string; iv: string; plaintext_c?: string };
  encrypting_key?: { encrypted_key?: string; epk?: Jwk; cek?: string; iv?: string; salt?: string };
  encrypting_content: { protected: Record<string, unknown>; protected_b64u: string; ciphertext: string; tag: string };
  output: { compact: string };
}

interface CompactCase {
  section: string;
  example: Example;
  /** The cookbook's random values, in the order encryption draws them from crypto.getRandomValues. */
  random: readonly string[];
  encrypt?: EncryptCompactOptions;
  decrypt?: DecryptCompactOptions;
  /** RSA-OAEP pads with randomness drawn inside Web Crypto: its encrypted key cannot be reproduced. */
  randomizedEncryptedKey?: boolean;
  /** The CEK, where the example does not list it (the X25519 example lists a wrong one). */
  cek?: () => Promise<Uint8Array>;
}

const asExample = (json: unknown) => json as Example;

const COMPACT_CASES: readonly CompactCase[] = [
  { section: '5.2', example: asExample(example52), random: [example52.generated.cek, example52.generated.iv], randomizedEncryptedKey: true },
  {
    section: '5.3',
    example: asExample(example53),
    random: [example53.encrypting_key.salt, example53.generated.cek, example53.generated.iv],
    encrypt: { p2c: example53.encrypting_key.iteration_count, cty: 'jwk-set+json' },
  },
  { section: '5.4', example: asExample(example54), random: [example54.generated.cek, example54.generated.iv] },
  { section: '5.5', example: asExample(example55), random: [example55.generated.iv] },
  { section: '5.6', example: asExample(example56), random: [example56.generated.iv] },
  {
    section: '5.7',
    example: asExample(example57),
    random: [example57.generated.cek, example57.encrypting_key.iv, example57.generated.iv],
  },
  { section: '5.8', example: asExample(example58), random: [example58.generated.cek, example58.generated.iv] },
  {
    section: '5.9',
    example: asExample(example59),
    random: [example59.generated.cek, example59.generated.iv],
    encrypt: { compress: true },
    decrypt: { allowCompression: true },
  },
];

const bytes = (b64u: string) => new Uint8Array(Buffer.from(b64u, 'base64url'));
const text = (data: Uint8Array) => new TextDecoder().decode(data);
const publicPart = ({ d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...rest }: Jwk): Jwk => rest;

afterEach(() => {
  vi.restoreAllMocks();
});

/** The recipient's decrypting key and the sender's encrypting key (the same key for secrets). */
async function keysOf(example: Example): Promise<{ decryptKey: JweKey; encryptKey: JweKey }> {
  const alg = example.input.alg as KeyManagementAlgorithm;
  const enc = example.input.enc as ContentEncryptionAlgorithm;
  const material = example.input.pwd ?? example.input.key!;
  const decryptKey = await importEncryptionKey(material, alg, enc);
  const asymmetric = typeof material === 'object' && material.kty !== 'oct';
  const encryptKey = asymmetric ? await importEncryptionKey(publicPart(material), alg, enc) : decryptKey;
  return { decryptKey, encryptKey };
}

/**
 * crypto.getRandomValues returns the cookbook's values in turn (each must be asked for at its exact
 * length); the returned check says every one was drawn.
 */
function stubRandomValues(values: readonly string[]): () => void {
  const queue = values.map(bytes);
  vi.spyOn(globalThis.crypto, 'getRandomValues').mockImplementation(<T extends ArrayBufferView | null>(array: T): T => {
    const next = queue.shift();
    const view = array as unknown as Uint8Array;
    if (next === undefined) throw new Error(`unexpected getRandomValues(${view.byteLength} bytes)`);
    expect(view.byteLength, 'length of the next random value').toBe(next.length);
    view.set(next);
    return array;
  });
  return () => expect(queue, 'random values left unused').toHaveLength(0);
}

/**
 * ECDH-ES: crypto.subtle.generateKey returns the cookbook's ephemeral key pair. Its public half is
 * the header's `epk` (the X25519 example lists an `x` that does not belong to its `d`; the header's
 * does, see the test of that example).
 */
async function stubEphemeralKey(example: Example): Promise<void> {
  const epk = example.encrypting_content.protected.epk as Jwk | undefined;
  const d = example.encrypting_key?.epk?.d;
  if (epk === undefined || d === undefined) return;
  const params = epk.kty === 'OKP' ? { name: 'X25519' } : { name: 'ECDH', namedCurve: epk.crv! };
  const publicJwk = { kty: epk.kty, crv: epk.crv, x: epk.x, ...(epk.y === undefined ? {} : { y: epk.y }) } as JsonWebKey;
  const pair = {
    publicKey: await crypto.subtle.importKey('jwk', publicJwk, params, true, []),
    privateKey: await crypto.subtle.importKey('jwk', { ...publicJwk, d }, params, false, ['deriveBits']),
  };
  vi.spyOn(crypto.subtle, 'generateKey').mockResolvedValueOnce(pair as never);
}

/** The content encryption key the cookbook used (for ECDH-ES it is derived; for dir it is the key). */
async function cekOf(c: CompactCase): Promise<Uint8Array> {
  if (c.cek !== undefined) return c.cek();
  const { example } = c;
  return bytes(example.generated.cek ?? example.encrypting_key?.cek ?? (example.input.key as { k: string }).k);
}

/**
 * Encrypts the example's plaintext with the cookbook's random values and checks the token exactly.
 *
 * Why the tag is checked under the cookbook's header segment: the tag authenticates the protected
 * header segment's exact text (RFC 7516 section 5.1, step 14). encryptCompact writes the header's
 * members in its own order (alg, enc, the key management parameters, zip, kid, then the caller's
 * members) and takes no order from the caller, while the cookbook writes, e.g., alg, kid, enc. Same
 * members, other bytes, so another (equally valid) tag. The encrypted key, the IV and the ciphertext
 * do not depend on the header and must be the cookbook's exactly; the same content step under the
 * cookbook's header segment must then give exactly the cookbook's tag, and those segments together
 * exactly the cookbook's compact token, which decrypts.
 */
async function expectCookbookEncryption(c: CompactCase): Promise<void> {
  const { example } = c;
  const { encryptKey, decryptKey } = await keysOf(example);
  const allDrawn = stubRandomValues(c.random);
  await stubEphemeralKey(example);
  const token = await encryptCompact(example.input.plaintext, encryptKey, c.encrypt);
  allDrawn();
  vi.restoreAllMocks();

  const ours = split(token);
  const cookbook = split(example.output.compact);
  expect(ours.header).toEqual(example.encrypting_content.protected); // the same members and values
  expect(ours.headerSegment).not.toBe(cookbook.headerSegment); // in another order (see above)
  if (c.randomizedEncryptedKey) expect(ours.encryptedKey).toHaveLength(cookbook.encryptedKey.length);
  else expect(ours.encryptedKey).toBe(cookbook.encryptedKey);
  expect(ours.iv).toBe(cookbook.iv);
  // DEFLATE has many valid encodings of one text, and the runtime's (zlib's) is not the cookbook's:
  // 5.9's ciphertext is checked below, on the cookbook's compressed bytes.
  const compressed = c.encrypt?.compress === true;
  if (!compressed) expect(ours.ciphertext).toBe(cookbook.ciphertext);
  // Our own token, with its own header and tag, decrypts too.
  expect(text((await decryptCompact(token, decryptKey, c.decrypt)).plaintext)).toBe(example.input.plaintext);

  // The content step with the same CEK and IV under the cookbook's header segment: exactly the
  // cookbook's ciphertext and tag.
  const enc = example.input.enc as ContentEncryptionAlgorithm;
  const content = compressed ? bytes(example.generated.plaintext_c!) : new TextEncoder().encode(example.input.plaintext);
  const ivDrawn = stubRandomValues([example.generated.iv]);
  const step = await encryptContent(await prepareContentKey(enc, await cekOf(c)), content, additionalData(cookbook.headerSegment));
  ivDrawn();
  vi.restoreAllMocks();
  const ciphertext = Buffer.from(step.ciphertext).toString('base64url');
  const tag = Buffer.from(step.tag).toString('base64url');
  expect(ciphertext).toBe(cookbook.ciphertext);
  expect(tag).toBe(cookbook.tag);

  // Our encrypted key and IV with that ciphertext and tag under the cookbook's header: the cookbook's
  // token. With RSA-OAEP our encrypted key differs, but it carries the same CEK, so the token decrypts.
  const rebuilt = join({ headerSegment: cookbook.headerSegment, encryptedKey: ours.encryptedKey, iv: ours.iv, ciphertext, tag });
  if (!c.randomizedEncryptedKey) expect(rebuilt).toBe(example.output.compact);
  expect(text((await decryptCompact(rebuilt, decryptKey, c.decrypt)).plaintext)).toBe(example.input.plaintext);
}

describe('RFC 7520 section 5: compact examples, exact values', () => {
  describe.each(COMPACT_CASES)('$section $example.input.alg with $example.input.enc', (c) => {
    it("decrypts the cookbook's token to exactly its plaintext and header", async () => {
      const { decryptKey } = await keysOf(c.example);
      const result = await decryptCompact(c.example.output.compact, decryptKey, c.decrypt);
      expect(text(result.plaintext)).toBe(c.example.input.plaintext);
      expect(result.header).toEqual(c.example.encrypting_content.protected);
      expect(result.key).toBe(decryptKey);
    });

    it("encrypts with the cookbook's random values to exactly its encrypted key, IV, ciphertext and tag", async () => {
      await expectCookbookEncryption(c);
    });
  });

  it("5.9 is compressed (zip DEF): refused unless the caller allows compression; the cookbook's DEFLATE inflates", async () => {
    const { decryptKey } = await keysOf(asExample(example59));
    await rejection(decryptCompact(example59.output.compact, decryptKey), 'ERR_JWE_ALG_NOT_ALLOWED');
    const inflated = await inflateRaw(bytes(example59.generated.plaintext_c), 4096);
    expect(text(inflated)).toBe(example59.input.plaintext);
  });
});

describe('RFC 7520 section 5.1: RSA1_5 is refused', () => {
  const key = example51.input.key as Jwk;

  it('is not a key management algorithm: importing or generating an RSA1_5 key fails and says why', async () => {
    expect(KEY_MANAGEMENT_ALGORITHMS).not.toContain('RSA1_5');
    const imported = await rejection(importEncryptionKey(key, 'RSA1_5' as KeyManagementAlgorithm, 'A128CBC-HS256'), 'ERR_INVALID_ARGUMENT');
    expect(imported.message).toMatch(/RSA1_5.*Bleichenbacher.*RSA-OAEP-256/);
    const generated = await rejection(generateEncryptionKeyPair('RSA1_5' as KeyManagementAlgorithm, 'A128CBC-HS256'), 'ERR_INVALID_ARGUMENT');
    expect(generated.message).toBe(imported.message);
    const listed = await rejection(
      decryptCompact(example51.output.compact, () => Promise.reject(new Error('never asked')), {
        keyManagementAlgorithms: ['RSA1_5' as KeyManagementAlgorithm],
      }),
      'ERR_INVALID_ARGUMENT',
    );
    expect(listed.message).toMatch(/RSA1_5.*Bleichenbacher/);
  });

  it("the cookbook's RSA1_5 token is refused before the key is used, even with the same RSA key as RSA-OAEP", async () => {
    const oaepKey = await importEncryptionKey(key, 'RSA-OAEP', 'A128CBC-HS256');
    const error = await rejection(decryptCompact(example51.output.compact, oaepKey), 'ERR_JWE_ALG_NOT_ALLOWED');
    expect(error.message).toMatch(/RSA1_5.*Bleichenbacher.*RSA-OAEP-256/);
    const resolver = vi.fn(() => oaepKey);
    await rejection(decryptCompact(example51.output.compact, resolver), 'ERR_JWE_ALG_NOT_ALLOWED');
    expect(resolver).not.toHaveBeenCalled();
  });
});

describe('RFC 7520 sections 5.10 to 5.13: JSON serialization only', () => {
  it('5.10 (additional authenticated data): the tag covers the aad, which a compact token has no place for', async () => {
    const { decryptKey } = await keysOf(asExample(example510));
    const json = example510.output.json_flat;
    await rejection(decryptCompact(JSON.stringify(json), decryptKey), 'ERR_JWT_MALFORMED');
    // The same segments in compact form: the AAD is then the header segment alone (RFC 7516 section
    // 5.1, step 14), not "header.aad", so the tag does not hold.
    const compact = [json.protected, json.encrypted_key, json.iv, json.ciphertext, json.tag].join('.');
    await rejection(decryptCompact(compact, decryptKey), 'ERR_JWE_DECRYPTION_FAILED');
  });

  it('5.11 (protecting specific header fields): alg and kid are unprotected; a compact header is all protected', async () => {
    const { decryptKey } = await keysOf(asExample(example511));
    const json = example511.output.json_flat;
    expect(Object.keys(example511.encrypting_content.protected)).toEqual(['enc']);
    await rejection(decryptCompact(JSON.stringify(json), decryptKey), 'ERR_JWT_MALFORMED');
    // The protected segment alone has no alg; moving alg into it would change the AAD and the tag.
    const compact = [json.protected, json.encrypted_key, json.iv, json.ciphertext, json.tag].join('.');
    const error = await rejection(decryptCompact(compact, decryptKey), 'ERR_JWT_MALFORMED');
    expect(error.message).toMatch(/"alg"/);
  });

  it('5.12 (protecting content only): there is no protected header, which a compact token must have', async () => {
    const { decryptKey } = await keysOf(asExample(example512));
    const json = example512.output.json_flat;
    expect(json).not.toHaveProperty('protected');
    await rejection(decryptCompact(JSON.stringify(json), decryptKey), 'ERR_JWT_MALFORMED');
    const compact = ['', json.encrypted_key, json.iv, json.ciphertext, json.tag].join('.');
    const error = await rejection(decryptCompact(compact, decryptKey), 'ERR_JWT_MALFORMED');
    expect(error.message).toMatch(/protected header is missing/);
  });

  it('5.13 (multiple recipients): three encrypted keys, where a compact token has one (and one recipient is RSA1_5)', async () => {
    const json = example513.output.json;
    expect(json.recipients).toHaveLength(3);
    expect(example513.input.alg).toContain('RSA1_5');
    const gcmKwKey = example513.input.key[2] as Jwk;
    const decryptKey = await importEncryptionKey(gcmKwKey, 'A256GCMKW', 'A128CBC-HS256');
    await rejection(decryptCompact(JSON.stringify(json), decryptKey), 'ERR_JWT_MALFORMED');
    // The A256GCMKW recipient's segments in compact form: its per-recipient header (alg, kid, iv, tag)
    // is not in the protected header, which has only enc.
    const recipient = json.recipients[2]!;
    const compact = [json.protected, recipient.encrypted_key, json.iv, json.ciphertext, json.tag].join('.');
    await rejection(decryptCompact(compact, decryptKey), 'ERR_JWT_MALFORMED');
  });
});

describe('RFC 7520 section 6: nesting signatures and encryption', () => {
  const { sign: signing, encrypt: encryption } = nesting;
  const claims = JSON.parse(signing.input.payload) as Record<string, unknown>;
  // The inner JWT expired in 2011 (exp 1300819380): verify it at a time it was valid.
  const clock = () => ((claims.exp as number) - 60) * 1000;

  it('decryptThenVerify gives exactly the signed JWT, its claims and both headers', async () => {
    const decryptionKey = await importEncryptionKey(encryption.input.key as Jwk, 'RSA-OAEP', 'A128GCM');
    const verifyKey = await importKey(publicPart(signing.input.key as Jwk), 'PS256');
    const result = await decryptThenVerify(encryption.output.compact, decryptionKey, verifyKey, { verify: { clock } });
    expect(result.payload).toEqual(claims);
    expect(result.header).toEqual(signing.signing.protected);
    expect(result.encryptionHeader).toEqual(encryption.encrypting_content.protected);
    expect(result.decryptionKey).toBe(decryptionKey);

    const { plaintext } = await decryptCompact(encryption.output.compact, decryptionKey);
    expect(text(plaintext)).toBe(signing.output.compact);
  });

  it('signThenEncrypt with the cookbook keys gives a token decryptThenVerify reads back', async () => {
    const signingKey = await importKey(signing.input.key as Jwk, 'PS256');
    const publicKey = await importEncryptionKey(publicPart(encryption.input.key as Jwk), 'RSA-OAEP', 'A128GCM');
    const token = await signThenEncrypt(claims, signingKey, publicKey, { sign: { iat: false } });
    expect(split(token).header).toEqual({ alg: 'RSA-OAEP', enc: 'A128GCM', cty: 'JWT', kid: 'samwise.gamgee@hobbiton.example' });

    const decryptionKey = await importEncryptionKey(encryption.input.key as Jwk, 'RSA-OAEP', 'A128GCM');
    const verifyKey = await importKey(publicPart(signing.input.key as Jwk), 'PS256');
    const { payload } = await decryptThenVerify(token, decryptionKey, verifyKey, { verify: { clock } });
    expect(payload).toEqual(claims);
  });
});

describe('The cookbook X25519 example (ECDH-ES with A128GCM)', () => {
  const example = asExample(exampleX25519);

  it("decrypts the example's token to exactly its plaintext", async () => {
    const { decryptKey } = await keysOf(example);
    const { plaintext, header } = await decryptCompact(example.output.compact, decryptKey);
    expect(text(plaintext)).toBe(example.input.plaintext);
    expect(header).toEqual(example.encrypting_content.protected);
  });

  it("encrypts with the example's ephemeral key and IV to exactly its ciphertext and tag", async () => {
    // The file says "reproducible: false": its epk lists an x that is not the public key of its d, and a
    // 32-byte "cek" that A128GCM cannot use. Its d is right, though: its public key is the header's epk,
    // and the Concat KDF over the agreed secret gives the CEK (RFC 7518 section 4.6.2; AlgorithmID "A128GCM").
    const ephemeral = example.encrypting_key!.epk!;
    expect(ephemeral.x).not.toBe((example.encrypting_content.protected.epk as Jwk).x);
    const cek = async () => {
      const params = { name: 'X25519' };
      const { kty, crv, x } = example.encrypting_content.protected.epk as Jwk;
      const privateKey = await crypto.subtle.importKey('jwk', { kty, crv, x, d: ephemeral.d }, params, false, ['deriveBits']);
      const recipient = await crypto.subtle.importKey('jwk', publicPart(example.input.key!) as JsonWebKey, params, false, []);
      const z = new Uint8Array(await crypto.subtle.deriveBits({ name: 'X25519', public: recipient } as EcdhKeyDeriveParams, privateKey, 256));
      return concatKdf(z, { algorithmId: 'A128GCM', keyBits: 128, partyUInfo: new Uint8Array(0), partyVInfo: new Uint8Array(0) });
    };
    await expectCookbookEncryption({ section: 'X25519', example, random: [example.generated.iv], cek });
  });
});
