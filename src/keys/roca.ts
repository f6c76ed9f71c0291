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

// The order of GENERATOR modulo each odd number up to LARGEST_PRIME, filled in as its prime is reached.
const orders: number[] = [];

// Trial division (candidates are odd and at most 701, so at most 13 divisions): primes are found as
// they are reached, since an ordinary modulus never gets past the first few.
function isOddPrime(candidate: number): boolean {
  for (let divisor = 3; divisor * divisor <= candidate; divisor += 2) if (candidate % divisor === 0) return false;
  return true;
}

// The multiplicative order of GENERATOR modulo `prime` (GENERATOR is never a multiple of it).
function orderOf(prime: number): number {
  let order = orders[prime];
  if (order === undefined) {
    const g = GENERATOR % prime;
    order = 1;
    for (let power = g; power !== 1; power = (power * g) % prime) order++;
    orders[prime] = order;
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

// Three bytes per step (rest * 2^24 + 3 bytes stays below 2^34, exact in a double): cold code runs
// in the interpreter, where each step counts.
function remainder(bigEndian: Uint8Array, divisor: number): number {
  const length = bigEndian.length;
  const head = length % 3;
  let rest = 0;
  for (let i = 0; i < head; i++) rest = (rest * 256 + bigEndian[i]!) % divisor;
  for (let i = head; i < length; i += 3) {
    rest = (rest * 16777216 + bigEndian[i]! * 65536 + bigEndian[i + 1]! * 256 + bigEndian[i + 2]!) % divisor;
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
    // 0 is no power of 65537; otherwise, a power exactly when rest^order = 1.
    if (rest === 0 || powMod(rest, orderOf(prime), prime) !== 1) return false;
  }
  return true;
}
