// The analyzer's one internal model. Every input (policy files, CloudFormation, CDK, Terraform plan or HCL, an
// account's authorization details) is loaded into it; every check reads only it. Every element keeps where it
// came from, so a finding points at file:line:column.
import type { ParseResult, PolicyDocument, PolicyKind } from '../policy/index.js';

/** A place in an input file (1-based line and column). */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine?: number;
  readonly endColumn?: number;
}

/** What kind of input a file was read as. */
export type InputKind =
  | 'policy'
  | 'cloudformation'
  | 'cdk'
  | 'terraform-plan'
  | 'terraform-hcl'
  | 'authorization-details';

/**
 * A value the loader could not know before deployment (a Terraform `(known after apply)`, a CloudFormation
 * `!GetAtt` of a resource that does not exist yet, an unresolvable `!ImportValue`). Checks must never treat
 * an unknown as safe: they report it (`unknown.value`) or reason about both possibilities.
 */
export interface UnknownValue {
  readonly unknown: true;
  /** Human description of where it comes from, e.g. `aws_s3_bucket.data.arn (known after apply)`. */
  readonly origin: string;
}

/** Placeholder text used inside policy JSON for unknown values, so the policy still parses. */
export const UNKNOWN_PLACEHOLDER_PREFIX = '${castellan:unknown:';

export interface PolicyRecord {
  /** Stable id within the model, e.g. `cfn:template.yaml:MyRole:Policies[0]`. */
  readonly id: string;
  /** Display name: the policy name, or the logical id / resource address. */
  readonly name: string;
  readonly kind: PolicyKind;
  /** The parsed document, or undefined when the text was not a valid policy (then `diagnostics` say why). */
  readonly document?: PolicyDocument;
  /** The JSON text that was parsed (for IaC inputs: the document as resolved by the loader). */
  readonly text: string;
  /** Parse/validation errors of the document (from policy/). */
  readonly parseErrors: readonly string[];
  /**
   * IaC inputs: the whole document is unknown before deployment (`file(...)`, a plan's "known after apply", an
   * `!If` between documents); what stands for it, for the message. No check can run on it, and it is never
   * assumed safe: it is reported as `unknown.value`, not as an invalid policy.
   */
  readonly unknownDocument?: string;
  /**
   * What `checkPolicy(text, kind)` answers, when the loader has worked it out already (it parsed `text`
   * itself): the policy check uses it rather than parsing every document a second time. Its diagnostics
   * may have no `source` (records with the same text share them).
   */
  readonly checked?: ParseResult;
  /** Where the policy element starts in the input. */
  readonly location: SourceLocation;
  /**
   * Maps a JSON pointer inside the document (`/Statement/0/Action/1`) to its place in the INPUT file (the
   * YAML node, the HCL attribute, the embedded JSON), falling back to the nearest enclosing element.
   */
  locate(pointer: string): SourceLocation;
  /** Values that were unknown at load time, by JSON pointer in the document. */
  readonly unknowns: ReadonlyMap<string, UnknownValue>;
  /** Suppressions declared for this policy (Sid convention, CloudFormation Metadata, Terraform comment). */
  readonly suppressions: readonly Suppression[];
}

export type EntityType = 'user' | 'group' | 'role';

export interface AccessKeyRecord {
  readonly accessKeyId?: string;
  readonly status: 'Active' | 'Inactive';
  readonly createDate?: Date;
  readonly lastUsedDate?: Date;
}

/** A user, group or role of the input, with its policies. */
export interface EntityRecord {
  readonly type: EntityType;
  /** Name (may be unknown in IaC: then a descriptive placeholder like the logical id). */
  readonly name: string;
  /** ARN when known (account exports, or resolvable IaC). */
  readonly arn?: string;
  readonly accountId?: string;
  readonly path: string;
  readonly location: SourceLocation;
  /** Roles: the trust policy. */
  readonly trustPolicy?: PolicyRecord;
  readonly inlinePolicies: readonly PolicyRecord[];
  /** Managed policies attached: customer policy ids in the model, or ARNs (AWS managed or external). */
  readonly managedPolicies: readonly ManagedPolicyRef[];
  readonly permissionsBoundary?: ManagedPolicyRef;
  /** Users: names of the groups they belong to. Groups: names of their members. */
  readonly groups?: readonly string[];
  readonly members?: readonly string[];
  /** Users: access keys (long-lived credentials). `hasAccessKeys` for IaC inputs that only declare keys. */
  readonly accessKeys?: readonly AccessKeyRecord[];
  readonly hasLoginProfile?: boolean;
  readonly tags?: Readonly<Record<string, string>>;
  readonly suppressions: readonly Suppression[];
  /**
   * IaC inputs: the input only names it (a policy attached to, or a key created for, an existing role or user)
   * and does not create it, so what only its own declaration shows (its permissions boundary) is not known.
   */
  readonly external?: boolean;
}

/** A reference to a managed policy: by model id (customer policy in the input) or by ARN. */
export interface ManagedPolicyRef {
  /** The PolicyRecord id when the policy is part of the input. */
  readonly policyId?: string;
  /** The ARN, when known (AWS managed: `arn:aws:iam::aws:policy/...`). */
  readonly arn?: string | UnknownValue;
  readonly location: SourceLocation;
}

/** A customer managed policy of the input (standalone, attachable). */
export interface ManagedPolicyRecord {
  readonly policy: PolicyRecord;
  readonly arn?: string;
}

export type ResourcePolicyService = 's3' | 'sqs' | 'sns' | 'kms' | 'lambda' | 'other';

/** A resource-based policy of the input: bucket policy, queue/topic policy, key policy, Lambda permission. */
export interface ResourcePolicyRecord {
  readonly service: ResourcePolicyService;
  /** The resource it protects, when known. */
  readonly resourceArn?: string | UnknownValue;
  readonly policy: PolicyRecord;
}

export interface Suppression {
  /** The check id it silences (e.g. `iam.wildcard-action`). */
  readonly checkId: string;
  /** Required: a suppression without a reason is itself reported. */
  readonly reason?: string;
  /** ISO date; after it the suppression no longer applies and is reported as expired. */
  readonly expires?: string;
  readonly location: SourceLocation;
}

/** Everything loaded from the inputs of one analysis. */
export interface AnalysisModel {
  readonly inputs: readonly { readonly file: string; readonly kind: InputKind }[];
  readonly entities: readonly EntityRecord[];
  readonly managedPolicies: readonly ManagedPolicyRecord[];
  readonly resourcePolicies: readonly ResourcePolicyRecord[];
  /** Policy documents given on their own (policy files), with the kind they were read as. */
  readonly standalonePolicies: readonly PolicyRecord[];
  /** SCPs that apply to the input's account, one array per organization level (root first), when known. */
  readonly scps?: readonly (readonly PolicyRecord[])[];
  /** Problems loading inputs (unreadable file, unsupported construct), reported as findings. */
  readonly loadErrors: readonly { readonly message: string; readonly location: SourceLocation }[];
}

export type FindingSeverity = 'error' | 'warning' | 'info';

/** One result of one check. */
export interface Finding {
  readonly checkId: string;
  readonly severity: FindingSeverity;
  readonly message: string;
  readonly location: SourceLocation;
  /** Escalation findings: the path, step by step. */
  readonly path?: readonly string[];
  /** The policy/entity it concerns, for grouping. */
  readonly subject?: string;
  /** Set when a suppression matched; suppressed findings are reported separately, not dropped silently. */
  readonly suppressed?: { readonly reason?: string; readonly expires?: string };
}

/** Metadata of a check: stable id, severity, a short why and how to fix (documented in docs/checks.md). */
export interface CheckDefinition {
  readonly id: string;
  readonly severity: FindingSeverity;
  readonly title: string;
  readonly why: string;
  readonly fix: string;
}
