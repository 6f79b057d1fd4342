// The policy simulator and context-key listings, against a real (in-memory) store and the real engine.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  getContextKeysForCustomPolicy,
  getContextKeysForPrincipalPolicy,
  simulateCustomPolicy,
  simulatePrincipalPolicy,
} from '../../../src/identity/iam/simulation.js';
import { openStore } from '../../../src/store/index.js';
import type { Store, StoreTx } from '../../../src/store/index.js';
import { ACCOUNT, account, group, policy, policyArn, role, user } from '../../store/fixtures.js';

let store: Store;
const run = <T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> => store.transaction(fn);
const doc = (...statements: object[]): string => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const allow = (action: string, resource = '*', extra: object = {}): object => ({ Effect: 'Allow', Action: action, Resource: resource, ...extra });
const deny = (action: string, resource = '*'): object => ({ Effect: 'Deny', Action: action, Resource: resource });
const USER_ARN = `arn:aws:iam::${ACCOUNT}:user/alice`;
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/app`;
const GROUP_ARN = `arn:aws:iam::${ACCOUNT}:group/devs`;

beforeEach(async () => {
  store = await openStore({ ephemeral: true, env: {} });
  await run(async (tx) => {
    await tx.accounts.create(account());
    await tx.users.create(user('alice'));
    await tx.groups.create(group('devs'));
    await tx.groups.addUser(ACCOUNT, 'devs', 'alice');
    await tx.roles.create(role('app'));
    await tx.inlinePolicies.put({
      accountId: ACCOUNT, principalType: 'user', principalName: 'alice', policyName: 'own', document: doc(allow('s3:GetObject')),
    });
    await tx.inlinePolicies.put({
      accountId: ACCOUNT, principalType: 'group', principalName: 'devs', policyName: 'team', document: doc(allow('sqs:SendMessage'), deny('s3:DeleteBucket')),
    });
    await tx.policies.create({ ...policy('Ec2Read'), document: doc(allow('ec2:Describe*')) });
    await tx.attachments.attach(ACCOUNT, { principalType: 'role', principalName: 'app' }, policyArn('Ec2Read'));
  });
});
afterEach(() => store.close());

const simulateUser = (actions: string[], extra = {}) =>
  run((tx) => simulatePrincipalPolicy(tx, ACCOUNT, USER_ARN, { actionNames: actions, ...extra }));

describe('SimulatePrincipalPolicy', () => {
  it("allows what the user's own inline policy allows and names the statement", async () => {
    const [r] = await simulateUser(['s3:GetObject']);
    expect(r).toMatchObject({ action: 's3:GetObject', resource: '*', decision: 'allowed' });
    expect(r!.matchedStatements).toEqual([
      { sourcePolicyId: 'user_alice_own', sourcePolicyType: 'IAM Policy', start: { line: 1, column: 38 }, end: expect.objectContaining({ line: 1 }) },
    ]);
    expect(r!.resourceSpecificResults).toBeUndefined();
    expect(r!.decisionDetails).toBeUndefined();
  });

  it("includes the policies of the user's groups", async () => {
    const [send, del] = await simulateUser(['sqs:SendMessage', 's3:DeleteBucket']);
    expect(send!.decision).toBe('allowed');
    expect(del!.decision).toBe('explicitDeny');
    expect(del!.matchedStatements.map((s) => s.sourcePolicyId)).toEqual(['group_devs_team']);
  });

  it('is implicitDeny with no matched statements for an action nothing allows', async () => {
    const [r] = await simulateUser(['iam:CreateUser']);
    expect(r).toMatchObject({ decision: 'implicitDeny', matchedStatements: [] });
  });

  it('reads a role\'s attached customer-managed policy (its default version), named by policy name', async () => {
    const [r] = await run((tx) => simulatePrincipalPolicy(tx, ACCOUNT, ROLE_ARN, { actionNames: ['ec2:DescribeInstances'] }));
    expect(r!.decision).toBe('allowed');
    expect(r!.matchedStatements[0]!.sourcePolicyId).toBe('Ec2Read');
  });

  it("simulates a group's policies", async () => {
    const [r] = await run((tx) => simulatePrincipalPolicy(tx, ACCOUNT, GROUP_ARN, { actionNames: ['sqs:SendMessage'] }));
    expect(r!.decision).toBe('allowed');
  });

  it('adds PolicyInputList to the stored policies', async () => {
    const [r] = await simulateUser(['dynamodb:GetItem'], { policyInputList: [doc(allow('dynamodb:GetItem'))] });
    expect(r!.decision).toBe('allowed');
    expect(r!.matchedStatements[0]!.sourcePolicyId).toBe('PolicyInputList.1');
  });

  it('limits with a boundary from PermissionsBoundaryPolicyInputList and reports it', async () => {
    const [get, send] = await simulateUser(['s3:GetObject', 'sqs:SendMessage'], {
      permissionsBoundaryPolicyInputList: [doc(allow('s3:*'))],
    });
    expect(get).toMatchObject({ decision: 'allowed', allowedByPermissionsBoundary: true });
    expect(send).toMatchObject({ decision: 'implicitDeny', allowedByPermissionsBoundary: false });
  });

  it("applies the user's stored boundary", async () => {
    await run(async (tx) => {
      await tx.policies.create({ ...policy('OnlySqs'), document: doc(allow('sqs:*')) });
      await tx.users.update(ACCOUNT, 'alice', { permissionsBoundaryArn: policyArn('OnlySqs') });
    });
    const [get] = await simulateUser(['s3:GetObject']);
    expect(get).toMatchObject({ decision: 'implicitDeny', allowedByPermissionsBoundary: false });
  });

  it('evaluates each action on each resource, with resource-specific results', async () => {
    await run((tx) =>
      tx.inlinePolicies.put({
        accountId: ACCOUNT, principalType: 'user', principalName: 'alice', policyName: 'own',
        document: doc(allow('s3:GetObject', 'arn:aws:s3:::public/*')),
      }),
    );
    const results = await simulateUser(['s3:GetObject'], { resourceArns: ['arn:aws:s3:::public/a', 'arn:aws:s3:::private/a'] });
    expect(results.map((r) => [r.resource, r.decision])).toEqual([
      ['arn:aws:s3:::public/a', 'allowed'],
      ['arn:aws:s3:::private/a', 'implicitDeny'],
    ]);
    expect(results[0]!.resourceSpecificResults).toEqual([expect.objectContaining({ resource: 'arn:aws:s3:::public/a', decision: 'allowed' })]);
    expect(results[0]!.decisionDetails?.size).toBe(0);
  });

  it('uses ContextEntries and reports the keys a condition missed', async () => {
    const conditioned = doc(allow('s3:ListBucket', '*', { Condition: { StringEquals: { 's3:prefix': 'home/' } } }));
    const [missing] = await simulateUser(['s3:ListBucket'], { policyInputList: [conditioned] });
    expect(missing).toMatchObject({ decision: 'implicitDeny', missingContextValues: ['s3:prefix'] });
    const [given] = await simulateUser(['s3:ListBucket'], {
      policyInputList: [conditioned],
      contextEntries: [{ name: 's3:prefix', values: ['home/'], type: 'string' }],
    });
    expect(given!.decision).toBe('allowed');
  });

  it('is NoSuchEntity for a user that does not exist', async () => {
    await expect(
      run((tx) => simulatePrincipalPolicy(tx, ACCOUNT, `arn:aws:iam::${ACCOUNT}:user/nobody`, { actionNames: ['s3:GetObject'] })),
    ).rejects.toMatchObject({ code: 'NoSuchEntity', message: 'The user with name nobody cannot be found.' });
  });

  it('is InvalidInput for an ARN that names no user, group or role', async () => {
    await expect(
      run((tx) => simulatePrincipalPolicy(tx, ACCOUNT, 'arn:aws:s3:::bucket', { actionNames: ['s3:GetObject'] })),
    ).rejects.toMatchObject({ code: 'InvalidInput' });
  });
});

describe('SimulateCustomPolicy', () => {
  it('decides from the given policies only', () => {
    const results = simulateCustomPolicy(ACCOUNT, 'aws', {
      actionNames: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
      policyInputList: [doc(allow('s3:*')), doc(deny('s3:DeleteObject'))],
    });
    expect(results.map((r) => r.decision)).toEqual(['allowed', 'allowed', 'explicitDeny']);
    expect(results[2]!.matchedStatements.map((s) => s.sourcePolicyId)).toEqual(['PolicyInputList.2']);
  });

  it('rejects a malformed input policy with InvalidInput', () => {
    expect(() => simulateCustomPolicy(ACCOUNT, 'aws', { actionNames: ['s3:GetObject'], policyInputList: ['{not json'] })).toThrow(
      expect.objectContaining({ code: 'InvalidInput' }),
    );
  });

  it('requires CallerArn with a ResourcePolicy', () => {
    const resourcePolicy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: USER_ARN }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }],
    });
    expect(() =>
      simulateCustomPolicy(ACCOUNT, 'aws', { actionNames: ['s3:GetObject'], policyInputList: [doc(allow('sqs:SendMessage'))], resourcePolicy }),
    ).toThrow(expect.objectContaining({ code: 'InvalidInput' }));
    const [r] = simulateCustomPolicy(ACCOUNT, 'aws', {
      actionNames: ['s3:GetObject'],
      resourceArns: ['arn:aws:s3:::b/k'],
      policyInputList: [doc(allow('sqs:SendMessage'))],
      resourcePolicy,
      callerArn: USER_ARN,
    });
    expect(r!.decision).toBe('allowed');
    expect(r!.matchedStatements[0]).toMatchObject({ sourcePolicyId: 'ResourcePolicy' });
  });

  it('evaluates organization policies and reports AllowedByOrganizations', () => {
    const [r] = simulateCustomPolicy(ACCOUNT, 'aws', {
      actionNames: ['s3:GetObject'],
      policyInputList: [doc(allow('s3:*'))],
      organizationPolicies: [[doc(allow('ec2:*'))]],
    });
    expect(r).toMatchObject({ decision: 'implicitDeny', allowedByOrganizations: false });
  });
});

describe('context keys', () => {
  it('lists condition keys and policy variables once, in document order', () => {
    const keys = getContextKeysForCustomPolicy([
      doc(
        allow('s3:GetObject', 'arn:aws:s3:::home/${aws:username}/*', { Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }),
        allow('s3:ListBucket', '*', { Condition: { StringLike: { 's3:prefix': '${aws:username}/*', 'AWS:SourceIp': 'x' } } }),
      ),
    ]);
    expect(keys).toEqual(['aws:username', 'aws:SourceIp', 's3:prefix']);
  });

  it('ignores ${...} in a 2008-10-17 policy, where it is not a variable', () => {
    const keys = getContextKeysForCustomPolicy([
      JSON.stringify({ Version: '2008-10-17', Statement: [allow('s3:GetObject', 'arn:aws:s3:::b/${aws:username}')] }),
    ]);
    expect(keys).toEqual([]);
  });

  it("reads a principal's stored policies and the ones passed in", async () => {
    await run((tx) =>
      tx.inlinePolicies.put({
        accountId: ACCOUNT, principalType: 'group', principalName: 'devs', policyName: 'mfa',
        document: doc(allow('*', '*', { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } })),
      }),
    );
    const keys = await run((tx) =>
      getContextKeysForPrincipalPolicy(tx, ACCOUNT, USER_ARN, [doc(allow('ec2:*', '*', { Condition: { StringEquals: { 'ec2:Region': 'x' } } }))]),
    );
    expect(keys).toEqual(['aws:MultiFactorAuthPresent', 'ec2:Region']);
  });
});
