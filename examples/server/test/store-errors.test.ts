/**
 * Telling store failures from bugs (issue 11, points 8, 9, 12): which PostgreSQL, SQLite and Redis
 * errors become a 503, the deadline wrapper of the Redis client, and the cause chain webjwt builds.
 */
import { describe, expect, it } from 'vitest';
import { ErrorReply } from 'redis';
import { JwtError } from 'webjwt';
import { storeFailure } from '../src/http-errors.js';
import { RedisTimeoutError, withDeadline } from '../src/redis.js';
import { isBrokenConnection, isPostgresUnavailable, isSqliteBusy, StoreUnavailableError } from '../src/store-errors.js';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isPostgresUnavailable', () => {
  it.each([
    ['connection refused', withCode('ECONNREFUSED')],
    ['connection reset', withCode('ECONNRESET')],
    ['statement_timeout', withCode('57014', 'canceling statement due to statement timeout')],
    ['server shutting down', withCode('57P01')],
    ['too many connections', withCode('53300')],
    ['connection failure', withCode('08006')],
    ['deadlock', withCode('40P01')],
    ['pool wait timed out', new Error('timeout exceeded when trying to connect')],
    ['query_timeout', new Error('Query read timeout')],
    ['connection lost', new Error('Connection terminated unexpectedly')],
  ])('is true for %s', (_, err) => {
    expect(isPostgresUnavailable(err)).toBe(true);
  });

  it.each([
    ['a unique violation', withCode('23505')],
    ['a NUL byte in text', withCode('22021')],
    ['a syntax error', withCode('42601')],
    ['a plain bug', new TypeError('undefined is not a function')],
  ])('is false for %s (a bug stays a 500)', (_, err) => {
    expect(isPostgresUnavailable(err)).toBe(false);
  });

  it('closes connections that may still get a reply, keeps those the server cancelled cleanly', () => {
    expect(isBrokenConnection(new Error('Query read timeout'))).toBe(true);
    expect(isBrokenConnection(withCode('ECONNRESET'))).toBe(true);
    expect(isBrokenConnection(withCode('57P01'))).toBe(true);
    expect(isBrokenConnection(withCode('57014'))).toBe(false);
  });
});

describe('isSqliteBusy', () => {
  it('recognises the lock errors only', () => {
    expect(isSqliteBusy(withCode('SQLITE_BUSY'))).toBe(true);
    expect(isSqliteBusy(withCode('SQLITE_BUSY_SNAPSHOT'))).toBe(true);
    expect(isSqliteBusy(withCode('SQLITE_LOCKED'))).toBe(true);
    expect(isSqliteBusy(withCode('SQLITE_CONSTRAINT_UNIQUE'))).toBe(false);
  });
});

describe('withDeadline (the Redis client wrapper)', () => {
  const fake = {
    hang: () => new Promise<never>(() => undefined),
    reply: async (value: string) => value,
    refuse: async () => {
      throw new ErrorReply('WRONGTYPE Operation against a key holding the wrong kind of value');
    },
    loading: async () => {
      throw new ErrorReply('LOADING Redis is loading the dataset in memory');
    },
    offline: async () => {
      throw new Error('The client is offline');
    },
    multi() {
      return { exec: () => new Promise<never>(() => undefined) };
    },
    plain: () => 42,
  };
  const bounded = withDeadline(fake, 50);

  it('rejects a call that never settles with StoreUnavailableError (a RedisTimeoutError inside)', async () => {
    const err = await bounded.hang().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreUnavailableError);
    expect((err as StoreUnavailableError).store).toBe('redis');
    expect((err as Error).cause).toBeInstanceOf(RedisTimeoutError);
  });

  it('bounds the calls of returned objects too (multi().exec())', async () => {
    await expect(bounded.multi().exec()).rejects.toBeInstanceOf(StoreUnavailableError);
  });

  it('passes replies and plain values through', async () => {
    await expect(bounded.reply('PONG')).resolves.toBe('PONG');
    expect(bounded.plain()).toBe(42);
  });

  it('tags client failures and transient replies, leaves other error replies (bugs) alone', async () => {
    await expect(bounded.offline()).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(bounded.loading()).rejects.toBeInstanceOf(StoreUnavailableError);
    const wrong = await bounded.refuse().catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(ErrorReply);
    expect(wrong).not.toBeInstanceOf(StoreUnavailableError);
  });
});

describe('storeFailure', () => {
  it('maps every store failure to 503 with Retry-After, following the cause chain', () => {
    const database = storeFailure(new StoreUnavailableError('database', new Error('down')));
    expect(database).toMatchObject({ statusCode: 503, detail: 'Database unavailable, try again later', headers: { 'Retry-After': '5' } });
    expect(storeFailure(withCode('SQLITE_BUSY'))).toMatchObject({ statusCode: 503 });
    expect(storeFailure(new JwtError('ERR_REVOCATION_UNAVAILABLE', 'x'))).toMatchObject({ statusCode: 503, detail: 'Token revocation service unavailable' });
    // webjwt wraps a failing key resolver (the OAuth signing keys are in the database) as ERR_KEY_NOT_FOUND.
    const keys = new JwtError('ERR_KEY_NOT_FOUND', 'The key resolver failed', { cause: new StoreUnavailableError('database', new Error('down')) });
    expect(storeFailure(keys)).toMatchObject({ statusCode: 503 });
  });

  it('leaves everything else alone', () => {
    expect(storeFailure(new Error('bug'))).toBeUndefined();
    expect(storeFailure(new JwtError('ERR_KEY_NOT_FOUND', 'No published key matches the token'))).toBeUndefined();
    expect(storeFailure(withCode('23505'))).toBeUndefined();
  });
});
