// Who is calling and what is known about the request: the identity layer's view, which api/ re-exports
// (identity sits above api in the module order, so the types live here).
import type { ContextValues, ResourcePolicyKind } from '../engine/index.js';
import type { PolicyDocument } from '../policy/index.js';
import type { SessionClaims } from './sts/session-token.js';

/** What a temporary credential stands for (its sealed claims), without the temporary secret. */
export type CallerSession = Omit<SessionClaims, 'secretAccessKey'>;

/** The authenticated caller of a request. */
export interface CallerIdentity {
  readonly accountId: string;
  readonly partition: string;
  readonly kind: 'root' | 'user' | 'roleSession' | 'federatedUser';
  /** `arn:aws:iam::A:root`, `arn:aws:iam::A:user/path/name`, `arn:aws:sts::A:assumed-role/R/S`, … */
  readonly arn: string;
  /** aws:userid: the account id (root), `AIDA…` (user), `AROA…:session` (role session), `A:name` (federated). */
  readonly userId: string;
  readonly userName?: string;
  /** Role sessions: the role's name and ARN (with path). */
  readonly roleName?: string;
  readonly roleArn?: string;
  readonly accessKeyId: string;
  /** Temporary (STS) credentials. */
  readonly temporary: boolean;
  /** Temporary credentials: the session (STS, src/identity/sts/session-auth.ts). */
  readonly session?: CallerSession;
}

/** Facts about the HTTP request that become global condition keys. */
export interface RequestInfo {
  readonly requestId: string;
  readonly now: Date;
  readonly sourceIp: string;
  readonly secureTransport: boolean;
  readonly userAgent?: string;
  /** The signing region (aws:RequestedRegion). */
  readonly region: string;
}

export interface AuthorizeInput {
  /** `iam:CreateUser` */
  readonly action: string;
  /** The resource ARN the action acts on; omit for actions that take none (ListUsers uses the account's user path ARN in AWS, see handlers). */
  readonly resource?: string;
  /** Extra condition keys for this action (aws:RequestTag/…, aws:TagKeys, iam:PermissionsBoundary, iam:PolicyARN, …). */
  readonly context?: ContextValues;
  /** Tags of the target resource, exposed as aws:ResourceTag/<k> and iam:ResourceTag/<k>. */
  readonly resourceTags?: readonly { readonly Key: string; readonly Value: string }[];
  /** The target's resource-based policy, evaluated with the caller's policies (AssumeRole: the trust policy, kind `trust`). */
  readonly resourcePolicy?: { readonly name: string; readonly document: PolicyDocument; readonly kind: ResourcePolicyKind };
}
