// The IAM user service against a real (ephemeral) store.
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ServiceError } from '../../../src/identity/errors.js';
import { createAccessKey } from '../../../src/identity/iam/access-keys.js';
import { addUserToGroup, createGroup } from '../../../src/identity/iam/groups.js';
import { createLoginProfile } from '../../../src/identity/iam/login-profiles.js';
import {
  MAX_USERS_PER_ACCOUNT,
  createUser,
  deleteUser,
  deleteUserPermissionsBoundary,
  getRootUser,
  getUser,
  listUserTags,
  listUsers,
  putUserPermissionsBoundary,
  tagUser,
  untagUser,
  updateUser,
} from '../../../src/identity/iam/users.js';
import type { CreateUserInput } from '../../../src/identity/iam/users.js';
import { openStore } from '../../../src/store/index.js';
import type { Store, StoreTx } from '../../../src/store/index.js';

const A = '111122223333';
const NOW = new Date('2025-01-01T12:00:00Z');
const DOC = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}';
const noAwsManaged = async (): Promise<undefined> => undefined;
const someAwsManaged = async (arn: string): Promise<object | undefined> =>
  arn.endsWith('/PowerUserAccess') ? { arn } : undefined;

let store: Store;
const tx = <T>(fn: (t: StoreTx) => Promise<T>): Promise<T> => store.transaction(fn);
const base = (userName: string, extra: Partial<CreateUserInput> = {}): CreateUserInput => ({
  accountId: A,
  partition: 'aws',
  userName,
  now: NOW,
  random: randomBytes,
  lookupAwsManaged: someAwsManaged,
  ...extra,
});

async function expectError(p: Promise<unknown>, code: string, message?: string): Promise<void> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ServiceError);
  expect((err as ServiceError).code).toBe(code);
  if (message !== undefined) expect((err as ServiceError).message).toBe(message);
}

beforeEach(async () => {
  store = await openStore({ ephemeral: true, env: {} });
  await tx((t) => t.accounts.create({ accountId: A, createDate: NOW }));
});
afterEach(async () => store.close());

describe('createUser', () => {
  it('creates a user with an AIDA id, the ARN with its path, and the creation date', async () => {
    const { user } = await tx((t) => createUser(t, base('alice', { path: '/dev/' })));
    expect(user.userId).toMatch(/^AIDA[A-Z2-7]{17}$/);
    expect(user.arn).toBe(`arn:aws:iam::${A}:user/dev/alice`);
    expect(user.path).toBe('/dev/');
    expect(user.createDate.toISOString()).toBe(NOW.toISOString());
  });

  it('defaults the path to /', async () => {
    const { user } = await tx((t) => createUser(t, base('bob')));
    expect(user.path).toBe('/');
    expect(user.arn).toBe(`arn:aws:iam::${A}:user/bob`);
  });

  it('stores tags given at creation', async () => {
    const { tags } = await tx((t) => createUser(t, base('bob', { tags: [{ Key: 'team', Value: 'a b' }] })));
    expect(tags).toEqual([{ Key: 'team', Value: 'a b' }]);
  });

  it('refuses a taken name, case-insensitively, with AWS message', async () => {
    await tx((t) => createUser(t, base('bob')));
    await expectError(tx((t) => createUser(t, base('BOB'))), 'EntityAlreadyExists', 'User with name BOB already exists.');
  });

  it('refuses an aws: tag and creates nothing', async () => {
    await expectError(tx((t) => createUser(t, base('bob', { tags: [{ Key: 'aws:x', Value: '' }] }))), 'InvalidInput');
    expect(await tx((t) => t.users.get(A, 'bob'))).toBeUndefined();
  });

  it('refuses more than 50 tags with LimitExceeded', async () => {
    const tags = Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: '' }));
    await expectError(tx((t) => createUser(t, base('bob', { tags }))), 'LimitExceeded', 'Cannot exceed quota for TagsPerResource: 50');
  });

  it('accepts a customer managed policy of the account as boundary', async () => {
    const arn = `arn:aws:iam::${A}:policy/DevBoundary`;
    await tx((t) =>
      t.policies.create({ accountId: A, policyName: 'DevBoundary', policyId: 'ANPAAAAAAAAAAAAAAAAAA', arn, path: '/', document: DOC, createDate: NOW }),
    );
    const { user } = await tx((t) => createUser(t, base('bob', { permissionsBoundary: arn })));
    expect(user.permissionsBoundaryArn).toBe(arn);
  });

  it('accepts an existing AWS managed policy as boundary', async () => {
    const arn = 'arn:aws:iam::aws:policy/PowerUserAccess';
    const { user } = await tx((t) => createUser(t, base('bob', { permissionsBoundary: arn })));
    expect(user.permissionsBoundaryArn).toBe(arn);
  });

  it('refuses a boundary policy that does not exist', async () => {
    const arn = `arn:aws:iam::${A}:policy/Nope`;
    await expectError(
      tx((t) => createUser(t, base('bob', { permissionsBoundary: arn, lookupAwsManaged: noAwsManaged }))),
      'NoSuchEntity',
      `Scope ARN: ${arn} does not exist or is not attachable.`,
    );
  });

  it('refuses a boundary ARN that names no policy', async () => {
    await expectError(tx((t) => createUser(t, base('bob', { permissionsBoundary: `arn:aws:iam::${A}:role/R` }))), 'InvalidInput');
  });

  it('refuses a user beyond the account quota', async () => {
    await tx(async (t) => {
      for (let i = 0; i < MAX_USERS_PER_ACCOUNT; i++) {
        await t.users.create({ accountId: A, userName: `u${i}`, userId: `AIDA${String(i).padStart(17, '0')}`, path: '/', arn: `arn:aws:iam::${A}:user/u${i}`, createDate: NOW });
      }
    });
    await expectError(tx((t) => createUser(t, base('one-more'))), 'LimitExceeded', 'Cannot exceed quota for UsersPerAccount: 5000');
  });
});

describe('getUser / getRootUser / listUsers', () => {
  it('reports a missing user with AWS message', async () => {
    await expectError(tx((t) => getUser(t, A, 'ghost')), 'NoSuchEntity', 'The user with name ghost cannot be found.');
  });

  it('returns the root user: account id as user id and the root ARN', async () => {
    const root = await tx((t) => getRootUser(t, A));
    expect(root.userId).toBe(A);
    expect(root.arn).toBe(`arn:aws:iam::${A}:root`);
  });

  it('lists users by path prefix, ordered by name, after a key', async () => {
    await tx(async (t) => {
      for (const [n, p] of [['c', '/dev/'], ['a', '/dev/'], ['b', '/ops/'], ['d', '/dev/x/']] as const) await createUser(t, base(n, { path: p }));
    });
    const dev = await tx((t) => listUsers(t, A, { pathPrefix: '/dev/', limit: 10 }));
    expect(dev.map((u) => u.userName)).toEqual(['a', 'c', 'd']);
    const after = await tx((t) => listUsers(t, A, { after: 'b', limit: 10 }));
    expect(after.map((u) => u.userName)).toEqual(['c', 'd']);
  });
});

describe('updateUser', () => {
  it('renames and moves a user, rewriting its ARN and keeping its tags', async () => {
    await tx((t) => createUser(t, base('bob', { tags: [{ Key: 'k', Value: 'v' }] })));
    const user = await tx((t) => updateUser(t, A, 'bob', { newUserName: 'robert', newPath: '/ops/' }));
    expect(user.arn).toBe(`arn:aws:iam::${A}:user/ops/robert`);
    expect((await tx((t) => getUser(t, A, 'robert'))).tags).toEqual([{ Key: 'k', Value: 'v' }]);
    expect(await tx((t) => t.users.get(A, 'bob'))).toBeUndefined();
  });

  it('refuses a new name that another user has', async () => {
    await tx(async (t) => {
      await createUser(t, base('bob'));
      await createUser(t, base('carol'));
    });
    await expectError(tx((t) => updateUser(t, A, 'bob', { newUserName: 'Carol' })), 'EntityAlreadyExists', 'User with name Carol already exists.');
  });

  it('allows changing only the case of the name', async () => {
    await tx((t) => createUser(t, base('bob')));
    const user = await tx((t) => updateUser(t, A, 'bob', { newUserName: 'Bob' }));
    expect(user.userName).toBe('Bob');
  });
});

describe('deleteUser', () => {
  const conflict = (fix: string): string => `Cannot delete entity, must ${fix} first.`;

  beforeEach(async () => {
    await tx((t) => createUser(t, base('bob')));
  });

  it('deletes a user without dependants', async () => {
    await tx((t) => deleteUser(t, A, 'bob'));
    expect(await tx((t) => t.users.get(A, 'bob'))).toBeUndefined();
  });

  it('refuses while the user has access keys', async () => {
    await tx((t) => createAccessKey(t, { accountId: A, userName: 'bob' }, NOW, randomBytes));
    await expectError(tx((t) => deleteUser(t, A, 'bob')), 'DeleteConflict', conflict('delete access keys'));
  });

  it('refuses while the user has a login profile', async () => {
    await tx((t) => createLoginProfile(t, { accountId: A, userName: 'bob', password: 'Secret-Pass1', now: NOW }));
    await expectError(tx((t) => deleteUser(t, A, 'bob')), 'DeleteConflict', conflict('delete login profile'));
  });

  it('refuses while the user is in a group', async () => {
    await tx(async (t) => {
      await createGroup(t, { accountId: A, partition: 'aws', groupName: 'devs', now: NOW, random: randomBytes });
      await addUserToGroup(t, A, 'devs', 'bob');
    });
    await expectError(tx((t) => deleteUser(t, A, 'bob')), 'DeleteConflict', conflict('remove users from group'));
  });

  it('refuses while the user has an inline policy', async () => {
    await tx((t) => t.inlinePolicies.put({ accountId: A, principalType: 'user', principalName: 'bob', policyName: 'p', document: DOC }));
    await expectError(tx((t) => deleteUser(t, A, 'bob')), 'DeleteConflict', conflict('delete policies'));
  });

  it('refuses while the user has an attached policy', async () => {
    await tx((t) => t.attachments.attach(A, { principalType: 'user', principalName: 'bob' }, 'arn:aws:iam::aws:policy/ReadOnlyAccess'));
    await expectError(tx((t) => deleteUser(t, A, 'bob')), 'DeleteConflict', conflict('detach all policies'));
  });

  it('refuses while the user has an MFA device', async () => {
    await tx(async (t) => {
      const serial = `arn:aws:iam::${A}:mfa/bob`;
      await t.mfaDevices.create({ accountId: A, serialNumber: serial, path: '/', name: 'bob', createDate: NOW, base32StringSeed: 'JBSWY3DPEHPK3PXP' });
      await t.mfaDevices.enable(A, serial, 'bob', NOW);
    });
    await expectError(tx((t) => deleteUser(t, A, 'bob')), 'DeleteConflict', conflict('delete MFA device'));
  });

  it('refuses while the user has an SSH public key', async () => {
    await tx((t) =>
      t.sshKeys.create({ accountId: A, userName: 'bob', sshPublicKeyId: 'APKAAAAAAAAAAAAAAAAAA', fingerprint: 'f', sshPublicKeyBody: 'ssh-rsa AAAA', status: 'Active', uploadDate: NOW }),
    );
    await expectError(tx((t) => deleteUser(t, A, 'bob')), 'DeleteConflict', conflict('remove referenced objects'));
  });

  it('refuses while the user has a signing certificate', async () => {
    await tx((t) =>
      t.signingCerts.create({ accountId: A, userName: 'bob', certificateId: 'CERTID0000000000000000', certificateBody: 'x', status: 'Active', uploadDate: NOW }),
    );
    await expectError(tx((t) => deleteUser(t, A, 'bob')), 'DeleteConflict', conflict('delete signing certificates'));
  });

  it('refuses while the user has a service-specific credential', async () => {
    await tx((t) =>
      t.serviceSpecificCreds.create({
        accountId: A,
        userName: 'bob',
        serviceSpecificCredentialId: 'ACCAAAAAAAAAAAAAAAAAA',
        serviceName: 'codecommit.amazonaws.com',
        serviceUserName: 'bob-at-1',
        servicePassword: 'pw',
        status: 'Active',
        createDate: NOW,
      }),
    );
    await expectError(tx((t) => deleteUser(t, A, 'bob')), 'DeleteConflict', conflict('remove referenced objects'));
  });

  it('reports a missing user', async () => {
    await expectError(tx((t) => deleteUser(t, A, 'ghost')), 'NoSuchEntity', 'The user with name ghost cannot be found.');
  });
});

describe('tags', () => {
  beforeEach(async () => {
    await tx((t) => createUser(t, base('bob', { tags: [{ Key: 'team', Value: 'a' }] })));
  });

  it('adds and overwrites tags by key, case-insensitively', async () => {
    await tx((t) => tagUser(t, A, 'bob', [{ Key: 'TEAM', Value: 'b' }, { Key: 'env', Value: 'dev' }]));
    expect(await tx((t) => listUserTags(t, A, 'bob'))).toEqual([
      { Key: 'TEAM', Value: 'b' },
      { Key: 'env', Value: 'dev' },
    ]);
  });

  it('refuses a tag that would bring the user over 50', async () => {
    const tags = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: '' }));
    await expectError(tx((t) => tagUser(t, A, 'bob', tags)), 'LimitExceeded');
  });

  it('removes tags, ignoring unknown keys', async () => {
    await tx((t) => untagUser(t, A, 'bob', ['Team', 'nope']));
    expect(await tx((t) => listUserTags(t, A, 'bob'))).toEqual([]);
  });

  it('reports a missing user when tagging', async () => {
    await expectError(tx((t) => tagUser(t, A, 'ghost', [{ Key: 'k', Value: 'v' }])), 'NoSuchEntity');
  });
});

describe('permissions boundary', () => {
  beforeEach(async () => {
    await tx((t) => createUser(t, base('bob')));
  });

  it('puts and deletes a boundary', async () => {
    const arn = 'arn:aws:iam::aws:policy/PowerUserAccess';
    const put = await tx((t) => putUserPermissionsBoundary(t, A, 'aws', 'bob', arn, someAwsManaged));
    expect(put.permissionsBoundaryArn).toBe(arn);
    const removed = await tx((t) => deleteUserPermissionsBoundary(t, A, 'bob'));
    expect(removed.permissionsBoundaryArn).toBeUndefined();
  });

  it('refuses an AWS managed policy that does not exist', async () => {
    await expectError(
      tx((t) => putUserPermissionsBoundary(t, A, 'aws', 'bob', 'arn:aws:iam::aws:policy/NoSuchPolicy', someAwsManaged)),
      'NoSuchEntity',
    );
  });

  it('refuses a policy of another account', async () => {
    await expectError(tx((t) => putUserPermissionsBoundary(t, A, 'aws', 'bob', 'arn:aws:iam::999988887777:policy/P', someAwsManaged)), 'NoSuchEntity');
  });
});
