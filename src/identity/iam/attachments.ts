// Managed-policy attachments of users, groups and roles: at most 10 per entity, only attachable policies,
// never on service-linked roles (AWS owns their permissions).
import { isAwsManagedPolicyArn } from '../../model/index.js';
import type { Group, PrincipalType, Role, User } from '../../model/index.js';
import type { PrincipalRef, StoreTx } from '../../store/index.js';
import { ServiceError, limitExceeded, noSuchEntity } from '../errors.js';
import { SERVICE_ROLE_PATH_PREFIX, assertRoleModifiable } from './roles.js';
import { checkArnSyntax, compareNames, findAwsManagedPolicy, policyArnParts, policyListKey, policyNotAttachable } from './policies.js';

/** spec/identities-and-sts.md §2 (defaults; users and roles can be raised to 20 in AWS). */
export const MAX_ATTACHED_POLICIES: Readonly<Record<PrincipalType, number>> = { user: 10, group: 10, role: 10 };

const QUOTA_NAME: Readonly<Record<PrincipalType, string>> = {
  user: 'PoliciesPerUser',
  group: 'PoliciesPerGroup',
  role: 'PoliciesPerRole',
};

/** The path of service-linked roles; their policies are the service's to change. */

export type Principal =
  | { readonly type: 'user'; readonly entity: User }
  | { readonly type: 'group'; readonly entity: Group }
  | { readonly type: 'role'; readonly entity: Role };

export const principalName = (p: Principal): string =>
  p.type === 'user' ? p.entity.userName : p.type === 'group' ? p.entity.groupName : p.entity.roleName;

export const principalRef = (p: Principal): PrincipalRef => ({ principalType: p.type, principalName: principalName(p) });

/** The user, group or role, or NoSuchEntity `The <type> with name <n> cannot be found.` */
export async function requirePrincipal(tx: StoreTx, accountId: string, type: PrincipalType, name: string): Promise<Principal> {
  const missing = (): Error => noSuchEntity(`The ${type} with name ${name} cannot be found.`);
  if (type === 'user') {
    const entity = await tx.users.get(accountId, name);
    if (entity === undefined) throw missing();
    return { type, entity };
  }
  if (type === 'group') {
    const entity = await tx.groups.get(accountId, name);
    if (entity === undefined) throw missing();
    return { type, entity };
  }
  const entity = await tx.roles.get(accountId, name);
  if (entity === undefined) throw missing();
  return { type, entity };
}

/** Attach/detach/put/delete policy on a service-linked role: UnmodifiableEntity with AWS's message. */
export function checkModifiable(p: Principal): void {
  if (p.type === 'role') assertRoleModifiable(p.entity);
}

/** The principal's ARN, the resource of every action on it. */
export const principalArn = (p: Principal): string => p.entity.arn;

export interface AttachInput {
  readonly accountId: string;
  readonly principalType: PrincipalType;
  readonly principalName: string;
  readonly policyArn: string;
}

/** Attach{User,Group,Role}Policy. Attaching a policy already attached changes nothing. */
export async function attachPolicy(tx: StoreTx, input: AttachInput): Promise<void> {
  const principal = await requirePrincipal(tx, input.accountId, input.principalType, input.principalName);
  checkModifiable(principal);
  await checkAttachable(tx, input.accountId, input.policyArn);
  const ref = principalRef(principal);
  const attached = await tx.attachments.listForPrincipal(input.accountId, ref);
  if (attached.some((a) => a.policyArn === input.policyArn)) return;
  const max = MAX_ATTACHED_POLICIES[principal.type];
  if (attached.length >= max) throw limitExceeded(`Cannot exceed quota for ${QUOTA_NAME[principal.type]}: ${max}`);
  await tx.attachments.attach(input.accountId, ref, input.policyArn);
}

async function checkAttachable(tx: StoreTx, accountId: string, arn: string): Promise<void> {
  checkArnSyntax(arn);
  if (isAwsManagedPolicyArn(arn)) {
    const aws = await findAwsManagedPolicy(arn);
    if (aws === undefined) throw policyNotAttachable(arn);
    if (aws.path.startsWith(SERVICE_ROLE_PATH_PREFIX)) {
      // AWS's answer for a service-linked role's policy on a role; assumed the same for users and groups.
      throw new ServiceError('PolicyNotAttachable', 'Cannot attach a Service Role Policy to a Customer Role.');
    }
    return;
  }
  const parts = policyArnParts(arn);
  const policy = parts !== undefined && parts.account === accountId ? await tx.policies.get(accountId, arn) : undefined;
  if (policy === undefined || !policy.isAttachable) throw policyNotAttachable(arn);
}

/** Detach{User,Group,Role}Policy: NoSuchEntity `Policy <arn> was not found.` when it is not attached. */
export async function detachPolicy(tx: StoreTx, input: AttachInput): Promise<void> {
  const principal = await requirePrincipal(tx, input.accountId, input.principalType, input.principalName);
  checkModifiable(principal);
  checkArnSyntax(input.policyArn);
  const detached = await tx.attachments.detach(input.accountId, principalRef(principal), input.policyArn);
  if (!detached) throw noSuchEntity(`Policy ${input.policyArn} was not found.`);
}

export interface AttachedPolicy {
  readonly policyName: string;
  readonly policyArn: string;
}

/** ListAttached{User,Group,Role}Policies: by policy name, optionally only policies under a path prefix. */
export async function listAttachedPolicies(
  tx: StoreTx,
  accountId: string,
  principalType: PrincipalType,
  name: string,
  pathPrefix?: string,
): Promise<AttachedPolicy[]> {
  const principal = await requirePrincipal(tx, accountId, principalType, name);
  const out: AttachedPolicy[] = [];
  for (const a of await tx.attachments.listForPrincipal(accountId, principalRef(principal))) {
    const parts = policyArnParts(a.policyArn);
    if (parts === undefined) continue;
    if (pathPrefix !== undefined && !parts.path.startsWith(pathPrefix)) continue;
    out.push({ policyName: parts.name, policyArn: a.policyArn });
  }
  return out.sort((x, y) => compareNames(attachedListKey(x), attachedListKey(y)));
}

export const attachedListKey = (a: AttachedPolicy): string => policyListKey({ policyName: a.policyName, arn: a.policyArn });
