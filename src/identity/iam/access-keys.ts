// Long-term access keys of IAM users and of the account's root. The secret exists in a CreateAccessKey
// answer and in the store (sealed); nothing here returns it otherwise.
import { newAccessKeyId, newSecretAccessKey } from '../../arn/index.js';
import type { RandomBytes } from '../../arn/index.js';
import type { AccessKey, AccessKeyLastUsed, AccessKeyMetadata, StatusType } from '../../model/index.js';
import type { StoreTx } from '../../store/index.js';
import { limitExceeded, noSuchEntity } from '../errors.js';
import { requireUser } from './users.js';

/** spec/identities-and-sts.md §2: access keys per user, and per root. */
export const MAX_ACCESS_KEYS = 2;

/** Whose keys: a user by name, or the account's root when `userName` is undefined. */
export interface KeyOwner {
  readonly accountId: string;
  readonly userName?: string;
}

const keyNotFound = (accessKeyId: string): Error => noSuchEntity(`The Access Key with id ${accessKeyId} cannot be found.`);

/** The owner's canonical name (as stored), checking the user exists. */
async function ownerName(tx: StoreTx, owner: KeyOwner): Promise<string | undefined> {
  if (owner.userName === undefined) return undefined;
  return (await requireUser(tx, owner.accountId, owner.userName)).userName;
}

export async function createAccessKey(tx: StoreTx, owner: KeyOwner, now: Date, random: RandomBytes): Promise<AccessKey> {
  const userName = await ownerName(tx, owner);
  const existing = await tx.accessKeys.list(owner.accountId, userName);
  if (existing.length >= MAX_ACCESS_KEYS) throw limitExceeded(`Cannot exceed quota for AccessKeysPerUser: ${MAX_ACCESS_KEYS}`);
  const key: AccessKey = {
    accountId: owner.accountId,
    accessKeyId: newAccessKeyId('AKIA', random),
    ...(userName !== undefined && { userName }),
    status: 'Active',
    createDate: now,
    secretAccessKey: newSecretAccessKey(random),
  };
  const metadata = await tx.accessKeys.create(key);
  return { ...metadata, secretAccessKey: key.secretAccessKey };
}

/** In creation order. */
export async function listAccessKeys(tx: StoreTx, owner: KeyOwner): Promise<AccessKeyMetadata[]> {
  const userName = await ownerName(tx, owner);
  return tx.accessKeys.list(owner.accountId, userName);
}

/** The owner's key, or NoSuchEntity: a key of someone else is reported as missing, as AWS does. */
async function requireOwnKey(tx: StoreTx, owner: KeyOwner, accessKeyId: string): Promise<AccessKeyMetadata> {
  const userName = await ownerName(tx, owner);
  const key = (await tx.accessKeys.list(owner.accountId, userName)).find((k) => k.accessKeyId === accessKeyId);
  if (key === undefined) throw keyNotFound(accessKeyId);
  return key;
}

export async function updateAccessKey(tx: StoreTx, owner: KeyOwner, accessKeyId: string, status: StatusType): Promise<void> {
  const key = await requireOwnKey(tx, owner, accessKeyId);
  if (key.status !== status) await tx.accessKeys.updateStatus(owner.accountId, accessKeyId, status);
}

export async function deleteAccessKey(tx: StoreTx, owner: KeyOwner, accessKeyId: string): Promise<void> {
  await requireOwnKey(tx, owner, accessKeyId);
  await tx.accessKeys.delete(owner.accountId, accessKeyId);
}

export interface AccessKeyOwnerInfo {
  readonly accessKeyId: string;
  /** Undefined for a root key. */
  readonly userName?: string;
  readonly lastUsed?: AccessKeyLastUsed;
}

/** Finds a key of the account by id (no secret kept); undefined when the account has no such key. */
export async function findAccessKey(tx: StoreTx, accountId: string, accessKeyId: string): Promise<AccessKeyOwnerInfo | undefined> {
  const key = await tx.accessKeys.get(accessKeyId);
  if (key === undefined || key.accountId !== accountId) return undefined;
  return {
    accessKeyId: key.accessKeyId,
    ...(key.userName !== undefined && { userName: key.userName }),
    ...(key.lastUsed !== undefined && { lastUsed: key.lastUsed }),
  };
}

export async function getAccessKeyLastUsed(tx: StoreTx, accountId: string, accessKeyId: string): Promise<AccessKeyOwnerInfo> {
  const info = await findAccessKey(tx, accountId, accessKeyId);
  if (info === undefined) throw keyNotFound(accessKeyId);
  return info;
}
