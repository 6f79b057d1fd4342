// Policies from the seed article (/work/shared/seed/000_*.txt), Terraform variables resolved to
// region us-east-1, account 111111111111, bucket "data-bucket", VPC endpoint "vpce-0abc123".
import { A, ALICE, named, doc, ids, kase, req, allow } from './common.mjs';

const SEED = 'seed article';
const TOO_BROAD = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] };
const LEAST = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: 'arn:aws:s3:::my-app-data-bucket/uploads/*' }] };
const LAMBDA_TRUST = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': A } } }] };
const SIMPLE_TRUST = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
const ORDERS = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'ReadFromOrdersTable', Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:Query'], Resource: [`arn:aws:dynamodb:us-east-1:${A}:table/orders`, `arn:aws:dynamodb:us-east-1:${A}:table/orders/index/*`] },
    { Sid: 'WriteCloudWatchLogs', Effect: 'Allow', Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'], Resource: `arn:aws:logs:us-east-1:${A}:log-group:/aws/lambda/order-processor:*` },
  ],
};
const RESTRICTED = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'AllowS3AccessFromVPCEndpointWithMFA', Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 's3:ListBucket'], Resource: ['arn:aws:s3:::data-bucket', 'arn:aws:s3:::data-bucket/*'], Condition: { StringEquals: { 'aws:sourceVpce': 'vpce-0abc123' }, Bool: { 'aws:MultiFactorAuthPresent': 'true' } } },
    { Sid: 'DenyUnencryptedUploads', Effect: 'Deny', Action: 's3:PutObject', Resource: 'arn:aws:s3:::data-bucket/*', Condition: { StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' } } },
  ],
};
const ROLE = `arn:aws:iam::${A}:role/order-processor-lambda-role`;
const LAMBDA_SESSION = { principal: `arn:aws:sts::${A}:assumed-role/order-processor-lambda-role/order-processor`, principalDetails: { roleArn: ROLE }, context: { 'aws:PrincipalArn': ROLE } };

const user = (policy, r) => ({ request: req(r), identityPolicies: [named('policy', policy)] });
const lambda = (r) => ({ request: { ...LAMBDA_SESSION, ...r }, identityPolicies: [named('order-processor-permissions', ORDERS)] });
const trust = (policy, r) => ({ request: { action: 'sts:AssumeRole', resource: ROLE, ...r }, resourcePolicy: named('assume-role-policy', policy), resourcePolicyKind: 'trust' });
const vpceMfa = (extra = {}) => ({ 'aws:SourceVpce': 'vpce-0abc123', 'aws:MultiFactorAuthPresent': 'true', ...extra });
const restricted = (r) => user(RESTRICTED, { resourceAccount: A, ...r });
const DATA = 'arn:aws:s3:::data-bucket/reports/q1.csv';
const UP = 'arn:aws:s3:::my-app-data-bucket/uploads/photo.png';

export const seed = [
  kase('too broad: any S3 action on any bucket', `${SEED} "Too broad"; evaluation.md §3`, user(TOO_BROAD, { action: 's3:DeleteBucket', resource: 'arn:aws:s3:::anything' }), 'allowed'),
  kase('too broad: still nothing outside S3', `${SEED} "Too broad"`, user(TOO_BROAD, { action: 'sqs:DeleteQueue', resource: `arn:aws:sqs:us-east-1:${A}:q1`, resourceAccount: undefined }), 'implicitDeny', { decidedBy: 'identity' }),
  kase('too broad plus a Deny: explicit deny wins', `${SEED} "Explicit Deny > Explicit Allow"`, { request: req({ action: 's3:DeleteBucket', resource: 'arn:aws:s3:::anything' }), identityPolicies: [named('too-broad', TOO_BROAD), named('guard', doc({ Effect: 'Deny', Action: 's3:DeleteBucket', Resource: '*' }))] }, 'explicitDeny', { decidedBy: 'identity' }),
  kase('least privilege: GetObject under uploads/', `${SEED} "Least privilege"`, user(LEAST, { resource: UP }), 'allowed'),
  kase('least privilege: PutObject under uploads/', `${SEED} "Least privilege"`, user(LEAST, { action: 's3:PutObject', resource: UP }), 'allowed'),
  kase('least privilege: DeleteObject not granted', `${SEED} "Least privilege"`, user(LEAST, { action: 's3:DeleteObject', resource: UP }), 'implicitDeny', { decidedBy: 'identity' }),
  kase('least privilege: other prefix not granted', `${SEED} "Least privilege"`, user(LEAST, { resource: 'arn:aws:s3:::my-app-data-bucket/private/x' }), 'implicitDeny'),
  kase('least privilege: the bucket itself not granted', `${SEED} "Least privilege"`, user(LEAST, { action: 's3:ListBucket', resource: 'arn:aws:s3:::my-app-data-bucket' }), 'implicitDeny'),
  kase('least privilege: another bucket not granted', `${SEED} "Least privilege"`, user(LEAST, { resource: 'arn:aws:s3:::my-app-data-bucket-2/uploads/x' }), 'implicitDeny'),
  kase('Lambda trust: lambda.amazonaws.com from the own account', `${SEED} Lambda role; evaluation.md §6`, trust(LAMBDA_TRUST, { principal: 'lambda.amazonaws.com', context: { 'aws:SourceAccount': A } }), 'allowed'),
  kase('Lambda trust: confused deputy from another account', `${SEED} Lambda role; evaluation.md §6`, trust(LAMBDA_TRUST, { principal: 'lambda.amazonaws.com', context: { 'aws:SourceAccount': '333333333333' } }), 'implicitDeny', { decidedBy: 'resource' }),
  kase('Lambda trust: aws:SourceAccount missing', `${SEED} Lambda role; conditions.md §3`, trust(LAMBDA_TRUST, { principal: 'lambda.amazonaws.com' }), 'implicitDeny', { missing: ['aws:SourceAccount'] }),
  kase('Lambda trust: EC2 cannot assume the role', `${SEED} Lambda role`, trust(LAMBDA_TRUST, { principal: 'ec2.amazonaws.com', context: { 'aws:SourceAccount': A } }), 'implicitDeny'),
  kase('Lambda trust: an administrator of the account is not trusted', `${SEED} "no one can assume the role"; evaluation.md §6`, { ...trust(SIMPLE_TRUST, { principal: ALICE }), identityPolicies: ids(doc(allow('*'))) }, 'implicitDeny', { decidedBy: 'resource' }),
  kase('simple trust policy: lambda.amazonaws.com', `${SEED} "Roles and Trust Relationships"`, trust(SIMPLE_TRUST, { principal: 'lambda.amazonaws.com' }), 'allowed'),
  kase('Lambda role: GetItem on the orders table', `${SEED} Lambda role permissions`, lambda({ action: 'dynamodb:GetItem', resource: `arn:aws:dynamodb:us-east-1:${A}:table/orders` }), 'allowed', { decidedBy: 'identity' }),
  kase('Lambda role: Query on an index of the orders table', `${SEED} Lambda role permissions`, lambda({ action: 'dynamodb:Query', resource: `arn:aws:dynamodb:us-east-1:${A}:table/orders/index/by-customer` }), 'allowed'),
  kase('Lambda role: PutItem not granted', `${SEED} Lambda role permissions`, lambda({ action: 'dynamodb:PutItem', resource: `arn:aws:dynamodb:us-east-1:${A}:table/orders` }), 'implicitDeny', { decidedBy: 'identity' }),
  kase('Lambda role: orders-archive table not granted', `${SEED} Lambda role permissions`, lambda({ action: 'dynamodb:GetItem', resource: `arn:aws:dynamodb:us-east-1:${A}:table/orders-archive` }), 'implicitDeny'),
  kase('Lambda role: table in another region not granted', `${SEED} Lambda role permissions`, lambda({ action: 'dynamodb:GetItem', resource: `arn:aws:dynamodb:eu-west-1:${A}:table/orders` }), 'implicitDeny'),
  kase('Lambda role: PutLogEvents on its own log stream', `${SEED} Lambda role permissions`, lambda({ action: 'logs:PutLogEvents', resource: `arn:aws:logs:us-east-1:${A}:log-group:/aws/lambda/order-processor:log-stream:2024/01/01/[$LATEST]abc` }), 'allowed'),
  kase('Lambda role: another function\'s log group not granted', `${SEED} Lambda role permissions`, lambda({ action: 'logs:PutLogEvents', resource: `arn:aws:logs:us-east-1:${A}:log-group:/aws/lambda/billing:log-stream:x` }), 'implicitDeny'),
  kase('VPC endpoint + MFA: GetObject', `${SEED} restricted-s3-data-access`, restricted({ resource: DATA, context: vpceMfa() }), 'allowed', { decidedBy: 'identity' }),
  kase('VPC endpoint + MFA: condition key written aws:sourceVpce matches aws:SourceVpce', `${SEED}; conditions.md §1 (key names case-insensitive)`, restricted({ resource: DATA, context: vpceMfa() }), 'allowed'),
  kase('VPC endpoint + MFA: long-term keys (no MFA key) denied', `${SEED}; conditions.md §3`, restricted({ resource: DATA, context: { 'aws:SourceVpce': 'vpce-0abc123' } }), 'implicitDeny', { decidedBy: 'identity', missing: ['aws:MultiFactorAuthPresent'] }),
  kase('VPC endpoint + MFA: session without MFA denied', SEED, restricted({ resource: DATA, context: vpceMfa({ 'aws:MultiFactorAuthPresent': 'false' }) }), 'implicitDeny'),
  kase('VPC endpoint + MFA: other VPC endpoint denied', SEED, restricted({ resource: DATA, context: vpceMfa({ 'aws:SourceVpce': 'vpce-9999999' }) }), 'implicitDeny'),
  kase('VPC endpoint + MFA: from the internet (no aws:SourceVpce) denied', `${SEED}; conditions.md §3`, restricted({ resource: DATA, context: { 'aws:SourceIp': '203.0.113.9', 'aws:MultiFactorAuthPresent': 'true' } }), 'implicitDeny'),
  kase('VPC endpoint + MFA: ListBucket on the bucket ARN', SEED, restricted({ action: 's3:ListBucket', resource: 'arn:aws:s3:::data-bucket', context: vpceMfa() }), 'allowed'),
  kase('DenyUnencryptedUploads: PutObject with SSE-KMS', SEED, restricted({ action: 's3:PutObject', resource: DATA, context: vpceMfa({ 's3:x-amz-server-side-encryption': 'aws:kms' }) }), 'allowed'),
  kase('DenyUnencryptedUploads: PutObject with SSE-S3 (AES256)', SEED, restricted({ action: 's3:PutObject', resource: DATA, context: vpceMfa({ 's3:x-amz-server-side-encryption': 'AES256' }) }), 'explicitDeny', { decidedBy: 'identity' }),
  kase('DenyUnencryptedUploads: PutObject without an encryption header', `${SEED}; conditions.md §3 (negated on missing key)`, restricted({ action: 's3:PutObject', resource: DATA, context: vpceMfa() }), 'explicitDeny', { decidedBy: 'identity', why: 'StringNotEquals on the missing s3:x-amz-server-side-encryption key is true, so the Deny applies.' }),
  kase('DenyUnencryptedUploads: deny applies even outside the VPC endpoint', SEED, restricted({ action: 's3:PutObject', resource: DATA, context: { 's3:x-amz-server-side-encryption': 'AES256' } }), 'explicitDeny'),
  kase('DenyUnencryptedUploads: GetObject is not affected', SEED, restricted({ resource: DATA, context: vpceMfa({ 's3:x-amz-server-side-encryption': 'AES256' }) }), 'allowed'),
  kase('DenyUnencryptedUploads: KMS-encrypted PutObject from outside the endpoint still not granted', SEED, restricted({ action: 's3:PutObject', resource: DATA, context: { 's3:x-amz-server-side-encryption': 'aws:kms', 'aws:MultiFactorAuthPresent': 'true' } }), 'implicitDeny', { decidedBy: 'identity' }),
  kase('permission boundary caps a Terraform-created admin role', `${SEED} "Not Using Permission Boundaries"; evaluation.md §3 step 6`, { request: { principal: `arn:aws:sts::${A}:assumed-role/deployer-created/x`, principalDetails: { roleArn: `arn:aws:iam::${A}:role/deployer-created` }, action: 'iam:CreateUser', resource: `arn:aws:iam::${A}:user/backdoor` }, identityPolicies: ids(doc(allow('*'))), permissionBoundary: named('developer-boundary', doc(allow(['s3:*', 'dynamodb:*', 'logs:*']))) }, 'implicitDeny', { decidedBy: 'permissionBoundary' }),
];
