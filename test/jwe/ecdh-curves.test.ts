import { describe, expect, it } from 'vitest';
import { curveOfCryptoKey, ecdhCurve, isAllZero, isOnCurve } from '../../src/jwe/key-management/ecdh-curves.js';
import { hex } from './asymmetric-helpers.js';

// The base points (FIPS 186-4 appendix D.1.2 / SEC 2).
const GENERATORS = {
  'P-256': [
    '6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296',
    '4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5',
  ],
  'P-384': [
    'aa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab7',
    '3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a431d7c90ea0e5f',
  ],
  'P-521': [
    '00c6858e06b70404e9cd9e3ecb662395b4429c648139053fb521f828af606b4d3dbaa14b5e77efe75928fe1dc127a2ffa8de3348b3c1856a429bf97e7e31c2e5bd66',
    '011839296a789a3bc0045c8a5fb42c7d1bd998f54449579b446817afbd17273e662c97ee72995ef42640c550b9013fad0761353c7086a272c24088be94769fd16650',
  ],
} as const;

const NIST = ['P-256', 'P-384', 'P-521'] as const;

async function randomPoint(crv: (typeof NIST)[number]): Promise<{ x: Uint8Array; y: Uint8Array }> {
  const pair = (await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: crv }, true, ['deriveBits'])) as CryptoKeyPair;
  const raw = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
  const size = (raw.length - 1) / 2;
  return { x: raw.slice(1, 1 + size), y: raw.slice(1 + size) };
}

describe('isOnCurve', () => {
  for (const crv of NIST) {
    const curve = ecdhCurve(crv)!;

    it(`${crv}: the base point and 20 runtime-generated points are on the curve`, async () => {
      expect(isOnCurve(curve, hex(GENERATORS[crv][0]), hex(GENERATORS[crv][1]))).toBe(true);
      for (let i = 0; i < 20; i++) {
        const { x, y } = await randomPoint(crv);
        expect(isOnCurve(curve, x, y)).toBe(true);
      }
    });

    it(`${crv}: a changed coordinate, (0, 0), -y + p and coordinates of another length are refused`, async () => {
      const { x, y } = await randomPoint(crv);
      const moved = y.slice();
      moved[moved.length - 1]! ^= 1;
      expect(isOnCurve(curve, x, moved)).toBe(false);
      expect(isOnCurve(curve, new Uint8Array(curve.bytes), new Uint8Array(curve.bytes))).toBe(false);
      expect(isOnCurve(curve, x.subarray(1), y)).toBe(false);
      expect(isOnCurve(curve, x, new Uint8Array([0, ...y]))).toBe(false);
      // y + p is congruent to y but not below p: refused, as any coordinate >= p is.
      const p = curve.p!;
      const yPlusP = BigInt(`0x${Buffer.from(y).toString('hex')}`) + p;
      if (yPlusP < 1n << BigInt(curve.bytes * 8)) {
        expect(isOnCurve(curve, x, hex(yPlusP.toString(16).padStart(curve.bytes * 2, '0')))).toBe(false);
      }
      const pBytes = hex(p.toString(16).padStart(curve.bytes * 2, '0'));
      expect(isOnCurve(curve, pBytes, y)).toBe(false);
    });
  }

  it('P-256: a point whose x is small (where x^3 - 3x + b needs a careful modulo) is judged right', () => {
    // Points with x = 1 .. 40 either are on the curve or not; compare with a direct computation.
    const curve = ecdhCurve('P-256')!;
    const p = curve.p!;
    const mod = (a: bigint) => ((a % p) + p) % p;
    const power = (base: bigint, exponent: bigint) => {
      let result = 1n;
      let b = mod(base);
      for (let e = exponent; e > 0n; e >>= 1n) {
        if (e & 1n) result = (result * b) % p;
        b = (b * b) % p;
      }
      return result;
    };
    let found = 0;
    for (let x = 0n; x < 40n; x++) {
      const rhs = mod(x * x * x - 3n * x + curve.b!);
      // p = 3 (mod 4): a square root is rhs^((p+1)/4) when one exists.
      const y = power(rhs, (p + 1n) / 4n);
      const xBytes = hex(x.toString(16).padStart(64, '0'));
      const yBytes = hex(y.toString(16).padStart(64, '0'));
      const onCurve = (y * y) % p === rhs;
      expect(isOnCurve(curve, xBytes, yBytes)).toBe(onCurve);
      if (onCurve) found++;
    }
    expect(found).toBeGreaterThan(5);
  });

  it('X25519 has no y: isOnCurve is never true for it', () => {
    expect(isOnCurve(ecdhCurve('X25519')!, new Uint8Array(32), new Uint8Array(32))).toBe(false);
  });
});

describe('the curve table', () => {
  it('knows the four curves and nothing else (not even inherited names)', () => {
    expect(['P-256', 'P-384', 'P-521', 'X25519'].map((crv) => ecdhCurve(crv)?.crv)).toEqual(['P-256', 'P-384', 'P-521', 'X25519']);
    for (const crv of ['secp256k1', 'X448', 'Ed25519', 'toString', '__proto__', undefined, 256]) expect(ecdhCurve(crv)).toBeUndefined();
  });

  it('finds the curve of ECDH and X25519 CryptoKeys, and none for other keys', async () => {
    for (const crv of NIST) {
      const pair = (await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: crv }, false, ['deriveBits'])) as CryptoKeyPair;
      expect(curveOfCryptoKey(pair.privateKey)?.crv).toBe(crv);
      expect(curveOfCryptoKey(pair.publicKey)?.crv).toBe(crv);
    }
    const x25519 = (await crypto.subtle.generateKey({ name: 'X25519' }, false, ['deriveBits'])) as CryptoKeyPair;
    expect(curveOfCryptoKey(x25519.publicKey)?.crv).toBe('X25519');
    const ecdsa = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign'])) as CryptoKeyPair;
    expect(curveOfCryptoKey(ecdsa.privateKey)).toBeUndefined();
  });
});

describe('isAllZero', () => {
  it('is true only when every byte is zero', () => {
    expect(isAllZero(new Uint8Array(32))).toBe(true);
    expect(isAllZero(new Uint8Array(0))).toBe(true);
    for (const at of [0, 15, 31]) {
      const bytes = new Uint8Array(32);
      bytes[at] = 0x80;
      expect(isAllZero(bytes)).toBe(false);
    }
  });
});
