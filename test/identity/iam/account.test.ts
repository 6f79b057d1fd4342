// Account alias and GetAccountSummary against a real (in-memory) store.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createAccountAlias,
  deleteAccountAlias,
  getAccountSummary,
  listAccountAliases,
} from '../../../src/identity/iam/account.js';
import { openStore } from '../../../src/store/index.js';
import type { Store, StoreTx } from '../../../src/store/index.js';
import { ACCOUNT, OTHER_ACCOUNT, accessKey, account, group, policy, role, user } from '../../store/fixtures.js';

let store: Store;
const run = <T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> => store.transaction(fn);

beforeEach(async () => {
  store = await openStore({ ephemeral: true, env: {} });
  await run(async (tx) => {
    await tx.accounts.create(account());
    await tx.accounts.create(account(OTHER_ACCOUNT));
  });
});
afterEach(() => store.close());

describe('account alias', () => {
  it('lists no alias for a new account', async () => {
    expect(await run((tx) => listAccountAliases(tx, ACCOUNT))).toEqual([]);
  });

  it('creates and lists the alias', async () => {
    await run((tx) => createAccountAlias(tx, ACCOUNT, 'acme-prod'));
    expect(await run((tx) => listAccountAliases(tx, ACCOUNT))).toEqual(['acme-prod']);
  });

  it('replaces the alias when the account creates another', async () => {
    await run((tx) => createAccountAlias(tx, ACCOUNT, 'first'));
    await run((tx) => createAccountAlias(tx, ACCOUNT, 'second'));
    expect(await run((tx) => listAccountAliases(tx, ACCOUNT))).toEqual(['second']);
    // The old name is free again.
    await run((tx) => createAccountAlias(tx, OTHER_ACCOUNT, 'first'));
  });

  it("refuses another account's alias with EntityAlreadyExists", async () => {
    await run((tx) => createAccountAlias(tx, ACCOUNT, 'taken'));
    await expect(run((tx) => createAccountAlias(tx, OTHER_ACCOUNT, 'taken'))).rejects.toMatchObject({
      code: 'EntityAlreadyExists',
      message: 'The account alias taken already exists.',
    });
  });

  it('refuses re-creating the current alias with EntityAlreadyExists', async () => {
    await run((tx) => createAccountAlias(tx, ACCOUNT, 'mine'));
    await expect(run((tx) => createAccountAlias(tx, ACCOUNT, 'mine'))).rejects.toMatchObject({ code: 'EntityAlreadyExists' });
  });

  it('deletes only the current alias; another name is NoSuchEntity', async () => {
    await run((tx) => createAccountAlias(tx, ACCOUNT, 'mine'));
    await expect(run((tx) => deleteAccountAlias(tx, ACCOUNT, 'other'))).rejects.toMatchObject({ code: 'NoSuchEntity' });
    await run((tx) => deleteAccountAlias(tx, ACCOUNT, 'mine'));
    expect(await run((tx) => listAccountAliases(tx, ACCOUNT))).toEqual([]);
  });
});

describe('GetAccountSummary', () => {
  it('counts the entities of the account only', async () => {
    await run(async (tx) => {
      await tx.users.create(user('alice'));
      await tx.users.create(user('bob'));
      await tx.users.create(user('eve', { accountId: OTHER_ACCOUNT }));
      await tx.groups.create(group('devs'));
      await tx.roles.create(role('app'));
      await tx.policies.create(policy('Read'));
      await tx.accessKeys.create(accessKey());
    });
    const summary = new Map(await run((tx) => getAccountSummary(tx, ACCOUNT)));
    expect(summary.get('Users')).toBe(2);
    expect(summary.get('Groups')).toBe(1);
    expect(summary.get('Roles')).toBe(1);
    expect(summary.get('Policies')).toBe(1);
    expect(summary.get('PolicyVersionsInUse')).toBe(1);
    expect(summary.get('AccountAccessKeysPresent')).toBe(1);
    expect(summary.get('UsersQuota')).toBe(5000);
  });

  it("carries every key of AWS's SummaryKeyType enum, once", async () => {
    const keys = (await run((tx) => getAccountSummary(tx, ACCOUNT))).map(([k]) => k);
    expect(new Set(keys).size).toBe(keys.length);
    expect([...keys].sort()).toEqual(
      [
        'AccessKeysPerUserQuota', 'AccountAccessKeysPresent', 'AccountMFAEnabled', 'AccountPasswordPresent',
        'AccountSigningCertificatesPresent', 'AssumeRolePolicySizeQuota', 'AttachedPoliciesPerGroupQuota',
        'AttachedPoliciesPerRoleQuota', 'AttachedPoliciesPerUserQuota', 'GlobalEndpointTokenVersion',
        'GroupPolicySizeQuota', 'Groups', 'GroupsPerUserQuota', 'GroupsQuota', 'InstanceProfiles',
        'InstanceProfilesQuota', 'MFADevices', 'MFADevicesInUse', 'Policies', 'PoliciesQuota', 'PolicySizeQuota',
        'PolicyVersionsInUse', 'PolicyVersionsInUseQuota', 'Providers', 'RolePolicySizeQuota', 'Roles', 'RolesQuota',
        'ServerCertificates', 'ServerCertificatesQuota', 'SigningCertificatesPerUserQuota', 'UserPolicySizeQuota',
        'Users', 'UsersQuota', 'VersionsPerPolicyQuota',
      ].sort(),
    );
  });

  it('counts an attached AWS-managed policy as one policy version in use', async () => {
    await run(async (tx) => {
      await tx.users.create(user('alice'));
      await tx.attachments.attach(ACCOUNT, { principalType: 'user', principalName: 'alice' }, 'arn:aws:iam::aws:policy/ReadOnlyAccess');
    });
    const summary = new Map(await run((tx) => getAccountSummary(tx, ACCOUNT)));
    expect(summary.get('PolicyVersionsInUse')).toBe(1);
    expect(summary.get('Policies')).toBe(0);
  });
});
