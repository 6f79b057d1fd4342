import { describe, expect, it } from 'vitest';
import { test1 } from './helpers.js';

describe('StringEquals / StringNotEquals', () => {
  it('StringEquals matches an exact, case-sensitive value', () => {
    expect(test1('StringEquals', 'blue', 'blue')).toBe(true);
    expect(test1('StringEquals', 'blue', 'Blue')).toBe(false);
  });

  it('StringEquals is OR over policy values', () => {
    expect(test1('StringEquals', ['red', 'blue'], 'blue')).toBe(true);
    expect(test1('StringEquals', ['red', 'green'], 'blue')).toBe(false);
  });

  it('StringEquals with many policy values uses the same semantics', () => {
    const many = Array.from({ length: 20 }, (_, i) => `v${i}`);
    expect(test1('StringEquals', many, 'v17')).toBe(true);
    expect(test1('StringEquals', many, 'v20')).toBe(false);
  });

  it('StringEquals does not treat * as a wildcard', () => {
    expect(test1('StringEquals', 'b*', 'blue')).toBe(false);
    expect(test1('StringEquals', 'b*', 'b*')).toBe(true);
  });

  it('StringNotEquals is true when the value matches none of the policy values', () => {
    expect(test1('StringNotEquals', ['red', 'green'], 'blue')).toBe(true);
    expect(test1('StringNotEquals', ['red', 'blue'], 'blue')).toBe(false);
  });

  it('StringNotEquals with no values holds (NOT of an empty OR)', () => {
    expect(test1('StringNotEquals', [], 'blue')).toBe(true);
    expect(test1('StringEquals', [], 'blue')).toBe(false);
  });
});

describe('StringEqualsIgnoreCase / StringNotEqualsIgnoreCase', () => {
  it('StringEqualsIgnoreCase ignores case on both sides', () => {
    expect(test1('StringEqualsIgnoreCase', 'BLUE', 'blue')).toBe(true);
    expect(test1('StringEqualsIgnoreCase', 'blue', 'BlUe')).toBe(true);
    expect(test1('StringEqualsIgnoreCase', 'blue', 'blues')).toBe(false);
  });

  it('StringNotEqualsIgnoreCase is false when a value matches in another case', () => {
    expect(test1('StringNotEqualsIgnoreCase', 'BLUE', 'blue')).toBe(false);
    expect(test1('StringNotEqualsIgnoreCase', 'red', 'blue')).toBe(true);
  });
});

describe('StringLike / StringNotLike', () => {
  it('StringLike globs the whole string', () => {
    expect(test1('StringLike', 'home/*', 'home/alice/x')).toBe(true);
    expect(test1('StringLike', 'home/*', 'x/home/alice')).toBe(false);
    expect(test1('StringLike', 'a?c', 'abc')).toBe(true);
  });

  it('StringLike without wildcards is exact', () => {
    expect(test1('StringLike', 'abc', 'abc')).toBe(true);
    expect(test1('StringLike', 'abc', 'abcd')).toBe(false);
  });

  it('StringLike is case-sensitive', () => {
    expect(test1('StringLike', 'Home/*', 'home/x')).toBe(false);
  });

  it('StringNotLike is true when no pattern matches', () => {
    expect(test1('StringNotLike', ['a*', 'b*'], 'cat')).toBe(true);
    expect(test1('StringNotLike', ['a*', 'c*'], 'cat')).toBe(false);
  });
});

describe('policy variables in String values', () => {
  const who = { 'aws:username': 'alice', 'aws:PrincipalTag/team': 'Blue' };

  it('StringEquals substitutes a variable', () => {
    expect(test1('StringEquals', '${aws:username}', 'alice', who)).toBe(true);
    expect(test1('StringEquals', '${aws:username}', 'bob', who)).toBe(false);
  });

  it('StringLike keeps policy wildcards around a variable', () => {
    expect(test1('StringLike', 'home/${aws:username}/*', 'home/alice/docs', who)).toBe(true);
  });

  it('StringEqualsIgnoreCase ignores case in substituted text too', () => {
    expect(test1('StringEqualsIgnoreCase', '${aws:PrincipalTag/team}', 'BLUE', who)).toBe(true);
  });

  it('a missing variable makes a positive operator fail and a negated one hold', () => {
    expect(test1('StringEquals', '${aws:PrincipalTag/dept}', 'x', who)).toBe(false);
    expect(test1('StringNotEquals', '${aws:PrincipalTag/dept}', 'x', who)).toBe(true);
  });

  it('a missing variable with a default uses the default', () => {
    expect(test1('StringEquals', "${aws:PrincipalTag/dept, 'none'}", 'none', who)).toBe(true);
  });

  it('other values still match when one value has a missing variable', () => {
    expect(test1('StringEquals', ['${aws:PrincipalTag/dept}', 'x'], 'x', who)).toBe(true);
  });

  it('variables are literal text when policy variables are off', () => {
    expect(test1('StringEquals', '${aws:username}', 'alice', who, false)).toBe(false);
    expect(test1('StringEquals', '${aws:username}', '${aws:username}', who, false)).toBe(true);
  });
});
