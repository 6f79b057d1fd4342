// The operator registry: every base operator by name, and the parsing of qualifiers around it
// (`ForAllValues:` / `ForAnyValue:` prefix, `IfExists` suffix).
import { ARN_OPERATORS } from './arn.js';
import { BINARY_OPERATORS } from './binary.js';
import { BOOL_OPERATORS } from './bool.js';
import { DATE_OPERATORS } from './date.js';
import type { OperatorDefinition } from './definition.js';
import { IP_OPERATORS } from './ip.js';
import { NULL_OPERATORS } from './null.js';
import { NUMERIC_OPERATORS } from './numeric.js';
import { STRING_OPERATORS } from './string.js';

const ALL: readonly OperatorDefinition[] = [
  ...STRING_OPERATORS,
  ...NUMERIC_OPERATORS,
  ...DATE_OPERATORS,
  ...BOOL_OPERATORS,
  ...BINARY_OPERATORS,
  ...IP_OPERATORS,
  ...ARN_OPERATORS,
  ...NULL_OPERATORS,
];

/** Lower-cased name → definition. */
const REGISTRY: ReadonlyMap<string, OperatorDefinition> = new Map(ALL.map((op) => [op.name.toLowerCase(), op]));

/** The base operator names (without qualifiers), canonical spelling. */
export const CONDITION_OPERATORS: readonly string[] = ALL.map((op) => op.name);

export type SetQualifier = 'ForAllValues' | 'ForAnyValue';

export interface ParsedOperator {
  /** The canonical base name, e.g. `StringLike` for `ForAnyValue:stringlikeifexists`. */
  readonly base: string;
  readonly setQualifier: SetQualifier | undefined;
  readonly ifExists: boolean;
  /** NOT(any match) operators: `StringNot*`, `NumericNotEquals`, `DateNotEquals`, `NotIpAddress`, `ArnNot*`. */
  readonly negated: boolean;
}

export function operatorDefinition(base: string): OperatorDefinition | undefined {
  return REGISTRY.get(base.toLowerCase());
}

const IF_EXISTS = 'ifexists';

/**
 * Parses an operator as written. Names compare case-insensitively (iam-simulate does the same; the validator
 * decides whether a spelling is acceptable). Undefined for anything that is not an operator, including
 * `NullIfExists` (IfExists never applies to Null) and `ForAnyValue::StringEquals`.
 */
export function parseConditionOperator(op: string): ParsedOperator | undefined {
  let rest = op;
  let setQualifier: SetQualifier | undefined;
  const colon = op.indexOf(':');
  if (colon >= 0) {
    const prefix = op.slice(0, colon).toLowerCase();
    if (prefix === 'forallvalues') setQualifier = 'ForAllValues';
    else if (prefix === 'foranyvalue') setQualifier = 'ForAnyValue';
    else return undefined;
    rest = op.slice(colon + 1);
  }
  let definition = REGISTRY.get(rest.toLowerCase());
  let ifExists = false;
  if (definition === undefined && rest.toLowerCase().endsWith(IF_EXISTS)) {
    definition = REGISTRY.get(rest.slice(0, rest.length - IF_EXISTS.length).toLowerCase());
    ifExists = true;
    if (definition?.kind === 'presence') return undefined;
  }
  if (definition === undefined) return undefined;
  return {
    base: definition.name,
    setQualifier,
    ifExists,
    negated: definition.kind === 'value' && definition.negated,
  };
}
