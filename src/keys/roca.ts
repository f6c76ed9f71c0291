/**
 * Detection of RSA moduli with the ROCA fingerprint (CVE-2017-15361): keys made by an Infineon
 * library whose primes have the form `k * M + (65537^a mod M)`, where M is the product of the first
 * primes. Such a modulus can be factored, so anyone could forge signatures for it.
 *
 * The product of two such primes is a power of 65537 modulo every small prime r dividing M. Checking
 * that for the primes 3..701 (M's factors for every key size from 1984 bits up) flags every affected
 * key we accept (2048 bits and more), while a random modulus passes all the checks by chance with
 * probability about 2^-167.
 *
 * @module
 */

const GENERATOR = 65537;
const LARGEST_PRIME = 701;

interface Residues {
  readonly prime: number;
  /** The powers of 65537 modulo `prime`. */
  readonly powers: ReadonlySet<number>;
}

let table: readonly Residues[] | undefined;

function residues(): readonly Residues[] {
  if (table !== undefined) return table;
  const built: Residues[] = [];
  for (let candidate = 3; candidate <= LARGEST_PRIME; candidate += 2) {
    if (built.some(({ prime }) => candidate % prime === 0)) continue;
    const powers = new Set<number>();
    for (let power = 1; !powers.has(power); power = (power * GENERATOR) % candidate) powers.add(power);
    built.push({ prime: candidate, powers });
  }
  return (table = built);
}

function remainder(bigEndian: Uint8Array, divisor: number): number {
  let rest = 0;
  for (const byte of bigEndian) rest = (rest * 256 + byte) % divisor;
  return rest;
}

/**
 * True when the RSA modulus carries the ROCA fingerprint.
 *
 * @param modulus - The modulus as big-endian bytes (leading zeros allowed).
 */
export function hasRocaFingerprint(modulus: Uint8Array): boolean {
  return residues().every(({ prime, powers }) => powers.has(remainder(modulus, prime)));
}
