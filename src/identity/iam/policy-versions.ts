// Versions of managed policies: at most 5 kept, one default (the one evaluated), ids never reused.
import { MAX_POLICY_VERSIONS, isAwsManagedPolicyArn } from '../../model/index.js';
import type { PolicyVersion } from '../../model/index.js';
import { StoreConflictError } from '../../store/index.js';
import type { StoreTx } from '../../store/index.js';
import { getAwsManagedPolicyVersion } from '../aws-managed.js';
import { deleteConflict, limitExceeded, noSuchEntity } from '../errors.js';
import { checkManagedPolicyDocument, findAwsManagedPolicy, requireCustomerPolicy, requirePolicy } from './policies.js';

const versionNotFound = (arn: string, versionId: string): Error =>
  noSuchEntity(`Policy ${arn} version ${versionId} does not exist or is not attachable.`);

const DEFAULT_VERSION_CONFLICT = 'Cannot delete the default version of a policy.';

export interface CreatePolicyVersionInput {
  readonly accountId: string;
  readonly policyArn: string;
  readonly document: string;
  readonly setAsDefault?: boolean;
  readonly now: Date;
}

export async function createPolicyVersion(tx: StoreTx, input: CreatePolicyVersionInput): Promise<PolicyVersion> {
  await requireCustomerPolicy(tx, input.accountId, input.policyArn);
  checkManagedPolicyDocument(input.document);
  const versions = await tx.policies.listVersions(input.accountId, input.policyArn);
  if (versions.length >= MAX_POLICY_VERSIONS) {
    throw limitExceeded(
      `A managed policy can have up to ${MAX_POLICY_VERSIONS} versions. Before you create a new version, you must delete an existing version.`,
    );
  }
  return tx.policies.createVersion(input.accountId, input.policyArn, {
    document: input.document,
    setAsDefault: input.setAsDefault ?? false,
    createDate: input.now,
  });
}

export async function getPolicyVersion(tx: StoreTx, accountId: string, arn: string, versionId: string): Promise<PolicyVersion> {
  await requirePolicy(tx, accountId, arn);
  let version: PolicyVersion | undefined;
  if (isAwsManagedPolicyArn(arn)) {
    const aws = await getAwsManagedPolicyVersion(arn, versionId);
    if (aws !== undefined) {
      version = { policyArn: arn, versionId: aws.versionId, document: aws.document, isDefaultVersion: aws.isDefaultVersion, createDate: aws.createDate };
    }
  } else {
    version = await tx.policies.getVersion(accountId, arn, versionId);
  }
  if (version === undefined) throw versionNotFound(arn, versionId);
  return version;
}

/** A version without its document, as ListPolicyVersions and CreatePolicyVersion report it. */
export type PolicyVersionInfo = Omit<PolicyVersion, 'document'>;

/** Newest first. AWS-managed policies list the versions the data set knows. */
export async function listPolicyVersions(tx: StoreTx, accountId: string, arn: string): Promise<PolicyVersionInfo[]> {
  await requirePolicy(tx, accountId, arn);
  if (isAwsManagedPolicyArn(arn)) {
    const aws = await findAwsManagedPolicy(arn);
    return (aws?.versions ?? []).map((v) => ({ policyArn: arn, versionId: v.versionId, isDefaultVersion: v.isDefaultVersion, createDate: v.createDate }));
  }
  return tx.policies.listVersions(accountId, arn);
}

export async function deletePolicyVersion(tx: StoreTx, accountId: string, arn: string, versionId: string): Promise<void> {
  await requireCustomerPolicy(tx, accountId, arn);
  const version = await tx.policies.getVersion(accountId, arn, versionId);
  if (version === undefined) throw versionNotFound(arn, versionId);
  if (version.isDefaultVersion) throw deleteConflict(DEFAULT_VERSION_CONFLICT);
  try {
    await tx.policies.deleteVersion(accountId, arn, versionId);
  } catch (error) {
    if (error instanceof StoreConflictError) throw deleteConflict(DEFAULT_VERSION_CONFLICT);
    throw error;
  }
}

export async function setDefaultPolicyVersion(tx: StoreTx, accountId: string, arn: string, versionId: string, now: Date): Promise<void> {
  await requireCustomerPolicy(tx, accountId, arn);
  const version = await tx.policies.getVersion(accountId, arn, versionId);
  if (version === undefined) throw versionNotFound(arn, versionId);
  if (version.isDefaultVersion) return;
  await tx.policies.setDefaultVersion(accountId, arn, versionId, now);
}

/** The sort position of a version id (`v12` → 12) for pagination of the newest-first list. */
export function versionNumber(versionId: string): number {
  const match = /^v([1-9][0-9]*)/.exec(versionId);
  return match ? Number(match[1]) : 0;
}
