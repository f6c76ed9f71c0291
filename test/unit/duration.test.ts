import { describe, expect, it } from 'vitest';
import { toSeconds } from '../../src/lib/duration.js';

describe('toSeconds', () => {
  it.each([
    [0, 0], [90, 90], [1.9, 1], ['90s', 90], ['15m', 900], ['2h', 7200], ['7d', 604800], ['1w', 604800],
    ['1 hour', 3600], ['2 days', 172800], ['1y', 31557600], ['1.5h', 5400], ['10 MINUTES', 600],
  ])('%j is %d seconds', (input, expected) => {
    expect(toSeconds(input, 'expiresIn')).toBe(expected);
  });

  it.each([[-1], [Number.NaN], [Infinity], ['-5m'], ['5 fortnights'], [''], ['m'], ['1e400s'], [null], [{}]])(
    'refuses %j with ERR_INVALID_ARGUMENT naming the option',
    (input) => {
      expect(() => toSeconds(input as never, 'maxAge')).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT', message: expect.stringContaining('maxAge') }));
    },
  );
});
