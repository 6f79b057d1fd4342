// `castellan lint` run in-process (runLint): exit codes, formats, directory walks.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectInputs, runLint } from '../../../src/cli/lint-run.js';

const POLICIES = 'test/fixtures/analyze/policies';
const ACCOUNT = 'test/fixtures/analyze/account';
const NOW = { now: '2026-01-01T00:00:00Z' };

function tempDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'castellan-lint-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe('castellan lint', () => {
  it('exits 1 on an error finding and prints the summary line', async () => {
    const r = await runLint([`${POLICIES}/seed-too-broad.json`], NOW);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain(`${POLICIES}/seed-too-broad.json:6:17: error iam.service-wildcard:`);
    expect(r.stdout).toMatch(/AWS service data \d{4}-\d{2}-\d{2}\)\n$/);
  });

  it('exits 0 on a clean policy', async () => {
    const r = await runLint([`${POLICIES}/seed-least-privilege.json`], NOW);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^0 findings/);
  });

  it('exits 0 with warnings only unless --fail-on warning', async () => {
    expect((await runLint([`${POLICIES}/seed-lambda-trust.json`], NOW)).exitCode).toBe(0);
    expect((await runLint([`${POLICIES}/seed-lambda-trust.json`], { ...NOW, failOn: 'warning' })).exitCode).toBe(1);
  });

  it('never fails with --fail-on none', async () => {
    expect((await runLint([`${POLICIES}/admin.json`], { ...NOW, failOn: 'none' })).exitCode).toBe(0);
  });

  it('exits 2 on a bad option', async () => {
    const r = await runLint([POLICIES], { format: 'xml' });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('--format');
  });

  it('exits 2 on a missing path', async () => {
    expect((await runLint(['/nonexistent/policy.json'], NOW)).exitCode).toBe(2);
  });

  it('exits 2 on a file of no known kind named explicitly', async () => {
    const dir = tempDir({ 'package.json': '{"name":"x"}' });
    const r = await runLint([join(dir, 'package.json')], NOW);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('unsupported input kind');
  });

  it('prints valid JSON and SARIF', async () => {
    const json = JSON.parse((await runLint([`${POLICIES}/admin.json`], { ...NOW, format: 'json' })).stdout) as { findings: unknown[] };
    expect(json.findings).toHaveLength(1);
    const sarif = JSON.parse((await runLint([`${POLICIES}/admin.json`], { ...NOW, format: 'sarif' })).stdout) as { version: string; runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]?.results[0]?.locations[0]?.physicalLocation.artifactLocation.uri).toBe(`${POLICIES}/admin.json`);
  });

  it('reads an account export with a credential report and --max-key-age-days', async () => {
    const r = await runLint([`${ACCOUNT}/authorization-details.json`], {
      ...NOW,
      credentialReport: `${ACCOUNT}/credential-report.csv`,
      maxKeyAgeDays: '1000',
    });
    expect(r.stdout).toContain('credentials.long-lived');
    expect(r.stdout).not.toContain('days old');
  });

  it('applies a suppressions file', async () => {
    const dir = tempDir({ 'suppressions.json': JSON.stringify({ suppressions: [{ id: 'iam.wildcard-action', reason: 'sandbox' }] }) });
    const r = await runLint([`${POLICIES}/admin.json`], { ...NOW, suppressions: join(dir, 'suppressions.json') });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('1 suppressed');
  });

  it('exits 2 on a malformed suppressions file', async () => {
    const dir = tempDir({ 's.json': '[{"reason":"no id"}]' });
    expect((await runLint([`${POLICIES}/admin.json`], { ...NOW, suppressions: join(dir, 's.json') })).exitCode).toBe(2);
  });
});

describe('Terraform (the seed\'s Lambda role)', () => {
  const role = (name: string, condition: string): string => `
resource "aws_iam_role" "${name}" {
  name = "${name}"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
      Action    = "sts:AssumeRole"
      ${condition}
    }]
  })
}
`;
  const seed = `data "aws_caller_identity" "current" {}
locals {
  account_id = data.aws_caller_identity.current.account_id
}
${role('order_processor_lambda', 'Condition = { StringEquals = { "aws:SourceAccount" = local.account_id } }')}
resource "aws_iam_role_policy" "p" {
  name = "p"
  role = aws_iam_role.order_processor_lambda.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["dynamodb:GetItem", "dynamodb:Query"]
      Resource = "arn:aws:dynamodb:us-east-1:\${local.account_id}:table/orders"
    }]
  })
}
`;

  it('does not flag the seed role with aws:SourceAccount', async () => {
    const dir = tempDir({ 'main.tf': seed });
    const r = await runLint([dir], NOW);
    expect(r.stdout).toMatch(/^0 findings/);
  });

  it('flags a Lambda trust policy without the source condition', async () => {
    const dir = tempDir({ 'main.tf': role('bare', '') });
    const r = await runLint([dir], NOW);
    expect(r.stdout).toMatch(/main\.tf:\d+:\d+: warning trust\.service-without-source: /);
  });
});

describe('walking folders', () => {
  it('finds policies, templates and Terraform, skipping unrelated files and node_modules', () => {
    const dir = tempDir({
      'iam/admin.json': '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}',
      'package.json': '{"name":"app"}',
      'node_modules/x/policy.json': '{"Statement":[]}',
      'stack.yaml': 'Resources:\n  R:\n    Type: AWS::IAM::Role\n',
      'infra/main.tf': 'resource "aws_iam_role" "r" {}\n',
      'infra/vars.tf': 'variable "x" {}\n',
    });
    const inputs = collectInputs([dir]).map((i) => `${i.kind} ${i.path.slice(dir.length + 1)} ${i.files.length}`);
    expect(inputs.sort()).toEqual(['cloudformation stack.yaml 1', 'policy iam/admin.json 1', 'terraform-hcl infra 2']);
  });

  it('reads a cdk.out folder as one CDK assembly', () => {
    const dir = tempDir({
      'cdk.json': '{"app":"npx ts-node bin/app.ts"}',
      'cdk.out/manifest.json': '{"version":"36.0.0","artifacts":{}}',
      'cdk.out/Stack.template.json': '{"Resources":{}}',
      'cdk.out/asset.abc/index.json': '{}',
    });
    const inputs = collectInputs([dir]);
    expect(inputs.map((i) => [i.kind, i.files.length])).toEqual([['cdk', 2]]);
  });
});
