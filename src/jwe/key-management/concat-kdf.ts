/**
 * The Concat KDF of ECDH-ES (NIST SP 800-56A section 5.8.1 with SHA-256, as RFC 7518 section 4.6.2
 * profiles it): turns the shared secret Z of a key agreement into a key of the length the
 * algorithm needs, bound to that algorithm and to both parties.
 *
 * @module
 */
import { concatBytes } from '../../lib/bytes.js';
import { utf8 } from '../../lib/utf8.js';
import { bufferSource, subtle } from '../subtle.js';

/** @internal The inputs of one derivation besides the shared secret. */
export interface ConcatKdfInput {
  /** `enc` for direct agreement, `alg` for ECDH-ES+AxKW (RFC 7518 section 4.6.2). */
  readonly algorithmId: string;
  /** Length of the derived key in bits. */
  readonly keyBits: number;
  /** Agreement PartyUInfo (`apu`), empty when absent. */
  readonly partyUInfo: Uint8Array;
  /** Agreement PartyVInfo (`apv`), empty when absent. */
  readonly partyVInfo: Uint8Array;
}

const HASH_BYTES = 32;

function uint32(value: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value);
  return out;
}

// Each variable-length field is its 32-bit big-endian length followed by its bytes.
const withLength = (bytes: Uint8Array): Uint8Array[] => [uint32(bytes.length), bytes];

/**
 * @internal The OtherInfo of RFC 7518 section 4.6.2: AlgorithmID, PartyUInfo and PartyVInfo
 * length-prefixed, SuppPubInfo the key length in bits, SuppPrivInfo empty.
 */
export function otherInfo(input: ConcatKdfInput): Uint8Array {
  return concatBytes(
    ...withLength(utf8(input.algorithmId)),
    ...withLength(input.partyUInfo),
    ...withLength(input.partyVInfo),
    uint32(input.keyBits),
  );
}

/**
 * @internal Derives `input.keyBits` bits from the shared secret `z`: SHA-256 over
 * `counter || Z || OtherInfo` for counter 1, 2, ..., concatenated and cut to length.
 */
export async function concatKdf(z: Uint8Array, input: ConcatKdfInput): Promise<Uint8Array> {
  const info = otherInfo(input);
  const keyBytes = input.keyBits / 8;
  const rounds = Math.ceil(keyBytes / HASH_BYTES);
  const digests: Uint8Array[] = [];
  for (let counter = 1; counter <= rounds; counter++) {
    const block = concatBytes(uint32(counter), z, info);
    digests.push(new Uint8Array(await subtle().digest('SHA-256', bufferSource(block))));
  }
  return concatBytes(...digests).slice(0, keyBytes);
}
