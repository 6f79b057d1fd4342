// From inputs the CLI has read (files with their detected kind, CDK assemblies, Terraform folders) to one
// model, through the loader of each kind. Pure: the CLI does the I/O.
import { loadAuthorizationDetails } from './loaders/authorization-details.js';
import { loadCdk } from './loaders/cdk.js';
import { loadCloudFormation } from './loaders/cloudformation.js';
import { merge } from './loaders/merge.js';
import { loadTerraformHcl } from './loaders/terraform-hcl.js';
import { loadTerraformPlan } from './loaders/terraform-plan.js';
import { loadPolicyFiles, type InputFile } from './loaders/policy-files.js';
import type { AnalysisModel, InputKind } from './model.js';

export interface AnalysisInput {
  readonly kind: InputKind;
  /** Where the input is: the file, or the folder (CDK assembly, Terraform module). */
  readonly path: string;
  readonly files: readonly InputFile[];
}

export interface LoadInputsOptions {
  readonly credentialReport?: InputFile;
}

/** Kinds whose loader is not part of this build: reported, never silently skipped. */
export const UNSUPPORTED_KINDS: ReadonlySet<InputKind> = new Set<InputKind>([]);

export async function loadInputs(inputs: readonly AnalysisInput[], options: LoadInputsOptions = {}): Promise<AnalysisModel> {
  const models: AnalysisModel[] = [];
  const byKind = (kind: InputKind): AnalysisInput[] => inputs.filter((i) => i.kind === kind);
  const policies = byKind('policy').flatMap((i) => i.files);
  if (policies.length > 0) models.push(loadPolicyFiles(policies));
  const exports = byKind('authorization-details').flatMap((i) => i.files);
  if (exports.length > 0) {
    models.push(loadAuthorizationDetails(exports, options.credentialReport === undefined ? {} : { credentialReport: options.credentialReport }));
  }
  const templates = byKind('cloudformation').flatMap((i) => i.files);
  if (templates.length > 0) models.push(loadCloudFormation(templates));
  const plans = byKind('terraform-plan').flatMap((i) => i.files);
  if (plans.length > 0) models.push(loadTerraformPlan(plans));
  // Each folder of .tf files is one Terraform module.
  for (const module of byKind('terraform-hcl')) models.push(await loadTerraformHcl(module.files));
  for (const assembly of byKind('cdk')) models.push(loadCdk({ path: assembly.path, files: assembly.files }));
  for (const input of inputs) {
    if (!UNSUPPORTED_KINDS.has(input.kind)) continue;
    models.push({
      inputs: [{ file: input.path, kind: input.kind }],
      entities: [],
      managedPolicies: [],
      resourcePolicies: [],
      standalonePolicies: [],
      loadErrors: [{ message: `unsupported input kind: ${input.kind} (no loader in this build)`, location: { file: input.path, line: 1, column: 1 } }],
    });
  }
  return merge(models);
}
