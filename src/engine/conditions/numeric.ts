// Numeric operators: integers and decimals, compared as IEEE doubles (integers beyond 2^53 lose precision; IAM
// numeric keys — MFA age, max keys, durations — stay far below). No policy variables (spec §5).
import type { ValueOperator } from './definition.js';
import { orderedOperators } from './ordered.js';

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

export const NUMERIC_OPERATORS: readonly ValueOperator[] = orderedOperators('Numeric', {
  parsePolicyValue: parseNumeric,
  parseRequestValue: parseNumeric,
  expected: 'a number',
});
