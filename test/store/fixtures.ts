// Entity builders for store tests: valid-looking IAM entities with predictable names.
import type { AccessKey, Account, Group, InstanceProfile, Role, User } from '../../src/model/index.js';
import type { NewManagedPolicy } from '../../src/store/index.js';

export const ACCOUNT = '111122223333';
export const OTHER_ACCOUNT = '444455556666';
export const T0 = new Date('2024-01-02T03:04:05.000Z');

let counter = 0;
/** A 17-character unique suffix, as IAM's unique ids carry. */
const unique = (): string => String(++counter).padStart(17, '0');

export const account = (accountId = ACCOUNT): Account => ({ accountId, createDate: T0 });

export const user = (userName: string, options: { accountId?: string; path?: string } = {}): User => {
  const accountId = options.accountId ?? ACCOUNT;
  const path = options.path ?? '/';
  return { accountId, userName, userId: `AIDA${unique()}`, path, arn: `arn:aws:iam::${accountId}:user${path}${userName}`, createDate: T0 };
};

export const group = (groupName: string, path = '/'): Group => ({
  accountId: ACCOUNT,
  groupName,
  groupId: `AGPA${unique()}`,
  path,
  arn: `arn:aws:iam::${ACCOUNT}:group${path}${groupName}`,
  createDate: T0,
});

export const TRUST = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}';
export const DOC = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}';

export const role = (roleName: string, path = '/'): Role => ({
  accountId: ACCOUNT,
  roleName,
  roleId: `AROA${unique()}`,
  path,
  arn: `arn:aws:iam::${ACCOUNT}:role${path}${roleName}`,
  assumeRolePolicyDocument: TRUST,
  maxSessionDuration: 3600,
  createDate: T0,
});

export const policy = (policyName: string, path = '/'): NewManagedPolicy => ({
  accountId: ACCOUNT,
  policyName,
  policyId: `ANPA${unique()}`,
  arn: `arn:aws:iam::${ACCOUNT}:policy${path}${policyName}`,
  path,
  document: DOC,
  createDate: T0,
});

export const policyArn = (name: string): string => `arn:aws:iam::${ACCOUNT}:policy/${name}`;

export const instanceProfile = (name: string): InstanceProfile => ({
  accountId: ACCOUNT,
  instanceProfileName: name,
  instanceProfileId: `AIPA${unique()}`,
  path: '/',
  arn: `arn:aws:iam::${ACCOUNT}:instance-profile/${name}`,
  createDate: T0,
});

/** Secrets long and random-looking enough that finding them in a file is no accident. */
export const secret = (tag: string): string => `${tag}-wJalrXUtnFEMI/K7MDENG/bPxRfiCY${unique()}`;

export const accessKey = (userName?: string, accountId = ACCOUNT): AccessKey => ({
  accountId,
  accessKeyId: `AKIA${unique().slice(1)}`,
  ...(userName !== undefined && { userName }),
  status: 'Active',
  createDate: T0,
  secretAccessKey: secret('ak'),
});
