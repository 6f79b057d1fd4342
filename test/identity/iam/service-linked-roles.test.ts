// Service-linked roles against a real (in-memory) store: names, paths, trust and permission policies,
// suffixes, deletion tasks.
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ServiceError } from '../../../src/identity/errors.js';
import { createRole } from '../../../src/identity/iam/roles.js';
import type { IamScope } from '../../../src/identity/iam/roles.js';
import {
  createServiceLinkedRole,
  deleteServiceLinkedRole,
  getServiceLinkedRoleDeletionStatus,
  parseDeletionTaskId,
  planServiceLinkedRole,
  uuidV4,
} from '../../../src/identity/iam/service-linked-roles.js';
import { openStore } from '../../../src/store/index.js';
import type { Store, StoreTx } from '../../../src/store/index.js';
import { ACCOUNT, account } from '../../store/fixtures.js';

const NOW = new Date('2025-01-02T03:04:05Z');
const random = (n: number): Uint8Array => randomBytes(n);
const scope: IamScope = { accountId: ACCOUNT, partition: 'aws', now: NOW, random };
const EB = 'elasticbeanstalk.amazonaws.com';

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

beforeEach(async () => {
  store = await openStore({ ephemeral: true, env: {} });
  await run(async (tx) => {
    await tx.accounts.create(account());
  });
});

afterEach(async () => {
  await store.close();
});

describe('CreateServiceLinkedRole', () => {
  it("creates the service's role under its service path, trusting only the service", async () => {
    const role = await run((tx) => createServiceLinkedRole(tx, scope, { awsServiceName: EB, description: 'for EB' }));
    expect(role).toMatchObject({
      roleName: 'AWSServiceRoleForElasticBeanstalk',
      path: `/aws-service-role/${EB}/`,
      arn: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/${EB}/AWSServiceRoleForElasticBeanstalk`,
      description: 'for EB',
      maxSessionDuration: 3600,
    });
    expect(JSON.parse(role.assumeRolePolicyDocument)).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: EB }, Action: 'sts:AssumeRole' }],
    });
  });

  it("attaches the service's AWS-managed permission policy", async () => {
    await run((tx) => createServiceLinkedRole(tx, scope, { awsServiceName: EB }));
    const attached = await run((tx) =>
      tx.attachments.listForPrincipal(ACCOUNT, { principalType: 'role', principalName: 'AWSServiceRoleForElasticBeanstalk' }),
    );
    expect(attached.map((a) => a.policyArn)).toEqual(['arn:aws:iam::aws:policy/aws-service-role/AWSElasticBeanstalkServiceRolePolicy']);
  });

  it('names the role of an unknown service after its first label and attaches nothing', async () => {
    const role = await run((tx) => createServiceLinkedRole(tx, scope, { awsServiceName: 'widgets.amazonaws.com' }));
    expect(role.roleName).toBe('AWSServiceRoleForWidgets');
    expect(await run((tx) => tx.attachments.listForPrincipal(ACCOUNT, { principalType: 'role', principalName: role.roleName }))).toEqual([]);
  });

  it('appends a custom suffix where the service allows one', async () => {
    const role = await run((tx) => createServiceLinkedRole(tx, scope, { awsServiceName: 'autoscaling.amazonaws.com', customSuffix: 'fleet' }));
    expect(role.roleName).toBe('AWSServiceRoleForAutoScaling_fleet');
  });

  it('refuses a custom suffix where the service allows none', async () => {
    await expectServiceError(
      run((tx) => createServiceLinkedRole(tx, scope, { awsServiceName: EB, customSuffix: 'x' })),
      'InvalidInput',
      `Custom suffix is not allowed for ${EB}`,
    );
  });

  it('refuses a second role of the same name with AWS message', async () => {
    await run((tx) => createServiceLinkedRole(tx, scope, { awsServiceName: EB }));
    await expectServiceError(
      run((tx) => createServiceLinkedRole(tx, scope, { awsServiceName: EB })),
      'InvalidInput',
      'Service role name AWSServiceRoleForElasticBeanstalk has been taken in this account, please try a different suffix.',
    );
  });

  it('plans ARNs in the partition asked for', () => {
    expect(planServiceLinkedRole('aws-cn', 'ecs.amazonaws.com')).toEqual({
      roleName: 'AWSServiceRoleForECS',
      path: '/aws-service-role/ecs.amazonaws.com/',
      policyArn: 'arn:aws-cn:iam::aws:policy/aws-service-role/AmazonECSServiceRolePolicy',
    });
  });
});

describe('DeleteServiceLinkedRole and its deletion status', () => {
  it('deletes the role and its attachments and returns a task id in AWS format', async () => {
    await run((tx) => createServiceLinkedRole(tx, scope, { awsServiceName: EB }));
    const taskId = await run((tx) => deleteServiceLinkedRole(tx, ACCOUNT, 'AWSServiceRoleForElasticBeanstalk', random));
    expect(taskId).toMatch(
      /^task\/aws-service-role\/elasticbeanstalk\.amazonaws\.com\/AWSServiceRoleForElasticBeanstalk\/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(await run((tx) => tx.roles.get(ACCOUNT, 'AWSServiceRoleForElasticBeanstalk'))).toBeUndefined();
    expect(await run((tx) => tx.attachments.countForPolicy(ACCOUNT, 'arn:aws:iam::aws:policy/aws-service-role/AWSElasticBeanstalkServiceRolePolicy'))).toBe(0);
  });

  it('reports SUCCEEDED for the task of a deleted role', async () => {
    await run((tx) => createServiceLinkedRole(tx, scope, { awsServiceName: EB }));
    const taskId = await run((tx) => deleteServiceLinkedRole(tx, ACCOUNT, 'AWSServiceRoleForElasticBeanstalk', random));
    const task = parseDeletionTaskId('aws', ACCOUNT, taskId);
    expect(task).toEqual({
      service: EB,
      roleName: 'AWSServiceRoleForElasticBeanstalk',
      roleArn: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/${EB}/AWSServiceRoleForElasticBeanstalk`,
    });
    expect(await run((tx) => getServiceLinkedRoleDeletionStatus(tx, ACCOUNT, task!, taskId))).toBe('SUCCEEDED');
  });

  it('answers NoSuchEntity for a task naming a role that still exists', async () => {
    await run((tx) => createServiceLinkedRole(tx, scope, { awsServiceName: EB }));
    const taskId = `task/aws-service-role/${EB}/AWSServiceRoleForElasticBeanstalk/${uuidV4(random)}`;
    const task = parseDeletionTaskId('aws', ACCOUNT, taskId);
    await expectServiceError(
      run((tx) => getServiceLinkedRoleDeletionStatus(tx, ACCOUNT, task!, taskId)),
      'NoSuchEntity',
      `Deletion task ${taskId} cannot be found.`,
    );
  });

  it('does not read a malformed task id', () => {
    expect(parseDeletionTaskId('aws', ACCOUNT, 'task/whatever')).toBeUndefined();
    expect(parseDeletionTaskId('aws', ACCOUNT, `task/aws-service-role/${EB}/R/not-a-uuid`)).toBeUndefined();
  });

  it('refuses to delete a role that is not service-linked', async () => {
    const trust = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}';
    await run((tx) => createRole(tx, scope, { roleName: 'plain', assumeRolePolicyDocument: trust }));
    await expectServiceError(
      run((tx) => deleteServiceLinkedRole(tx, ACCOUNT, 'plain', random)),
      'InvalidInput',
      'Role plain is not a service-linked role.',
    );
  });

  it('answers NoSuchEntity for a missing role', async () => {
    await expectServiceError(
      run((tx) => deleteServiceLinkedRole(tx, ACCOUNT, 'AWSServiceRoleForNothing', random)),
      'NoSuchEntity',
      'The role with name AWSServiceRoleForNothing cannot be found.',
    );
  });
});
