import { describe, expect, it } from 'vitest';
import { ids, lintDocument, lintPolicies } from '../helpers.js';

describe('the seed article', () => {
  it('flags its "too broad" s3:* on * policy', async () => {
    const findings = await lintPolicies(['seed-too-broad.json']);
    expect(ids(findings)).toContain('iam.service-wildcard');
    expect(ids(findings)).toContain('iam.wildcard-resource');
    expect(findings.find((f) => f.checkId === 'iam.service-wildcard')?.severity).toBe('error');
  });

  it('does not flag its least-privilege S3 policy', async () => {
    expect(await lintPolicies(['seed-least-privilege.json'])).toEqual([]);
  });

  it('does not flag its S3 policy restricted to a VPC endpoint with MFA', async () => {
    expect(await lintPolicies(['seed-restricted-s3.json'])).toEqual([]);
  });
});

describe('iam.wildcard-action', () => {
  it('reports "Action": "*" as an error at the Action element', async () => {
    const [f] = (await lintPolicies(['admin.json'])).filter((x) => x.checkId === 'iam.wildcard-action');
    expect(f?.severity).toBe('error');
    expect(f?.location).toMatchObject({ line: 3, column: 48 });
  });

  it('does not report an SCP that allows everything (detected from the file name)', async () => {
    expect(await lintPolicies(['org.scp.json'])).toEqual([]);
  });
});

describe('iam.service-wildcard', () => {
  it('is a warning when the resources are scoped', async () => {
    const findings = await lintDocument({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'dynamodb:*', Resource: 'arn:aws:dynamodb:us-east-1:111122223333:table/orders' }] });
    expect(findings.find((f) => f.checkId === 'iam.service-wildcard')?.severity).toBe('warning');
  });

  it('does not report a prefix such as s3:Get*', async () => {
    const findings = await lintDocument({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:Get*', Resource: 'arn:aws:s3:::b/*' }] });
    expect(ids(findings)).not.toContain('iam.service-wildcard');
  });
});

describe('iam.wildcard-resource', () => {
  it('is silent when every action is wildcard-only (the classic false positive)', async () => {
    expect(await lintPolicies(['wildcard-only-actions.json'])).toEqual([]);
  });

  it('reports only the actions that support resource-level permissions', async () => {
    const [f] = await lintPolicies(['mixed-wildcard-resource.json']);
    expect(f?.checkId).toBe('iam.wildcard-resource');
    expect(f?.message).toContain('dynamodb:GetItem');
    expect(f?.message).not.toContain('ec2:DescribeInstances');
  });
});

describe('iam.allow-without-condition', () => {
  it('reports sensitive IAM actions without a condition', async () => {
    expect(ids(await lintPolicies(['sensitive-no-condition.json']))).toEqual(['iam.allow-without-condition']);
  });

  it('is silent when a condition narrows them', async () => {
    expect(await lintPolicies(['sensitive-with-condition.json'])).toEqual([]);
  });

  it('is info when every resource is a specific ARN', async () => {
    const findings = await lintDocument({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab' }] });
    expect(findings.map((f) => [f.checkId, f.severity])).toEqual([['iam.allow-without-condition', 'info']]);
  });

  it('does not report read actions', async () => {
    expect(await lintDocument({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:GetRole', Resource: 'arn:aws:iam::111122223333:role/x' }] })).toEqual([]);
  });
});

describe('iam.allow-not-action', () => {
  it('reports Allow with NotAction', async () => {
    expect(ids(await lintPolicies(['allow-not-action.json']))).toEqual(['iam.allow-not-action']);
  });

  it('does not report Deny with NotAction', async () => {
    expect(await lintPolicies(['deny-not-action.json'])).toEqual([]);
  });
});

describe('iam.passrole-wildcard', () => {
  it('reports iam:PassRole on *', async () => {
    expect(ids(await lintPolicies(['passrole-wildcard.json']))).toContain('iam.passrole-wildcard');
  });

  it('reports iam:PassRole on every role of an account', async () => {
    const findings = await lintDocument({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::111122223333:role/*' }] });
    expect(ids(findings)).toContain('iam.passrole-wildcard');
  });

  it('is silent for scoped roles with iam:PassedToService', async () => {
    expect(await lintPolicies(['passrole-scoped.json'])).toEqual([]);
  });
});
