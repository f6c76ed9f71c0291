/** Password hashing: format, verification, rehash on parameter change (unit and over HTTP). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OWASP_SCRYPT } from '../src/config.js';
import { createPasswords } from '../src/auth/passwords.js';
import { findUserByUsername } from '../src/users.js';
import { startServer, testConfig, type TestServer } from './helpers/env.js';
import { login, register, withoutRequestId } from './helpers/client.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const FAST = { logN: 10, r: 8, p: 1 };

describe('createPasswords', () => {
  const passwords = createPasswords(FAST);

  it('produces a self-describing hash with fresh salt', async () => {
    const a = await passwords.hash('password123');
    const b = await passwords.hash('password123');
    expect(a).toMatch(/^\$scrypt\$ln=10,r=8,p=1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
  });

  it('uses OWASP parameters by default', async () => {
    const stored = await createPasswords(OWASP_SCRYPT).hash('password123');
    expect(stored).toMatch(/^\$scrypt\$ln=17,r=8,p=1\$/);
    expect(await createPasswords(OWASP_SCRYPT).verify('password123', stored)).toBe(true);
  });

  it('verifies the right password only', async () => {
    const stored = await passwords.hash('password123');
    expect(await passwords.verify('password123', stored)).toBe(true);
    expect(await passwords.verify('password124', stored)).toBe(false);
    expect(await passwords.verify('', stored)).toBe(false);
  });

  it('normalizes Unicode, so the same password typed differently matches', async () => {
    const stored = await passwords.hash('caf\u00e9-password');
    expect(await passwords.verify('cafe\u0301-password', stored)).toBe(true);
  });

  it('verifies hashes made with other parameters, and flags them for rehash', async () => {
    const old = await createPasswords({ logN: 11, r: 8, p: 1 }).hash('password123');
    expect(await passwords.verify('password123', old)).toBe(true);
    expect(passwords.needsRehash(old)).toBe(true);
    expect(passwords.needsRehash(await passwords.hash('password123'))).toBe(false);
  });

  it('refuses unreadable or tampered hashes instead of throwing', async () => {
    const stored = await passwords.hash('password123');
    for (const bad of ['', 'plaintext', stored.replace('ln=10', 'ln=30'), stored.replace('$scrypt$', '$bcrypt$'), stored.slice(0, -10)]) {
      expect(await passwords.verify('password123', bad)).toBe(false);
      expect(passwords.needsRehash(bad)).toBe(true);
    }
  });

  it('has a dummy verification that always fails', async () => {
    expect(await passwords.verifyDummy('password123')).toBe(false);
  });
});

describe('rehash on login', () => {
  let first: TestServer;
  let second: TestServer;
  const file = join(mkdtempSync(join(tmpdir(), 'webjwt-rehash-')), 'app.db');

  beforeAll(async () => {
    first = await startServer(testConfig({ DATABASE_URL: `sqlite:${file}`, SCRYPT_LOG_N: '10' }));
  });

  afterAll(async () => {
    await first?.close();
    await second?.close();
  });

  it('upgrades the stored hash when the parameters were raised', async () => {
    const { username } = await register(first.url);
    expect((await findUserByUsername(first.deps.db, username))!.hashed_password).toMatch(/^\$scrypt\$ln=10,/);
    await first.close();

    second = await startServer(testConfig({ DATABASE_URL: `sqlite:${file}`, SCRYPT_LOG_N: '11' }));
    await login(second.url, username);
    const upgraded = (await findUserByUsername(second.deps.db, username))!.hashed_password;
    expect(upgraded).toMatch(/^\$scrypt\$ln=11,/);
    await login(second.url, username); // the new hash verifies
    expect((await findUserByUsername(second.deps.db, username))!.hashed_password).toBe(upgraded);
  });
});

describe('the hashing queue (issue 11, point 1)', () => {
  it('runs at most `concurrency` hashes at once and refuses work beyond the queue with 503', async () => {
    const passwords = createPasswords({ logN: 14, r: 8, p: 1 }, { concurrency: 1, maxQueue: 2 });
    expect(passwords.load()).toEqual({ running: 0, queued: 0 });
    const stored = await passwords.hash('password123');
    const attempts = Array.from({ length: 5 }, () => passwords.verify('password123', stored));
    expect(passwords.load()).toEqual({ running: 1, queued: 2 });
    const results = await Promise.allSettled(attempts);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'rejected']);
    for (const r of results.slice(3)) {
      expect((r as PromiseRejectedResult).reason).toMatchObject({ statusCode: 503, headers: { 'Retry-After': expect.stringMatching(/^\d+$/) } });
    }
    expect(passwords.load()).toEqual({ running: 0, queued: 0 });
    // The dummy verification of unknown users waits in the same queue.
    const dummies = Array.from({ length: 4 }, () => passwords.verifyDummy('x'));
    expect((await Promise.allSettled(dummies)).filter((r) => r.status === 'rejected')).toHaveLength(1);
  });

  it('answers /login with 503 and Retry-After when the queue is full, never a 500', async () => {
    const server = await startServer(
      testConfig({ SCRYPT_LOG_N: '14', PASSWORD_HASH_CONCURRENCY: '1', PASSWORD_HASH_QUEUE: '1' }),
    );
    try {
      const { username } = await register(server.url);
      const responses = await Promise.all(
        Array.from({ length: 8 }, () => fetch(`${server.url}/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username, password: 'password123' }),
        })),
      );
      const statuses = responses.map((r) => r.status);
      expect(statuses.every((s) => s === 200 || s === 503)).toBe(true);
      const busy = responses.filter((r) => r.status === 503);
      expect(busy.length).toBeGreaterThan(0);
      for (const r of busy) {
        expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(withoutRequestId(r, await r.json())).toEqual({ detail: 'Too many sign-ins at once, try again shortly' });
      }
    } finally {
      await server.close();
    }
  });
});
