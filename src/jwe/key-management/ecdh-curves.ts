/**
 * The curves ECDH-ES agrees on (P-256, P-384, P-521 and X25519), as data, and the check that a
 * point is on its curve. The check is ours, in BigInt arithmetic, not left to the runtime: a point
 * off the curve is the invalid-curve attack, which recovers the private key a few bits at a time.
 *
 * @module
 */

/** @internal A curve an ECDH-ES key can be on. */
export type EcdhCurveName = 'P-256' | 'P-384' | 'P-521' | 'X25519';

/** @internal One row of the curve table. */
export interface EcdhCurve {
  readonly crv: EcdhCurveName;
  /** JWK key type: `EC` for the NIST curves, `OKP` for X25519 (RFC 8037). */
  readonly kty: 'EC' | 'OKP';
  /** Length in bytes of each coordinate (EC) or of the public key (OKP); also of the shared secret. */
  readonly bytes: number;
  /** Web Crypto parameters to import or generate a key on the curve. */
  readonly params: EcKeyImportParams | Algorithm;
  /** NIST curves: the field prime p and coefficient b of y^2 = x^3 - 3x + b (mod p). */
  readonly p?: bigint;
  readonly b?: bigint;
}

const CURVES: readonly EcdhCurve[] = [
  {
    crv: 'P-256',
    kty: 'EC',
    bytes: 32,
    params: { name: 'ECDH', namedCurve: 'P-256' },
    p: 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn,
    b: 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn,
  },
  {
    crv: 'P-384',
    kty: 'EC',
    bytes: 48,
    params: { name: 'ECDH', namedCurve: 'P-384' },
    p: 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffffn,
    b: 0xb3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aefn,
  },
  {
    crv: 'P-521',
    kty: 'EC',
    bytes: 66,
    params: { name: 'ECDH', namedCurve: 'P-521' },
    // 2^521 - 1 written out: an expression here would be one a bundler must keep in every bundle.
    p: 0x1ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffn,
    b: 0x0051953eb9618e1c9a1f929a21a0b68540eea2da725b99b315f3b8b489918ef109e156193951ec7e937b1652c0bd3bb1bf073573df883d2c34f1ef451fd46b503f00n,
  },
  { crv: 'X25519', kty: 'OKP', bytes: 32, params: { name: 'X25519' } },
];

/** @internal The row of `crv` (any value; inherited names such as `toString` find nothing). */
export function ecdhCurve(crv: unknown): EcdhCurve | undefined {
  return CURVES.find((curve) => curve.crv === crv);
}

/** @internal The curve of an ECDH or X25519 `CryptoKey`, or undefined for any other key. */
export function curveOfCryptoKey(key: CryptoKey): EcdhCurve | undefined {
  const algorithm = key.algorithm as KeyAlgorithm & { namedCurve?: string };
  if (algorithm.name === 'X25519') return ecdhCurve('X25519');
  return algorithm.name === 'ECDH' ? ecdhCurve(algorithm.namedCurve) : undefined;
}

function toBigInt(bytes: Uint8Array): bigint {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return value;
}

/**
 * @internal True when (x, y), big-endian coordinates of the curve's length, is a point of the NIST
 * curve: both coordinates below p, and y^2 = x^3 - 3x + b (mod p). These curves have cofactor 1,
 * so every such point is in the prime-order group; the point at infinity has no affine form.
 * Always false for X25519, which has no y (its checks are on the shared secret).
 */
export function isOnCurve(curve: EcdhCurve, x: Uint8Array, y: Uint8Array): boolean {
  const { p, b } = curve;
  if (p === undefined || b === undefined || x.length !== curve.bytes || y.length !== curve.bytes) return false;
  const px = toBigInt(x);
  const py = toBigInt(y);
  if (px >= p || py >= p) return false;
  // Every term is reduced into [0, p) before it is combined, so no remainder is ever negative.
  const right = (((px * px) % p) * px + (p - 3n) * px + b) % p;
  return (py * py) % p === right;
}

/**
 * @internal True when every byte is zero. An all-zero X25519 result means the peer's point had
 * small order: RFC 7748 section 6.1 says to abort. Runs over every byte whatever it finds.
 */
export function isAllZero(bytes: Uint8Array): boolean {
  let any = 0;
  for (const byte of bytes) any |= byte;
  return any === 0;
}
