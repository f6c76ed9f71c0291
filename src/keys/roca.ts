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
 * Cold cost matters here (it runs on the first import of every RSA key, often in a fresh process, in
 * code not yet compiled): primes and their powers of 65537 are worked out only as each prime is
 * reached, and an ordinary modulus fails within the first few. Building the sets of powers for all
 * 125 primes up front cost 9-14 ms in a fresh Node or Bun process.
 *
 * @module
 */

const GENERATOR = 65537;
const LARGEST_PRIME = 701;

// Trial division (candidates are odd and at most 701, so at most 13 divisions): primes are found as
// they are reached, since an ordinary modulus never gets past the first few.
function isOddPrime(candidate: number): boolean {
  for (let divisor = 3; divisor * divisor <= candidate; divisor += 2) if (candidate % divisor === 0) return false;
  return true;
}

// Three bytes a step (rest * 2^24 + 3 bytes stays below 2^34, exact in a double), the first step
// padded with zeros in front: in cold code each step counts (Bun took 1-6 ms a byte at a time).
function remainder(bigEndian: Uint8Array, divisor: number): number {
  let rest = 0;
  for (let i = ((bigEndian.length % 3) || 3) - 3; i < bigEndian.length; i += 3) {
    rest = (rest * 16777216 + (bigEndian[i]! | 0) * 65536 + (bigEndian[i + 1]! | 0) * 256 + bigEndian[i + 2]!) % divisor;
  }
  return rest;
}

/**
 * True when the RSA modulus carries the ROCA fingerprint.
 *
 * @param modulus - The modulus as big-endian bytes (leading zeros allowed).
 */
export function hasRocaFingerprint(modulus: Uint8Array): boolean {
  for (let prime = 3; prime <= LARGEST_PRIME; prime += 2) {
    if (!isOddPrime(prime)) continue;
    const rest = remainder(modulus, prime);
    // Walk the powers of 65537 modulo the prime until one is `rest` or they come back to 1.
    let power = 1;
    while (power !== rest && (power = (power * GENERATOR) % prime) !== 1);
    if (power !== rest) return false;
  }
  return true;
}
