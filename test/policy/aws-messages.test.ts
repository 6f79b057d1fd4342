// Every MalformedPolicyDocument message of spec/policy-grammar.md, exactly, via awsPolicyError — most
// cases are AWS answers captured by moto's test suite.
import { describe, expect, it } from 'vitest';
import { awsPolicyError } from '../../src/policy/index.js';
import { awsMessage, policy, stmt, V } from './helpers.js';

const SYNTAX = 'Syntax errors in policy.';
const LEGACY = 'The policy failed legacy parsing';
const IAM_PATH =
  'IAM resource path must either be "*" or start with user/, federated-user/, role/, group/, instance-profile/, mfa/, server-certificate/, policy/, sms-mfa/, saml-provider/, oidc-provider/, report/, access-report/.';

describe('awsPolicyError: Syntax errors in policy.', () => {
  const cases: [string, unknown][] = [
    ['text that is not JSON', 'This is not a json document'],
    ['a JSON array', '[]'],
    ['a missing Statement', { Version: V }],
    ['an empty Statement list', { Version: V, Statement: [] }],
    ['a Statement entry that is not an object', { Version: V, Statement: ['afd'] }],
    ['an unknown top-level element', { Version: V, Statement: stmt(), 'Extra field': 'value' }],
    ['an unknown statement element', { Version: V, Statement: stmt({ 'Extra field': 'value' }) }],
    ['an Id that is a list', { Version: V, Id: ['x'], Statement: stmt() }],
    ['an Id that is an object', { Version: V, Id: {}, Statement: stmt() }],
    ['an unknown Version', { Version: '2013-10-17', Statement: stmt() }],
    ['an Effect that is another word', { Version: V, Statement: stmt({ Effect: 'invalid' }) }],
    ['a missing Effect', { Version: V, Statement: { Action: 's3:ListBucket', Resource: 'arn:aws:s3:::b' } }],
    ['a Resource that is an object', { Version: V, Statement: stmt({ Resource: { a: 'arn:aws:s3:::b' } }) }],
    ['a Resource list holding an object', { Version: V, Statement: stmt({ Resource: ['adfdf', {}] }) }],
    ['Resource with NotResource', { Version: V, Statement: stmt({ NotResource: [] }) }],
    ['Action with NotAction', { Version: V, Statement: stmt({ NotAction: 's3s:ListBucket', Action: [] }) }],
    ['Principal with NotPrincipal', { Version: V, Statement: stmt({ Principal: '*', NotPrincipal: '*' }) }],
    ['a nested Action list', { Version: V, Statement: stmt({ Action: [[]] }) }],
    ['an Action that is an object', { Version: V, Statement: stmt({ Action: {} }) }],
    ['a Condition that is a list', { Version: V, Statement: stmt({ Condition: [] }) }],
    ['a Condition that is a string', { Version: V, Statement: stmt({ Condition: 'a' }) }],
    ['an unknown operator with a body', { Version: V, Statement: stmt({ Condition: { x: { a: '1' } } }) }],
    ['an operator mapped to a string', { Version: V, Statement: stmt({ Condition: { DateGreaterThan: 'b' } }) }],
    ['an operator mapped to a list', { Version: V, Statement: stmt({ Condition: { DateGreaterThan: [] } }) }],
    ['a condition key mapped to an object', { Version: V, Statement: stmt({ Condition: { DateGreaterThan: { a: {} } } }) }],
    ['a double colon after the set prefix', { Version: V, Statement: stmt({ Condition: { 'ForAnyValue::StringEqualsIfExists': { a: 'asf' } } }) }],
    ['NullIfExists with a body', { Version: V, Statement: stmt({ Condition: { NullIfExists: { 'aws:x': 'true' } } }) }],
    ['a Sid that is an object', { Version: V, Statement: stmt({ Sid: {} }) }],
    ['a Sid that is a list', { Version: V, Statement: stmt({ Sid: [] }) }],
    ['a Principal string other than "*"', { Version: V, Statement: stmt({ Principal: 'arn:aws:iam::123456789012:root' }) }],
    ['an unknown principal type', { Version: V, Statement: stmt({ Principal: { User: 'x' } }) }],
    ['a duplicate key', `{"Version":"${V}","Statement":{"Effect":"Allow","Effect":"Deny","Action":"s3:x","Resource":"*"}}`],
    ['a trailing comma', `{"Version":"${V}","Statement":{"Effect":"Allow","Action":"s3:x","Resource":"*",}}`],
    ['a comment', `{"Version":"${V}", // c\n"Statement":{"Effect":"Allow","Action":"s3:x","Resource":"*"}}`],
    ['a condition value that is null', { Version: V, Statement: stmt({ Condition: { StringEquals: { 'aws:x': null } } }) }],
  ];
  for (const [name, doc] of cases) {
    it(`answers it for ${name}`, () => {
      expect(awsMessage(doc)).toBe(SYNTAX);
    });
  }
});

describe('awsPolicyError: version', () => {
  it('requires 2012-10-17 for a managed policy without Version', () => {
    expect(awsMessage({ Statement: stmt() }, 'identity', { managed: true })).toBe('Policy document must be version 2012-10-17 or greater.');
  });
  it('requires 2012-10-17 for a managed policy with 2008-10-17', () => {
    expect(awsMessage({ Version: '2008-10-17', Statement: stmt() }, 'identity', { managed: true })).toBe(
      'Policy document must be version 2012-10-17 or greater.',
    );
  });
  it('accepts an inline policy without Version', () => {
    expect(awsMessage({ Statement: stmt() })).toBeUndefined();
  });
  it('reports the version before a duplicate Sid', () => {
    const doc = { Statement: [stmt({ Sid: 'sdf' }), { Sid: 'sdf', Effect: 'Allow' }] };
    expect(awsMessage(doc, 'identity', { managed: true })).toBe('Policy document must be version 2012-10-17 or greater.');
  });
  it('reports the version before a bad date value', () => {
    const doc = { Statement: stmt({ Condition: { DateGreaterThan: { a: 'sdfdsf' } } }) };
    expect(awsMessage(doc, 'identity', { managed: true })).toBe('Policy document must be version 2012-10-17 or greater.');
  });
  it('reports the version before an Effect in the wrong case', () => {
    expect(awsMessage({ Statement: stmt({ Effect: 'denY' }) }, 'identity', { managed: true })).toBe(
      'Policy document must be version 2012-10-17 or greater.',
    );
  });
});

describe('awsPolicyError: The policy failed legacy parsing', () => {
  const cases: [string, unknown][] = [
    ['Effect "denY"', { Version: V, Statement: stmt({ Effect: 'denY' }) }],
    ['Effect "allow" before missing actions and a region in an S3 ARN', { Version: V, Statement: { Effect: 'allow', Resource: 'arn:aws:s3:us-east-1::example_bucket' } }],
    ['Effect "aLLow" before a duplicate Sid', { Version: V, Statement: [stmt({ Sid: 'sdf', Effect: 'aLLow' }), { Sid: 'sdf', Effect: 'Allow' }] }],
    ['a date value that is a word', { Version: V, Statement: stmt({ Condition: { DateGreaterThan: { a: 'sdfdsf' } } }) }],
    ['a bad date value before missing actions', { Version: V, Statement: { Effect: 'Allow', Condition: { DateGreaterThan: { a: 'sdfdsf' } } } }],
    ['month 13', { Version: V, Statement: stmt({ Condition: { DateLessThanEquals: { a: '234-13' } } }) }],
    ['a one-digit zone hour', { Version: V, Statement: stmt({ Condition: { DateLessThanEquals: { a: '2016-12-13t2:00:00.593194+1' } } }) }],
    ['a 10-digit fraction', { Version: V, Statement: stmt({ Condition: { DateLessThanEquals: { a: '2016-12-13t2:00:00.1999999999+10:59' } } }) }],
    ['an epoch past 2^63-1', { Version: V, Statement: stmt({ Condition: { DateLessThan: { a: '9223372036854775808' } } }) }],
    ['a bad date value before a bad partition', { Version: V, Statement: stmt({ Resource: 'arn:error:s3:::example_bucket', Condition: { DateGreaterThan: { a: 'sdfdsf' } } }) }],
    ['a resource with an empty service', { Version: V, Statement: stmt({ Resource: 'arn:aws::fdsasf' }) }],
    ['a resource with "::" and 4 colons', { Version: V, Statement: stmt({ Resource: 'arn:aws:s3::example_bucket' }) }],
    ['a 6-segment resource with an empty service', { Version: V, Statement: { Effect: 'Allow', NotAction: 's3:ListBucket', Resource: 'arn:aws::::example_bucket' } }],
    ['a short NotResource with "::"', { Version: V, Statement: { Effect: 'Allow', Action: 's3:ListBucket', NotResource: 'arn:aws:s3::example_bucket' } }],
    ['a short resource and no Action', { Version: V, Statement: { Effect: 'Allow', Resource: 'arn:aws:s3::example_bucket' } }],
  ];
  for (const [name, doc] of cases) {
    it(`answers it for ${name}`, () => {
      expect(awsMessage(doc)).toBe(LEGACY);
    });
  }
});

describe('awsPolicyError: statement IDs', () => {
  it('rejects a duplicate non-empty Sid', () => {
    expect(awsMessage({ Version: V, Statement: [stmt({ Sid: 'sdf' }), { Sid: 'sdf', Effect: 'Allow' }] })).toBe(
      'Statement IDs (SID) in a single policy must be unique.',
    );
  });
  it('accepts two empty Sids', () => {
    expect(awsMessage({ Version: V, Statement: [stmt({ Sid: '' }), stmt({ Sid: '' })] })).toBeUndefined();
  });
  it('rejects a Sid with a hyphen in an identity policy', () => {
    expect(awsMessage(policy(stmt({ Sid: 'read-only' })))).toBe(
      'Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*',
    );
  });
});

describe('awsPolicyError: actions', () => {
  it('requires an Action', () => {
    expect(awsMessage({ Version: V, Statement: { Effect: 'Allow', Resource: 'arn:aws:s3:::b' } })).toBe('Policy statement must contain actions.');
  });
  it('requires an Action even with nothing else', () => {
    expect(awsMessage({ Version: V, Statement: { Effect: 'Allow' } })).toBe('Policy statement must contain actions.');
  });
  it('treats an empty Action list as missing', () => {
    expect(awsMessage(policy(stmt({ Action: [] })))).toBe('Policy statement must contain actions.');
  });
  it('finds the missing Action in a later statement', () => {
    expect(awsMessage({ Version: V, Statement: [{ Effect: 'Deny' }, stmt()] })).toBe('Policy statement must contain actions.');
  });
  it('rejects an action without a vendor', () => {
    expect(awsMessage(policy(stmt({ Action: 'invalid' })))).toBe('Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.');
  });
  it('rejects an empty NotAction', () => {
    expect(awsMessage(policy({ Effect: 'Allow', NotAction: '', Resource: 'arn:aws:s3:::b' }))).toBe(
      'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.',
    );
  });
  it('reports missing resources before a bad action vendor', () => {
    expect(awsMessage(policy({ Effect: 'Allow', Action: 'invalid' }))).toBe('Policy statement must contain resources.');
  });
  it('rejects a vendor with a space', () => {
    expect(awsMessage(policy(stmt({ Action: 'a a:ListBucket' })))).toBe('Vendor a a is not valid');
  });
  it('rejects an action with two colons', () => {
    expect(awsMessage(policy(stmt({ Action: 's3:List:Bucket' })))).toBe('Actions/Condition can contain only one colon.');
  });
  it('rejects two colons in a later statement', () => {
    expect(awsMessage(policy([stmt({ Action: 's3s:ListBucket' }), stmt({ Action: 's:3s:ListBucket' })]))).toBe(
      'Actions/Condition can contain only one colon.',
    );
  });
  it('reports a resource format error before an action format error', () => {
    expect(awsMessage(policy(stmt({ Action: 's:3:ListBucket', Resource: 'sdfsadf' })))).toBe('Resource sdfsadf must be in ARN format or "*".');
  });
});

describe('awsPolicyError: resources', () => {
  it('requires a Resource in an identity policy', () => {
    expect(awsMessage(policy({ Effect: 'Allow', Action: 's3:ListBucket' }))).toBe('Policy statement must contain resources.');
  });
  it('treats an empty Resource list as missing', () => {
    expect(awsMessage(policy(stmt({ Resource: [] })))).toBe('Policy statement must contain resources.');
  });
  it('rejects a resource without a colon', () => {
    expect(awsMessage(policy(stmt({ Resource: 'invalid resource' })))).toBe('Resource invalid resource must be in ARN format or "*".');
  });
  it('rejects an empty resource', () => {
    expect(awsMessage(policy(stmt({ Resource: '' })))).toBe('Resource  must be in ARN format or "*".');
  });
  it('rejects a resource without a colon inside a list', () => {
    expect(awsMessage(policy(stmt({ Resource: ['adf'] })))).toBe('Resource adf must be in ARN format or "*".');
  });
  it('renders a missing-segment partition error with stars', () => {
    expect(awsMessage(policy({ Effect: 'Allow', NotAction: 's3s:ListBucket', Resource: 'a:bsdfdsafsad' }))).toBe(
      'Partition "bsdfdsafsad" is not valid for resource "arn:bsdfdsafsad:*:*:*:*".',
    );
  });
  it('renders a three-segment partition error', () => {
    expect(awsMessage(policy({ Effect: 'Allow', NotAction: 's3s:ListBucket', Resource: 'a:b:cadfsdf' }))).toBe(
      'Partition "b" is not valid for resource "arn:b:cadfsdf:*:*:*".',
    );
  });
  it('renders a long partition error with the rest joined', () => {
    expect(awsMessage(policy({ Effect: 'Allow', NotAction: 's3s:ListBucket', Resource: 'a:b:c:d:e:f:g:h' }))).toBe(
      'Partition "b" is not valid for resource "arn:b:c:d:e:f:g:h".',
    );
  });
  it('reads "aws:s3:::b" as partition s3', () => {
    expect(awsMessage(policy(stmt({ Resource: 'aws:s3:::example_bucket' })))).toBe(
      'Partition "s3" is not valid for resource "arn:s3:::example_bucket:*".',
    );
  });
  it('reports the first bad partition of a list', () => {
    expect(awsMessage(policy(stmt({ Resource: ['arn:error:s3:::example_bucket', 'arn:error:s3::example_bucket'] })))).toBe(
      'Partition "error" is not valid for resource "arn:error:s3:::example_bucket".',
    );
  });
  it('rejects an ARN with nothing after the partition', () => {
    expect(awsMessage(policy(stmt({ Resource: 'arn:aws' })))).toBe('Resource vendor must be fully qualified and cannot contain regexes.');
  });
  it('rejects an IAM ARN with a region', () => {
    expect(awsMessage(policy(stmt({ Resource: 'arn:aws:iam:us-east-1::example_bucket' })))).toBe(
      'IAM resource arn:aws:iam:us-east-1::example_bucket cannot contain region information.',
    );
  });
  it('rejects an S3 ARN with a region', () => {
    expect(awsMessage(policy(stmt({ Resource: 'arn:aws:s3:us-east-1::example_bucket' })))).toBe(
      'Resource arn:aws:s3:us-east-1::example_bucket can not contain region information.',
    );
  });
  it('rejects a region in an S3 bucket or object ARN even with an account (an AWS answer, boto3#1154)', () => {
    const resource = 'arn:aws:s3:us-west-2:847560344714:functest-tenant1/training/*';
    expect(awsMessage(policy(stmt({ Resource: resource })))).toBe(`Resource ${resource} can not contain region information.`);
  });
  it('rejects an IAM resource that is not a known resource type', () => {
    expect(awsMessage(policy(stmt({ Resource: 'arn:aws:iam:::example_bucket' })))).toBe(IAM_PATH);
  });
  it('hides a legacy resource failure behind an earlier format error', () => {
    expect(awsMessage(policy([stmt({ Resource: 'bad' }), stmt({ Resource: 'arn:aws:s3::b' })]))).toBe('Resource bad must be in ARN format or "*".');
  });
  it('reports a legacy resource failure found before a later format error', () => {
    expect(awsMessage(policy([stmt({ Resource: 'arn:aws:s3::b' }), stmt({ Resource: 'bad' })]))).toBe(LEGACY);
  });
});

describe('awsPolicyError: documents AWS accepts', () => {
  const valid: [string, unknown][] = [
    ['a Resource list', stmt({ Resource: ['arn:aws:s3:::example_bucket'] })],
    ['an action with spaces after the vendor', stmt({ Action: 'iam: asdf safdsf af ' })],
    ['a list with "*"', stmt({ Resource: ['arn:aws:s3:::example_bucket', '*'] })],
    ['Action "*"', stmt({ Action: '*' })],
    ['a statement list', [stmt()]],
    ['date conditions', stmt({ Condition: { DateGreaterThan: { 'aws:CurrentTime': '2017-07-01T00:00:00Z' }, DateLessThan: { 'aws:CurrentTime': '2017-12-31T23:59:59Z' } } })],
    ['an unknown action', stmt({ Action: 'fsx:ListBucket' })],
    ['an IAM user ARN', stmt({ Resource: 'arn:aws:iam:::user/example_bucket' })],
    ['an IAM "*" resource part', stmt({ Resource: 'arn:aws:iam::123456789012:*' })],
    ['an unknown service', stmt({ Resource: 'arn:aws:s33:::example_bucket' })],
    ['a three-segment ARN', stmt({ Resource: 'arn:aws:fdsasf' })],
    ['an empty Condition', stmt({ Condition: {} })],
    ['a set operator', stmt({ Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': 'Department' } } })],
    ['a set operator with IfExists', stmt({ Condition: { 'ForAnyValue:StringLikeIfExists': { 'aws:TagKeys': ['a*'] } } })],
    ['a region in a CloudWatch ARN', stmt({ Resource: 'arn:aws:cloudwatch:us-east-1::example_bucket' })],
    // S3 resource types other than buckets and objects carry a region and an account (service authorization reference).
    ['S3 access point and job ARNs as the IAM console writes them', stmt({ Action: 's3:GetObject', Resource: ['arn:aws:s3:*:*:accesspoint/*', 'arn:aws:s3:*:*:job/*'] })],
    ['an S3 access point object ARN', stmt({ Resource: 'arn:aws:s3:us-west-2:123456789012:accesspoint/my-access-point/object/*' })],
    ['an S3 Storage Lens configuration ARN', stmt({ Resource: 'arn:aws:s3:us-east-1:123456789012:storage-lens/default-account-dashboard' })],
    ['an S3 Storage Lens group ARN', stmt({ Resource: 'arn:aws:s3:us-east-1:123456789012:storage-lens-group/g1' })],
    ['an S3 Access Grants ARN', stmt({ Resource: 'arn:aws:s3:us-east-1:123456789012:access-grants/default/grant/*' })],
    ['an S3 Multi-Region Access Point request ARN', stmt({ Resource: 'arn:aws:s3:us-west-2:123456789012:async-request/mrap/*' })],
    ['an S3 Multi-Region Access Point ARN (no region)', stmt({ Resource: 'arn:aws:s3::123456789012:accesspoint/mfzwi23gnjvgw.mrap' })],
    ['an empty operator body', stmt({ Condition: { DateGreaterThan: {} } })],
    ['an empty value list', stmt({ Condition: { DateGreaterThan: { a: [] } } })],
    ['an unknown operator with an empty body', stmt({ Condition: { a: {} } })],
    ['a double-colon operator with an empty body', stmt({ Condition: { 'ForAnyValue::StringEquals': {} } })],
    ['numbers and booleans as condition values', stmt({ Condition: { NumericLessThan: { 'aws:MultiFactorAuthAge': 3600 }, Bool: { 'aws:SecureTransport': true } } })],
    ['an epoch date value', stmt({ Condition: { DateGreaterThan: { 'aws:CurrentTime': 1500000000 } } })],
    ['a lenient ISO date', stmt({ Condition: { DateGreaterThan: { a: ['2016-12-13t2:00:00.593194+23', '01T'] } } })],
    ['a long alphanumeric Sid', stmt({ Sid: 'dsfsdfsdfsdfsdfsadfsd' })],
    ['an empty Sid', stmt({ Sid: '' })],
    ['an Id', stmt()],
  ];
  for (const [name, statement] of valid) {
    it(`returns nothing for ${name}`, () => {
      expect(awsPolicyError(policy(statement, { Id: 'cd3a324d' }), 'identity', { managed: true })).toBeUndefined();
    });
  }
});
