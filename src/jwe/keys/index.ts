/**
 * The argument checks shared by the public JWE key functions, and the choice of key family by the
 * `alg` table's family: RSA-OAEP and ECDH-ES keys are asymmetric, every other `alg` takes a secret.
 *
 * @module
 */
import { JwtError } from '../../errors.js';
import { invalidArgument } from '../../lib/jwt-errors.js';
import { closestName } from '../../lib/closest-name.js';
import { describeValue } from '../../keys/jwk.js';
import {
  CONTENT_ENCRYPTION_ALGORITHMS,
  type ContentEncryptionSpec,
  contentEncryptionSpec,
  KEY_MANAGEMENT_ALGORITHMS,
  type KeyManagementSpec,
  keyManagementSpec,
  whyRefused,
} from '../algorithms.js';
import { asymmetricKeys } from './asymmetric-keys.js';
import type { KeyFamilyModule } from './family-keys.js';
import { secretKeys } from './secret-keys.js';

/** @internal Both rows, or `ERR_INVALID_ARGUMENT` naming the nearest known name. */
export function specsFor(alg: unknown, enc: unknown): { readonly km: KeyManagementSpec; readonly ce: ContentEncryptionSpec } {
  const km = keyManagementSpec(alg);
  if (km === undefined) throw unknownName('key management algorithm', alg, KEY_MANAGEMENT_ALGORITHMS);
  const ce = contentEncryptionSpec(enc);
  if (ce === undefined) throw unknownName('content encryption algorithm', enc, CONTENT_ENCRYPTION_ALGORITHMS);
  return { km, ce };
}

function unknownName(what: string, value: unknown, known: readonly string[]): JwtError {
  const refused = whyRefused(value);
  const near = typeof value === 'string' ? closestName(value, known) : undefined;
  const hint = refused !== '' ? refused : near === undefined ? ` (supported: ${known.join(', ')})` : ` (did you mean "${near}"?)`;
  return invalidArgument(`Unsupported ${what}: ${describeValue(value)}${hint}`);
}

/** @internal True for the asymmetric families (RSA-OAEP, ECDH-ES with or without key wrap). */
export function isAsymmetric(km: KeyManagementSpec): boolean {
  return km.family === 'rsa-oaep' || km.family === 'ecdh-es' || km.family === 'ecdh-es-kw';
}

/** @internal The key family that imports and exports keys for `km`. */
export function keyFamilyFor(km: KeyManagementSpec): KeyFamilyModule {
  return isAsymmetric(km) ? asymmetricKeys : secretKeys;
}
