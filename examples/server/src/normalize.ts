/**
 * One spelling per identity. Unicode lets one name or password be typed several ways (`é` as one
 * code point or as `e` plus an accent, the Kelvin sign `K` for `K`, full-width `ａ`), and
 * `toLowerCase` folds some of them but not others. So every username, email and password is put in
 * NFKC once, as the request arrives and before any schema check (lengths count normalized
 * characters); usernames are then compared by {@link usernameKey}: NFKC, lower case, NFKC again.
 *
 * Registration only accepts usernames that are ASCII after NFKC, so every stored name is its own
 * NFKC form and SQL `lower()` on it agrees with {@link usernameKey}: no migration is needed.
 *
 * @module
 */
import type { FastifyInstance } from 'fastify';

/** The fields normalized wherever they arrive: JSON bodies, forms and query strings. */
const FIELDS = ['username', 'email', 'password', 'current_password', 'new_password'] as const;

/**
 * The comparison key of a username: equal keys are the same account.
 *
 * @param username - The name as typed.
 * @example
 * ```ts
 * usernameKey('\u212Aate'); // 'kate' (the Kelvin sign is a K)
 * ```
 */
export function usernameKey(username: string): string {
  return username.normalize('NFKC').toLowerCase().normalize('NFKC');
}

/** Registered usernames after NFKC: the shape `RegisterBody` accepts, lower-cased. */
const STORED_KEY = /^[a-z0-9_.-]{1,254}$/;

/**
 * True when `key` (from {@link usernameKey}) can belong to a registered account; anything else
 * (control characters, NUL, other scripts) is answered "no such user" without a query.
 *
 * @param key - A username key.
 * @example
 * ```ts
 * if (!couldBeUsername(usernameKey(input))) return undefined;
 * ```
 */
export function couldBeUsername(key: string): boolean {
  return STORED_KEY.test(key);
}

/**
 * Replaces `username`, `email` and `password` in every JSON or form body and query string with their
 * NFKC form, before validation (Fastify's `preValidation`), so schemas count normalized characters.
 *
 * @param app - The root instance (the hook then covers every route, the OAuth forms included).
 * @example
 * ```ts
 * installInputNormalization(app);
 * ```
 */
export function installInputNormalization(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    for (const input of [request.body, request.query]) {
      if (input === null || typeof input !== 'object' || Array.isArray(input)) continue;
      const record = input as Record<string, unknown>;
      for (const field of FIELDS) {
        const value = record[field];
        if (typeof value === 'string') record[field] = value.normalize('NFKC');
      }
    }
  });
}
