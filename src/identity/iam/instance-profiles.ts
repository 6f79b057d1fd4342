// Instance profiles: containers that hand one role to EC2 instances. IAM lets a profile hold at most one
// role, refuses to delete a profile that still holds one, and tags profiles like roles.
import { iamArn, newUniqueId } from '../../arn/index.js';
import { DEFAULT_PATH } from '../../model/index.js';
import type { InstanceProfile, Role, Tag } from '../../model/index.js';
import { StoreConflictError } from '../../store/index.js';
import type { StoreTx } from '../../store/index.js';
import { deleteConflict, entityAlreadyExists, limitExceeded, noSuchEntity } from '../errors.js';
import type { ServiceError } from '../errors.js';
import { checkTags } from '../tags.js';
import type { IamScope } from './roles.js';
import { requireRole, sortTags } from './roles.js';

/** Instance profiles per account (spec §2: 1,000 by default); the quota name is AWS's, as quoted in ansible/workshops#1801. */
export const INSTANCE_PROFILES_PER_ACCOUNT = 1000;
/** Roles per instance profile: a hard limit of one. */
export const ROLES_PER_INSTANCE_PROFILE = 1;

export interface InstanceProfileWithRoles {
  readonly profile: InstanceProfile;
  readonly roles: Role[];
  readonly tags: Tag[];
}

export const instanceProfileNotFound = (name: string): ServiceError => noSuchEntity(`Instance Profile ${name} cannot be found.`);

export async function requireInstanceProfile(tx: StoreTx, accountId: string, name: string): Promise<InstanceProfile> {
  const profile = await tx.instanceProfiles.get(accountId, name);
  if (!profile) throw instanceProfileNotFound(name);
  return profile;
}

export interface CreateInstanceProfileInput {
  readonly instanceProfileName: string;
  readonly path?: string;
  readonly tags?: readonly Tag[];
}

export async function createInstanceProfile(tx: StoreTx, scope: IamScope, input: CreateInstanceProfileInput): Promise<InstanceProfileWithRoles> {
  const { accountId } = scope;
  const name = input.instanceProfileName;
  const path = input.path ?? DEFAULT_PATH;
  const tags = [...(input.tags ?? [])];
  checkTags(tags);
  const exists = (): ServiceError => entityAlreadyExists(`Instance Profile ${name} already exists.`);
  if (await tx.instanceProfiles.get(accountId, name)) throw exists();
  const all = await tx.instanceProfiles.list(accountId, { limit: INSTANCE_PROFILES_PER_ACCOUNT });
  if (all.length >= INSTANCE_PROFILES_PER_ACCOUNT) {
    throw limitExceeded(`Cannot exceed quota for InstanceProfilesPerAccount: ${INSTANCE_PROFILES_PER_ACCOUNT}`);
  }
  let profile: InstanceProfile;
  try {
    profile = await tx.instanceProfiles.create({
      accountId,
      instanceProfileName: name,
      instanceProfileId: newUniqueId('AIPA', scope.random),
      path,
      arn: iamArn(scope.partition, accountId, 'instance-profile', path, name),
      createDate: scope.now,
    });
  } catch (error) {
    if (error instanceof StoreConflictError) throw exists();
    throw error;
  }
  if (tags.length > 0) await tx.tags.set({ kind: 'instanceProfile', accountId, name: profile.instanceProfileName }, tags);
  return { profile, roles: [], tags };
}

export async function getInstanceProfile(tx: StoreTx, accountId: string, name: string): Promise<InstanceProfileWithRoles> {
  const profile = await requireInstanceProfile(tx, accountId, name);
  return withRoles(tx, profile);
}

async function withRoles(tx: StoreTx, profile: InstanceProfile): Promise<InstanceProfileWithRoles> {
  const { accountId, instanceProfileName: name } = profile;
  const roles = await tx.instanceProfiles.listRoles(accountId, name);
  const tags = await tx.tags.list({ kind: 'instanceProfile', accountId, name });
  return { profile, roles, tags };
}

export async function deleteInstanceProfile(tx: StoreTx, accountId: string, name: string): Promise<void> {
  const profile = await requireInstanceProfile(tx, accountId, name);
  if ((await tx.instanceProfiles.listRoles(accountId, profile.instanceProfileName)).length > 0) {
    throw deleteConflict('Cannot delete entity, must remove roles from instance profile first.');
  }
  await tx.instanceProfiles.delete(accountId, profile.instanceProfileName);
}

export interface ListInstanceProfilesOptions {
  readonly pathPrefix?: string;
  readonly after?: string;
  readonly limit?: number;
}

export async function listInstanceProfiles(
  tx: StoreTx,
  accountId: string,
  options: ListInstanceProfilesOptions,
): Promise<InstanceProfileWithRoles[]> {
  const profiles = await tx.instanceProfiles.list(accountId, {
    ...(options.pathPrefix !== undefined && { pathPrefix: options.pathPrefix }),
    ...(options.after !== undefined && { after: options.after }),
    ...(options.limit !== undefined && { limit: options.limit }),
  });
  return Promise.all(profiles.map((p) => withRoles(tx, p)));
}

export async function listInstanceProfilesForRole(
  tx: StoreTx,
  accountId: string,
  roleName: string,
  options: { readonly after?: string; readonly limit?: number },
): Promise<InstanceProfileWithRoles[]> {
  const role = await requireRole(tx, accountId, roleName);
  const profiles = await tx.instanceProfiles.listForRole(accountId, role.roleName, {
    ...(options.after !== undefined && { after: options.after }),
    ...(options.limit !== undefined && { limit: options.limit }),
  });
  return Promise.all(profiles.map((p) => withRoles(tx, p)));
}

/** Adding the role a profile already holds is refused too: the profile is full either way. */
export async function addRoleToInstanceProfile(tx: StoreTx, accountId: string, name: string, roleName: string): Promise<void> {
  const profile = await requireInstanceProfile(tx, accountId, name);
  const role = await requireRole(tx, accountId, roleName);
  const held = await tx.instanceProfiles.listRoles(accountId, profile.instanceProfileName);
  if (held.length >= ROLES_PER_INSTANCE_PROFILE) {
    throw limitExceeded(`Cannot exceed quota for InstanceSessionsPerInstanceProfile: ${ROLES_PER_INSTANCE_PROFILE}`);
  }
  await tx.instanceProfiles.addRole(accountId, profile.instanceProfileName, role.roleName);
}

/**
 * A role the profile does not hold is NoSuchEntity naming both (AWS's wording, as recorded from AWS in
 * LocalStack's IAM snapshot tests, tests/aws/services/iam/test_iam_instance_profiles.snapshot.json).
 */
export async function removeRoleFromInstanceProfile(tx: StoreTx, accountId: string, name: string, roleName: string): Promise<void> {
  const profile = await requireInstanceProfile(tx, accountId, name);
  const role = await requireRole(tx, accountId, roleName);
  if (!(await tx.instanceProfiles.removeRole(accountId, profile.instanceProfileName, role.roleName))) {
    throw noSuchEntity(`Role ${role.roleName} in Instance Profile ${profile.instanceProfileName} cannot be found.`);
  }
}

export async function tagInstanceProfile(tx: StoreTx, accountId: string, name: string, tags: readonly Tag[]): Promise<void> {
  const profile = await requireInstanceProfile(tx, accountId, name);
  const target = { kind: 'instanceProfile' as const, accountId, name: profile.instanceProfileName };
  checkTags(tags, await tx.tags.list(target));
  await tx.tags.set(target, tags);
}

export async function untagInstanceProfile(tx: StoreTx, accountId: string, name: string, keys: readonly string[]): Promise<void> {
  const profile = await requireInstanceProfile(tx, accountId, name);
  await tx.tags.remove({ kind: 'instanceProfile', accountId, name: profile.instanceProfileName }, keys);
}

export async function listInstanceProfileTags(tx: StoreTx, accountId: string, name: string): Promise<Tag[]> {
  const profile = await requireInstanceProfile(tx, accountId, name);
  return sortTags(await tx.tags.list({ kind: 'instanceProfile', accountId, name: profile.instanceProfileName }));
}
