// Accounts and their root identity: the bootstrap every server start and `castellan account create` run.
import { timingSafeEqual } from 'node:crypto';
import { isValidAccountId, newAccessKeyId, newSecretAccessKey } from '../arn/index.js';
import type { RandomBytes } from '../arn/index.js';
import type { Store, StoreTx } from '../store/index.js';
import { ServiceError } from './errors.js';

/** A long-term access key pair. The secret is shown once, at creation. */
export interface RootCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export interface EnsuredAccount {
  readonly accountId: string;
  /** True when this call created the account. */
  readonly created: boolean;
  /** The root key this call created (a new account's, or the requested one when it was missing). */
  readonly createdKey?: RootCredentials;
}

/** Root keys look like user keys: `AKIA` + 16 of [A-Z2-7] (an explicitly given key may use any 16–128 word chars). */
const ACCESS_KEY_ID = /^[A-Z0-9]{16,128}$/;

function secretsEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a, 'utf8');
  const bb = Buffer.from(b, 'utf8');
  if (ab.length !== bb.length) {
    timingSafeEqual(ab, ab);
    return false;
  }
  return timingSafeEqual(ab, bb);
}

/**
 * Makes sure `accountId` exists with a root access key.
 * - A new account gets `rootKey` (or a fresh random key) as its root key.
 * - An existing account given `rootKey`: the key is created if missing; if that id exists with another
 *   secret, or belongs to someone else, this throws (a server must not start with credentials it cannot honour).
 * - An existing account without `rootKey` is left as it is.
 */
export async function ensureAccount(
  tx: StoreTx,
  accountId: string,
  random: RandomBytes,
  rootKey?: RootCredentials,
  now: Date = new Date(),
): Promise<EnsuredAccount> {
  if (!isValidAccountId(accountId)) throw new ServiceError('ValidationError', `Invalid account id '${accountId}': 12 digits expected.`);
  if (rootKey !== undefined && !ACCESS_KEY_ID.test(rootKey.accessKeyId)) {
    throw new ServiceError('ValidationError', 'The root access key id must be 16 to 128 upper-case letters and digits.');
  }
  if (rootKey !== undefined && rootKey.secretAccessKey.length < 16) {
    throw new ServiceError('ValidationError', 'The root secret access key must be at least 16 characters.');
  }
  const existing = await tx.accounts.get(accountId);
  let created = false;
  if (!existing) {
    await tx.accounts.create({ accountId, createDate: now });
    created = true;
  }
  if (rootKey !== undefined) {
    const key = await tx.accessKeys.get(rootKey.accessKeyId);
    if (key) {
      if (key.accountId !== accountId || key.userName !== undefined) {
        throw new ServiceError('EntityAlreadyExists', `Access key ${rootKey.accessKeyId} exists and is not the root key of account ${accountId}.`);
      }
      if (!secretsEqual(key.secretAccessKey, rootKey.secretAccessKey)) {
        throw new ServiceError(
          'EntityAlreadyExists',
          `Root access key ${rootKey.accessKeyId} of account ${accountId} exists with a different secret access key.`,
        );
      }
      return { accountId, created };
    }
    await tx.accessKeys.create({ accountId, ...rootKey, status: 'Active', createDate: now });
    return { accountId, created, createdKey: rootKey };
  }
  if (!created) return { accountId, created };
  const fresh = { accessKeyId: newAccessKeyId('AKIA', random), secretAccessKey: newSecretAccessKey(random) };
  await tx.accessKeys.create({ accountId, ...fresh, status: 'Active', createDate: now });
  return { accountId, created, createdKey: fresh };
}

/** 12 random decimal digits (rejection sampling: no modulo bias). */
export function randomAccountId(random: RandomBytes): string {
  let out = '';
  while (out.length < 12) {
    for (const b of random(16)) {
      if (b < 250 && out.length < 12) out += String(b % 10);
    }
  }
  return out;
}

/**
 * Creates a new account with a fresh root key (`castellan account create`). A random account id is drawn
 * when none is given. Throws EntityAlreadyExists when the account exists.
 */
export async function createAccount(
  store: Store,
  random: RandomBytes,
  accountId?: string,
): Promise<{ accountId: string } & RootCredentials> {
  return store.transaction(async (tx) => {
    let id = accountId;
    if (id === undefined) {
      do id = randomAccountId(random);
      while (await tx.accounts.get(id));
    } else if (await tx.accounts.get(id)) {
      throw new ServiceError('EntityAlreadyExists', `Account ${id} already exists.`);
    }
    const result = await ensureAccount(tx, id, random);
    if (!result.createdKey) throw new Error('createAccount: no root key was created');
    return { accountId: id, ...result.createdKey };
  });
}
