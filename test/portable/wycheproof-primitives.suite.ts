/**
 * Project Wycheproof signature-primitive vectors: HMAC-SHA-256/384/512, RSASSA-PKCS1-v1_5 2048/3072,
 * RSA-PSS, ECDSA P-256/384/521 (IEEE P1363 form, as JWS uses) and Ed25519.
 *
 * Keys are made with the public `importKey` (from the group's JWK, or raw bytes for HMAC). The vectors
 * sign arbitrary message bytes, which no compact JWS can carry (its signing input is ASCII), so each
 * signature goes through the library's own signature steps below the parser (see internals.ts): the
 * exact-length check, then the crypto facade, once per crypto backend the runtime has.
 *
 * Verdicts: `valid` must verify, `invalid` must not, `acceptable` may go either way. Two policies
 * refuse some valid vectors, and the test checks they refuse for that reason and no other:
 * truncated HMAC tags (the tag must be the full hash output), and HMAC keys shorter than RFC 7518
 * requires, which are imported with `allowShortSecretForVerifyOnly` and then verify as usual.
 *
 * @module
 */
import ecdsaP256 from '../fixtures/wycheproof/ecdsa_secp256r1_sha256_p1363_test.json';
import ecdsaP384 from '../fixtures/wycheproof/ecdsa_secp384r1_sha384_p1363_test.json';
import ecdsaP521 from '../fixtures/wycheproof/ecdsa_secp521r1_sha512_p1363_test.json';
import ed25519 from '../fixtures/wycheproof/ed25519_test.json';
import hmacSha256 from '../fixtures/wycheproof/hmac_sha256_test.json';
import hmacSha384 from '../fixtures/wycheproof/hmac_sha384_test.json';
import hmacSha512 from '../fixtures/wycheproof/hmac_sha512_test.json';
import pss2048Sha256 from '../fixtures/wycheproof/rsa_pss_2048_sha256_mgf1_32_test.json';
import pss2048Sha384 from '../fixtures/wycheproof/rsa_pss_2048_sha384_mgf1_48_test.json';
import pss3072Sha256 from '../fixtures/wycheproof/rsa_pss_3072_sha256_mgf1_32_test.json';
import pss4096Sha512 from '../fixtures/wycheproof/rsa_pss_4096_sha512_mgf1_64_test.json';
import rsa2048Sha256 from '../fixtures/wycheproof/rsa_signature_2048_sha256_test.json';
import rsa2048Sha384 from '../fixtures/wycheproof/rsa_signature_2048_sha384_test.json';
import rsa2048Sha512 from '../fixtures/wycheproof/rsa_signature_2048_sha512_test.json';
import rsa3072Sha256 from '../fixtures/wycheproof/rsa_signature_3072_sha256_test.json';
import { b64u, fromHex } from './bytes.js';
import { assert, type Internals, isJwtErrorLike, type Lib, type Registrar, type Suite } from './harness.js';

interface PrimitiveTest {
  tcId: number;
  comment: string;
  flags: string[];
  msg: string;
  sig?: string;
  tag?: string;
  key?: string;
  result: 'valid' | 'invalid' | 'acceptable';
}

interface PrimitiveGroup {
  keySize?: number;
  tagSize?: number;
  publicKeyJwk?: JsonWebKey;
  keyJwk?: JsonWebKey;
  publicKey?: { curve?: string; wx?: string; wy?: string };
  tests: PrimitiveTest[];
}

interface PrimitiveFile {
  name: string;
  alg: string;
  data: unknown;
}

const FILES: PrimitiveFile[] = [
  { name: 'hmac_sha256', alg: 'HS256', data: hmacSha256 },
  { name: 'hmac_sha384', alg: 'HS384', data: hmacSha384 },
  { name: 'hmac_sha512', alg: 'HS512', data: hmacSha512 },
  { name: 'rsa_signature_2048_sha256', alg: 'RS256', data: rsa2048Sha256 },
  { name: 'rsa_signature_2048_sha384', alg: 'RS384', data: rsa2048Sha384 },
  { name: 'rsa_signature_2048_sha512', alg: 'RS512', data: rsa2048Sha512 },
  { name: 'rsa_signature_3072_sha256', alg: 'RS256', data: rsa3072Sha256 },
  { name: 'rsa_pss_2048_sha256_mgf1_32', alg: 'PS256', data: pss2048Sha256 },
  { name: 'rsa_pss_2048_sha384_mgf1_48', alg: 'PS384', data: pss2048Sha384 },
  { name: 'rsa_pss_3072_sha256_mgf1_32', alg: 'PS256', data: pss3072Sha256 },
  { name: 'rsa_pss_4096_sha512_mgf1_64', alg: 'PS512', data: pss4096Sha512 },
  { name: 'ecdsa_secp256r1_sha256_p1363', alg: 'ES256', data: ecdsaP256 },
  { name: 'ecdsa_secp384r1_sha384_p1363', alg: 'ES384', data: ecdsaP384 },
  { name: 'ecdsa_secp521r1_sha512_p1363', alg: 'ES512', data: ecdsaP521 },
  { name: 'ed25519', alg: 'EdDSA', data: ed25519 },
];

const CURVES: Record<string, { crv: string; size: number }> = {
  secp256r1: { crv: 'P-256', size: 32 },
  secp384r1: { crv: 'P-384', size: 48 },
  secp521r1: { crv: 'P-521', size: 66 },
};

const HASH_BITS: Record<string, number> = { HS256: 256, HS384: 384, HS512: 512 };

/** A fixed-size big-endian coordinate from Wycheproof hex (which may carry a sign byte or lack zeros). */
function coordinate(hex: string, size: number): string {
  const bytes = fromHex(hex);
  let start = 0;
  while (start < bytes.length - size && bytes[start] === 0) start++;
  const out = new Uint8Array(size);
  out.set(bytes.subarray(start), size - (bytes.length - start));
  return b64u(out);
}

/** The group's public key as a JWK: given by the file, or built from the EC point. */
function groupJwk(group: PrimitiveGroup): JsonWebKey {
  const given = group.publicKeyJwk ?? group.keyJwk;
  if (given !== undefined) return given;
  const curve = CURVES[group.publicKey?.curve ?? ''];
  const { wx, wy } = group.publicKey ?? {};
  if (curve === undefined || wx === undefined || wy === undefined) throw new Error('group has no usable public key');
  return { kty: 'EC', crv: curve.crv, x: coordinate(wx, curve.size), y: coordinate(wy, curve.size) };
}

type Outcome = 'valid' | 'bad-length' | 'bad-signature';

/** Why a valid vector is refused by design, or undefined when it must verify. */
function policyRefusal(alg: string, group: PrimitiveGroup): Outcome | undefined {
  const hashBits = HASH_BITS[alg];
  if (hashBits !== undefined && group.tagSize !== undefined && group.tagSize < hashBits) return 'bad-length';
  return undefined;
}

async function hmacKey(lib: Lib, alg: string, hex: string) {
  const secret = fromHex(hex);
  try {
    return await lib.importKey(secret, alg as never);
  } catch (err) {
    // Short secrets are refused for signing; verify-only import is the library's legacy path.
    if (!isJwtErrorLike(err) || err.code !== 'ERR_KEY_INVALID' || secret.length * 8 >= HASH_BITS[alg]!) throw err;
    const weak = await lib.importKey(secret, alg as never, { allowShortSecretForVerifyOnly: true });
    assert(weak.weak, 'a short secret is marked weak');
    return weak;
  }
}

async function runGroup(lib: Lib, internals: Internals, file: PrimitiveFile, group: PrimitiveGroup): Promise<void> {
  const problems: string[] = [];
  const shared = group.tests[0]?.key === undefined ? await lib.importKey(groupJwk(group), file.alg as never) : undefined;
  const refusal = policyRefusal(file.alg, group);
  for (const v of group.tests) {
    const key = shared ?? (await hmacKey(lib, file.alg, v.key ?? ''));
    const signature = fromHex(v.sig ?? v.tag ?? '');
    let outcome: Outcome;
    try {
      outcome = await internals.checkSignature(key, signature, fromHex(v.msg));
    } catch (err) {
      problems.push(`#${v.tcId} threw ${String(err)}`);
      continue;
    }
    const expected = v.result === 'valid' ? (refusal ?? 'valid') : undefined;
    if (expected !== undefined && outcome !== expected) {
      problems.push(`#${v.tcId} ${v.comment || '(no comment)'}: expected ${expected}, got ${outcome}`);
    } else if (v.result === 'invalid' && outcome === 'valid') {
      problems.push(`#${v.tcId} ${v.comment || '(no comment)'} [${v.flags.join(',')}]: invalid signature verified`);
    }
  }
  assert(problems.length === 0, problems.join('; '));
}

function registerFile(t: Registrar, lib: Lib, internals: Internals, file: PrimitiveFile, backends: readonly string[]): void {
  const groups = (file.data as { testGroups: PrimitiveGroup[] }).testGroups;
  groups.forEach((group, index) => {
    const first = group.tests[0]?.tcId;
    const last = group.tests[group.tests.length - 1]?.tcId;
    for (const backend of backends) {
      const name = `${file.name} group ${index} (#${first}-#${last}) [${internals.backendName(backend as never)}]`;
      t.test(name, () => internals.withBackend(backend as never, () => runGroup(lib, internals, file, group)));
    }
  });
}

/** Wycheproof primitive vectors through the library's signature steps. */
export const wycheproofPrimitivesSuite: Suite = {
  name: 'wycheproof-primitives',
  register(t, lib, internals) {
    const backends = internals.availableBackends();
    for (const file of FILES) registerFile(t, lib, internals, file, backends);
  },
};
