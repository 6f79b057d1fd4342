// Builders for condition tests: clauses with dummy spans, a context over a plain record.
import type { ConditionClause, Span } from '../../../src/policy/index.js';
import { compileCondition } from '../../../src/engine/conditions/index.js';
import type { ConditionContext, ConditionTrace } from '../../../src/engine/conditions/types.js';
import type { ContextValue } from '../../../src/engine/types.js';

export const SPAN: Span = {
  start: { line: 1, column: 1, offset: 0 },
  end: { line: 1, column: 2, offset: 1 },
  pointer: '/Statement/0/Condition',
};

export function clause(operator: string, key: string, values: string | readonly string[]): ConditionClause {
  const list = typeof values === 'string' ? [values] : values;
  return {
    operator: { value: operator, span: SPAN },
    key: { value: key, span: SPAN },
    values: list.map((value) => ({ value, span: SPAN })),
    span: SPAN,
  };
}

/** A context whose keys compare case-insensitively, as the evaluator's does. */
export function context(values: Record<string, ContextValue> = {}): ConditionContext {
  const map = new Map(Object.entries(values).map(([k, v]) => [k.toLowerCase(), v]));
  return { get: (lowerKey) => map.get(lowerKey) };
}

export function newTrace(): ConditionTrace {
  return { missingKeys: [], clauses: [] };
}

/**
 * Evaluates one clause `{operator: {key: values}}` against a context in which `key` holds `requestValue`
 * (absent when undefined). Checks that explain mode agrees with the fast path.
 */
export function test1(
  operator: string,
  values: string | readonly string[],
  requestValue: ContextValue | undefined,
  extra: Record<string, ContextValue> = {},
  policyVariables = true,
): boolean {
  const key = 'test:Key';
  const ctx = context(requestValue === undefined ? extra : { ...extra, [key]: requestValue });
  const condition = compileCondition([clause(operator, key, values)], { policyVariables });
  const fast = condition(ctx);
  const explained = condition(ctx, newTrace());
  if (fast !== explained) throw new Error(`explain mode disagrees for ${operator}`);
  return fast;
}
