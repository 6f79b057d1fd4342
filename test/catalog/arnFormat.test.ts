import { describe, expect, it } from 'vitest';
import { arnMatchesFormat } from '../../src/catalog/arnFormat.js';

const OBJECT = 'arn:${Partition}:s3:::${BucketName}/${ObjectName}';
const BUCKET = 'arn:${Partition}:s3:::${BucketName}';
const ROLE = 'arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}';
const FUNCTION = 'arn:${Partition}:lambda:${Region}:${Account}:function:${FunctionName}';

describe('arnMatchesFormat', () => {
  it.each([
    ['an object ARN and the object format', 'arn:aws:s3:::bucket/key', OBJECT],
    ['a wildcarded object ARN and the object format', 'arn:aws:s3:::bucket/*', OBJECT],
    ['a bucket-wide wildcard and the object format', 'arn:aws:s3:::bucket*', OBJECT],
    ['a bucket ARN and the bucket format', 'arn:aws:s3:::bucket', BUCKET],
    ['a role with a path', 'arn:aws:iam::123456789012:role/a/b/r', ROLE],
    ['a function with an alias', 'arn:aws:lambda:us-east-1:123456789012:function:fn:live', FUNCTION],
    ['a service wildcard in the resource part', 'arn:aws:iam::123456789012:*', ROLE],
    ['another partition', 'arn:aws-cn:s3:::bucket/key', OBJECT],
    ['a wildcarded region and account', 'arn:aws:lambda:*:*:function:*', FUNCTION],
    ['different letter case', 'arn:aws:iam::123456789012:ROLE/r', ROLE],
    ['a ? standing for the separator', 'arn:aws:s3:::bucket?key', OBJECT],
  ])('matches %s', (_label, arn, format) => {
    expect(arnMatchesFormat(arn, format)).toBe(true);
  });

  it.each([
    ['a bucket ARN and the object format', 'arn:aws:s3:::bucket', OBJECT],
    ['another service', 'arn:aws:sqs:us-east-1:123456789012:queue', OBJECT],
    ['another resource type', 'arn:aws:iam::123456789012:user/alice', ROLE],
    ['a type without a name', 'arn:aws:iam::123456789012:role/', ROLE],
  ])('does not match %s', (_label, arn, format) => {
    expect(arnMatchesFormat(arn, format)).toBe(false);
  });

  it('ignores the region and account segments', () => {
    expect(arnMatchesFormat('arn:aws:s3:us-east-1:123456789012:bucket', BUCKET)).toBe(true);
  });
});
