import type { Span } from './ast.js';

/** How bad a finding is, in the vocabulary of IAM Access Analyzer's policy validation. */
export type Severity = 'error' | 'securityWarning' | 'warning' | 'suggestion';

export interface Diagnostic {
  /** Stable machine-readable code, e.g. `json.invalid`, `statement.missingAction` (table: codes.ts). */
  readonly code: string;
  readonly severity: Severity;
  /** Human message; for errors AWS itself reports, AWS's exact wording (spec/policy-grammar.md). */
  readonly message: string;
  readonly span?: Span;
  /** File name or other origin, when known. */
  readonly source?: string;
  /** A closest known name, for unknown actions / condition keys ("did you mean"). */
  readonly suggestion?: string;
  /**
   * AWS's exact MalformedPolicyDocument message for this problem, when AWS rejects it. Differs from
   * `message` only where AWS's wording says less (`Syntax errors in policy.`).
   */
  readonly awsMessage?: string;
}
