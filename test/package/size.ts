/**
 * Bundle size, as a user's bundler sees it: esbuild bundles an entry that imports a set of names,
 * minifies it for browsers, and gzip (level 9) measures what goes over the wire. Server bundles
 * (`platform: 'node'`, as esbuild or tsup make for a server or a serverless function) resolve the
 * package's `import` export, dist/index.js, which holds the native backend: {@link NODE_SCENARIOS}. The same imports are
 * measured for webjwt and for jose (installed in the bench workspace). jose's whole library has
 * encryption (JWE) as webjwt's has; the JWE scenarios compare the encryption jobs alone.
 *
 * @module
 */
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { build, type Plugin } from 'esbuild';

/** Sizes in bytes. */
export interface BundleSize {
  minified: number;
  gzipped: number;
}

/**
 * What is compared: the same job done with each library's own names (hono's JWT helpers where they
 * do the job: they take no PEM).
 */
export const SCENARIOS = [
  {
    // webjwt's HMAC-only import; importKey + sign + verify is the next row (the same bundle for any algorithm).
    name: 'HS256 only: import the secret + sign + verify',
    webjwt: "export { importSecret, sign, verify } from 'webjwt';",
    jose: "export { SignJWT, jwtVerify } from 'jose';",
    hono: "export { sign, verify } from 'hono/utils/jwt/jwt';",
  },
  {
    name: 'all algorithms: importKey (secret, PEM, JWK) + sign + verify',
    webjwt: "export { importKey, sign, verify } from 'webjwt';",
    jose: "export { SignJWT, jwtVerify, importJWK, importSPKI, importPKCS8 } from 'jose';",
    hono: "export { sign, verify } from 'hono/utils/jwt/jwt';",
  },
  {
    name: 'sign + verify (HMAC secret, PEM, JWK, remote JWKS), decode',
    webjwt: "export { sign, verify, importKey, createRemoteJwks, decodeUnverified } from 'webjwt';",
    jose: "export { SignJWT, jwtVerify, importJWK, importSPKI, importPKCS8, createRemoteJWKSet, decodeJwt } from 'jose';",
  },
  {
    name: 'verify only (remote JWKS)',
    webjwt: "export { verify, createRemoteJwks } from 'webjwt';",
    jose: "export { jwtVerify, createRemoteJWKSet } from 'jose';",
  },
  {
    name: 'the whole library',
    webjwt: "export * from 'webjwt';",
    jose: "export * from 'jose';",
    hono: "export * from 'hono/utils/jwt/jwt';",
  },
  {
    name: 'JWE dir + A256GCM: importEncryptionKey + encrypt + decrypt',
    webjwt: "export { importEncryptionKey, encrypt, decrypt } from 'webjwt';",
    jose: "export { importJWK, EncryptJWT, jwtDecrypt } from 'jose';",
  },
  {
    name: 'JWE all algorithms: importEncryptionKey + encryptCompact + decryptCompact',
    webjwt: "export { importEncryptionKey, encryptCompact, decryptCompact } from 'webjwt';",
    jose: "export { importJWK, importSPKI, importPKCS8, CompactEncrypt, compactDecrypt } from 'jose';",
  },
] as const satisfies readonly { name: string; webjwt: string; jose: string; hono?: string }[];

/**
 * Server bundles of webjwt (esbuild `platform: 'node'`, the `import` export condition): the jobs of
 * {@link SCENARIOS} a server does, measured like them. `webjwt: undefined` is the whole library
 * without its JWE exports ({@link wholeWithoutEncryption}).
 */
export const NODE_SCENARIOS = [
  { name: 'server (platform node): HS256 only: import the secret + sign + verify', use: 'node-hs256', webjwt: "export { importSecret, sign, verify } from 'webjwt';" },
  { name: 'server (platform node): all algorithms: importKey + sign + verify', use: 'node-all', webjwt: "export { importKey, sign, verify } from 'webjwt';" },
  { name: 'server (platform node): the whole library', use: 'node-whole', webjwt: "export * from 'webjwt';" },
  { name: 'server (platform node): the whole library without encryption (JWE)', use: 'node-whole-without-jwe', webjwt: undefined },
] as const satisfies readonly { name: string; use: string; webjwt: string | undefined }[];

/** Where a bundle runs: `browser` resolves the package's `browser` export, `node` its `import` export. */
export type Platform = 'browser' | 'node';

/**
 * Strings only the encryption (JWE) code contains (algorithm names, Web Crypto names, the DEFLATE
 * format): a bundle holding none of them holds no JWE code.
 */
export const JWE_MARKERS = ['A256CBC-HS512', 'ECDH-ES', 'PBES2-HS512+A256KW', 'AES-KW', 'AES-CBC', 'AES-GCM', 'X25519', 'deflate-raw'] as const;

/** An entry exporting every runtime export of webjwt but the encryption (JWE) ones. Reads src/ (tsx or vitest). */
export async function wholeWithoutEncryption(): Promise<string> {
  const encryption = new Set(Object.keys(await import('../../src/jwe/index.js')));
  const names = Object.keys(await import('../../src/index.js')).filter((name) => !encryption.has(name));
  return `export { ${names.join(', ')} } from 'webjwt';`;
}

/**
 * Not a target but what target 5's 5 kB leaves room for: the modules every HS256 `sign` and `verify`
 * runs (strict compact parsing with its duplicate-member check, `crit`, the claim checks and their
 * messages, the claims template, HMAC on Web Crypto, `importSecret`, base64url), bundled from src/
 * without the API around them (option checking, key sets, revocation, raw CryptoKeys). Bundle it for
 * `browser` with `fromSrc`, as the package's browser build is made.
 */
export const HS256_CHECKS_ALONE = [
  "export { parseCompact, decodeClaims, checkCritical } from './src/jws/parse.ts';",
  "export { prepareClaimChecks, checkClaims, checkClaimTimes } from './src/jwt/claims.ts';",
  "export { prepareClaimTemplate, claimsJson } from './src/jwt/claims-template.ts';",
  "export { webSign, webVerify } from './src/lib/webcrypto.ts';",
  "export { importSecret } from './src/keys/import-secret.ts';",
  "export { encodeBase64url } from './src/lib/base64url.ts';",
].join('\n');

/** As tsup.config.ts builds the browser export: src/'s native backend replaced by its stand-ins. */
const webOnly: Plugin = {
  name: 'web-only',
  setup(build) {
    build.onResolve({ filter: /^\.\/native-(crypto|buffer)\.js$/ }, (args) => ({
      path: join(args.resolveDir, args.path.replace('./native-', 'no-native-').replace(/\.js$/, '.ts')),
    }));
  },
};

/** Bundles `source` (an ES module importing packages resolvable from `resolveDir`) and measures it. */
export async function bundleSize(source: string, resolveDir: string, platform: Platform = 'browser', { fromSrc = false } = {}): Promise<BundleSize> {
  const code = (await bundle(source, resolveDir, platform, { fromSrc })).code;
  return { minified: code.length, gzipped: gzipSync(code, { level: 9 }).length };
}

/** The minified bundle of `source` for `platform`, as {@link bundleSize} measures it. */
export async function bundleCode(source: string, resolveDir: string, platform: Platform = 'browser'): Promise<Uint8Array> {
  return (await bundle(source, resolveDir, platform)).code;
}

/** A bundle, the files it was made of and the modules it still imports at run time (esbuild's metafile). */
export interface Bundle {
  code: Uint8Array;
  inputs: string[];
  imports: { path: string; kind: string; external?: boolean }[];
}

/** Bundles `source` for `platform` as {@link bundleSize} does, with what went in and what stays outside. */
export async function bundle(source: string, resolveDir: string, platform: Platform = 'browser', { fromSrc = false } = {}): Promise<Bundle> {
  const result = await build({
    stdin: { contents: source, resolveDir, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform,
    // A server bundle targets the oldest Node webjwt supports; built-ins stay imports there anyway.
    target: platform === 'node' ? 'node20' : 'es2022',
    write: false,
    legalComments: 'none',
    // Node built-ins a library may load lazily on Node are not part of a browser bundle.
    external: platform === 'browser' ? ['node:*'] : [],
    metafile: true,
    logLevel: 'silent',
    // src/ modules (`fromSrc`) in a browser bundle: the native backend's stand-ins, as in the browser build.
    plugins: fromSrc && platform === 'browser' ? [webOnly] : [],
  });
  const [output] = Object.values(result.metafile.outputs);
  return { code: result.outputFiles[0]!.contents, inputs: Object.keys(result.metafile.inputs), imports: output?.imports ?? [] };
}

/** "12.3 kB" */
export const kB = (bytes: number): string => `${(bytes / 1000).toFixed(1)} kB`;
