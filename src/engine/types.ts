// Public types of the evaluation engine. The engine is pure: everything it knows about a request,
// including the time (aws:CurrentTime), comes in through these values.
import type { Effect, PolicyDocument, Span } from '../policy/index.js';

/** A condition-key value: single-valued keys are strings, multivalued keys (aws:TagKeys…) arrays. */
export type ContextValue = string | readonly string[];

/** Condition keys to values, as given by a caller. Key names compare case-insensitively. */
export type ContextValues = Readonly<Record<string, ContextValue>>;

/** Who is calling, derived from the principal string (and PrincipalDetails when given). */
export type PrincipalKind =
  | 'root'
  | 'user'
  /** An IAM role ARN used as the caller (the simulator's view of "this role's sessions"). */
  | 'role'
  | 'roleSession'
  | 'federatedUser'
  | 'service'
  /** An identity provider calling AssumeRoleWithWebIdentity/SAML: an oidc-provider or saml-provider ARN,
   * or a built-in provider host (`accounts.google.com`, `cognito-identity.amazonaws.com`, …). */
  | 'webIdentity'
  | 'anonymous';

/** Facts about the caller that its ARN does not carry. All optional. */
export interface PrincipalDetails {
  /** For role sessions: the role's ARN with its path (what `aws:PrincipalArn` holds). */
  readonly roleArn?: string;
  /** For federated users: the ARN of the IAM user who called GetFederationToken. */
  readonly sourceUserArn?: string;
  /** The unique ID (AIDA…/AROA…), matched by trust policies that store IDs instead of ARNs. */
  readonly uniqueId?: string;
  /** Service-linked roles are exempt from SCPs. Derived from the `/aws-service-role/` path when not given. */
  readonly isServiceLinkedRole?: boolean;
}

export interface EvaluationRequest {
  /**
   * The caller: an ARN (`arn:aws:iam::A:root`, `…:user/…`, `…:role/…`, `arn:aws:sts::A:assumed-role/R/S`,
   * `arn:aws:sts::A:federated-user/N`), a service principal (`lambda.amazonaws.com`), an identity provider
   * (`arn:aws:iam::A:oidc-provider/host`, `…:saml-provider/Name`, `accounts.google.com`), or `anonymous`.
   */
  readonly principal: string;
  /** `service:Action`, compared case-insensitively. */
  readonly action: string;
  /** The resource ARN. Omitted or `*` for actions that take no resource. */
  readonly resource?: string;
  /** The account that owns the resource. Default: the account in the resource ARN, else the principal's. */
  readonly resourceAccount?: string;
  /** The request context: every condition key that is present. Nothing is filled in by the engine. */
  readonly context?: ContextValues;
  readonly principalDetails?: PrincipalDetails;
}

/** A policy with the name it is reported under. */
export interface NamedPolicy {
  readonly name: string;
  readonly document: PolicyDocument;
}

/**
 * How the resource policy behaves. `resource`: an ordinary resource policy (S3 bucket, SQS queue…).
 * `trust`: a role trust policy, which must itself allow the caller (spec/evaluation.md §6).
 * `kmsKey`: a KMS key policy, which must allow the caller or the account to enable IAM policies (§7).
 */
export type ResourcePolicyKind = 'resource' | 'trust' | 'kmsKey';

/** Every policy that applies to one request, by type (spec/evaluation.md §1). */
export interface PolicySet {
  readonly identity?: readonly NamedPolicy[];
  readonly resource?: NamedPolicy;
  readonly resourcePolicyKind?: ResourcePolicyKind;
  readonly permissionBoundary?: NamedPolicy;
  /** Session policies passed to AssumeRole, AssumeRoleWith… or GetFederationToken: one set, any Allow counts. */
  readonly session?: readonly NamedPolicy[];
  /** SCPs of the principal's account, one array per level: root, each OU, the account. */
  readonly scps?: readonly (readonly NamedPolicy[])[];
  /** RCPs of the resource's account, one array per level: root, each OU, the account. */
  readonly rcps?: readonly (readonly NamedPolicy[])[];
}

export type Decision = 'allowed' | 'explicitDeny' | 'implicitDeny';

/** The policy layers, named as in AccessDenied messages by `POLICY_LAYER_NAMES`. */
export type PolicyLayer = 'identity' | 'resource' | 'permissionBoundary' | 'session' | 'scp' | 'rcp';

export const POLICY_LAYER_NAMES: Readonly<Record<PolicyLayer, string>> = {
  identity: 'identity-based policy',
  resource: 'resource-based policy',
  permissionBoundary: 'permissions boundary',
  session: 'session policy',
  scp: 'service control policy',
  rcp: 'resource control policy',
};

/** A statement that applied to the request. */
export interface MatchedStatement {
  readonly layer: PolicyLayer;
  /** For SCP/RCP: the organization level (0 = root). */
  readonly level?: number;
  readonly policyName: string;
  readonly statementIndex: number;
  readonly sid?: string;
  readonly effect: Effect;
  readonly span: Span;
  readonly source?: string;
}

/** The outcome of one layer: Deny (an applicable Deny), Allow (an applicable Allow), None (neither). */
export type LayerResult = 'Allow' | 'Deny' | 'None';

export interface LayerAnalysis {
  readonly layer: PolicyLayer;
  readonly level?: number;
  readonly result: LayerResult;
  readonly policyNames: readonly string[];
  readonly matchedStatements: readonly MatchedStatement[];
}

/** A policy that could not be compiled and was skipped (reported, never fatal). */
export interface SkippedPolicy {
  readonly layer: PolicyLayer;
  readonly policyName: string;
  readonly reason: string;
}

export interface Explanation {
  /** One sentence for a person, e.g. "permissions boundary has no Allow for s3:PutObject". */
  readonly summary: string;
  readonly crossAccount: boolean;
  readonly layers: readonly LayerAnalysis[];
  /** Statements that decided: the explicit Deny(s), or the Allow(s) that granted. */
  readonly decidingStatements: readonly MatchedStatement[];
  /** Context keys that a condition asked for and the request did not carry (as written in the policy). */
  readonly missingContextKeys: readonly string[];
  readonly skippedPolicies: readonly SkippedPolicy[];
}

export interface EvaluationResult {
  readonly decision: Decision;
  /**
   * The layer that decided: for explicitDeny the layer holding the Deny; for implicitDeny the layer that had
   * no Allow; for allowed the layer whose Allow granted (identity or resource).
   */
  readonly decidedBy?: PolicyLayer;
  /** Present only when evaluated with `{ explain: true }`. */
  readonly explanation?: Explanation;
}

export interface EvaluateOptions {
  readonly explain?: boolean;
}
