import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileArnPattern, isArnShaped } from '../../../src/engine/match/arn.js';
import { wildcardMatch } from '../../../src/engine/match/wildcard.js';

/** Reference: split both at their first five colons and glob part by part. */
function splitSix(s: string): string[] {
  const parts: string[] = [];
  let rest = s;
  for (let i = 0; i < 5; i++) {
    const c = rest.indexOf(':');
    if (c < 0) break;
    parts.push(rest.slice(0, c));
    rest = rest.slice(c + 1);
  }
  parts.push(rest);
  return parts;
}

function reference(pattern: string, value: string): boolean {
  if (pattern === '*') return true;
  const p = splitSix(pattern);
  const v = splitSix(value);
  if (v.length < 6 || p.length < 6) return false;
  return p.every((part, i) => wildcardMatch(part, v[i]));
}

describe('compileArnPattern', () => {
  it('matches a literal ARN only by equality', () => {
    const m = compileArnPattern('arn:aws:iam::123456789012:user/alice');
    expect(m('arn:aws:iam::123456789012:user/alice')).toBe(true);
    expect(m('arn:aws:iam::123456789012:user/Alice')).toBe(false);
  });

  it('lets a star in the resource part span colons and slashes', () => {
    const m = compileArnPattern('arn:aws:s3:::bucket/*');
    expect(m('arn:aws:s3:::bucket/a/b:c')).toBe(true);
    expect(m('arn:aws:s3:::bucket2/a')).toBe(false);
  });

  it('does not let a star cross a colon in the first five parts', () => {
    const m = compileArnPattern('arn:aws:iam::*:role/admin');
    expect(m('arn:aws:iam::123456789012:role/admin')).toBe(true);
    // The star would need to cover "123:extra" to reach the resource part.
    expect(m('arn:aws:iam::123:extra:role/admin')).toBe(false);
    expect(compileArnPattern('arn:*:s3:::b')('arn:aws:x:s3:::b')).toBe(false);
  });

  it('treats the sixth part as everything after the fifth colon', () => {
    const m = compileArnPattern('arn:aws:sns:us-east-1:123456789012:topic:*');
    expect(m('arn:aws:sns:us-east-1:123456789012:topic:sub:1')).toBe(true);
  });

  it('matches each part with question marks', () => {
    const m = compileArnPattern('arn:aws:ec2:us-east-?:*:instance/*');
    expect(m('arn:aws:ec2:us-east-1:1:instance/i-1')).toBe(true);
    expect(m('arn:aws:ec2:us-east-10:1:instance/i-1')).toBe(false);
  });

  it('is case-sensitive', () => {
    expect(compileArnPattern('arn:aws:s3:::Bucket')('arn:aws:s3:::bucket')).toBe(false);
  });

  it('matches every value, ARN or not, with the pattern *', () => {
    expect(compileArnPattern('*')('not-an-arn')).toBe(true);
  });

  it('does not match a value with fewer than six parts', () => {
    expect(compileArnPattern('arn:aws:s3:::*')('arn:aws:s3::bucket')).toBe(false);
    expect(compileArnPattern('arn:*:*:*:*:*')('arn:aws')).toBe(false);
  });

  it('lets the trailing star of a pattern with fewer than six parts cover the rest, colons included', () => {
    expect(compileArnPattern('arn:*')('arn:aws:s3:::bucket/key')).toBe(true);
    expect(compileArnPattern('arn:aws:s3*')('arn:aws:s3:::bucket')).toBe(true);
    expect(compileArnPattern('arn:aws:s3*')('arn:aws:sqs:us-east-1:1:q')).toBe(false);
  });

  it('still needs a six-part value under a pattern with fewer than six parts', () => {
    expect(compileArnPattern('arn:*')('arn:aws')).toBe(false);
  });

  it('does not let the earlier stars of a short pattern cross colons', () => {
    // `a*3*`: the first star stays inside the partition part, which has no `3`.
    expect(compileArnPattern('arn:a*3*')('arn:aws:s3:::b')).toBe(false);
  });

  it('matches nothing with a short pattern that does not end in a star', () => {
    expect(compileArnPattern('arn:aws:s3')('arn:aws:s3:::b')).toBe(false);
    expect(compileArnPattern('not-an-arn')('not-an-arn')).toBe(false);
  });

  it('agrees with a split-and-glob reference for six-part patterns', () => {
    const part = fc.string({ unit: fc.constantFrom('a', 'b', '*', '?'), maxLength: 3 });
    const valuePart = fc.string({ unit: fc.constantFrom('a', 'b', ':'), maxLength: 4 });
    fc.assert(
      fc.property(fc.array(part, { minLength: 6, maxLength: 6 }), fc.array(valuePart, { minLength: 4, maxLength: 7 }), (p, v) => {
        const pattern = p.join(':');
        const value = v.join(':');
        expect(compileArnPattern(pattern)(value)).toBe(reference(pattern, value));
      }),
      { numRuns: 3000 },
    );
  });

  it('recognises six-part values', () => {
    expect(isArnShaped('arn:aws:s3:::b')).toBe(true);
    expect(isArnShaped('arn:aws:s3::b')).toBe(false);
  });
});
