import { describe, expect, it } from 'vitest';
import { ESCALATION_CHECKS, findEscalationPaths } from '../../../src/analyze/escalation/index.js';
import type { Finding } from '../../../src/analyze/model.js';
import { ACCOUNT, ADMIN_ARN, allow, arn, deny, doc, FILE, ModelBuilder, trust } from '../../fixtures/analyze/escalation/model-builder.js';

function forSubject(findings: readonly Finding[], type: 'user' | 'role', name: string): Finding[] {
  return findings.filter((f) => f.subject === arn(type, name));
}

describe('findEscalationPaths', () => {
  it('does not report a principal that is already an administrator', () => {
    const model = new ModelBuilder().user('root-like', { managed: [ADMIN_ARN] }).build();
    expect(findEscalationPaths(model)).toEqual([]);
  });

  it('does not report a principal with harmless permissions', () => {
    const model = new ModelBuilder()
      .user('reader', { policies: [doc(allow(['s3:GetObject', 's3:ListBucket']))] })
      .role('Admin', { trust: trust('lambda.amazonaws.com'), managed: [ADMIN_ARN] })
      .build();
    expect(findEscalationPaths(model)).toEqual([]);
  });

  it('reports a one-step path with the permission, the target and the outcome', () => {
    const policyArn = `arn:aws:iam::${ACCOUNT}:policy/Shared`;
    const b = new ModelBuilder();
    b.managed('Shared', doc(allow('iam:CreatePolicyVersion', policyArn)));
    const model = b.user('alice', { managed: ['Shared'] }).build();
    const [f] = findEscalationPaths(model);
    expect(f.checkId).toBe('escalation.path');
    expect(f.severity).toBe('error');
    expect(f.message).toBe('user alice can escalate to administrator in 1 step: iam:CreatePolicyVersion');
    expect(f.path).toEqual([
      `alice can create a new default version of a customer managed policy (policy ${policyArn}, which applies to user alice) ` +
        `[iam-create-policy-version: iam:CreatePolicyVersion on ${policyArn}] → gains administrator access`,
    ]);
  });

  it('points the finding at the statement that grants the first step', () => {
    const model = new ModelBuilder()
      .user('alice', { policies: [doc(allow('s3:GetObject'), allow('iam:PutUserPolicy', arn('user', 'alice')))] })
      .build();
    const [f] = findEscalationPaths(model);
    const policy = model.entities[0].inlinePolicies[0];
    expect(f.location).toEqual(policy.locate('/Statement/1'));
    expect(f.location.file).toBe(FILE);
  });

  it('follows an AssumeRole chain to an administrator role, step by step', () => {
    const model = new ModelBuilder()
      .user('dev', { policies: [doc(allow('sts:AssumeRole', arn('role', 'Deploy')))] })
      .role('Deploy', { trust: trust(arn('user', 'dev')), policies: [doc(allow('sts:AssumeRole', arn('role', 'Admin')))] })
      .role('Admin', { trust: trust(arn('role', 'Deploy')), managed: [ADMIN_ARN] })
      .build();
    const [f] = forSubject(findEscalationPaths(model), 'user', 'dev');
    expect(f.message).toBe('user dev can escalate to administrator in 2 steps: sts:AssumeRole → sts:AssumeRole');
    expect(f.path).toHaveLength(3);
    expect(f.path![0]).toContain('→ acts as role Deploy');
    expect(f.path![1]).toContain('→ acts as role Admin');
    expect(f.path![2]).toBe('role Admin has administrator access');
  });

  it('combines PassRole to Lambda with the target role trusting Lambda', () => {
    const model = new ModelBuilder()
      .user('builder', {
        policies: [
          doc(
            allow('iam:PassRole', arn('role', 'LambdaAdmin'), { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } }),
            allow(['lambda:CreateFunction', 'lambda:InvokeFunction']),
          ),
        ],
      })
      .role('LambdaAdmin', { trust: trust('lambda.amazonaws.com'), managed: [ADMIN_ARN] })
      .build();
    const [f] = findEscalationPaths(model);
    expect(f.checkId).toBe('escalation.path');
    expect(f.path![0]).toContain('which trusts lambda.amazonaws.com');
    expect(f.path![0]).toContain('lambda-create-invoke');
  });

  it('cuts PassRole when iam:PassedToService names another service', () => {
    const model = new ModelBuilder()
      .user('builder', {
        policies: [
          doc(
            allow('iam:PassRole', '*', { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } }),
            allow(['lambda:CreateFunction', 'lambda:InvokeFunction']),
          ),
        ],
      })
      .role('LambdaAdmin', { trust: trust('lambda.amazonaws.com'), managed: [ADMIN_ARN] })
      .build();
    expect(findEscalationPaths(model)).toEqual([]);
  });

  it('cuts a PassRole path when the role does not trust the service', () => {
    const model = new ModelBuilder()
      .user('builder', { policies: [doc(allow(['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction']))] })
      .role('Ec2Admin', { trust: trust('ec2.amazonaws.com'), managed: [ADMIN_ARN] })
      .build();
    expect(findEscalationPaths(model)).toEqual([]);
  });

  it('respects a service trust pinned to the account with aws:SourceAccount', () => {
    const mine = new ModelBuilder()
      .user('builder', { policies: [doc(allow(['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction']))] })
      .role('LambdaAdmin', { trust: trust('lambda.amazonaws.com', { StringEquals: { 'aws:SourceAccount': ACCOUNT } }), managed: [ADMIN_ARN] })
      .build();
    expect(findEscalationPaths(mine).map((f) => f.checkId)).toEqual(['escalation.path']);
    const other = new ModelBuilder()
      .user('builder', { policies: [doc(allow(['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction']))] })
      .role('LambdaAdmin', { trust: trust('lambda.amazonaws.com', { StringEquals: { 'aws:SourceAccount': '999988887777' } }), managed: [ADMIN_ARN] })
      .build();
    expect(findEscalationPaths(other)).toEqual([]);
  });

  it('reaches a role whose trust checks aws:SourceArn against functions of the principal account', () => {
    const model = new ModelBuilder()
      .user('builder', { policies: [doc(allow(['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction']))] })
      .role('LambdaAdmin', {
        trust: trust('lambda.amazonaws.com', { ArnLike: { 'aws:SourceArn': `arn:aws:lambda:*:${ACCOUNT}:function:*` } }),
        managed: [ADMIN_ARN],
      })
      .build();
    const [f] = findEscalationPaths(model);
    expect(f.checkId).toBe('escalation.path');
    expect(f.path![0]).toContain('lambda-create-invoke');
  });

  it('names the function the aws:SourceArn condition pins, when the principal may create it', () => {
    const pinned = `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:deployer`;
    const model = new ModelBuilder()
      .user('builder', { policies: [doc(allow(['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction']))] })
      .role('LambdaAdmin', { trust: trust('lambda.amazonaws.com', { StringEquals: { 'aws:SourceArn': pinned } }), managed: [ADMIN_ARN] })
      .build();
    const [f] = findEscalationPaths(model);
    expect(f.checkId).toBe('escalation.path');
    expect(f.path![0]).toContain(`lambda:CreateFunction on ${pinned}`);
    expect(f.path![0]).toContain(`lambda:InvokeFunction on ${pinned}`);
  });

  it('does not reach a role whose aws:SourceArn names another account', () => {
    const model = new ModelBuilder()
      .user('builder', { policies: [doc(allow(['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction']))] })
      .role('LambdaAdmin', {
        trust: trust('lambda.amazonaws.com', { ArnLike: { 'aws:SourceArn': 'arn:aws:lambda:*:999988887777:function:*' } }),
        managed: [ADMIN_ARN],
      })
      .build();
    expect(findEscalationPaths(model)).toEqual([]);
  });

  it('does not reach a role whose aws:SourceArn names another service', () => {
    const model = new ModelBuilder()
      .user('builder', { policies: [doc(allow(['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction']))] })
      .role('LambdaAdmin', {
        trust: trust('lambda.amazonaws.com', { ArnLike: { 'aws:SourceArn': `arn:aws:states:*:${ACCOUNT}:stateMachine:*` } }),
        managed: [ADMIN_ARN],
      })
      .build();
    expect(findEscalationPaths(model)).toEqual([]);
  });

  it('does not reach a role whose aws:SourceArn allows only functions the principal may not create', () => {
    const model = new ModelBuilder()
      .user('builder', {
        policies: [
          doc(
            allow('iam:PassRole'),
            allow(['lambda:CreateFunction', 'lambda:InvokeFunction'], `arn:aws:lambda:*:${ACCOUNT}:function:dev-*`),
          ),
        ],
      })
      .role('LambdaAdmin', {
        trust: trust('lambda.amazonaws.com', { ArnLike: { 'aws:SourceArn': `arn:aws:lambda:*:${ACCOUNT}:function:prod-*` } }),
        managed: [ADMIN_ARN],
      })
      .build();
    expect(findEscalationPaths(model)).toEqual([]);
  });

  it('reports a path that needs MFA as conditional, naming the condition key', () => {
    const model = new ModelBuilder()
      .user('alice', { policies: [doc(allow('iam:AttachUserPolicy', '*', { Bool: { 'aws:MultiFactorAuthPresent': 'true' } }))] })
      .build();
    const [f] = findEscalationPaths(model);
    expect(f.checkId).toBe('escalation.conditional-path');
    expect(f.severity).toBe('warning');
    expect(f.message).toContain('may escalate to administrator (conditional)');
    expect(f.path![0]).toContain('aws:MultiFactorAuthPresent');
  });

  it('omits conditional paths when asked to', () => {
    const model = new ModelBuilder()
      .user('alice', { policies: [doc(allow('iam:AttachUserPolicy', '*', { Bool: { 'aws:MultiFactorAuthPresent': 'true' } }))] })
      .build();
    expect(findEscalationPaths(model, { includeUncertain: false })).toEqual([]);
  });

  it('reports a trust policy requiring an external id as conditional', () => {
    const model = new ModelBuilder()
      .user('dev', { policies: [doc(allow('sts:AssumeRole'))] })
      .role('Admin', { trust: trust(`arn:aws:iam::${ACCOUNT}:root`, { StringEquals: { 'sts:ExternalId': 'secret' } }), managed: [ADMIN_ARN] })
      .build();
    const [f] = forSubject(findEscalationPaths(model), 'user', 'dev');
    expect(f.checkId).toBe('escalation.conditional-path');
  });

  it('treats existing-resource methods as possible paths, never definite ones', () => {
    const model = new ModelBuilder()
      .user('ops', { policies: [doc(allow('ssm:SendCommand'))] })
      .role('InstanceAdmin', { trust: trust('ec2.amazonaws.com'), managed: [ADMIN_ARN] })
      .build();
    const [f] = findEscalationPaths(model);
    expect(f.checkId).toBe('escalation.conditional-path');
    expect(f.message).toContain('(possible)');
    expect(f.path![0]).toContain('depends on an existing resource');
  });

  it('finds a grant to another role followed by assuming it', () => {
    const model = new ModelBuilder()
      .user('dev', { policies: [doc(allow('iam:PutRolePolicy', arn('role', 'Worker')), allow('sts:AssumeRole', arn('role', 'Worker')))] })
      .role('Worker', { trust: trust(`arn:aws:iam::${ACCOUNT}:root`), policies: [doc(allow('s3:GetObject'))] })
      .build();
    const [f] = forSubject(findEscalationPaths(model), 'user', 'dev');
    expect(f.message).toBe('user dev can escalate to administrator in 2 steps: iam:PutRolePolicy → sts:AssumeRole');
    expect(f.path![0]).toContain('role Worker gets administrator access');
    expect(f.path![1]).toContain('acts as role Worker');
  });

  it('does not count a grant to a role the principal cannot reach', () => {
    const model = new ModelBuilder()
      .user('dev', { policies: [doc(allow('iam:PutRolePolicy', arn('role', 'Worker')))] })
      .role('Worker', { trust: trust('lambda.amazonaws.com'), policies: [doc(allow('s3:GetObject'))] })
      .build();
    expect(forSubject(findEscalationPaths(model), 'user', 'dev')).toEqual([]);
  });

  it('does not count a grant to a principal whose boundary keeps it from being an administrator', () => {
    const b = new ModelBuilder();
    const fence = b.managed('Fence', doc(allow(['s3:*', 'iam:PutUserPolicy'])));
    const model = b.user('alice', { policies: [doc(allow('iam:PutUserPolicy', arn('user', 'alice')))], boundary: fence }).build();
    expect(findEscalationPaths(model)).toEqual([]);
  });

  it('lets an SCP deny cut every step it names', () => {
    const model = new ModelBuilder()
      .user('alice', { policies: [doc(allow('iam:*'))] })
      .scps(doc(allow('*')), doc(deny(['iam:Attach*', 'iam:Put*', 'iam:Create*', 'iam:Update*', 'iam:AddUserToGroup', 'iam:SetDefaultPolicyVersion', 'iam:Delete*'])))
      .build();
    expect(findEscalationPaths(model)).toEqual([]);
  });

  it('treats an IAM administrator (iam:* on *) as administrator-equivalent', () => {
    const model = new ModelBuilder()
      .user('iam-admin', { managed: ['arn:aws:iam::aws:policy/IAMFullAccess'] })
      .user('dev', { policies: [doc(allow('iam:CreateAccessKey', arn('user', 'iam-admin')))] })
      .build();
    const findings = findEscalationPaths(model);
    expect(forSubject(findings, 'user', 'iam-admin')).toEqual([]);
    const [f] = forSubject(findings, 'user', 'dev');
    expect(f.path![1]).toBe('user iam-admin has administrator access');
  });

  it('says when a principal cannot be fully evaluated because of an unknown managed policy', () => {
    const model = new ModelBuilder().user('ml', { managed: ['arn:aws:iam::aws:policy/AmazonSageMakerFullAccess'] }).build();
    const [f] = findEscalationPaths(model);
    expect(f.checkId).toBe('escalation.cannot-evaluate');
    expect(f.message).toContain('AmazonSageMakerFullAccess');
  });

  it('says a principal with an unknown permissions boundary cannot be evaluated, never that it is safe', () => {
    const model = new ModelBuilder()
      .user('alice', { policies: [doc(allow('iam:PutUserPolicy'))], boundary: 'arn:aws:iam::999988887777:policy/Elsewhere' })
      .build();
    const [f] = findEscalationPaths(model);
    expect(f.checkId).toBe('escalation.cannot-evaluate');
  });

  it('joins a group that has administrator access', () => {
    const model = new ModelBuilder()
      .user('alice', { policies: [doc(allow('iam:AddUserToGroup', arn('group', 'admins')))] })
      .group('admins', { managed: [ADMIN_ARN] })
      .build();
    const [f] = findEscalationPaths(model);
    expect(f.path![0]).toContain('add itself to a group (group arn:aws:iam::111122223333:group/admins)');
  });

  it('gives group members the group policies', () => {
    const model = new ModelBuilder()
      .group('ops', { policies: [doc(allow('iam:CreateAccessKey'))], members: ['alice'] })
      .user('alice', { groups: ['ops'] })
      .user('root-user', { managed: [ADMIN_ARN] })
      .build();
    const [f] = forSubject(findEscalationPaths(model), 'user', 'alice');
    expect(f.message).toBe('user alice can escalate to administrator in 1 step: iam:CreateAccessKey');
  });

  it('skips service-linked roles', () => {
    const model = new ModelBuilder()
      .role('AWSServiceRoleForX', { path: '/aws-service-role/x.amazonaws.com/', trust: trust('x.amazonaws.com'), policies: [doc(allow('iam:PutRolePolicy'))] })
      .build();
    expect(findEscalationPaths(model)).toEqual([]);
  });

  it('uses a resource name the principal is allowed to choose', () => {
    const model = new ModelBuilder()
      .user('builder', {
        policies: [
          doc(
            allow('iam:PassRole', arn('role', 'LambdaAdmin')),
            allow(['lambda:CreateFunction', 'lambda:InvokeFunction'], `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:team-*`),
          ),
        ],
      })
      .role('LambdaAdmin', { trust: trust('lambda.amazonaws.com'), managed: [ADMIN_ARN] })
      .build();
    const [f] = findEscalationPaths(model);
    expect(f.path![0]).toContain(`lambda:CreateFunction on arn:aws:lambda:eu-west-1:${ACCOUNT}:function:team-castellan-escalation`);
  });

  it('declares a check definition for every check id it reports', () => {
    expect(ESCALATION_CHECKS.map((c) => c.id)).toEqual(['escalation.path', 'escalation.conditional-path', 'escalation.cannot-evaluate']);
  });
});
