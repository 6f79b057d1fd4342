import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileWildcard, compileRangeWildcard, hasWildcard, wildcardMatch } from '../../../src/engine/match/wildcard.js';

/** Reference glob: memoized recursion over code units, obviously correct and slow. */
function reference(pattern: string, text: string): boolean {
  const memo = new Map<number, boolean>();
  const go = (p: number, t: number): boolean => {
    const k = p * (text.length + 1) + t;
    const hit = memo.get(k);
    if (hit !== undefined) return hit;
    let r: boolean;
    if (p === pattern.length) r = t === text.length;
    else if (pattern[p] === '*') r = go(p + 1, t) || (t < text.length && go(p, t + 1));
    else r = t < text.length && (pattern[p] === '?' || pattern[p] === text[t]) && go(p + 1, t + 1);
    memo.set(k, r);
    return r;
  };
  return go(0, 0);
}

const patternArb = fc.string({ unit: fc.constantFrom('a', 'b', '*', '?', ':', '/'), maxLength: 10 });
const textArb = fc.string({ unit: fc.constantFrom('a', 'b', ':', '/'), maxLength: 12 });

describe('compileWildcard', () => {
  it('matches a pattern without wildcards only by equality', () => {
    const m = compileWildcard('arn:aws:s3:::bucket');
    expect(m('arn:aws:s3:::bucket')).toBe(true);
    expect(m('arn:aws:s3:::bucket2')).toBe(false);
    expect(m('arn:aws:s3:::Bucket')).toBe(false);
  });

  it('matches everything with a lone star, including the empty string', () => {
    expect(compileWildcard('*')('')).toBe(true);
    expect(compileWildcard('*')('anything:at/all')).toBe(true);
  });

  it('lets a star match the empty run', () => {
    expect(wildcardMatch('ab*', 'ab')).toBe(true);
    expect(wildcardMatch('*ab', 'ab')).toBe(true);
    expect(wildcardMatch('a*b', 'ab')).toBe(true);
  });

  it('lets a star cross slashes and colons', () => {
    expect(wildcardMatch('s3:*', 's3:Get/Object:x')).toBe(true);
  });

  it('matches exactly one character with a question mark', () => {
    expect(wildcardMatch('a?c', 'abc')).toBe(true);
    expect(wildcardMatch('a?c', 'ac')).toBe(false);
    expect(wildcardMatch('a?c', 'abbc')).toBe(false);
  });

  it('handles the prefix, suffix and prefix-suffix fast paths', () => {
    expect(wildcardMatch('iam:Get*', 'iam:GetUser')).toBe(true);
    expect(wildcardMatch('iam:Get*', 'iam:ListUsers')).toBe(false);
    expect(wildcardMatch('*User', 'iam:GetUser')).toBe(true);
    expect(wildcardMatch('*User', 'iam:GetUsers')).toBe(false);
    expect(wildcardMatch('iam:*User', 'iam:GetUser')).toBe(true);
    expect(wildcardMatch('ab*ba', 'aba')).toBe(false); // prefix and suffix may not overlap
    expect(wildcardMatch('a**b', 'axyb')).toBe(true);
  });

  it('handles the general case with middle chunks and question marks', () => {
    expect(wildcardMatch('*a?c*d', 'xxabcyyd')).toBe(true);
    expect(wildcardMatch('*a?c*d', 'xxabyyd')).toBe(false);
    expect(wildcardMatch('a*b*c', 'abc')).toBe(true);
    expect(wildcardMatch('a*b*c', 'acb')).toBe(false);
  });

  it('is case-sensitive by default', () => {
    expect(wildcardMatch('S3:get*', 's3:GetObject')).toBe(false);
  });

  it('ignores case on both sides with ignoreCase', () => {
    const m = compileWildcard('S3:get*', { ignoreCase: true });
    expect(m('s3:GetObject')).toBe(true);
    expect(m('S3:GETOBJECT')).toBe(true);
    expect(compileWildcard('iam:GetUser', { ignoreCase: true })('IAM:getuser')).toBe(true);
  });

  it('matches a range of the text without slicing', () => {
    const m = compileRangeWildcard('b*d');
    expect(m('abcde', 1, 4)).toBe(true);
    expect(m('abcde', 1, 5)).toBe(false);
    expect(compileRangeWildcard('*d')('abcde', 0, 3)).toBe(false);
  });

  it('detects wildcards', () => {
    expect(hasWildcard('a*')).toBe(true);
    expect(hasWildcard('a?')).toBe(true);
    expect(hasWildcard('abc')).toBe(false);
  });

  it('agrees with the reference matcher on random patterns and texts', () => {
    fc.assert(
      fc.property(patternArb, textArb, (pattern, text) => {
        expect(compileWildcard(pattern)(text)).toBe(reference(pattern, text));
      }),
      { numRuns: 5000 },
    );
  });

  it('agrees with the reference on ranges of random texts', () => {
    fc.assert(
      fc.property(patternArb, textArb, fc.nat(), fc.nat(), (pattern, text, a, b) => {
        const from = a % (text.length + 1);
        const to = from + (b % (text.length - from + 1));
        expect(compileRangeWildcard(pattern)(text, from, to)).toBe(reference(pattern, text.slice(from, to)));
      }),
      { numRuns: 3000 },
    );
  });

  it('agrees with the lower-cased reference with ignoreCase', () => {
    const mixedPattern = fc.string({ unit: fc.constantFrom('a', 'B', '*', '?', 'c', 'C'), maxLength: 8 });
    const mixedText = fc.string({ unit: fc.constantFrom('A', 'b', 'c', 'C'), maxLength: 10 });
    fc.assert(
      fc.property(mixedPattern, mixedText, (pattern, text) => {
        expect(compileWildcard(pattern, { ignoreCase: true })(text)).toBe(
          reference(pattern.toLowerCase(), text.toLowerCase()),
        );
      }),
      { numRuns: 3000 },
    );
  });

  it('answers a pathological pattern against a 10,000-character text without blowing up', () => {
    const text = 'a'.repeat(10_000);
    expect(compileWildcard('*a*a*a*a*a*a*a*a*b')(text)).toBe(false);
    expect(compileWildcard('*a*a*a*a*a*a*a*a*b')(text + 'b')).toBe(true);
    expect(compileWildcard('*a?a*a?a*a?a*a?a*b')(text)).toBe(false);
    expect(compileWildcard('*?*?*?*?*?*?*?*?*?*?*?*b')(text)).toBe(false);
  });
});
