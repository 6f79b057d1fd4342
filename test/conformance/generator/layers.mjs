import { A, ALICE, B, FED, FULL_AWS_ACCESS, OBJ, QUEUE_A, RCP_FULL_AWS_ACCESS, ROLE, ROOT_A, SESSION, allow, aws, deny, doc, fedReq, fullRcps, fullScps, ids, kase, named, rAllow, rDeny, req, sessionReq } from './common.mjs';

const PB = 'evaluation.md §3 step 6';
const SP = 'evaluation.md §3 step 7';
const GA = 's3:GetObject';
const NO_ALLOW = doc(allow('sqs:*'));
const sc = (r, o = {}) => ({
  request: r,
  ...(o.identity !== undefined && { identityPolicies: ids(...o.identity) }),
  ...(o.rp !== undefined && { resourcePolicy: named('bucket-policy', o.rp) }),
  ...(o.pb !== undefined && { permissionBoundary: named('boundary', o.pb) }),
  ...(o.session !== undefined && { sessionPolicies: o.session.map((d, i) => named(`session${i + 1}`, d)) }),
  ...(o.scps !== undefined && { scps: o.scps }),
  ...(o.rcps !== undefined && { rcps: o.rcps }),
});
const grant = (p) => doc(rAllow(p, GA, OBJ));

export const boundaries = [
  kase('identity Allow and boundary Allow', PB, sc(req(), { identity: [doc(allow(GA))], pb: doc(allow(GA)) }), 'allowed'),
  kase('identity Allow, boundary without Allow', PB, sc(req(), { identity: [doc(allow(GA))], pb: NO_ALLOW }), 'implicitDeny', { decidedBy: 'permissionBoundary' }),
  kase('boundary Allow alone grants nothing', PB, sc(req(), { pb: doc(allow('*')) }), 'implicitDeny', { decidedBy: 'identity' }),
  kase('boundary Deny', 'evaluation.md §3 step 1', sc(req(), { identity: [doc(allow('*'))], pb: doc(allow('*'), deny(GA)) }), 'explicitDeny', { decidedBy: 'permissionBoundary' }),
  kase('identity Deny with boundary Allow', 'evaluation.md §3 step 1', sc(req(), { identity: [doc(allow('*'), deny(GA))], pb: doc(allow('*')) }), 'explicitDeny', { decidedBy: 'identity' }),
  kase('boundary s3:* covers identity s3:GetObject', PB, sc(req(), { identity: [doc(allow(GA, OBJ))], pb: doc(allow('s3:*')) }), 'allowed'),
  kase('boundary limited to another bucket', PB, sc(req(), { identity: [doc(allow('s3:*'))], pb: doc(allow('s3:*', 'arn:aws:s3:::other/*')) }), 'implicitDeny', { decidedBy: 'permissionBoundary' }),
  kase('boundary condition on region: other region', PB, sc(req({ context: { 'aws:RequestedRegion': 'us-west-2' } }), { identity: [doc(allow('*'))], pb: doc(allow('*', '*', { Condition: { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } } })) }), 'implicitDeny', { decidedBy: 'permissionBoundary' }),
  kase('boundary condition on region: allowed region', PB, sc(req({ context: { 'aws:RequestedRegion': 'us-east-1' } }), { identity: [doc(allow('*'))], pb: doc(allow('*', '*', { Condition: { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } } })) }), 'allowed'),
  kase('boundary NotAction iam:*: iam action capped', PB, sc(req({ action: 'iam:CreateUser', resource: `arn:aws:iam::${A}:user/eve`, resourceAccount: undefined }), { identity: [doc(allow('*'))], pb: doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }) }), 'implicitDeny', { decidedBy: 'permissionBoundary' }),
  kase('boundary NotAction iam:*: s3 action passes', PB, sc(req(), { identity: [doc(allow('*'))], pb: doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }) }), 'allowed'),
  kase('boundary of a role applies to its sessions', PB, sc(sessionReq(), { identity: [doc(allow('*'))], pb: NO_ALLOW }), 'implicitDeny', { decidedBy: 'permissionBoundary' }),
  kase('identity, boundary and session policy all allow', `${PB}; ${SP}`, sc(sessionReq(), { identity: [doc(allow('*'))], pb: doc(allow('s3:*')), session: [doc(allow(GA))] }), 'allowed'),
  kase('identity and boundary allow, session policy does not', SP, sc(sessionReq(), { identity: [doc(allow('*'))], pb: doc(allow('s3:*')), session: [NO_ALLOW] }), 'implicitDeny', { decidedBy: 'session' }),
  kase('identity allows two actions, boundary one: the other is capped', PB, sc(req({ action: 's3:PutObject' }), { identity: [doc(allow(['s3:GetObject', 's3:PutObject']))], pb: doc(allow(GA)) }), 'implicitDeny', { decidedBy: 'permissionBoundary' }),
  kase('boundary with the Allow in its second statement', PB, sc(req(), { identity: [doc(allow(GA))], pb: doc(allow('sqs:*'), allow('s3:Get*')) }), 'allowed'),
  kase('boundary with NotResource excluding the object', PB, sc(req(), { identity: [doc(allow('*'))], pb: doc({ Effect: 'Allow', Action: '*', NotResource: 'arn:aws:s3:::bucket/*' }) }), 'implicitDeny', { decidedBy: 'permissionBoundary' }),
  kase('resource policy naming the user: boundary ignored', 'evaluation.md §4 row 1', sc(req(), { rp: grant(aws(ALICE)), pb: NO_ALLOW }), 'allowed'),
  kase('resource policy naming the role: boundary limits', 'evaluation.md §4 row 4', sc(sessionReq(), { rp: grant(aws(ROLE)), pb: NO_ALLOW }), 'implicitDeny', { decidedBy: 'permissionBoundary' }),
  kase('resource policy naming the session: boundary ignored', 'evaluation.md §4 row 5', sc(sessionReq(), { rp: grant(aws(SESSION)), pb: NO_ALLOW }), 'allowed'),
  kase('resource policy "*": boundary ignored', 'evaluation.md §4 row 6', sc(req(), { rp: grant('*'), pb: NO_ALLOW }), 'allowed'),
  kase('resource policy naming the account: boundary limits', 'evaluation.md §4 row 7', sc(req(), { rp: grant(aws(A)), identity: [doc(allow(GA))], pb: NO_ALLOW }), 'implicitDeny', { decidedBy: 'permissionBoundary' }),
  kase('resource policy Deny beats boundary Allow', 'evaluation.md §3 step 1', sc(req(), { rp: doc(rDeny('*', GA, OBJ)), identity: [doc(allow(GA))], pb: doc(allow('*')) }), 'explicitDeny', { decidedBy: 'resource' }),
  kase('delegated admin: CreateUser allowed with the required boundary', `${PB}; conditions.md §7 iam:PermissionsBoundary`, sc(req({ action: 'iam:CreateUser', resource: `arn:aws:iam::${A}:user/eve`, resourceAccount: undefined, context: { 'iam:PermissionsBoundary': `arn:aws:iam::${A}:policy/dev-boundary` } }), { identity: [doc(allow('iam:*'))], pb: doc(allow('iam:CreateUser', '*', { Condition: { StringEquals: { 'iam:PermissionsBoundary': `arn:aws:iam::${A}:policy/dev-boundary` } } })) }), 'allowed'),
  kase('delegated admin: CreateUser without a boundary is capped', `${PB}; conditions.md §3`, sc(req({ action: 'iam:CreateUser', resource: `arn:aws:iam::${A}:user/eve`, resourceAccount: undefined }), { identity: [doc(allow('iam:*'))], pb: doc(allow('iam:CreateUser', '*', { Condition: { StringEquals: { 'iam:PermissionsBoundary': `arn:aws:iam::${A}:policy/dev-boundary` } } })) }), 'implicitDeny', { decidedBy: 'permissionBoundary', missing: ['iam:PermissionsBoundary'] }),
  kase('boundary Deny on removing itself', 'evaluation.md §3 step 1', sc(req({ action: 'iam:DeleteUserPermissionsBoundary', resource: ALICE, resourceAccount: undefined }), { identity: [doc(allow('*'))], pb: doc(allow('*'), deny('iam:DeleteUserPermissionsBoundary')) }), 'explicitDeny', { decidedBy: 'permissionBoundary' }),
  kase('federated user: the source user\'s boundary applies', `${PB}; evaluation.md §4 row 2`, sc(fedReq(), { identity: [doc(allow('*'))], pb: NO_ALLOW, session: [doc(allow('*'))] }), 'implicitDeny', { decidedBy: 'permissionBoundary' }),
  kase('cross-account: boundary without Allow on the caller side', 'evaluation.md §5', sc(req({ action: 'sqs:SendMessage', resource: `arn:aws:sqs:us-east-1:${B}:q1`, resourceAccount: undefined }), { identity: [doc(allow('sqs:*'))], rp: doc(rAllow(aws(ALICE), 'sqs:SendMessage', `arn:aws:sqs:us-east-1:${B}:q1`)), pb: doc(allow('s3:*')) }), 'implicitDeny', { decidedBy: 'permissionBoundary' }),
];

export const sessions = [
  kase('role session without session policy: role policies apply', SP, sc(sessionReq(), { identity: [doc(allow(GA))] }), 'allowed', { decidedBy: 'identity' }),
  kase('role session with a session policy that allows', SP, sc(sessionReq(), { identity: [doc(allow(GA))], session: [doc(allow('s3:*'))] }), 'allowed'),
  kase('role session with a session policy without Allow', SP, sc(sessionReq(), { identity: [doc(allow(GA))], session: [NO_ALLOW] }), 'implicitDeny', { decidedBy: 'session' }),
  kase('role session with a session policy Deny', 'evaluation.md §3 step 1', sc(sessionReq(), { identity: [doc(allow(GA))], session: [doc(allow('*'), deny(GA))] }), 'explicitDeny', { decidedBy: 'session' }),
  kase('session policy Allow grants nothing without identity Allow', 'evaluation.md §3 step 5', sc(sessionReq(), { identity: [], session: [doc(allow('*'))] }), 'implicitDeny', { decidedBy: 'identity' }),
  kase('any Allow among several session policies counts', 'evaluation.md §1 session policies', sc(sessionReq(), { identity: [doc(allow(GA))], session: [NO_ALLOW, doc(allow(GA, OBJ))] }), 'allowed'),
  kase('broad session policy does not widen narrow role policy', SP, sc(sessionReq({ action: 's3:PutObject' }), { identity: [doc(allow(GA))], session: [doc(allow('s3:*'))] }), 'implicitDeny', { decidedBy: 'identity' }),
  kase('session policy limited to another bucket', SP, sc(sessionReq(), { identity: [doc(allow('s3:*'))], session: [doc(allow('s3:*', 'arn:aws:s3:::other/*'))] }), 'implicitDeny', { decidedBy: 'session' }),
  kase('session policy with a condition that holds', SP, sc(sessionReq({ context: { 'aws:PrincipalArn': ROLE, 'aws:SourceIp': '203.0.113.9' } }), { identity: [doc(allow(GA))], session: [doc(allow('*', '*', { Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } }))] }), 'allowed'),
  kase('session policy with a condition that fails', SP, sc(sessionReq({ context: { 'aws:PrincipalArn': ROLE, 'aws:SourceIp': '198.51.100.1' } }), { identity: [doc(allow(GA))], session: [doc(allow('*', '*', { Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } }))] }), 'implicitDeny', { decidedBy: 'session' }),
  kase('session policy Deny NotAction outside s3', 'evaluation.md §2; §3 step 1', sc(sessionReq({ action: 'sqs:SendMessage', resource: QUEUE_A, resourceAccount: undefined }), { identity: [doc(allow('*'))], session: [doc(allow('*'), { Effect: 'Deny', NotAction: 's3:*', Resource: '*' })] }), 'explicitDeny', { decidedBy: 'session' }),
  kase('federated user without a session policy has no permissions', `${SP} (GetFederationToken without policy)`, sc(fedReq(), { identity: [doc(allow('*'))] }), 'implicitDeny'),
  kase('federated user with identity and session policy Allow', SP, sc(fedReq(), { identity: [doc(allow(GA))], session: [doc(allow(GA))] }), 'allowed'),
  kase('federated user with a session policy without Allow', SP, sc(fedReq(), { identity: [doc(allow(GA))], session: [NO_ALLOW] }), 'implicitDeny', { decidedBy: 'session' }),
  kase('federated user: session policy Allow without identity Allow', 'evaluation.md §3 step 5', sc(fedReq(), { identity: [], session: [doc(allow('*'))] }), 'implicitDeny', { decidedBy: 'identity' }),
  kase('resource policy naming the session ARN: session policy ignored', 'evaluation.md §4 row 5 + notes', sc(sessionReq(), { rp: grant(aws(SESSION)), session: [NO_ALLOW] }), 'allowed', { decidedBy: 'resource' }),
  kase('resource policy naming the role ARN: session policy limits', 'evaluation.md §4 row 4 + notes', sc(sessionReq(), { rp: grant(aws(ROLE)), session: [NO_ALLOW] }), 'implicitDeny', { decidedBy: 'session' }),
  kase('resource policy naming the role ARN: session policy allows, no identity policy', 'evaluation.md §4 row 4', sc(sessionReq(), { rp: grant(aws(ROLE)), session: [doc(allow(GA))] }), 'allowed'),
  kase('resource policy naming the federated user: no session policy needed', 'evaluation.md §4 row 3', sc(fedReq(), { rp: grant(aws(FED)) }), 'allowed', { decidedBy: 'resource' }),
  kase('resource policy naming the source user: federated session with session Allow', 'evaluation.md §4 row 2', sc(fedReq(), { rp: grant(aws(ALICE)), session: [doc(allow('s3:*'))] }), 'allowed'),
  kase('resource policy naming the source user: federated session without session Allow', 'evaluation.md §4 row 2', sc(fedReq(), { rp: grant(aws(ALICE)), session: [NO_ALLOW] }), 'implicitDeny', { decidedBy: 'session' }),
  kase('resource policy naming the account: session policy limits', 'evaluation.md §4 row 7', sc(sessionReq(), { rp: grant(aws(ROOT_A)), identity: [doc(allow('*'))], session: [NO_ALLOW] }), 'implicitDeny', { decidedBy: 'session' }),
  kase('resource policy "*": session policy ignored', 'evaluation.md §4 row 6', sc(sessionReq(), { rp: grant('*'), session: [NO_ALLOW] }), 'allowed', { decidedBy: 'resource' }),
  kase('session policy Deny beats a resource policy naming the session', 'evaluation.md §3 step 1', sc(sessionReq(), { rp: grant(aws(SESSION)), session: [doc(deny(GA))] }), 'explicitDeny', { decidedBy: 'session' }),
  kase('session tags in aws:PrincipalTag: session policy condition holds', SP, sc(sessionReq({ context: { 'aws:PrincipalArn': ROLE, 'aws:PrincipalTag/project': 'apollo' } }), { identity: [doc(allow('*'))], session: [doc(allow('*', '*', { Condition: { StringEquals: { 'aws:PrincipalTag/project': 'apollo' } } }))] }), 'allowed'),
  kase('session of a role with a path: role policies apply', SP, sc(sessionReq({ principalDetails: { roleArn: `arn:aws:iam::${A}:role/service/app` }, context: { 'aws:PrincipalArn': `arn:aws:iam::${A}:role/service/app` } }), { identity: [doc(allow(GA, '*', { Condition: { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${A}:role/service/*` } } }))] }), 'allowed'),
  kase('role session ARN as the caller, role ARN derived without principalDetails', 'task convention: role ARN derived without path', sc(req({ principal: SESSION }), { rp: grant(aws(ROLE)) }), 'allowed', { why: 'No principalDetails.roleArn and no aws:PrincipalArn: the engine derives arn:aws:iam::A:role/app from the session ARN.' }),
];

const SCP = 'evaluation.md §10';
const scpDeny = (name, d) => named(name, doc(d));
const levels3 = (root, ou, acct) => [root, ou, acct];
const F = [FULL_AWS_ACCESS];
const S3_ONLY = named('s3-only', doc(allow('s3:*')));
const SLR_ARN = `arn:aws:iam::${A}:role/aws-service-role/elasticbeanstalk.amazonaws.com/AWSServiceRoleForElasticBeanstalk`;
const SLR_SESSION = `arn:aws:sts::${A}:assumed-role/AWSServiceRoleForElasticBeanstalk/eb`;
const DENY_ALL = scpDeny('deny-all', deny('*'));

export const scps = [
  kase('FullAWSAccess at every level + identity Allow', SCP, sc(req(), { identity: [doc(allow(GA))], scps: fullScps() }), 'allowed'),
  kase('single level with FullAWSAccess', SCP, sc(req(), { identity: [doc(allow(GA))], scps: [F] }), 'allowed'),
  kase('root level without Allow', `${SCP} ("every level")`, sc(req(), { identity: [doc(allow(GA))], scps: levels3([named('sqs-only', doc(allow('sqs:*')))], F, F) }), 'implicitDeny', { decidedBy: 'scp' }),
  kase('OU level without Allow', `${SCP} ("every level")`, sc(req(), { identity: [doc(allow(GA))], scps: levels3(F, [named('sqs-only', doc(allow('sqs:*')))], F) }), 'implicitDeny', { decidedBy: 'scp' }),
  kase('account level without Allow', `${SCP} ("every level")`, sc(req(), { identity: [doc(allow(GA))], scps: levels3(F, F, [named('sqs-only', doc(allow('sqs:*')))]) }), 'implicitDeny', { decidedBy: 'scp' }),
  kase('a level with no policies has no Allow', `${SCP} ("every level")`, sc(req(), { identity: [doc(allow(GA))], scps: levels3(F, [], F) }), 'implicitDeny', { decidedBy: 'scp', why: 'AWS requires one SCP per level; an empty level given to the engine has no applicable Allow.' }),
  kase('Deny at the root level', SCP, sc(req(), { identity: [doc(allow(GA))], scps: levels3([FULL_AWS_ACCESS, DENY_ALL], F, F) }), 'explicitDeny', { decidedBy: 'scp' }),
  kase('Deny at an OU level', SCP, sc(req(), { identity: [doc(allow(GA))], scps: levels3(F, [FULL_AWS_ACCESS, scpDeny('deny-s3', deny('s3:*'))], F) }), 'explicitDeny', { decidedBy: 'scp' }),
  kase('Deny at the account level', SCP, sc(req(), { identity: [doc(allow(GA))], scps: levels3(F, F, [FULL_AWS_ACCESS, scpDeny('deny-get', deny(GA))]) }), 'explicitDeny', { decidedBy: 'scp' }),
  kase('Deny in an SCP even without any Allow at that level', SCP, sc(req(), { identity: [doc(allow(GA))], scps: levels3(F, [DENY_ALL], F) }), 'explicitDeny', { decidedBy: 'scp' }),
  kase('allow-list SCP at an OU: listed service passes', SCP, sc(req(), { identity: [doc(allow(GA))], scps: levels3(F, [S3_ONLY], F) }), 'allowed'),
  kase('allow-list SCP at an OU: other service capped', SCP, sc(req({ action: 'sqs:SendMessage', resource: QUEUE_A, resourceAccount: undefined }), { identity: [doc(allow('*'))], scps: levels3(F, [S3_ONLY], F) }), 'implicitDeny', { decidedBy: 'scp' }),
  kase('two allow-list SCPs at one level: either may allow', SCP, sc(req({ action: 'sqs:SendMessage', resource: QUEUE_A, resourceAccount: undefined }), { identity: [doc(allow('*'))], scps: levels3(F, [S3_ONLY, named('sqs-only', doc(allow('sqs:*')))], F) }), 'allowed'),
  kase('allow-list with a wildcard action at the account level', SCP, sc(req(), { identity: [doc(allow('*'))], scps: levels3(F, F, [named('read-only', doc(allow('s3:Get*')))]) }), 'allowed'),
  kase('SCP allow with a Resource restriction: other bucket capped', SCP, sc(req(), { identity: [doc(allow('*'))], scps: levels3(F, [named('corp-buckets', doc(allow('s3:*', 'arn:aws:s3:::corp-*')))], F) }), 'implicitDeny', { decidedBy: 'scp' }),
  kase('SCPs never grant: FullAWSAccess without identity Allow', `${SCP} ("they never grant")`, sc(req(), { scps: fullScps() }), 'implicitDeny', { decidedBy: 'identity' }),
  kase('region-lock SCP: allowed region', SCP, sc(req({ context: { 'aws:RequestedRegion': 'us-east-1' } }), { identity: [doc(allow('*'))], scps: levels3(F, [FULL_AWS_ACCESS, scpDeny('region-lock', deny('*', '*', { Condition: { StringNotEquals: { 'aws:RequestedRegion': ['us-east-1', 'eu-west-1'] } } }))], F) }), 'allowed'),
  kase('region-lock SCP: other region denied', SCP, sc(req({ context: { 'aws:RequestedRegion': 'ap-south-1' } }), { identity: [doc(allow('*'))], scps: levels3(F, [FULL_AWS_ACCESS, scpDeny('region-lock', deny('*', '*', { Condition: { StringNotEquals: { 'aws:RequestedRegion': ['us-east-1', 'eu-west-1'] } } }))], F) }), 'explicitDeny', { decidedBy: 'scp' }),
  kase('region-lock SCP with NotAction exempts global services', `${SCP}; evaluation.md §2 NotAction`, sc(req({ action: 'iam:ListUsers', resource: undefined, resourceAccount: undefined, context: { 'aws:RequestedRegion': 'ap-south-1' } }), { identity: [doc(allow('*'))], scps: levels3(F, [FULL_AWS_ACCESS, named('region-lock', doc({ Effect: 'Deny', NotAction: ['iam:*', 'sts:*', 'organizations:*'], Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': 'us-east-1' } } }))], F) }), 'allowed'),
  kase('SCP Deny exempting an admin role: admin passes', SCP, sc(sessionReq({ principal: `arn:aws:sts::${A}:assumed-role/admin/x`, principalDetails: { roleArn: `arn:aws:iam::${A}:role/admin` }, context: { 'aws:PrincipalArn': `arn:aws:iam::${A}:role/admin` } }), { identity: [doc(allow('*'))], scps: levels3(F, F, [FULL_AWS_ACCESS, scpDeny('protect', deny('s3:*', '*', { Condition: { ArnNotLike: { 'aws:PrincipalArn': `arn:aws:iam::${A}:role/admin` } } }))]) }), 'allowed'),
  kase('SCP Deny exempting an admin role: other role denied', SCP, sc(sessionReq(), { identity: [doc(allow('*'))], scps: levels3(F, F, [FULL_AWS_ACCESS, scpDeny('protect', deny('s3:*', '*', { Condition: { ArnNotLike: { 'aws:PrincipalArn': `arn:aws:iam::${A}:role/admin` } } }))]) }), 'explicitDeny', { decidedBy: 'scp' }),
  kase('SCP Deny on a principal tag', SCP, sc(req({ context: { 'aws:PrincipalTag/env': 'sandbox' } }), { identity: [doc(allow('*'))], scps: levels3(F, [FULL_AWS_ACCESS, scpDeny('no-sandbox-s3', deny('s3:*', '*', { Condition: { StringEquals: { 'aws:PrincipalTag/env': 'sandbox' } } }))], F) }), 'explicitDeny', { decidedBy: 'scp' }),
  kase('SCP Deny applies to the root user of a member account', `${SCP}; evaluation.md §9 root`, sc(req({ principal: ROOT_A }), { scps: levels3(F, [FULL_AWS_ACCESS, DENY_ALL], F) }), 'explicitDeny', { decidedBy: 'scp' }),
  kase('SCP without Allow caps the root user', `${SCP}; evaluation.md §9 root`, sc(req({ principal: ROOT_A }), { scps: levels3(F, [named('sqs-only', doc(allow('sqs:*')))], F) }), 'implicitDeny', { decidedBy: 'scp' }),
  kase('root user under FullAWSAccess SCPs', `${SCP}; evaluation.md §9 root`, sc(req({ principal: ROOT_A }), { scps: fullScps() }), 'allowed'),
  kase('service-linked role (principalDetails flag) is exempt from SCP Deny', 'evaluation.md §3 scp_applies; §9', sc(sessionReq({ principal: SLR_SESSION, principalDetails: { roleArn: SLR_ARN, isServiceLinkedRole: true }, context: { 'aws:PrincipalArn': SLR_ARN } }), { identity: [doc(allow('*'))], scps: levels3([FULL_AWS_ACCESS, DENY_ALL], F, F) }), 'allowed'),
  kase('service-linked role recognised by the /aws-service-role/ path in roleArn', 'evaluation.md §3 scp_applies; types.ts PrincipalDetails', sc(sessionReq({ principal: SLR_SESSION, principalDetails: { roleArn: SLR_ARN } }), { identity: [doc(allow('*'))], scps: levels3([FULL_AWS_ACCESS, DENY_ALL], F, F) }), 'allowed'),
  kase('service-linked role recognised by the path in aws:PrincipalArn', 'evaluation.md §3 scp_applies; task convention', sc(req({ principal: SLR_SESSION, context: { 'aws:PrincipalArn': SLR_ARN } }), { identity: [doc(allow('*'))], scps: levels3([FULL_AWS_ACCESS, DENY_ALL], F, F) }), 'allowed'),
  kase('service-linked role is exempt from SCPs without Allow', 'evaluation.md §3 scp_applies', sc(sessionReq({ principal: SLR_SESSION, principalDetails: { roleArn: SLR_ARN, isServiceLinkedRole: true } }), { identity: [doc(allow('*'))], scps: levels3(F, [named('sqs-only', doc(allow('sqs:*')))], F) }), 'allowed'),
  kase('role named like a service-linked role but on a normal path is not exempt', 'evaluation.md §3 scp_applies', sc(sessionReq({ principal: `arn:aws:sts::${A}:assumed-role/AWSServiceRoleForFake/x`, principalDetails: { roleArn: `arn:aws:iam::${A}:role/AWSServiceRoleForFake` } }), { identity: [doc(allow('*'))], scps: levels3([FULL_AWS_ACCESS, DENY_ALL], F, F) }), 'explicitDeny', { decidedBy: 'scp' }),
  kase('SCP without Allow beats a direct resource-policy grant', 'evaluation.md §3 steps 3-4', sc(req(), { rp: grant(aws(ALICE)), scps: levels3(F, [named('sqs-only', doc(allow('sqs:*')))], F) }), 'implicitDeny', { decidedBy: 'scp' }),
  kase('SCP Deny beats a direct resource-policy grant', 'evaluation.md §3 step 1', sc(req(), { rp: grant(aws(ALICE)), scps: levels3(F, [FULL_AWS_ACCESS, DENY_ALL], F) }), 'explicitDeny', { decidedBy: 'scp' }),
  kase('SCP and boundary both without Allow: the SCP is reported', 'evaluation.md §3 (step 3 before step 6)', sc(req(), { identity: [doc(allow('*'))], pb: NO_ALLOW, scps: levels3(F, [named('sqs-only', doc(allow('sqs:*')))], F) }), 'implicitDeny', { decidedBy: 'scp' }),
  kase('SCP applies to role sessions', SCP, sc(sessionReq(), { identity: [doc(allow('*'))], scps: levels3(F, [FULL_AWS_ACCESS, scpDeny('deny-s3', deny('s3:*'))], F) }), 'explicitDeny', { decidedBy: 'scp' }),
  kase('SCP applies to federated users', SCP, sc(fedReq(), { identity: [doc(allow('*'))], session: [doc(allow('*'))], scps: levels3(F, [FULL_AWS_ACCESS, scpDeny('deny-s3', deny('s3:*'))], F) }), 'explicitDeny', { decidedBy: 'scp' }),
  kase('SCPs do not apply to anonymous callers', 'evaluation.md §9 anonymous', sc(req({ principal: 'anonymous' }), { rp: grant('*'), scps: levels3([FULL_AWS_ACCESS, DENY_ALL], F, F) }), 'allowed', { why: 'Anonymous callers belong to no account, so no SCP applies (§9: SCPs do not).' }),
];

const RCP = 'evaluation.md §10 RCPs';
const rcpDeny = (name, ...st) => named(name, doc(...st));
const R = [RCP_FULL_AWS_ACCESS];
const TLS_ONLY = rcpDeny('tls-only', rDeny('*', 's3:*', '*', { Condition: { BoolIfExists: { 'aws:SecureTransport': 'false' } } }));
const PERIMETER = rcpDeny('perimeter', rDeny('*', 's3:*', '*', { Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-a' }, BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' } } }));

export const rcps = [
  kase('RCPFullAWSAccess at every level + identity Allow', RCP, sc(req(), { identity: [doc(allow(GA))], rcps: fullRcps() }), 'allowed'),
  kase('customer RCP Deny at the account level: insecure transport', RCP, sc(req({ context: { 'aws:SecureTransport': 'false' } }), { identity: [doc(allow(GA))], rcps: [R, R, [RCP_FULL_AWS_ACCESS, TLS_ONLY]] }), 'explicitDeny', { decidedBy: 'rcp' }),
  kase('customer RCP Deny at the account level: secure transport passes', RCP, sc(req({ context: { 'aws:SecureTransport': 'true' } }), { identity: [doc(allow(GA))], rcps: [R, R, [RCP_FULL_AWS_ACCESS, TLS_ONLY]] }), 'allowed'),
  kase('customer RCP Deny at the root level', RCP, sc(req({ context: { 'aws:SecureTransport': 'false' } }), { identity: [doc(allow(GA))], rcps: [[RCP_FULL_AWS_ACCESS, TLS_ONLY], R, R] }), 'explicitDeny', { decidedBy: 'rcp' }),
  kase('customer RCP Deny at an OU level', RCP, sc(req({ context: { 'aws:SecureTransport': 'false' } }), { identity: [doc(allow(GA))], rcps: [R, [RCP_FULL_AWS_ACCESS, TLS_ONLY], R] }), 'explicitDeny', { decidedBy: 'rcp' }),
  kase('RCP level without any Allow', `${RCP}; evaluation.md §3 step 2`, sc(req({ context: { 'aws:SecureTransport': 'true' } }), { identity: [doc(allow(GA))], rcps: [R, [TLS_ONLY], R] }), 'implicitDeny', { decidedBy: 'rcp', why: 'RCPFullAWSAccess cannot be detached in AWS; if a level lacks it, §3 step 2 still needs an Allow at every level.' }),
  kase('identity perimeter RCP: caller of another organization denied', RCP, sc(req({ principal: `arn:aws:iam::${B}:user/zed`, context: { 'aws:PrincipalOrgID': 'o-other', 'aws:PrincipalIsAWSService': 'false' } }), { identity: [doc(allow(GA))], rp: grant(aws(B)), rcps: [[RCP_FULL_AWS_ACCESS, PERIMETER]] }), 'explicitDeny', { decidedBy: 'rcp' }),
  kase('identity perimeter RCP: caller of the same organization passes', RCP, sc(req({ principal: `arn:aws:iam::${B}:user/zed`, context: { 'aws:PrincipalOrgID': 'o-a', 'aws:PrincipalIsAWSService': 'false' } }), { identity: [doc(allow(GA))], rp: grant(aws(B)), rcps: [[RCP_FULL_AWS_ACCESS, PERIMETER]] }), 'allowed'),
  kase('identity perimeter RCP: AWS service principal passes', RCP, sc(req({ principal: 'cloudtrail.amazonaws.com', context: { 'aws:PrincipalIsAWSService': 'true' } }), { rp: grant({ Service: 'cloudtrail.amazonaws.com' }), rcps: [[RCP_FULL_AWS_ACCESS, PERIMETER]] }), 'allowed'),
  kase('RCP applies to anonymous callers', 'evaluation.md §9 anonymous ("RCPs apply")', sc(req({ principal: 'anonymous' }), { rp: grant('*'), rcps: [[RCP_FULL_AWS_ACCESS, PERIMETER]] }), 'explicitDeny', { decidedBy: 'rcp', why: 'Anonymous requests carry no aws:PrincipalOrgID / aws:PrincipalIsAWSService, so both IfExists clauses are true.' }),
  kase('RCP applies to same-account callers', `${RCP} ("internal callers alike")`, sc(req({ context: { 'aws:PrincipalOrgID': 'o-x' } }), { identity: [doc(allow(GA))], rcps: [[RCP_FULL_AWS_ACCESS, PERIMETER]] }), 'explicitDeny', { decidedBy: 'rcp' }),
  kase('RCPs never grant: RCPFullAWSAccess without identity Allow', RCP, sc(req(), { rcps: fullRcps() }), 'implicitDeny', { decidedBy: 'identity' }),
  kase('RCPs do not apply to a service without RCP support (EC2)', 'evaluation.md §3 rcp_applies', sc(req({ action: 'ec2:TerminateInstances', resource: `arn:aws:ec2:us-east-1:${A}:instance/i-0123456789abcdef0`, resourceAccount: undefined }), { identity: [doc(allow('ec2:*'))], rcps: [[RCP_FULL_AWS_ACCESS, rcpDeny('deny-all', rDeny('*', '*', '*'))]] }), 'allowed', { why: 'EC2 is not in the RCP-supported service list (the list is unconfirmed, but EC2 is not in any version of it).' }),
  kase('RCP Deny beats a cross-account bucket-policy grant', 'evaluation.md §5 side B', sc(req({ principal: `arn:aws:iam::${B}:user/zed`, context: { 'aws:SecureTransport': 'false' } }), { identity: [doc(allow(GA))], rp: grant(aws(B)), rcps: [[RCP_FULL_AWS_ACCESS, TLS_ONLY]] }), 'explicitDeny', { decidedBy: 'rcp' }),
  kase('RCP full access and a direct same-account grant', 'evaluation.md §3 steps 2, 4', sc(req(), { rp: grant(aws(ALICE)), rcps: fullRcps() }), 'allowed', { decidedBy: 'resource' }),
  kase('RCP without Allow beats a direct same-account grant', 'evaluation.md §3 steps 2, 4', sc(req(), { rp: grant(aws(ALICE)), rcps: [R, [], R] }), 'implicitDeny', { decidedBy: 'rcp' }),
  kase('RCP Deny limited to another bucket does not apply', RCP, sc(req(), { identity: [doc(allow(GA))], rcps: [[RCP_FULL_AWS_ACCESS, rcpDeny('lock-vault', rDeny('*', 's3:*', 'arn:aws:s3:::vault/*'))]] }), 'allowed'),
  kase('RCP Deny limited to the requested bucket applies', RCP, sc(req({ resource: 'arn:aws:s3:::vault/x' }), { identity: [doc(allow('s3:*'))], rcps: [[RCP_FULL_AWS_ACCESS, rcpDeny('lock-vault', rDeny('*', 's3:*', 'arn:aws:s3:::vault/*'))]] }), 'explicitDeny', { decidedBy: 'rcp' }),
  kase('RCP Deny applies to the root user of the resource account', 'evaluation.md §9 root ("explicit denies in … RCPs")', sc(req({ principal: ROOT_A, resource: 'arn:aws:s3:::vault/x' }), { rcps: [[RCP_FULL_AWS_ACCESS, rcpDeny('lock-vault', rDeny('*', 's3:*', 'arn:aws:s3:::vault/*'))]] }), 'explicitDeny', { decidedBy: 'rcp' }),
  kase('RCP on SQS: caller of another organization', RCP, sc(req({ principal: `arn:aws:iam::${B}:user/zed`, action: 'sqs:SendMessage', resource: QUEUE_A, resourceAccount: undefined, context: { 'aws:PrincipalOrgID': 'o-other' } }), { identity: [doc(allow('sqs:*'))], rp: doc(rAllow(aws(B), 'sqs:SendMessage', QUEUE_A)), rcps: [[RCP_FULL_AWS_ACCESS, rcpDeny('sqs-perimeter', rDeny('*', 'sqs:*', '*', { Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-a' } } }))]] }), 'explicitDeny', { decidedBy: 'rcp' }),
  kase('RCP Deny on a resource tag', RCP, sc(req({ context: { 'aws:ResourceTag/classification': 'secret', 'aws:PrincipalTag/clearance': 'low' } }), { identity: [doc(allow('s3:*'))], rcps: [[RCP_FULL_AWS_ACCESS, rcpDeny('classified', rDeny('*', 's3:GetObject', '*', { Condition: { StringEquals: { 'aws:ResourceTag/classification': 'secret' }, StringNotEquals: { 'aws:PrincipalTag/clearance': 'high' } } }))]] }), 'explicitDeny', { decidedBy: 'rcp' }),
  kase('RCP Deny on sts:AssumeRole without an external id', `${RCP}; evaluation.md §6`, { request: req({ principal: `arn:aws:iam::${B}:user/zed`, action: 'sts:AssumeRole', resource: `arn:aws:iam::${A}:role/target`, resourceAccount: undefined }), identityPolicies: ids(doc(allow('sts:AssumeRole'))), resourcePolicy: named('trust', doc({ Effect: 'Allow', Principal: aws(B), Action: 'sts:AssumeRole' })), resourcePolicyKind: 'trust', rcps: [[RCP_FULL_AWS_ACCESS, rcpDeny('require-external-id', rDeny('*', 'sts:AssumeRole', '*', { Condition: { Null: { 'sts:ExternalId': 'true' } } }))]] }, 'explicitDeny', { decidedBy: 'rcp' }),
  kase('RCP and SCP both without Allow: the RCP is reported', 'evaluation.md §3 (step 2 before step 3)', sc(req(), { identity: [doc(allow('*'))], rcps: [R, [], R], scps: levels3(F, [], F) }), 'implicitDeny', { decidedBy: 'rcp' }),
];
