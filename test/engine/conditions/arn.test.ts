import { describe, expect, it } from 'vitest';
import { test1 } from './helpers.js';

const role = 'arn:aws:iam::123456789012:role/admin';

describe('Arn operators', () => {
  it('ArnEquals and ArnLike both match per segment with wildcards', () => {
    expect(test1('ArnLike', 'arn:aws:iam::*:role/*', role)).toBe(true);
    expect(test1('ArnEquals', 'arn:aws:iam::*:role/*', role)).toBe(true);
    expect(test1('ArnEquals', role, role)).toBe(true);
    expect(test1('ArnLike', 'arn:aws:iam::*:user/*', role)).toBe(false);
  });

  it('a star in the account part cannot cross a colon', () => {
    expect(test1('ArnLike', 'arn:aws:iam::*:role/admin', 'arn:aws:iam::1:2:role/admin')).toBe(false);
  });

  it('is case-sensitive', () => {
    expect(test1('ArnLike', 'arn:aws:iam::*:role/Admin', role)).toBe(false);
  });

  it('ArnNotEquals and ArnNotLike hold when no pattern matches', () => {
    expect(test1('ArnNotLike', 'arn:aws:iam::*:user/*', role)).toBe(true);
    expect(test1('ArnNotEquals', 'arn:aws:iam::*:role/*', role)).toBe(false);
  });

  it('a request value that is not an ARN matches neither positive nor negated operators', () => {
    expect(test1('ArnLike', '*', 'not-an-arn')).toBe(false);
    expect(test1('ArnNotLike', 'arn:aws:iam::*:role/*', 'not-an-arn')).toBe(false);
  });

  it('substitutes policy variables, in any part', () => {
    const extra = { 'aws:PrincipalAccount': '123456789012' };
    expect(test1('ArnLike', 'arn:aws:iam::${aws:PrincipalAccount}:role/*', role, extra)).toBe(true);
    expect(test1('ArnLike', 'arn:aws:iam::${aws:PrincipalAccount}:role/*', 'arn:aws:iam::1:role/x', extra)).toBe(false);
  });

  it('a missing variable makes ArnLike fail and ArnNotLike hold', () => {
    expect(test1('ArnLike', 'arn:aws:iam::${aws:PrincipalAccount}:role/*', role)).toBe(false);
    expect(test1('ArnNotLike', 'arn:aws:iam::${aws:PrincipalAccount}:role/*', role)).toBe(true);
  });
});
