/**
 * Is a configured secret random enough for production? A secret anyone could guess (the
 * `.env.example` placeholder, a phrase, `xxxx...`) lets anyone mint tokens, and a length check alone
 * lets such text through. The rule we chose is the one `openssl rand` satisfies by construction:
 *
 * 1. the text is base64, base64url or hex and decodes to at least `minBytes` bytes;
 * 2. it looks random: enough distinct characters for its length and alphabet, and no repeated run
 *    (a run of 32 bits or more appearing twice: 8 hex or 6 base64 characters); and
 * 3. it is not a known placeholder.
 *
 * A random key fails step 2 with a probability below one in a million; a patterned one, or words in
 * one case, fail it. Statistics cannot prove randomness (a CamelCase sentence in base64 letters can
 * pass), so the message always says how to generate a key. Outside production any text of the right length is accepted.
 *
 * @module
 */

/** Placeholders from our own examples and common tutorials, compared without case and punctuation. */
const PLACEHOLDERS = ['changeme', 'change-me', 'replace-me', 'your-secret', 'yoursecret', 'placeholder', 'example', 'secret-key', 'secretkey'];

/** What `openssl rand` prints, for the error message. */
export const GENERATE_HINT = 'generate one with: openssl rand -base64 48';

function decodedBytes(text: string): { bytes: Buffer; alphabet: 'hex' | 'base64' } | undefined {
  if (/^[0-9a-fA-F]+$/.test(text) && text.length % 2 === 0) return { bytes: Buffer.from(text, 'hex'), alphabet: 'hex' };
  if (/^[A-Za-z0-9+/]+={0,2}$/.test(text) || /^[A-Za-z0-9_-]+={0,2}$/.test(text)) {
    return { bytes: Buffer.from(text.replace(/=+$/, ''), /[-_]/.test(text) ? 'base64url' : 'base64'), alphabet: 'base64' };
  }
  return undefined;
}

/** Expected number of distinct symbols in `n` uniform draws from an alphabet of `size`. */
function expectedDistinct(n: number, size: number): number {
  return size * (1 - ((size - 1) / size) ** n);
}

function hasRepeatedRun(text: string, runLength: number): boolean {
  const seen = new Set<string>();
  for (let i = 0; i + runLength <= text.length; i++) {
    const run = text.slice(i, i + runLength);
    if (seen.has(run)) return true;
    seen.add(run);
  }
  return false;
}

/**
 * Why a secret is not acceptable in production, or `undefined` when it is.
 *
 * @param value - The secret as configured.
 * @param minBytes - How many random bytes it must encode (32 for HS256).
 * @returns A short reason ("is a placeholder", ...), to follow the variable's name in a message.
 * @example
 * ```ts
 * weakSecretReason('change-me-to-the-output-of-openssl-rand-base64-48', 32); // 'is a placeholder ...'
 * weakSecretReason(randomBytes(48).toString('base64'), 32); // undefined
 * ```
 */
export function weakSecretReason(value: string, minBytes: number): string | undefined {
  const folded = value.toLowerCase();
  if (PLACEHOLDERS.some((word) => folded.includes(word))) return 'is a placeholder from an example';
  const text = value.trim();
  const decoded = decodedBytes(text);
  if (decoded === undefined) return `is not base64 or hex text of at least ${minBytes} random bytes`;
  if (decoded.bytes.length < minBytes) return `encodes ${decoded.bytes.length} bytes; at least ${minBytes} random bytes are needed`;
  const hex = decoded.alphabet === 'hex';
  const symbols = hex ? text.toLowerCase() : text.replace(/=+$/, '');
  const distinct = new Set(symbols).size;
  // A random text has about expectedDistinct symbols; two thirds of it leaves a margin of many
  // standard deviations, while "aaaa...", "abab..." and most words fall far below.
  if (distinct < (2 / 3) * expectedDistinct(symbols.length, hex ? 16 : 64)) return 'does not look random (too few distinct characters)';
  if (hasRepeatedRun(symbols, hex ? 8 : 6)) return 'does not look random (a sequence repeats)';
  return undefined;
}

/** Passwords of our examples and of database images' quick starts. */
const PLACEHOLDER_PASSWORDS = ['app', 'password', 'postgres', 'redis', 'root', 'admin', 'secret', 'pass', 'test'];

/**
 * Why the password inside a `postgres://` or `redis://` URL is a placeholder, or `undefined`. These
 * passwords are chosen by whoever set up the database, so only the obvious ones are refused: an
 * example's (`app:app`), a password equal to the user name, or a placeholder word.
 *
 * @param url - The connection URL.
 * @example
 * ```ts
 * placeholderUrlPasswordReason('postgres://app:app@db/app'); // 'has a placeholder password'
 * ```
 */
export function placeholderUrlPasswordReason(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined; // the URL's own check reports it
  }
  const password = decodeURIComponent(parsed.password).toLowerCase();
  if (password === '') return undefined; // trust, peer or certificate authentication
  const user = decodeURIComponent(parsed.username).toLowerCase();
  if (password === user || PLACEHOLDER_PASSWORDS.includes(password) || PLACEHOLDERS.some((word) => password.includes(word))) {
    return 'has a placeholder password';
  }
  return undefined;
}
