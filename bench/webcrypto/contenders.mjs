/**
 * Contenders of the Web Crypto suite (Deno, Bun; also runs on Node): webjwt's browser bundle, jose's
 * Web API build and raw `crypto.subtle` over the same signing input, plus raw node:crypto where the
 * runtime has it. Keys come from `crypto.subtle` and are imported once per library beforehand.
 *
 * @module
 */
import { Buffer } from 'node:buffer';
import { ALG_PARAMS } from '../lib/algs.mjs';
import { minimalRows } from '../lib/minimal.mjs';
import { peerRows } from '../lib/peers.mjs';
import { APP_CLAIMS, AUDIENCE, ISSUER, JWT_ID, assertTypicalPayload, b64url, rejectedClaimSets, signingInput, splitToken, typicalClaims } from '../lib/token.mjs';

const { subtle } = globalThis.crypto;

async function keyMaterial(alg) {
  const p = ALG_PARAMS[alg];
  if (p.family === 'hmac') {
    const secret = globalThis.crypto.getRandomValues(new Uint8Array(p.secretBytes));
    const key = await subtle.importKey('raw', secret, p.importParams, true, ['sign', 'verify']);
    return { secret, signKey: key, verifyKey: key };
  }
  const pair = await subtle.generateKey(p.generateParams, true, ['sign', 'verify']);
  return { signKey: pair.privateKey, verifyKey: pair.publicKey };
}

async function nodeKeys(nodeCrypto, alg, material) {
  if (ALG_PARAMS[alg].family === 'hmac') {
    const key = nodeCrypto.createSecretKey(material.secret);
    return { sign: key, verify: key };
  }
  const der = async (format, key) => new Uint8Array(await subtle.exportKey(format, key));
  return {
    sign: nodeCrypto.createPrivateKey({ key: await der('pkcs8', material.signKey), format: 'der', type: 'pkcs8' }),
    verify: nodeCrypto.createPublicKey({ key: await der('spki', material.verifyKey), format: 'der', type: 'spki' }),
  };
}

async function oracleToken(alg, material, claims) {
  const input = signingInput(alg, claims);
  const signature = new Uint8Array(await subtle.sign(ALG_PARAMS[alg].signParams, material.signKey, input.bytes));
  return { token: `${input.text}.${b64url(signature)}`, input: input.bytes, signature };
}

async function assertTypicalToken(alg, material, token) {
  const { header, payload, input, signature } = splitToken(token);
  if (header.alg !== alg) throw new Error(`header alg is ${header.alg}, expected ${alg}`);
  if (!(await subtle.verify(ALG_PARAMS[alg].signParams, material.verifyKey, signature, input))) throw new Error('signature does not verify');
  assertTypicalPayload(payload);
}

/**
 * The contender factory of the Web Crypto suite.
 *
 * @param libs.webjwt - The browser bundle's exports, or undefined when it is not built.
 * @param libs.jose - jose's Web API build.
 * @param libs.nodeCrypto - `node:crypto` when the runtime has it, else undefined.
 * @param libs.peers - `loadPeers()` of lib/peers.mjs: the other peer libraries that load here, and why the rest did not.
 * @returns `(alg, op) => Promise<Contender[]>`
 */
export function webCryptoContenders({ webjwt, jose, nodeCrypto, peers }) {
  const prepared = new Map();
  const prepare = async (alg) => {
    const material = await keyMaterial(alg);
    const now = Math.floor(Date.now() / 1000);
    const good = await oracleToken(alg, material, typicalClaims(now));
    const bad = [];
    for (const [label, claims] of Object.entries(rejectedClaimSets(now))) bad.push({ label, token: (await oracleToken(alg, material, claims)).token });
    const tampered = good.signature.slice();
    tampered[0] ^= 1;
    bad.push({ label: 'a tampered signature', token: `${good.token.slice(0, good.token.lastIndexOf('.'))}.${b64url(tampered)}` });
    const isHmac = ALG_PARAMS[alg].family === 'hmac';
    const jwtKeys = webjwt && {
      sign: await webjwt.importKey(isHmac ? material.secret : material.signKey, alg),
      verify: await webjwt.importKey(isHmac ? material.secret : material.verifyKey, alg),
    };
    const native = nodeCrypto && (await nodeKeys(nodeCrypto, alg, material));
    // The keys in the forms the peer rows take (lib/peers.mjs): PEM, KeyObject, CryptoKey, bytes.
    const keys = {
      secret: material.secret,
      secretBuffer: nodeCrypto && material.secret && Buffer.from(material.secret),
      privatePem: native && !isHmac ? native.sign.export({ type: 'pkcs8', format: 'pem' }) : undefined,
      publicPem: native && !isHmac ? native.verify.export({ type: 'spki', format: 'pem' }) : undefined,
      signKeyObject: native?.sign,
      verifyKeyObject: native?.verify,
      signCryptoKey: material.signKey,
      verifyCryptoKey: material.verifyKey,
    };
    return { alg, material, good, bad, tampered, jwtKeys, native, keys };
  };
  return async (alg, op) => {
    if (!prepared.has(alg)) prepared.set(alg, await prepare(alg));
    const s = prepared.get(alg);
    const libs = { ...peers.libs, jose };
    return op === 'sign' ? signers(s, webjwt, libs, peers.errors, nodeCrypto) : verifiers(s, webjwt, libs, peers.errors, nodeCrypto);
  };
}

// webjwt rows: as shipped (backend 'auto') and with Web Crypto forced, when the bundle can switch.
function webjwtRows(webjwt, primaryName, make) {
  if (webjwt === undefined) return [{ name: primaryName, library: 'webjwt', kind: 'webjwt', unsupported: 'dist/webjwt.browser.min.js not built' }];
  const rows = [{ name: primaryName, library: 'webjwt', kind: 'webjwt', note: `backend: ${webjwt.activeCryptoBackend?.() ?? 'webcrypto'}`, ...make() }];
  if (typeof webjwt.setCryptoBackend === 'function' && webjwt.activeCryptoBackend() !== 'webcrypto') {
    rows.push({
      name: `${primaryName} [webcrypto]`,
      library: 'webjwt',
      kind: 'webjwt-variant',
      note: 'setCryptoBackend("webcrypto")',
      enter: () => webjwt.setCryptoBackend('webcrypto'),
      exit: () => webjwt.setCryptoBackend('auto'),
      ...make(),
    });
  }
  return rows;
}

function signers(s, webjwt, libs, errors, nodeCrypto) {
  const { alg, material, good, native } = s;
  const p = ALG_PARAMS[alg];
  const check = (token) => assertTypicalToken(alg, material, token);
  const list = webjwtRows(webjwt, 'webjwt createSigner', () => {
    const signer = webjwt.createSigner(s.jwtKeys.sign, { expiresIn: '15m', issuer: ISSUER, audience: AUDIENCE, jwtId: JWT_ID });
    return { run: () => signer(APP_CLAIMS), check };
  });
  list.push(...peerRows(s, libs, errors, 'sign', check));
  list.push(...minimalRows(s, p, { nodeCrypto, subtle }, 'sign', check));
  const checkSignature = async (signature) => {
    if (!(await subtle.verify(p.signParams, material.verifyKey, signature, good.input))) throw new Error('raw signature does not verify');
  };
  list.push({ name: 'limit: crypto.subtle', library: 'crypto.subtle', kind: 'limit', run: () => subtle.sign(p.signParams, material.signKey, good.input), check: checkSignature });
  if (native !== undefined) {
    const keySpec = { key: native.sign, ...p.nodeOptions };
    const run = p.family === 'hmac' ? async () => nodeCrypto.createHmac(p.nodeHash, native.sign).update(good.input).digest() : async () => nodeCrypto.sign(p.nodeHash, good.input, keySpec);
    list.push({ name: 'limit: node:crypto', library: 'node:crypto', kind: 'limit', sequentialOnly: true, note: 'synchronous: runs one at a time in both modes', run, check: checkSignature });
  }
  return list;
}

function verifiers(s, webjwt, libs, errors, nodeCrypto) {
  const { alg, good, bad, tampered, native, material } = s;
  const p = ALG_PARAMS[alg];
  const claimOptions = { issuer: ISSUER, audience: AUDIENCE };
  const row = (verifyToken) => ({
    run: () => verifyToken(good.token),
    check: (result) => assertTypicalPayload(result.payload, { fresh: false }),
    rejects: bad.map(({ label, token }) => ({ label, attempt: () => verifyToken(token) })),
  });
  const list = webjwtRows(webjwt, 'webjwt createVerifier', () => row(webjwt.createVerifier(s.jwtKeys.verify, claimOptions)));
  list.push(...peerRows(s, libs, errors, 'verify'));
  list.push(...minimalRows(s, p, { nodeCrypto, subtle }, 'verify'));
  const limit = (name, library, verifyBytes, extra = {}) => ({
    name,
    library,
    kind: 'limit',
    run: () => verifyBytes(good.signature),
    check: (ok) => {
      if (ok !== true) throw new Error('the raw limit did not verify the signature');
    },
    rejects: [{ label: 'a tampered signature', attempt: () => verifyBytes(tampered) }],
    ...extra,
  });
  list.push(limit('limit: crypto.subtle', 'crypto.subtle', (sig) => subtle.verify(p.signParams, material.verifyKey, sig, good.input)));
  if (native !== undefined) {
    const keySpec = { key: native.verify, ...p.nodeOptions };
    const verifyBytes = p.family === 'hmac'
      ? async (sig) => {
          const mac = nodeCrypto.createHmac(p.nodeHash, native.verify).update(good.input).digest();
          return mac.length === sig.length && nodeCrypto.timingSafeEqual(mac, sig);
        }
      : async (sig) => nodeCrypto.verify(p.nodeHash, good.input, keySpec, sig);
    list.push(limit('limit: node:crypto', 'node:crypto', verifyBytes, { sequentialOnly: true, note: 'synchronous: runs one at a time in both modes' }));
  }
  return list;
}
