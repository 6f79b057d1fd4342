// The typed AST of an AWS policy document. Every node carries where it came from, so diagnostics and
// explanations can point at file:line:column and a JSON pointer.

/** 1-based line and column, 0-based character offset into the source text. */
export interface Position {
  readonly line: number;
  readonly column: number;
  readonly offset: number;
}

export interface Span {
  readonly start: Position;
  readonly end: Position;
  /** RFC 6901 JSON pointer of the element, e.g. `/Statement/0/Action/1`. */
  readonly pointer: string;
}

/** A scalar value with its source span. */
export interface Located<T> {
  readonly value: T;
  readonly span: Span;
}

/** The kinds of policy document, each with its own validation rules (spec/policy-grammar.md §5). */
export type PolicyKind = 'identity' | 'resource' | 'trust' | 'boundary' | 'scp' | 'rcp' | 'session';

export const POLICY_KINDS: readonly PolicyKind[] = ['identity', 'resource', 'trust', 'boundary', 'scp', 'rcp', 'session'];

export type Effect = 'Allow' | 'Deny';

/** The keys of a Principal object. `*` alone (the string form) is `PrincipalElement.wildcard`. */
export type PrincipalType = 'AWS' | 'Service' | 'Federated' | 'CanonicalUser';

export interface PrincipalElement {
  /** `"Principal": "*"` — everyone, including anonymous callers. */
  readonly wildcard: boolean;
  /** Values by principal type; `{"AWS": "*"}` is an `AWS` entry whose value is `*`. */
  readonly entries: readonly PrincipalEntry[];
  readonly span: Span;
}

export interface PrincipalEntry {
  readonly type: PrincipalType;
  readonly values: readonly Located<string>[];
  readonly span: Span;
}

/** One (operator, key) pair of a Condition block with its values as strings (numbers/booleans stringified). */
export interface ConditionClause {
  /** The operator exactly as written, e.g. `ForAnyValue:StringLikeIfExists`. */
  readonly operator: Located<string>;
  /** The condition key exactly as written (keys compare case-insensitively). */
  readonly key: Located<string>;
  readonly values: readonly Located<string>[];
  readonly span: Span;
}

export interface Statement {
  /** Position of the statement in the document's Statement list (0-based). */
  readonly index: number;
  readonly sid?: Located<string>;
  readonly effect: Located<Effect>;
  readonly principal?: PrincipalElement;
  readonly notPrincipal?: PrincipalElement;
  readonly action?: readonly Located<string>[];
  readonly notAction?: readonly Located<string>[];
  readonly resource?: readonly Located<string>[];
  readonly notResource?: readonly Located<string>[];
  readonly condition: readonly ConditionClause[];
  readonly span: Span;
}

export interface PolicyDocument {
  /** `2012-10-17`, `2008-10-17`, or undefined when absent (evaluated as 2008-10-17). */
  readonly version?: Located<string>;
  readonly id?: Located<string>;
  readonly statements: readonly Statement[];
  readonly span: Span;
  /** The text the document was parsed from. */
  readonly text: string;
  /** The file (or other origin) the text came from, for diagnostics. */
  readonly source?: string;
}
