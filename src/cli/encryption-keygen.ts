/**
 * `webjwt keygen` for encryption (JWE) algorithms: a random secret for `dir`, AES key wrap, AES-GCM
 * key wrap and PBES2, or a key pair for RSA-OAEP and ECDH-ES, as JWK, PEM or (for secrets)
 * base64url text, the form `encrypt` and `decrypt` read a secret in by default.
 *
 * @module
 */
/// <reference types="node" />
import { createPrivateKey, createPublicKey, type JsonWebKey as NodeJwk } from 'node:crypto';
import {
  calculateJwkThumbprint,
  type ContentEncryptionAlgorithm,
  exportEncryptionJwk,
  generateEncryptionKey,
  generateEncryptionKeyPair,
  type GenerateEncryptionKeyPairOptions,
  type KeyManagementAlgorithm,
} from '../index.js';
import { UsageError } from './usage-error.js';

/** True for the algorithms that take a key pair (the others take a secret). */
export const isEncryptionPairAlgorithm = (alg: KeyManagementAlgorithm): boolean => /^(RSA-OAEP|ECDH-ES)/.test(alg);

const CURVES = ['P-256', 'P-384', 'P-521', 'X25519'] as const;
type Curve = (typeof CURVES)[number];

/** The `--crv` flag, for ECDH-ES only. */
export function curveFlag(text: string | undefined, alg: KeyManagementAlgorithm): Curve | undefined {
  if (text === undefined) return undefined;
  if (!alg.startsWith('ECDH-ES')) throw new UsageError(`--crv applies to ECDH-ES keys only, not ${alg}`);
  if (!(CURVES as readonly string[]).includes(text)) throw new UsageError(`--crv must be ${CURVES.join(', ')}`);
  return text as Curve;
}

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/** A secret for `alg` + `enc`: a JWK, or its `k` alone (base64url text) with `--format secret`. */
export async function encryptionSecret(
  alg: KeyManagementAlgorithm,
  enc: ContentEncryptionAlgorithm,
  format: string,
  kid: string | undefined,
): Promise<{ secret: string }> {
  if (format === 'pem') throw new UsageError(`${alg} takes a secret, which has no PEM form; use --format jwk or --format secret`);
  const jwk = await exportEncryptionJwk(await generateEncryptionKey(alg, enc, kid === undefined ? {} : { kid }));
  // Exactly the bytes the algorithm needs (for dir, the enc's key; for PBES2, a random password).
  return { secret: format === 'secret' ? `${String(jwk.k)}\n` : json(jwk) };
}

/** A key pair for `alg` + `enc`, as JWKs (kid: the RFC 7638 thumbprint unless given) or PEM. */
export async function encryptionKeyPair(
  alg: KeyManagementAlgorithm,
  enc: ContentEncryptionAlgorithm,
  format: string,
  kid: string | undefined,
  options: GenerateEncryptionKeyPairOptions,
): Promise<{ privateText: string; publicText: string }> {
  if (format === 'secret') throw new UsageError(`${alg} uses a key pair; use --format jwk or --format pem`);
  const pair = await generateEncryptionKeyPair(alg, enc, { ...options, extractable: true });
  const privateJwk = await exportEncryptionJwk(pair.privateKey);
  const publicJwk = await exportEncryptionJwk(pair.publicKey);
  if (format === 'pem') {
    // PEM has no room for alg or use: whoever imports it names the algorithms again.
    return {
      privateText: createPrivateKey({ key: privateJwk as NodeJwk, format: 'jwk' }).export({ type: 'pkcs8', format: 'pem' }) as string,
      publicText: createPublicKey({ key: publicJwk as NodeJwk, format: 'jwk' }).export({ type: 'spki', format: 'pem' }) as string,
    };
  }
  const keyId = kid ?? (await calculateJwkThumbprint(publicJwk));
  return { privateText: json({ ...privateJwk, kid: keyId }), publicText: json({ ...publicJwk, kid: keyId }) };
}
