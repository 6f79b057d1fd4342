// Condition operator names (spec/conditions.md §2): a base operator, optionally a set prefix
// (ForAnyValue:/ForAllValues:) and an IfExists suffix. Null takes no IfExists.
export const CONDITION_OPERATORS = [
  'StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase',
  'StringLike', 'StringNotLike',
  'NumericEquals', 'NumericNotEquals', 'NumericLessThan', 'NumericLessThanEquals',
  'NumericGreaterThan', 'NumericGreaterThanEquals',
  'DateEquals', 'DateNotEquals', 'DateLessThan', 'DateLessThanEquals', 'DateGreaterThan', 'DateGreaterThanEquals',
  'Bool', 'BinaryEquals', 'IpAddress', 'NotIpAddress',
  'ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike',
  'Null',
] as const;

export type BaseOperator = (typeof CONDITION_OPERATORS)[number];

export interface OperatorName {
  readonly set?: 'ForAnyValue' | 'ForAllValues';
  readonly base: string;
  readonly ifExists: boolean;
  /** The base is a known operator and the combination is allowed. */
  readonly known: boolean;
}

const KNOWN = new Set<string>(CONDITION_OPERATORS);

/** Splits an operator as written. Case-sensitive, like IAM. */
export function parseOperatorName(name: string): OperatorName {
  let rest = name;
  let set: OperatorName['set'];
  if (rest.startsWith('ForAnyValue:')) {
    set = 'ForAnyValue';
    rest = rest.slice('ForAnyValue:'.length);
  } else if (rest.startsWith('ForAllValues:')) {
    set = 'ForAllValues';
    rest = rest.slice('ForAllValues:'.length);
  }
  const ifExists = rest.endsWith('IfExists');
  const base = ifExists ? rest.slice(0, -'IfExists'.length) : rest;
  // `ForAnyValue::StringEquals` leaves `:StringEquals`, which is not known: a syntax error, as in IAM.
  const known = KNOWN.has(base) && !(ifExists && base === 'Null');
  return { ...(set ? { set } : {}), base, ifExists, known };
}
