import { describe, expect, it } from 'vitest';
import { compilePolicySet } from '../../../src/engine/index.js';
import { authorize, requestContext } from '../../../src/identity/index.js';
import type { PrincipalPolicies, RequestInfo } from '../../../src/identity/index.js';
import { parsePolicy } from '../../../src/policy/index.js';
import { ACCOUNT, rootCaller, userCaller } from './helpers.js';

const request: RequestInfo = {
  requestId: 'r',
  now: new Date('2025-06-01T12:34:56.789Z'),
  sourceIp: '10.1.2.3',
  secureTransport: false,
  userAgent: 'aws-sdk-js/3',
  region: 'eu-west-1',
};

function policies(...statements: object[]): PrincipalPolicies {
  const document = parsePolicy(JSON.stringify({ Version: '2012-10-17', Statement: statements })).document!;
  return { compiled: compilePolicySet({ identity: [{ name: 'p', document }] }), principalTags: [{ Key: 'team', Value: 'blue' }] };
}

describe('requestContext', () => {
  it('carries the global keys a user request has', () => {
    const ctx = requestContext(
      userCaller('bob', 'AIDABOB'),
      policies(),
      { action: 'iam:GetUser', resource: 'arn:aws:iam::210987654321:user/x', resourceTags: [{ Key: 'env', Value: 'prod' }], context: { 'iam:PolicyARN': 'arn:x' } },
      request,
    );
    expect(ctx).toEqual({
      'aws:CurrentTime': '2025-06-01T12:34:56Z',
      'aws:EpochTime': '1748781296',
      'aws:SourceIp': '10.1.2.3',
      'aws:SecureTransport': 'false',
      'aws:RequestedRegion': 'eu-west-1',
      'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:user/bob`,
      'aws:PrincipalAccount': ACCOUNT,
      'aws:PrincipalType': 'User',
      'aws:userid': 'AIDABOB',
      'aws:username': 'bob',
      'aws:PrincipalIsAWSService': 'false',
      'aws:ViaAWSService': 'false',
      'aws:ResourceAccount': '210987654321',
      'aws:UserAgent': 'aws-sdk-js/3',
      'aws:PrincipalTag/team': 'blue',
      'aws:ResourceTag/env': 'prod',
      'iam:ResourceTag/env': 'prod',
      'iam:PolicyARN': 'arn:x',
    });
  });

  it('describes root as Account with no username', () => {
    const ctx = requestContext(rootCaller, { ...policies(), principalTags: [] }, { action: 'iam:ListUsers' }, request);
    expect(ctx['aws:PrincipalType']).toBe('Account');
    expect(ctx['aws:userid']).toBe(ACCOUNT);
    expect(ctx['aws:username']).toBeUndefined();
    expect(ctx['aws:ResourceAccount']).toBe(ACCOUNT);
  });
});

describe('authorize', () => {
  const bob = userCaller('bob');

  it('allows what a policy allows, conditions included', () => {
    const p = policies({ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } });
    expect(() => authorize(bob, p, { action: 'iam:GetUser', resource: 'arn:aws:iam::123456789012:user/bob' }, request)).not.toThrow();
  });

  it('throws AccessDenied with AWS wording for an implicit deny', () => {
    expect(() => authorize(bob, policies(), { action: 'iam:CreateUser', resource: 'arn:aws:iam::123456789012:user/x' }, request)).toThrow(
      expect.objectContaining({
        code: 'AccessDenied',
        message:
          'User: arn:aws:iam::123456789012:user/bob is not authorized to perform: iam:CreateUser on resource: ' +
          'arn:aws:iam::123456789012:user/x because no identity-based policy allows the iam:CreateUser action',
      }),
    );
  });

  it('names an explicit deny', () => {
    const p = policies({ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', Action: 'iam:Delete*', Resource: '*', Condition: { StringEquals: { 'iam:ResourceTag/env': 'prod' } } });
    expect(() => authorize(bob, p, { action: 'iam:DeleteUser', resource: 'arn:aws:iam::123456789012:user/x', resourceTags: [{ Key: 'env', Value: 'prod' }] }, request)).toThrow(
      /with an explicit deny in a identity-based policy$/,
    );
    expect(() => authorize(bob, p, { action: 'iam:DeleteUser', resource: 'arn:aws:iam::123456789012:user/x' }, request)).not.toThrow();
  });
});
