import { describe, expect, test } from 'vitest';
import { closestName } from '../../src/lib/closest-name.js';

const OPTIONS = ['issuer', 'audience', 'subject', 'algorithms', 'clockTolerance', 'maxAge', 'typ'];

describe('closestName', () => {
  test('suggests the nearest name for common typos', () => {
    expect(closestName('isuer', OPTIONS)).toBe('issuer');
    expect(closestName('audiance', OPTIONS)).toBe('audience');
    expect(closestName('algorithm', OPTIONS)).toBe('algorithms');
    expect(closestName('clocktolerance', OPTIONS)).toBe('clockTolerance');
    expect(closestName('maxage', OPTIONS)).toBe('maxAge');
  });

  test('counts a swap of adjacent letters as one edit', () => {
    expect(closestName('isseur', OPTIONS)).toBe('issuer');
    expect(closestName('ytp', ['typ'])).toBe('typ');
  });

  test('is case-insensitive and keeps the candidate spelling', () => {
    expect(closestName('ISSUER', OPTIONS)).toBe('issuer');
    expect(closestName('MAX-AGE', ['maxAge', 'max'])).toBe('maxAge');
  });

  test('returns undefined when nothing is a plausible typo', () => {
    expect(closestName('foo', OPTIONS)).toBeUndefined();
    expect(closestName('expiresIn', OPTIONS)).toBeUndefined();
    expect(closestName('anything', [])).toBeUndefined();
    expect(closestName('', OPTIONS)).toBeUndefined();
  });

  test('scales the allowed distance with the length', () => {
    // 2 edits are always allowed, even for short names
    expect(closestName('ab', ['abcd'])).toBe('abcd');
    expect(closestName('a', ['abcd'])).toBeUndefined();
    // long names tolerate len/3 edits: 4 edits on a 14-letter name
    expect(closestName('clockTolxxxxce', ['clockTolerance'])).toBe('clockTolerance');
    expect(closestName('cxxxxTolxxxxce', ['clockTolerance'])).toBeUndefined();
  });

  test('prefers the closest candidate and the earlier one on ties', () => {
    expect(closestName('out', ['outs', 'out-file', 'put'])).toBe('outs');
    expect(closestName('ab', ['ac', 'ad'])).toBe('ac');
    expect(closestName('issuer', ['issuers', 'issuer'])).toBe('issuer');
  });
});
