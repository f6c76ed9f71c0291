/**
 * One cold-start sample, run in a fresh process by cold/measure.mjs on Node, Deno or Bun:
 * imports one library, imports the key and signs or verifies one token, and prints
 * `{ bootMs, workMs, result }` as JSON. `bootMs` is the runtime's own start (its clock's origin to
 * this module's first line), `workMs` import + key import + the first operation.
 *
 *   node bench/cold/probe.mjs LIBRARY ALG OP [PRIMITIVE]   (keys and token in the env var WEBJWT_COLD)
 *
 * LIBRARY `minimal` is the floor (cold/minimal-node.mjs or cold/minimal-subtle.mjs, PRIMITIVE
 * `node:crypto` or `subtle`): hand-written code doing the same work with no library.
 *
 * @module
 */
const bootMs = performance.now();
const [library, alg, op, primitive] = globalThis.Deno?.args ?? globalThis.process.argv.slice(2);
const input = JSON.parse(globalThis.Deno?.env.get('WEBJWT_COLD') ?? globalThis.process.env.WEBJWT_COLD);
const { issuer, audience, jwtId, claims, token } = input;
const isHmac = alg.startsWith('HS');
const secret = isHmac ? Uint8Array.from(atob(input.secret), (c) => c.charCodeAt(0)) : undefined;
const keyText = op === 'sign' ? input.privatePem : input.publicPem;
const now = () => Math.floor(Date.now() / 1000);

// Each library the way its documentation imports a key and signs or verifies once.
const PROBES = {
  async webjwt() {
    const { importKey, sign, verify } = await import('webjwt');
    const key = await importKey(isHmac ? secret : keyText, alg);
    if (op === 'sign') return sign(claims, key, { expiresIn: '15m', issuer, audience, jwtId });
    return (await verify(token, key, { issuer, audience })).payload;
  },
  async jose() {
    const jose = await import('jose');
    const key = isHmac ? secret : op === 'sign' ? await jose.importPKCS8(keyText, alg) : await jose.importSPKI(keyText, alg);
    if (op === 'sign') {
      return new jose.SignJWT({ ...claims }).setProtectedHeader({ alg, typ: 'JWT' }).setIssuedAt().setExpirationTime('15m')
        .setIssuer(issuer).setAudience(audience).setJti(jwtId).sign(key);
    }
    return (await jose.jwtVerify(token, key, { issuer, audience, algorithms: [alg] })).payload;
  },
  async 'fast-jwt'() {
    const { createSigner, createVerifier } = await import('fast-jwt');
    const key = isHmac ? (await import('node:buffer')).Buffer.from(secret) : keyText;
    if (op === 'sign') return createSigner({ key, algorithm: alg, expiresIn: 900_000, iss: issuer, aud: audience, jti: jwtId })(claims);
    return createVerifier({ key, algorithms: [alg], allowedIss: issuer, allowedAud: audience, cache: false })(token);
  },
  async jsonwebtoken() {
    const jwt = (await import('jsonwebtoken')).default;
    const key = isHmac ? (await import('node:buffer')).Buffer.from(secret) : keyText;
    if (op === 'sign') return jwt.sign(claims, key, { algorithm: alg, expiresIn: '15m', issuer, audience, jwtid: jwtId });
    return jwt.verify(token, key, { algorithms: [alg], issuer, audience });
  },
  async minimal() {
    const m = await import(primitive === 'subtle' ? './minimal-subtle.mjs' : './minimal-node.mjs');
    const key = await m.importKey(alg, isHmac ? secret : keyText, op);
    if (op === 'sign') return m.sign(alg, key, { ...claims, iat: now(), exp: now() + 900, iss: issuer, aud: audience, jti: jwtId });
    return m.verify(alg, key, token, { issuer, audience });
  },
  async 'node-rs'() {
    const { signSync, verifySync } = await import('@node-rs/jsonwebtoken');
    const key = isHmac ? secret : keyText;
    if (op === 'sign') return signSync({ ...claims, iat: now(), exp: now() + 900, iss: issuer, aud: audience, jti: jwtId }, key, { algorithm: alg });
    return verifySync(token, key, { algorithms: [alg], iss: [issuer], aud: [audience] });
  },
};

const started = performance.now();
const result = await PROBES[library]();
const workMs = performance.now() - started;
console.log(JSON.stringify({ bootMs, workMs, result }));
