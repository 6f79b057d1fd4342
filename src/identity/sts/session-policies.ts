// Session policies passed to AssumeRole and GetFederationToken: the inline `Policy` (validated as a session
// policy, AWS's first error and message), up to 10 managed `PolicyArns` that must exist, and the packed size
// AWS reports as `PackedPolicySize`.
import { deflateRawSync } from 'node:zlib';
import { parsePrincipalArn } from '../../arn/index.js';
import { isAwsManagedPolicyArn } from '../../model/index.js';
import type { Tag } from '../../model/index.js';
import { awsPolicyError } from '../../policy/index.js';
import type { StoreTx } from '../../store/index.js';
import { getAwsManagedPolicy } from '../aws-managed.js';
import { ServiceError, malformedPolicyDocument } from '../errors.js';

/** Managed session policies per request (AWS's documented quota). */
export const MAX_SESSION_POLICY_ARNS = 10;

/**
 * PackedPolicySize is AWS's own binary packing of the inline policy, the policy ARNs and the session tags,
 * which is not published. Approximation: the raw-deflate size (level 9, with a preset dictionary of common
 * policy vocabulary, so boilerplate costs little) of the compact policy text, the ARNs and the `key=value`
 * tags, against a fixed budget of PACKED_BUDGET_BYTES. Calibrated so a trivial policy reports a few percent
 * and a ~40-action policy of ~1,000 characters reports ~150%, in line with the percentages AWS users
 * report (42 actions → 157%, 31 actions → 118%). Transitive tag keys do not count (AWS documents that).
 */
export const PACKED_BUDGET_BYTES = 320;

const PACKING_DICTIONARY = Buffer.from(
  '{"Version":"2012-10-17","Statement":[{"Sid":"","Effect":"Allow","Deny","Action":["NotAction","Resource":"*"],' +
    '"NotResource","Condition":{"StringEquals":{"StringLike":"Bool":"aws:arn:aws:iam::role/user/policy/s3:::' +
    'Get*List*Describe*Put*Create*Delete*Update*',
);

/** The percentage of the packed budget that the session policies and tags use (rounded up). */
export function packedPolicyPercent(policy: string | undefined, policyArns: readonly string[], tags: readonly Tag[]): number {
  if (policy === undefined && policyArns.length === 0 && tags.length === 0) return 0;
  let compact = '';
  if (policy !== undefined) {
    try {
      compact = JSON.stringify(JSON.parse(policy));
    } catch {
      compact = policy;
    }
  }
  const text = [compact, policyArns.join('\n'), tags.map((t) => `${t.Key}=${t.Value}`).join('\n')].join('\u0000');
  const packed = deflateRawSync(Buffer.from(text, 'utf8'), { level: 9, dictionary: PACKING_DICTIONARY }).length;
  return Math.ceil((packed * 100) / PACKED_BUDGET_BYTES);
}

/** Throws PackedPolicyTooLarge (AWS's wording) over 100%; returns the percentage otherwise. */
export function checkPackedSize(policy: string | undefined, policyArns: readonly string[], tags: readonly Tag[]): number {
  const percent = packedPolicyPercent(policy, policyArns, tags);
  if (percent > 100) {
    throw new ServiceError('PackedPolicyTooLarge', `Packed policy consumes ${percent}% of allotted space, please use smaller policy.`);
  }
  return percent;
}

/** A managed session policy's current default document, or undefined when it does not exist. */
export async function managedSessionPolicyDocument(tx: StoreTx, accountId: string, arn: string): Promise<string | undefined> {
  if (isAwsManagedPolicyArn(arn)) return (await getAwsManagedPolicy(arn))?.document;
  const parsed = parsePrincipalArn(arn);
  if (!parsed || parsed.kind !== 'policy' || parsed.account !== accountId) return undefined;
  return (await tx.policies.getDefaultVersion(accountId, arn))?.document;
}

/**
 * Validates session policies as STS does before issuing a session: the inline document as a `session`
 * policy (MalformedPolicyDocument with AWS's first error), at most 10 ARNs, each an existing managed policy
 * of `accountId` (the role's account; the caller's for GetFederationToken) or an AWS-managed policy.
 * The error for a missing ARN is unconfirmed: IAM's NoSuchEntity wording is reused with STS's parameter code.
 */
export async function checkSessionPolicies(
  tx: StoreTx,
  accountId: string,
  policy: string | undefined,
  policyArns: readonly string[],
): Promise<void> {
  if (policyArns.length > MAX_SESSION_POLICY_ARNS) {
    // The model has no list bound; AWS's wording for more than 10 is unconfirmed.
    throw new ServiceError(
      'ValidationError',
      `1 validation error detected: Value '[${policyArns.join(', ')}]' at 'policyArns' failed to satisfy constraint: Member must have length less than or equal to ${MAX_SESSION_POLICY_ARNS}`,
    );
  }
  if (policy !== undefined) {
    const error = awsPolicyError(policy, 'session');
    if (error) throw malformedPolicyDocument(error.message);
  }
  for (const arn of policyArns) {
    if ((await managedSessionPolicyDocument(tx, accountId, arn)) === undefined) {
      throw new ServiceError('InvalidParameterValue', `Policy ${arn} does not exist or is not attachable.`);
    }
  }
}
