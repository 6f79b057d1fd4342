import { describe, expect, it } from 'vitest';
import { loadAuthorizationDetails } from '../../../src/analyze/loaders/authorization-details.js';
import { analyzeModel, ids, lintDocument, lintPolicies } from '../helpers.js';

describe('policy.invalid', () => {
  it('reports grammar errors at the element, with the code', async () => {
    const findings = await lintPolicies(['malformed.json']);
    expect(findings.map((f) => [f.checkId, f.location.line, f.location.column])).toEqual([['policy.invalid', 4, 17]]);
    expect(findings[0]?.message).toContain('effect.invalid');
  });

  it('accepts S3 access point and job ARNs with a region, as the IAM console writes them', async () => {
    const findings = await lintDocument({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: ['arn:aws:s3:*:*:accesspoint/*', 'arn:aws:s3:*:*:job/*'] }],
    });
    expect(ids(findings)).not.toContain('policy.invalid');
  });

  it('still reports a region in an S3 bucket ARN', async () => {
    const findings = await lintDocument({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:us-east-1::example_bucket/*' }],
    });
    expect(findings.filter((f) => f.checkId === 'policy.invalid').map((f) => f.message)).toEqual([
      expect.stringContaining('can not contain region information'),
    ]);
  });

  it('is silent on a valid policy', async () => {
    expect(ids(await lintPolicies(['seed-least-privilege.json']))).not.toContain('policy.invalid');
  });
});

describe('policy.catalog', () => {
  it('reports unknown actions and condition keys with did-you-mean', async () => {
    const findings = await lintPolicies(['typos.json']);
    expect(ids(findings)).toEqual(['policy.catalog.unknown-action', 'policy.catalog.unknown-condition-key']);
    expect(findings[0]?.message).toContain('Did you mean s3:GetObject?');
    expect(findings[1]?.message).toContain('Did you mean aws:SourceVpce?');
  });

  it('is silent when every name is known', async () => {
    expect(await lintPolicies(['seed-restricted-s3.json'])).toEqual([]);
  });
});

describe('AWS managed policies in an account export', () => {
  const exportWith = (partition: string) =>
    JSON.stringify({
      UserDetailList: [],
      GroupDetailList: [],
      RoleDetailList: [],
      Policies: [
        {
          PolicyName: 'AdministratorAccess',
          PolicyId: 'ANPAIWMBCKSKIEE64ZLYK',
          Arn: `arn:${partition}:iam::aws:policy/AdministratorAccess`,
          Path: '/',
          DefaultVersionId: 'v1',
          AttachmentCount: 0,
          IsAttachable: true,
          PolicyVersionList: [
            { Document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }, VersionId: 'v1', IsDefaultVersion: true },
          ],
        },
      ],
    });

  it.each(['aws', 'aws-cn', 'aws-us-gov'])('are AWS’s, not linted, in the %s partition', async (partition) => {
    const model = loadAuthorizationDetails([{ path: 'export.json', text: exportWith(partition) }]);
    const report = await analyzeModel(model);
    expect(ids(report.findings)).not.toContain('iam.wildcard-action');
  });
});
