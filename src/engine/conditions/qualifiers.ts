// The qualifiers in one place: negation, IfExists, ForAllValues/ForAnyValue, and the missing-key table
// (spec conditions.md §3–4). Each (operator, key) clause becomes one KeyTest, built once at compile time; a
// call allocates nothing.
import type { ContextValue } from '../types.js';
import { MATCH, NO_MATCH, type PresenceOperator, type ValueTest } from './definition.js';
import type { ParsedOperator } from './operators.js';
import type { ConditionContext, ConditionTrace } from './types.js';
import type { Located } from '../../policy/index.js';

/** The value of the clause's key (undefined when absent) → does the clause hold? */
export type KeyTest = (
  value: ContextValue | undefined,
  ctx: ConditionContext,
  trace: ConditionTrace | undefined,
) => boolean;

/**
 * An empty set (`[]`) or an empty string counts as "no value" for `Null` and the set operators, following the
 * IAM guide: ForAllValues is true "if there are no context keys in the request or context keys with empty
 * values", and `Null: false` is the documented guard against exactly those.
 */
function isEmpty(value: ContextValue): boolean {
  return value.length === 0;
}

export function compilePresenceTest(definition: PresenceOperator, values: readonly Located<string>[]): KeyTest {
  const test = definition.compile(values);
  // Set qualifiers on Null are ignored (they have nothing to iterate), as iam-simulate does.
  return (value) => test(value !== undefined && !isEmpty(value));
}

/**
 * Wraps a family's ValueTest with the operator's qualifiers. `element` decides one request value: for a
 * positive operator it must match some policy value; for a negated one it must match none (an INVALID value —
 * not comparable — satisfies neither).
 */
export function compileValueKeyTest(parsed: ParsedOperator, test: ValueTest): KeyTest {
  const wanted = parsed.negated ? NO_MATCH : MATCH;
  if (parsed.setQualifier === 'ForAllValues') {
    // ∀ v: element(v); vacuously true when the key is absent or empty.
    return (value, ctx, trace) => {
      if (value === undefined || isEmpty(value)) return true;
      if (typeof value === 'string') return test(value, ctx, trace) === wanted;
      for (let i = 0; i < value.length; i++) if (test(value[i], ctx, trace) !== wanted) return false;
      return true;
    };
  }
  if (parsed.setQualifier === 'ForAnyValue') {
    // ∃ v: element(v); false when absent (true with IfExists) or empty.
    const whenMissing = parsed.ifExists;
    return (value, ctx, trace) => {
      if (value === undefined) return whenMissing;
      if (isEmpty(value)) return false;
      if (typeof value === 'string') return test(value, ctx, trace) === wanted;
      for (let i = 0; i < value.length; i++) if (test(value[i], ctx, trace) === wanted) return true;
      return false;
    };
  }
  // A plain operator: absent → true for IfExists and negated operators, false otherwise. A multivalued value
  // does not match a plain operator, positive or negated (iam-simulate: "set operator is required for a
  // multi-value key"); IfExists does not change that, since the key is present.
  const whenMissing = parsed.ifExists || parsed.negated;
  return (value, ctx, trace) => {
    if (value === undefined) return whenMissing;
    if (typeof value !== 'string') return false;
    return test(value, ctx, trace) === wanted;
  };
}
