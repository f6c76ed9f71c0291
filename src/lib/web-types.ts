/**
 * The Web platform objects the public API takes or returns (a `CryptoKey`, a JSON Web Key, `fetch`),
 * described by the members webjwt uses. The declarations then name no DOM global, so a project
 * whose `lib` lacks `"dom"` (Node with `types: ["node"]`, a worker, a plain ES2022 project)
 * type-checks them; the DOM's, Node's, Deno's and Bun's own types fit these shapes.
 *
 * @module
 */

/**
 * A Web Crypto key's algorithm: its name and the parameters that go with it.
 *
 * @category Keys
 */
export interface KeyAlgorithmLike {
  /** The Web Crypto algorithm name, e.g. `HMAC`, `RSASSA-PKCS1-v1_5`, `ECDSA`. */
  readonly name: string;
}

/**
 * A Web Crypto key as webjwt reads it: every runtime's `CryptoKey` (browsers, Node's `webcrypto`,
 * Deno, Bun) has these members. Accepted wherever a `CryptoKey` is; the object must still be a real
 * `CryptoKey` at run time (checked with `instanceof`).
 *
 * @category Keys
 */
export interface CryptoKeyLike {
  /** The key's algorithm, e.g. `{ name: 'HMAC', hash: { name: 'SHA-256' } }`. */
  readonly algorithm: KeyAlgorithmLike;
  /** Whether the key material can be exported. */
  readonly extractable: boolean;
  /** `'secret'`, `'public'` or `'private'`. */
  readonly type: string;
  /** What the key may do, e.g. `['sign', 'verify']`. */
  readonly usages: readonly string[];
}

/**
 * The key usages every runtime's Web Crypto types know.
 *
 * @category Keys
 */
export type KeyUsageName = 'encrypt' | 'decrypt' | 'sign' | 'verify' | 'deriveKey' | 'deriveBits' | 'wrapKey' | 'unwrapKey';

/**
 * A `CryptoKey` as the DOM lib and `node:crypto`'s `webcrypto` declare it, for environments whose
 * types declare no global `CryptoKey` (such as `@types/node` 20 and 22): it can be passed to their
 * `subtle` methods as it is.
 *
 * @category Keys
 */
export interface CryptoKeyShape {
  /** The key's algorithm and its parameters. */
  readonly algorithm: {
    /** The Web Crypto algorithm name. */
    name: string;
  };
  /** Whether the key material can be exported. */
  readonly extractable: boolean;
  /** `'secret'`, `'public'` or `'private'`. */
  readonly type: 'private' | 'public' | 'secret';
  /** What the key may do. */
  readonly usages: KeyUsageName[];
}

/**
 * The `CryptoKey` type of the consumer's environment where its types declare one as a global (the
 * DOM lib, Deno, `@types/node` 24 and later), {@link CryptoKeyShape} elsewhere. Either way
 * `key.cryptoKey` can go straight to `crypto.subtle`, and no `"dom"` lib is needed.
 *
 * @category Keys
 */
export type RuntimeCryptoKey = typeof globalThis extends {
  /** The global `CryptoKey` class. */
  CryptoKey: {
    /** Its instances' type. */
    prototype: infer Key;
  };
}
  ? Key
  : CryptoKeyShape;

/**
 * The "other primes" member of a multi-prime RSA JWK (RFC 7518 section 6.3.2.7).
 *
 * @category Keys
 */
export interface JwkOtherPrime {
  /** Prime factor, base64url. */
  r?: string;
  /** Factor CRT exponent, base64url. */
  d?: string;
  /** Factor CRT coefficient, base64url. */
  t?: string;
}

/**
 * A JSON Web Key (RFC 7517, with the members of RFC 7518 and Web Crypto's `ext`). The same members
 * as the DOM's `JsonWebKey` plus `kid`, `use` and the X.509 members; all optional, values as in the
 * JSON document.
 *
 * @category Keys
 */
export interface Jwk {
  /** Key type: `oct`, `RSA`, `EC` or `OKP`. */
  kty?: string;
  /** Key ID. */
  kid?: string;
  /** Intended use: `sig` or `enc`. */
  use?: string;
  /** Permitted operations, e.g. `["verify"]`. */
  key_ops?: string[];
  /** The algorithm the key is meant for, e.g. `RS256`. */
  alg?: string;
  /** Web Crypto's "extractable" flag. */
  ext?: boolean;
  /** Curve of an `EC` or `OKP` key. */
  crv?: string;
  /** Public coordinate or public key (`EC`, `OKP`), base64url. */
  x?: string;
  /** Public coordinate (`EC`), base64url. */
  y?: string;
  /** Private exponent or private key, base64url. */
  d?: string;
  /** RSA modulus, base64url. */
  n?: string;
  /** RSA public exponent, base64url. */
  e?: string;
  /** RSA first prime factor. */
  p?: string;
  /** RSA second prime factor. */
  q?: string;
  /** RSA first factor CRT exponent. */
  dp?: string;
  /** RSA second factor CRT exponent. */
  dq?: string;
  /** RSA first CRT coefficient. */
  qi?: string;
  /** RSA other primes. */
  oth?: JwkOtherPrime[];
  /** Symmetric key value (`oct`), base64url. */
  k?: string;
  /** X.509 URL. */
  x5u?: string;
  /** X.509 certificate chain (base64 DER). */
  x5c?: string[];
  /** X.509 SHA-1 thumbprint. */
  x5t?: string;
  /** X.509 SHA-256 thumbprint. */
  'x5t#S256'?: string;
}

/**
 * The global `AbortSignal` type where the consumer's types declare one; `unknown` elsewhere.
 *
 * @category Key sets (JWKS)
 */
export type RuntimeAbortSignal = typeof globalThis extends {
  /** The global `AbortSignal` class. */
  AbortSignal: {
    /** Its instances' type. */
    prototype: infer Signal;
  };
}
  ? Signal
  : unknown;

/**
 * The request options {@link FetchLike} gets.
 *
 * @category Key sets (JWKS)
 */
export interface FetchInit {
  /** Request headers: `accept: application/json` and the caller's. */
  headers: Record<string, string>;
  /** Aborted when the fetch times out. */
  signal: RuntimeAbortSignal;
}

/**
 * What a body reader's `read()` gives: a chunk of bytes in `value`, or `done`.
 *
 * @category Key sets (JWKS)
 */
export interface BodyChunkLike {
  /** True once the body has ended. */
  done: boolean;
  /** The chunk (webjwt refuses anything but bytes). */
  value?: unknown;
}

/**
 * A chunk reader of a response body (the members of `ReadableStreamDefaultReader` webjwt uses).
 *
 * @category Key sets (JWKS)
 */
export interface BodyReaderLike {
  /** The next chunk: bytes, or `done`. */
  read(): Promise<BodyChunkLike>;
  /** Stops reading. */
  cancel(reason?: unknown): Promise<void>;
}

/**
 * The members of a fetch `Response` webjwt reads.
 *
 * @category Key sets (JWKS)
 */
export interface FetchResponseLike {
  /** True for a 2xx status. */
  readonly ok: boolean;
  /** The HTTP status. */
  readonly status: number;
  /** The response headers (only `content-length` is read). */
  readonly headers: HeadersLike;
  /** The body as a byte stream, or `null`. */
  readonly body: BodyLike | null;
}

/**
 * Response headers (the member of `Headers` webjwt uses).
 *
 * @category Key sets (JWKS)
 */
export interface HeadersLike {
  /** A header's value, or `null` when absent. */
  get(name: string): string | null;
}

/**
 * A response body stream (the members of `ReadableStream` webjwt uses).
 *
 * @category Key sets (JWKS)
 */
export interface BodyLike {
  /** A reader for the chunks. */
  getReader(): BodyReaderLike;
  /** Discards the body. */
  cancel(reason?: unknown): Promise<void>;
}

/**
 * A `fetch` function: the global `fetch` of any runtime, undici's, or a test double.
 *
 * @category Key sets (JWKS)
 */
export type FetchLike = (url: string, init: FetchInit) => Promise<FetchResponseLike>;

/**
 * A URL object (`URL`, or anything with an absolute `href`).
 *
 * @category Key sets (JWKS)
 */
export interface UrlLike {
  /** The absolute URL. */
  readonly href: string;
}
