import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { concatKdf, otherInfo } from '../../src/jwe/key-management/concat-kdf.js';
import { toB64u } from './asymmetric-helpers.js';

// RFC 7518 appendix C: ECDH-ES with A128GCM, apu "Alice", apv "Bob".
const Z = Uint8Array.from([
  158, 86, 217, 29, 129, 113, 53, 211, 114, 131, 66, 131, 191, 132, 38, 156, 251, 49, 110, 163, 218, 128, 106, 72, 246,
  218, 167, 121, 140, 254, 144, 196,
]);
const ALICE = new TextEncoder().encode('Alice');
const BOB = new TextEncoder().encode('Bob');
const APPENDIX_C = { algorithmId: 'A128GCM', keyBits: 128, partyUInfo: ALICE, partyVInfo: BOB };

describe('concatKdf (RFC 7518 section 4.6.2)', () => {
  it('builds the OtherInfo of appendix C byte for byte', () => {
    expect([...otherInfo(APPENDIX_C)]).toEqual([
      ...[0, 0, 0, 7, 65, 49, 50, 56, 71, 67, 77], // AlgorithmID "A128GCM"
      ...[0, 0, 0, 5, 65, 108, 105, 99, 101], // PartyUInfo "Alice"
      ...[0, 0, 0, 3, 66, 111, 98], // PartyVInfo "Bob"
      ...[0, 0, 0, 128], // SuppPubInfo: 128 bits
    ]);
  });

  it('derives the key of appendix C', async () => {
    expect(toB64u(await concatKdf(Z, APPENDIX_C))).toBe('VqqN6vgjbSBcIijNcacQGg');
  });

  it('empty PartyUInfo and PartyVInfo are written as zero lengths', () => {
    const info = otherInfo({ algorithmId: 'ECDH-ES+A256KW', keyBits: 256, partyUInfo: new Uint8Array(0), partyVInfo: new Uint8Array(0) });
    expect([...info.subarray(18)]).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0]);
    expect(new TextDecoder().decode(info.subarray(4, 18))).toBe('ECDH-ES+A256KW');
  });

  it('longer keys concatenate SHA-256 rounds with counters 1, 2, ... (A256CBC-HS512 needs 512 bits)', async () => {
    const input = { algorithmId: 'A256CBC-HS512', keyBits: 512, partyUInfo: ALICE, partyVInfo: BOB };
    const info = otherInfo(input);
    const round = (counter: number) =>
      createHash('sha256').update(Uint8Array.of(0, 0, 0, counter)).update(Z).update(info).digest();
    const key = await concatKdf(Z, input);
    expect(key.length).toBe(64);
    expect(Buffer.from(key)).toEqual(Buffer.concat([round(1), round(2)]));
  });

  it('keys shorter than a round are its first bytes (A192KW: 192 bits)', async () => {
    const input = { algorithmId: 'ECDH-ES+A192KW', keyBits: 192, partyUInfo: new Uint8Array(0), partyVInfo: new Uint8Array(0) };
    const full = createHash('sha256').update(Uint8Array.of(0, 0, 0, 1)).update(Z).update(otherInfo(input)).digest();
    expect(Buffer.from(await concatKdf(Z, input))).toEqual(full.subarray(0, 24));
  });
});
