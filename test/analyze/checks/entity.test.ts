import { describe, expect, it } from 'vitest';
import { loadAuthorizationDetails, loadCloudFormation, toSarif, type Finding } from '../../../src/analyze/index.js';
import { loadTerraformHcl } from '../../../src/analyze/loaders/terraform-hcl.js';
import { analyzeModel, fixture, lintAccount } from '../helpers.js';
import { lineOf } from '../loaders/helpers.js';

function bySubject(report: Awaited<ReturnType<typeof lintAccount>>, id: string): string[] {
  return report.findings.filter((f) => f.checkId === id).map((f) => f.subject ?? '');
}

const TRUST = 'jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }] })';

async function adminFindings(model: Parameters<typeof analyzeModel>[0]): Promise<Finding[]> {
  return (await analyzeModel(model)).findings.filter((f) => f.checkId === 'entity.admin-access');
}

async function adminInTerraform(text: string): Promise<Finding[]> {
  return adminFindings(await loadTerraformHcl([{ path: 'main.tf', text }]));
}

describe('entity.admin-access', () => {
  it('reports a role of an account export at its AttachedManagedPolicies entry', async () => {
    const { text } = fixture('account/authorization-details.json');
    const found = (await lintAccount()).findings.filter((f) => f.checkId === 'entity.admin-access');
    expect(found.map((f) => f.subject)).toEqual(['reporting']);
    // The `{` of the entry, two lines above its PolicyArn.
    expect(found[0]?.location.line).toBe(lineOf(text, '"PolicyArn": "arn:aws:iam::aws:policy/AdministratorAccess"') - 2);
  });

  it('reports each policy once per principal, however often it is attached', async () => {
    const text = [
      'resource "aws_iam_role" "ops" {',
      '  name                = "ops"',
      `  assume_role_policy  = ${TRUST}`,
      '  managed_policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess", "arn:aws:iam::aws:policy/IAMFullAccess"]',
      '}',
      'resource "aws_iam_role_policy_attachment" "ops_admin" {',
      '  role       = aws_iam_role.ops.name',
      '  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"',
      '}',
    ].join('\n');
    const found = await adminInTerraform(text);
    expect(found.map((f) => [f.message.replace(/ attached.*/, ''), f.location.line])).toEqual([
      ['Role ops has the AWS managed policy AdministratorAccess', 4],
      ['Role ops has the AWS managed policy IAMFullAccess', 4],
    ]);
  });

  it('recognizes the policies in every partition, and when only the partition is unknown', async () => {
    const role = (name: string, arn: string) =>
      `resource "aws_iam_role" "${name}" {\n  name = "${name}"\n  assume_role_policy = ${TRUST}\n  managed_policy_arns = ["${arn}"]\n}\n`;
    const text = [
      role('china', 'arn:aws-cn:iam::aws:policy/AdministratorAccess'),
      role('govcloud', 'arn:aws-us-gov:iam::aws:policy/IAMFullAccess'),
      // No data "aws_partition" block in the files: the partition is not known.
      role('any', 'arn:${data.aws_partition.current.partition}:iam::aws:policy/AdministratorAccess'),
    ].join('\n');
    expect((await adminInTerraform(text)).map((f) => f.subject).sort()).toEqual(['any', 'china', 'govcloud']);
  });

  it('reports a group, not the users who inherit the policy from it', async () => {
    const text = [
      'resource "aws_iam_group" "admins" {\n  name = "admins"\n}',
      'resource "aws_iam_group_policy_attachment" "admins" {\n  group      = aws_iam_group.admins.name\n  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"\n}',
      'resource "aws_iam_user" "alice" {\n  name = "alice"\n}',
      'resource "aws_iam_user_group_membership" "alice" {\n  user   = aws_iam_user.alice.name\n  groups = [aws_iam_group.admins.name]\n}',
    ].join('\n');
    expect((await adminInTerraform(text)).map((f) => f.subject)).toEqual(['admins']);
  });

  it('exempts service-linked roles', async () => {
    const role = {
      Path: '/aws-service-role/autoscaling.amazonaws.com/',
      RoleName: 'AWSServiceRoleForAutoScaling',
      RoleId: 'AROAEXAMPLESLR000001',
      Arn: 'arn:aws:iam::111122223333:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling',
      CreateDate: '2024-01-10T00:00:00Z',
      AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'autoscaling.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
      RolePolicyList: [],
      AttachedManagedPolicies: [{ PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }],
      Tags: [],
    };
    const text = JSON.stringify({ UserDetailList: [], GroupDetailList: [], RoleDetailList: [role], Policies: [] }, null, 2);
    const model = loadAuthorizationDetails([{ path: 'export.json', text }]);
    expect(model.entities.map((e) => e.name)).toEqual(['AWSServiceRoleForAutoScaling']);
    expect(await adminFindings(model)).toEqual([]);
  });

  it('is a SARIF rule, and its findings SARIF results pointing at it', async () => {
    const run = toSarif(await lintAccount(), { checksDocUri: 'https://example.com/docs/checks.md' }).runs[0];
    const rules = run?.tool.driver.rules ?? [];
    const index = rules.findIndex((r) => r.id === 'entity.admin-access');
    expect(rules[index]).toMatchObject({
      name: 'EntityAdminAccess',
      shortDescription: { text: 'Principal with administrator access' },
      helpUri: 'https://example.com/docs/checks.md#entity.admin-access',
      defaultConfiguration: { level: 'warning' },
    });
    expect(run?.results?.filter((r) => r.ruleId === 'entity.admin-access').map((r) => r.ruleIndex)).toEqual([index]);
  });

  it('is silenced by a suppression on the principal', async () => {
    const text = [
      'Resources:',
      '  BreakGlass:',
      '    Type: AWS::IAM::Role',
      '    Metadata:',
      '      castellan:',
      '        ignore:',
      '          - id: entity.admin-access',
      '            reason: break-glass role, MFA required',
      '    Properties:',
      '      RoleName: break-glass',
      '      AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: Allow, Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "sts:AssumeRole", Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } } }] }',
      '      ManagedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess]',
    ].join('\n');
    const report = await analyzeModel(loadCloudFormation([{ path: 'template.yaml', text }]));
    expect(report.findings.filter((f) => f.checkId === 'entity.admin-access')).toEqual([]);
    expect(report.suppressed.map((f) => [f.checkId, f.subject, f.suppressed?.reason])).toEqual([['entity.admin-access', 'break-glass', 'break-glass role, MFA required']]);
  });
});

describe('entity.no-permissions-boundary', () => {
  it('reports roles and users without a boundary when the convention requires one', async () => {
    const report = await lintAccount({ requireBoundary: true });
    expect(bySubject(report, 'entity.no-permissions-boundary').sort()).toEqual(['alice', 'carol', 'order-processor', 'vendor-audit']);
  });

  it('exempts service-linked roles and is off without --require-boundary', async () => {
    const report = await lintAccount();
    expect(bySubject(report, 'entity.no-permissions-boundary')).toEqual([]);
    const required = await lintAccount({ requireBoundary: true });
    expect(bySubject(required, 'entity.no-permissions-boundary')).not.toContain('AWSServiceRoleForAutoScaling');
  });
});

describe('credentials.long-lived', () => {
  it('reports users with active access keys from the credential report', async () => {
    expect(bySubject(await lintAccount(), 'credentials.long-lived')).toEqual(['alice']);
  });

  it('is silent without a credential report (the export has no keys)', async () => {
    expect(bySubject(await lintAccount({}, false), 'credentials.long-lived')).toEqual([]);
  });
});

describe('credentials.stale-key', () => {
  it('reports a key older than --max-key-age-days', async () => {
    const messages = (await lintAccount()).findings.filter((f) => f.checkId === 'credentials.stale-key').map((f) => f.message);
    expect(messages).toEqual([expect.stringMatching(/access key 1 of user alice is \d+ days old/)]);
  });

  it('reports a key unused for longer than the limit', async () => {
    const messages = (await lintAccount({ maxKeyAgeDays: 1000, maxKeyUnusedDays: 20 })).findings
      .filter((f) => f.checkId === 'credentials.stale-key')
      .map((f) => f.message);
    expect(messages).toEqual([expect.stringMatching(/access key 2 of user alice has never been used in 31 days/)]);
  });
});
