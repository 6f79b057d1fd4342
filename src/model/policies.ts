// Managed policies (with versions), inline policies and attachments.
import type { PrincipalType } from './common.js';

export interface ManagedPolicy {
  accountId: string;
  policyName: string;
  /** `ANPA…` */
  policyId: string;
  arn: string;
  path: string;
  /** `v1`, `v2`, … */
  defaultVersionId: string;
  /** Users, groups and roles in the account it is attached to. */
  attachmentCount: number;
  /** Users and roles in the account that use it as their permissions boundary. */
  permissionsBoundaryUsageCount: number;
  isAttachable: boolean;
  description?: string;
  createDate: Date;
  updateDate: Date;
}

export interface PolicyVersion {
  policyArn: string;
  /** `v[1-9][0-9]*`, never reused within a policy. */
  versionId: string;
  /** The policy document as the text it was given in. */
  document: string;
  isDefaultVersion: boolean;
  createDate: Date;
}

/** At most this many versions are kept per managed policy. */
export const MAX_POLICY_VERSIONS = 5;

export interface InlinePolicy {
  accountId: string;
  principalType: PrincipalType;
  principalName: string;
  policyName: string;
  document: string;
}

/** A managed policy attached to a user, group or role. The ARN may name an AWS-managed policy. */
export interface PolicyAttachment {
  accountId: string;
  principalType: PrincipalType;
  principalName: string;
  policyArn: string;
}

/** AWS-managed policies live in the pseudo-account `aws` and have no row in any account. */
export function isAwsManagedPolicyArn(arn: string): boolean {
  return /^arn:[^:]+:iam::aws:policy\//.test(arn);
}
