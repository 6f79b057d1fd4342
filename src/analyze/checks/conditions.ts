// Whether a statement's Condition narrows who can use it, by key.
import type { ConditionClause, Statement } from '../../policy/index.js';
import { isPositiveOperator } from './context.js';

const MATCHES_ANYTHING = new Set(['*', '0.0.0.0/0', '::/0']);

/**
 * The first clause that limits the statement to listed values of one of `keys`: a positive operator
 * (StringEquals, ArnLike, Bool…), not IfExists unless `ifExistsCounts` (an absent key would pass), and no value
 * that matches anything.
 */
export function restrictingClause(statement: Statement, keys: ReadonlySet<string>, ifExistsCounts = false): ConditionClause | undefined {
  return statement.condition.find((clause) => {
    const key = clause.key.value.toLowerCase();
    const matches = keys.has(key) || [...keys].some((k) => k.endsWith('/') && key.startsWith(k));
    if (!matches || !isPositiveOperator(clause.operator.value)) return false;
    if (!ifExistsCounts && /IfExists$/i.test(clause.operator.value)) return false;
    if (/^Bool/i.test(clause.operator.value.replace(/^ForAnyValue:/i, ''))) return clause.values.every((v) => v.value.toLowerCase() === 'true');
    return clause.values.length > 0 && clause.values.every((v) => !MATCHES_ANYTHING.has(v.value));
  });
}

export function keySet(keys: readonly string[]): Set<string> {
  return new Set(keys.map((k) => k.toLowerCase()));
}
