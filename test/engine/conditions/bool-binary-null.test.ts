import { describe, expect, it } from 'vitest';
import { test1 } from './helpers.js';

describe('Bool', () => {
  it('matches true and false', () => {
    expect(test1('Bool', 'true', 'true')).toBe(true);
    expect(test1('Bool', 'true', 'false')).toBe(false);
    expect(test1('Bool', 'false', 'false')).toBe(true);
  });

  it('ignores case on both sides', () => {
    expect(test1('Bool', 'True', 'TRUE')).toBe(true);
    expect(test1('Bool', 'FALSE', 'false')).toBe(true);
  });

  it('does not match a request value that is not a boolean', () => {
    expect(test1('Bool', 'true', 'yes')).toBe(false);
    expect(test1('Bool', 'true', '1')).toBe(false);
  });

  it('rejects a policy value that is not a boolean', () => {
    expect(() => test1('Bool', 'yes', 'true')).toThrow(/Bool/);
  });

  it('accepts a policy variable', () => {
    expect(test1('Bool', '${aws:PrincipalTag/mfa}', 'TRUE', { 'aws:PrincipalTag/mfa': 'true' })).toBe(true);
  });
});

describe('BinaryEquals', () => {
  it('compares base64 values as bytes', () => {
    expect(test1('BinaryEquals', 'QmluYXJ5', 'QmluYXJ5')).toBe(true);
    expect(test1('BinaryEquals', 'QmluYXJ5', 'QmluYXJ6')).toBe(false);
  });

  it('accepts padding variants', () => {
    expect(test1('BinaryEquals', 'YWI=', 'YWI')).toBe(true);
  });

  it('does not match a request value that is not base64', () => {
    expect(test1('BinaryEquals', 'YWI=', 'not base64!')).toBe(false);
  });

  it('rejects a policy value that is not base64', () => {
    expect(() => test1('BinaryEquals', 'a', 'YQ==')).toThrow(/base64/);
  });
});

describe('Null', () => {
  it('"true" holds when the key is absent', () => {
    expect(test1('Null', 'true', undefined)).toBe(true);
    expect(test1('Null', 'true', 'x')).toBe(false);
  });

  it('"false" holds when the key is present', () => {
    expect(test1('Null', 'false', 'x')).toBe(true);
    expect(test1('Null', 'false', undefined)).toBe(false);
  });

  it('treats an empty set as absent', () => {
    expect(test1('Null', 'false', [])).toBe(false);
    expect(test1('Null', 'true', [])).toBe(true);
    expect(test1('Null', 'false', ['a'])).toBe(true);
  });

  it('accepts either case and ORs several values', () => {
    expect(test1('Null', 'TRUE', undefined)).toBe(true);
    expect(test1('Null', ['true', 'false'], 'x')).toBe(true);
  });

  it('rejects a value other than true or false', () => {
    expect(() => test1('Null', 'maybe', undefined)).toThrow(/Null/);
  });

  it('is not an operator with IfExists', () => {
    expect(() => test1('NullIfExists', 'true', undefined)).toThrow(/Unknown condition operator/);
  });
});
