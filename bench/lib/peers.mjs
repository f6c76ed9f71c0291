/**
 * The peer libraries' rows, shared by the Node suite and the Web Crypto suite (Deno, Bun): each
 * library is loaded where it loads, given its key in the form it takes natively, and configured to do
 * the work every contender does (signers: iat, exp of 15 minutes, iss, aud, jti; verifiers: the
 * signature, exp, iss and aud). Runtime-neutral.
 *
 * @module
 */
import { ALG_PARAMS } from './algs.mjs';
import { APP_CLAIMS, AUDIENCE, ISSUER, JWT_ID, LIFETIME, assertTypicalPayload } from './token.mjs';

const SYNC_NOTE = 'synchronous: runs one at a time in both modes';
/** The name suffix and note of a cached row that verifies a fresh copy of the token string per call. */
export const FRESH_SUFFIX = ', fresh string';
export const FRESH_NOTE = 'a new string object with the same token per call';

/** Module specifiers of the peers, by the key `peerRows` expects in `libs`. */
export const PEER_MODULES = {
  fastJwt: 'fast-jwt',
  jsonwebtoken: 'jsonwebtoken',
  hono: 'hono/utils/jwt/jwt',
  nodeRs: '@node-rs/jsonwebtoken',
  cfw: '@tsndr/cloudflare-worker-jwt',
};

/** Imports every peer that loads on this runtime: `{ libs, errors }` (errors by key, for the notes). */
export async function loadPeers() {
  const libs = {};
  const errors = {};
  for (const [key, specifier] of Object.entries(PEER_MODULES)) {
    try {
      const m = await import(specifier);
      libs[key] = key === 'jsonwebtoken' ? (m.default ?? m) : m;
    } catch (error) {
      errors[key] = String(error?.message ?? error).split('\n')[0];
    }
  }
  return { libs, errors };
}

const CFW_ALGS = new Set(['HS256', 'HS384', 'HS512', 'RS256', 'ES256']);
const nowSeconds = () => Math.floor(Date.now() / 1000);
const typicalPayload = (now) => ({ ...APP_CLAIMS, iat: now, exp: now + LIFETIME, iss: ISSUER, aud: AUDIENCE, jti: JWT_ID });

// iss and aud for libraries that check neither (cloudflare-worker-jwt): the caller's code.
function checkIssuerAndAudience(payload) {
  if (payload.iss !== ISSUER) throw new Error('wrong issuer');
  const aud = payload.aud;
  if (aud !== AUDIENCE && !(Array.isArray(aud) && aud.includes(AUDIENCE))) throw new Error('wrong audience');
  return payload;
}

/**
 * Rows of every peer in `libs` for one algorithm and operation.
 *
 * @param s - `{ alg, keys: { secret, privatePem, publicPem, signKeyObject, verifyKeyObject, signCryptoKey, verifyCryptoKey }, good, bad }`
 * @param libs - loaded peers (`jose`, `fastJwt`, `jsonwebtoken`, `hono`, `nodeRs`, `cfw`); missing ones are skipped
 * @param errors - why a peer did not load, shown as its row's note
 * @param op - 'sign' or 'verify'
 * @param checkToken - `(token) => void | Promise<void>`, throws unless a signed token is right
 * @param options.freshToken - `() => string`, a new string object holding the verify token; when given,
 *   the cached verifiers get a row that verifies such a fresh copy per call, as a server gets one per request
 */
export function peerRows(s, libs, errors, op, checkToken, { freshToken } = {}) {
  const { alg, keys } = s;
  const isHmac = ALG_PARAMS[alg].family === 'hmac';
  const rows = [];
  const missing = (name, key) => rows.push({ name, library: name, kind: 'peer', unsupported: `does not load here: ${errors[key] ?? 'not installed'}` });

  if (op === 'sign') {
    const row = (name, library, run, extra = {}) => rows.push({ name, library, kind: 'peer', run, check: checkToken, ...extra });
    if (libs.jose) {
      // SignJWT keeps the object it is given, so each token gets its own copy.
      row('jose', 'jose', () =>
        new libs.jose.SignJWT({ ...APP_CLAIMS }).setProtectedHeader({ alg, typ: 'JWT' }).setIssuedAt().setExpirationTime('15m')
          .setIssuer(ISSUER).setAudience(AUDIENCE).setJti(JWT_ID).sign(keys.signCryptoKey));
    }
    if (libs.fastJwt) {
      const fast = libs.fastJwt.createSigner({ key: isHmac ? keys.secretBuffer : keys.privatePem, algorithm: alg, expiresIn: LIFETIME * 1000, iss: ISSUER, aud: AUDIENCE, jti: JWT_ID });
      row('fast-jwt', 'fast-jwt', async () => fast(APP_CLAIMS), { sequentialOnly: true, note: SYNC_NOTE });
    } else missing('fast-jwt', 'fastJwt');
    if (alg === 'EdDSA') rows.push({ name: 'jsonwebtoken', library: 'jsonwebtoken', kind: 'peer', unsupported: 'jsonwebtoken has no EdDSA' });
    else if (libs.jsonwebtoken) {
      const options = { algorithm: alg, expiresIn: '15m', issuer: ISSUER, audience: AUDIENCE, jwtid: JWT_ID };
      row('jsonwebtoken', 'jsonwebtoken', async () => libs.jsonwebtoken.sign(APP_CLAIMS, keys.signKeyObject, options), { sequentialOnly: true, note: SYNC_NOTE });
    } else missing('jsonwebtoken', 'jsonwebtoken');
    // hono and node-rs have no claim options: the caller writes iat/exp/iss/aud/jti into the payload.
    if (libs.hono) row('hono/jwt', 'hono', () => libs.hono.sign(typicalPayload(nowSeconds()), keys.signCryptoKey, alg));
    else missing('hono/jwt', 'hono');
    if (libs.nodeRs) {
      const key = isHmac ? keys.secret : keys.privatePem;
      const header = { algorithm: alg };
      row('node-rs sync', '@node-rs/jsonwebtoken', async () => libs.nodeRs.signSync(typicalPayload(nowSeconds()), key, header), { sequentialOnly: true, note: 'signSync; Rust, synchronous' });
      row('node-rs async', '@node-rs/jsonwebtoken', () => libs.nodeRs.sign(typicalPayload(nowSeconds()), key, header), { note: 'sign; Rust on the libuv thread pool' });
    } else {
      missing('node-rs sync', 'nodeRs');
      missing('node-rs async', 'nodeRs');
    }
    if (!CFW_ALGS.has(alg)) rows.push({ name: 'cloudflare-worker-jwt', library: 'cloudflare-worker-jwt', kind: 'peer', unsupported: `no ${alg}` });
    else if (libs.cfw) row('cloudflare-worker-jwt', 'cloudflare-worker-jwt', () => libs.cfw.sign(typicalPayload(nowSeconds()), keys.signCryptoKey, { algorithm: alg }));
    else missing('cloudflare-worker-jwt', 'cfw');
    return rows;
  }

  // A verifier row: `verifyToken(token)` resolves to what the library returns; `payloadOf` digs out the claims.
  const row = (name, library, verifyToken, payloadOf, extra = {}) =>
    rows.push({
      name,
      library,
      kind: 'peer',
      run: () => verifyToken(s.good.token),
      check: (result) => assertTypicalPayload(payloadOf(result), { fresh: false }),
      rejects: s.bad.map(({ label, token }) => ({ label, attempt: () => verifyToken(token) })),
      ...extra,
    });
  const itself = (r) => r;
  const viaPayload = (r) => r.payload;
  const claimOptions = { issuer: ISSUER, audience: AUDIENCE };
  if (libs.jose) {
    const options = { ...claimOptions, algorithms: [alg] };
    row('jose', 'jose', (t) => libs.jose.jwtVerify(t, keys.verifyCryptoKey, options), viaPayload);
  }
  if (libs.fastJwt) {
    const fastOptions = { key: isHmac ? keys.secretBuffer : keys.publicPem, algorithms: [alg], allowedIss: ISSUER, allowedAud: AUDIENCE };
    const fast = libs.fastJwt.createVerifier({ ...fastOptions, cache: false });
    const fastCached = libs.fastJwt.createVerifier({ ...fastOptions, cache: true });
    row('fast-jwt', 'fast-jwt', async (t) => fast(t), itself, { sequentialOnly: true, note: SYNC_NOTE });
    row('fast-jwt +cache', 'fast-jwt', async (t) => fastCached(t), itself, { sequentialOnly: true, note: SYNC_NOTE, cached: true });
    if (freshToken !== undefined) {
      // Its own verifier and cache, so the two cached rows never share entries.
      const fastFresh = libs.fastJwt.createVerifier({ ...fastOptions, cache: true });
      row(`fast-jwt +cache${FRESH_SUFFIX}`, 'fast-jwt', async (t) => fastFresh(t), itself, {
        sequentialOnly: true, note: `${SYNC_NOTE}; ${FRESH_NOTE}`, cached: true, freshToken: true, run: async () => fastFresh(freshToken()),
      });
    }
  } else missing('fast-jwt', 'fastJwt');
  if (alg === 'EdDSA') rows.push({ name: 'jsonwebtoken', library: 'jsonwebtoken', kind: 'peer', unsupported: 'jsonwebtoken has no EdDSA' });
  else if (libs.jsonwebtoken) {
    const options = { algorithms: [alg], ...claimOptions };
    row('jsonwebtoken', 'jsonwebtoken', async (t) => libs.jsonwebtoken.verify(t, keys.verifyKeyObject, options), itself, { sequentialOnly: true, note: SYNC_NOTE });
  } else missing('jsonwebtoken', 'jsonwebtoken');
  // hono checks exp by default; iss and aud only when asked.
  if (libs.hono) {
    const options = { alg, iss: ISSUER, aud: AUDIENCE };
    row('hono/jwt', 'hono', (t) => libs.hono.verify(t, keys.verifyCryptoKey, options), itself);
  } else missing('hono/jwt', 'hono');
  if (libs.nodeRs) {
    const key = isHmac ? keys.secret : keys.publicPem;
    // exp is validated by default (leeway 60 s); iss and aud when given.
    const validation = { algorithms: [alg], iss: [ISSUER], aud: [AUDIENCE] };
    row('node-rs sync', '@node-rs/jsonwebtoken', async (t) => libs.nodeRs.verifySync(t, key, validation), itself, { sequentialOnly: true, note: 'verifySync; Rust, synchronous' });
    row('node-rs async', '@node-rs/jsonwebtoken', (t) => libs.nodeRs.verify(t, key, validation), itself, { note: 'verify; Rust on the libuv thread pool' });
  } else {
    missing('node-rs sync', 'nodeRs');
    missing('node-rs async', 'nodeRs');
  }
  if (!CFW_ALGS.has(alg)) rows.push({ name: 'cloudflare-worker-jwt', library: 'cloudflare-worker-jwt', kind: 'peer', unsupported: `no ${alg}` });
  else if (libs.cfw) {
    // It checks the signature, exp and nbf; iss and aud are the caller's code.
    const options = { algorithm: alg, throwError: true };
    row('cloudflare-worker-jwt', 'cloudflare-worker-jwt', async (t) => checkIssuerAndAudience((await libs.cfw.verify(t, keys.verifyCryptoKey, options)).payload), itself);
  } else missing('cloudflare-worker-jwt', 'cfw');
  return rows;
}
