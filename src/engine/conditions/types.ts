// The contract between compiled conditions/patterns and the evaluator.
import type { Span } from '../../policy/index.js';
import type { ContextValue } from '../types.js';

/** Read access to the request context. Keys are looked up already lower-cased. */
export interface ConditionContext {
  get(lowerKey: string): ContextValue | undefined;
}

/** The outcome of one (operator, key) clause, recorded only when explaining. */
export interface ClauseOutcome {
  readonly operator: string;
  readonly key: string;
  readonly result: boolean;
  /** The key was absent from the request context. */
  readonly missing: boolean;
  readonly span: Span;
}

/**
 * Collects what explaining needs. Passed only in explain mode; the fast path passes undefined and must not
 * allocate for it.
 */
export interface ConditionTrace {
  /** Keys (as written in the policy) a clause needed and the context lacked, incl. policy variables. */
  readonly missingKeys: string[];
  readonly clauses: ClauseOutcome[];
}

/** A compiled Condition block: true when every clause holds. */
export type CompiledCondition = (ctx: ConditionContext, trace?: ConditionTrace) => boolean;

/** A compiled Resource/NotResource entry (or a String/Arn condition value) that may contain policy variables. */
export type CompiledPattern = (value: string, ctx: ConditionContext, trace?: ConditionTrace) => boolean;

/** Thrown at compile time only (unknown operator, malformed value); never during evaluation. */
export class ConditionCompileError extends Error {
  constructor(
    message: string,
    readonly span?: Span,
  ) {
    super(message);
    this.name = 'ConditionCompileError';
  }
}
