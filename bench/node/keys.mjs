/**
 * Key material for the Node suite, made once per algorithm and handed to every library in the form
 * it takes natively (imported ahead of time, so no library pays for key parsing while timed).
 *
 * @module
 */
import { createPrivateKey, createPublicKey, createSecretKey, generateKeyPairSync, randomBytes, webcrypto } from 'node:crypto';
import { ALG_PARAMS } from '../lib/algs.mjs';

const { subtle } = webcrypto;

const PAIR_TYPES = {
  rsa: ['rsa', { modulusLength: 2048 }],
  ec: ['ec', { namedCurve: 'P-256' }],
  ed25519: ['ed25519', {}],
};

// RS256 and PS256 share one RSA pair: the same 2048-bit key, as a server would have.
const pairs = new Map();
function keyPair(family) {
  if (!pairs.has(family)) {
    const [type, options] = PAIR_TYPES[family];
    pairs.set(family, generateKeyPairSync(type, options));
  }
  return pairs.get(family);
}

/**
 * Everything one algorithm needs: `secret` (HMAC bytes) or PEMs, node KeyObjects and Web Crypto
 * CryptoKeys for signing and verifying.
 */
export async function keyMaterial(alg) {
  const p = ALG_PARAMS[alg];
  if (p.family === 'hmac') {
    const secret = new Uint8Array(randomBytes(p.secretBytes));
    const cryptoKey = await subtle.importKey('raw', secret, p.importParams, false, ['sign', 'verify']);
    const keyObject = createSecretKey(secret);
    return { alg, secret, signKeyObject: keyObject, verifyKeyObject: keyObject, signCryptoKey: cryptoKey, verifyCryptoKey: cryptoKey };
  }
  const { privateKey, publicKey } = keyPair(p.family);
  const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' });
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' });
  return {
    alg,
    privatePem,
    publicPem,
    signKeyObject: createPrivateKey(privatePem),
    verifyKeyObject: createPublicKey(publicPem),
    signCryptoKey: await subtle.importKey('pkcs8', privateKey.export({ type: 'pkcs8', format: 'der' }), p.importParams, false, ['sign']),
    verifyCryptoKey: await subtle.importKey('spki', publicKey.export({ type: 'spki', format: 'der' }), p.importParams, false, ['verify']),
  };
}
