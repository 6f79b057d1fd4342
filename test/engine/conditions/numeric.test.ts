import { describe, expect, it } from 'vitest';
import { parseNumeric } from '../../../src/engine/conditions/numeric.js';
import { test1 } from './helpers.js';

describe('Numeric operators', () => {
  it('NumericEquals compares integers and decimals by value', () => {
    expect(test1('NumericEquals', '10', '10')).toBe(true);
    expect(test1('NumericEquals', '10', '10.0')).toBe(true);
    expect(test1('NumericEquals', '1.5', '1.50')).toBe(true);
    expect(test1('NumericEquals', '10', '11')).toBe(false);
  });

  it('NumericNotEquals holds when the value equals no policy value', () => {
    expect(test1('NumericNotEquals', ['1', '2'], '3')).toBe(true);
    expect(test1('NumericNotEquals', ['1', '2'], '2')).toBe(false);
  });

  it('NumericLessThan and NumericLessThanEquals', () => {
    expect(test1('NumericLessThan', '3600', '3599')).toBe(true);
    expect(test1('NumericLessThan', '3600', '3600')).toBe(false);
    expect(test1('NumericLessThanEquals', '3600', '3600')).toBe(true);
    expect(test1('NumericLessThanEquals', '3600', '3601')).toBe(false);
  });

  it('NumericGreaterThan and NumericGreaterThanEquals', () => {
    expect(test1('NumericGreaterThan', '-1.5', '-1')).toBe(true);
    expect(test1('NumericGreaterThan', '5', '5')).toBe(false);
    expect(test1('NumericGreaterThanEquals', '5', '5')).toBe(true);
    expect(test1('NumericGreaterThanEquals', '5', '4.999')).toBe(false);
  });

  it('an ordering with several values is OR over them', () => {
    expect(test1('NumericLessThan', ['10', '100'], '50')).toBe(true);
    expect(test1('NumericGreaterThan', ['10', '100'], '50')).toBe(true);
  });

  it('a non-numeric request value matches neither a positive nor a negated operator', () => {
    expect(test1('NumericEquals', '1', 'one')).toBe(false);
    expect(test1('NumericNotEquals', '1', 'one')).toBe(false);
    expect(test1('NumericLessThan', '1', '')).toBe(false);
  });

  it('parses only plain decimal notation', () => {
    expect(parseNumeric('+1.25')).toBe(1.25);
    expect(parseNumeric('.5')).toBe(0.5);
    expect(parseNumeric('1e3')).toBeNaN();
    expect(parseNumeric('0x10')).toBeNaN();
    expect(parseNumeric(' 1')).toBeNaN();
    expect(parseNumeric('Infinity')).toBeNaN();
    expect(parseNumeric('-')).toBeNaN();
  });

  it('rejects a non-numeric policy value at compile time', () => {
    expect(() => test1('NumericEquals', 'ten', '10')).toThrow(/NumericEquals: 'ten' is not a number/);
  });
});
