/**
 * The encryption (JWE) exports as Bun's build has them (tsup.config.ts, the package's `bun` export
 * condition): the functions load their implementation, one file (`jwe.bun.js`), on their first call,
 * so importing webjwt to sign and verify does not parse it (Bun's cold start, bench/README.md). The
 * load is Bun's synchronous `import.meta.require` of that ES module, with no await: the first call
 * runs the implementation at once and it reads and checks every argument when called, as in every
 * other build. The constants and `isJweKey` are small and load with the rest.
 *
 * Never imported by the other builds or by the tests from source: `import.meta.require` is Bun's.
 * The declarations and their documentation are the implementation's (src/jwe/index.ts).
 *
 * @module
 */
import type * as Implementation from './index.js';

export { KEY_MANAGEMENT_ALGORITHMS, CONTENT_ENCRYPTION_ALGORITHMS } from './algorithms.js';
export { isJweKey } from './key.js';

type Jwe = typeof Implementation;
type Args<Name extends keyof Jwe> = Jwe[Name] extends (...args: infer A) => unknown ? A : never;

let jwe: Jwe | undefined;

// Calls `run` on the implementation; a failed load rejects, as the async function it stands for would.
function call<Result>(run: (implementation: Jwe) => Promise<Result>): Promise<Result> {
  try {
    jwe ??= (import.meta as ImportMeta & { require(id: string): Jwe }).require('./jwe.bun.js');
  } catch (error) {
    return Promise.reject(error);
  }
  return run(jwe);
}

// Each stands for the implementation's function of the same name, with its parameters (and length).
export function importEncryptionKey(material: Args<'importEncryptionKey'>[0], alg: Args<'importEncryptionKey'>[1], enc: Args<'importEncryptionKey'>[2], options?: Args<'importEncryptionKey'>[3]) {
  return call((x) => x.importEncryptionKey(material, alg, enc, options));
}
export function generateEncryptionKey(alg: Args<'generateEncryptionKey'>[0], enc: Args<'generateEncryptionKey'>[1], options?: Args<'generateEncryptionKey'>[2]) {
  return call((x) => x.generateEncryptionKey(alg, enc, options));
}
export function generateEncryptionKeyPair(alg: Args<'generateEncryptionKeyPair'>[0], enc: Args<'generateEncryptionKeyPair'>[1], options?: Args<'generateEncryptionKeyPair'>[2]) {
  return call((x) => x.generateEncryptionKeyPair(alg, enc, options));
}
export function exportEncryptionJwk(key: Args<'exportEncryptionJwk'>[0]) {
  return call((x) => x.exportEncryptionJwk(key));
}
export function encryptCompact(plaintext: Args<'encryptCompact'>[0], key: Args<'encryptCompact'>[1], options?: Args<'encryptCompact'>[2]) {
  return call((x) => x.encryptCompact(plaintext, key, options));
}
export function decryptCompact(token: Args<'decryptCompact'>[0], key: Args<'decryptCompact'>[1], options?: Args<'decryptCompact'>[2]) {
  return call((x) => x.decryptCompact(token, key, options));
}
export function encrypt(payload: Args<'encrypt'>[0], key: Args<'encrypt'>[1], options?: Args<'encrypt'>[2]) {
  return call((x) => x.encrypt(payload, key, options));
}
export function decrypt<Claims = Parameters<Jwe['encrypt']>[0]>(token: Args<'decrypt'>[0], key: Args<'decrypt'>[1], options?: Args<'decrypt'>[2]) {
  return call((x) => x.decrypt<Claims>(token, key, options));
}
export function signThenEncrypt(payload: Args<'signThenEncrypt'>[0], signingKey: Args<'signThenEncrypt'>[1], encryptionKey: Args<'signThenEncrypt'>[2], options?: Args<'signThenEncrypt'>[3]) {
  return call((x) => x.signThenEncrypt(payload, signingKey, encryptionKey, options));
}
export function decryptThenVerify<Claims = Parameters<Jwe['encrypt']>[0]>(
  token: Args<'decryptThenVerify'>[0],
  decryptionKey: Args<'decryptThenVerify'>[1],
  verifyKey: Args<'decryptThenVerify'>[2],
  options?: Args<'decryptThenVerify'>[3],
) {
  return call((x) => x.decryptThenVerify<Claims>(token, decryptionKey, verifyKey, options));
}
