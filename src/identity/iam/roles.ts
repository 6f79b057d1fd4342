// IAM roles: create, read, list, update, delete, tags and permissions boundaries, with IAM's validation,
// quotas and DeleteConflict rules (spec/identities-and-sts.md §1–2). Service functions on one transaction;
// the API layer authorizes before calling them.
import { iamArn, newUniqueId, parsePrincipalArn } from '../../arn/index.js';
import type { RandomBytes } from '../../arn/index.js';
import { DEFAULT_MAX_SESSION_DURATION, DEFAULT_PATH } from '../../model/index.js';
import type { Role, Tag } from '../../model/index.js';
import { StoreConflictError } from '../../store/index.js';
import type { RoleUpdate, StoreTx } from '../../store/index.js';
import { deleteConflict, entityAlreadyExists, invalidInput, limitExceeded, noSuchEntity, unmodifiableEntity } from '../errors.js';
import type { ServiceError } from '../errors.js';
import { getAwsManagedPolicy } from '../aws-managed.js';
import { checkTags } from '../tags.js';
import { forgetDeletedPrincipal, trustedRole } from './principal-ids.js';
import { checkTrustPolicy } from './trust.js';

/** Who and when a change happens: the account, its partition, the request time and a randomness source. */
export interface IamScope {
  readonly accountId: string;
  readonly partition: string;
  readonly now: Date;
  readonly random: RandomBytes;
}

/** Roles per account (spec §2: 1,000 by default). The quota name is AWS's, as quoted in openshift/release#69365. */
export const ROLES_PER_ACCOUNT = 1000;

/** Every service-linked role lives under `/aws-service-role/<service principal>/`. */
export const SERVICE_ROLE_PATH_PREFIX = '/aws-service-role/';

export interface RoleWithTags {
  readonly role: Role;
  readonly tags: Tag[];
}

export function isServiceLinkedRole(role: Role): boolean {
  return role.path.startsWith(SERVICE_ROLE_PATH_PREFIX);
}

export const roleNotFound = (roleName: string): ServiceError => noSuchEntity(`The role with name ${roleName} cannot be found.`);

/** The role, or NoSuchEntity with IAM's message. */
export async function requireRole(tx: StoreTx, accountId: string, roleName: string): Promise<Role> {
  const role = await tx.roles.get(accountId, roleName);
  if (!role) throw roleNotFound(roleName);
  return role;
}

/**
 * Service-linked roles belong to their service: IAM refuses to change their trust policy, permissions,
 * boundary or session duration, or to delete them with DeleteRole. Other groups (inline and attached
 * policies) call this too.
 */
export function assertRoleModifiable(role: Role): void {
  if (isServiceLinkedRole(role)) {
    throw unmodifiableEntity(`Cannot perform the operation on the protected role '${role.roleName}' - this role is only modifiable by AWS`);
  }
}

/**
 * A permissions boundary must be a managed policy that exists: a customer policy of this account, or an
 * AWS-managed one. AWS answers `Scope ARN: <arn> does not exist or is not attachable.` here (seen in real
 * CreateRole errors), not AttachRolePolicy's `Policy <arn> …` wording; an ARN that is not a policy ARN is
 * InvalidInput.
 */
export async function checkPermissionsBoundary(tx: StoreTx, accountId: string, policyArn: string): Promise<void> {
  const arn = parsePrincipalArn(policyArn);
  if (!arn || arn.kind !== 'policy') throw invalidInput(`ARN ${policyArn} is not valid.`);
  const missing = noSuchEntity(`Scope ARN: ${policyArn} does not exist or is not attachable.`);
  if (arn.account === 'aws') {
    if (!(await getAwsManagedPolicy(policyArn))) throw missing;
    return;
  }
  if (arn.account !== accountId) throw missing;
  if (!(await tx.policies.get(accountId, policyArn))) throw missing;
}

export interface CreateRoleInput {
  readonly roleName: string;
  readonly path?: string;
  readonly assumeRolePolicyDocument: string;
  readonly description?: string;
  readonly maxSessionDuration?: number;
  readonly permissionsBoundary?: string;
  readonly tags?: readonly Tag[];
}

/** Fails with LimitExceeded when the account already holds its quota of roles. */
export async function checkRoleQuota(tx: StoreTx, accountId: string): Promise<void> {
  const roles = await tx.roles.list(accountId, { limit: ROLES_PER_ACCOUNT });
  if (roles.length >= ROLES_PER_ACCOUNT) throw limitExceeded(`Cannot exceed quota for RolesPerAccount: ${ROLES_PER_ACCOUNT}`);
}

export async function createRole(tx: StoreTx, scope: IamScope, input: CreateRoleInput): Promise<RoleWithTags> {
  const { accountId } = scope;
  const path = input.path ?? DEFAULT_PATH;
  if (path.startsWith(SERVICE_ROLE_PATH_PREFIX)) {
    throw invalidInput(`Path prefix '${SERVICE_ROLE_PATH_PREFIX}' can only be used for AWS Service linked Roles`);
  }
  const tags = [...(input.tags ?? [])];
  checkTags(tags);
  const assumeRolePolicyDocument = await checkTrustPolicy(tx, accountId, input.assumeRolePolicyDocument);
  if (input.permissionsBoundary !== undefined) await checkPermissionsBoundary(tx, accountId, input.permissionsBoundary);
  if (await tx.roles.get(accountId, input.roleName)) throw roleExists(input.roleName);
  await checkRoleQuota(tx, accountId);
  const role: Role = {
    accountId,
    roleName: input.roleName,
    roleId: newUniqueId('AROA', scope.random),
    path,
    arn: iamArn(scope.partition, accountId, 'role', path, input.roleName),
    assumeRolePolicyDocument,
    ...(input.description !== undefined && input.description !== '' && { description: input.description }),
    maxSessionDuration: input.maxSessionDuration ?? DEFAULT_MAX_SESSION_DURATION,
    ...(input.permissionsBoundary !== undefined && { permissionsBoundaryArn: input.permissionsBoundary }),
    createDate: scope.now,
  };
  const created = await insertRole(tx, role);
  if (tags.length > 0) await tx.tags.set({ kind: 'role', accountId, name: created.roleName }, tags);
  return { role: created, tags };
}

const roleExists = (roleName: string): ServiceError => entityAlreadyExists(`Role with name ${roleName} already exists.`);

/** Inserts a role, mapping a taken name (a race past the existence check) to EntityAlreadyExists. */
export async function insertRole(tx: StoreTx, role: Role): Promise<Role> {
  try {
    return await tx.roles.create(role);
  } catch (error) {
    if (error instanceof StoreConflictError) throw roleExists(role.roleName);
    throw error;
  }
}

export async function getRole(tx: StoreTx, accountId: string, roleName: string): Promise<RoleWithTags> {
  const role = await requireRole(tx, accountId, roleName);
  return { role, tags: await tx.tags.list({ kind: 'role', accountId, name: role.roleName }) };
}

export interface ListRolesOptions {
  readonly pathPrefix?: string;
  readonly after?: string;
  readonly limit?: number;
}

export async function listRoles(tx: StoreTx, accountId: string, options: ListRolesOptions): Promise<Role[]> {
  return tx.roles.list(accountId, {
    ...(options.pathPrefix !== undefined && { pathPrefix: options.pathPrefix }),
    ...(options.after !== undefined && { after: options.after }),
    ...(options.limit !== undefined && { limit: options.limit }),
  });
}

export interface UpdateRoleInput {
  /** An empty string clears the description. */
  readonly description?: string;
  readonly maxSessionDuration?: number;
}

/** UpdateRole and UpdateRoleDescription. A service-linked role's description may change (AWS documents it), nothing else. */
export async function updateRole(tx: StoreTx, accountId: string, roleName: string, input: UpdateRoleInput): Promise<Role> {
  const role = await requireRole(tx, accountId, roleName);
  if (input.maxSessionDuration !== undefined) assertRoleModifiable(role);
  const update: RoleUpdate = {
    ...(input.description !== undefined && { description: input.description === '' ? null : input.description }),
    ...(input.maxSessionDuration !== undefined && { maxSessionDuration: input.maxSessionDuration }),
  };
  if (Object.keys(update).length === 0) return role;
  return tx.roles.update(accountId, role.roleName, update);
}

export async function updateAssumeRolePolicy(tx: StoreTx, accountId: string, roleName: string, document: string): Promise<void> {
  const role = await requireRole(tx, accountId, roleName);
  assertRoleModifiable(role);
  const stored = await checkTrustPolicy(tx, accountId, document);
  await tx.roles.update(accountId, role.roleName, { assumeRolePolicyDocument: stored });
}

/**
 * DeleteRole: refused for service-linked roles (DeleteServiceLinkedRole deletes those), and while the role
 * has attached managed policies, inline policies or instance profiles — checked in that order, each with
 * AWS's message. Trust policies naming the role then name its unique ID.
 */
export async function deleteRole(tx: StoreTx, accountId: string, roleName: string): Promise<void> {
  const role = await requireRole(tx, accountId, roleName);
  assertRoleModifiable(role);
  const principal = { principalType: 'role' as const, principalName: role.roleName };
  if ((await tx.attachments.listForPrincipal(accountId, principal)).length > 0) {
    throw deleteConflict('Cannot delete entity, must detach all policies first.');
  }
  if ((await tx.inlinePolicies.list(accountId, principal)).length > 0) {
    throw deleteConflict('Cannot delete entity, must delete policies first.');
  }
  if ((await tx.instanceProfiles.listForRole(accountId, role.roleName, { limit: 1 })).length > 0) {
    throw deleteConflict('Cannot delete entity, must remove roles from instance profile first.');
  }
  await tx.roles.delete(accountId, role.roleName);
  await forgetDeletedPrincipal(tx, trustedRole(role), role.roleId);
}

export async function tagRole(tx: StoreTx, accountId: string, roleName: string, tags: readonly Tag[]): Promise<void> {
  const role = await requireRole(tx, accountId, roleName);
  const target = { kind: 'role' as const, accountId, name: role.roleName };
  checkTags(tags, await tx.tags.list(target));
  await tx.tags.set(target, tags);
}

export async function untagRole(tx: StoreTx, accountId: string, roleName: string, keys: readonly string[]): Promise<void> {
  const role = await requireRole(tx, accountId, roleName);
  await tx.tags.remove({ kind: 'role', accountId, name: role.roleName }, keys);
}

/** The role's tags sorted by key, as ListRoleTags documents. */
export async function listRoleTags(tx: StoreTx, accountId: string, roleName: string): Promise<Tag[]> {
  const role = await requireRole(tx, accountId, roleName);
  return sortTags(await tx.tags.list({ kind: 'role', accountId, name: role.roleName }));
}

/** By key, case-insensitively first (keys are unique that way), the order list markers page through. */
export function sortTags(tags: readonly Tag[]): Tag[] {
  return [...tags].sort((a, b) => {
    const la = a.Key.toLowerCase();
    const lb = b.Key.toLowerCase();
    return la < lb ? -1 : la > lb ? 1 : a.Key < b.Key ? -1 : a.Key > b.Key ? 1 : 0;
  });
}

/** AWS: "You cannot set the boundary for a service-linked role." */
export async function putRolePermissionsBoundary(tx: StoreTx, accountId: string, roleName: string, policyArn: string): Promise<void> {
  const role = await requireRole(tx, accountId, roleName);
  assertRoleModifiable(role);
  await checkPermissionsBoundary(tx, accountId, policyArn);
  await tx.roles.update(accountId, role.roleName, { permissionsBoundaryArn: policyArn });
}

/**
 * Removing a boundary the role does not have succeeds without change: terraform-provider-aws once called this
 * on every role it deleted and failed only for callers lacking the permission (terraform-provider-aws#5489).
 */
export async function deleteRolePermissionsBoundary(tx: StoreTx, accountId: string, roleName: string): Promise<void> {
  const role = await requireRole(tx, accountId, roleName);
  assertRoleModifiable(role);
  if (role.permissionsBoundaryArn !== undefined) {
    await tx.roles.update(accountId, role.roleName, { permissionsBoundaryArn: null });
  }
}
