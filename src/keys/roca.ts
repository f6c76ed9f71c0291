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
 * Cold cost matters here (it runs on the first import of every RSA key, often in a fresh process):
 * membership in the powers of 65537 is tested as `x^d = 1 (mod r)`, d the order of 65537 mod r
 * (the multiplicative group mod a prime is cyclic, so its elements of order dividing d are exactly
 * the subgroup 65537 generates), and each order is worked out only when its prime is reached. An
 * ordinary modulus fails within the first few primes, so it costs microseconds; building the sets of
 * powers for all 125 primes up front cost 9-14 ms in a fresh Node or Bun process.
 *
 * @module
 */

const GENERATOR = 65537;
const LARGEST_PRIME = 701;

// The odd primes up to LARGEST_PRIME, and the order of GENERATOR modulo each, filled in as reached.
let primes: number[] | undefined;
const orders: number[] = [];

function oddPrimes(): number[] {
  if (primes !== undefined) return primes;
  const found: number[] = [];
  for (let candidate = 3; candidate <= LARGEST_PRIME; candidate += 2) {
    if (found.every((prime) => candidate % prime !== 0)) found.push(candidate);
  }
  return (primes = found);
}

// The multiplicative order of GENERATOR modulo `prime` (GENERATOR is never a multiple of it).
function orderOf(index: number, prime: number): number {
  let order = orders[index];
  if (order === undefined) {
    const g = GENERATOR % prime;
    order = 1;
    for (let power = g; power !== 1; power = (power * g) % prime) order++;
    orders[index] = order;
  }
  return order;
}

// base^exponent mod modulus, for numbers small enough that products stay exact (modulus < 2^26).
function powMod(base: number, exponent: number, modulus: number): number {
  let result = 1;
  let square = base % modulus;
  for (let e = exponent; e > 0; e = Math.floor(e / 2)) {
    if (e % 2 === 1) result = (result * square) % modulus;
    square = (square * square) % modulus;
  }
  return result;
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
  const all = oddPrimes();
  for (let i = 0; i < all.length; i++) {
    const prime = all[i]!;
    const rest = remainder(modulus, prime);
    // 0 is no power of 65537; otherwise, a power exactly when rest^order = 1.
    if (rest === 0 || powMod(rest, orderOf(i, prime), prime) !== 1) return false;
  }
  return true;
}
