// The one interface every operator family implements (the MinIO shape: small types registered by name).
import type { Located, Span } from '../../policy/index.js';
import { ConditionCompileError, type ConditionContext, type ConditionTrace } from './types.js';

/**
 * How one request value compares with a clause's policy values. Three-valued: INVALID means the request
 * value cannot be compared at all (not a number, not a date, not an IP, not an ARN), which is false for a
 * positive and for a negated operator alike — iam-simulate's reading of "non-numeric ⇒ no match".
 */
export const NO_MATCH = 0;
export const MATCH = 1;
export const INVALID = 2;
export type Outcome = typeof NO_MATCH | typeof MATCH | typeof INVALID;

/** Does `value` match at least one policy value (the positive sense; negation is applied by the qualifiers)? */
export type ValueTest = (value: string, ctx: ConditionContext, trace: ConditionTrace | undefined) => Outcome;

export interface OperatorCompileOptions {
  /** Version 2012-10-17: `${…}` in String, Arn and Bool values is a policy variable. */
  readonly policyVariables: boolean;
}

/** An operator that compares request values with policy values. */
export interface ValueOperator {
  readonly kind: 'value';
  /** The canonical name, e.g. `NumericLessThan`. */
  readonly name: string;
  /** NOT(any match): `StringNotEquals`, `NotIpAddress`, … */
  readonly negated: boolean;
  /** Throws ConditionCompileError for a malformed policy value. */
  compile(values: readonly Located<string>[], options: OperatorCompileOptions): ValueTest;
}

/** An operator that tests whether the key is present (`Null`). */
export interface PresenceOperator {
  readonly kind: 'presence';
  readonly name: string;
  compile(values: readonly Located<string>[]): (present: boolean) => boolean;
}

export type OperatorDefinition = ValueOperator | PresenceOperator;

export function malformed(operator: string, value: Located<string>, expected: string): ConditionCompileError {
  return new ConditionCompileError(`${operator}: '${value.value}' is not ${expected}`, value.span);
}

export function compileErrorAt(message: string, span: Span): ConditionCompileError {
  return new ConditionCompileError(message, span);
}
