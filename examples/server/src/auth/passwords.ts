/**
 * Password hashing with scrypt from `node:crypto`, in a self-describing PHC-style string:
 * `$scrypt$ln=17,r=8,p=1$<salt>$<hash>` (base64url). The parameters travel with each hash, so
 * raising them later only needs a rehash at the user's next login ({@link Passwords.needsRehash}).
 *
 * Each hash holds 128 MiB and a libuv thread for ~0.4 s, so a few run at once (p-limit) and a
 * bounded number wait for a turn; past that the caller gets a 503 at once instead of a queue that
 * grows with the attack.
 *
 * @module
 */
import { randomBytes, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';
import pLimit from 'p-limit';
import type { ScryptParams } from '../config.js';
import { HttpError } from '../http-errors.js';

const SALT_BYTES = 16;
const HASH_BYTES = 32;
const FORMAT = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9_-]{16,})\$([A-Za-z0-9_-]{16,})$/;

/** Password hashing bound to the current parameters. */
export interface Passwords {
  /** Hashes a password with fresh salt and the current parameters. */
  hash(password: string): Promise<string>;
  /** True when `password` matches `stored`; false for a wrong password or an unreadable hash. */
  verify(password: string, stored: string): Promise<boolean>;
  /** True when `stored` was made with other parameters than the current ones. */
  needsRehash(stored: string): boolean;
  /** Spends the same time as {@link Passwords.verify} for a user who does not exist; always false. */
  verifyDummy(password: string): Promise<false>;
  /** Hashes running and waiting now. */
  load(): { running: number; queued: number };
}

/** How many hashes run at once and how many may wait; defaults: 4 and 64. */
export interface HashingBounds {
  concurrency: number;
  maxQueue: number;
}

/**
 * The error for a full queue: 503 with `Retry-After`.
 *
 * @example
 * ```ts
 * throw hashingBusy();
 * ```
 */
export function hashingBusy(): HttpError {
  return new HttpError(503, 'Too many sign-ins at once, try again shortly', { 'Retry-After': '1' });
}

interface ParsedHash {
  params: ScryptParams;
  salt: Buffer;
  hash: Buffer;
}

function derive(password: string, salt: Buffer, params: ScryptParams, length: number): Promise<Buffer> {
  const N = 2 ** params.logN;
  return new Promise((resolve, reject) => {
    // Node's default maxmem (32 MiB) is below OWASP's 128 MiB: allow twice what N and r need.
    scryptCallback(password.normalize('NFKC'), salt, length, { N, r: params.r, p: params.p, maxmem: 256 * N * params.r }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

function parse(stored: string): ParsedHash | undefined {
  const m = FORMAT.exec(stored);
  if (m === null) return undefined;
  const params = { logN: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  // A tampered row must not make us allocate gigabytes.
  if (params.logN < 10 || params.logN > 20 || params.r < 1 || params.r > 32 || params.p < 1 || params.p > 16) return undefined;
  const salt = Buffer.from(m[4]!, 'base64url');
  const hash = Buffer.from(m[5]!, 'base64url');
  // A truncated hash would verify against a prefix of the real one: only full-length hashes count.
  if (salt.length < SALT_BYTES || hash.length !== HASH_BYTES) return undefined;
  return { params, salt, hash };
}

function format(params: ScryptParams, salt: Buffer, hash: Buffer): string {
  return `$scrypt$ln=${params.logN},r=${params.r},p=${params.p}$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

/**
 * Creates the password helper for the configured scrypt parameters.
 *
 * @param params - scrypt cost; OWASP recommends `{ logN: 17, r: 8, p: 1 }`.
 * @param bounds - Hashes at once and the queue length beyond which calls fail with 503.
 * @returns {@link Passwords}.
 * @example
 * ```ts
 * const passwords = createPasswords(OWASP_SCRYPT);
 * const stored = await passwords.hash('correct horse battery staple');
 * await passwords.verify('correct horse battery staple', stored); // true
 * ```
 */
export function createPasswords(params: ScryptParams, bounds: HashingBounds = { concurrency: 4, maxQueue: 64 }): Passwords {
  const limit = pLimit(bounds.concurrency);
  // Counted here, not read from p-limit, which starts queued work a microtask later.
  let admitted = 0;
  const bounded = async <T>(work: () => Promise<T>): Promise<T> => {
    if (admitted >= bounds.concurrency + bounds.maxQueue) throw hashingBusy();
    admitted += 1;
    try {
      return await limit(work);
    } finally {
      admitted -= 1;
    }
  };
  let dummy: Promise<string> | undefined;
  const passwords: Passwords = {
    async hash(password) {
      const salt = randomBytes(SALT_BYTES);
      return format(params, salt, await bounded(() => derive(password, salt, params, HASH_BYTES)));
    },
    async verify(password, stored) {
      const parsed = parse(stored);
      if (parsed === undefined) return false;
      const candidate = await bounded(() => derive(password, parsed.salt, parsed.params, parsed.hash.length));
      return timingSafeEqual(candidate, parsed.hash);
    },
    needsRehash(stored) {
      const parsed = parse(stored);
      return (
        parsed === undefined ||
        parsed.params.logN !== params.logN ||
        parsed.params.r !== params.r ||
        parsed.params.p !== params.p
      );
    },
    async verifyDummy(password) {
      dummy ??= passwords.hash(randomBytes(18).toString('base64url'));
      const stored = await dummy.catch((err: unknown) => {
        dummy = undefined; // a full queue must not poison every later call
        throw err;
      });
      await passwords.verify(password, stored);
      return false;
    },
    load() {
      return { running: Math.min(admitted, bounds.concurrency), queued: Math.max(0, admitted - bounds.concurrency) };
    },
  };
  return passwords;
}
