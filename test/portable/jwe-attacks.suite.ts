/**
 * Attacks on JWE decryption, each a test, each refused with its exact code in every runtime and
 * under every crypto backend: the key decides `alg` and `enc` (never the header), any tampered
 * segment is the one `ERR_JWE_DECRYPTION_FAILED` with one message, lengths visible in the token
 * are `ERR_JWT_MALFORMED`, compression needs an opt-in and is bounded, `crit` is enforced, the PBES2
 * count is capped, ECDH-ES refuses off-curve, other-curve and small-order ephemeral keys, RSA1_5 is
 * not offered, and a public key never decrypts.
 *
 * @module
 */
import rfc7520 from '../fixtures/jwe/rfc7520-compact.json';
import { b64u, fromB64u, fromHex, utf8 } from './bytes.js';
import { assert, assertEqual, type Internals, type Lib, type Registrar, rejectsWithCode, type Suite } from './harness.js';
import {
  type Alg,
  concatKdf,
  type Curve,
  type Enc,
  encryptOptions,
  flipBit,
  jweHeader,
  jweSegments,
  P2C,
  pairKeys,
  resize,
  SEGMENT_NAMES,
  sealA128Gcm,
  underEachBackend,
  withHeader,
  withSegment,
} from './jwe-support.js';

const FAILED = 'ERR_JWE_DECRYPTION_FAILED';
const FAILED_MESSAGE = 'The token cannot be decrypted with this key';
const MESSAGE = utf8('attack at dawn');

/** Runs `body` under every backend setting (results must not depend on it: JWE is Web Crypto only). */
const eachBackend = (lib: Lib, body: () => Promise<void>) => underEachBackend(lib, body).then(() => undefined);

/** Asserts the one decryption failure: its code and its exact message. */
async function failsToDecrypt(action: Promise<unknown>): Promise<void> {
  const err = await rejectsWithCode(action, FAILED);
  assertEqual(err.message, FAILED_MESSAGE, 'the one decryption failure message');
}

async function tokenFor(lib: Lib, alg: Alg, enc: Enc, curve?: Curve, plaintext: Uint8Array = MESSAGE) {
  const keys = await pairKeys(lib, alg, enc, curve);
  return { ...keys, token: await lib.encryptCompact(plaintext, keys.encryptKey, encryptOptions(alg)) };
}

// ---------------------------------------------------------------------------------------------

function registerAlgorithmChoice(t: Registrar, lib: Lib): void {
  t.test('RSA1_5 is not offered: not in the table, not importable, its RFC 7520 5.1 token refused before any key is used', async () => {
    assert(!lib.KEY_MANAGEMENT_ALGORITHMS.includes('RSA1_5' as never), 'RSA1_5 listed');
    assertEqual(
      [...lib.KEY_MANAGEMENT_ALGORITHMS],
      ['dir', 'A128KW', 'A192KW', 'A256KW', 'A128GCMKW', 'A192GCMKW', 'A256GCMKW', 'RSA-OAEP', 'RSA-OAEP-256', 'RSA-OAEP-384', 'RSA-OAEP-512', 'ECDH-ES', 'ECDH-ES+A128KW', 'ECDH-ES+A192KW', 'ECDH-ES+A256KW', 'PBES2-HS256+A128KW', 'PBES2-HS384+A192KW', 'PBES2-HS512+A256KW'],
      'key management algorithms',
    );
    const { token, alg, enc } = rfc7520.rsa1_5;
    await rejectsWithCode(lib.generateEncryptionKeyPair(alg as never, enc as never), 'ERR_INVALID_ARGUMENT');
    const { decryptKey } = await pairKeys(lib, 'RSA-OAEP', 'A128CBC-HS256');
    await eachBackend(lib, async () => {
      await rejectsWithCode(lib.decryptCompact(token, decryptKey), 'ERR_JWE_ALG_NOT_ALLOWED');
      let asked = 0;
      const resolver = () => {
        asked++;
        return decryptKey;
      };
      await rejectsWithCode(lib.decryptCompact(token, resolver), 'ERR_JWE_ALG_NOT_ALLOWED');
      assertEqual(asked, 0, 'resolver calls');
    });
  });

  t.test('alg not allowed: a key bound to another alg refuses the token (A128KW token, A256KW key; RSA-OAEP token, RSA-OAEP-256 key)', async () => {
    const kw = await tokenFor(lib, 'A128KW', 'A128GCM');
    const other = await pairKeys(lib, 'A256KW', 'A128GCM');
    const oaep = await tokenFor(lib, 'RSA-OAEP', 'A128GCM');
    const oaep256 = await pairKeys(lib, 'RSA-OAEP-256', 'A128GCM');
    await eachBackend(lib, async () => {
      await rejectsWithCode(lib.decryptCompact(kw.token, other.decryptKey), 'ERR_JWE_ALG_NOT_ALLOWED');
      await rejectsWithCode(lib.decryptCompact(oaep.token, oaep256.decryptKey), 'ERR_JWE_ALG_NOT_ALLOWED');
      await rejectsWithCode(lib.decrypt(oaep.token, oaep256.decryptKey), 'ERR_JWE_ALG_NOT_ALLOWED');
    });
  });

  t.test('alg not allowed: the caller narrows keyManagementAlgorithms and the key is right', async () => {
    const { token, decryptKey } = await tokenFor(lib, 'A128KW', 'A128GCM');
    await eachBackend(lib, async () => {
      await rejectsWithCode(lib.decryptCompact(token, decryptKey, { keyManagementAlgorithms: ['A256KW'] }), 'ERR_JWE_ALG_NOT_ALLOWED');
      assertEqual((await lib.decryptCompact(token, decryptKey, { keyManagementAlgorithms: ['A128KW'] })).plaintext, MESSAGE);
    });
  });

  t.test('alg rewritten to dir in front of an RSA key (the key-confusion downgrade) is refused', async () => {
    const { token, decryptKey } = await tokenFor(lib, 'RSA-OAEP-256', 'A128GCM');
    const header = jweHeader(token);
    const downgraded = withSegment(withHeader(token, { ...header, alg: 'dir' }), 1, '');
    await eachBackend(lib, () => rejectsWithCode(lib.decryptCompact(downgraded, decryptKey), 'ERR_JWE_ALG_NOT_ALLOWED').then(() => undefined));
  });

  t.test('enc not allowed: a key bound to another enc, or an enc the caller does not list', async () => {
    const { token, decryptKey } = await tokenFor(lib, 'A128KW', 'A256GCM');
    const other = await pairKeys(lib, 'A128KW', 'A128GCM');
    await eachBackend(lib, async () => {
      await rejectsWithCode(lib.decryptCompact(token, other.decryptKey), 'ERR_JWE_ALG_NOT_ALLOWED');
      await rejectsWithCode(lib.decryptCompact(token, decryptKey, { contentEncryptionAlgorithms: ['A128GCM'] }), 'ERR_JWE_ALG_NOT_ALLOWED');
    });
  });

  t.test('header enc swapped: refused by the original key; a key of the same material bound to the new enc cannot decrypt', async () => {
    const { token, decryptKey } = await tokenFor(lib, 'RSA-OAEP-256', 'A128GCM');
    const swapped = withHeader(token, { ...jweHeader(token), enc: 'A256GCM' });
    const sameMaterial = await pairKeys(lib, 'RSA-OAEP-256', 'A256GCM');
    await eachBackend(lib, async () => {
      await rejectsWithCode(lib.decryptCompact(swapped, decryptKey), 'ERR_JWE_ALG_NOT_ALLOWED');
      await failsToDecrypt(lib.decryptCompact(swapped, sameMaterial.decryptKey));
    });
  });

  t.test('a public key cannot decrypt (RSA-OAEP, ECDH-ES), nor a private key encrypt', async () => {
    for (const [alg, curve] of [['RSA-OAEP-256', undefined], ['ECDH-ES', 'P-256'], ['ECDH-ES+A256KW', 'X25519']] as const) {
      const { token, encryptKey, decryptKey } = await tokenFor(lib, alg, 'A256GCM', curve);
      await eachBackend(lib, async () => {
        await rejectsWithCode(lib.decryptCompact(token, encryptKey), 'ERR_KEY_INVALID');
        await rejectsWithCode(lib.decrypt(token, () => encryptKey), 'ERR_KEY_INVALID');
        await rejectsWithCode(lib.encryptCompact(MESSAGE, decryptKey), 'ERR_KEY_INVALID');
      });
    }
  });
}

// ---------------------------------------------------------------------------------------------

/** Families × content ciphers whose every segment is tampered with. 128- and 256-bit only: AES-192 is not everywhere. */
const TAMPERED: readonly [Alg, Curve | undefined][] = [
  ['dir', undefined],
  ['A128KW', undefined],
  ['A256GCMKW', undefined],
  ['RSA-OAEP-256', undefined],
  ['ECDH-ES', 'P-256'],
  ['ECDH-ES+A128KW', 'X25519'],
  ['PBES2-HS256+A128KW', undefined],
];

function registerTampering(t: Registrar, lib: Lib): void {
  for (const [alg, curve] of TAMPERED) {
    for (const enc of ['A128GCM', 'A256CBC-HS512'] as const) {
      SEGMENT_NAMES.forEach((name, index) => {
        if (index === 1 && (alg === 'dir' || alg === 'ECDH-ES')) return; // no encrypted key to tamper with
        t.test(`tampered ${name}: ${alg} + ${enc} is ${FAILED} with the one message`, async () => {
          const { token, decryptKey } = await tokenFor(lib, alg, enc, curve);
          const segment = jweSegments(token)[index]!;
          const tampered =
            index === 0 ? withHeader(token, { ...jweHeader(token), cty: 'text/plain' }) : withSegment(token, index, flipBit(segment, index === 1 ? 0 : -1));
          await eachBackend(lib, async () => {
            await failsToDecrypt(lib.decryptCompact(tampered, decryptKey));
            assertEqual((await lib.decryptCompact(token, decryptKey)).plaintext, MESSAGE, 'the untouched token');
          });
        });
      });
    }
  }
}

function registerLengths(t: Registrar, lib: Lib): void {
  const cases: readonly [Enc, 'IV' | 'tag', number][] = [
    ['A128GCM', 'IV', -1],
    ['A128GCM', 'IV', 4],
    ['A128GCM', 'tag', -8], // a truncated GCM tag is forgeable
    ['A128GCM', 'tag', 1],
    ['A128CBC-HS256', 'IV', -4],
    ['A128CBC-HS256', 'tag', -1],
    ['A256CBC-HS512', 'tag', -16], // the truncated-HMAC forgery
  ];
  for (const [enc, part, delta] of cases) {
    t.test(`wrong ${part} length (${delta > 0 ? '+' : ''}${delta} bytes), ${enc}: ERR_JWT_MALFORMED`, async () => {
      const { token, decryptKey } = await tokenFor(lib, 'A128KW', enc);
      const index = part === 'IV' ? 2 : 4;
      const wrong = withSegment(token, index, resize(jweSegments(token)[index]!, delta));
      await eachBackend(lib, () => rejectsWithCode(lib.decryptCompact(wrong, decryptKey), 'ERR_JWT_MALFORMED').then(() => undefined));
    });
  }
  t.test('wrong encrypted key length (A128KW: +8 bytes; dir: not empty): ERR_JWT_MALFORMED', async () => {
    const kw = await tokenFor(lib, 'A128KW', 'A128GCM');
    const dir = await tokenFor(lib, 'dir', 'A128GCM');
    await eachBackend(lib, async () => {
      await rejectsWithCode(lib.decryptCompact(withSegment(kw.token, 1, resize(jweSegments(kw.token)[1], 8)), kw.decryptKey), 'ERR_JWT_MALFORMED');
      await rejectsWithCode(lib.decryptCompact(withSegment(dir.token, 1, b64u(new Uint8Array(24))), dir.decryptKey), 'ERR_JWT_MALFORMED');
    });
  });
}

// ---------------------------------------------------------------------------------------------

function registerCompression(t: Registrar, lib: Lib): void {
  t.test('zip refused without opt-in (RFC 7520 5.9 and our own compressed token), accepted with allowCompression', async () => {
    const cookbook = rfc7520.cases.find((c) => c.zip === 'DEF')!;
    const cookbookKey = await lib.importEncryptionKey(cookbook.key as never, cookbook.alg as Alg, cookbook.enc as Enc);
    const { encryptKey, decryptKey } = await pairKeys(lib, 'dir', 'A256GCM');
    const ours = await lib.encryptCompact(MESSAGE, encryptKey, { compress: true });
    assertEqual(jweHeader(ours).zip, 'DEF');
    await eachBackend(lib, async () => {
      await rejectsWithCode(lib.decryptCompact(cookbook.token, cookbookKey), 'ERR_JWE_ALG_NOT_ALLOWED');
      await rejectsWithCode(lib.decryptCompact(ours, decryptKey), 'ERR_JWE_ALG_NOT_ALLOWED');
      assertEqual((await lib.decryptCompact(ours, decryptKey, { allowCompression: true })).plaintext, MESSAGE);
    });
  });

  t.test('zip other than DEF is refused even with allowCompression', async () => {
    const { token, decryptKey } = await tokenFor(lib, 'dir', 'A256GCM');
    const gzip = withHeader(token, { ...jweHeader(token), zip: 'GZIP' });
    await eachBackend(lib, () => rejectsWithCode(lib.decryptCompact(gzip, decryptKey, { allowCompression: true }), 'ERR_JWE_ALG_NOT_ALLOWED').then(() => undefined));
  });

  t.test('zip bomb: 8 MiB of zeros in a few kB of token stops at maxDecompressedLength (ERR_JWT_TOO_LARGE)', async () => {
    const { encryptKey, decryptKey } = await pairKeys(lib, 'dir', 'A256GCM');
    const bomb = await lib.encryptCompact(new Uint8Array(8 * 1024 * 1024), encryptKey, { compress: true });
    assert(bomb.length < 16_384, `the bomb is ${bomb.length} characters`);
    await eachBackend(lib, async () => {
      await rejectsWithCode(lib.decryptCompact(bomb, decryptKey, { allowCompression: true }), 'ERR_JWT_TOO_LARGE');
      await rejectsWithCode(lib.decrypt(bomb, decryptKey, { allowCompression: true }), 'ERR_JWT_TOO_LARGE');
    });
  });

  t.test('maxDecompressedLength is exact: a 4096-byte plaintext inflates under a 4096 limit, not under 4095', async () => {
    const { encryptKey, decryptKey } = await pairKeys(lib, 'dir', 'A256GCM');
    const plaintext = Uint8Array.from({ length: 4096 }, (_, i) => i % 13);
    const token = await lib.encryptCompact(plaintext, encryptKey, { compress: true });
    await eachBackend(lib, async () => {
      assertEqual((await lib.decryptCompact(token, decryptKey, { allowCompression: true, maxDecompressedLength: 4096 })).plaintext, plaintext);
      await rejectsWithCode(lib.decryptCompact(token, decryptKey, { allowCompression: true, maxDecompressedLength: 4095 }), 'ERR_JWT_TOO_LARGE');
    });
  });
}

function registerCrit(t: Registrar, lib: Lib): void {
  t.test('crit: an extension the recipient does not declare is ERR_JWE_CRIT_UNSUPPORTED; declared, it decrypts', async () => {
    const { encryptKey, decryptKey } = await pairKeys(lib, 'A256GCMKW', 'A256GCM');
    const token = await lib.encryptCompact(MESSAGE, encryptKey, { header: { crit: ['urn:example:policy'], 'urn:example:policy': 'strict' } });
    await eachBackend(lib, async () => {
      await rejectsWithCode(lib.decryptCompact(token, decryptKey), 'ERR_JWE_CRIT_UNSUPPORTED');
      await rejectsWithCode(lib.decryptCompact(token, decryptKey, { crit: ['urn:example:other'] }), 'ERR_JWE_CRIT_UNSUPPORTED');
      assertEqual((await lib.decryptCompact(token, decryptKey, { crit: ['urn:example:policy'] })).plaintext, MESSAGE);
    });
  });

  t.test('crit: empty, listing a registered name, or naming an absent member is ERR_JWT_MALFORMED', async () => {
    const { token, decryptKey } = await tokenFor(lib, 'A256GCMKW', 'A256GCM');
    const header = jweHeader(token);
    await eachBackend(lib, async () => {
      for (const crit of [[], ['alg'], ['p2c'], ['urn:example:absent']]) {
        const options = { crit: crit.length === 0 ? ['x'] : crit };
        await rejectsWithCode(lib.decryptCompact(withHeader(token, { ...header, crit }), decryptKey, options), 'ERR_JWT_MALFORMED');
      }
    });
  });
}

function registerPbes2Count(t: Registrar, lib: Lib): void {
  t.test('huge p2c (2^31, and one over the caller\'s limit) is ERR_JWE_ALG_NOT_ALLOWED before any PBKDF2', async () => {
    const { token, decryptKey } = await tokenFor(lib, 'PBES2-HS512+A256KW', 'A256GCM');
    const header = jweHeader(token);
    assertEqual(header.p2c, P2C);
    await eachBackend(lib, async () => {
      await rejectsWithCode(lib.decryptCompact(withHeader(token, { ...header, p2c: 2 ** 31 }), decryptKey), 'ERR_JWE_ALG_NOT_ALLOWED');
      await rejectsWithCode(lib.decryptCompact(token, decryptKey, { maxPbes2Count: P2C - 1 }), 'ERR_JWE_ALG_NOT_ALLOWED');
      assertEqual((await lib.decryptCompact(token, decryptKey, { maxPbes2Count: P2C })).plaintext, MESSAGE);
    });
  });

  t.test('p2c that is not a positive integer is ERR_JWT_MALFORMED', async () => {
    const { token, decryptKey } = await tokenFor(lib, 'PBES2-HS256+A128KW', 'A128GCM');
    const header = jweHeader(token);
    await eachBackend(lib, async () => {
      for (const p2c of [0, -1000, 1000.5, '1000', null]) {
        await rejectsWithCode(lib.decryptCompact(withHeader(token, { ...header, p2c }), decryptKey), 'ERR_JWT_MALFORMED');
      }
    });
  });
}

// ---------------------------------------------------------------------------------------------

/** X25519 points of small order (u-coordinates, little-endian), and non-canonical encodings of them. */
const LOW_ORDER_X25519 = [
  '0000000000000000000000000000000000000000000000000000000000000000',
  '0100000000000000000000000000000000000000000000000000000000000000',
  'e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800',
  '5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157',
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  'edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  'eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
];

function registerEcdh(t: Registrar, lib: Lib, internals: Internals): void {
  t.test('ECDH-ES forgery machinery: a token sealed by hand with an honest X25519 epk decrypts (control for the next test)', async () => {
    const { encryptKey, decryptKey } = await pairKeys(lib, 'ECDH-ES', 'A128GCM', 'X25519');
    const recipient = fromB64u(String((await lib.exportEncryptionJwk(encryptKey)).x));
    const ephemeral = (await crypto.subtle.generateKey({ name: 'X25519' }, true, ['deriveBits'])) as CryptoKeyPair;
    const peer = await crypto.subtle.importKey('raw', new Uint8Array(recipient), { name: 'X25519' }, false, []);
    const z = new Uint8Array(await crypto.subtle.deriveBits({ name: 'X25519', public: peer } as EcdhKeyDeriveParams, ephemeral.privateKey, 256));
    const epk = { kty: 'OKP', crv: 'X25519', x: b64u(new Uint8Array(await crypto.subtle.exportKey('raw', ephemeral.publicKey))) };
    const token = await sealA128Gcm({ alg: 'ECDH-ES', enc: 'A128GCM', epk }, await concatKdf(z, 'A128GCM', 128), MESSAGE);
    await eachBackend(lib, async () => assertEqual((await lib.decryptCompact(token, decryptKey)).plaintext, MESSAGE));
  });

  LOW_ORDER_X25519.forEach((hex, i) => {
    t.test(`ECDH-ES X25519 low-order epk #${i}: the token an attacker can seal (shared secret 0) is refused`, async () => {
      const { decryptKey } = await pairKeys(lib, 'ECDH-ES', 'A128GCM', 'X25519');
      const epk = { kty: 'OKP', crv: 'X25519', x: b64u(fromHex(hex)) };
      const forged = await sealA128Gcm({ alg: 'ECDH-ES', enc: 'A128GCM', epk }, await concatKdf(new Uint8Array(32), 'A128GCM', 128), MESSAGE);
      await eachBackend(lib, () => failsToDecrypt(lib.decryptCompact(forged, decryptKey)));
    });
  });

  t.test('ECDH-ES epk off the curve (P-256, P-384, P-521: y + 1) is refused', async () => {
    for (const curve of ['P-256', 'P-384', 'P-521'] as const) {
      const { token, decryptKey } = await tokenFor(lib, 'ECDH-ES+A256KW', 'A256GCM', curve);
      const header = jweHeader(token);
      const epk = header.epk as { y: string };
      const offCurve = withHeader(token, { ...header, epk: { ...epk, y: flipBit(epk.y) } });
      await eachBackend(lib, () => failsToDecrypt(lib.decryptCompact(offCurve, decryptKey)));
    }
  });

  t.test('ECDH-ES epk on another curve than the key (P-384 or X25519 epk for a P-256 key, P-256 epk for an X25519 key) is refused', async () => {
    const p256 = await tokenFor(lib, 'ECDH-ES', 'A256GCM', 'P-256');
    const p384 = await tokenFor(lib, 'ECDH-ES', 'A256GCM', 'P-384');
    const x25519 = await tokenFor(lib, 'ECDH-ES', 'A256GCM', 'X25519');
    const moved = (from: string, to: string) => withHeader(to, { ...jweHeader(to), epk: jweHeader(from).epk });
    await eachBackend(lib, async () => {
      await failsToDecrypt(lib.decryptCompact(moved(p384.token, p256.token), p256.decryptKey));
      await failsToDecrypt(lib.decryptCompact(moved(x25519.token, p256.token), p256.decryptKey));
      await failsToDecrypt(lib.decryptCompact(moved(p256.token, x25519.token), x25519.decryptKey));
    });
  });

  t.test('ECDH-ES epk refusals are the library\'s own check, before Web Crypto sees the point (some runtimes import off-curve points)', async () => {
    for (const crv of ['P-256', 'P-384', 'P-521', 'X25519'] as const) {
      const { token } = await tokenFor(lib, 'ECDH-ES', 'A128GCM', crv);
      const epk = jweHeader(token).epk as Record<string, string>;
      const curve = internals.ecdhCurve(crv)!;
      assertEqual(internals.readEphemeralKey(epk, curve).length, crv === 'X25519' ? 32 : 1 + 2 * curve.bytes, `${crv}: the honest epk`);
      for (const other of ['P-256', 'P-384', 'P-521', 'X25519'] as const) {
        if (other !== crv) await rejectsWithCode(() => internals.readEphemeralKey(epk, internals.ecdhCurve(other)!), FAILED);
      }
      if (crv !== 'X25519') await rejectsWithCode(() => internals.readEphemeralKey({ ...epk, y: flipBit(epk.y!) }, curve), FAILED);
    }
  });

  t.test('ECDH-ES epk missing, or with a coordinate of the wrong length, is ERR_JWT_MALFORMED', async () => {
    const { token, decryptKey } = await tokenFor(lib, 'ECDH-ES', 'A128GCM', 'P-256');
    const { epk, ...header } = jweHeader(token);
    const short = { ...(epk as object), x: resize((epk as { x: string }).x, -1) };
    await eachBackend(lib, async () => {
      await rejectsWithCode(lib.decryptCompact(withHeader(token, header), decryptKey), 'ERR_JWT_MALFORMED');
      await rejectsWithCode(lib.decryptCompact(withHeader(token, { ...header, epk: short }), decryptKey), 'ERR_JWT_MALFORMED');
    });
  });
}

export const jweAttacksSuite: Suite = {
  name: 'jwe-attacks',
  register(t, lib, internals) {
    registerAlgorithmChoice(t, lib);
    registerTampering(t, lib);
    registerLengths(t, lib);
    registerCompression(t, lib);
    registerCrit(t, lib);
    registerPbes2Count(t, lib);
    registerEcdh(t, lib, internals);
  },
};
