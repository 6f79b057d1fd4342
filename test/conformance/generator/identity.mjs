import { A, BUCKET, OBJ, QUEUE_A, V, allow, deny, doc, ids, kase, req, sessionReq } from './common.mjs';

const S2 = 'evaluation.md §2';
const S3 = 'evaluation.md §3';
const G3 = 'policy-grammar.md §3 Action';
const GR = 'policy-grammar.md §3 Resource';
const GV = 'policy-grammar.md §2 Version';

/** alice calls `action` on `resource`; her identity policies are `docs`. */
const one = (name, spec, docs, expected, r = {}, o = {}) => kase(name, spec, { request: req(r), identityPolicies: ids(...docs) }, expected, o);
const act = (name, pattern, action, expected, o = {}) =>
  one(name, G3, [doc(allow(pattern))], expected, { action }, { decidedBy: 'identity', ...o });
const res = (name, pattern, resource, expected, o = {}) =>
  one(name, GR, [doc(allow('s3:GetObject', pattern))], expected, { resource }, { decidedBy: 'identity', ...o });

export const identity = [
  one('allow on exact action and resource', S3, [doc(allow('s3:GetObject', OBJ))], 'allowed', {}, { decidedBy: 'identity' }),
  one('no policies at all is an implicit deny', S3, [], 'implicitDeny', {}, { decidedBy: 'identity' }),
  one('allow for another action only', S3, [doc(allow('s3:PutObject', OBJ))], 'implicitDeny', {}, { decidedBy: 'identity' }),
  one('allow and deny in one policy: deny wins', S2, [doc(allow('s3:GetObject'), deny('s3:GetObject'))], 'explicitDeny', {}, { decidedBy: 'identity' }),
  one('deny in one policy beats allow in another', S3, [doc(allow('s3:*')), doc(deny('s3:GetObject', OBJ))], 'explicitDeny', {}, { decidedBy: 'identity' }),
  one('deny alone is an explicit deny', S3, [doc(deny('s3:GetObject'))], 'explicitDeny', {}, { decidedBy: 'identity' }),
  one('deny for another action does not apply', S2, [doc(allow('s3:GetObject'), deny('s3:PutObject'))], 'allowed', {}, { decidedBy: 'identity' }),
  one('deny for another resource does not apply', S2, [doc(allow('s3:GetObject'), deny('s3:GetObject', 'arn:aws:s3:::other/*'))], 'allowed'),
  one('allow all actions "*"', G3, [doc(allow('*'))], 'allowed', {}, { decidedBy: 'identity' }),
  one('deny "*" on "*" beats specific allow', S2, [doc(allow('s3:GetObject', OBJ), deny('*'))], 'explicitDeny', {}, { decidedBy: 'identity' }),
  act('service wildcard s3:* matches s3:GetObject', 's3:*', 's3:GetObject', 'allowed'),
  act('service wildcard s3:* does not match sqs:SendMessage', 's3:*', 'sqs:SendMessage', 'implicitDeny'),
  act('prefix wildcard s3:Get* matches s3:GetObject', 's3:Get*', 's3:GetObject', 'allowed'),
  act('prefix wildcard s3:Get* matches s3:GetObjectAcl', 's3:Get*', 's3:GetObjectAcl', 'allowed'),
  act('prefix wildcard s3:Get* does not match s3:PutObject', 's3:Get*', 's3:PutObject', 'implicitDeny'),
  act('suffix wildcard s3:*Object matches s3:PutObject', 's3:*Object', 's3:PutObject', 'allowed'),
  act('suffix wildcard s3:*Object does not match s3:PutObjectAcl', 's3:*Object', 's3:PutObjectAcl', 'implicitDeny'),
  act('? matches exactly one character in an action', 's3:Get?bject', 's3:GetObject', 'allowed'),
  act('? does not match zero characters in an action', 's3:Get?Object', 's3:GetObject', 'implicitDeny'),
  act('action match ignores case of the policy value', 'S3:GETOBJECT', 's3:GetObject', 'allowed'),
  act('action match ignores case of the request action', 's3:GetObject', 'S3:getobject', 'allowed'),
  act('action wildcard match ignores case', 's3:get*', 's3:GetObject', 'allowed'),
  act('action from another service with the same name does not match', 's3:GetObject', 's3express:GetObject', 'implicitDeny'),
  act('action pattern is anchored: s3:Get does not match s3:GetObject', 's3:Get', 's3:GetObject', 'implicitDeny'),
  one('one of several actions in a list matches', G3, [doc(allow(['sqs:SendMessage', 's3:GetObject']))], 'allowed', {}, { decidedBy: 'identity' }),
  res('Resource "*" matches any resource', '*', OBJ, 'allowed'),
  res('exact resource ARN matches', OBJ, OBJ, 'allowed'),
  res('resource match is case-sensitive', 'arn:aws:s3:::Bucket/key', OBJ, 'implicitDeny'),
  res('resource key match is case-sensitive', 'arn:aws:s3:::bucket/KEY', OBJ, 'implicitDeny'),
  res('bucket/* matches a nested key (* crosses /)', 'arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket/a/b/c.txt', 'allowed'),
  res('bucket/* does not match the bucket itself', 'arn:aws:s3:::bucket/*', BUCKET, 'implicitDeny'),
  res('bucket* also matches other buckets with that prefix', 'arn:aws:s3:::bucket*', 'arn:aws:s3:::bucket-logs/x', 'allowed', {
    why: 'Wildcards are plain globs over the resource text; a missing "/" before * is a classic over-grant.',
  }),
  res('? in a resource matches one character', 'arn:aws:s3:::bucket/file?.txt', 'arn:aws:s3:::bucket/file1.txt', 'allowed'),
  res('? in a resource does not match two characters', 'arn:aws:s3:::bucket/file?.txt', 'arn:aws:s3:::bucket/file12.txt', 'implicitDeny'),
  one('wildcard in the region segment', GR, [doc(allow('sqs:SendMessage', `arn:aws:sqs:*:${A}:q1`))], 'allowed', { action: 'sqs:SendMessage', resource: QUEUE_A, resourceAccount: undefined }),
  one('wildcard in the account segment', GR, [doc(allow('sqs:SendMessage', 'arn:aws:sqs:us-east-1:*:q1'))], 'allowed', { action: 'sqs:SendMessage', resource: QUEUE_A, resourceAccount: undefined }),
  one('other queue name does not match', GR, [doc(allow('sqs:SendMessage', `arn:aws:sqs:us-east-1:${A}:q2`))], 'implicitDeny', { action: 'sqs:SendMessage', resource: QUEUE_A, resourceAccount: undefined }),
  one('table ARN does not match its index ARN', GR, [doc(allow('dynamodb:Query', `arn:aws:dynamodb:us-east-1:${A}:table/orders`))], 'implicitDeny', { action: 'dynamodb:Query', resource: `arn:aws:dynamodb:us-east-1:${A}:table/orders/index/gsi1`, resourceAccount: undefined }),
  one('one of several resources in a list matches', GR, [doc(allow('s3:GetObject', ['arn:aws:s3:::other/*', 'arn:aws:s3:::bucket/*']))], 'allowed'),
  one('arn:aws:s3:::* does not match an SQS queue', GR, [doc(allow('*', 'arn:aws:s3:::*'))], 'implicitDeny', { action: 'sqs:SendMessage', resource: QUEUE_A, resourceAccount: undefined }),
  one('NotAction with Allow grants every other action', S2, [doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' })], 'allowed', {}, { decidedBy: 'identity' }),
  one('NotAction with Allow does not grant the listed actions', S2, [doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' })], 'implicitDeny', { action: 'iam:CreateUser', resource: `arn:aws:iam::${A}:user/eve`, resourceAccount: undefined }, { decidedBy: 'identity' }),
  one('NotAction with Allow is limited by Resource', S2, [doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: 'arn:aws:s3:::other/*' })], 'implicitDeny'),
  one('NotAction pattern matching ignores case', S2, [doc({ Effect: 'Allow', NotAction: 'S3:GET*', Resource: '*' })], 'implicitDeny', {}, { why: 'S3:GET* matches s3:GetObject case-insensitively, so the NotAction statement does not apply.' }),
  one('Deny with NotAction denies every other action', S2, [doc(allow('*'), { Effect: 'Deny', NotAction: 's3:*', Resource: '*' })], 'explicitDeny', { action: 'sqs:SendMessage', resource: QUEUE_A, resourceAccount: undefined }, { decidedBy: 'identity' }),
  one('Deny with NotAction does not deny the listed actions', S2, [doc(allow('*'), { Effect: 'Deny', NotAction: 's3:*', Resource: '*' })], 'allowed'),
  one('Deny with NotAction grants nothing on its own', S2, [doc({ Effect: 'Deny', NotAction: 's3:*', Resource: '*' })], 'implicitDeny', {}, { decidedBy: 'identity' }),
  one('NotResource with Allow grants other resources', S2, [doc({ Effect: 'Allow', Action: 's3:*', NotResource: 'arn:aws:s3:::secret/*' })], 'allowed'),
  one('NotResource with Allow does not grant the listed resources', S2, [doc({ Effect: 'Allow', Action: 's3:*', NotResource: 'arn:aws:s3:::secret/*' })], 'implicitDeny', { resource: 'arn:aws:s3:::secret/x' }),
  one('NotResource match is case-sensitive', S2, [doc({ Effect: 'Allow', Action: 's3:*', NotResource: 'arn:aws:s3:::Secret/*' })], 'allowed', { resource: 'arn:aws:s3:::secret/x' }),
  one('Deny with NotResource denies everything outside the list', S2, [doc(allow('s3:*'), { Effect: 'Deny', Action: 's3:*', NotResource: 'arn:aws:s3:::bucket/*' })], 'explicitDeny', { resource: 'arn:aws:s3:::other/x' }, { decidedBy: 'identity' }),
  one('Deny with NotResource spares the listed resources', S2, [doc(allow('s3:*'), { Effect: 'Deny', Action: 's3:*', NotResource: 'arn:aws:s3:::bucket/*' })], 'allowed'),
  one('NotAction and NotResource together', S2, [doc({ Effect: 'Allow', NotAction: 'iam:*', NotResource: 'arn:aws:s3:::secret/*' })], 'allowed'),
  one('NotAction and NotResource together: listed resource not granted', S2, [doc({ Effect: 'Allow', NotAction: 'iam:*', NotResource: 'arn:aws:s3:::secret/*' })], 'implicitDeny', { resource: 'arn:aws:s3:::secret/x' }),
  one('Version 2012-10-17 expands ${aws:username} in Resource', GV, [doc(allow('s3:GetObject', 'arn:aws:s3:::home/${aws:username}/*'))], 'allowed', { resource: 'arn:aws:s3:::home/alice/x', context: { 'aws:username': 'alice' } }),
  one('Version 2012-10-17: variable resolves to another user', GV, [doc(allow('s3:GetObject', 'arn:aws:s3:::home/${aws:username}/*'))], 'implicitDeny', { resource: 'arn:aws:s3:::home/bob/x', context: { 'aws:username': 'alice' } }),
  one('Version 2008-10-17 keeps ${aws:username} literal', GV, [{ Version: '2008-10-17', Statement: [allow('s3:GetObject', 'arn:aws:s3:::home/${aws:username}/*')] }], 'implicitDeny', { resource: 'arn:aws:s3:::home/alice/x', context: { 'aws:username': 'alice' } }),
  one('Version 2008-10-17 matches the literal text ${aws:username}', GV, [{ Version: '2008-10-17', Statement: [allow('s3:GetObject', 'arn:aws:s3:::home/${aws:username}/*')] }], 'allowed', { resource: 'arn:aws:s3:::home/${aws:username}/x', context: { 'aws:username': 'alice' } }),
  one('absent Version behaves as 2008-10-17 (variables literal)', GV, [{ Statement: [allow('s3:GetObject', 'arn:aws:s3:::home/${aws:username}/*')] }], 'implicitDeny', { resource: 'arn:aws:s3:::home/alice/x', context: { 'aws:username': 'alice' } }),
  one('absent Version still grants plain statements', GV, [{ Statement: [allow('s3:GetObject', OBJ)] }], 'allowed'),
  one('Statement given as a single object', 'policy-grammar.md §1', [{ Version: V, Statement: allow('s3:GetObject', OBJ) }], 'allowed'),
  one('allow in the second statement', S2, [doc(allow('sqs:*'), allow('s3:GetObject'))], 'allowed'),
  one('empty Condition block always applies', 'policy-grammar.md §6 (Condition: {} valid)', [doc(allow('s3:GetObject', OBJ, { Condition: {} }))], 'allowed'),
  one('Deny whose condition is false does not apply', S2, [doc(allow('s3:GetObject'), deny('s3:GetObject', '*', { Condition: { StringEquals: { 'aws:username': 'bob' } } }))], 'allowed', { context: { 'aws:username': 'alice' } }),
  one('resource-less action allowed by Resource "*"', GR, [doc(allow('s3:ListAllMyBuckets', '*'))], 'allowed', { action: 's3:ListAllMyBuckets', resource: undefined, resourceAccount: undefined }),
  one('resource-less action not allowed by a specific Resource', GR, [doc(allow('s3:ListAllMyBuckets', BUCKET))], 'implicitDeny', { action: 's3:ListAllMyBuckets', resource: undefined, resourceAccount: undefined }, {
    why: 'An action that takes no resource is matched only by Resource "*" (types.ts: resource omitted or "*").',
  }),
  kase('role session uses its role policies', S3, { request: sessionReq(), identityPolicies: ids(doc(allow('s3:GetObject', OBJ))) }, 'allowed', { decidedBy: 'identity' }),
  kase('role session without role policies is denied', S3, { request: sessionReq(), identityPolicies: [] }, 'implicitDeny', { decidedBy: 'identity' }),
  one('group policy deny among identity policies wins', 'evaluation.md §1 (user = own + group policies)', [doc(allow('s3:*')), doc(allow('s3:GetObject', OBJ)), doc(deny('s3:GetObject', 'arn:aws:s3:::bucket/*'))], 'explicitDeny', {}, { decidedBy: 'identity' }),
  one('S3 access point ARN with region and account grants through the access point', GR, [doc(allow('s3:GetObject', `arn:aws:s3:*:${A}:accesspoint/*`))], 'allowed', { resource: `arn:aws:s3:us-west-2:${A}:accesspoint/ap1/object/key` }, {
    decidedBy: 'identity',
    why: 'IAM accepts a region in S3 access point, job and Storage Lens ARNs; only bucket and object ARNs must leave it empty.',
  }),
  one('S3 access point ARN does not match the bucket object ARN', GR, [doc(allow('s3:GetObject', `arn:aws:s3:*:${A}:accesspoint/*`))], 'implicitDeny', {}, { decidedBy: 'identity' }),
  one('glob on table name also matches a longer table name', GR, [doc(allow('dynamodb:GetItem', `arn:aws:dynamodb:us-east-1:${A}:table/orders*`))], 'allowed', { action: 'dynamodb:GetItem', resource: `arn:aws:dynamodb:us-east-1:${A}:table/orders-archive`, resourceAccount: undefined }),
];
