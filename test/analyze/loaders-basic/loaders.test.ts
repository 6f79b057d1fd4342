import { describe, expect, it } from 'vitest';
import {
  detectInputKind,
  loadAuthorizationDetails,
  loadPolicyFile,
  merge,
  parseCredentialReport,
} from '../../../src/analyze/index.js';
import { fixture } from '../helpers.js';

describe('policy files', () => {
  it('detects the kind of each document', () => {
    expect(loadPolicyFile(fixture('policies/seed-lambda-trust.json')).kind).toBe('trust');
    expect(loadPolicyFile(fixture('policies/bucket-public.json')).kind).toBe('resource');
    expect(loadPolicyFile(fixture('policies/seed-too-broad.json')).kind).toBe('identity');
    expect(loadPolicyFile(fixture('policies/org.scp.json')).kind).toBe('scp');
  });

  it('locates JSON pointers in the file, falling back to the nearest element', () => {
    const record = loadPolicyFile(fixture('policies/seed-least-privilege.json'));
    expect(record.locate('/Statement/0/Action/1')).toMatchObject({ line: 8, column: 9 });
    expect(record.locate('/Statement/0/Nope/3')).toMatchObject({ line: 4, column: 5 });
  });

  it('keeps an invalid document with its errors', () => {
    const record = loadPolicyFile({ path: 'bad.json', text: '{"Statement": [' });
    expect(record.document).toBeUndefined();
    expect(record.parseErrors.length).toBeGreaterThan(0);
  });
});

describe('account authorization details', () => {
  const model = loadAuthorizationDetails([fixture('account/authorization-details.json')], { credentialReport: fixture('account/credential-report.csv') });

  it('loads users, groups and roles with their policies', () => {
    expect(model.entities.map((e) => `${e.type}:${e.name}`)).toEqual([
      'user:alice',
      'user:bob',
      'user:carol',
      'group:developers',
      'role:order-processor',
      'role:reporting',
      'role:vendor-audit',
      'role:AWSServiceRoleForAutoScaling',
    ]);
    expect(model.entities.find((e) => e.name === 'developers')?.members).toEqual(['alice', 'bob']);
  });

  it('decodes URL-encoded documents and locates them at their string in the export', () => {
    const role = model.entities.find((e) => e.name === 'order-processor');
    expect(role?.trustPolicy?.document?.statements[0]?.principal?.entries[0]?.type).toBe('Service');
    const at = role?.trustPolicy?.locate('/Statement/0/Principal/Service');
    expect(at?.line).toBe(role?.trustPolicy?.location.line);
  });

  it('locates elements of object documents precisely', () => {
    const alice = model.entities.find((e) => e.name === 'alice');
    expect(alice?.inlinePolicies[0]?.locate('/Statement/0/Action')).toMatchObject({ line: 17, column: 27 });
  });

  it('keeps only the default version of managed policies', () => {
    const deploy = model.managedPolicies.find((m) => m.arn === 'arn:aws:iam::111122223333:policy/app-deploy');
    expect(deploy?.policy.document?.statements[0]?.action?.[0]?.value).toBe('iam:PassRole');
  });

  it('reads access keys from the credential report', () => {
    const alice = model.entities.find((e) => e.name === 'alice');
    expect(alice?.accessKeys?.map((k) => k.status)).toEqual(['Active', 'Active']);
    expect(alice?.hasLoginProfile).toBe(true);
    expect(model.entities.find((e) => e.name === 'bob')?.accessKeys).toEqual([]);
  });

  it('parses N/A and missing dates as absent', () => {
    const report = parseCredentialReport(fixture('account/credential-report.csv').text);
    const key2 = report.get('arn:aws:iam::111122223333:user/alice')?.keys[1];
    expect(key2?.lastUsedDate).toBeUndefined();
    expect(key2?.createDate?.toISOString()).toBe('2025-12-01T00:00:00.000Z');
  });

  it('reports a file that is not an export as a load error', () => {
    const bad = loadAuthorizationDetails([{ path: 'x.json', text: '[]' }]);
    expect(bad.loadErrors).toHaveLength(1);
  });
});

describe('detectInputKind', () => {
  it('tells every kind apart', () => {
    expect(detectInputKind('p.json', '{"Version":"2012-10-17","Statement":[]}')).toBe('policy');
    expect(detectInputKind('a.json', '{"UserDetailList":[],"RoleDetailList":[]}')).toBe('authorization-details');
    expect(detectInputKind('plan.json', '{"format_version":"1.2","planned_values":{}}')).toBe('terraform-plan');
    expect(detectInputKind('t.json', '{"Resources":{"R":{"Type":"AWS::IAM::Role"}}}')).toBe('cloudformation');
    expect(detectInputKind('t.yaml', 'AWSTemplateFormatVersion: "2010-09-09"\nResources: {}\n')).toBe('cloudformation');
    expect(detectInputKind('t.yml', 'Resources:\n  R:\n    Type: AWS::S3::Bucket\n')).toBe('cloudformation');
    expect(detectInputKind('main.tf', 'resource "aws_iam_role" "r" {}')).toBe('terraform-hcl');
    expect(detectInputKind('cdk.out/manifest.json', '{"version":"36.0.0","artifacts":{}}')).toBe('cdk');
  });

  it('returns undefined for other files', () => {
    expect(detectInputKind('package.json', '{"name":"x"}')).toBeUndefined();
    expect(detectInputKind('config.yaml', 'key: value\n')).toBeUndefined();
  });

  it('keeps a broken policy file a policy (reported as invalid)', () => {
    expect(detectInputKind('p.json', '{"Statement": [ }')).toBe('policy');
  });
});

describe('merge', () => {
  it('concatenates models', () => {
    const a = loadAuthorizationDetails([fixture('account/authorization-details.json')]);
    const merged = merge([a, a]);
    expect(merged.entities).toHaveLength(a.entities.length * 2);
    expect(merged.inputs).toHaveLength(2);
  });
});
