// Every operator under every qualifier, and the missing-key table (spec conditions.md §3–4).
import { describe, expect, it } from 'vitest';
import { CONDITION_OPERATORS } from '../../../src/engine/conditions/index.js';
import { test1 } from './helpers.js';

const ROLE = 'arn:aws:iam::1:role/a';
const USER = 'arn:aws:iam::1:user/a';

/**
 * Per base operator: a policy value, a request value that matches it (`hit`) and one that does not (`miss`),
 * in the positive sense of the operator (for StringNotEquals: `hit` equals the policy value).
 */
const SAMPLES: Record<string, { policy: string; hit: string; miss: string }> = {
  StringEquals: { policy: 'a', hit: 'a', miss: 'b' },
  StringNotEquals: { policy: 'a', hit: 'a', miss: 'b' },
  StringEqualsIgnoreCase: { policy: 'A', hit: 'a', miss: 'b' },
  StringNotEqualsIgnoreCase: { policy: 'A', hit: 'a', miss: 'b' },
  StringLike: { policy: 'a*', hit: 'ab', miss: 'ba' },
  StringNotLike: { policy: 'a*', hit: 'ab', miss: 'ba' },
  NumericEquals: { policy: '1', hit: '1.0', miss: '2' },
  NumericNotEquals: { policy: '1', hit: '1', miss: '2' },
  NumericLessThan: { policy: '5', hit: '4', miss: '5' },
  NumericLessThanEquals: { policy: '5', hit: '5', miss: '6' },
  NumericGreaterThan: { policy: '5', hit: '6', miss: '5' },
  NumericGreaterThanEquals: { policy: '5', hit: '5', miss: '4' },
  DateEquals: { policy: '2020-01-01T00:00:00Z', hit: '1577836800', miss: '2021-01-01' },
  DateNotEquals: { policy: '2020-01-01T00:00:00Z', hit: '2020-01-01', miss: '2021-01-01' },
  DateLessThan: { policy: '2020-01-01', hit: '2019-12-31T23:59:59Z', miss: '2020-01-01' },
  DateLessThanEquals: { policy: '2020-01-01', hit: '2020-01-01', miss: '2020-01-02' },
  DateGreaterThan: { policy: '2020-01-01', hit: '2020-01-02', miss: '2020-01-01' },
  DateGreaterThanEquals: { policy: '2020-01-01', hit: '2020-01-01', miss: '2019-12-31' },
  Bool: { policy: 'true', hit: 'true', miss: 'false' },
  BinaryEquals: { policy: 'YQ==', hit: 'YQ==', miss: 'Yg==' },
  IpAddress: { policy: '10.0.0.0/8', hit: '10.1.2.3', miss: '11.1.2.3' },
  NotIpAddress: { policy: '10.0.0.0/8', hit: '10.1.2.3', miss: '11.1.2.3' },
  ArnEquals: { policy: 'arn:aws:iam::*:role/*', hit: ROLE, miss: USER },
  ArnLike: { policy: 'arn:aws:iam::*:role/*', hit: ROLE, miss: USER },
  ArnNotEquals: { policy: 'arn:aws:iam::*:role/*', hit: ROLE, miss: USER },
  ArnNotLike: { policy: 'arn:aws:iam::*:role/*', hit: ROLE, miss: USER },
};

const NEGATED = new Set([
  'StringNotEquals',
  'StringNotEqualsIgnoreCase',
  'StringNotLike',
  'NumericNotEquals',
  'DateNotEquals',
  'NotIpAddress',
  'ArnNotEquals',
  'ArnNotLike',
]);

describe('the sample table', () => {
  it('covers every value operator', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual(CONDITION_OPERATORS.filter((o) => o !== 'Null').sort());
  });
});

describe.each(Object.entries(SAMPLES))('%s', (op, { policy, hit, miss }) => {
  const negated = NEGATED.has(op);

  it('plain: a matching value', () => {
    expect(test1(op, policy, hit)).toBe(!negated);
  });

  it('plain: a non-matching value', () => {
    expect(test1(op, policy, miss)).toBe(negated);
  });

  it('plain: missing key is false for positive, true for negated', () => {
    expect(test1(op, policy, undefined)).toBe(negated);
  });

  it('plain: a multivalued value never matches, positive or negated', () => {
    expect(test1(op, policy, [hit])).toBe(false);
    expect(test1(op, policy, [miss])).toBe(false);
  });

  it('IfExists: missing key is true', () => {
    expect(test1(`${op}IfExists`, policy, undefined)).toBe(true);
  });

  it('IfExists: a present key is tested as without IfExists', () => {
    expect(test1(`${op}IfExists`, policy, hit)).toBe(!negated);
    expect(test1(`${op}IfExists`, policy, miss)).toBe(negated);
  });

  it('ForAllValues: true when every value passes', () => {
    expect(test1(`ForAllValues:${op}`, policy, negated ? [miss, miss] : [hit, hit])).toBe(true);
  });

  it('ForAllValues: false when one value fails', () => {
    expect(test1(`ForAllValues:${op}`, policy, [hit, miss])).toBe(false);
  });

  it('ForAllValues: true for a missing key or an empty set', () => {
    expect(test1(`ForAllValues:${op}`, policy, undefined)).toBe(true);
    expect(test1(`ForAllValues:${op}`, policy, [])).toBe(true);
  });

  it('ForAllValues: a single value is a one-element set', () => {
    expect(test1(`ForAllValues:${op}`, policy, hit)).toBe(!negated);
  });

  it('ForAnyValue: true when one value passes', () => {
    expect(test1(`ForAnyValue:${op}`, policy, [hit, miss])).toBe(true);
  });

  it('ForAnyValue: false when no value passes', () => {
    expect(test1(`ForAnyValue:${op}`, policy, negated ? [hit, hit] : [miss, miss])).toBe(false);
  });

  it('ForAnyValue: false for a missing key or an empty set', () => {
    expect(test1(`ForAnyValue:${op}`, policy, undefined)).toBe(false);
    expect(test1(`ForAnyValue:${op}`, policy, [])).toBe(false);
  });

  it('ForAnyValue with IfExists: true for a missing key', () => {
    expect(test1(`ForAnyValue:${op}IfExists`, policy, undefined)).toBe(true);
  });

  it('ForAnyValue: a single value is a one-element set', () => {
    expect(test1(`ForAnyValue:${op}`, policy, miss)).toBe(negated);
  });
});

describe('the missing-key table', () => {
  it('Allow + ForAllValues:StringEquals on aws:TagKeys holds for a request with no tags (the classic gotcha)', () => {
    expect(test1('ForAllValues:StringEquals', ['team'], undefined)).toBe(true);
  });

  it('ForAllValues holds for an empty-string value', () => {
    expect(test1('ForAllValues:StringEquals', 'team', '')).toBe(true);
  });

  it('Deny + Bool aws:MultiFactorAuthPresent false does not apply when the key is absent', () => {
    expect(test1('Bool', 'false', undefined)).toBe(false);
  });

  it('BoolIfExists does apply when the key is absent', () => {
    expect(test1('BoolIfExists', 'false', undefined)).toBe(true);
  });

  it('StringNotEqualsIfExists is true when the key is absent', () => {
    expect(test1('StringNotEqualsIfExists', 'x', undefined)).toBe(true);
  });
});
