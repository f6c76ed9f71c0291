import { describe, expect, it } from 'vitest';
import { MemoryRevocationStore } from '../../src/revocation/memory-store.js';

function clockAt(seconds: number) {
  const clock = { now: seconds * 1000, fn: () => clock.now };
  return clock;
}

describe('MemoryRevocationStore', () => {
  it('revokes a jti until its expiry, then forgets it', () => {
    const clock = clockAt(1000);
    const store = new MemoryRevocationStore({ clock: clock.fn });
    store.revoke('a', 1010);
    expect(store.isRevoked({ jti: 'a' })).toBe(true);
    expect(store.isRevoked({ jti: 'b' })).toBe(false);
    clock.now = 1010 * 1000;
    expect(store.isRevoked({ jti: 'a' })).toBe(false);
    expect(store.size).toBe(0);
  });

  it('ignores a revocation that has already expired', () => {
    const store = new MemoryRevocationStore({ clock: () => 5000_000 });
    store.revoke('old', 4999);
    expect(store.size).toBe(0);
  });

  it('keeps the later expiry when a jti is revoked twice', () => {
    const clock = clockAt(0);
    const store = new MemoryRevocationStore({ clock: clock.fn });
    store.revoke('a', 100);
    store.revoke('a', 50);
    clock.now = 75_000;
    expect(store.isRevoked({ jti: 'a' })).toBe(true);
  });

  it('revokes every token of a subject issued before the cutoff', () => {
    const clock = clockAt(1000);
    const store = new MemoryRevocationStore({ clock: clock.fn });
    store.revokeSubject('user-1', 1000, 5000);
    expect(store.isRevoked({ sub: 'user-1', iat: 999 })).toBe(true);
    expect(store.isRevoked({ sub: 'user-1', iat: 1000 })).toBe(false);
    expect(store.isRevoked({ sub: 'user-2', iat: 1 })).toBe(false);
    // Without iat a token cannot prove it is newer: fail closed.
    expect(store.isRevoked({ sub: 'user-1' })).toBe(true);
    clock.now = 5000_000;
    expect(store.isRevoked({ sub: 'user-1', iat: 1 })).toBe(false);
    expect(store.size).toBe(0);
  });

  it('moves a subject cutoff only forward', () => {
    const store = new MemoryRevocationStore({ clock: () => 0 });
    store.revokeSubject('u', 500, 1000);
    store.revokeSubject('u', 100, 900);
    expect(store.isRevoked({ sub: 'u', iat: 400 })).toBe(true);
  });

  it('is bounded: drops expired entries to make room, and refuses to forget live ones', () => {
    const clock = clockAt(0);
    const store = new MemoryRevocationStore({ maxEntries: 2, clock: clock.fn });
    store.revoke('a', 10);
    store.revoke('b', 100);
    expect(() => store.revoke('c', 100)).toThrow(expect.objectContaining({ code: 'ERR_REVOCATION_UNAVAILABLE' }));
    expect(() => store.revokeSubject('s', 1, 100)).toThrow(expect.objectContaining({ code: 'ERR_REVOCATION_UNAVAILABLE' }));
    clock.now = 20_000; // 'a' has expired
    store.revoke('c', 100);
    expect(store.isRevoked({ jti: 'b' })).toBe(true);
    expect(store.isRevoked({ jti: 'c' })).toBe(true);
    expect(store.size).toBe(2);
    // Re-revoking a held jti needs no room.
    store.revoke('c', 200);
    clock.now = 150_000;
    expect(store.isRevoked({ jti: 'c' })).toBe(true);
  });

  it('clears', () => {
    const store = new MemoryRevocationStore();
    store.revoke('a', Date.now() / 1000 + 60);
    store.clear();
    expect(store.isRevoked({ jti: 'a' })).toBe(false);
  });

  it.each([
    [() => new MemoryRevocationStore({ maxEntries: 0 })],
    [() => new MemoryRevocationStore({ maxEntries: 1.5 })],
    [() => new MemoryRevocationStore().revoke('', 10)],
    [() => new MemoryRevocationStore().revoke('a', Number.NaN)],
    [() => new MemoryRevocationStore().revoke('a', '10' as never)],
    [() => new MemoryRevocationStore().revokeSubject('', 1, 10)],
    [() => new MemoryRevocationStore().revokeSubject('s', Infinity, 10)],
  ])('refuses bad arguments (%#)', (call) => {
    expect(call).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }));
  });
});
