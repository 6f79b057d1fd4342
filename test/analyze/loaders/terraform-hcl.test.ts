import { describe, expect, it } from 'vitest';
import { commentSuppressions, loadTerraformHcl } from '../../../src/analyze/loaders/terraform-hcl.js';
import { analyzeModel } from '../helpers.js';
import { entity, fixture, json, lineOf } from './helpers.js';

const seedRole = fixture('terraform/seed-lambda-role.tf');
const seedS3 = fixture('terraform/seed-s3-conditions.tf');
const all = fixture('terraform/all-resources.tf');
const docs = fixture('terraform/policy-document.tf');

describe('Terraform HCL: the seed article', async () => {
  const model = await loadTerraformHcl([seedRole, seedS3]);
  const role = entity(model, 'order-processor-lambda-role');

  it('reads the Lambda role whose trust policy has aws:SourceAccount = the deploying account (unknown)', () => {
    const trust = role.trustPolicy!;
    expect(trust.parseErrors).toEqual([]);
    expect(trust.document?.statements[0].condition[0]).toMatchObject({ key: { value: 'aws:SourceAccount' }, values: [{ value: '${castellan:unknown:1}' }] });
    expect(trust.unknowns.get('/Statement/0/Condition/StringEquals/aws:SourceAccount')).toEqual({
      unknown: true,
      origin: 'data.aws_caller_identity.current.account_id',
      pseudo: 'account-id',
    });
  });

  it('attaches the role policy through aws_iam_role.x.id and resolves locals in its ARNs', () => {
    const [inline] = role.inlinePolicies;
    expect(inline.name).toBe('order-processor-permissions');
    expect(json(inline)).toMatchObject({
      Statement: [
        { Sid: 'ReadFromOrdersTable', Action: ['dynamodb:GetItem', 'dynamodb:Query'], Resource: ['arn:aws:dynamodb:${castellan:unknown:1}:${castellan:unknown:2}:table/orders', expect.any(String)] },
        { Sid: 'WriteCloudWatchLogs', Resource: 'arn:aws:logs:${castellan:unknown:5}:${castellan:unknown:6}:log-group:/aws/lambda/order-processor:*' },
      ],
    });
    expect(inline.unknowns.get('/Statement/1/Resource')?.origin).toBe('data.aws_region.current.name; data.aws_caller_identity.current.account_id');
  });

  it('reads the S3 policy with both conditions; variables without default are unknown', () => {
    const [mp] = model.managedPolicies;
    expect(mp.policy.name).toBe('restricted-s3-data-access');
    expect(json(mp.policy)).toMatchObject({
      Statement: [
        { Sid: 'AllowS3AccessFromVPCEndpointWithMFA', Condition: { StringEquals: { 'aws:sourceVpce': '${castellan:unknown:3}' }, Bool: { 'aws:MultiFactorAuthPresent': 'true' } } },
        { Sid: 'DenyUnencryptedUploads', Effect: 'Deny', Condition: { StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' } } },
      ],
    });
    expect(mp.policy.unknowns.get('/Statement/0/Condition/StringEquals/aws:sourceVpce')?.origin).toBe('var.vpc_endpoint_id (no default: set at plan time)');
  });

  it('locates statements and elements at their lines inside jsonencode', () => {
    const inline = role.inlinePolicies[0];
    const second = lineOf(seedRole.text, 'Sid = "WriteCloudWatchLogs"');
    expect(inline.locate('/Statement/1/Sid')).toEqual(expect.objectContaining({ file: seedRole.path, line: second, column: 1 }));
    expect(inline.locate('/Statement/1/Action/2').line).toBe(lineOf(seedRole.text, '"logs:PutLogEvents"'));
    expect(inline.locate('/Statement/1').line).toBe(second - 1);
    expect(role.trustPolicy!.locate('/Statement/0/Condition/StringEquals/aws:SourceAccount').line).toBe(lineOf(seedRole.text, '"aws:SourceAccount" = local.account_id'));
    expect(model.managedPolicies[0].policy.locate('/Statement/0/Condition/Bool').line).toBe(lineOf(seedS3.text, 'Bool = {'));
  });

  it('locates the entity at its resource block', () => {
    expect(role.location).toMatchObject({ file: seedRole.path, line: lineOf(seedRole.text, 'resource "aws_iam_role" "order_processor_lambda"'), column: 1 });
  });
});

describe('Terraform HCL: every resource type', async () => {
  const model = await loadTerraformHcl([all]);
  const id = (address: string) => `tf:${all.path}:${address}`;

  it('reads roles: path, tags, inline_policy heredoc, managed ARNs, boundary with unknown account', () => {
    const role = entity(model, 'app-prod');
    expect(role.path).toBe('/apps/');
    expect(role.tags).toEqual({ Team: 'platform' });
    expect(role.inlinePolicies.map((p) => p.name)).toEqual(['app-prod/heredoc', 'extra']);
    expect(role.managedPolicies.map((m) => m.policyId ?? m.arn)).toEqual(['arn:aws:iam::aws:policy/ReadOnlyAccess', id('aws_iam_policy.shared')]);
    expect(role.permissionsBoundary?.arn).toEqual({ unknown: true, origin: 'arn:aws:iam::${data.aws_caller_identity.current.account_id}:policy/boundary' });
  });

  it('locates each character of a heredoc JSON policy', () => {
    const heredoc = entity(model, 'app-prod').inlinePolicies[0];
    const line = lineOf(all.text, '"s3:ListAllMyBuckets"');
    const loc = heredoc.locate('/Statement/0/Action');
    expect(loc.line).toBe(line);
    expect(all.text.split('\n')[line - 1].slice(loc.column - 1).startsWith('"Action"')).toBe(true);
  });

  it('marks a trusted account from a variable without default as unknown', () => {
    expect(entity(model, 'cross-account').trustPolicy?.unknowns.get('/Statement/0/Principal/AWS')?.origin).toBe('var.trusted_account (no default: set at plan time)');
  });

  it('reads users, keys, login profiles, memberships and attachments', () => {
    const deployer = entity(model, 'deployer');
    expect(deployer.accessKeys).toEqual([{ status: 'Active' }, { status: 'Inactive' }]);
    expect(deployer.hasLoginProfile).toBe(true);
    expect(deployer.groups).toEqual(['developers']);
    expect(json(deployer.inlinePolicies[0])).toMatchObject({ Statement: [{ Action: 'iam:PassRole', Resource: 'arn:aws:iam::${castellan:unknown:1}:role/apps/app-prod' }] });
    const auditor = entity(model, 'auditor');
    expect(auditor.managedPolicies.map((m) => m.policyId ?? m.arn)).toEqual(['arn:aws:iam::aws:policy/SecurityAudit', id('aws_iam_policy.shared')]);
    expect(entity(model, 'developers').members).toEqual(['deployer', 'auditor']);
    expect(entity(model, 'developers').managedPolicies[0].policyId).toBe(id('aws_iam_policy.shared'));
    expect(entity(model, 'cross-account').managedPolicies[0].policyId).toBe(id('aws_iam_policy.shared'));
  });

  it('reads resource policies of S3, SQS, SNS and KMS with their resources', () => {
    const rp = (s: string) => model.resourcePolicies.filter((r) => r.service === s);
    expect(rp('s3')[0].resourceArn).toBe('arn:aws:s3:::data-prod');
    expect(json(rp('s3')[0].policy)).toMatchObject({ Statement: [{ Principal: '*', Resource: 'arn:aws:s3:::data-prod/*' }] });
    expect(rp('sqs')[0].policy.unknowns.get('/Statement/0/Condition/ArnEquals/aws:SourceArn')?.origin).toBe('the provider region; the account id (known at apply)');
    expect(json(rp('sns')[0].policy)).toMatchObject({ Statement: [{ Principal: { AWS: '*' }, Action: 'sns:Subscribe' }] });
    expect(rp('kms')[0].policy.unknowns.get('/Statement/0/Principal/AWS')).toMatchObject({ pseudo: 'account-id' });
  });

  it('synthesizes Lambda permissions, keeping a function ARN given by reference', () => {
    const [url, s3] = model.resourcePolicies.filter((r) => r.service === 'lambda');
    expect(json(url.policy)).toMatchObject({ Statement: [{ Sid: 'PublicUrl', Principal: '*', Condition: { StringEquals: { 'lambda:FunctionUrlAuthType': 'NONE' } } }] });
    expect(json(s3.policy)).toMatchObject({
      Statement: [{ Resource: 'arn:aws:lambda:${castellan:unknown:1}:${castellan:unknown:2}:function:processor', Condition: { ArnLike: { 'AWS:SourceArn': 'arn:aws:s3:::data-prod' } } }],
    });
  });

  it('applies a castellan:ignore comment above a resource to the entity and its policies', () => {
    const role = entity(model, 'app-prod');
    const expected = { checkId: 'iam.trust-service-without-source', reason: 'EC2 does not send aws:SourceAccount', expires: '2030-01-01' };
    expect(role.suppressions).toEqual([expect.objectContaining(expected)]);
    expect(role.trustPolicy?.suppressions).toEqual([expect.objectContaining(expected)]);
    expect(role.suppressions[0].location.line).toBe(lineOf(all.text, '# castellan:ignore'));
    expect(entity(model, 'cross-account').suppressions).toEqual([]);
  });

  it('skips a resource whose count evaluates to 0', () => {
    expect(model.entities.some((e) => e.name === 'disabled')).toBe(false);
  });

  it('reports module calls it does not follow', () => {
    expect(model.loadErrors.map((e) => e.message)).toEqual([expect.stringMatching(/module "network" .*not followed/)]);
  });
});

describe('Terraform HCL: aws_iam_policy_document', async () => {
  const model = await loadTerraformHcl([docs]);

  it('renders statement blocks: principals, conditions, sid, effect', () => {
    const worker = entity(model, 'worker');
    expect(json(worker.trustPolicy)).toEqual({
      Version: '2012-10-17',
      Statement: [{ Sid: 'LambdaAssume', Effect: 'Allow', Principal: { Service: ['lambda.amazonaws.com'] }, Action: ['sts:AssumeRole'], Condition: { StringEquals: { 'aws:SourceAccount': ['${castellan:unknown:1}'] } } }],
    });
    expect(worker.trustPolicy?.unknowns.get('/Statement/0/Condition/StringEquals/aws:SourceAccount/0')).toMatchObject({ pseudo: 'account-id' });
  });

  it('merges source_policy_documents, a statement of the same Sid replacing the source one', () => {
    expect(json(entity(model, 'worker').inlinePolicies[0])).toMatchObject({
      Statement: [
        { Sid: 'Read', Effect: 'Allow' },
        { Sid: 'Replaced', Effect: 'Deny' },
        { Effect: 'Allow', Principal: '*', NotAction: ['iam:*'] },
      ],
    });
  });

  it('locates statement blocks and their attributes', () => {
    const trust = entity(model, 'worker').trustPolicy!;
    expect(trust.locate('/Statement/0').line).toBe(lineOf(docs.text, 'statement {'));
    expect(trust.locate('/Statement/0/Action').line).toBe(lineOf(docs.text, 'actions = ["sts:AssumeRole"]'));
    expect(trust.locate('/Statement/0/Condition/StringEquals').line).toBe(lineOf(docs.text, 'condition {'));
  });

  it('attaches to a role with a generated name through its reference; unknown bucket ARN stays unknown', () => {
    const generated = entity(model, 'aws_iam_role.generated');
    const [inline] = generated.inlinePolicies;
    expect(inline.parseErrors).toEqual([]);
    expect(inline.document?.statements[0].resource?.[0].value).toBe('${castellan:unknown:1}/*');
    expect(inline.unknowns.get('/Statement/0/Resource')?.origin).toBe('aws_s3_bucket.unknown.arn (known after apply)');
  });
});

describe('Terraform HCL: dynamic blocks', async () => {
  const dyn = fixture('terraform/dynamic-statements.tf');
  const model = await loadTerraformHcl([dyn]);
  const policy = (name: string) => {
    const p = entity(model, 'app').inlinePolicies.find((x) => x.name === name);
    if (!p) throw new Error(`no policy ${name}`);
    return p;
  };
  let analyzed: ReturnType<typeof analyzeModel> | undefined;
  const report = () => (analyzed ??= analyzeModel(model));

  it('expands a dynamic statement over a known list in place, between the literal statements', () => {
    const mixed = policy('mixed');
    expect(mixed.parseErrors).toEqual([]);
    expect(json(mixed)).toMatchObject({
      Statement: [
        { Sid: 'List', Action: ['s3:ListBucket'] },
        { Sid: 'ReadData', Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::data/*'] },
        { Sid: 'Everything', Effect: 'Allow', Action: ['*'], Resource: ['*'] },
        { Sid: 'Last', Action: ['s3:PutObject'] },
      ],
    });
  });

  it('locates an expanded statement at its dynamic block and its values where for_each writes them', () => {
    const mixed = policy('mixed');
    expect(mixed.locate('/Statement/1').line).toBe(lineOf(dyn.text, 'dynamic "statement"'));
    expect(mixed.locate('/Statement/2/Action/0').line).toBe(lineOf(dyn.text, 'sid = "Everything"'));
  });

  it('expands a map in key order under its iterator name, and a nested dynamic condition over a set', () => {
    expect(json(policy('queues'))).toEqual({
      Version: '2012-10-17',
      Statement: ['Audit', 'Orders'].map((name) => ({
        Sid: `Send${name}`,
        Effect: 'Allow',
        Action: ['sqs:SendMessage'],
        Resource: [`arn:aws:sqs:us-east-1:111122223333:${name.toLowerCase()}`],
        Condition: { StringEquals: { 'aws:ResourceAccount': ['111122223333'] } },
      })),
    });
  });

  it('carries a dynamic statement whose for_each is unknown as a statement with unknown values, not an empty policy', () => {
    const only = policy('only-dynamic');
    expect(only.parseErrors).toEqual([]);
    expect(json(only)).toMatchObject({ Statement: [{ Effect: 'Allow', Action: '${castellan:unknown:1}', Resource: ['arn:aws:s3:::data/*'] }] });
    expect(only.unknowns.get('/Statement/0/Action')?.origin).toBe(
      'statement.value.actions (from for_each of dynamic "statement": var.extra_statements (no default: set at plan time))',
    );
  });

  it('takes an unknown effect of a dynamic statement as Allow and leaves out a condition whose operator is unknown', () => {
    const [statement] = policy('only-dynamic').document!.statements;
    expect(statement.effect.value).toBe('Allow');
    expect(statement.condition).toEqual([]);
  });

  it('carries dynamic principals whose type is unknown as unknown AWS principals', () => {
    const trust = entity(model, 'app').trustPolicy!;
    expect(trust.parseErrors).toEqual([]);
    expect(json(trust)).toMatchObject({ Statement: [{ Principal: { AWS: ['${castellan:unknown:1}'] }, Action: ['sts:AssumeRole'] }] });
    expect(trust.unknowns.get('/Statement/0/Principal/AWS/0')?.origin).toMatch(/^principals\.value\.type \(from for_each of dynamic "principals": var\.trusted/);
  });

  it('expands dynamic nested blocks of resources too (a role\'s inline_policy)', async () => {
    const text = [
      'resource "aws_iam_role" "r" {',
      '  name = "r"',
      '  dynamic "inline_policy" {',
      '    for_each = { admin = "*", reader = "s3:GetObject" }',
      '    content {',
      '      name   = inline_policy.key',
      '      policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = inline_policy.value, Resource = "*" }] })',
      '    }',
      '  }',
      '}',
      '',
    ].join('\n');
    const role = entity(await loadTerraformHcl([{ path: 'r.tf', text }]), 'r');
    expect(role.inlinePolicies.map((p) => [p.name, p.document?.statements[0].action?.[0].value])).toEqual([['r/admin', '*'], ['r/reader', 's3:GetObject']]);
  });

  it('reports the unknown statements as unknown.value and checks the expanded ones, with no policy.invalid', async () => {
    const findings = (await report()).findings;
    expect(findings.filter((f) => f.checkId === 'policy.invalid')).toEqual([]);
    expect(findings.filter((f) => f.checkId === 'unknown.value').map((f) => [f.location.line, f.severity])).toEqual([
      [lineOf(dyn.text, 'actions   = statement.value.actions', lineOf(dyn.text, 'data "aws_iam_policy_document" "only_dynamic"')), 'info'],
      [lineOf(dyn.text, 'identifiers = principals.value.identifiers'), 'warning'],
    ]);
    expect(findings.filter((f) => f.checkId === 'iam.wildcard-action').map((f) => f.location.line)).toEqual([lineOf(dyn.text, 'sid = "Everything"')]);
  });
});

describe('Terraform HCL: bad input', () => {
  it('reports a file hcl2json rejects and loads the others', async () => {
    const m = await loadTerraformHcl([{ path: 'bad.tf', text: 'resource "x" {\n' }, seedS3]);
    expect(m.loadErrors[0].location.file).toBe('bad.tf');
    expect(m.managedPolicies).toHaveLength(1);
  });
});

describe('commentSuppressions', () => {
  it('reads consecutive comment lines directly above the block only', () => {
    const lines = ['# castellan:ignore a.b reason="far"', '', '// castellan:ignore c.d reason="x y" expires=2031-02-03', '# castellan:ignore e.f', 'resource "a" "b" {}'];
    expect(commentSuppressions(lines, 4, 'f.tf')).toEqual([
      { checkId: 'c.d', reason: 'x y', expires: '2031-02-03', location: { file: 'f.tf', line: 3, column: 1 } },
      { checkId: 'e.f', location: { file: 'f.tf', line: 4, column: 1 } },
    ]);
  });
});
