import { describe, expect, it } from 'vitest';
import { loadTerraformPlan } from '../../../src/analyze/loaders/terraform-plan.js';
import { analyzeModel } from '../helpers.js';
import { entity, fixture, json, lineOf } from './helpers.js';

const plan = fixture('terraform/plan.json');
const minified = fixture('terraform/plan-minified.json');

describe('Terraform plan JSON', () => {
  const model = loadTerraformPlan([plan]);

  it('reads the seed role with its trust policy and the inline policy attached by role name', () => {
    const role = entity(model, 'order-processor-lambda-role');
    expect(json(role.trustPolicy)).toMatchObject({ Statement: [{ Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' } } }] });
    expect(role.inlinePolicies.map((p) => p.name)).toEqual(['order-processor-permissions']);
    expect(role.tags).toEqual({ Application: 'order-service', ManagedBy: 'terraform' });
  });

  it('does not take optional computed attributes that are not configured for unknown policies', () => {
    expect(entity(model, 'order-processor-lambda-role').managedPolicies).toEqual([]);
  });

  it('attaches to a role whose name is unknown through the configuration references', () => {
    const generated = entity(model, 'aws_iam_role.generated');
    expect(generated.managedPolicies.map((m) => m.arn)).toEqual(['arn:aws:iam::aws:policy/AdministratorAccess']);
  });

  it('reads child modules and resolves their references relative to the module', () => {
    const team = entity(model, 'team-admin');
    expect(json(team.trustPolicy)).toMatchObject({ Statement: [{ Principal: { AWS: '*' } }] });
    expect(team.inlinePolicies[0].id).toBe(`tf-plan:${plan.path}:module.team.aws_iam_role_policy.this[0]`);
  });

  it('carries a policy known only after apply as an unknown document, never as safe', () => {
    const bucket = model.resourcePolicies.find((r) => r.service === 's3')!;
    expect(bucket.resourceArn).toBe('arn:aws:s3:::data-prod');
    expect(bucket.policy.document).toBeUndefined();
    expect(bucket.policy.unknowns.get('')?.origin).toBe('aws_s3_bucket_policy.data.policy (known after apply)');
  });

  it('marks attributes of after_unknown inside a synthesized Lambda permission', () => {
    const lambda = model.resourcePolicies.find((r) => r.service === 'lambda')!;
    expect(lambda.policy.unknowns.get('/Statement/0/Condition/ArnLike/AWS:SourceArn')?.origin).toBe('aws_lambda_permission.from_s3.source_arn (known after apply)');
  });

  it('reads users and their access keys', () => {
    expect(entity(model, 'ci').accessKeys).toEqual([{ status: 'Active' }]);
  });

  it('locates policies at the JSON node of the plan file', () => {
    const role = entity(model, 'order-processor-lambda-role');
    expect(role.location.line).toBe(lineOf(plan.text, '"address": "aws_iam_role.order_processor_lambda"'));
    expect(role.trustPolicy?.location.line).toBe(lineOf(plan.text, '"assume_role_policy"'));
  });

  it('locates an element inside an escaped policy string to its column in a one-line plan', () => {
    const m = loadTerraformPlan([minified]);
    const inline = entity(m, 'order-processor-lambda-role').inlinePolicies[0];
    const loc = inline.locate('/Statement/1/Action/2');
    expect(loc.line).toBe(1);
    expect(minified.text.slice(loc.column - 1, loc.column - 1 + 21)).toBe('\\"logs:PutLogEvents\\"');
  });

  it('reports a file that is not a plan', () => {
    expect(loadTerraformPlan([fixture('terraform/not-a-plan.json')]).loadErrors[0].message).toMatch(/Not a Terraform plan/);
    expect(loadTerraformPlan([{ path: 'x.json', text: '{' }]).loadErrors[0].message).toMatch(/not valid JSON/);
  });
});

describe('Terraform plan JSON: users that exist already', () => {
  const planFor = (resource: string) =>
    JSON.stringify({
      format_version: '1.2',
      planned_values: {
        root_module: {
          resources: [
            { address: 'aws_iam_user.dev', mode: 'managed', type: 'aws_iam_user', name: 'dev', values: { name: 'dev', path: '/', arn: 'arn:aws:iam::111122223333:user/dev' } },
            {
              address: 'aws_iam_user_policy.dev',
              mode: 'managed',
              type: 'aws_iam_user_policy',
              name: 'dev',
              values: {
                name: 'self',
                user: 'dev',
                policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:AttachUserPolicy', Resource: resource }] }),
              },
            },
          ],
        },
      },
      resource_changes: [],
      configuration: { root_module: { resources: [] } },
    });

  it('keeps the ARN the plan knows', () => {
    const model = loadTerraformPlan([{ path: 'plan.json', text: planFor('*') }]);
    expect(entity(model, 'dev').arn).toBe('arn:aws:iam::111122223333:user/dev');
  });

  it('finds the self-escalation of a user whose own ARN the policy names', async () => {
    const report = await analyzeModel(loadTerraformPlan([{ path: 'plan.json', text: planFor('arn:aws:iam::111122223333:user/dev') }]));
    expect(report.findings.filter((f) => f.checkId === 'escalation.path').map((f) => f.message)).toEqual([
      expect.stringContaining('user dev can escalate to administrator in 1 step: iam:AttachUserPolicy'),
    ]);
  });

  it('finds none when the policy names another user', async () => {
    const report = await analyzeModel(loadTerraformPlan([{ path: 'plan.json', text: planFor('arn:aws:iam::111122223333:user/other') }]));
    expect(report.findings.map((f) => f.checkId)).not.toContain('escalation.path');
  });
});
