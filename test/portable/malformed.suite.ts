/**
 * Malformed tokens: wrong segment counts, non-canonical base64url in each segment, headers and
 * payloads that are not JSON objects, oversized tokens, `crit` misuse, and single-character
 * tampering anywhere in a token. Where the encoding is the only fault, the MAC is forged over the
 * exact bytes, so the refusal cannot come from the signature check.
 *
 * @module
 */
import { b64u, forgeHs256, jsonSegment, segments, utf8 } from './bytes.js';
import { assert, assertEqual, isJwtErrorLike, type Lib, type Registrar, rejectsWithCode, type Suite } from './harness.js';
import { testKeys } from './test-keys.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
// Six of each character guarantees an aligned group that encodes to "Pz8_" and "Pj4-".
const SYMBOLS = '??????>>>>>>';
const HEADER = { alg: 'HS256', typ: 'JWT', kid: SYMBOLS };
const CLAIMS = { sub: 'user-1', note: SYMBOLS };

/** Pads a JSON object with a filler member until its segment length is 2 mod 4 (so it has trailing bits). */
function withTrailingBitsRoom(value: Record<string, unknown>): string {
  for (let n = 0; ; n++) {
    const segment = jsonSegment({ ...value, pad: 'x'.repeat(n) });
    if (segment.length % 4 === 2) return segment;
  }
}

/** The ways a segment can be non-canonical base64url, each applied to a canonical segment. */
const NON_CANONICAL: [string, (segment: string) => string][] = [
  ['with "=" padding', (s) => `${s}${'='.repeat((4 - (s.length % 4)) % 4 || 1)}`],
  ['with "+" for "-"', (s) => replaceOnce(s, '-', '+')],
  ['with "/" for "_"', (s) => replaceOnce(s, '_', '/')],
  ['with a space inside', (s) => `${s.slice(0, 4)} ${s.slice(4)}`],
  ['with a newline inside', (s) => `${s.slice(0, 4)}\n${s.slice(4)}`],
  ['with a trailing space', (s) => `${s} `],
  ['with non-zero trailing bits', setTrailingBits],
  ['with a non-ASCII look-alike letter', (s) => `${s.slice(0, 4)}\u0410${s.slice(5)}`],
];

function replaceOnce(segment: string, from: string, to: string): string {
  const at = segment.indexOf(from);
  if (at < 0) throw new Error(`test setup: segment has no "${from}"`);
  return segment.slice(0, at) + to + segment.slice(at + 1);
}

function setTrailingBits(segment: string): string {
  const rest = segment.length % 4;
  if (rest !== 2 && rest !== 3) throw new Error('test setup: segment has no trailing bits');
  const last = ALPHABET.indexOf(segment[segment.length - 1]!);
  return segment.slice(0, -1) + ALPHABET[last | 1];
}

/** A genuine HS256 signature over header and payload, with `-` and `_` in it for the tests above. */
async function signatureWithSymbols(secret: Uint8Array, header: string, payload: string): Promise<string> {
  for (let i = 0; ; i++) {
    const token = await forgeHs256(secret, header, i === 0 ? payload : `${payload}${'A'.repeat(4 * i)}`);
    if (/-/.test(segments(token)[2]) && /_/.test(segments(token)[2])) return token;
  }
}

function registerEncoding(t: Registrar, lib: Lib): void {
  for (const [label, spoil] of NON_CANONICAL) {
    t.test(`base64url: header ${label} is malformed`, async () => {
      const { secret, hs256 } = await testKeys(lib);
      const header = spoil(withTrailingBitsRoom(HEADER));
      const token = await forgeHs256(secret, header, jsonSegment(CLAIMS));
      await rejectsWithCode(lib.verify(token, hs256), 'ERR_JWT_MALFORMED');
    });
    t.test(`base64url: payload ${label} is malformed (genuine MAC)`, async () => {
      const { secret, hs256 } = await testKeys(lib);
      const payload = spoil(withTrailingBitsRoom(CLAIMS));
      const token = await forgeHs256(secret, jsonSegment(HEADER), payload);
      await rejectsWithCode(lib.verify(token, hs256), 'ERR_JWT_MALFORMED');
      await rejectsWithCode(lib.verifyCompact(token, hs256), 'ERR_JWT_MALFORMED');
    });
    t.test(`base64url: signature ${label} is malformed`, async () => {
      const { secret, hs256 } = await testKeys(lib);
      const genuine = await signatureWithSymbols(secret, jsonSegment(HEADER), jsonSegment(CLAIMS));
      await lib.verifyCompact(genuine, hs256);
      const [h, p, s] = segments(genuine);
      await rejectsWithCode(lib.verify(`${h}.${p}.${spoil(s)}`, hs256), 'ERR_JWT_MALFORMED');
    });
  }
}

function registerStructure(t: Registrar, lib: Lib): void {
  const shapes: [string, (token: string) => unknown][] = [
    ['the empty string', () => ''],
    ['one segment', (tk) => segments(tk)[0]],
    ['two segments', (tk) => segments(tk).slice(0, 2).join('.')],
    ['an empty signature', (tk) => `${segments(tk).slice(0, 2).join('.')}.`],
    ['four segments', (tk) => `${tk}.${segments(tk)[2]}`],
    ['a trailing dot', (tk) => `${tk}.`],
    ['five segments (JWE shape)', (tk) => `${tk}.AAAA.AAAA`],
    ['an empty header', (tk) => `.${segments(tk).slice(1).join('.')}`],
    ['only dots', () => '..'],
    ['a leading space', (tk) => ` ${tk}`],
    ['a trailing newline', (tk) => `${tk}\n`],
    ['a "Bearer " prefix', (tk) => `Bearer ${tk}`],
    ['the JSON serialization', (tk) => {
      const [protectedHeader, payload, signature] = segments(tk);
      return JSON.stringify({ protected: protectedHeader, payload, signature });
    }],
    ['a number', () => 42],
    ['null', () => null],
    ['undefined', () => undefined],
    ['an object', () => ({})],
    ['bytes', (tk) => utf8(tk)],
  ];
  for (const [label, make] of shapes) {
    t.test(`structure: ${label} is malformed`, async () => {
      const { hs256 } = await testKeys(lib);
      const token = make(await lib.sign(CLAIMS, hs256));
      await rejectsWithCode(lib.verify(token as string, hs256), 'ERR_JWT_MALFORMED');
      await rejectsWithCode(lib.verifyCompact(token as string, hs256), 'ERR_JWT_MALFORMED');
    });
  }
  t.test('structure: an empty payload verifies as a JWS but is not a JWT', async () => {
    const { secret, hs256 } = await testKeys(lib);
    const token = await forgeHs256(secret, jsonSegment(HEADER), '');
    const { payload } = await lib.verifyCompact(token, hs256);
    assertEqual(payload.length, 0, 'payload length');
    await rejectsWithCode(lib.verify(token, hs256), 'ERR_JWT_MALFORMED');
  });
}

function registerJsonShapes(t: Registrar, lib: Lib): void {
  const invalid = new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]);
  const shapes: [string, Uint8Array][] = [
    ['a JSON array', utf8('[{"alg":"HS256"}]')],
    ['a JSON string', utf8('"HS256"')],
    ['a JSON number', utf8('42')],
    ['JSON null', utf8('null')],
    ['JSON true', utf8('true')],
    ['invalid UTF-8', invalid],
    ['overlong UTF-8', new Uint8Array([0x22, 0xc0, 0xaf, 0x22])],
    ['a UTF-8 encoded surrogate', new Uint8Array([0x22, 0xed, 0xa0, 0x80, 0x22])],
    ['truncated UTF-8', new Uint8Array([0x22, 0xe4, 0xb8, 0x22])],
    ['a lone UTF-8 continuation byte', new Uint8Array([0x22, 0x80, 0x22])],
    ['UTF-8 past U+10FFFF', new Uint8Array([0x22, 0xf4, 0x90, 0x80, 0x80, 0x22])],
    ['invalid JSON', utf8('{"alg":"HS256"')],
    ['JSON with a byte-order mark', utf8('\ufeff{"alg":"HS256","sub":"x"}')],
    ['two JSON objects', utf8('{"alg":"HS256"}{"alg":"HS256"}')],
  ];
  for (const [label, bytes] of shapes) {
    t.test(`header: ${label} is malformed`, async () => {
      const { secret, hs256 } = await testKeys(lib);
      const token = await forgeHs256(secret, b64u(bytes), jsonSegment(CLAIMS));
      await rejectsWithCode(lib.verify(token, hs256), 'ERR_JWT_MALFORMED');
    });
    t.test(`payload: ${label} is not a JWT, yet a valid JWS`, async () => {
      const { hs256 } = await testKeys(lib);
      const token = await lib.signCompact(bytes, hs256);
      const { payload } = await lib.verifyCompact(token, hs256);
      assertEqual(payload, bytes);
      await rejectsWithCode(lib.verify(token, hs256), 'ERR_JWT_MALFORMED');
    });
  }
  t.test('header and payload: a genuine U+FFFD (and other non-ASCII text) is not invalid UTF-8', async () => {
    const { hs256 } = await testKeys(lib);
    const text = 'a\uFFFDb \u00e9\u4e2d\u{1f600}';
    const token = await lib.sign({ sub: text }, hs256, { header: { note: text } });
    const { header, payload } = await lib.verify(token, hs256);
    assertEqual(payload.sub, text);
    assertEqual((header as Record<string, unknown>).note, text);
  });
  const headers: [string, unknown][] = [
    ['no alg', { typ: 'JWT' }],
    ['alg null', { alg: null }],
    ['alg a number', { alg: 256 }],
    ['alg an array', { alg: ['HS256'] }],
    ['alg only on the prototype', JSON.parse('{"__proto__":{"alg":"HS256"}}')],
  ];
  for (const [label, header] of headers) {
    t.test(`header: ${label} is malformed`, async () => {
      const { secret, hs256 } = await testKeys(lib);
      const token = await forgeHs256(secret, jsonSegment(header), jsonSegment(CLAIMS));
      await rejectsWithCode(lib.verify(token, hs256), 'ERR_JWT_MALFORMED');
    });
  }
  for (const alg of ['constructor', '__proto__', 'toString', 'hs256', 'HS256 ']) {
    t.test(`header: alg ${JSON.stringify(alg)} is not an allowed algorithm`, async () => {
      const { secret, hs256 } = await testKeys(lib);
      const token = await forgeHs256(secret, jsonSegment({ alg }), jsonSegment(CLAIMS));
      await rejectsWithCode(lib.verify(token, hs256), 'ERR_JWS_ALG_NOT_ALLOWED');
    });
  }
}

/**
 * A token of exactly `length` characters, padded through a claim. Base64url cannot reach every
 * length from one claim, so a short filler header member shifts the length when needed.
 */
async function tokenOfLength(lib: Lib, length: number): Promise<string> {
  const { hs256 } = await testKeys(lib);
  for (let extra = 0; extra < 4; extra++) {
    const header = extra === 0 ? {} : { x: 'y'.repeat(extra) };
    const [h, , s] = segments(await lib.sign({ pad: '' }, hs256, { iat: false, header }));
    const payloadLength = length - h.length - s.length - 2;
    for (let pad = 0; Math.ceil(((10 + pad) * 4) / 3) <= payloadLength; pad++) {
      if (Math.ceil(((10 + pad) * 4) / 3) !== payloadLength) continue;
      const token = await lib.sign({ pad: 'x'.repeat(pad) }, hs256, { iat: false, header });
      assertEqual(token.length, length, 'token length');
      return token;
    }
  }
  throw new Error(`test setup: no token of length ${length}`);
}

function registerSize(t: Registrar, lib: Lib): void {
  t.test('size: a token of exactly 8192 characters verifies by default; 8193 is too large', async () => {
    const { hs256 } = await testKeys(lib);
    const atLimit = await tokenOfLength(lib, 8192);
    await lib.verify(atLimit, hs256);
    const over = await tokenOfLength(lib, 8193);
    await rejectsWithCode(lib.verify(over, hs256), 'ERR_JWT_TOO_LARGE');
  });
  t.test('size: maxTokenLength is enforced exactly', async () => {
    const { hs256 } = await testKeys(lib);
    const token = await lib.sign({ sub: 'x' }, hs256);
    await lib.verify(token, hs256, { maxTokenLength: token.length });
    await rejectsWithCode(lib.verify(token, hs256, { maxTokenLength: token.length - 1 }), 'ERR_JWT_TOO_LARGE');
    await rejectsWithCode(lib.verifyCompact(token, hs256, { maxTokenLength: token.length - 1 }), 'ERR_JWT_TOO_LARGE');
  });
  t.test('size: a 10 MB string is refused as too large before any parsing', async () => {
    const { hs256 } = await testKeys(lib);
    await rejectsWithCode(lib.verify('a'.repeat(10_000_000), hs256), 'ERR_JWT_TOO_LARGE');
    await rejectsWithCode(lib.verify(`${'a'.repeat(5_000_000)}..${'a'.repeat(5_000_000)}`, hs256), 'ERR_JWT_TOO_LARGE');
  });
  for (const bad of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '8192']) {
    t.test(`size: maxTokenLength ${String(bad)} is a caller error`, async () => {
      const { hs256 } = await testKeys(lib);
      const token = await lib.sign({ sub: 'x' }, hs256);
      await rejectsWithCode(lib.verify(token, hs256, { maxTokenLength: bad as number }), 'ERR_INVALID_ARGUMENT');
    });
  }
}

function registerCrit(t: Registrar, lib: Lib): void {
  const cases: [string, Record<string, unknown>, string, string[]?][] = [
    ['an empty crit', { crit: [] }, 'ERR_JWT_MALFORMED'],
    ['crit that is a string', { crit: 'ext', ext: 1 }, 'ERR_JWT_MALFORMED'],
    ['crit with a non-string entry', { crit: [1] }, 'ERR_JWT_MALFORMED'],
    ['crit with an empty name', { crit: [''] }, 'ERR_JWT_MALFORMED'],
    ['a duplicated crit entry', { crit: ['ext', 'ext'], ext: 1 }, 'ERR_JWT_MALFORMED', ['ext']],
    ['crit naming "alg"', { crit: ['alg'] }, 'ERR_JWT_MALFORMED', ['alg']],
    ['crit naming "kid"', { crit: ['kid'], kid: 'k' }, 'ERR_JWT_MALFORMED', ['kid']],
    ['crit naming a member the header lacks', { crit: ['ext'] }, 'ERR_JWT_MALFORMED', ['ext']],
    ['crit naming an unknown extension', { crit: ['ext'], ext: 1 }, 'ERR_JWS_CRIT_UNSUPPORTED'],
    ['crit naming an extension the caller understands another of', { crit: ['ext'], ext: 1 }, 'ERR_JWS_CRIT_UNSUPPORTED', ['other']],
    ['b64: false (unencoded payload)', { b64: false, crit: ['b64'] }, 'ERR_JWS_CRIT_UNSUPPORTED', ['b64']],
  ];
  for (const [label, header, code, understood] of cases) {
    t.test(`crit: ${label} is refused with ${code}`, async () => {
      const { hs256 } = await testKeys(lib);
      const token = await lib.sign(CLAIMS, hs256, { header });
      const options = understood === undefined ? {} : { crit: understood };
      await rejectsWithCode(lib.verify(token, hs256, options), code);
      await rejectsWithCode(lib.verifyCompact(token, hs256, options), code);
    });
  }
  t.test('crit: an extension the caller understands is accepted', async () => {
    const { hs256 } = await testKeys(lib);
    const token = await lib.sign(CLAIMS, hs256, { header: { crit: ['ext'], ext: 1 } });
    const { header } = await lib.verify(token, hs256, { crit: ['ext'] });
    assertEqual(header.ext, 1);
  });
}

const TAMPER_CODES = new Set(['ERR_JWT_MALFORMED', 'ERR_JWS_SIGNATURE_INVALID', 'ERR_JWS_ALG_NOT_ALLOWED', 'ERR_JWS_CRIT_UNSUPPORTED']);

function registerTampering(t: Registrar, lib: Lib): void {
  const signers = ['HS256', 'RS256', 'PS256', 'ES256', 'EdDSA'] as const;
  for (const alg of signers) {
    t.test(`tampering: changing or deleting any one character of an ${alg} token is refused`, async () => {
      const keys = await testKeys(lib);
      const pair = { HS256: undefined, RS256: keys.rs256, PS256: keys.ps256, ES256: keys.es256, EdDSA: keys.eddsa }[alg];
      const token = await lib.sign(CLAIMS, pair?.privateKey ?? keys.hs256);
      const key = pair?.publicKey ?? keys.hs256;
      await lib.verify(token, key);
      const problems: string[] = [];
      for (let i = 0; i < token.length; i++) {
        const replacement = token[i] === 'A' ? 'B' : 'A';
        for (const changed of [token.slice(0, i) + replacement + token.slice(i + 1), token.slice(0, i) + token.slice(i + 1)]) {
          try {
            await lib.verify(changed, key);
            problems.push(`accepted a change at ${i}`);
          } catch (err) {
            if (!isJwtErrorLike(err) || !TAMPER_CODES.has(err.code)) problems.push(`at ${i}: ${String(err)}`);
          }
        }
      }
      assert(problems.length === 0, problems.slice(0, 5).join('; '));
    });
  }
}

/** Malformed and tampered tokens. */
export const malformedSuite: Suite = {
  name: 'malformed',
  register(t, lib) {
    registerEncoding(t, lib);
    registerStructure(t, lib);
    registerJsonShapes(t, lib);
    registerSize(t, lib);
    registerCrit(t, lib);
    registerTampering(t, lib);
  },
};
