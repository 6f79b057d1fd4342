// The last step of every AssumeRole*: check the session policies and their packed size, then mint a role
// session. Shared by AssumeRole and the federated variants so that all sessions carry the same claims.
import { assumedRoleArn } from '../../arn/index.js';
import type { RandomBytes } from '../../arn/index.js';
import type { Role, Tag } from '../../model/index.js';
import type { StoreTx } from '../../store/index.js';
import { issueCredentials } from './credentials.js';
import type { IssuedCredentials } from './credentials.js';
import { checkPackedSize, checkSessionPolicies } from './session-policies.js';
import type { SessionKeyring } from './session-token.js';

export interface RoleSessionInput {
  readonly partition: string;
  readonly roleSessionName: string;
  readonly durationSeconds: number;
  readonly policy?: string;
  readonly policyArns?: readonly string[];
  readonly tags: readonly Tag[];
  readonly transitiveTagKeys: readonly string[];
  readonly sourceIdentity?: string;
  readonly mfaAuthTime?: number;
  readonly chained?: boolean;
  /** AssumeRoleWithWebIdentity/SAML: the provider (aws:FederatedProvider). */
  readonly federatedProvider?: string;
}

export interface RoleSessionOutput {
  readonly credentials: IssuedCredentials;
  /** `<RoleId>:<session>` */
  readonly assumedRoleId: string;
  /** `arn:aws:sts::A:assumed-role/<RoleName>/<session>` (no path). */
  readonly arn: string;
  /** Present when session policies or tags were passed. */
  readonly packedPolicySize?: number;
  readonly sourceIdentity?: string;
}

export async function issueRoleSession(
  tx: StoreTx,
  role: Role,
  input: RoleSessionInput,
  now: Date,
  keyring: SessionKeyring,
  random: RandomBytes,
): Promise<RoleSessionOutput> {
  const policyArns = input.policyArns ?? [];
  const { tags, transitiveTagKeys, sourceIdentity } = input;
  await checkSessionPolicies(tx, role.accountId, input.policy, policyArns);
  const passed = input.policy !== undefined || policyArns.length > 0 || tags.length > 0;
  const packedPolicySize = passed ? checkPackedSize(input.policy, policyArns, tags) : undefined;

  const arn = assumedRoleArn(input.partition, role.accountId, role.roleName, input.roleSessionName);
  const assumedRoleId = `${role.roleId}:${input.roleSessionName}`;
  const credentials = issueCredentials(
    {
      accountId: role.accountId,
      partition: input.partition,
      kind: 'roleSession',
      arn,
      userId: assumedRoleId,
      roleArn: role.arn,
      roleName: role.roleName,
      roleId: role.roleId,
      sessionName: input.roleSessionName,
      ...(input.policy !== undefined && { policy: input.policy }),
      ...(policyArns.length > 0 && { policyArns: [...policyArns] }),
      ...(tags.length > 0 && { tags: [...tags] }),
      ...(transitiveTagKeys.length > 0 && { transitiveTagKeys: [...transitiveTagKeys] }),
      ...(sourceIdentity !== undefined && { sourceIdentity }),
      ...(input.mfaAuthTime !== undefined && { mfaAuthTime: input.mfaAuthTime }),
      ...(input.chained === true && { chained: true }),
      ...(input.federatedProvider !== undefined && { federatedProvider: input.federatedProvider }),
    },
    input.durationSeconds,
    now,
    keyring,
    random,
  );
  return {
    credentials,
    assumedRoleId,
    arn,
    ...(packedPolicySize !== undefined && { packedPolicySize }),
    ...(sourceIdentity !== undefined && { sourceIdentity }),
  };
}
