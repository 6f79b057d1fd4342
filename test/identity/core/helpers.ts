// Shared set-up for the identity core tests: an ephemeral store with one account, users made directly.
import { randomBytes } from 'node:crypto';
import { iamArn, newUniqueId } from '../../../src/arn/index.js';
import type { CallerIdentity } from '../../../src/identity/index.js';
import { ensureAccount } from '../../../src/identity/index.js';
import { openStore } from '../../../src/store/index.js';
import type { SqliteStore } from '../../../src/store/index.js';

export const ACCOUNT = '123456789012';
export const random = (n: number): Uint8Array => randomBytes(n);

export async function newStore(): Promise<SqliteStore> {
  const store = await openStore({ ephemeral: true, env: {} });
  await store.transaction((tx) => ensureAccount(tx, ACCOUNT, random, { accessKeyId: 'AKIAROOTROOTROOTROOT', secretAccessKey: 'r'.repeat(40) }));
  return store;
}

export async function addUser(store: SqliteStore, userName: string, key?: { accessKeyId: string; secretAccessKey: string }): Promise<void> {
  await store.transaction(async (tx) => {
    await tx.users.create({
      accountId: ACCOUNT,
      userName,
      userId: newUniqueId('AIDA', random),
      path: '/',
      arn: iamArn('aws', ACCOUNT, 'user', '/', userName),
      createDate: new Date(),
    });
    if (key) await tx.accessKeys.create({ accountId: ACCOUNT, userName, ...key, status: 'Active', createDate: new Date() });
  });
}

export function userCaller(userName: string, userId = 'AIDAEXAMPLEEXAMPLE123'): CallerIdentity {
  return {
    accountId: ACCOUNT,
    partition: 'aws',
    kind: 'user',
    arn: `arn:aws:iam::${ACCOUNT}:user/${userName}`,
    userId,
    userName,
    accessKeyId: 'AKIAEXAMPLEEXAMPLE12',
    temporary: false,
  };
}

export const rootCaller: CallerIdentity = {
  accountId: ACCOUNT,
  partition: 'aws',
  kind: 'root',
  arn: `arn:aws:iam::${ACCOUNT}:root`,
  userId: ACCOUNT,
  accessKeyId: 'AKIAROOTROOTROOTROOT',
  temporary: false,
};

export const allow = (action: string, resource = '*'): string =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: resource }] });
