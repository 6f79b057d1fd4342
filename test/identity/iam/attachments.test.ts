// Managed-policy attachments of users, groups and roles, against a real (in-memory) store.
import { randomBytes } from 'node:crypto';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listAwsManagedPolicies } from '../../../src/identity/aws-managed.js';
import { ServiceError } from '../../../src/identity/errors.js';
import { attachPolicy, detachPolicy, listAttachedPolicies } from '../../../src/identity/iam/attachments.js';
import type { AttachInput } from '../../../src/identity/iam/attachments.js';
import { createPolicy } from '../../../src/identity/iam/policies.js';
import type { PrincipalType } from '../../../src/model/index.js';
import { openStore } from '../../../src/store/index.js';
import type { Store, StoreTx } from '../../../src/store/index.js';
import { ACCOUNT, account, group, role, user } from '../../store/fixtures.js';

const DOC = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}';
const NOW = new Date('2025-01-02T03:04:05Z');
const READ_ONLY = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
const arnOf = (name: string, path = '/'): string => `arn:aws:iam::${ACCOUNT}:policy${path}${name}`;

let store: Store;
const run = <T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> => store.transaction(fn);

async function expectServiceError(promise: Promise<unknown>, code: string, message: string): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ServiceError);
  expect({ code: (error as ServiceError).code, message: (error as ServiceError).message }).toEqual({ code, message });
}

const att = (principalType: PrincipalType, principalName: string, policyArn: string): AttachInput => ({
  accountId: ACCOUNT,
  principalType,
  principalName,
  policyArn,
});

async function newPolicies(count: number, prefix = 'P', path = '/'): Promise<string[]> {
  return run(async (tx) => {
    const arns: string[] = [];
    for (let i = 0; i < count; i++) {
      const { policy } = await createPolicy(tx, {
        accountId: ACCOUNT,
        partition: 'aws',
        policyName: `${prefix}${i}`,
        path,
        document: DOC,
        now: NOW,
        random: (n) => randomBytes(n),
      });
      arns.push(policy.arn);
    }
    return arns;
  });
}

beforeAll(async () => {
  await listAwsManagedPolicies();
}, 60_000);

beforeEach(async () => {
  store = await openStore({ ephemeral: true, env: {} });
  await run(async (tx) => {
    await tx.accounts.create(account());
    await tx.users.create(user('alice'));
    await tx.groups.create(group('devs'));
    await tx.roles.create(role('app'));
    await tx.roles.create(role('AWSServiceRoleForECS', '/aws-service-role/ecs.amazonaws.com/'));
  });
});

afterEach(async () => {
  await store.close();
});

describe.each([
  ['user', 'alice', 'PoliciesPerUser'],
  ['group', 'devs', 'PoliciesPerGroup'],
  ['role', 'app', 'PoliciesPerRole'],
] as const)('%s attachments', (type, name, quota) => {
  it('attaches, lists and detaches customer and AWS-managed policies', async () => {
    const [p0] = await newPolicies(1);
    await run((tx) => attachPolicy(tx, att(type, name, p0)));
    await run((tx) => attachPolicy(tx, att(type, name, READ_ONLY)));
    expect(await run((tx) => listAttachedPolicies(tx, ACCOUNT, type, name))).toEqual([
      { policyName: 'P0', policyArn: p0 },
      { policyName: 'ReadOnlyAccess', policyArn: READ_ONLY },
    ]);
    await run((tx) => detachPolicy(tx, att(type, name, p0)));
    expect(await run((tx) => listAttachedPolicies(tx, ACCOUNT, type, name))).toEqual([{ policyName: 'ReadOnlyAccess', policyArn: READ_ONLY }]);
  });

  it('treats attaching an attached policy as done', async () => {
    const [p0] = await newPolicies(1);
    await run((tx) => attachPolicy(tx, att(type, name, p0)));
    await run((tx) => attachPolicy(tx, att(type, name, p0)));
    expect(await run((tx) => listAttachedPolicies(tx, ACCOUNT, type, name))).toHaveLength(1);
  });

  it(`enforces ${quota}: 10`, async () => {
    const arns = await newPolicies(11);
    for (const arn of arns.slice(0, 10)) await run((tx) => attachPolicy(tx, att(type, name, arn)));
    await expectServiceError(run((tx) => attachPolicy(tx, att(type, name, arns[10]))), 'LimitExceeded', `Cannot exceed quota for ${quota}: 10`);
    // Re-attaching one already attached is still fine at the quota.
    await run((tx) => attachPolicy(tx, att(type, name, arns[0])));
  });

  it('refuses a policy that does not exist', async () => {
    await expectServiceError(
      run((tx) => attachPolicy(tx, att(type, name, arnOf('Nope')))),
      'NoSuchEntity',
      `Policy ${arnOf('Nope')} does not exist or is not attachable.`,
    );
    await expectServiceError(
      run((tx) => attachPolicy(tx, att(type, name, 'arn:aws:iam::aws:policy/NoSuchAwsPolicy'))),
      'NoSuchEntity',
      'Policy arn:aws:iam::aws:policy/NoSuchAwsPolicy does not exist or is not attachable.',
    );
  });

  it('refuses to detach a policy that is not attached', async () => {
    await expectServiceError(run((tx) => detachPolicy(tx, att(type, name, READ_ONLY))), 'NoSuchEntity', `Policy ${READ_ONLY} was not found.`);
  });

  it(`answers a missing ${type} with NoSuchEntity`, async () => {
    await expectServiceError(run((tx) => attachPolicy(tx, att(type, 'ghost', READ_ONLY))), 'NoSuchEntity', `The ${type} with name ghost cannot be found.`);
    await expectServiceError(run((tx) => listAttachedPolicies(tx, ACCOUNT, type, 'ghost')), 'NoSuchEntity', `The ${type} with name ghost cannot be found.`);
  });
});

describe('attachment rules', () => {
  it('filters attached policies by path prefix', async () => {
    const [a] = await newPolicies(1, 'A', '/team/');
    const [b] = await newPolicies(1, 'B', '/');
    await run(async (tx) => {
      await attachPolicy(tx, att('user', 'alice', a));
      await attachPolicy(tx, att('user', 'alice', b));
    });
    expect(await run((tx) => listAttachedPolicies(tx, ACCOUNT, 'user', 'alice', '/team/'))).toEqual([{ policyName: 'A0', policyArn: a }]);
  });

  it('refuses changes to a service-linked role', async () => {
    const message = "Cannot perform the operation on the protected role 'AWSServiceRoleForECS' - this role is only modifiable by AWS";
    await expectServiceError(run((tx) => attachPolicy(tx, att('role', 'AWSServiceRoleForECS', READ_ONLY))), 'UnmodifiableEntity', message);
    await expectServiceError(run((tx) => detachPolicy(tx, att('role', 'AWSServiceRoleForECS', READ_ONLY))), 'UnmodifiableEntity', message);
  });

  it('refuses a service-role policy on a customer role', async () => {
    const all = await listAwsManagedPolicies();
    const serviceRolePolicy = all.find((p) => p.path.startsWith('/aws-service-role/'));
    expect(serviceRolePolicy).toBeDefined();
    await expectServiceError(
      run((tx) => attachPolicy(tx, att('role', 'app', serviceRolePolicy!.arn))),
      'PolicyNotAttachable',
      'Cannot attach a Service Role Policy to a Customer Role.',
    );
  });

  it('counts attachments on the policy', async () => {
    const [p] = await newPolicies(1);
    await run(async (tx) => {
      await attachPolicy(tx, att('user', 'alice', p));
      await attachPolicy(tx, att('role', 'app', p));
    });
    expect((await run((tx) => tx.policies.get(ACCOUNT, p)))?.attachmentCount).toBe(2);
  });
});
