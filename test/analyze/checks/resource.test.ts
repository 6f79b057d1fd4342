import { describe, expect, it } from 'vitest';
import { ids, lintDocument, lintPolicies } from '../helpers.js';

describe('resource.public', () => {
  it('reports a bucket policy open to everyone, aws:SecureTransport notwithstanding', async () => {
    const findings = await lintPolicies(['bucket-public.json']);
    expect(findings.map((f) => [f.checkId, f.severity])).toEqual([['resource.public', 'error']]);
    expect(findings[0]?.message).toContain('arn:aws:s3:::public-site/*');
  });

  it('is silent when aws:SourceVpce restricts it', async () => {
    expect(await lintPolicies(['bucket-vpce.json'])).toEqual([]);
  });

  it('is silent when a Deny on aws:PrincipalOrgID cuts outsiders off', async () => {
    expect(await lintPolicies(['bucket-public-denied.json'])).toEqual([]);
  });

  it('reports Allow with NotPrincipal', async () => {
    const findings = await lintDocument({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', NotPrincipal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'sqs:SendMessage', Resource: 'arn:aws:sqs:us-east-1:111122223333:q' }],
    });
    expect(ids(findings)).toContain('resource.public');
  });

  it('does not treat a service principal as public', async () => {
    const findings = await lintDocument({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'sns.amazonaws.com' }, Action: 'sqs:SendMessage', Resource: 'arn:aws:sqs:us-east-1:111122223333:q' }],
    });
    expect(ids(findings)).not.toContain('resource.public');
  });
});

describe('resource.cross-account', () => {
  it('reports another account on a queue whose ARN names the owner', async () => {
    const findings = await lintPolicies(['queue-cross-account.json']);
    expect(findings.map((f) => [f.checkId, f.severity])).toEqual([['resource.cross-account', 'warning']]);
  });

  it('is silent for a principal of the same account', async () => {
    expect(await lintPolicies(['queue-same-account.json'])).toEqual([]);
  });

  it('is silent with aws:PrincipalOrgID', async () => {
    const findings = await lintDocument({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::444455556666:root' },
          Action: 'sqs:SendMessage',
          Resource: 'arn:aws:sqs:us-east-1:111122223333:orders',
          Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123def4' } },
        },
      ],
    });
    expect(findings).toEqual([]);
  });
});
