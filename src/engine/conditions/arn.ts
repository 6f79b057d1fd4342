// Arn operators: segment-wise ARN matching (match/arn.ts). ArnEquals and ArnLike are the same operator in AWS
// (both take wildcards per segment), as are ArnNotEquals and ArnNotLike. Policy variables allowed in values.
import { compileArnPattern, isArnShaped } from '../match/arn.js';
import { compileArnTemplate, hasPolicyVariables } from '../match/template.js';
import { INVALID, MATCH, NO_MATCH, type ValueOperator, type ValueTest } from './definition.js';
import type { CompiledPattern } from './types.js';

function compileArnValues(...[values, options]: Parameters<ValueOperator['compile']>): ValueTest {
  const patterns: CompiledPattern[] = values.map((v) =>
    options.policyVariables && hasPolicyVariables(v.value) ? compileArnTemplate(v.value) : compileArnPattern(v.value),
  );
  const count = patterns.length;
  return (value, ctx, trace) => {
    // A request value that is not an ARN (fewer than six parts) cannot be compared, even with the pattern `*`.
    if (!isArnShaped(value)) return INVALID;
    for (let i = 0; i < count; i++) if (patterns[i](value, ctx, trace)) return MATCH;
    return NO_MATCH;
  };
}

function arnOperator(name: string, negated: boolean): ValueOperator {
  return { kind: 'value', name, negated, compile: compileArnValues };
}

export const ARN_OPERATORS: readonly ValueOperator[] = [
  arnOperator('ArnEquals', false),
  arnOperator('ArnLike', false),
  arnOperator('ArnNotEquals', true),
  arnOperator('ArnNotLike', true),
];
