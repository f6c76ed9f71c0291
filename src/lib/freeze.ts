/**
 * Deep freezing, for results that several callers share.
 *
 * @module
 */

/** Freezes `value` and everything reachable from it; returns it. Iterative, so depth cannot overflow the stack. */
export function deepFreeze<T>(value: T): T {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (typeof next === 'object' && next !== null && !Object.isFrozen(next)) {
      Object.freeze(next);
      for (const child of Object.values(next)) pending.push(child);
    }
  }
  return value;
}
