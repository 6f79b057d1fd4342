// The policy simulator end to end: @aws-sdk/client-iam parses every EvaluationResult member.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  GetContextKeysForCustomPolicyCommand,
  GetContextKeysForPrincipalPolicyCommand,
  SimulateCustomPolicyCommand,
  SimulatePrincipalPolicyCommand,
} from '@aws-sdk/client-iam';
import type { IAMClient } from '@aws-sdk/client-iam';
import { createUserWithKey, putUserPolicy, startTestServer } from './harness.js';
import type { TestServer } from './harness.js';

let server: TestServer;
let iam: IAMClient;
const doc = (...statements: object[]): string => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const allow = (action: string, resource = '*', extra: object = {}): object => ({ Effect: 'Allow', Action: action, Resource: resource, ...extra });
const userArn = (name: string): string => `arn:aws:iam::${server.accountId}:user/${name}`;

beforeAll(async () => {
  server = await startTestServer();
  iam = server.iam();
});
afterAll(() => server.close());
beforeEach(async () => {
  await server.reset();
  await createUserWithKey(server, 'alice');
  await putUserPolicy(server, 'alice', 'reader', doc(allow('s3:GetObject', 'arn:aws:s3:::data/*'), { Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*' }));
});

describe('SimulatePrincipalPolicy', () => {
  it("evaluates a user's stored policies with every result member parsed", async () => {
    const out = await iam.send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: userArn('alice'),
        ActionNames: ['s3:GetObject', 's3:DeleteObject', 's3:PutObject'],
        ResourceArns: ['arn:aws:s3:::data/file'],
      }),
    );
    expect(out.IsTruncated).toBe(false);
    const [get, del, put] = out.EvaluationResults ?? [];
    expect(get).toMatchObject({
      EvalActionName: 's3:GetObject',
      EvalResourceName: 'arn:aws:s3:::data/file',
      EvalDecision: 'allowed',
      MissingContextValues: [],
      EvalDecisionDetails: {},
      ResourceSpecificResults: [{ EvalResourceName: 'arn:aws:s3:::data/file', EvalResourceDecision: 'allowed' }],
    });
    expect(get?.MatchedStatements?.[0]).toEqual({
      SourcePolicyId: 'user_alice_reader',
      SourcePolicyType: 'IAM Policy',
      StartPosition: { Line: 1, Column: expect.any(Number) },
      EndPosition: { Line: 1, Column: expect.any(Number) },
    });
    expect(del?.EvalDecision).toBe('explicitDeny');
    expect(put).toMatchObject({ EvalDecision: 'implicitDeny', MatchedStatements: [] });
  });

  it('reports the permissions boundary decision', async () => {
    const out = await iam.send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: userArn('alice'),
        ActionNames: ['s3:GetObject'],
        ResourceArns: ['arn:aws:s3:::data/file'],
        PermissionsBoundaryPolicyInputList: [doc(allow('ec2:*'))],
      }),
    );
    expect(out.EvaluationResults?.[0]).toMatchObject({
      EvalDecision: 'implicitDeny',
      PermissionsBoundaryDecisionDetail: { AllowedByPermissionsBoundary: false },
    });
  });

  it('uses ContextEntries and lists missing context values', async () => {
    const conditioned = doc(allow('ec2:RunInstances', '*', { Condition: { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } } }));
    const missing = await iam.send(
      new SimulatePrincipalPolicyCommand({ PolicySourceArn: userArn('alice'), ActionNames: ['ec2:RunInstances'], PolicyInputList: [conditioned] }),
    );
    expect(missing.EvaluationResults?.[0]).toMatchObject({ EvalDecision: 'implicitDeny', MissingContextValues: ['aws:RequestedRegion'] });
    const given = await iam.send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: userArn('alice'),
        ActionNames: ['ec2:RunInstances'],
        PolicyInputList: [conditioned],
        ContextEntries: [{ ContextKeyName: 'aws:RequestedRegion', ContextKeyValues: ['eu-west-1'], ContextKeyType: 'string' }],
      }),
    );
    expect(given.EvaluationResults?.[0]?.EvalDecision).toBe('allowed');
  });

  it('paginates the results with Marker and MaxItems', async () => {
    const actions = ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'];
    const first = await iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: userArn('alice'), ActionNames: actions, MaxItems: 2 }));
    expect(first).toMatchObject({ IsTruncated: true });
    expect(first.EvaluationResults).toHaveLength(2);
    const second = await iam.send(
      new SimulatePrincipalPolicyCommand({ PolicySourceArn: userArn('alice'), ActionNames: actions, MaxItems: 2, Marker: first.Marker }),
    );
    expect(second.IsTruncated).toBe(false);
    expect(second.EvaluationResults?.map((r) => r.EvalActionName)).toEqual(['s3:DeleteObject']);
  });

  it('is NoSuchEntity for a user that does not exist', async () => {
    await expect(
      iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: userArn('nobody'), ActionNames: ['s3:GetObject'] })),
    ).rejects.toMatchObject({ name: 'NoSuchEntityException' });
  });

  it('is authorized on the PolicySourceArn', async () => {
    const key = await createUserWithKey(server, 'bob');
    const bob = server.iam(key);
    const input = { PolicySourceArn: userArn('alice'), ActionNames: ['s3:GetObject'] };
    await expect(bob.send(new SimulatePrincipalPolicyCommand(input))).rejects.toMatchObject({ name: 'AccessDenied' });
    await putUserPolicy(server, 'bob', 'sim', doc(allow('iam:SimulatePrincipalPolicy', userArn('alice'))));
    expect((await bob.send(new SimulatePrincipalPolicyCommand(input))).EvaluationResults).toHaveLength(1);
  });
});

describe('SimulateCustomPolicy', () => {
  it('evaluates the given policies and a resource policy for CallerArn', async () => {
    const out = await iam.send(
      new SimulateCustomPolicyCommand({
        PolicyInputList: [doc(allow('sqs:SendMessage'))],
        ActionNames: ['sqs:SendMessage', 's3:GetObject'],
        ResourceArns: [`arn:aws:s3:::bucket/key`],
        ResourcePolicy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { AWS: userArn('alice') }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*' }],
        }),
        CallerArn: userArn('alice'),
      }),
    );
    expect(out.EvaluationResults?.map((r) => r.EvalDecision)).toEqual(['allowed', 'allowed']);
    expect(out.EvaluationResults?.[1]?.MatchedStatements?.[0]?.SourcePolicyId).toBe('ResourcePolicy');
  });

  it('rejects a malformed policy as InvalidInput', async () => {
    await expect(
      iam.send(new SimulateCustomPolicyCommand({ PolicyInputList: ['{"Version":"2012-10-17"'], ActionNames: ['s3:GetObject'] })),
    ).rejects.toMatchObject({ name: 'InvalidInputException' });
  });

  it('requires ActionNames', async () => {
    await expect(
      iam.send(new SimulateCustomPolicyCommand({ PolicyInputList: [doc(allow('s3:*'))], ActionNames: undefined as never })),
    ).rejects.toMatchObject({ name: 'ValidationError' });
  });
});

describe('context keys', () => {
  it('lists the keys of custom policies', async () => {
    const out = await iam.send(
      new GetContextKeysForCustomPolicyCommand({
        PolicyInputList: [doc(allow('s3:GetObject', 'arn:aws:s3:::home/${aws:username}/*', { Condition: { Bool: { 'aws:SecureTransport': 'true' } } }))],
      }),
    );
    expect(out.ContextKeyNames).toEqual(['aws:username', 'aws:SecureTransport']);
  });

  it("lists the keys of a principal's policies", async () => {
    await putUserPolicy(server, 'alice', 'mfa', doc(allow('*', '*', { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } })));
    const out = await iam.send(new GetContextKeysForPrincipalPolicyCommand({ PolicySourceArn: userArn('alice') }));
    expect(out.ContextKeyNames).toEqual(['aws:MultiFactorAuthPresent']);
  });
});
