// Public face of the condition operators: compile a Condition block once into a predicate over the request
// context. The evaluator calls compileCondition; everything else here is for tools (validator, explain).
import type { ConditionClause, Span } from '../../policy/index.js';
import { noteMissingKey } from '../match/template.js';
import type { OperatorCompileOptions } from './definition.js';
import { CONDITION_OPERATORS, operatorDefinition, parseConditionOperator } from './operators.js';
import { compilePresenceTest, compileValueKeyTest, type KeyTest } from './qualifiers.js';
import {
  ConditionCompileError,
  type CompiledCondition,
  type ConditionContext,
  type ConditionTrace,
} from './types.js';

export { CONDITION_OPERATORS, parseConditionOperator } from './operators.js';
export type { ParsedOperator, SetQualifier } from './operators.js';
export { ConditionCompileError } from './types.js';
export type {
  ClauseOutcome,
  CompiledCondition,
  CompiledPattern,
  ConditionContext,
  ConditionTrace,
} from './types.js';

interface CompiledClause {
  /** As written in the policy, for traces. */
  readonly operator: string;
  readonly key: string;
  readonly lowerKey: string;
  readonly span: Span;
  readonly test: KeyTest;
}

const ALWAYS_TRUE: CompiledCondition = () => true;
const ALWAYS_FALSE: KeyTest = () => false;

/** Levenshtein distance, for "did you mean" on unknown operators. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
    }
    previous = current;
  }
  return previous[b.length];
}

function unknownOperatorMessage(op: string): string {
  const bare = op.replace(/^(ForAllValues|ForAnyValue):/i, '').replace(/IfExists$/i, '').toLowerCase();
  let best: string | undefined;
  let bestDistance = 4;
  for (const name of CONDITION_OPERATORS) {
    const d = editDistance(bare, name.toLowerCase());
    if (d < bestDistance) {
      best = name;
      bestDistance = d;
    }
  }
  return best === undefined
    ? `Unknown condition operator '${op}'`
    : `Unknown condition operator '${op}'; did you mean '${best}'?`;
}

function compileClause(clause: ConditionClause, options: OperatorCompileOptions): CompiledClause {
  const op = clause.operator.value;
  const parsed = parseConditionOperator(op);
  let test: KeyTest;
  if (parsed === undefined) {
    // AWS rejects an unknown operator with a body; with no values there is nothing to compare, and like a
    // positive operator with no values the clause cannot hold.
    if (clause.values.length > 0) throw new ConditionCompileError(unknownOperatorMessage(op), clause.operator.span);
    test = ALWAYS_FALSE;
  } else {
    const definition = operatorDefinition(parsed.base)!;
    test =
      definition.kind === 'presence'
        ? compilePresenceTest(definition, clause.values)
        : compileValueKeyTest(parsed, definition.compile(clause.values, options));
  }
  const key = clause.key.value;
  return { operator: op, key, lowerKey: key.toLowerCase(), span: clause.span, test };
}

/** Explain mode: every clause is evaluated (no short-circuit) so the trace is complete. */
function explainClauses(clauses: readonly CompiledClause[], ctx: ConditionContext, trace: ConditionTrace): boolean {
  let all = true;
  for (const c of clauses) {
    const value = ctx.get(c.lowerKey);
    const missing = value === undefined;
    if (missing) noteMissingKey(trace, c.key);
    const result = c.test(value, ctx, trace);
    trace.clauses.push({ operator: c.operator, key: c.key, result, missing, span: c.span });
    if (!result) all = false;
  }
  return all;
}

/**
 * Compiles a Condition block: AND over its clauses. Throws ConditionCompileError (with the span of the operator
 * or the offending value) for an unknown operator with values or a malformed value.
 */
export function compileCondition(
  clauses: readonly ConditionClause[],
  options: { policyVariables: boolean },
): CompiledCondition {
  const compiled = clauses.map((c) => compileClause(c, options));
  const count = compiled.length;
  if (count === 0) return ALWAYS_TRUE;
  if (count === 1) {
    const { lowerKey, test } = compiled[0];
    return (ctx, trace) =>
      trace === undefined ? test(ctx.get(lowerKey), ctx, undefined) : explainClauses(compiled, ctx, trace);
  }
  return (ctx, trace) => {
    if (trace !== undefined) return explainClauses(compiled, ctx, trace);
    for (let i = 0; i < count; i++) {
      const c = compiled[i];
      if (!c.test(ctx.get(c.lowerKey), ctx, undefined)) return false;
    }
    return true;
  };
}
