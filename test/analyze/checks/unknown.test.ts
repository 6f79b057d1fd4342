import { describe, expect, it } from 'vitest';
import { loadPolicyFiles, UNKNOWN_PLACEHOLDER_PREFIX } from '../../../src/analyze/index.js';
import { loadCloudFormation } from '../../../src/analyze/loaders/cloudformation.js';
import { loadTerraformPlan } from '../../../src/analyze/loaders/terraform-plan.js';
import type { AnalysisModel, PolicyRecord } from '../../../src/analyze/model.js';
import { analyzeModel, ids } from '../helpers.js';

/** A trust policy as an IaC loader would give it, with a principal known only after apply. */
function withUnknownPrincipal(principal: string): AnalysisModel {
  const text = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole' }],
  });
  const base = loadPolicyFiles([{ path: 'main.tf', text }], 'trust');
  const record = base.standalonePolicies[0] as PolicyRecord;
  const unknowns = new Map([['/Statement/0/Principal/AWS', { unknown: true as const, origin: 'aws_iam_role.ci.arn (known after apply)' }]]);
  return { ...base, standalonePolicies: [{ ...record, unknowns, locate: record.locate }] };
}

describe('unknown.value', () => {
  it('reports a principal unknown until apply as a warning, never as safe', async () => {
    const report = await analyzeModel(withUnknownPrincipal(`${UNKNOWN_PLACEHOLDER_PREFIX}aws_iam_role.ci.arn}`));
    const f = report.findings.find((x) => x.checkId === 'unknown.value');
    expect(f?.severity).toBe('warning');
    expect(f?.message).toContain('aws_iam_role.ci.arn (known after apply)');
  });

  it('is silent when the principal is known', async () => {
    const report = await analyzeModel(withUnknownPrincipal('arn:aws:iam::111122223333:role/ci'));
    expect(ids(report.findings)).not.toContain('unknown.value');
  });
});

describe('a whole policy document unknown before deployment', () => {
  const plan = JSON.stringify({
    format_version: '1.2',
    planned_values: { root_module: { resources: [{ address: 'aws_iam_policy.p', mode: 'managed', type: 'aws_iam_policy', name: 'p', values: { name: 'p' } }] } },
    resource_changes: [{ address: 'aws_iam_policy.p', change: { after_unknown: { policy: true } } }],
    configuration: { root_module: { resources: [] } },
  });

  it('is reported as unknown.value, not as an invalid policy', async () => {
    const report = await analyzeModel(loadTerraformPlan([{ path: 'plan.json', text: plan }]));
    expect(ids(report.findings)).toEqual(['unknown.value']);
    expect(report.findings[0]?.message).toContain('aws_iam_policy.p.policy (known after apply)');
    expect(report.findings[0]?.severity).toBe('info');
  });

  it('warns when it is a trust policy, which decides who may assume the role', async () => {
    const template = [
      'Parameters:',
      '  Open: { Type: String, AllowedValues: ["yes", "no"] }',
      'Conditions:',
      '  IsOpen: !Equals [!Ref Open, "yes"]',
      'Resources:',
      '  Role:',
      '    Type: AWS::IAM::Role',
      '    Properties:',
      '      AssumeRolePolicyDocument: !If',
      '        - IsOpen',
      '        - { Version: "2012-10-17", Statement: [{ Effect: Allow, Principal: { AWS: "*" }, Action: "sts:AssumeRole" }] }',
      '        - { Version: "2012-10-17", Statement: [{ Effect: Allow, Principal: { Service: ec2.amazonaws.com }, Action: "sts:AssumeRole" }] }',
    ].join('\n');
    const report = await analyzeModel(loadCloudFormation([{ path: 'template.yaml', text: template }]));
    const found = report.findings.filter((f) => f.checkId === 'unknown.value' || f.checkId === 'policy.invalid');
    expect(found.map((f) => [f.checkId, f.severity])).toContainEqual(['unknown.value', 'warning']);
    expect(ids(found)).not.toContain('policy.invalid');
  });
});
