// Internal form of a diagnostic: the public Diagnostic plus where it falls in AWS's check order, so
// awsPolicyError can answer with the first failure AWS would report (spec/policy-grammar.md §3).
import type { Diagnostic, Severity } from './diagnostics.js';
import type { DiagnosticCode } from './codes.js';
import type { Span } from './ast.js';

/** Phases of IAM's validation, in the order IAM runs them. */
export const AwsPhase = {
  syntax: 1,
  version: 2,
  // Kind-level shape (principal forbidden/required, trust Resource): placement in AWS's order is unobserved.
  kindShape: 3,
  legacy: 4,
  sidFormat: 5,
  sidUnique: 6,
  actionsPresent: 7,
  resourcesPresent: 8,
  resourceFormat: 9,
  actionFormat: 10,
  trustActions: 11,
  principalValue: 12,
} as const;

export interface Finding {
  readonly diagnostic: Diagnostic;
  /** Sort key in AWS's check order; absent when AWS does not report the problem as MalformedPolicyDocument. */
  readonly aws?: readonly number[];
}

export interface FindingInput {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  readonly message: string;
  readonly span?: Span;
  readonly awsMessage?: string;
  readonly aws?: readonly number[];
  readonly suggestion?: string;
}

export type Report = (input: FindingInput) => void;

export function collector(source: string | undefined): { findings: Finding[]; report: Report } {
  const findings: Finding[] = [];
  const report: Report = (f) => {
    const diagnostic: Diagnostic = {
      code: f.code,
      severity: f.severity,
      message: f.message,
      ...(f.span ? { span: f.span } : {}),
      ...(source !== undefined ? { source } : {}),
      ...(f.awsMessage !== undefined ? { awsMessage: f.awsMessage } : {}),
      ...(f.suggestion !== undefined ? { suggestion: f.suggestion } : {}),
    };
    findings.push(f.aws ? { diagnostic, aws: f.aws } : { diagnostic });
  };
  return { findings, report };
}

function compareKeys(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

/** The finding AWS reports first, if any; ties go to the earliest reported. */
export function firstAwsFinding(findings: readonly Finding[]): Finding | undefined {
  let best: Finding | undefined;
  for (const f of findings) {
    if (f.aws && (!best?.aws || compareKeys(f.aws, best.aws) < 0)) best = f;
  }
  return best;
}

/** Diagnostics in document order (by offset), findings without a span first; stable otherwise. */
export function sortedDiagnostics(findings: readonly Finding[]): Diagnostic[] {
  return findings
    .map((f, i) => ({ d: f.diagnostic, i }))
    .sort((a, b) => (a.d.span?.start.offset ?? -1) - (b.d.span?.start.offset ?? -1) || a.i - b.i)
    .map((x) => x.d);
}
