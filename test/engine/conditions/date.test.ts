import { describe, expect, it } from 'vitest';
import { parseDate } from '../../../src/engine/conditions/date.js';
import { test1 } from './helpers.js';

describe('parseDate', () => {
  it('reads a UTC timestamp', () => {
    expect(parseDate('2020-01-01T00:00:00Z')).toBe(Date.UTC(2020, 0, 1));
  });

  it('applies a positive and a negative offset', () => {
    expect(parseDate('2020-01-01T02:00:00+02:00')).toBe(Date.UTC(2020, 0, 1));
    expect(parseDate('2019-12-31T19:00:00-05:00')).toBe(Date.UTC(2020, 0, 1));
    expect(parseDate('2020-01-01T05:30:00+0530')).toBe(Date.UTC(2020, 0, 1));
    expect(parseDate('2020-01-01T02:00:00+02')).toBe(Date.UTC(2020, 0, 1));
  });

  it('keeps fractions of a second', () => {
    expect(parseDate('2020-01-01T00:00:00.250Z')).toBe(Date.UTC(2020, 0, 1) + 250);
    expect(parseDate('2020-01-01T00:00:00.5Z')).toBe(Date.UTC(2020, 0, 1) + 500);
    expect(parseDate('2020-01-01T00:00:00.123456789Z')).toBeCloseTo(Date.UTC(2020, 0, 1) + 123.456789, 3);
  });

  it('reads a date alone as midnight UTC', () => {
    expect(parseDate('2020-02-29')).toBe(Date.UTC(2020, 1, 29));
    expect(parseDate('2020-02')).toBe(Date.UTC(2020, 1, 1));
  });

  it('reads times without seconds or zone, lower-case t and z, and one-digit hours', () => {
    expect(parseDate('2020-01-01T10:30')).toBe(Date.UTC(2020, 0, 1, 10, 30));
    expect(parseDate('2020-01-01t2:00:00z')).toBe(Date.UTC(2020, 0, 1, 2));
  });

  it('reads all-digit values as epoch seconds', () => {
    expect(parseDate('1577836800')).toBe(Date.UTC(2020, 0, 1));
    expect(parseDate('0')).toBe(0);
  });

  it('rejects impossible or malformed dates', () => {
    for (const bad of ['', '2021-02-29', '2020-13-01', '2020-01-01T24:00:00Z', '2020-01-01T00:60Z', 'yesterday',
      '2020-01-01T00:00:00.Z', '2020-01-01T00:00:00+25:00', '2020-01-01 00:00:00Z', '-5', '1.5']) {
      expect(parseDate(bad), bad).toBeNaN();
    }
  });
});

describe('Date operators', () => {
  const t = '2020-06-01T12:00:00Z';

  it('DateEquals compares instants, not text', () => {
    expect(test1('DateEquals', '2020-06-01T14:00:00+02:00', t)).toBe(true);
    expect(test1('DateEquals', '2020-06-01T12:00:01Z', t)).toBe(false);
  });

  it('DateNotEquals holds for a different instant', () => {
    expect(test1('DateNotEquals', '2020-06-01T12:00:01Z', t)).toBe(true);
    expect(test1('DateNotEquals', t, t)).toBe(false);
  });

  it('DateLessThan and DateLessThanEquals', () => {
    expect(test1('DateLessThan', '2020-06-02', t)).toBe(true);
    expect(test1('DateLessThan', t, t)).toBe(false);
    expect(test1('DateLessThanEquals', t, t)).toBe(true);
  });

  it('DateGreaterThan and DateGreaterThanEquals', () => {
    expect(test1('DateGreaterThan', '2020-06-01', t)).toBe(true);
    expect(test1('DateGreaterThan', t, t)).toBe(false);
    expect(test1('DateGreaterThanEquals', t, t)).toBe(true);
  });

  it('compares an epoch request value (aws:EpochTime) with an ISO policy value', () => {
    expect(test1('DateGreaterThan', '2020-01-01T00:00:00Z', '1577836801')).toBe(true);
    expect(test1('DateLessThan', '1577836800', '2019-12-31T23:59:59Z')).toBe(true);
  });

  it('a request value that is not a date matches neither a positive nor a negated operator', () => {
    expect(test1('DateEquals', t, 'soon')).toBe(false);
    expect(test1('DateNotEquals', t, 'soon')).toBe(false);
  });

  it('rejects a malformed policy date at compile time', () => {
    expect(() => test1('DateLessThan', '2020-13-01', t)).toThrow(/not a date/);
  });
});
