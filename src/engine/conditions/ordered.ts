// The comparison shared by the Numeric and Date families: policy values parsed at compile time, the request
// value parsed per evaluation, then equality (any value) or an ordering against the loosest bound.
import { INVALID, MATCH, NO_MATCH, malformed, type ValueOperator, type ValueTest } from './definition.js';

export type Comparison = 'eq' | 'lt' | 'le' | 'gt' | 'ge';

export interface OrderedFamily {
  /** Parses a policy value; NaN when it is not one. */
  readonly parsePolicyValue: (text: string) => number;
  /** Parses the request's value (may memoize); NaN when it is not one. */
  readonly parseRequestValue: (text: string) => number;
  /** What a policy value must be, for the compile error: "a number", "a date (ISO 8601 or epoch seconds)". */
  readonly expected: string;
}

function compileComparison(name: string, comparison: Comparison, family: OrderedFamily): ValueOperator['compile'] {
  return (values) => {
    const parsed = values.map((v) => {
      const n = family.parsePolicyValue(v.value);
      if (Number.isNaN(n)) throw malformed(name, v, family.expected);
      return n;
    });
    if (parsed.length === 0) return () => NO_MATCH;
    // OR over policy values: for an ordering it suffices to compare with the loosest bound.
    const max = Math.max(...parsed);
    const min = Math.min(...parsed);
    const count = parsed.length;
    let test: (x: number) => boolean;
    switch (comparison) {
      case 'eq':
        test = (x) => {
          for (let i = 0; i < count; i++) if (parsed[i] === x) return true;
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
    const parseRequest = family.parseRequestValue;
    const result: ValueTest = (value) => {
      const x = parseRequest(value);
      if (Number.isNaN(x)) return INVALID;
      return test(x) ? MATCH : NO_MATCH;
    };
    return result;
  };
}

/** The six operators of a family: `<prefix>Equals`, `NotEquals`, `LessThan`, `LessThanEquals`, `GreaterThan`, `GreaterThanEquals`. */
export function orderedOperators(prefix: string, family: OrderedFamily): readonly ValueOperator[] {
  const op = (suffix: string, negated: boolean, comparison: Comparison): ValueOperator => {
    const name = `${prefix}${suffix}`;
    return { kind: 'value', name, negated, compile: compileComparison(name, comparison, family) };
  };
  return [
    op('Equals', false, 'eq'),
    op('NotEquals', true, 'eq'),
    op('LessThan', false, 'lt'),
    op('LessThanEquals', false, 'le'),
    op('GreaterThan', false, 'gt'),
    op('GreaterThanEquals', false, 'ge'),
  ];
}
