// IAM groups and their members. Groups hold users only (no nesting) and are not principals.
import { iamArn, newUniqueId } from '../../arn/index.js';
import type { RandomBytes } from '../../arn/index.js';
import { DEFAULT_PATH } from '../../model/index.js';
import type { Group, User } from '../../model/index.js';
import { StoreConflictError } from '../../store/index.js';
import type { StoreTx } from '../../store/index.js';
import { deleteConflict, entityAlreadyExists, limitExceeded, noSuchEntity } from '../errors.js';
import { requireUser } from './users.js';
import type { ListRequest } from './users.js';

/** spec/identities-and-sts.md §2. */
export const MAX_GROUPS_PER_ACCOUNT = 300;
export const MAX_GROUPS_PER_USER = 10;

export const groupNotFound = (groupName: string): Error => noSuchEntity(`The group with name ${groupName} cannot be found.`);
const groupExists = (groupName: string): Error => entityAlreadyExists(`Group with name ${groupName} already exists.`);

export async function requireGroup(tx: StoreTx, accountId: string, groupName: string): Promise<Group> {
  const group = await tx.groups.get(accountId, groupName);
  if (group === undefined) throw groupNotFound(groupName);
  return group;
}

async function conflictAsExists<T>(groupName: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (err instanceof StoreConflictError) throw groupExists(groupName);
    throw err;
  }
}

export interface CreateGroupInput {
  readonly accountId: string;
  readonly partition: string;
  readonly groupName: string;
  readonly path?: string;
  readonly now: Date;
  readonly random: RandomBytes;
}

export async function createGroup(tx: StoreTx, input: CreateGroupInput): Promise<Group> {
  const { accountId, partition, groupName } = input;
  const path = input.path ?? DEFAULT_PATH;
  if ((await tx.groups.get(accountId, groupName)) !== undefined) throw groupExists(groupName);
  const count = (await tx.groups.list(accountId, { limit: MAX_GROUPS_PER_ACCOUNT })).length;
  if (count >= MAX_GROUPS_PER_ACCOUNT) throw limitExceeded(`Cannot exceed quota for GroupsPerAccount: ${MAX_GROUPS_PER_ACCOUNT}`);
  return conflictAsExists(groupName, () =>
    tx.groups.create({
      accountId,
      groupName,
      groupId: newUniqueId('AGPA', input.random),
      path,
      arn: iamArn(partition, accountId, 'group', path, groupName),
      createDate: input.now,
    }),
  );
}

/** GetGroup: the group and one page of its members (`limit` rows after `after`). */
export async function getGroup(
  tx: StoreTx,
  accountId: string,
  groupName: string,
  page: { after?: string; limit: number },
): Promise<{ group: Group; users: User[] }> {
  const group = await requireGroup(tx, accountId, groupName);
  const users = await tx.groups.listUsers(accountId, group.groupName, {
    ...(page.after !== undefined && { after: page.after }),
    limit: page.limit,
  });
  return { group, users };
}

export async function listGroups(tx: StoreTx, accountId: string, request: ListRequest): Promise<Group[]> {
  return tx.groups.list(accountId, {
    ...(request.pathPrefix !== undefined && { pathPrefix: request.pathPrefix }),
    ...(request.after !== undefined && { after: request.after }),
    limit: request.limit,
  });
}

export async function updateGroup(
  tx: StoreTx,
  accountId: string,
  groupName: string,
  update: { newGroupName?: string; newPath?: string },
): Promise<Group> {
  const group = await requireGroup(tx, accountId, groupName);
  const { newGroupName, newPath } = update;
  if (newGroupName !== undefined && newGroupName.toLowerCase() !== group.groupName.toLowerCase()) {
    if ((await tx.groups.get(accountId, newGroupName)) !== undefined) throw groupExists(newGroupName);
  }
  if (newGroupName === undefined && newPath === undefined) return group;
  return conflictAsExists(newGroupName ?? groupName, () =>
    tx.groups.update(accountId, group.groupName, {
      ...(newGroupName !== undefined && { newGroupName }),
      ...(newPath !== undefined && { newPath }),
    }),
  );
}

export async function deleteGroup(tx: StoreTx, accountId: string, groupName: string): Promise<void> {
  const group = await requireGroup(tx, accountId, groupName);
  const name = group.groupName;
  const principal = { principalType: 'group' as const, principalName: name };
  const conflict = (fix: string): Error => deleteConflict(`Cannot delete entity, must ${fix} first.`);
  if ((await tx.groups.listUsers(accountId, name, { limit: 1 })).length > 0) throw conflict('remove users from group');
  if ((await tx.inlinePolicies.list(accountId, principal)).length > 0) throw conflict('delete policies');
  if ((await tx.attachments.listForPrincipal(accountId, principal)).length > 0) throw conflict('detach all policies');
  await tx.groups.delete(accountId, name);
}

/** Adding a member twice is a no-op, as in IAM; the group quota counts other groups only. */
export async function addUserToGroup(tx: StoreTx, accountId: string, groupName: string, userName: string): Promise<void> {
  const group = await requireGroup(tx, accountId, groupName);
  const user = await requireUser(tx, accountId, userName);
  const groups = await tx.groups.listGroupsForUser(accountId, user.userName);
  if (groups.some((g) => g.groupName.toLowerCase() === group.groupName.toLowerCase())) return;
  if (groups.length >= MAX_GROUPS_PER_USER) throw limitExceeded(`Cannot exceed quota for GroupsPerUser: ${MAX_GROUPS_PER_USER}`);
  await tx.groups.addUser(accountId, group.groupName, user.userName);
}

/** Removing a user that is not a member succeeds: AWS returns no error then (observed, cloud-custodian #4730). */
export async function removeUserFromGroup(tx: StoreTx, accountId: string, groupName: string, userName: string): Promise<void> {
  const group = await requireGroup(tx, accountId, groupName);
  const user = await requireUser(tx, accountId, userName);
  await tx.groups.removeUser(accountId, group.groupName, user.userName);
}

export async function listGroupsForUser(
  tx: StoreTx,
  accountId: string,
  userName: string,
  page: { after?: string; limit: number },
): Promise<Group[]> {
  const user = await requireUser(tx, accountId, userName);
  return tx.groups.listGroupsForUser(accountId, user.userName, {
    ...(page.after !== undefined && { after: page.after }),
    limit: page.limit,
  });
}
