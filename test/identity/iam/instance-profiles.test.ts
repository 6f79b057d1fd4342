// Instance profiles against a real (in-memory) store: lifecycle, the one-role limit, DeleteConflict, tags.
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ServiceError } from '../../../src/identity/errors.js';
import {
  INSTANCE_PROFILES_PER_ACCOUNT,
  addRoleToInstanceProfile,
  createInstanceProfile,
  deleteInstanceProfile,
  getInstanceProfile,
  listInstanceProfileTags,
  listInstanceProfiles,
  listInstanceProfilesForRole,
  removeRoleFromInstanceProfile,
  tagInstanceProfile,
  untagInstanceProfile,
} from '../../../src/identity/iam/instance-profiles.js';
import { createRole, deleteRole } from '../../../src/identity/iam/roles.js';
import type { IamScope } from '../../../src/identity/iam/roles.js';
import { openStore } from '../../../src/store/index.js';
import type { Store, StoreTx } from '../../../src/store/index.js';
import { ACCOUNT, account } from '../../store/fixtures.js';

const NOW = new Date('2025-01-02T03:04:05Z');
const scope: IamScope = { accountId: ACCOUNT, partition: 'aws', now: NOW, random: (n) => randomBytes(n) };
const TRUST = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}';

let store: Store;
const run = <T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> => store.transaction(fn);
const profile = (name: string, path?: string): Promise<unknown> =>
  run((tx) => createInstanceProfile(tx, scope, { instanceProfileName: name, ...(path !== undefined && { path }) }));
const role = (name: string): Promise<unknown> => run((tx) => createRole(tx, scope, { roleName: name, assumeRolePolicyDocument: TRUST }));

async function expectServiceError(promise: Promise<unknown>, code: string, message: string): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ServiceError);
  expect({ code: (error as ServiceError).code, message: (error as ServiceError).message }).toEqual({ code, message });
}

beforeEach(async () => {
  store = await openStore({ ephemeral: true, env: {} });
  await run(async (tx) => {
    await tx.accounts.create(account());
  });
});

afterEach(async () => {
  await store.close();
});

describe('CreateInstanceProfile and GetInstanceProfile', () => {
  it('creates a profile with an AIPA id, its path in the ARN, no roles and its tags', async () => {
    await run((tx) => createInstanceProfile(tx, scope, { instanceProfileName: 'web', path: '/srv/', tags: [{ Key: 'k', Value: 'v' }] }));
    const got = await run((tx) => getInstanceProfile(tx, ACCOUNT, 'web'));
    expect(got.profile).toMatchObject({ instanceProfileName: 'web', path: '/srv/', arn: `arn:aws:iam::${ACCOUNT}:instance-profile/srv/web`, createDate: NOW });
    expect(got.profile.instanceProfileId).toMatch(/^AIPA[A-Z2-7]{17}$/);
    expect(got.roles).toEqual([]);
    expect(got.tags).toEqual([{ Key: 'k', Value: 'v' }]);
  });

  it('refuses a name already taken', async () => {
    await profile('web');
    await expectServiceError(profile('WEB'), 'EntityAlreadyExists', 'Instance Profile WEB already exists.');
  });

  it('answers NoSuchEntity for a missing profile', async () => {
    await expectServiceError(run((tx) => getInstanceProfile(tx, ACCOUNT, 'nope')), 'NoSuchEntity', 'Instance Profile nope cannot be found.');
  });

  it(`refuses profile number ${INSTANCE_PROFILES_PER_ACCOUNT + 1}`, async () => {
    await run(async (tx) => {
      for (let i = 0; i < INSTANCE_PROFILES_PER_ACCOUNT; i++) {
        await tx.instanceProfiles.create({
          accountId: ACCOUNT,
          instanceProfileName: `p${i}`,
          instanceProfileId: `AIPA${String(i).padStart(17, '0')}`,
          path: '/',
          arn: `arn:aws:iam::${ACCOUNT}:instance-profile/p${i}`,
          createDate: NOW,
        });
      }
    });
    await expectServiceError(profile('extra'), 'LimitExceeded', `Cannot exceed quota for InstanceProfilesPerAccount: ${INSTANCE_PROFILES_PER_ACCOUNT}`);
  });
});

describe('roles in instance profiles', () => {
  it('holds one role and lists it with the profile', async () => {
    await profile('web');
    await role('app');
    await run((tx) => addRoleToInstanceProfile(tx, ACCOUNT, 'web', 'app'));
    expect((await run((tx) => getInstanceProfile(tx, ACCOUNT, 'web'))).roles.map((r) => r.roleName)).toEqual(['app']);
    expect((await run((tx) => listInstanceProfilesForRole(tx, ACCOUNT, 'app', {}))).map((p) => p.profile.instanceProfileName)).toEqual(['web']);
  });

  it('refuses a second role, and the same role again, with the InstanceSessionsPerInstanceProfile quota', async () => {
    await profile('web');
    await role('app');
    await role('other');
    await run((tx) => addRoleToInstanceProfile(tx, ACCOUNT, 'web', 'app'));
    for (const name of ['other', 'app']) {
      await expectServiceError(
        run((tx) => addRoleToInstanceProfile(tx, ACCOUNT, 'web', name)),
        'LimitExceeded',
        'Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1',
      );
    }
  });

  it('answers NoSuchEntity for a missing profile or role', async () => {
    await profile('web');
    await expectServiceError(run((tx) => addRoleToInstanceProfile(tx, ACCOUNT, 'web', 'ghost')), 'NoSuchEntity', 'The role with name ghost cannot be found.');
    await role('app');
    await expectServiceError(run((tx) => addRoleToInstanceProfile(tx, ACCOUNT, 'none', 'app')), 'NoSuchEntity', 'Instance Profile none cannot be found.');
  });

  it('refuses to delete a profile holding a role, then deletes it once removed', async () => {
    await profile('web');
    await role('app');
    await run((tx) => addRoleToInstanceProfile(tx, ACCOUNT, 'web', 'app'));
    await expectServiceError(
      run((tx) => deleteInstanceProfile(tx, ACCOUNT, 'web')),
      'DeleteConflict',
      'Cannot delete entity, must remove roles from instance profile first.',
    );
    await run((tx) => removeRoleFromInstanceProfile(tx, ACCOUNT, 'web', 'app'));
    await run((tx) => deleteInstanceProfile(tx, ACCOUNT, 'web'));
    await run((tx) => deleteRole(tx, ACCOUNT, 'app'));
    expect(await run((tx) => tx.instanceProfiles.get(ACCOUNT, 'web'))).toBeUndefined();
  });

  it('answers NoSuchEntity naming role and profile when removing a role the profile does not hold', async () => {
    await profile('web');
    await role('app');
    await expectServiceError(
      run((tx) => removeRoleFromInstanceProfile(tx, ACCOUNT, 'web', 'app')),
      'NoSuchEntity',
      'Role app in Instance Profile web cannot be found.',
    );
  });

  it('lists profiles by name with their roles, filtered by path prefix', async () => {
    await profile('b', '/x/');
    await profile('a', '/x/');
    await profile('c');
    await role('app');
    await run((tx) => addRoleToInstanceProfile(tx, ACCOUNT, 'a', 'app'));
    const all = await run((tx) => listInstanceProfiles(tx, ACCOUNT, {}));
    expect(all.map((p) => [p.profile.instanceProfileName, p.roles.map((r) => r.roleName)])).toEqual([
      ['a', ['app']],
      ['b', []],
      ['c', []],
    ]);
    expect((await run((tx) => listInstanceProfiles(tx, ACCOUNT, { pathPrefix: '/x/', after: 'a' }))).map((p) => p.profile.instanceProfileName)).toEqual(['b']);
  });
});

describe('instance profile tags', () => {
  it('adds, removes and lists tags sorted by key', async () => {
    await profile('web');
    await run((tx) => tagInstanceProfile(tx, ACCOUNT, 'web', [{ Key: 'b', Value: '1' }, { Key: 'a', Value: '2' }]));
    expect(await run((tx) => listInstanceProfileTags(tx, ACCOUNT, 'web'))).toEqual([
      { Key: 'a', Value: '2' },
      { Key: 'b', Value: '1' },
    ]);
    await run((tx) => untagInstanceProfile(tx, ACCOUNT, 'web', ['a']));
    expect(await run((tx) => listInstanceProfileTags(tx, ACCOUNT, 'web'))).toEqual([{ Key: 'b', Value: '1' }]);
  });

  it('refuses a reserved aws: key', async () => {
    await profile('web');
    await expectServiceError(
      run((tx) => tagInstanceProfile(tx, ACCOUNT, 'web', [{ Key: 'aws:x', Value: '' }])),
      'InvalidInput',
      'User-defined tags cannot begin with the reserved prefix aws:',
    );
  });
});
