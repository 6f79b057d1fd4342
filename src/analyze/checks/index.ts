// Every check, in the order reports list them, and the one function that runs them over a model.
import type { Catalog } from '../../catalog/index.js';
import type { AnalysisModel, CheckDefinition } from '../model.js';
import { CheckContext, type CheckOptions, type ScopedFinding } from './context.js';
import { ENTITY_CHECKS, runEntityChecks } from './entity.js';
import { IDENTITY_CHECKS, runIdentityChecks } from './identity.js';
import { POLICY_CATALOG_CHECKS, POLICY_GRAMMAR, POLICY_INVALID, runPolicyChecks } from './policy.js';
import { RESOURCE_CHECKS, runResourceChecks } from './resource.js';
import { TRUST_CHECKS, runTrustChecks } from './trust.js';
import { LOAD_ERROR, UNKNOWN_VALUE } from './unknown.js';

export type { CheckOptions, ScopedFinding } from './context.js';
export { SOURCE_SENDING_SERVICES, sourceSendingService } from './service-source-table.js';

/** The checks of this module (escalation and suppression checks are added by the analyzer). */
export const LINT_CHECKS: readonly CheckDefinition[] = [
  LOAD_ERROR,
  POLICY_INVALID,
  POLICY_GRAMMAR,
  ...POLICY_CATALOG_CHECKS,
  ...IDENTITY_CHECKS,
  ...TRUST_CHECKS,
  ...RESOURCE_CHECKS,
  ...ENTITY_CHECKS,
  UNKNOWN_VALUE,
];

export function runLintChecks(model: AnalysisModel, catalog: Catalog, options: CheckOptions): ScopedFinding[] {
  const ctx = new CheckContext(model, catalog, options);
  for (const error of model.loadErrors) ctx.report(LOAD_ERROR, { message: error.message, location: error.location });
  runPolicyChecks(ctx);
  const uses = ctx.policies();
  runIdentityChecks(ctx, uses);
  runTrustChecks(ctx, uses);
  runResourceChecks(ctx, uses);
  runEntityChecks(ctx);
  return ctx.findings;
}
