// Managed policies: create, read (customer-managed or AWS-managed), list, delete, tags, and who uses them.
// Service functions run inside the caller's transaction and throw ServiceError with AWS's messages.
import { iamArn, newUniqueId, parsePrincipalArn } from '../../arn/index.js';
import type { RandomBytes } from '../../arn/index.js';
import { DEFAULT_PATH, isAwsManagedPolicyArn } from '../../model/index.js';
import type { Group, ManagedPolicy, PrincipalType, Role, Tag, User } from '../../model/index.js';
import { awsPolicyError, policySize } from '../../policy/index.js';
import { StoreConflictError } from '../../store/index.js';
import type { StoreTx, TagTarget } from '../../store/index.js';
import { getAwsManagedPolicy, listAwsManagedPolicies } from '../aws-managed.js';
import type { AwsManagedPolicy } from '../aws-managed.js';
import { deleteConflict, entityAlreadyExists, invalidInput, limitExceeded, malformedPolicyDocument, noSuchEntity } from '../errors.js';
import { checkTags } from '../tags.js';

/** spec/identities-and-sts.md §2. */
export const MAX_CUSTOMER_POLICIES = 1500;
/** policy-grammar.md §6: each version of a managed policy, whitespace not counted. */
export const MAX_MANAGED_POLICY_SIZE = 6144;

export const policyNotFound = (arn: string): Error => noSuchEntity(`Policy ${arn} was not found.`);
export const policyNotAttachable = (arn: string): Error => noSuchEntity(`Policy ${arn} does not exist or is not attachable.`);

export const policyTagTarget = (accountId: string, arn: string): TagTarget => ({ kind: 'policy', accountId, name: arn });

/**
 * Checks a managed policy document as CreatePolicy/CreatePolicyVersion do: AWS's first grammar error
 * (MalformedPolicyDocument), then the 6,144-character quota (LimitExceeded).
 */
export function checkManagedPolicyDocument(document: string): void {
  const error = awsPolicyError(document, 'identity', { managed: true });
  if (error !== undefined) throw malformedPolicyDocument(error.message);
  if (policySize(document) > MAX_MANAGED_POLICY_SIZE) {
    throw limitExceeded(`Cannot exceed quota for PolicySize: ${MAX_MANAGED_POLICY_SIZE}`);
  }
}

/** The name and path an IAM policy ARN names, or undefined when it is no policy ARN. */
export function policyArnParts(arn: string): { account: string; partition: string; path: string; name: string } | undefined {
  const parsed = parsePrincipalArn(arn);
  if (parsed === undefined || parsed.kind !== 'policy') return undefined;
  return { account: parsed.account, partition: parsed.partition, path: parsed.path, name: parsed.name };
}

/** Throws InvalidInput for a value that is not an ARN at all (AWS checks the syntax before looking it up). */
export function checkArnSyntax(arn: string): void {
  if (!/^arn:[^:]+:[^:]*:[^:]*:[^:]*:.+$/.test(arn)) throw invalidInput(`ARN ${arn} is not valid.`);
}

// ---------------------------------------------------------------------------------------------------------
// AWS-managed policies carry per-account counts: how often this account attaches them or uses them as a
// permissions boundary.

/** Counts of boundary usage per policy ARN in the account (users and roles). */
async function boundaryUsage(tx: StoreTx, accountId: string): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  const add = (arn: string | undefined): void => {
    if (arn !== undefined) counts.set(arn, (counts.get(arn) ?? 0) + 1);
  };
  for (const user of await tx.users.list(accountId)) add(user.permissionsBoundaryArn);
  for (const role of await tx.roles.list(accountId)) add(role.permissionsBoundaryArn);
  return counts;
}

/** Lazily computed account facts shared by the AWS-managed entries of one call. */
class AccountUsage {
  private boundaries: Map<string, number> | undefined;
  constructor(
    private readonly tx: StoreTx,
    private readonly accountId: string,
  ) {}

  async boundaryCount(arn: string): Promise<number> {
    this.boundaries ??= await boundaryUsage(this.tx, this.accountId);
    return this.boundaries.get(arn) ?? 0;
  }

  attachmentCount(arn: string): Promise<number> {
    return this.tx.attachments.countForPolicy(this.accountId, arn);
  }
}

async function awsPolicyView(usage: AccountUsage, p: AwsManagedPolicy): Promise<ManagedPolicy> {
  return {
    accountId: 'aws',
    policyName: p.policyName,
    policyId: p.policyId,
    arn: p.arn,
    path: p.path,
    defaultVersionId: p.defaultVersionId,
    attachmentCount: await usage.attachmentCount(p.arn),
    permissionsBoundaryUsageCount: await usage.boundaryCount(p.arn),
    // Service-role policies are AWS's to attach (to service-linked roles).
    isAttachable: true,
    ...(p.description !== undefined && { description: p.description }),
    createDate: p.createDate,
    updateDate: p.updateDate,
  };
}

/** The AWS-managed policy the ARN names exactly (the catalog's lookup ignores case; IAM's ARNs do not). */
export async function findAwsManagedPolicy(arn: string): Promise<AwsManagedPolicy | undefined> {
  const aws = await getAwsManagedPolicy(arn);
  return aws !== undefined && aws.arn === arn ? aws : undefined;
}

/** A customer-managed policy of the account or an AWS-managed policy, or undefined. */
export async function findPolicy(tx: StoreTx, accountId: string, arn: string): Promise<ManagedPolicy | undefined> {
  if (isAwsManagedPolicyArn(arn)) {
    const aws = await findAwsManagedPolicy(arn);
    return aws && awsPolicyView(new AccountUsage(tx, accountId), aws);
  }
  const parts = policyArnParts(arn);
  if (parts === undefined || parts.account !== accountId) return undefined;
  return tx.policies.get(accountId, arn);
}

/** GetPolicy's lookup: NoSuchEntity `Policy <arn> was not found.` */
export async function requirePolicy(tx: StoreTx, accountId: string, arn: string): Promise<ManagedPolicy> {
  checkArnSyntax(arn);
  const policy = await findPolicy(tx, accountId, arn);
  if (policy === undefined) throw policyNotFound(arn);
  return policy;
}

/** A policy this account owns (versions, tags, deletion); AWS-managed ones are not the account's to change. */
export async function requireCustomerPolicy(tx: StoreTx, accountId: string, arn: string): Promise<ManagedPolicy> {
  checkArnSyntax(arn);
  const parts = policyArnParts(arn);
  const policy = parts !== undefined && parts.account === accountId ? await tx.policies.get(accountId, arn) : undefined;
  if (policy === undefined) throw policyNotFound(arn);
  return policy;
}

// ---------------------------------------------------------------------------------------------------------

export interface CreatePolicyInput {
  readonly accountId: string;
  readonly partition: string;
  readonly policyName: string;
  readonly path?: string;
  readonly document: string;
  readonly description?: string;
  readonly tags?: readonly Tag[];
  readonly now: Date;
  readonly random: RandomBytes;
}

export interface PolicyWithTags {
  readonly policy: ManagedPolicy;
  readonly tags: Tag[];
}

export async function createPolicy(tx: StoreTx, input: CreatePolicyInput): Promise<PolicyWithTags> {
  const path = input.path ?? DEFAULT_PATH;
  checkManagedPolicyDocument(input.document);
  if (input.tags !== undefined) checkTags(input.tags);
  const arn = iamArn(input.partition, input.accountId, 'policy', path, input.policyName);
  const existing = await tx.policies.list(input.accountId, { limit: MAX_CUSTOMER_POLICIES + 1 });
  const duplicate = `A policy called ${input.policyName} already exists. Duplicate names are not allowed.`;
  const lower = input.policyName.toLowerCase();
  if (existing.some((p) => p.policyName.toLowerCase() === lower)) throw entityAlreadyExists(duplicate);
  if (existing.length >= MAX_CUSTOMER_POLICIES) {
    // Quota name unconfirmed; the message follows AWS's `Cannot exceed quota for <Name>: <n>`.
    throw limitExceeded(`Cannot exceed quota for PoliciesPerAccount: ${MAX_CUSTOMER_POLICIES}`);
  }
  let policy: ManagedPolicy;
  try {
    policy = await tx.policies.create({
      accountId: input.accountId,
      policyName: input.policyName,
      policyId: newUniqueId('ANPA', input.random),
      arn,
      path,
      ...(input.description !== undefined && { description: input.description }),
      document: input.document,
      createDate: input.now,
    });
  } catch (error) {
    if (error instanceof StoreConflictError) throw entityAlreadyExists(duplicate);
    throw error;
  }
  if (input.tags !== undefined && input.tags.length > 0) await tx.tags.set(policyTagTarget(input.accountId, arn), input.tags);
  return { policy, tags: await tx.tags.list(policyTagTarget(input.accountId, arn)) };
}

/** GetPolicy: customer-managed (with tags) or AWS-managed (no tags). */
export async function getPolicy(tx: StoreTx, accountId: string, arn: string): Promise<PolicyWithTags> {
  const policy = await requirePolicy(tx, accountId, arn);
  const tags = isAwsManagedPolicyArn(arn) ? [] : await tx.tags.list(policyTagTarget(accountId, arn));
  return { policy, tags };
}

export type PolicyScope = 'All' | 'AWS' | 'Local';
export type PolicyUsage = 'PermissionsPolicy' | 'PermissionsBoundary';

export interface ListPoliciesFilter {
  /** The partition of the AWS-managed policies' ARNs. */
  readonly partition?: string;
  readonly scope?: PolicyScope;
  readonly onlyAttached?: boolean;
  readonly pathPrefix?: string;
  readonly policyUsageFilter?: PolicyUsage;
}

/** The sort key of a policy in lists: by name, AWS-managed after a customer policy of the same name. */
export const policyListKey = (p: { policyName: string; arn: string }): string =>
  `${p.policyName}\u0000${isAwsManagedPolicyArn(p.arn) ? '1' : '0'}`;

/** A slice of an ordered list: entries whose key sorts after `after`, at most `limit` of them. */
export interface ListWindow {
  readonly after?: string;
  readonly limit?: number;
}

/**
 * ListPolicies: every policy in scope, ordered by name (case-insensitively), cut to `window`. `OnlyAttached`
 * keeps policies attached to a user, group or role, or with `PolicyUsageFilter=PermissionsBoundary` those
 * used as a boundary; AWS does not document what the usage filter does without `OnlyAttached` (unconfirmed:
 * nothing). The account's counts of AWS-managed policies are computed only for the policies returned.
 */
export async function listPolicies(
  tx: StoreTx,
  accountId: string,
  filter: ListPoliciesFilter = {},
  window: ListWindow = {},
): Promise<ManagedPolicy[]> {
  const scope = filter.scope ?? 'All';
  const prefix = filter.pathPrefix;
  const usage = new AccountUsage(tx, accountId);
  type Entry = { readonly key: string; readonly local?: ManagedPolicy; readonly aws?: AwsManagedPolicy };
  const entries: Entry[] = [];
  if (scope !== 'AWS') {
    for (const p of await tx.policies.list(accountId, prefix !== undefined ? { pathPrefix: prefix } : {})) {
      if (filter.onlyAttached && (filter.policyUsageFilter === 'PermissionsBoundary' ? p.permissionsBoundaryUsageCount : p.attachmentCount) === 0) {
        continue;
      }
      entries.push({ key: policyListKey(p), local: p });
    }
  }
  if (scope !== 'Local') {
    for (const aws of await listAwsManagedPolicies(filter.partition ?? 'aws')) {
      if (prefix !== undefined && !aws.path.startsWith(prefix)) continue;
      if (filter.onlyAttached) {
        const count =
          filter.policyUsageFilter === 'PermissionsBoundary' ? await usage.boundaryCount(aws.arn) : await usage.attachmentCount(aws.arn);
        if (count === 0) continue;
      }
      entries.push({ key: policyListKey(aws), aws });
    }
  }
  const after = window.after;
  const ordered = entries
    .filter((e) => after === undefined || compareNames(e.key, after) > 0)
    .sort((a, b) => compareNames(a.key, b.key));
  const cut = window.limit !== undefined ? ordered.slice(0, window.limit) : ordered;
  const out: ManagedPolicy[] = [];
  for (const e of cut) out.push(e.local ?? (await awsPolicyView(usage, e.aws!)));
  return out;
}

/** Case-insensitive order with a case-sensitive tie-break (the order api/pagination's markers assume). */
export function compareNames(a: string, b: string): number {
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  return la < lb ? -1 : la > lb ? 1 : a < b ? -1 : a > b ? 1 : 0;
}

/**
 * DeletePolicy: only a customer policy with no attachments, no boundary use and no versions besides the
 * default (which goes with the policy).
 */
export async function deletePolicy(tx: StoreTx, accountId: string, arn: string): Promise<void> {
  const policy = await requireCustomerPolicy(tx, accountId, arn);
  if (policy.attachmentCount > 0 || policy.permissionsBoundaryUsageCount > 0) {
    // AWS's message for attachments; boundary use is refused with the same DeleteConflict (gruntwork-io/cloud-nuke#972).
    throw deleteConflict('Cannot delete a policy attached to entities.');
  }
  const versions = await tx.policies.listVersions(accountId, arn);
  if (versions.length > 1) {
    throw deleteConflict(
      "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.",
    );
  }
  await tx.policies.delete(accountId, arn);
}

export async function tagPolicy(tx: StoreTx, accountId: string, arn: string, tags: readonly Tag[]): Promise<void> {
  await requireCustomerPolicy(tx, accountId, arn);
  const target = policyTagTarget(accountId, arn);
  checkTags(tags, await tx.tags.list(target));
  await tx.tags.set(target, tags);
}

export async function untagPolicy(tx: StoreTx, accountId: string, arn: string, keys: readonly string[]): Promise<void> {
  await requireCustomerPolicy(tx, accountId, arn);
  await tx.tags.remove(policyTagTarget(accountId, arn), keys);
}

export async function listPolicyTags(tx: StoreTx, accountId: string, arn: string): Promise<Tag[]> {
  await requireCustomerPolicy(tx, accountId, arn);
  return tx.tags.list(policyTagTarget(accountId, arn));
}

/** Tags of a policy for authorization (aws:ResourceTag); none for AWS-managed or missing policies. */
export async function policyResourceTags(tx: StoreTx, accountId: string, arn: string): Promise<Tag[]> {
  const parts = policyArnParts(arn);
  if (parts === undefined || parts.account !== accountId) return [];
  if ((await tx.policies.get(accountId, arn)) === undefined) return [];
  return tx.tags.list(policyTagTarget(accountId, arn));
}

// ---------------------------------------------------------------------------------------------------------
// ListEntitiesForPolicy

export type EntityFilter = 'User' | 'Role' | 'Group' | 'LocalManagedPolicy' | 'AWSManagedPolicy';

export interface ListEntitiesFilter {
  readonly entityFilter?: EntityFilter;
  /** Entity paths. */
  readonly pathPrefix?: string;
  readonly policyUsageFilter?: PolicyUsage;
}

export type PolicyEntity =
  | { readonly type: 'group'; readonly entity: Group }
  | { readonly type: 'user'; readonly entity: User }
  | { readonly type: 'role'; readonly entity: Role };

const ENTITY_ORDER: Readonly<Record<PrincipalType, number>> = { group: 1, user: 2, role: 3 };

export const entityName = (e: PolicyEntity): string =>
  e.type === 'group' ? e.entity.groupName : e.type === 'user' ? e.entity.userName : e.entity.roleName;

/** The sort key of an entity in ListEntitiesForPolicy: groups, then users, then roles, each by name. */
export const entityListKey = (e: PolicyEntity): string => `${ENTITY_ORDER[e.type]}:${entityName(e)}`;

const ENTITY_TYPES: Readonly<Record<string, PrincipalType>> = { User: 'user', Role: 'role', Group: 'group' };

/**
 * The groups, users and roles that use the policy: attached to them (PermissionsPolicy), as their
 * permissions boundary (PermissionsBoundary), or either when no usage filter is given.
 */
export async function listEntitiesForPolicy(
  tx: StoreTx,
  accountId: string,
  arn: string,
  filter: ListEntitiesFilter = {},
): Promise<PolicyEntity[]> {
  await requirePolicy(tx, accountId, arn);
  let only: PrincipalType | undefined;
  if (filter.entityFilter !== undefined) {
    only = ENTITY_TYPES[filter.entityFilter];
    // LocalManagedPolicy / AWSManagedPolicy name no entity that can use a policy.
    if (only === undefined) return [];
  }
  const wanted = (type: PrincipalType): boolean => only === undefined || only === type;
  const byKey = new Map<string, PolicyEntity>();
  const add = (e: PolicyEntity): void => {
    if (filter.pathPrefix !== undefined && !e.entity.path.startsWith(filter.pathPrefix)) return;
    byKey.set(entityListKey(e), e);
  };
  if (filter.policyUsageFilter !== 'PermissionsBoundary') {
    for (const a of await tx.attachments.listForPolicy(accountId, arn, only)) {
      if (a.principalType === 'group') {
        const g = await tx.groups.get(accountId, a.principalName);
        if (g) add({ type: 'group', entity: g });
      } else if (a.principalType === 'user') {
        const u = await tx.users.get(accountId, a.principalName);
        if (u) add({ type: 'user', entity: u });
      } else {
        const r = await tx.roles.get(accountId, a.principalName);
        if (r) add({ type: 'role', entity: r });
      }
    }
  }
  if (filter.policyUsageFilter !== 'PermissionsPolicy') {
    if (wanted('user')) {
      for (const u of await tx.users.list(accountId)) if (u.permissionsBoundaryArn === arn) add({ type: 'user', entity: u });
    }
    if (wanted('role')) {
      for (const r of await tx.roles.list(accountId)) if (r.permissionsBoundaryArn === arn) add({ type: 'role', entity: r });
    }
  }
  return [...byKey.values()].sort((a, b) => compareNames(entityListKey(a), entityListKey(b)));
}
