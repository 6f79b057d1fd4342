// Roles against a real (in-memory) store: validation, trust-policy checks, quotas, DeleteConflict, tags,
// permissions boundaries and the protection of service-linked roles.
import { randomBytes } from 'node:crypto';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listAwsManagedPolicies } from '../../../src/identity/aws-managed.js';
import { ServiceError } from '../../../src/identity/errors.js';
import {
  ROLES_PER_ACCOUNT,
  assertRoleModifiable,
  createRole,
  deleteRole,
  deleteRolePermissionsBoundary,
  getRole,
  listRoleTags,
  listRoles,
  putRolePermissionsBoundary,
  tagRole,
  untagRole,
  updateAssumeRolePolicy,
  updateRole,
} from '../../../src/identity/iam/roles.js';
import type { CreateRoleInput, IamScope } from '../../../src/identity/iam/roles.js';
import { createServiceLinkedRole } from '../../../src/identity/iam/service-linked-roles.js';
import { awsPolicyError } from '../../../src/policy/index.js';
import { openStore } from '../../../src/store/index.js';
import type { Store, StoreTx } from '../../../src/store/index.js';
import { ACCOUNT, OTHER_ACCOUNT, account, role as roleFixture, user } from '../../store/fixtures.js';

const NOW = new Date('2025-01-02T03:04:05Z');
const scope: IamScope = { accountId: ACCOUNT, partition: 'aws', now: NOW, random: (n) => randomBytes(n) };
const trust = (principal: object): string =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }] });
const EC2_TRUST = trust({ Service: 'ec2.amazonaws.com' });
const DOC = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}';

let store: Store;
const run = <T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> => store.transaction(fn);
const create = (roleName: string, extra: Partial<CreateRoleInput> = {}): Promise<unknown> =>
  run((tx) => createRole(tx, scope, { roleName, assumeRolePolicyDocument: EC2_TRUST, ...extra }));

async function expectServiceError(promise: Promise<unknown>, code: string, message: string): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ServiceError);
  expect({ code: (error as ServiceError).code, message: (error as ServiceError).message }).toEqual({ code, message });
}

beforeAll(async () => {
  await listAwsManagedPolicies(); // the AWS-managed catalog is a large file: load it once
}, 60_000);

beforeEach(async () => {
  store = await openStore({ ephemeral: true, env: {} });
  await run(async (tx) => {
    await tx.accounts.create(account());
  });
});

afterEach(async () => {
  await store.close();
});

describe('CreateRole', () => {
  it('stores the role with an AROA id, its path in the ARN and the default session duration', async () => {
    await create('app', { path: '/team/', description: 'the app' });
    const { role, tags } = await run((tx) => getRole(tx, ACCOUNT, 'app'));
    expect(role).toMatchObject({
      roleName: 'app',
      path: '/team/',
      arn: `arn:aws:iam::${ACCOUNT}:role/team/app`,
      maxSessionDuration: 3600,
      description: 'the app',
      assumeRolePolicyDocument: EC2_TRUST,
      createDate: NOW,
    });
    expect(role.roleId).toMatch(/^AROA[A-Z2-7]{17}$/);
    expect(tags).toEqual([]);
  });

  it('stores the tags it is created with', async () => {
    await create('app', { tags: [{ Key: 'team', Value: 'a' }] });
    expect((await run((tx) => getRole(tx, ACCOUNT, 'app'))).tags).toEqual([{ Key: 'team', Value: 'a' }]);
  });

  it('refuses a name already taken, case-insensitively', async () => {
    await create('app');
    await expectServiceError(create('APP'), 'EntityAlreadyExists', 'Role with name APP already exists.');
  });

  it('refuses a trust policy with AWS first error as MalformedPolicyDocument', async () => {
    const bad = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}';
    const expected = awsPolicyError(bad, 'trust');
    expect(expected).toBeDefined();
    await expectServiceError(create('app', { assumeRolePolicyDocument: bad }), 'MalformedPolicyDocument', expected?.message ?? '');
  });

  it('refuses a trust policy over 2,048 characters with the ACLSizePerRole quota', async () => {
    const services = Array.from({ length: 120 }, (_, i) => `service${i}.amazonaws.com`);
    await expectServiceError(
      create('app', { assumeRolePolicyDocument: trust({ Service: services }) }),
      'LimitExceeded',
      'Cannot exceed quota for ACLSizePerRole: 2048',
    );
  });

  it('refuses a trust policy naming a user that does not exist', async () => {
    const ghost = `arn:aws:iam::${ACCOUNT}:user/ghost`;
    await expectServiceError(
      create('app', { assumeRolePolicyDocument: trust({ AWS: ghost }) }),
      'MalformedPolicyDocument',
      `Invalid principal in policy: "AWS":"${ghost}"`,
    );
  });

  it('refuses a trust policy naming an existing role under another path', async () => {
    await create('target', { path: '/a/' });
    const wrong = `arn:aws:iam::${ACCOUNT}:role/b/target`;
    await expectServiceError(
      create('app', { assumeRolePolicyDocument: trust({ AWS: wrong }) }),
      'MalformedPolicyDocument',
      `Invalid principal in policy: "AWS":"${wrong}"`,
    );
  });

  it('accepts a trust policy naming existing users and roles, the root and account ids', async () => {
    await run((tx) => tx.users.create(user('alice')));
    await create('target', { path: '/a/' });
    const principals = [
      `arn:aws:iam::${ACCOUNT}:user/alice`,
      `arn:aws:iam::${ACCOUNT}:role/a/target`,
      `arn:aws:iam::${ACCOUNT}:root`,
      OTHER_ACCOUNT,
    ];
    await create('app', { assumeRolePolicyDocument: trust({ AWS: principals }) });
    expect((await run((tx) => getRole(tx, ACCOUNT, 'app'))).role.assumeRolePolicyDocument).toContain('alice');
  });

  it('accepts a role of an account this server does not hold, unchecked', async () => {
    await create('app', { assumeRolePolicyDocument: trust({ AWS: `arn:aws:iam::${OTHER_ACCOUNT}:role/anything` }) });
  });

  it('checks a role of another account this server holds', async () => {
    await run((tx) => tx.accounts.create(account(OTHER_ACCOUNT)));
    const missing = `arn:aws:iam::${OTHER_ACCOUNT}:role/missing`;
    await expectServiceError(
      create('app', { assumeRolePolicyDocument: trust({ AWS: missing }) }),
      'MalformedPolicyDocument',
      `Invalid principal in policy: "AWS":"${missing}"`,
    );
  });

  it('refuses the service-linked role path', async () => {
    await expectServiceError(
      create('app', { path: '/aws-service-role/ec2.amazonaws.com/' }),
      'InvalidInput',
      "Path prefix '/aws-service-role/' can only be used for AWS Service linked Roles",
    );
  });

  it('refuses a reserved aws: tag and creates nothing', async () => {
    await expectServiceError(
      create('app', { tags: [{ Key: 'aws:team', Value: 'x' }] }),
      'InvalidInput',
      'User-defined tags cannot begin with the reserved prefix aws:',
    );
    expect(await run((tx) => tx.roles.get(ACCOUNT, 'app'))).toBeUndefined();
  });

  it('sets a customer-managed policy of the account as permissions boundary', async () => {
    const arn = `arn:aws:iam::${ACCOUNT}:policy/Boundary`;
    await run((tx) =>
      tx.policies.create({ accountId: ACCOUNT, policyName: 'Boundary', policyId: 'ANPA00000000000000001', arn, path: '/', document: DOC, createDate: NOW }),
    );
    await create('app', { permissionsBoundary: arn });
    expect((await run((tx) => getRole(tx, ACCOUNT, 'app'))).role.permissionsBoundaryArn).toBe(arn);
  });

  it('sets an AWS-managed policy as permissions boundary', async () => {
    await create('app', { permissionsBoundary: 'arn:aws:iam::aws:policy/ReadOnlyAccess' });
    expect((await run((tx) => getRole(tx, ACCOUNT, 'app'))).role.permissionsBoundaryArn).toBe('arn:aws:iam::aws:policy/ReadOnlyAccess');
  });

  it('refuses a permissions boundary that does not exist', async () => {
    for (const arn of [`arn:aws:iam::${ACCOUNT}:policy/Missing`, 'arn:aws:iam::aws:policy/NoSuchManagedPolicy', `arn:aws:iam::${OTHER_ACCOUNT}:policy/X`]) {
      await expectServiceError(create('app', { permissionsBoundary: arn }), 'NoSuchEntity', `Scope ARN: ${arn} does not exist or is not attachable.`);
    }
  });

  it('refuses a permissions boundary that is not a policy ARN', async () => {
    const arn = `arn:aws:iam::${ACCOUNT}:user/alice`;
    await expectServiceError(create('app', { permissionsBoundary: arn }), 'InvalidInput', `ARN ${arn} is not valid.`);
  });

  it(`refuses role number ${ROLES_PER_ACCOUNT + 1} with LimitExceeded`, async () => {
    await run(async (tx) => {
      for (let i = 0; i < ROLES_PER_ACCOUNT; i++) await tx.roles.create(roleFixture(`r${i}`));
    });
    await expectServiceError(create('one-too-many'), 'LimitExceeded', `Cannot exceed quota for RolesPerAccount: ${ROLES_PER_ACCOUNT}`);
  });
});

describe('GetRole and ListRoles', () => {
  it('answers NoSuchEntity with AWS message for a missing role', async () => {
    await expectServiceError(run((tx) => getRole(tx, ACCOUNT, 'nope')), 'NoSuchEntity', 'The role with name nope cannot be found.');
  });

  it('lists roles by name, filtered by path prefix, after a marker', async () => {
    await create('b', { path: '/x/' });
    await create('a', { path: '/x/' });
    await create('c');
    const names = async (options: Parameters<typeof listRoles>[2]): Promise<string[]> =>
      (await run((tx) => listRoles(tx, ACCOUNT, options))).map((r) => r.roleName);
    expect(await names({})).toEqual(['a', 'b', 'c']);
    expect(await names({ pathPrefix: '/x/' })).toEqual(['a', 'b']);
    expect(await names({ after: 'a', limit: 1 })).toEqual(['b']);
  });
});

describe('UpdateRole, UpdateRoleDescription, UpdateAssumeRolePolicy', () => {
  it('changes the description and the maximum session duration', async () => {
    await create('app');
    const updated = await run((tx) => updateRole(tx, ACCOUNT, 'app', { description: 'new', maxSessionDuration: 7200 }));
    expect(updated).toMatchObject({ description: 'new', maxSessionDuration: 7200 });
  });

  it('clears the description when given an empty one', async () => {
    await create('app', { description: 'old' });
    const updated = await run((tx) => updateRole(tx, ACCOUNT, 'app', { description: '' }));
    expect(updated.description).toBeUndefined();
  });

  it('replaces the trust policy after checking it', async () => {
    await create('app');
    const next = trust({ Service: 'lambda.amazonaws.com' });
    await run((tx) => updateAssumeRolePolicy(tx, ACCOUNT, 'app', next));
    expect((await run((tx) => getRole(tx, ACCOUNT, 'app'))).role.assumeRolePolicyDocument).toBe(next);
    const ghost = `arn:aws:iam::${ACCOUNT}:user/ghost`;
    await expectServiceError(
      run((tx) => updateAssumeRolePolicy(tx, ACCOUNT, 'app', trust({ AWS: ghost }))),
      'MalformedPolicyDocument',
      `Invalid principal in policy: "AWS":"${ghost}"`,
    );
  });
});

describe('DeleteRole', () => {
  const principal = { principalType: 'role' as const, principalName: 'app' };

  it('refuses while a managed policy is attached', async () => {
    await create('app');
    await run((tx) => tx.attachments.attach(ACCOUNT, principal, 'arn:aws:iam::aws:policy/ReadOnlyAccess'));
    await expectServiceError(run((tx) => deleteRole(tx, ACCOUNT, 'app')), 'DeleteConflict', 'Cannot delete entity, must detach all policies first.');
  });

  it('refuses while an inline policy exists', async () => {
    await create('app');
    await run((tx) => tx.inlinePolicies.put({ accountId: ACCOUNT, ...principal, policyName: 'p', document: DOC }));
    await expectServiceError(run((tx) => deleteRole(tx, ACCOUNT, 'app')), 'DeleteConflict', 'Cannot delete entity, must delete policies first.');
  });

  it('refuses while the role is in an instance profile', async () => {
    await create('app');
    await run(async (tx) => {
      await tx.instanceProfiles.create({
        accountId: ACCOUNT,
        instanceProfileName: 'prof',
        instanceProfileId: 'AIPA00000000000000001',
        path: '/',
        arn: `arn:aws:iam::${ACCOUNT}:instance-profile/prof`,
        createDate: NOW,
      });
      await tx.instanceProfiles.addRole(ACCOUNT, 'prof', 'app');
    });
    await expectServiceError(
      run((tx) => deleteRole(tx, ACCOUNT, 'app')),
      'DeleteConflict',
      'Cannot delete entity, must remove roles from instance profile first.',
    );
  });

  it('deletes a role with nothing attached, and its tags', async () => {
    await create('app', { tags: [{ Key: 'k', Value: 'v' }] });
    await run((tx) => deleteRole(tx, ACCOUNT, 'app'));
    expect(await run((tx) => tx.roles.get(ACCOUNT, 'app'))).toBeUndefined();
    await create('app');
    expect((await run((tx) => getRole(tx, ACCOUNT, 'app'))).tags).toEqual([]);
  });
});

describe('role tags', () => {
  it('adds, overwrites case-insensitively, removes and lists tags sorted by key', async () => {
    await create('app', { tags: [{ Key: 'zeta', Value: '1' }] });
    await run((tx) => tagRole(tx, ACCOUNT, 'app', [{ Key: 'Alpha', Value: '2' }, { Key: 'ZETA', Value: '3' }, { Key: 'mid', Value: '4' }]));
    expect(await run((tx) => listRoleTags(tx, ACCOUNT, 'app'))).toEqual([
      { Key: 'Alpha', Value: '2' },
      { Key: 'mid', Value: '4' },
      { Key: 'ZETA', Value: '3' },
    ]);
    await run((tx) => untagRole(tx, ACCOUNT, 'app', ['mid', 'unknown']));
    expect((await run((tx) => listRoleTags(tx, ACCOUNT, 'app'))).map((t) => t.Key)).toEqual(['Alpha', 'ZETA']);
  });

  it('refuses a 51st tag', async () => {
    await create('app', { tags: Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: '' })) });
    await expectServiceError(
      run((tx) => tagRole(tx, ACCOUNT, 'app', [{ Key: 'one-more', Value: '' }])),
      'LimitExceeded',
      'Cannot exceed quota for TagsPerResource: 50',
    );
  });

  it('answers NoSuchEntity when tagging a missing role', async () => {
    await expectServiceError(run((tx) => tagRole(tx, ACCOUNT, 'nope', [{ Key: 'k', Value: 'v' }])), 'NoSuchEntity', 'The role with name nope cannot be found.');
  });
});

describe('role permissions boundary', () => {
  it('puts and deletes a boundary', async () => {
    await create('app');
    await run((tx) => putRolePermissionsBoundary(tx, ACCOUNT, 'app', 'arn:aws:iam::aws:policy/ReadOnlyAccess'));
    expect((await run((tx) => getRole(tx, ACCOUNT, 'app'))).role.permissionsBoundaryArn).toBe('arn:aws:iam::aws:policy/ReadOnlyAccess');
    await run((tx) => deleteRolePermissionsBoundary(tx, ACCOUNT, 'app'));
    expect((await run((tx) => getRole(tx, ACCOUNT, 'app'))).role.permissionsBoundaryArn).toBeUndefined();
  });

  it('refuses a boundary that does not exist', async () => {
    await create('app');
    const arn = `arn:aws:iam::${ACCOUNT}:policy/Missing`;
    await expectServiceError(
      run((tx) => putRolePermissionsBoundary(tx, ACCOUNT, 'app', arn)),
      'NoSuchEntity',
      `Scope ARN: ${arn} does not exist or is not attachable.`,
    );
  });
});

describe('service-linked roles are protected', () => {
  const protectedMessage = "Cannot perform the operation on the protected role 'AWSServiceRoleForElasticBeanstalk' - this role is only modifiable by AWS";
  const slr = 'AWSServiceRoleForElasticBeanstalk';
  beforeEach(async () => {
    await run((tx) => createServiceLinkedRole(tx, scope, { awsServiceName: 'elasticbeanstalk.amazonaws.com' }));
  });

  it('refuses UpdateAssumeRolePolicy, DeleteRole, boundaries and a new session duration', async () => {
    await expectServiceError(run((tx) => updateAssumeRolePolicy(tx, ACCOUNT, slr, EC2_TRUST)), 'UnmodifiableEntity', protectedMessage);
    await expectServiceError(run((tx) => deleteRole(tx, ACCOUNT, slr)), 'UnmodifiableEntity', protectedMessage);
    await expectServiceError(
      run((tx) => putRolePermissionsBoundary(tx, ACCOUNT, slr, 'arn:aws:iam::aws:policy/ReadOnlyAccess')),
      'UnmodifiableEntity',
      protectedMessage,
    );
    await expectServiceError(run((tx) => deleteRolePermissionsBoundary(tx, ACCOUNT, slr)), 'UnmodifiableEntity', protectedMessage);
    await expectServiceError(run((tx) => updateRole(tx, ACCOUNT, slr, { maxSessionDuration: 7200 })), 'UnmodifiableEntity', protectedMessage);
  });

  it('lets the description change', async () => {
    const updated = await run((tx) => updateRole(tx, ACCOUNT, slr, { description: 'mine' }));
    expect(updated.description).toBe('mine');
  });

  it('exposes the check for other groups', async () => {
    const role = await run((tx) => tx.roles.get(ACCOUNT, slr));
    expect(() => assertRoleModifiable(role!)).toThrow(protectedMessage);
  });
});
