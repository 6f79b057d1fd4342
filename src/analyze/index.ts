// Public face of the analyzer: load inputs into the model (loaders), run every check over it, apply
// suppressions, and hand a Report to a reporter (text, JSON, SARIF). Pure: the CLI does the I/O.
import type { Catalog } from '../catalog/index.js';
import { LINT_CHECKS, runLintChecks, type ScopedFinding } from './checks/index.js';
import { ESCALATION_CHECKS, findEscalationPaths } from './escalation/index.js';
import type { AnalysisModel, CheckDefinition, Finding, FindingSeverity } from './model.js';
import { applySuppressions, SUPPRESSION_CHECKS, type SuppressionEntry } from './suppressions.js';

export type * from './model.js';
export { UNKNOWN_PLACEHOLDER_PREFIX } from './model.js';
export { detectInputKind } from './loaders/detect.js';
export { merge, EMPTY_MODEL } from './loaders/merge.js';
export { loadPolicyFile, loadPolicyFiles, type InputFile } from './loaders/policy-files.js';
export { loadAuthorizationDetails, parseCredentialReport, type AuthorizationDetailsOptions } from './loaders/authorization-details.js';
export { loadCloudFormation } from './loaders/cloudformation.js';
export { loadCdk, type CdkAssemblyInput } from './loaders/cdk.js';
export { loadTerraformPlan } from './loaders/terraform-plan.js';
export { loadTerraformHcl } from './loaders/terraform-hcl.js';
export { loadInputs, type AnalysisInput } from './inputs.js';
export { findEscalationPaths, ESCALATION_CHECKS, ESCALATION_METHODS } from './escalation/index.js';
export { LINT_CHECKS, SOURCE_SENDING_SERVICES, sourceSendingService } from './checks/index.js';
export { parseSuppressionsFile, checkIdFromSid, SID_PREFIX, type SuppressionEntry } from './suppressions.js';
export { formatText } from './report/text.js';
export { formatJson } from './report/json.js';
export { toSarif, formatSarif, type SarifOptions } from './report/sarif.js';

export interface AnalyzeOptions {
  readonly catalog: Catalog;
  /** The time suppressions expire against and key ages are measured from (the analyzer never reads the clock). */
  readonly now?: Date;
  /** The account's convention requires a permissions boundary on every role and user. */
  readonly requireBoundary?: boolean;
  /** Access keys older than this are reported (default 90). */
  readonly maxKeyAgeDays?: number;
  /** Access keys unused for longer than this are reported (default: maxKeyAgeDays). */
  readonly maxKeyUnusedDays?: number;
  /** Entries of a suppressions file. */
  readonly suppressions?: readonly SuppressionEntry[];
  /** Run the privilege-escalation analysis (default true). */
  readonly escalation?: boolean;
  /** The tool version shown in reports. */
  readonly toolVersion?: string;
}

export interface ReportSummary {
  readonly error: number;
  readonly warning: number;
  readonly info: number;
  readonly suppressed: number;
  readonly inputs: number;
}

export interface Report {
  readonly tool: { readonly name: 'castellan'; readonly version?: string };
  /** The AWS service reference the checks used: every report says which. */
  readonly serviceData: { readonly date: string; readonly version: string };
  readonly inputs: AnalysisModel['inputs'];
  /** Active findings, sorted by file, line, column. */
  readonly findings: readonly Finding[];
  /** Findings a valid suppression silenced (with its reason). */
  readonly suppressed: readonly Finding[];
  readonly summary: ReportSummary;
  /** Every check the analyzer knows (rule metadata for SARIF and docs). */
  readonly checks: readonly CheckDefinition[];
}

/** Every check id, with its metadata. */
export function allChecks(): readonly CheckDefinition[] {
  return [...LINT_CHECKS, ...ESCALATION_CHECKS, ...SUPPRESSION_CHECKS];
}

// Code-unit order, not localeCompare: the same order on every machine whatever its locale (reports are
// diffed in CI), and ICU collation was the slowest part of sorting a few hundred findings.
const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function compareFindings(a: Finding, b: Finding): number {
  return (
    compareText(a.location.file, b.location.file) ||
    a.location.line - b.location.line ||
    a.location.column - b.location.column ||
    compareText(a.checkId, b.checkId) ||
    compareText(a.message, b.message)
  );
}

export function analyze(model: AnalysisModel, options: AnalyzeOptions): Report {
  const maxKeyAgeDays = options.maxKeyAgeDays ?? 90;
  const now = options.now ?? new Date(0);
  const checks = allChecks();
  const scoped: ScopedFinding[] = runLintChecks(model, options.catalog, {
    requireBoundary: options.requireBoundary ?? false,
    maxKeyAgeDays,
    maxKeyUnusedDays: options.maxKeyUnusedDays ?? maxKeyAgeDays,
    now,
  });
  if (options.escalation !== false) {
    const byArn = new Map(model.entities.filter((e) => e.arn !== undefined).map((e) => [e.arn as string, e]));
    for (const finding of findEscalationPaths(model)) {
      const entity = finding.subject === undefined ? undefined : byArn.get(finding.subject);
      scoped.push({ finding, ...(entity === undefined ? {} : { entity }) });
    }
  }
  const { active, suppressed } = applySuppressions(
    scoped,
    model,
    options.suppressions ?? [],
    checks.map((c) => c.id),
    now,
  );
  active.sort(compareFindings);
  suppressed.sort(compareFindings);
  const count = (severity: FindingSeverity): number => active.filter((f) => f.severity === severity).length;
  return {
    tool: { name: 'castellan', ...(options.toolVersion === undefined ? {} : { version: options.toolVersion }) },
    serviceData: { date: options.catalog.dataDate, version: options.catalog.dataVersion },
    inputs: model.inputs,
    findings: active,
    suppressed,
    summary: { error: count('error'), warning: count('warning'), info: count('info'), suppressed: suppressed.length, inputs: model.inputs.length },
    checks,
  };
}

const SEVERITY_RANK: Record<FindingSeverity | 'none', number> = { error: 3, warning: 2, info: 1, none: 4 };

/** Whether a report fails a CI run at `failOn` (error, warning, info; none never fails). */
export function failsAt(report: Report, failOn: FindingSeverity | 'none'): boolean {
  if (failOn === 'none') return false;
  return report.findings.some((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[failOn]);
}

