// Numeric operators: integers and decimals, compared as IEEE doubles (integers beyond 2^53 lose precision; IAM
// numeric keys — MFA age, max keys, durations — stay far below). No policy variables (spec §5).
import { INVALID, MATCH, NO_MATCH, malformed, type ValueOperator, type ValueTest } from './definition.js';

const ZERO = 48;
const NINE = 57;

/**
 * Parses `[+-]digits[.digits]` (also `.5` and `5.`), nothing else: no exponent, hex, whitespace, Infinity or
 * NaN, which `Number()` would accept. Returns NaN when `s` is not such a number.
 */
export function parseNumeric(s: string): number {
  let i = 0;
  const n = s.length;
  if (n === 0) return NaN;
  const sign = s.charCodeAt(0);
  if (sign === 43 /* + */ || sign === 45 /* - */) i++;
  let digits = 0;
  let dot = false;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= ZERO && c <= NINE) digits++;
    else if (c === 46 /* . */ && !dot) dot = true;
    else return NaN;
  }
  return digits === 0 ? NaN : Number(s);
}

type Comparison = 'eq' | 'lt' | 'le' | 'gt' | 'ge';

function compileComparison(name: string, comparison: Comparison): ValueOperator['compile'] {
  return (values) => {
    const numbers = values.map((v) => {
      const n = parseNumeric(v.value);
      if (Number.isNaN(n)) throw malformed(name, v, 'a number');
      return n;
    });
    if (numbers.length === 0) return () => NO_MATCH;
    // OR over policy values: for an ordering it suffices to compare with the loosest bound.
    const max = Math.max(...numbers);
    const min = Math.min(...numbers);
    const count = numbers.length;
    let test: (x: number) => boolean;
    switch (comparison) {
      case 'eq':
        test = (x) => {
          for (let i = 0; i < count; i++) if (numbers[i] === x) return true;
          return false;
        };
        break;
      case 'lt':
        test = (x) => x < max;
        break;
      case 'le':
        test = (x) => x <= max;
        break;
      case 'gt':
        test = (x) => x > min;
        break;
      case 'ge':
        test = (x) => x >= min;
        break;
    }
    const result: ValueTest = (value) => {
      const x = parseNumeric(value);
      if (Number.isNaN(x)) return INVALID;
      return test(x) ? MATCH : NO_MATCH;
    };
    return result;
  };
}

function numericOperator(name: string, negated: boolean, comparison: Comparison): ValueOperator {
  return { kind: 'value', name, negated, compile: compileComparison(name, comparison) };
}

export const NUMERIC_OPERATORS: readonly ValueOperator[] = [
  numericOperator('NumericEquals', false, 'eq'),
  numericOperator('NumericNotEquals', true, 'eq'),
  numericOperator('NumericLessThan', false, 'lt'),
  numericOperator('NumericLessThanEquals', false, 'le'),
  numericOperator('NumericGreaterThan', false, 'gt'),
  numericOperator('NumericGreaterThanEquals', false, 'ge'),
];
