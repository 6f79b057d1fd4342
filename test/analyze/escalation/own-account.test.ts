// Templates and plans do not know the account they deploy to. Within one input it is ONE account: the ARNs of the
// input's own users and roles and the policies that name `${AWS::AccountId}` or
// `data.aws_caller_identity.*.account_id` name the same account, so the escalation graph matches them, exactly as
// it matches literal ARNs in an account export. A literal other account never matches it, and values unknown for
// other reasons stay unknown.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findEscalationPaths } from '../../../src/analyze/escalation/index.js';
import { loadInputs } from '../../../src/analyze/inputs.js';
import type { AnalysisModel, Finding, InputKind } from '../../../src/analyze/model.js';

const DIR = 'test/fixtures/analyze/escalation/own-account/';

async function load(kind: InputKind, path: string, text: string): Promise<AnalysisModel> {
  const model = await loadInputs([{ kind, path, files: [{ path, text }] }]);
  expect(model.loadErrors).toEqual([]);
  return model;
}

const template = (text: string): Promise<AnalysisModel> => load('cloudformation', 'template.yaml', text);

async function escalations(model: AnalysisModel | Promise<AnalysisModel>): Promise<Finding[]> {
  return findEscalationPaths(await model).filter((f) => f.checkId.startsWith('escalation.'));
}

function forUser(findings: readonly Finding[], name: string): Finding[] {
  return findings.filter((f) => f.subject?.endsWith(`:user/${name}`));
}

/** The same user and policy in an export of account 111122223333, the policy naming the user's ARN literally. */
async function exported(): Promise<Finding[]> {
  const arn = 'arn:aws:iam::111122223333:user/attacker';
  const statement = { Effect: 'Allow', Action: 'iam:AttachUserPolicy', Resource: arn };
  const details = {
    UserDetailList: [
      {
        Path: '/',
        UserName: 'attacker',
        UserId: 'AIDAEXAMPLEATTACKER1',
        Arn: arn,
        UserPolicyList: [{ PolicyName: 'attach-to-self', PolicyDocument: { Version: '2012-10-17', Statement: [statement] } }],
        GroupList: [],
        AttachedManagedPolicies: [],
      },
    ],
    GroupDetailList: [],
    RoleDetailList: [],
    Policies: [],
  };
  return escalations(load('authorization-details', 'export.json', JSON.stringify(details, null, 2)));
}

const FORMATS: readonly { readonly name: string; readonly kind: InputKind; readonly file: string }[] = [
  { name: 'CloudFormation YAML (!Sub ${AWS::AccountId})', kind: 'cloudformation', file: 'template.yaml' },
  { name: 'Terraform HCL (data.aws_caller_identity)', kind: 'terraform-hcl', file: 'main.tf' },
];

describe.each(FORMATS)('escalation through the deploying account: $name', ({ kind, file }) => {
  const model = load(kind, DIR + file, readFileSync(DIR + file, 'utf8'));
  const findings = escalations(model);

  it('finds the AttachUserPolicy self-escalation of a policy naming its own user, as in an account export', async () => {
    const [own] = forUser(await findings, 'attacker');
    const [literal] = await exported();
    expect(own.checkId).toBe('escalation.path');
    expect(own.message).toBe('user attacker can escalate to administrator in 1 step: iam:AttachUserPolicy');
    expect(own.message).toBe(literal.message);
    expect(own.path).toEqual(literal.path!.map((step) => step.replaceAll('111122223333', '${Account}')));
  });

  it('does not match a policy naming a literal other account', async () => {
    expect(forUser(await findings, 'other-account')).toEqual([]);
  });

  it('lets a permissions boundary whose Deny names the deploying account cut the step', async () => {
    expect(forUser(await findings, 'bounded')).toEqual([]);
    // Without its boundary, the same user has the path.
    const m = await model;
    const unbounded = { ...m, entities: m.entities.map((e) => (e.name === 'bounded' ? { ...e, permissionsBoundary: undefined } : e)) };
    expect(forUser(await escalations(unbounded), 'bounded').map((f) => f.checkId)).toEqual(['escalation.path']);
  });
});

describe('escalation through the deploying account: the stand-in account', () => {
  const selfAttach = (name: string, resource: string): string =>
    [
      `  ${name.replace(/[^a-z]/g, '')}:`,
      '    Type: AWS::IAM::User',
      '    Properties:',
      `      UserName: ${name}`,
      '      Policies:',
      '        - PolicyName: p',
      '          PolicyDocument:',
      "            Version: '2012-10-17'",
      '            Statement:',
      '              - Effect: Allow',
      '                Action: iam:AttachUserPolicy',
      `                Resource: ${resource}`,
    ].join('\n');

  it('writes the unknown account as ${Account} in paths and subjects, never as the id evaluated with', async () => {
    const [f] = await escalations(template(`Resources:\n${selfAttach('attacker', '!Sub arn:aws:iam::${AWS::AccountId}:user/attacker')}\n`));
    expect(f.subject).toBe('arn:aws:iam::${Account}:user/attacker');
    expect(f.path!.join('\n')).not.toMatch(/\d{12}/);
  });

  it('does not match a policy naming 000000000000, the id used when no policy names it', async () => {
    const text = `Resources:\n${selfAttach('attacker', 'arn:aws:iam::000000000000:user/attacker')}\n${selfAttach('other', '!Sub arn:aws:iam::${AWS::AccountId}:user/other')}\n`;
    const findings = await escalations(template(text));
    expect(forUser(findings, 'attacker')).toEqual([]);
    expect(forUser(findings, 'other').map((f) => f.checkId)).toEqual(['escalation.path']);
  });

  it('keeps another unknown of the same ARN unknown: a user name from a parameter without Default is no path', async () => {
    const text = `Parameters:\n  Target:\n    Type: String\nResources:\n${selfAttach('attacker', '!Sub arn:aws:iam::${AWS::AccountId}:user/${Target}')}\n`;
    expect(await escalations(template(text))).toEqual([]);
  });

  it('leaves a path possible when a Deny holds another unknown besides the account', async () => {
    const text = [
      'Parameters:',
      '  Target:',
      '    Type: String',
      'Resources:',
      selfAttach('attacker', '!Sub arn:aws:iam::${AWS::AccountId}:user/*'),
      '              - Effect: Deny',
      '                Action: iam:AttachUserPolicy',
      '                Resource: !Sub arn:aws:iam::${AWS::AccountId}:user/${Target}',
      '',
    ].join('\n');
    const [f] = await escalations(template(text));
    expect(f.checkId).toBe('escalation.conditional-path');
    expect(f.path![0]).toMatch(/possible: a policy of the principal holds a value unknown before deployment$/);
  });

  it('decides a Deny whose only unknown is the account: a Deny on the own user cuts the path', async () => {
    const text = [
      'Resources:',
      selfAttach('attacker', '!Sub arn:aws:iam::${AWS::AccountId}:user/*'),
      '              - Effect: Deny',
      '                Action: iam:AttachUserPolicy',
      '                Resource: !Sub arn:aws:iam::${AWS::AccountId}:user/attacker',
      '',
    ].join('\n');
    expect(await escalations(template(text))).toEqual([]);
  });
});

describe('escalation through the deploying account: trust policies', () => {
  const adminRole = (id: string, name: string, trust: string): string =>
    [
      `  ${id}:`,
      '    Type: AWS::IAM::Role',
      '    Properties:',
      `      RoleName: ${name}`,
      '      ManagedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess]',
      '      AssumeRolePolicyDocument:',
      "        Version: '2012-10-17'",
      '        Statement:',
      '          - Effect: Allow',
      '            Action: sts:AssumeRole',
      trust,
    ].join('\n');

  it('lets a user assume a role whose trust names it with !GetAtt User.Arn', async () => {
    const text = ['Resources:', '  Dev:', '    Type: AWS::IAM::User', '    Properties:', '      UserName: dev', adminRole('Admin', 'admin', '            Principal: { AWS: !GetAtt Dev.Arn }'), ''].join('\n');
    const [f] = await escalations(template(text));
    expect([f.checkId, f.message]).toEqual(['escalation.path', 'user dev can escalate to administrator in 1 step: sts:AssumeRole']);
  });

  const builder = [
    '  Builder:',
    '    Type: AWS::IAM::User',
    '    Properties:',
    '      UserName: builder',
    '      Policies:',
    '        - PolicyName: deploy',
    '          PolicyDocument:',
    "            Version: '2012-10-17'",
    '            Statement:',
    '              - Effect: Allow',
    '                Action: iam:PassRole',
    '                Resource: !GetAtt FunctionAdmin.Arn',
    '              - Effect: Allow',
    '                Action: [lambda:CreateFunction, lambda:InvokeFunction]',
    "                Resource: '*'",
  ].join('\n');
  const lambdaTrust = (account: string): string =>
    ['            Principal: { Service: lambda.amazonaws.com }', '            Condition:', '              StringEquals:', `                aws:SourceAccount: ${account}`].join('\n');

  it("reaches a Lambda role whose trust pins aws:SourceAccount to the template's own account", async () => {
    const findings = await escalations(template(['Resources:', builder, adminRole('FunctionAdmin', 'function-admin', lambdaTrust('!Ref AWS::AccountId')), ''].join('\n')));
    expect(findings.map((f) => [f.checkId, f.message])).toEqual([
      ['escalation.path', 'user builder can escalate to administrator in 1 step: iam:PassRole + lambda:CreateFunction + lambda:InvokeFunction'],
    ]);
  });

  it('does not reach it when aws:SourceAccount names a literal other account', async () => {
    const findings = await escalations(template(['Resources:', builder, adminRole('FunctionAdmin', 'function-admin', lambdaTrust("'111122223333'")), ''].join('\n')));
    expect(findings).toEqual([]);
  });
});
