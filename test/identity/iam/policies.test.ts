// Managed policies and their versions, against a real (in-memory) store.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { ServiceError } from '../../../src/identity/errors.js';
import { listAwsManagedPolicies } from '../../../src/identity/aws-managed.js';
import {
  createPolicy,
  deletePolicy,
  getPolicy,
  listEntitiesForPolicy,
  listPolicies,
  listPolicyTags,
  tagPolicy,
  untagPolicy,
} from '../../../src/identity/iam/policies.js';
import type { CreatePolicyInput } from '../../../src/identity/iam/policies.js';
import {
  createPolicyVersion,
  deletePolicyVersion,
  getPolicyVersion,
  listPolicyVersions,
  setDefaultPolicyVersion,
} from '../../../src/identity/iam/policy-versions.js';
import { attachPolicy } from '../../../src/identity/iam/attachments.js';
import { awsPolicyError } from '../../../src/policy/index.js';
import { openStore } from '../../../src/store/index.js';
import type { Store, StoreTx } from '../../../src/store/index.js';
import { ACCOUNT, account, group, role, user } from '../../store/fixtures.js';

const DOC = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}';
const DOC2 = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:PutObject","Resource":"*"}]}';
const NOW = new Date('2025-01-02T03:04:05Z');
const READ_ONLY = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
const arnOf = (name: string, path = '/'): string => `arn:aws:iam::${ACCOUNT}:policy${path}${name}`;

let store: Store;
const run = <T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> => store.transaction(fn);

const input = (policyName: string, extra: Partial<CreatePolicyInput> = {}): CreatePolicyInput => ({
  accountId: ACCOUNT,
  partition: 'aws',
  policyName,
  document: DOC,
  now: NOW,
  random: (n) => randomBytes(n),
  ...extra,
});

async function expectServiceError(promise: Promise<unknown>, code: string, message: string): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ServiceError);
  expect({ code: (error as ServiceError).code, message: (error as ServiceError).message }).toEqual({ code, message });
}

beforeAll(async () => {
  await listAwsManagedPolicies(); // loads the AWS-managed catalog once (a large file)
}, 60_000);

beforeEach(async () => {
  store = await openStore({ ephemeral: true, env: {} });
  await store.transaction((tx) => tx.accounts.create(account()));
});

afterEach(async () => {
  await store.close();
});

describe('CreatePolicy', () => {
  it('creates a policy with an ANPA id, v1 as default, path and description', async () => {
    const { policy } = await run((tx) => createPolicy(tx, input('Read', { path: '/team/', description: 'reads' })));
    expect(policy).toMatchObject({
      policyName: 'Read',
      arn: arnOf('Read', '/team/'),
      path: '/team/',
      defaultVersionId: 'v1',
      attachmentCount: 0,
      permissionsBoundaryUsageCount: 0,
      isAttachable: true,
      description: 'reads',
      createDate: NOW,
      updateDate: NOW,
    });
    expect(policy.policyId).toMatch(/^ANPA[A-Z2-7]{17}$/);
  });

  it('answers a malformed document with AWS message and stores nothing', async () => {
    const bad = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow"}]}';
    await expectServiceError(
      run((tx) => createPolicy(tx, input('Bad', { document: bad }))),
      'MalformedPolicyDocument',
      awsPolicyError(bad, 'identity', { managed: true })!.message,
    );
    expect(await run((tx) => tx.policies.list(ACCOUNT))).toEqual([]);
  });

  it('answers invalid JSON with MalformedPolicyDocument', async () => {
    const error = await run((tx) => createPolicy(tx, input('Bad', { document: '{not json' }))).catch((e: unknown) => e);
    expect((error as ServiceError).code).toBe('MalformedPolicyDocument');
  });

  it('refuses a document over 6,144 characters without whitespace', async () => {
    const big = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: Array.from({ length: 300 }, (_, i) => `arn:aws:s3:::bucket-${i}/*`) }],
    });
    await expectServiceError(run((tx) => createPolicy(tx, input('Big', { document: big }))), 'LimitExceeded', 'Cannot exceed quota for PolicySize: 6144');
  });

  it('refuses a duplicate name, case-insensitively', async () => {
    await run((tx) => createPolicy(tx, input('Read')));
    await expectServiceError(
      run((tx) => createPolicy(tx, input('READ', { path: '/other/' }))),
      'EntityAlreadyExists',
      'A policy called READ already exists. Duplicate names are not allowed.',
    );
  });

  it('stores tags given at creation and refuses aws: prefixed tags atomically', async () => {
    const { tags } = await run((tx) => createPolicy(tx, input('Tagged', { tags: [{ Key: 'team', Value: 'a' }] })));
    expect(tags).toEqual([{ Key: 'team', Value: 'a' }]);
    await expectServiceError(
      run((tx) => createPolicy(tx, input('Reserved', { tags: [{ Key: 'aws:x', Value: 'a' }] }))),
      'InvalidInput',
      'User-defined tags cannot begin with the reserved prefix aws:',
    );
    expect(await run((tx) => tx.policies.get(ACCOUNT, arnOf('Reserved')))).toBeUndefined();
  });

  it('enforces 1,500 customer policies per account', async () => {
    await run(async (tx) => {
      for (let i = 0; i < 1500; i++) {
        await tx.policies.create({ accountId: ACCOUNT, policyName: `P${i}`, policyId: `ANPA${String(i).padStart(17, '0')}`, arn: arnOf(`P${i}`), path: '/', document: DOC, createDate: NOW });
      }
    });
    await expectServiceError(run((tx) => createPolicy(tx, input('OneTooMany'))), 'LimitExceeded', 'Cannot exceed quota for PoliciesPerAccount: 1500');
  });
});

describe('GetPolicy', () => {
  it('returns a customer policy with its tags', async () => {
    await run((tx) => createPolicy(tx, input('Read', { tags: [{ Key: 'k', Value: 'v' }] })));
    const { policy, tags } = await run((tx) => getPolicy(tx, ACCOUNT, arnOf('Read')));
    expect(policy.policyName).toBe('Read');
    expect(tags).toEqual([{ Key: 'k', Value: 'v' }]);
  });

  it('returns an AWS-managed policy with counts for the account', async () => {
    await run((tx) => tx.users.create(user('alice')));
    await run((tx) => attachPolicy(tx, { accountId: ACCOUNT, principalType: 'user', principalName: 'alice', policyArn: READ_ONLY }));
    const { policy } = await run((tx) => getPolicy(tx, ACCOUNT, READ_ONLY));
    expect(policy).toMatchObject({ policyName: 'ReadOnlyAccess', arn: READ_ONLY, path: '/', attachmentCount: 1, isAttachable: true });
    expect(policy.policyId).toMatch(/^ANPA/);
  });

  it('answers a missing policy with NoSuchEntity', async () => {
    await expectServiceError(run((tx) => getPolicy(tx, ACCOUNT, arnOf('Nope'))), 'NoSuchEntity', `Policy ${arnOf('Nope')} was not found.`);
  });

  it('does not find another account’s policy', async () => {
    const other = 'arn:aws:iam::444455556666:policy/Read';
    await expectServiceError(run((tx) => getPolicy(tx, ACCOUNT, other)), 'NoSuchEntity', `Policy ${other} was not found.`);
  });

  it('answers a value that is no ARN with InvalidInput', async () => {
    await expectServiceError(run((tx) => getPolicy(tx, ACCOUNT, 'not-an-arn-at-all-xx')), 'InvalidInput', 'ARN not-an-arn-at-all-xx is not valid.');
  });
});

describe('ListPolicies', () => {
  it('lists local policies by name with a path prefix', async () => {
    await run(async (tx) => {
      await createPolicy(tx, input('b', { path: '/x/' }));
      await createPolicy(tx, input('A', { path: '/x/' }));
      await createPolicy(tx, input('c', { path: '/y/' }));
    });
    const names = (await run((tx) => listPolicies(tx, ACCOUNT, { scope: 'Local', pathPrefix: '/x/' }))).map((p) => p.policyName);
    expect(names).toEqual(['A', 'b']);
  });

  it('lists every AWS-managed policy with Scope=AWS', async () => {
    const all = await run((tx) => listPolicies(tx, ACCOUNT, { scope: 'AWS' }));
    expect(all.length).toBe((await listAwsManagedPolicies()).length);
    expect(all.some((p) => p.arn === READ_ONLY)).toBe(true);
  });

  it('merges local and AWS-managed policies by name and cuts a window after a key', async () => {
    await run((tx) => createPolicy(tx, input('ReadOnlyAccess')));
    const around = await run((tx) => listPolicies(tx, ACCOUNT, {}, { after: 'ReadOnlyAccess', limit: 2 }));
    expect(around.map((p) => p.arn)).toEqual([arnOf('ReadOnlyAccess'), READ_ONLY]);
    const next = await run((tx) => listPolicies(tx, ACCOUNT, {}, { after: 'ReadOnlyAccess\u00000', limit: 1 }));
    expect(next.map((p) => p.arn)).toEqual([READ_ONLY]);
  });

  it('keeps only attached policies with OnlyAttached, across scopes', async () => {
    await run(async (tx) => {
      await tx.users.create(user('alice'));
      await createPolicy(tx, input('Used'));
      await createPolicy(tx, input('Unused'));
      await attachPolicy(tx, { accountId: ACCOUNT, principalType: 'user', principalName: 'alice', policyArn: arnOf('Used') });
      await attachPolicy(tx, { accountId: ACCOUNT, principalType: 'user', principalName: 'alice', policyArn: READ_ONLY });
    });
    const names = (await run((tx) => listPolicies(tx, ACCOUNT, { onlyAttached: true }))).map((p) => p.arn);
    expect(names).toEqual([READ_ONLY, arnOf('Used')]);
  });

  it('keeps only policies used as boundaries with PolicyUsageFilter=PermissionsBoundary', async () => {
    await run(async (tx) => {
      await createPolicy(tx, input('Boundary'));
      await createPolicy(tx, input('Other'));
      await tx.users.create({ ...user('bob'), permissionsBoundaryArn: arnOf('Boundary') });
    });
    const names = (await run((tx) => listPolicies(tx, ACCOUNT, { onlyAttached: true, policyUsageFilter: 'PermissionsBoundary' }))).map(
      (p) => p.policyName,
    );
    expect(names).toEqual(['Boundary']);
  });
});

describe('DeletePolicy', () => {
  it('deletes a policy with its tags', async () => {
    await run((tx) => createPolicy(tx, input('Gone', { tags: [{ Key: 'k', Value: 'v' }] })));
    await run((tx) => deletePolicy(tx, ACCOUNT, arnOf('Gone')));
    expect(await run((tx) => tx.policies.get(ACCOUNT, arnOf('Gone')))).toBeUndefined();
  });

  it('refuses while attached', async () => {
    await run(async (tx) => {
      await tx.roles.create(role('app'));
      await createPolicy(tx, input('Used'));
      await attachPolicy(tx, { accountId: ACCOUNT, principalType: 'role', principalName: 'app', policyArn: arnOf('Used') });
    });
    await expectServiceError(run((tx) => deletePolicy(tx, ACCOUNT, arnOf('Used'))), 'DeleteConflict', 'Cannot delete a policy attached to entities.');
  });

  it('refuses while used as a permissions boundary', async () => {
    await run(async (tx) => {
      await createPolicy(tx, input('Boundary'));
      await tx.roles.create({ ...role('app'), permissionsBoundaryArn: arnOf('Boundary') });
    });
    await expectServiceError(run((tx) => deletePolicy(tx, ACCOUNT, arnOf('Boundary'))), 'DeleteConflict', 'Cannot delete a policy attached to entities.');
  });

  it('refuses while non-default versions exist', async () => {
    await run(async (tx) => {
      await createPolicy(tx, input('Versioned'));
      await createPolicyVersion(tx, { accountId: ACCOUNT, policyArn: arnOf('Versioned'), document: DOC2, now: NOW });
    });
    await expectServiceError(
      run((tx) => deletePolicy(tx, ACCOUNT, arnOf('Versioned'))),
      'DeleteConflict',
      "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.",
    );
  });

  it('answers a missing policy with NoSuchEntity', async () => {
    await expectServiceError(run((tx) => deletePolicy(tx, ACCOUNT, arnOf('Nope'))), 'NoSuchEntity', `Policy ${arnOf('Nope')} was not found.`);
  });
});

describe('policy tags', () => {
  it('adds, overwrites, lists and removes tags', async () => {
    await run((tx) => createPolicy(tx, input('T', { tags: [{ Key: 'a', Value: '1' }] })));
    await run((tx) => tagPolicy(tx, ACCOUNT, arnOf('T'), [{ Key: 'A', Value: '2' }, { Key: 'b', Value: '3' }]));
    expect(await run((tx) => listPolicyTags(tx, ACCOUNT, arnOf('T')))).toEqual([
      { Key: 'A', Value: '2' },
      { Key: 'b', Value: '3' },
    ]);
    await run((tx) => untagPolicy(tx, ACCOUNT, arnOf('T'), ['a', 'missing']));
    expect(await run((tx) => listPolicyTags(tx, ACCOUNT, arnOf('T')))).toEqual([{ Key: 'b', Value: '3' }]);
  });

  it('refuses more than 50 tags in all', async () => {
    await run((tx) => createPolicy(tx, input('T', { tags: Array.from({ length: 40 }, (_, i) => ({ Key: `k${i}`, Value: '' })) })));
    await expectServiceError(
      run((tx) => tagPolicy(tx, ACCOUNT, arnOf('T'), Array.from({ length: 11 }, (_, i) => ({ Key: `n${i}`, Value: '' })))),
      'LimitExceeded',
      'Cannot exceed quota for TagsPerResource: 50',
    );
  });
});

describe('policy versions', () => {
  beforeEach(async () => {
    await run((tx) => createPolicy(tx, input('V')));
  });
  const create = (setAsDefault = false) =>
    run((tx) => createPolicyVersion(tx, { accountId: ACCOUNT, policyArn: arnOf('V'), document: DOC2, setAsDefault, now: NOW }));

  it('adds versions and switches the default with SetAsDefault', async () => {
    expect(await create()).toMatchObject({ versionId: 'v2', isDefaultVersion: false });
    expect(await create(true)).toMatchObject({ versionId: 'v3', isDefaultVersion: true });
    expect((await run((tx) => getPolicy(tx, ACCOUNT, arnOf('V')))).policy.defaultVersionId).toBe('v3');
    expect((await run((tx) => listPolicyVersions(tx, ACCOUNT, arnOf('V')))).map((v) => v.versionId)).toEqual(['v3', 'v2', 'v1']);
  });

  it('keeps at most 5 versions', async () => {
    for (let i = 0; i < 4; i++) await create();
    await expectServiceError(
      create(),
      'LimitExceeded',
      'A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.',
    );
  });

  it('never reuses a deleted version id', async () => {
    await create();
    await run((tx) => deletePolicyVersion(tx, ACCOUNT, arnOf('V'), 'v2'));
    expect((await create()).versionId).toBe('v3');
  });

  it('refuses to delete the default version', async () => {
    await expectServiceError(
      run((tx) => deletePolicyVersion(tx, ACCOUNT, arnOf('V'), 'v1')),
      'DeleteConflict',
      'Cannot delete the default version of a policy.',
    );
  });

  it('answers a missing version with NoSuchEntity', async () => {
    await expectServiceError(
      run((tx) => getPolicyVersion(tx, ACCOUNT, arnOf('V'), 'v9')),
      'NoSuchEntity',
      `Policy ${arnOf('V')} version v9 does not exist or is not attachable.`,
    );
    await expectServiceError(
      run((tx) => setDefaultPolicyVersion(tx, ACCOUNT, arnOf('V'), 'v9', NOW)),
      'NoSuchEntity',
      `Policy ${arnOf('V')} version v9 does not exist or is not attachable.`,
    );
  });

  it('sets the default version', async () => {
    await create();
    await run((tx) => setDefaultPolicyVersion(tx, ACCOUNT, arnOf('V'), 'v2', NOW));
    const v = await run((tx) => getPolicyVersion(tx, ACCOUNT, arnOf('V'), 'v2'));
    expect(v).toMatchObject({ versionId: 'v2', isDefaultVersion: true, document: DOC2 });
  });

  it('validates a new version like CreatePolicy and keeps the old ones', async () => {
    const error = await run((tx) =>
      createPolicyVersion(tx, { accountId: ACCOUNT, policyArn: arnOf('V'), document: '{"Statement":[]}', now: NOW }),
    ).catch((e: unknown) => e);
    expect((error as ServiceError).code).toBe('MalformedPolicyDocument');
    expect((await run((tx) => listPolicyVersions(tx, ACCOUNT, arnOf('V')))).map((v) => v.versionId)).toEqual(['v1']);
  });

  it('reads the default version of an AWS-managed policy', async () => {
    const { policy } = await run((tx) => getPolicy(tx, ACCOUNT, READ_ONLY));
    const v = await run((tx) => getPolicyVersion(tx, ACCOUNT, READ_ONLY, policy.defaultVersionId));
    expect(v.isDefaultVersion).toBe(true);
    expect(JSON.parse(v.document)).toHaveProperty('Statement');
  });
});

describe('ListEntitiesForPolicy', () => {
  it('lists groups, users and roles attached or bounded by the policy', async () => {
    await run(async (tx) => {
      await createPolicy(tx, input('P'));
      await tx.users.create(user('u1'));
      await tx.users.create({ ...user('u2'), permissionsBoundaryArn: arnOf('P') });
      await tx.groups.create(group('g1'));
      await tx.roles.create(role('r1', '/svc/'));
      for (const [principalType, principalName] of [
        ['user', 'u1'],
        ['group', 'g1'],
        ['role', 'r1'],
      ] as const) {
        await attachPolicy(tx, { accountId: ACCOUNT, principalType, principalName, policyArn: arnOf('P') });
      }
    });
    const all = await run((tx) => listEntitiesForPolicy(tx, ACCOUNT, arnOf('P')));
    expect(all.map((e) => `${e.type}:${e.entity.path}`)).toEqual(['group:/', 'user:/', 'user:/', 'role:/svc/']);
    const attachedUsers = await run((tx) => listEntitiesForPolicy(tx, ACCOUNT, arnOf('P'), { entityFilter: 'User', policyUsageFilter: 'PermissionsPolicy' }));
    expect(attachedUsers.map((e) => e.type === 'user' && e.entity.userName)).toEqual(['u1']);
    const boundaries = await run((tx) => listEntitiesForPolicy(tx, ACCOUNT, arnOf('P'), { policyUsageFilter: 'PermissionsBoundary' }));
    expect(boundaries.map((e) => e.type === 'user' && e.entity.userName)).toEqual(['u2']);
    const underSvc = await run((tx) => listEntitiesForPolicy(tx, ACCOUNT, arnOf('P'), { pathPrefix: '/svc/' }));
    expect(underSvc.map((e) => e.type)).toEqual(['role']);
  });

  it('answers a missing policy with NoSuchEntity', async () => {
    await expectServiceError(run((tx) => listEntitiesForPolicy(tx, ACCOUNT, arnOf('Nope'))), 'NoSuchEntity', `Policy ${arnOf('Nope')} was not found.`);
  });
});
