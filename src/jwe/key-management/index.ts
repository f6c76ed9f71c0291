/**
 * Key management by family: the table's `family` picks the module that gets the content encryption
 * key (CEK) to the recipient and back. `dir` has no module: the key is the CEK, prepared once when
 * the key was imported, and the orchestration uses it as it is.
 *
 * @module
 */
import type { KeyManagementFamily } from '../algorithms.js';
import { aesGcmKeyWrap } from './aes-gcm-kw.js';
import { aesKeyWrap } from './aes-kw.js';
import { ecdhEs } from './ecdh-es.js';
import type { KeyManagement } from './family.js';
import { pbes2 } from './pbes2.js';
import { rsaOaep } from './rsa-oaep.js';

const BY_FAMILY: Readonly<Record<Exclude<KeyManagementFamily, 'dir'>, KeyManagement>> = {
  'aes-kw': aesKeyWrap,
  'aes-gcm-kw': aesGcmKeyWrap,
  'rsa-oaep': rsaOaep,
  // One module for both: ECDH-ES+AxKW is the same agreement, with an AES key wrap of the CEK after it.
  'ecdh-es': ecdhEs,
  'ecdh-es-kw': ecdhEs,
  pbes2,
};

/** @internal The module of a family other than `dir`. */
export function keyManagementFor(family: Exclude<KeyManagementFamily, 'dir'>): KeyManagement {
  return BY_FAMILY[family];
}

/**
 * @internal The length of the JWE Encrypted Key for `family` with a CEK of `cekBytes`, or undefined
 * when the key decides it (RSA-OAEP: the modulus length, checked when decrypting). Empty for `dir`
 * and ECDH-ES direct agreement (RFC 7516 section 5.1, RFC 7518 section 4.6); AES key wrap adds one
 * 8-byte block (RFC 3394); AES-GCM key wrap carries its tag in the header.
 */
export function encryptedKeyBytes(family: KeyManagementFamily, cekBytes: number): number | undefined {
  if (family === 'dir' || family === 'ecdh-es') return 0;
  if (family === 'rsa-oaep') return undefined;
  return family === 'aes-gcm-kw' ? cekBytes : cekBytes + 8;
}
