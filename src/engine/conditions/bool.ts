// Bool: `true`/`false`, compared case-insensitively on both sides (AWS accepts `"True"`; JSON booleans arrive
// stringified). Policy variables are accepted: the operator reference allows them, the variables page does not
// list Bool — accepting is harmless because the substituted value must still equal the request value.
import { compileStringTemplate, hasPolicyVariables } from '../match/template.js';
import { INVALID, MATCH, NO_MATCH, malformed, type ValueOperator, type ValueTest } from './definition.js';
import type { CompiledPattern } from './types.js';

const BOOL: ValueOperator = {
  kind: 'value',
  name: 'Bool',
  negated: false,
  compile(values, options) {
    let matchTrue = false;
    let matchFalse = false;
    const templates: CompiledPattern[] = [];
    for (const v of values) {
      const lower = v.value.toLowerCase();
      if (lower === 'true') matchTrue = true;
      else if (lower === 'false') matchFalse = true;
      else if (options.policyVariables && hasPolicyVariables(v.value)) {
        templates.push(compileStringTemplate(v.value, { glob: false, ignoreCase: true }));
      } else throw malformed('Bool', v, "'true' or 'false'");
    }
    const templateCount = templates.length;
    const test: ValueTest = (value, ctx, trace) => {
      const lower = value.toLowerCase();
      const isTrue = lower === 'true';
      if (!isTrue && lower !== 'false') return INVALID;
      if (isTrue ? matchTrue : matchFalse) return MATCH;
      for (let i = 0; i < templateCount; i++) if (templates[i](lower, ctx, trace)) return MATCH;
      return NO_MATCH;
    };
    return test;
  },
};

export const BOOL_OPERATORS: readonly ValueOperator[] = [BOOL];
