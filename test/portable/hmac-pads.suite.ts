/**
 * The native HMAC over per-key pads (src/lib/native-hmac.ts) against Web Crypto, where the layout of
 * a pad changes: around the hash blocks (64 and 128 bytes), the message room of a new pad (1024
 * bytes, which a string may fill from 1024 / 3 UTF-16 units on), twice that, and the 64 KiB beyond
 * which createHmac serves. Each runtime writes the message its own way (Deno, Node, Bun), so this
 * runs in each: through the built library's tokens (their signing input is ASCII), and through the
 * source copy's pads for text of one- to four-byte characters, lone surrogates and bytes. In browsers
 * there is no native backend: only the token part runs, on Web Crypto.
 *
 * @module
 */
import { b64u, segments, utf8 } from './bytes.js';
import { assert, assertEqual, type Internals, type Lib, type Registrar, rejectsWithCode, type Suite } from './harness.js';

const HASHES = [
  ['HS256', 'sha256', 'SHA-256'],
  ['HS384', 'sha384', 'SHA-384'],
  ['HS512', 'sha512', 'SHA-512'],
] as const;

// Signing input lengths (ASCII: one byte each) around each edge.
const EDGES = [64, 128, 341, 342, 1024, 2048, 21_803, 21_824];

// A deterministic generator (xorshift32), so a failure repeats.
function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

const CHARS = ['a', 'Z', '~', '\u0000', '\u00e9', '\u07ff', '\u0800', '\u4e2d', '\uffff', '\ud83d\ude00', '\ud800', '\udfff'];

async function webMac(hash: string, secret: Uint8Array, data: Uint8Array): Promise<string> {
  const key = await crypto.subtle.importKey('raw', secret as Uint8Array<ArrayBuffer>, { name: 'HMAC', hash }, false, ['sign']);
  return b64u(new Uint8Array(await crypto.subtle.sign('HMAC', key, data as Uint8Array<ArrayBuffer>)));
}

export const hmacPadsSuite: Suite = {
  name: 'hmac-pads',
  register(t: Registrar, lib: Lib, internals: Internals) {
    t.test('tokens whose signing input is around each pad edge carry the MAC Web Crypto makes, and verify', async () => {
      const next = random(7);
      for (const [alg, , webHash] of HASHES) {
        const secret = new Uint8Array(64).map(() => Math.floor(next() * 256));
        const key = await lib.importSecret(secret, alg);
        const prefix = segments(await lib.signCompact(new Uint8Array(0), key))[0].length + 1;
        for (const edge of EDGES) {
          // Payload bytes whose base64url makes the signing input `edge - 3 ... edge + 3` long.
          for (let bytes = Math.max(0, Math.floor(((edge - prefix - 4) * 3) / 4)); (prefix + Math.ceil((bytes * 4) / 3)) <= edge + 3; bytes++) {
            const payload = new Uint8Array(bytes).map(() => Math.floor(next() * 256));
            const token = await lib.signCompact(payload, key);
            const [header, body, mac] = segments(token);
            assertEqual(mac, await webMac(webHash, secret, utf8(`${header}.${body}`)), `${alg}, signing input of ${header.length + 1 + body.length}`);
            const verified = await lib.verifyCompact(token, key, { maxTokenLength: 100_000 });
            assertEqual(b64u(verified.payload), body);
            const changed = `${header}.${body}.${mac[0] === 'A' ? 'B' : 'A'}${mac.slice(1)}`;
            await rejectsWithCode(lib.verifyCompact(changed, key, { maxTokenLength: 100_000 }), 'ERR_JWS_SIGNATURE_INVALID');
          }
        }
      }
    });

    t.test('the pads give the MAC of createHmac and Web Crypto for text and bytes around each edge, keys kept', async () => {
      const native = internals.nativePads();
      if (native === undefined) {
        assert(typeof (globalThis as { process?: unknown }).process === 'undefined', 'node:crypto is missing where process exists');
        return;
      }
      const next = random(11);
      for (const [, hash, webHash] of HASHES) {
        // Kept from message to message: the pads grow for long ones, then serve short ones again.
        const secrets = [1, 32, 64, 65, 128, 129, 200].map((length) => new Uint8Array(length).map(() => Math.floor(next() * 256)));
        const keys = secrets.map((secret) => native.secretKey(secret));
        for (const edge of [...EDGES.slice(0, 6), 7_280, 21_802, 21_824]) {
          for (let length = edge - 3; length <= edge + 3; length++) {
            const k = Math.floor(next() * keys.length);
            const kind = edge > 20_000 ? length % 3 : Math.floor(next() * 4); // text where the pads start to decline
            const data: string | Uint8Array =
              kind === 0
                ? Array.from({ length }, () => String.fromCharCode(32 + Math.floor(next() * 95))).join('')
                : kind === 1
                  ? Array.from({ length }, () => CHARS[Math.floor(next() * CHARS.length)]).join('')
                  : kind === 2
                    ? '\u4e2d'.repeat(length) // three bytes per unit: the room a string may need
                    : new Uint8Array(length).map(() => Math.floor(next() * 256));
            const expected = native.createHmac(hash, keys[k]!, data);
            const bytes = typeof data === 'string' ? utf8(data) : data;
            assertEqual(await webMac(webHash, secrets[k]!, bytes), expected, `Web Crypto, ${hash}, kind ${kind}, length ${length}`);
            const mac = native.pads.mac(hash, keys[k]!, data);
            // Past 64 KiB of room (a block, then 3 bytes per UTF-16 unit or 1 per byte) the pads
            // decline, and createHmac serves.
            const room = (hash === 'sha256' ? 64 : 128) + (typeof data === 'string' ? 3 : 1) * data.length;
            assertEqual(mac === undefined, room > 64 * 1024, `declined: ${hash}, kind ${kind}, length ${length}`);
            if (mac !== undefined) {
              assertEqual(mac, expected, `${hash}, kind ${kind}, length ${length}`);
              assertEqual(native.pads.matches(hash, keys[k]!, data, expected), true);
              assertEqual(native.pads.matches(hash, keys[k]!, data, `${expected[0] === 'A' ? 'B' : 'A'}${expected.slice(1)}`), false);
            }
          }
        }
      }
    });
  },
};
