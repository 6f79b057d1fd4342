// Public face of the policy language module. (Parser and validator are added beside the AST.)
export type {
  ConditionClause,
  Effect,
  Located,
  PolicyDocument,
  PolicyKind,
  Position,
  PrincipalElement,
  PrincipalEntry,
  PrincipalType,
  Span,
  Statement,
} from './ast.js';
export { POLICY_KINDS } from './ast.js';
export type { Diagnostic, Severity } from './diagnostics.js';
