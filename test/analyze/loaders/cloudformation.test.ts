import { describe, expect, it } from 'vitest';
import { loadCloudFormation } from '../../../src/analyze/loaders/cloudformation.js';
import type { LoadedPolicyRecord } from '../../../src/analyze/loaders/policy-record.js';
import { analyzeModel } from '../helpers.js';
import { entity, fixture, json, lineOf } from './helpers.js';

const seedYaml = fixture('cloudformation/seed-lambda-role.yaml');
const seedJson = fixture('cloudformation/seed-lambda-role.json');
const all = fixture('cloudformation/all-resources.yaml');

describe('CloudFormation: the seed article, YAML', () => {
  const model = loadCloudFormation([seedYaml]);
  const role = entity(model, 'order-processor-lambda-role');

  it('reads the role with its trust policy, whose aws:SourceAccount is the template\'s own (unknown) account', () => {
    expect(role.type).toBe('role');
    const trust = role.trustPolicy!;
    expect(trust.kind).toBe('trust');
    expect(trust.parseErrors).toEqual([]);
    expect(trust.document?.statements[0].condition[0].key.value).toBe('aws:SourceAccount');
    expect(trust.document?.statements[0].condition[0].values[0].value).toBe('${castellan:unknown:1}');
    const u = trust.unknowns.get('/Statement/0/Condition/StringEquals/aws:SourceAccount');
    expect(u).toMatchObject({ unknown: true, origin: 'AWS::AccountId', pseudo: 'account-id' });
  });

  it('reads the inline policy, resolving Fn::Sub with AWS::Partition and marking region and account unknown', () => {
    const [inline] = role.inlinePolicies as LoadedPolicyRecord[];
    expect(inline.name).toBe('order-processor-lambda-role/order-processor-permissions');
    expect(inline.document?.statements.map((s) => s.sid?.value)).toEqual(['ReadFromOrdersTable', 'WriteCloudWatchLogs']);
    expect(inline.document?.statements[0].resource?.[0].value).toBe('arn:aws:dynamodb:${castellan:unknown:1}:${castellan:unknown:2}:table/orders');
    expect(inline.unknowns.get('/Statement/0/Resource/0')?.origin).toBe('AWS::Region; AWS::AccountId');
  });

  it('reads the managed policy with both of its conditions, the parameter without default unknown', () => {
    const [mp] = model.managedPolicies;
    expect(mp.policy.name).toBe('restricted-s3-data-access');
    const [allow, deny] = mp.policy.document!.statements;
    expect(allow.condition.map((c) => [c.operator.value, c.key.value, c.values.map((v) => v.value)])).toEqual([
      ['StringEquals', 'aws:sourceVpce', ['${castellan:unknown:3}']],
      ['Bool', 'aws:MultiFactorAuthPresent', ['true']],
    ]);
    expect(mp.policy.unknowns.get('/Statement/0/Condition/StringEquals/aws:sourceVpce')?.origin).toBe('parameter VpcEndpointId (no Default)');
    expect(deny.effect.value).toBe('Deny');
  });

  it('locates a statement element at its YAML line', () => {
    const inline = role.inlinePolicies[0];
    expect(inline.locate('/Statement/1/Action/2')).toMatchObject({ file: seedYaml.path, line: lineOf(seedYaml.text, '- logs:PutLogEvents') });
    expect(inline.locate('/Statement/1')).toMatchObject({ line: lineOf(seedYaml.text, '- Sid: WriteCloudWatchLogs') });
    expect(role.trustPolicy!.locate('/Statement/0/Condition/StringEquals/aws:SourceAccount')).toMatchObject({ line: lineOf(seedYaml.text, 'aws:SourceAccount: !Ref') });
  });

  it('locates the entity at its logical id', () => {
    expect(role.location).toMatchObject({ file: seedYaml.path, line: lineOf(seedYaml.text, 'OrderProcessorLambdaRole:'), column: 3 });
  });
});

describe('CloudFormation: JSON', () => {
  const model = loadCloudFormation([seedJson]);

  it('resolves the long forms to the same documents as the YAML short forms', () => {
    const yamlModel = loadCloudFormation([seedYaml]);
    expect(json(entity(model, 'order-processor-lambda-role').trustPolicy)).toEqual(json(entity(yamlModel, 'order-processor-lambda-role').trustPolicy));
    expect(json(model.managedPolicies[0].policy)).toEqual(json(yamlModel.managedPolicies[0].policy));
  });

  it('locates a statement element at its JSON line', () => {
    const inline = entity(model, 'order-processor-lambda-role').inlinePolicies[0];
    expect(inline.locate('/Statement/1/Action/2')).toMatchObject({ file: seedJson.path, line: lineOf(seedJson.text, '"logs:PutLogEvents"') });
    expect(inline.locate('/Statement/0/Sid')).toMatchObject({ line: lineOf(seedJson.text, '"Sid": "ReadFromOrdersTable"') });
  });
});

describe('CloudFormation: every resource type', () => {
  const model = loadCloudFormation([all]);
  const id = (logicalId: string) => `cfn:${all.path}:${logicalId}`;

  it('reads roles with path, managed policies by ARN and by Ref, and a boundary with an unknown account', () => {
    const role = entity(model, 'app-prod');
    expect(role.path).toBe('/apps/');
    expect(role.managedPolicies.map((m) => m.policyId ?? m.arn)).toEqual(['arn:aws:iam::aws:policy/ReadOnlyAccess', id('SharedPolicy')]);
    expect(role.permissionsBoundary?.arn).toEqual({ unknown: true, origin: 'arn:aws:iam::${AWS::AccountId}:policy/boundary' });
  });

  it('attaches AWS::IAM::Policy to template roles and to roles outside the template', () => {
    expect(entity(model, 'app-prod').inlinePolicies.map((p) => p.name)).toContain('extra');
    const external = entity(model, 'existing-role');
    expect(external.inlinePolicies[0].id).toBe(`${id('InlineForRoles')}:PolicyDocument`);
    expect(external.location.line).toBe(lineOf(all.text, '- existing-role'));
  });

  it('reads users: login profile, groups, access keys with status, managed policy attachments', () => {
    const deployer = entity(model, 'deployer');
    expect(deployer.hasLoginProfile).toBe(true);
    expect(deployer.groups).toEqual(['developers']);
    expect(deployer.accessKeys).toEqual([{ status: 'Active' }, { status: 'Inactive' }]);
    const auditor = entity(model, 'Auditor');
    expect(auditor.hasLoginProfile).toBe(false);
    expect(auditor.managedPolicies.map((m) => m.policyId)).toEqual([id('SharedPolicy')]);
  });

  it('reads groups with members from Groups and UserToGroupAddition', () => {
    const group = entity(model, 'developers');
    expect(group.members).toEqual(['deployer', 'Auditor']);
    expect(group.inlinePolicies[0].document?.statements[0].action?.[0].value).toBe('s3:*');
  });

  it('resolves GetAtt Arn of a template role in a policy', () => {
    const pass = entity(model, 'deployer').inlinePolicies[0];
    expect(pass.parseErrors).toEqual([]);
    expect(pass.document?.statements[0].resource?.[0].value).toBe('arn:aws:iam::${castellan:unknown:1}:role/apps/app-prod');
  });

  it('reads the standalone managed policy', () => {
    expect(model.managedPolicies.map((m) => m.policy.id)).toEqual([id('SharedPolicy')]);
  });

  it('reads S3, SQS, SNS (both kinds) and KMS resource policies with their resources', () => {
    const byService = (s: string) => model.resourcePolicies.filter((r) => r.service === s);
    expect(byService('s3')[0].resourceArn).toBe('arn:aws:s3:::data-prod');
    expect(json(byService('s3')[0].policy)).toMatchObject({ Statement: [{ Principal: '*', Resource: 'arn:aws:s3:::data-prod/*', Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1234' } } }] });
    expect(byService('sqs')[0].resourceArn).toEqual({ unknown: true, origin: 'arn:aws:sqs:${AWS::Region}:${AWS::AccountId}:jobs' });
    expect(byService('sns').map((r) => r.policy.id)).toEqual([`${id('TopicPolicy')}:PolicyDocument`, `${id('TopicInline')}:PolicyDocument`]);
    expect(byService('kms')[0].policy.id).toBe(`${id('Key')}:KeyPolicy`);
  });

  it('synthesizes Lambda permissions as resource-policy statements, a NONE function URL public', () => {
    const [url, s3] = model.resourcePolicies.filter((r) => r.service === 'lambda');
    expect(json(url.policy)).toMatchObject({
      Statement: [{ Sid: 'PublicUrl', Principal: '*', Action: 'lambda:InvokeFunctionUrl', Condition: { StringEquals: { 'lambda:FunctionUrlAuthType': 'NONE' } } }],
    });
    expect(json(s3.policy)).toMatchObject({
      Statement: [{ Principal: { Service: 's3.amazonaws.com' }, Condition: { StringEquals: { 'AWS:SourceAccount': '${castellan:unknown:3}' }, ArnLike: { 'AWS:SourceArn': 'arn:aws:s3:::data-prod' } } }],
    });
    expect(url.policy.location.line).toBe(lineOf(all.text, 'PublicUrl:'));
  });

  it('puts Metadata suppressions on the entity and its policies', () => {
    const role = entity(model, 'app-prod');
    const expected = { checkId: 'iam.trust-service-without-source', reason: 'EC2 does not send aws:SourceAccount', expires: '2030-01-01' };
    expect(role.suppressions).toEqual([expect.objectContaining(expected)]);
    expect(role.trustPolicy?.suppressions).toEqual([expect.objectContaining(expected)]);
    expect(role.suppressions[0].location.line).toBe(lineOf(all.text, '- id: iam.trust-service-without-source'));
  });

  it('keeps resources whose Condition holds, drops those whose Condition is false', () => {
    expect(model.entities.some((e) => e.name === 'ProdOnlyRole')).toBe(true);
    expect(model.entities.some((e) => e.name === 'NeverRole')).toBe(false);
  });

  it('carries an undecidable Fn::If as unknown', () => {
    const trust = entity(model, 'ProdOnlyRole').trustPolicy!;
    expect(trust.unknowns.get('/Statement/0/Principal/AWS')?.origin).toMatch(/^Fn::If IsTrusted/);
  });

  it('loads without load errors', () => {
    expect(model.loadErrors).toEqual([]);
    expect(model.inputs).toEqual([{ file: all.path, kind: 'cloudformation' }]);
  });
});

describe('CloudFormation: AWS::IAM::RolePolicy, UserPolicy and GroupPolicy', () => {
  const single = fixture('cloudformation/inline-policy-resources.yaml');
  const model = loadCloudFormation([single]);
  const id = (logicalId: string) => `cfn:${single.path}:${logicalId}:PolicyDocument`;
  let analyzed: ReturnType<typeof analyzeModel> | undefined;
  const report = () => (analyzed ??= analyzeModel(model));

  it('adds a RolePolicy to the role its RoleName names by Ref, located at its own resource', () => {
    const [policy] = entity(model, 'worker').inlinePolicies;
    expect([policy.id, policy.name, policy.kind]).toEqual([id('WorkerPolicy'), 'everything', 'identity']);
    expect(policy.document?.statements[0].action?.[0].value).toBe('*');
    expect(policy.locate('/Statement/0/Action')).toMatchObject({ file: single.path, line: lineOf(single.text, "Action: '*'") });
  });

  it('adds a UserPolicy to the template user its UserName names literally', () => {
    const intern = entity(model, 'intern');
    expect(intern.external).toBeUndefined();
    expect(intern.inlinePolicies.map((p) => [p.id, p.name])).toEqual([[id('InternPolicy'), 'self-service']]);
  });

  it('adds a GroupPolicy naming a group outside the template to that (external) group', () => {
    const operators = entity(model, 'operators');
    expect([operators.type, operators.external]).toEqual(['group', true]);
    expect(operators.inlinePolicies.map((p) => p.id)).toEqual([id('OperatorsPolicy')]);
  });

  it('loads without load errors and without standalone policies', () => {
    expect(model.loadErrors).toEqual([]);
    expect(model.standalonePolicies).toEqual([]);
  });

  it('reports a RolePolicy without RoleName and still checks its policy on its own', () => {
    const text = "Resources:\n  P:\n    Type: AWS::IAM::RolePolicy\n    Properties:\n      PolicyName: p\n      PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: Allow, Action: '*', Resource: '*' }] }\n";
    const m = loadCloudFormation([{ path: 'no-role.yaml', text }]);
    expect(m.loadErrors.map((e) => e.message)).toEqual(['P: AWS::IAM::RolePolicy without RoleName (required): its policy is checked on its own.']);
    expect(m.standalonePolicies.map((p) => p.name)).toEqual(['p']);
  });

  it("gives the role's RolePolicy to the policy checks: Action * is iam.wildcard-action", async () => {
    const findings = (await report()).findings.filter((f) => f.checkId === 'iam.wildcard-action');
    expect(findings.map((f) => [f.location.line, f.message])).toEqual([[lineOf(single.text, "Action: '*'"), expect.stringContaining('every action')]]);
  });

  it("gives the user's UserPolicy to the escalation graph: iam:AttachUserPolicy on * is a path", async () => {
    const paths = (await report()).findings.filter((f) => f.checkId === 'escalation.path');
    expect(paths.map((f) => f.message)).toEqual([expect.stringMatching(/^user intern can escalate to administrator in 1 step: iam:AttachUserPolicy/)]);
  });
});

describe('CloudFormation: intrinsics in a template', () => {
  const model = loadCloudFormation([fixture('cloudformation/intrinsics.yaml')]);
  const role = entity(model, 'Role');

  it('resolves Sub variables, Select, FindInMap, If, Split and escapes; ImportValue stays unknown', () => {
    expect(json(role.inlinePolicies[0])).toMatchObject({
      Statement: [{ Resource: ['arn:aws:s3:::beta/d/*', 'arn:aws:s3:::dev-only/*', 'arn:aws:s3:::split', 'arn:aws:s3:::${literal}', '${castellan:unknown:1}'] }],
    });
    expect(role.inlinePolicies[0].unknowns.get('/Statement/0/Resource/4')?.origin).toMatch(/ImportValue shared-bucket-arn/);
  });

  it('resolves a CDK-style Fn::Join ARN with the account unknown', () => {
    expect(json(role.trustPolicy)).toMatchObject({ Statement: [{ Principal: { AWS: 'arn:aws:iam::${castellan:unknown:1}:root' } }] });
  });
});

describe('CloudFormation: the negative seed twin', () => {
  it('loads a Lambda trust policy without any condition and without unknowns', () => {
    const trust = entity(loadCloudFormation([fixture('cloudformation/lambda-role-no-source.yaml')]), 'FunctionRole').trustPolicy!;
    expect(trust.document?.statements[0].condition).toEqual([]);
    expect(trust.unknowns.size).toBe(0);
  });
});

describe('CloudFormation: inputs that are not usable templates', () => {
  it('reports a file without Resources', () => {
    const m = loadCloudFormation([{ path: 'x.yaml', text: 'Description: nothing\n' }]);
    expect(m.loadErrors[0].message).toMatch(/no Resources/);
  });

  it('reports YAML syntax errors with their line', () => {
    const m = loadCloudFormation([{ path: 'bad.yaml', text: 'Resources:\n  A: [1,\n' }]);
    expect(m.loadErrors[0]).toMatchObject({ location: { file: 'bad.yaml' } });
    expect(m.entities).toEqual([]);
  });

  it('reports invalid JSON', () => {
    expect(loadCloudFormation([{ path: 'bad.json', text: '{"Resources": {' }]).loadErrors[0].message).toMatch(/JSON/);
  });

  it('reports a SAM transform, whose generated roles it cannot see', () => {
    const m = loadCloudFormation([{ path: 'sam.yaml', text: 'Transform: AWS::Serverless-2016-10-31\nResources: {}\n' }]);
    expect(m.loadErrors[0].message).toMatch(/Transform AWS::Serverless-2016-10-31/);
  });
});
