import { describe, expect, it } from 'vitest';
import { ids, lintDocument, lintPolicies } from '../helpers.js';
import { sourceSendingService } from '../../../src/analyze/index.js';

describe('trust.service-without-source', () => {
  it('flags the seed trust policy for lambda.amazonaws.com without a source condition', async () => {
    const findings = await lintPolicies(['seed-lambda-trust.json']);
    expect(ids(findings)).toEqual(['trust.service-without-source']);
    expect(findings[0]?.location).toMatchObject({ line: 7, column: 20 });
  });

  it('does not flag the Lambda trust policy with aws:SourceAccount', async () => {
    expect(await lintPolicies(['lambda-trust-source-account.json'])).toEqual([]);
  });

  it('does not flag a service that does not send its source (ec2)', async () => {
    expect(await lintPolicies(['trust-ec2.json'])).toEqual([]);
  });

  it('recognises region-qualified service principals', () => {
    expect(sourceSendingService('states.eu-west-1.amazonaws.com')?.principal).toBe('states.amazonaws.com');
    expect(sourceSendingService('ec2.amazonaws.com')).toBeUndefined();
  });

  it('accepts aws:SourceArn with ArnLike', async () => {
    const findings = await lintDocument({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:lambda:us-east-1:111122223333:function:*' } } }],
    });
    expect(findings).toEqual([]);
  });
});

describe('trust.service-without-source: source checked by a Deny', () => {
  const allowLambda = { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' };
  const denyUnless = (principal: unknown, condition: unknown): object => ({ Effect: 'Deny', Principal: principal, Action: 'sts:AssumeRole', Condition: condition });

  it('does not flag a service whose source account a Deny requires', async () => {
    const findings = await lintDocument({
      Version: '2012-10-17',
      Statement: [allowLambda, denyUnless({ Service: 'lambda.amazonaws.com' }, { StringNotEquals: { 'aws:SourceAccount': '111122223333' } })],
    });
    expect(ids(findings)).not.toContain('trust.service-without-source');
  });

  it('does not flag a service whose source ARN a Deny for every principal requires', async () => {
    const findings = await lintDocument({
      Version: '2012-10-17',
      Statement: [allowLambda, denyUnless('*', { ArnNotLike: { 'aws:SourceArn': 'arn:aws:lambda:*:111122223333:function:*' } })],
    });
    expect(ids(findings)).not.toContain('trust.service-without-source');
  });

  it('still flags a Deny that another condition weakens', async () => {
    const findings = await lintDocument({
      Version: '2012-10-17',
      Statement: [
        allowLambda,
        denyUnless('*', { StringNotEquals: { 'aws:SourceAccount': '111122223333' }, Bool: { 'aws:SecureTransport': 'false' } }),
      ],
    });
    expect(ids(findings)).toContain('trust.service-without-source');
  });

  it('still flags a Deny whose pattern matches every source', async () => {
    const findings = await lintDocument({
      Version: '2012-10-17',
      Statement: [allowLambda, denyUnless('*', { StringNotLike: { 'aws:SourceAccount': '*' } })],
    });
    expect(ids(findings)).toContain('trust.service-without-source');
  });

  it('still flags a Deny for another service', async () => {
    const findings = await lintDocument({
      Version: '2012-10-17',
      Statement: [allowLambda, denyUnless({ Service: 'states.amazonaws.com' }, { StringNotEquals: { 'aws:SourceAccount': '111122223333' } })],
    });
    expect(ids(findings)).toContain('trust.service-without-source');
  });
});

describe('trust.public', () => {
  it('reports {"AWS": "*"} without a condition', async () => {
    const findings = await lintPolicies(['trust-public.json']);
    expect(findings.map((f) => [f.checkId, f.severity])).toEqual([['trust.public', 'error']]);
  });

  it('is silent with aws:PrincipalOrgID', async () => {
    expect(await lintPolicies(['trust-public-org.json'])).toEqual([]);
  });

  it('is still reported when the condition only uses a key the caller controls', async () => {
    const findings = await lintDocument({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:SecureTransport': 'true' } } }],
    });
    expect(ids(findings)).toContain('trust.public');
  });

  it('is silent when a Deny in the same policy cuts outsiders off (checked with the engine)', async () => {
    const findings = await lintDocument({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' },
        { Effect: 'Deny', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-abc123def4' } } },
      ],
    });
    expect(ids(findings)).not.toContain('trust.public');
  });
});

describe('trust.cross-account-without-condition', () => {
  it('reports a whole foreign account without a condition', async () => {
    expect(ids(await lintPolicies(['trust-cross-account.json']))).toEqual(['trust.cross-account-without-condition']);
  });

  it('is silent with sts:ExternalId', async () => {
    expect(await lintPolicies(['trust-cross-account-external-id.json'])).toEqual([]);
  });
});
