/**
 * Project Wycheproof's `json_web_encryption_test` (test/fixtures/jwe/json_web_encryption_test.json,
 * Apache 2.0: see test/fixtures/jwe/LICENSE-wycheproof), every case through the public API.
 *
 * The recipient holds the group's key for the algorithm its JWK names and for the case's `enc`, as a
 * real recipient configures its key; it never takes the algorithm from the token. Valid cases decrypt
 * to exactly `pt`; invalid ones are refused with the `JwtError` code the case's comment or flags call
 * for ({@link FLAG_CODES}, {@link COMMENT_CODES}). Labels we do not follow are in {@link DISPUTED},
 * each with a test of the premise the disagreement rests on.
 */
import { describe, expect, it } from 'vitest';
import {
  CONTENT_ENCRYPTION_ALGORITHMS,
  type ContentEncryptionAlgorithm,
  type DecryptCompactOptions,
  decodeBase64url,
  decryptCompact,
  importEncryptionKey,
  type Jwk,
  type JwtErrorCode,
  KEY_MANAGEMENT_ALGORITHMS,
  type KeyManagementAlgorithm,
} from '../../src/index.js';
import fixture from '../fixtures/jwe/json_web_encryption_test.json';
import { rejection } from './helpers.js';

interface JweCase {
  tcId: number;
  comment: string;
  jwe: string;
  enc: string;
  pt?: string;
  result: 'valid' | 'invalid';
  flags: string[];
}

interface JweGroup {
  comment: string;
  private: Jwk;
  tests: JweCase[];
}

const GROUPS = (fixture as unknown as { testGroups: JweGroup[] }).testGroups;
const DECRYPTION_FAILED_MESSAGE = 'The token cannot be decrypted with this key';

/** Codes for invalid cases, by flag: what the flag says is wrong decides the code. */
const FLAG_CODES: Readonly<Record<string, JwtErrorCode>> = {
  // A key for one algorithm, a token of another: the token's alg must be the key's own.
  WrongCipher: 'ERR_JWE_ALG_NOT_ALLOWED',
  // An RSA1_5 token for an RSA-OAEP key: RSA1_5 is refused before any key is used.
  Pkcs15WithOaepKey: 'ERR_JWE_ALG_NOT_ALLOWED',
  // The group's key is an RSA1_5 key: it cannot even be imported (the tokens: see rsa1_5Group below).
  ModifiedPkcs15Padding: 'ERR_INVALID_ARGUMENT',
  // A JSON serialization is not a compact token.
  JsonSerialization: 'ERR_JWT_MALFORMED',
  // A CBC-HMAC token with bad padding or a bad MAC: the one decryption failure (no padding oracle).
  Pkcs5Padding: 'ERR_JWE_DECRYPTION_FAILED',
};

const MALFORMED: JwtErrorCode = 'ERR_JWT_MALFORMED';
const FAILED: JwtErrorCode = 'ERR_JWE_DECRYPTION_FAILED';

/**
 * Codes for the other invalid cases, by comment. What the token shows by itself (a missing segment,
 * an IV or tag of the wrong length, non-canonical base64url, a header without `alg`) is malformed;
 * what only the key can tell (a changed bit anywhere) is the one decryption failure.
 */
const COMMENT_CODES: Readonly<Record<string, JwtErrorCode>> = {
  rejectsModifiedAuthenticationTag: FAILED,
  // The last character's change sets bits that canonical base64url leaves zero.
  rejectsModifiedAuthenticationTagAtEnd: MALFORMED,
  rejectsAuthenticationTagTooLong: MALFORMED,
  rejectsTruncatedAuthenticationTagBy1Byte: MALFORMED,
  rejectsTruncatedAuthenticationTagBy4Bytes: MALFORMED,
  rejectsTruncatedAuthenticationTagBy8Bytes: MALFORMED,
  rejectsMissingAuthenticationTag: MALFORMED,
  rejectsMissingAuthenticationTagAndSeparator: MALFORMED,
  rejectsModifiedCiphertext: FAILED,
  // CBC ciphertext is a positive multiple of the block size.
  rejectsMissingCiphertext: MALFORMED,
  rejectsMissingCiphertextAndSeparator: MALFORMED,
  rejectsModifiedIv: FAILED,
  rejectsMissingIv: MALFORMED,
  rejectsMissingIvAndSeparator: MALFORMED,
  rejectsModifiedEncryptedKey: FAILED,
  rejectsMissingEncryptedKey: MALFORMED,
  rejectsMissingEncryptedKeyAndSeparator: MALFORMED,
  // The kid changed: the header is the additional authenticated data, so the tag fails (#48 is another change).
  rejectsModifiedHeader: FAILED,
  rejectsMissingHeader: MALFORMED,
  rejectsMissingHeaderAndSeparator: MALFORMED,
  rejectsGhashTooLong: MALFORMED,
  rejectsTruncatedGhashBy1Byte: MALFORMED,
  rejectsTruncatedGhashBy4Bytes: MALFORMED,
  rejectsTruncatedGhashBy8Bytes: MALFORMED,
  tagTruncatedBy1: MALFORMED,
  tagTruncatedBy4: MALFORMED,
  tagTruncatedBy8: MALFORMED,
  // An epk that is not on P-256 (an invalid-curve attack): refused before any key agreement, as a decryption failure.
  rejectsInvalidCurvePoint: FAILED,
};

/** Codes for single cases whose comment is shared with cases of another kind. */
const CASE_CODES: Readonly<Record<number, JwtErrorCode>> = {
  // "rejectsModifiedHeader" here renames "alg" to "Alg": a header without "alg" is malformed.
  48: MALFORMED,
};

/** A label we do not follow: our verdict, why, and a check of the premise the disagreement rests on. */
interface Dispute {
  reason: string;
  premise(group: JweGroup, test: JweCase): Promise<void>;
}

const protectedHeader = (jwe: string): Record<string, unknown> => JSON.parse(new TextDecoder().decode(decodeBase64url(jwe.split('.')[0]!)!));

// RSA1_5 is not offered at all (Bleichenbacher's padding oracle; RFC 7516 section 11.5): not a
// statement that the token is malformed. The token does say RSA1_5, and no key can be made for it.
const rsa1_5NotOffered: Dispute['premise'] = async (group, test) => {
  expect(protectedHeader(test.jwe).alg).toBe('RSA1_5');
  expect(group.private.alg).toBe('RSA1_5');
  expect(KEY_MANAGEMENT_ALGORITHMS).not.toContain('RSA1_5');
};

/**
 * Upstream labels this library deliberately does not follow: the valid RSA1_5 cases (the
 * `jwe_rsa1_5` group and RFC 7520 figure 81, which is section 5.1). webjwt refuses RSA1_5 by design:
 * importing an RSA1_5 key is `ERR_INVALID_ARGUMENT`, and the token, given to the same RSA key held
 * for RSA-OAEP, is `ERR_JWE_ALG_NOT_ALLOWED` before the key is used.
 */
const DISPUTED: Readonly<Record<number, Dispute>> = Object.fromEntries(
  [100, 101, 102, 103, 104, 105, 112, 128].map((tcId) => [tcId, { reason: 'RSA1_5 is not offered', premise: rsa1_5NotOffered }]),
);

/** Valid only when the caller opts in: compressed plaintext (zip DEF) needs `allowCompression`. */
const OPT_IN: Readonly<Record<string, DecryptCompactOptions>> = {
  CompressedPlaintext: { allowCompression: true },
};

/**
 * The key management algorithm a recipient holds the group's key for: the JWK's `alg`, or `dir` for a
 * secret whose `alg` names its content encryption algorithm (RFC 7520 section 5.6's key says "A128GCM").
 */
function groupAlgorithm(jwk: Jwk): KeyManagementAlgorithm {
  const alg = jwk.alg as string;
  return (CONTENT_ENCRYPTION_ALGORITHMS as readonly string[]).includes(alg) ? 'dir' : (alg as KeyManagementAlgorithm);
}

function optionsFor(test: JweCase): DecryptCompactOptions {
  return Object.assign({}, ...test.flags.map((flag) => OPT_IN[flag] ?? {}));
}

async function decryptCase(group: JweGroup, test: JweCase, options = optionsFor(test)) {
  const key = await importEncryptionKey(group.private, groupAlgorithm(group.private), test.enc as ContentEncryptionAlgorithm);
  return decryptCompact(test.jwe, key, options);
}

/** The same RSA key held for RSA-OAEP: the RSA1_5 token is refused before the key is used. */
async function expectRsa1_5TokenRefused(group: JweGroup, test: JweCase): Promise<void> {
  const { alg: _alg, ...material } = group.private;
  const oaepKey = await importEncryptionKey(material, 'RSA-OAEP', test.enc as ContentEncryptionAlgorithm);
  const error = await rejection(decryptCompact(test.jwe, oaepKey), 'ERR_JWE_ALG_NOT_ALLOWED');
  expect(error.message).toMatch(/^The token's algorithm RSA1_5 is not supported \(.*Bleichenbacher/);
}

function expectedCode(test: JweCase): JwtErrorCode {
  const code = CASE_CODES[test.tcId] ?? test.flags.map((flag) => FLAG_CODES[flag]).find(Boolean) ?? COMMENT_CODES[test.comment];
  if (code === undefined) throw new Error(`#${test.tcId} ${test.comment}: no expected code for this kind of case`);
  return code;
}

const toHex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

describe.each(GROUPS.map((group) => [group.comment, group.private.alg, group] as const))('%s (key for %s)', (_comment, _alg, group) => {
  it.each(group.tests.map((test) => [test.tcId, test.comment, test.result, test] as const))('#%i %s (%s)', async (tcId, _c, _r, test) => {
    const disputed = DISPUTED[tcId];
    if (disputed !== undefined) {
      // Labelled valid upstream, invalid here: see DISPUTED.
      await disputed.premise(group, test);
      const error = await rejection(decryptCase(group, test), 'ERR_INVALID_ARGUMENT');
      expect(error.message).toMatch(/"RSA1_5" \(.*Bleichenbacher/);
      await expectRsa1_5TokenRefused(group, test);
      return;
    }
    if (test.result === 'valid') {
      const { plaintext, header } = await decryptCase(group, test);
      expect(toHex(plaintext)).toBe(test.pt);
      expect(header).toEqual(protectedHeader(test.jwe));
      expect(header.enc).toBe(test.enc);
      for (const flag of test.flags) {
        // An opt-in case is refused without its option.
        if (flag in OPT_IN) await rejection(decryptCase(group, test, {}), 'ERR_JWE_ALG_NOT_ALLOWED');
      }
      return;
    }
    const code = expectedCode(test);
    const error = await rejection(decryptCase(group, test), code);
    if (code === FAILED) expect(error.message).toBe(DECRYPTION_FAILED_MESSAGE);
    if (test.flags.includes('ModifiedPkcs15Padding')) await expectRsa1_5TokenRefused(group, test);
  });
});

describe('the fixture', () => {
  it('every case is run, every flag and invalid comment has a rule, and the disputes are the valid RSA1_5 cases', () => {
    const cases = GROUPS.flatMap((group) => group.tests.map((test) => ({ group, test })));
    expect(cases).toHaveLength((fixture as unknown as { numberOfTests: number }).numberOfTests);
    for (const { test } of cases) {
      for (const flag of test.flags) expect(flag in FLAG_CODES || flag in OPT_IN, `flag ${flag}`).toBe(true);
      if (test.result === 'invalid') expect(() => expectedCode(test)).not.toThrow();
    }
    const validRsa1_5 = cases.filter(({ group, test }) => test.result === 'valid' && group.private.alg === 'RSA1_5');
    expect(validRsa1_5.map(({ test }) => test.tcId)).toEqual(Object.keys(DISPUTED).map(Number));
  });
});
