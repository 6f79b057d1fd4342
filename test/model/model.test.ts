import { describe, expect, it } from 'vitest';
import { TAGGABLE_KINDS, isAwsManagedPolicyArn } from '../../src/model/index.js';

describe('model invariants', () => {
  it('recognises AWS-managed policy ARNs in any partition', () => {
    expect(isAwsManagedPolicyArn('arn:aws:iam::aws:policy/ReadOnlyAccess')).toBe(true);
    expect(isAwsManagedPolicyArn('arn:aws-cn:iam::aws:policy/service-role/AWSLambdaRole')).toBe(true);
  });

  it('does not take a customer-managed policy ARN for an AWS-managed one', () => {
    expect(isAwsManagedPolicyArn('arn:aws:iam::111122223333:policy/aws')).toBe(false);
  });

  it('lists each taggable kind once', () => {
    expect(new Set(TAGGABLE_KINDS).size).toBe(TAGGABLE_KINDS.length);
  });
});
