import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatArn, isArn, parseArn } from '../../src/arn/index.js';

describe('parseArn', () => {
  it('splits the five fixed segments and keeps the rest as the resource', () => {
    expect(parseArn('arn:aws:iam::123456789012:user/dev/alice')).toEqual({
      partition: 'aws',
      service: 'iam',
      region: '',
      account: '123456789012',
      resource: 'user/dev/alice',
      resourceType: 'user',
      resourceId: 'dev/alice',
    });
  });

  it('splits a type:id resource at its first colon', () => {
    const arn = parseArn('arn:aws:lambda:us-east-1:123456789012:function:my-fn:live');
    expect(arn?.resource).toBe('function:my-fn:live');
    expect(arn?.resourceType).toBe('function');
    expect(arn?.resourceId).toBe('my-fn:live');
  });

  it('splits at whichever separator comes first', () => {
    const arn = parseArn('arn:aws:ec2:us-east-1:123456789012:instance/i-1:x');
    expect(arn?.resourceType).toBe('instance');
    expect(arn?.resourceId).toBe('i-1:x');
  });

  it('gives S3 buckets and objects no type: the id is the whole bucket/key', () => {
    expect(parseArn('arn:aws:s3:::my-bucket')).toMatchObject({ resourceId: 'my-bucket' });
    const object = parseArn('arn:aws:s3:::my-bucket/photos/cat.jpg');
    expect(object?.resourceType).toBeUndefined();
    expect(object?.resourceId).toBe('my-bucket/photos/cat.jpg');
  });

  it('types S3 resources that carry a region and account (access points)', () => {
    const arn = parseArn('arn:aws:s3:us-west-2:123456789012:accesspoint/ap');
    expect(arn?.resourceType).toBe('accesspoint');
    expect(arn?.resourceId).toBe('ap');
  });

  it('gives a resource without separator no type', () => {
    const arn = parseArn('arn:aws:sqs:us-east-1:123456789012:my-queue');
    expect(arn?.resourceType).toBeUndefined();
    expect(arn?.resourceId).toBe('my-queue');
  });

  it('keeps wildcards verbatim', () => {
    expect(parseArn('arn:aws:s3:::*')?.resource).toBe('*');
    expect(parseArn('arn:*:iam::*:role/*')?.partition).toBe('*');
  });

  it.each([
    ['not an ARN', 'hello'],
    ['too few colons', 'arn:aws:s3::bucket'],
    ['wrong scheme', 'urn:aws:s3:::bucket'],
    ['empty partition', 'arn::s3:::bucket'],
    ['empty service', 'arn:aws::::x'],
    ['empty resource', 'arn:aws:s3:::'],
    ['the wildcard', '*'],
  ])('rejects %s', (_label, text) => {
    expect(parseArn(text)).toBeUndefined();
    expect(isArn(text)).toBe(false);
  });
});

describe('formatArn', () => {
  it('joins the segments with colons', () => {
    expect(formatArn({ partition: 'aws-cn', service: 'sns', region: 'cn-north-1', account: '123456789012', resource: 't' })).toBe(
      'arn:aws-cn:sns:cn-north-1:123456789012:t',
    );
  });

  it.each([
    'arn:aws:iam::123456789012:root',
    'arn:aws:iam::123456789012:user/alice',
    'arn:aws:iam::123456789012:user/division/team/alice',
    'arn:aws:iam::123456789012:group/admins',
    'arn:aws:iam::123456789012:role/service/worker',
    'arn:aws:iam::123456789012:policy/ReadOnly',
    'arn:aws:iam::aws:policy/AdministratorAccess',
    'arn:aws:iam::123456789012:instance-profile/web',
    'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com',
    'arn:aws:iam::123456789012:saml-provider/Okta',
    'arn:aws:iam::123456789012:mfa/alice',
    'arn:aws:iam::123456789012:server-certificate/prod/cert',
    'arn:aws:sts::123456789012:assumed-role/Deploy/session-1',
    'arn:aws:sts::123456789012:federated-user/bob',
    'arn:aws:lambda:us-east-1:123456789012:function:fn:1',
    'arn:aws:s3:::bucket/key/with:colon',
  ])('round-trips %s', (text) => {
    const arn = parseArn(text);
    expect(arn).toBeDefined();
    expect(formatArn(arn!)).toBe(text);
  });
});

describe('parseArn and formatArn (property)', () => {
  const segment = (chars: string, minLength: number) =>
    fc.string({ unit: fc.constantFrom(...chars.split('')), minLength, maxLength: 20 });
  const lower = 'abcdefghijklmnopqrstuvwxyz0123456789-';
  const generatedArn = fc
    .record({
      partition: segment(lower, 1),
      service: segment(lower, 1),
      region: segment(lower, 0),
      account: fc.oneof(fc.constant(''), fc.stringMatching(/^[0-9]{12}$/)),
      resource: fc.string({ minLength: 1, maxLength: 60 }),
    })
    .map((parts) => formatArn(parts));

  it('formatArn(parseArn(x)) === x for generated ARNs', () => {
    fc.assert(
      fc.property(generatedArn, (text) => {
        const arn = parseArn(text);
        return arn !== undefined && formatArn(arn) === text;
      }),
    );
  });

  it('type and id rebuild the resource whenever a type is found', () => {
    fc.assert(
      fc.property(generatedArn, (text) => {
        const arn = parseArn(text)!;
        if (arn.resourceType === undefined) return arn.resourceId === arn.resource;
        const separator = arn.resource.charAt(arn.resourceType.length);
        return (separator === '/' || separator === ':') && `${arn.resourceType}${separator}${arn.resourceId}` === arn.resource;
      }),
    );
  });
});
