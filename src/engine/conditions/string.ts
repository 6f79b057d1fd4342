// String operators: exact, case-insensitive and glob comparisons; policy variables allowed in values.
import type { Located } from '../../policy/index.js';
import { compileWildcard } from '../match/wildcard.js';
import { compileStringTemplate, hasPolicyVariables } from '../match/template.js';
import { MATCH, NO_MATCH, type OperatorCompileOptions, type ValueOperator, type ValueTest } from './definition.js';
import type { CompiledPattern } from './types.js';

type StringMode = 'equals' | 'ignoreCase' | 'like';

/** Membership in a fixed list: a loop for short lists, a Set beyond. */
function compileMembership(values: readonly string[]): (value: string) => boolean {
  if (values.length === 1) {
    const only = values[0];
    return (value) => value === only;
  }
  if (values.length <= 8) {
    const list = values.slice();
    const count = list.length;
    return (value) => {
      for (let i = 0; i < count; i++) if (list[i] === value) return true;
      return false;
    };
  }
  const set = new Set(values);
  return (value) => set.has(value);
}

function compileStatic(mode: StringMode, values: readonly string[]): ((value: string) => boolean) | undefined {
  if (values.length === 0) return undefined;
  if (mode !== 'like') return compileMembership(mode === 'ignoreCase' ? values.map((v) => v.toLowerCase()) : values);
  const matchers = values.map((v) => compileWildcard(v));
  if (matchers.length === 1) return matchers[0];
  const count = matchers.length;
  return (value) => {
    for (let i = 0; i < count; i++) if (matchers[i](value)) return true;
    return false;
  };
}

/**
 * Splits policy values into fixed ones and ones with variables, and compiles both; `value` reaches the
 * returned test already lower-cased for the IgnoreCase operators.
 */
export function compileStringValues(
  mode: StringMode,
  values: readonly Located<string>[],
  options: OperatorCompileOptions,
): ValueTest {
  const fixed: string[] = [];
  const templates: CompiledPattern[] = [];
  for (const { value } of values) {
    if (options.policyVariables && hasPolicyVariables(value)) {
      templates.push(compileStringTemplate(value, { glob: mode === 'like', ignoreCase: mode === 'ignoreCase' }));
    } else {
      fixed.push(value);
    }
  }
  const fixedTest = compileStatic(mode, fixed);
  const templateCount = templates.length;
  const ignoreCase = mode === 'ignoreCase';
  if (templateCount === 0) {
    if (fixedTest === undefined) return () => NO_MATCH;
    if (ignoreCase) return (value) => (fixedTest(value.toLowerCase()) ? MATCH : NO_MATCH);
    return (value) => (fixedTest(value) ? MATCH : NO_MATCH);
  }
  return (value, ctx, trace) => {
    const v = ignoreCase ? value.toLowerCase() : value;
    if (fixedTest !== undefined && fixedTest(v)) return MATCH;
    for (let i = 0; i < templateCount; i++) if (templates[i](v, ctx, trace)) return MATCH;
    return NO_MATCH;
  };
}

function stringOperator(name: string, negated: boolean, mode: StringMode): ValueOperator {
  return { kind: 'value', name, negated, compile: (values, options) => compileStringValues(mode, values, options) };
}

export const STRING_OPERATORS: readonly ValueOperator[] = [
  stringOperator('StringEquals', false, 'equals'),
  stringOperator('StringNotEquals', true, 'equals'),
  stringOperator('StringEqualsIgnoreCase', false, 'ignoreCase'),
  stringOperator('StringNotEqualsIgnoreCase', true, 'ignoreCase'),
  stringOperator('StringLike', false, 'like'),
  stringOperator('StringNotLike', true, 'like'),
];
