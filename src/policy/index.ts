// Public face of the policy language module: parse (JSON + grammar), validate (per policy kind),
// AWS's answer for a document, and the size count.
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
export { DIAGNOSTIC_CODES } from './codes.js';
export type { DiagnosticCode } from './codes.js';
export type { ParseOptions, ValidateOptions } from './options.js';
export type { ParseResult } from './check.js';
export { awsPolicyError, checkPolicy, parseAndCheckPolicy, parsePolicy, policyTextConstraintError, validatePolicy } from './check.js';
export { policySize } from './size.js';
export { AwsMessages } from './aws-messages.js';
export { CONDITION_OPERATORS, parseOperatorName } from './operators.js';
export type { BaseOperator, OperatorName } from './operators.js';
export { TRUST_ACTIONS } from './validate.js';
// Line/column arithmetic over source text, shared with anything else that reports positions in JSON files.
export { lineStarts, positionAt } from './text.js';
export { detectPolicyKind } from './detect.js';
// The strict-JSON token scanners, shared with the analyzer's own fast path.
export { NOT_STRICT_JSON, NotStrictJson, jsonNumberEnd, jsonStringEnd, jsonStringValue } from './json-scan.js';
