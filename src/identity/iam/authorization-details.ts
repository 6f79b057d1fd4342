// GetAccountAuthorizationDetails: every user, group, role and managed policy of the account with their
// policies, in one paginated list. Security tools read it whole, so it mirrors botocore's shapes member
// for member; documents are returned as stored (api/ URL-encodes them).
import type { Group, InstanceProfile, ManagedPolicy, PolicyVersion, PrincipalType, Role, Tag, User } from '../../model/index.js';
import { isAwsManagedPolicyArn } from '../../model/index.js';
import type { StoreTx } from '../../store/index.js';
import { getAwsManagedPolicy } from '../aws-managed.js';

export type AuthorizationEntityType = 'User' | 'Role' | 'Group' | 'LocalManagedPolicy' | 'AWSManagedPolicy';

export const AUTHORIZATION_ENTITY_TYPES: readonly AuthorizationEntityType[] = [
  'User',
  'Role',
  'Group',
  'LocalManagedPolicy',
  'AWSManagedPolicy',
];

/** One entry of the combined list, before its details are read. `key` orders the list and makes markers. */
export type AuthorizationEntry =
  | { readonly kind: 'user'; readonly key: string; readonly user: User }
  | { readonly kind: 'group'; readonly key: string; readonly group: Group }
  | { readonly kind: 'role'; readonly key: string; readonly role: Role }
  | { readonly kind: 'policy'; readonly key: string; readonly arn: string; readonly awsManaged: boolean };

export interface PolicyDetail {
  readonly policyName: string;
  readonly document: string;
}

export interface AttachedPolicyRef {
  readonly policyName: string;
  readonly policyArn: string;
}

export interface UserDetail {
  readonly user: User;
  readonly inlinePolicies: readonly PolicyDetail[];
  readonly groups: readonly string[];
  readonly attached: readonly AttachedPolicyRef[];
  readonly tags: readonly Tag[];
}

export interface GroupDetail {
  readonly group: Group;
  readonly inlinePolicies: readonly PolicyDetail[];
  readonly attached: readonly AttachedPolicyRef[];
}

export interface InstanceProfileDetail {
  readonly profile: InstanceProfile;
  readonly roles: readonly Role[];
  readonly tags: readonly Tag[];
}

export interface RoleDetail {
  readonly role: Role;
  readonly instanceProfiles: readonly InstanceProfileDetail[];
  readonly inlinePolicies: readonly PolicyDetail[];
  readonly attached: readonly AttachedPolicyRef[];
  readonly tags: readonly Tag[];
}

export interface ManagedPolicyDetail {
  readonly policy: ManagedPolicy;
  /** Newest first. AWS-managed policies: the default version only (older documents are not kept in memory). */
  readonly versions: readonly PolicyVersion[];
}

export interface AuthorizationDetails {
  readonly users: UserDetail[];
  readonly groups: GroupDetail[];
  readonly roles: RoleDetail[];
  readonly policies: ManagedPolicyDetail[];
}

/** The name of a managed policy from its ARN (the last path segment). */
export const policyNameOf = (arn: string): string => arn.slice(arn.lastIndexOf('/') + 1);

// Keys: a one-digit kind rank (users, groups, roles, policies: AWS's member order), then the name. Names
// compare case-insensitively, as every IAM list orders them.
const userKey = (u: User): string => `0/${u.userName}`;
const groupKey = (g: Group): string => `1/${g.groupName}`;
const roleKey = (r: Role): string => `2/${r.roleName}`;
const policyKey = (arn: string): string => `3/${policyNameOf(arn)}/${isAwsManagedPolicyArn(arn) ? 'a' : 'l'}/${arn}`;

/** Who uses each managed policy in the account: attachments and permissions-boundary use. */
class PolicyUsage {
  readonly attachments = new Map<string, number>();
  readonly boundaries = new Map<string, number>();

  static async load(tx: StoreTx, accountId: string, users: User[], groups: Group[], roles: Role[]): Promise<PolicyUsage> {
    const usage = new PolicyUsage();
    const count = (map: Map<string, number>, arn: string): void => void map.set(arn, (map.get(arn) ?? 0) + 1);
    const holders: [PrincipalType, string][] = [
      ...users.map((u): [PrincipalType, string] => ['user', u.userName]),
      ...groups.map((g): [PrincipalType, string] => ['group', g.groupName]),
      ...roles.map((r): [PrincipalType, string] => ['role', r.roleName]),
    ];
    for (const [principalType, principalName] of holders) {
      for (const a of await tx.attachments.listForPrincipal(accountId, { principalType, principalName })) {
        count(usage.attachments, a.policyArn);
      }
    }
    for (const e of [...users, ...roles]) if (e.permissionsBoundaryArn !== undefined) count(usage.boundaries, e.permissionsBoundaryArn);
    return usage;
  }
}

/**
 * The ordered list of what the filter selects. AWS-managed policies are listed when attached to or used as
 * a boundary by an entity of the account (AWS lists the managed policies "in use"; unconfirmed for boundaries).
 */
export async function listAuthorizationEntries(
  tx: StoreTx,
  accountId: string,
  filter: readonly AuthorizationEntityType[] = AUTHORIZATION_ENTITY_TYPES,
): Promise<AuthorizationEntry[]> {
  const want = new Set(filter.length === 0 ? AUTHORIZATION_ENTITY_TYPES : filter);
  const entries: AuthorizationEntry[] = [];
  const [users, groups, roles] = await Promise.all([tx.users.list(accountId), tx.groups.list(accountId), tx.roles.list(accountId)]);
  if (want.has('User')) for (const user of users) entries.push({ kind: 'user', key: userKey(user), user });
  if (want.has('Group')) for (const group of groups) entries.push({ kind: 'group', key: groupKey(group), group });
  if (want.has('Role')) for (const role of roles) entries.push({ kind: 'role', key: roleKey(role), role });
  const policies: { arn: string; awsManaged: boolean }[] = [];
  if (want.has('LocalManagedPolicy')) {
    for (const p of await tx.policies.list(accountId)) policies.push({ arn: p.arn, awsManaged: false });
  }
  if (want.has('AWSManagedPolicy')) {
    const usage = await PolicyUsage.load(tx, accountId, users, groups, roles);
    const used = new Set([...usage.attachments.keys(), ...usage.boundaries.keys()].filter(isAwsManagedPolicyArn));
    for (const arn of used) policies.push({ arn, awsManaged: true });
  }
  for (const p of policies) entries.push({ kind: 'policy', key: policyKey(p.arn), ...p });
  return entries.sort((a, b) => compareKeys(a.key, b.key));
}

/** Case-insensitive with a case-sensitive tie-break: api/pagination's order. */
function compareKeys(a: string, b: string): number {
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  return la < lb ? -1 : la > lb ? 1 : a < b ? -1 : a > b ? 1 : 0;
}

async function attachedRefs(tx: StoreTx, accountId: string, principalType: PrincipalType, principalName: string): Promise<AttachedPolicyRef[]> {
  const list = await tx.attachments.listForPrincipal(accountId, { principalType, principalName });
  return list.map((a) => ({ policyName: policyNameOf(a.policyArn), policyArn: a.policyArn }));
}

async function inline(tx: StoreTx, accountId: string, principalType: PrincipalType, principalName: string): Promise<PolicyDetail[]> {
  const list = await tx.inlinePolicies.list(accountId, { principalType, principalName });
  return list.map((p) => ({ policyName: p.policyName, document: p.document }));
}

/** Reads the details of a page of entries. */
export async function expandAuthorizationEntries(
  tx: StoreTx,
  accountId: string,
  entries: readonly AuthorizationEntry[],
): Promise<AuthorizationDetails> {
  const out: AuthorizationDetails = { users: [], groups: [], roles: [], policies: [] };
  let usage: PolicyUsage | undefined;
  const usageOf = async (): Promise<PolicyUsage> => {
    if (usage === undefined) {
      const [users, groups, roles] = await Promise.all([tx.users.list(accountId), tx.groups.list(accountId), tx.roles.list(accountId)]);
      usage = await PolicyUsage.load(tx, accountId, users, groups, roles);
    }
    return usage;
  };
  for (const entry of entries) {
    switch (entry.kind) {
      case 'user': {
        const name = entry.user.userName;
        out.users.push({
          user: entry.user,
          inlinePolicies: await inline(tx, accountId, 'user', name),
          groups: (await tx.groups.listGroupsForUser(accountId, name)).map((g) => g.groupName),
          attached: await attachedRefs(tx, accountId, 'user', name),
          tags: await tx.tags.list({ kind: 'user', accountId, name }),
        });
        break;
      }
      case 'group': {
        const name = entry.group.groupName;
        out.groups.push({
          group: entry.group,
          inlinePolicies: await inline(tx, accountId, 'group', name),
          attached: await attachedRefs(tx, accountId, 'group', name),
        });
        break;
      }
      case 'role': {
        const name = entry.role.roleName;
        const profiles: InstanceProfileDetail[] = [];
        for (const profile of await tx.instanceProfiles.listForRole(accountId, name)) {
          profiles.push({
            profile,
            roles: await tx.instanceProfiles.listRoles(accountId, profile.instanceProfileName),
            tags: await tx.tags.list({ kind: 'instanceProfile', accountId, name: profile.instanceProfileName }),
          });
        }
        out.roles.push({
          role: entry.role,
          instanceProfiles: profiles,
          inlinePolicies: await inline(tx, accountId, 'role', name),
          attached: await attachedRefs(tx, accountId, 'role', name),
          tags: await tx.tags.list({ kind: 'role', accountId, name }),
        });
        break;
      }
      case 'policy': {
        const detail = entry.awsManaged
          ? await awsManagedDetail(entry.arn, accountId, await usageOf())
          : await customerDetail(tx, accountId, entry.arn);
        if (detail !== undefined) out.policies.push(detail);
        break;
      }
    }
  }
  return out;
}

async function customerDetail(tx: StoreTx, accountId: string, arn: string): Promise<ManagedPolicyDetail | undefined> {
  const policy = await tx.policies.get(accountId, arn);
  if (policy === undefined) return undefined;
  return { policy, versions: await tx.policies.listVersions(accountId, arn) };
}

async function awsManagedDetail(arn: string, accountId: string, usage: PolicyUsage): Promise<ManagedPolicyDetail | undefined> {
  const aws = await getAwsManagedPolicy(arn);
  if (aws === undefined) return undefined;
  const policy: ManagedPolicy = {
    accountId,
    policyName: aws.policyName,
    policyId: aws.policyId,
    arn,
    path: aws.path,
    defaultVersionId: aws.defaultVersionId,
    attachmentCount: usage.attachments.get(arn) ?? 0,
    permissionsBoundaryUsageCount: usage.boundaries.get(arn) ?? 0,
    isAttachable: true,
    ...(aws.description !== undefined && { description: aws.description }),
    createDate: aws.createDate,
    updateDate: aws.updateDate,
  };
  const created = aws.versions.find((v) => v.isDefaultVersion)?.createDate ?? aws.updateDate;
  return {
    policy,
    versions: [{ policyArn: arn, versionId: aws.defaultVersionId, document: aws.document, isDefaultVersion: true, createDate: created }],
  };
}
