import { A, ALICE, B, BOB, C, FED, QUEUE_A, QUEUE_B, RCP_FULL_AWS_ACCESS, ROLE, ROOT_A, SESSION, allow, aws, deny, doc, fedReq, fullScps, ids, kase, named, rAllow, rDeny, req, sessionReq, FULL_AWS_ACCESS } from './common.mjs';

const X = 'evaluation.md §5';
const SEND = 'sqs:SendMessage';
const Q = (...st) => named('queue-policy', doc(...st));
const grant = (principal, extra = {}) => Q(rAllow(principal, SEND, QUEUE_B, extra));
const ID_ALLOW = doc(allow(SEND, QUEUE_B));
const NO_ALLOW = doc(allow('s3:*'));
/** alice (account A) sends to a queue in account B (account taken from the ARN). */
const xr = (o = {}) => req({ action: SEND, resource: QUEUE_B, resourceAccount: undefined, ...o });
const xs = (o = {}) => sessionReq({ action: SEND, resource: QUEUE_B, resourceAccount: undefined, ...o });
const sc = (r, rp, o = {}) => ({
  request: r,
  ...(o.identity !== undefined && { identityPolicies: ids(...o.identity) }),
  ...(rp !== undefined && { resourcePolicy: rp }),
  ...(o.pb !== undefined && { permissionBoundary: named('boundary', o.pb) }),
  ...(o.session !== undefined && { sessionPolicies: o.session.map((d, i) => named(`session${i + 1}`, d)) }),
  ...(o.scps !== undefined && { scps: o.scps }),
  ...(o.rcps !== undefined && { rcps: o.rcps }),
});

export const cross = [
  kase('identity Allow + queue policy naming the user', `${X} both sides`, sc(xr(), grant(aws(ALICE)), { identity: [ID_ALLOW] }), 'allowed'),
  kase('identity Allow + queue policy naming account A by id', `${X} side B`, sc(xr(), grant(aws(A)), { identity: [ID_ALLOW] }), 'allowed'),
  kase('identity Allow + queue policy naming account A root ARN', `${X} side B`, sc(xr(), grant(aws(ROOT_A)), { identity: [ID_ALLOW] }), 'allowed'),
  kase('identity Allow + queue policy Principal "*"', `${X} side B`, sc(xr(), grant('*'), { identity: [ID_ALLOW] }), 'allowed'),
  kase('identity Allow + queue policy {"AWS": "*"}', `${X} side B`, sc(xr(), grant(aws('*')), { identity: [ID_ALLOW] }), 'allowed'),
  kase('role session: identity Allow + queue policy naming the role', `${X} side B`, sc(xs(), grant(aws(ROLE)), { identity: [ID_ALLOW] }), 'allowed'),
  kase('role session: identity Allow + queue policy naming the session', `${X} side B`, sc(xs(), grant(aws(SESSION)), { identity: [ID_ALLOW] }), 'allowed'),
  kase('no identity Allow: queue policy naming the user is not enough', `${X} ("direct shortcuts do not exist cross-account")`, sc(xr(), grant(aws(ALICE))), 'implicitDeny', { decidedBy: 'identity' }),
  kase('no identity Allow: queue policy "*" is not enough', X, sc(xr(), grant('*')), 'implicitDeny', { decidedBy: 'identity' }),
  kase('no identity Allow: queue policy naming the session is not enough', X, sc(xs(), grant(aws(SESSION))), 'implicitDeny', { decidedBy: 'identity' }),
  kase('no identity Allow: queue policy naming the role is not enough', X, sc(xs(), grant(aws(ROLE))), 'implicitDeny', { decidedBy: 'identity' }),
  kase('identity Allow but no resource policy', `${X} ("without a resource policy … impossible")`, sc(xr(), undefined, { identity: [ID_ALLOW] }), 'implicitDeny', { decidedBy: 'resource' }),
  kase('identity Allow "*" but no resource policy', X, sc(xr(), undefined, { identity: [doc(allow('*'))] }), 'implicitDeny', { decidedBy: 'resource' }),
  kase('identity Allow + queue policy naming another account', `${X} side B`, sc(xr(), grant(aws(C)), { identity: [ID_ALLOW] }), 'implicitDeny', { decidedBy: 'resource' }),
  kase('identity Allow + queue policy naming another user of A', `${X} side B`, sc(xr(), grant(aws(BOB)), { identity: [ID_ALLOW] }), 'implicitDeny', { decidedBy: 'resource' }),
  kase('identity Allow + queue policy for another action', `${X} side B`, sc(xr(), Q(rAllow(aws(A), 'sqs:ReceiveMessage', QUEUE_B)), { identity: [ID_ALLOW] }), 'implicitDeny', { decidedBy: 'resource' }),
  kase('queue policy Allow and Deny for account A: Deny wins', `${X} ("explicit Deny on either side")`, sc(xr(), Q(rAllow(aws(A), SEND, QUEUE_B), rDeny(aws(ALICE), SEND, QUEUE_B)), { identity: [ID_ALLOW] }), 'explicitDeny', { decidedBy: 'resource' }),
  kase('identity Deny on side A beats the queue policy Allow', `${X} ("explicit Deny on either side")`, sc(xr(), grant(aws(ALICE)), { identity: [ID_ALLOW, doc(deny('sqs:*'))] }), 'explicitDeny', { decidedBy: 'identity' }),
  kase('identity Allow is for the own-account queue only', `${X} side A ("on B's resource ARN")`, sc(xr(), grant(aws(A)), { identity: [doc(allow(SEND, QUEUE_A))] }), 'implicitDeny', { decidedBy: 'identity' }),
  kase('identity Allow via Resource "*"', `${X} side A`, sc(xr(), grant(aws(A)), { identity: [doc(allow('sqs:*'))] }), 'allowed'),
  kase('boundary without Allow on side A', `${X} side A PB`, sc(xr(), grant(aws(ALICE)), { identity: [ID_ALLOW], pb: NO_ALLOW }), 'implicitDeny', { decidedBy: 'permissionBoundary' }),
  kase('boundary with Allow on side A', `${X} side A PB`, sc(xr(), grant(aws(ALICE)), { identity: [ID_ALLOW], pb: doc(allow('sqs:*')) }), 'allowed'),
  kase('session policy without Allow on side A, even though B names the session', `${X} side A session`, sc(xs(), grant(aws(SESSION)), { identity: [ID_ALLOW], session: [NO_ALLOW] }), 'implicitDeny', { decidedBy: 'session' }),
  kase('session policy with Allow on side A', `${X} side A session`, sc(xs(), grant(aws(ROLE)), { identity: [ID_ALLOW], session: [doc(allow('sqs:*'))] }), 'allowed'),
  kase('SCP of A denies', `${X} side A SCPs`, sc(xr(), grant(aws(A)), { identity: [ID_ALLOW], scps: [[FULL_AWS_ACCESS], [FULL_AWS_ACCESS, named('deny-sqs', doc(deny('sqs:*')))]] }), 'explicitDeny', { decidedBy: 'scp' }),
  kase('SCP of A has no Allow at one level', `${X} side A SCPs`, sc(xr(), grant(aws(A)), { identity: [ID_ALLOW], scps: [[FULL_AWS_ACCESS], [named('s3-only', doc(allow('s3:*')))]] }), 'implicitDeny', { decidedBy: 'scp' }),
  kase('SCPs of A all allow', `${X} side A SCPs`, sc(xr(), grant(aws(A)), { identity: [ID_ALLOW], scps: fullScps() }), 'allowed'),
  kase('RCP of B denies callers outside the organization', `${X} side B RCPs`, sc(xr({ context: { 'aws:PrincipalOrgID': 'o-other' } }), grant(aws(A)), { identity: [ID_ALLOW], rcps: [[RCP_FULL_AWS_ACCESS, named('perimeter', doc(rDeny('*', 'sqs:*', '*', { Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-b' } } })))]] }), 'explicitDeny', { decidedBy: 'rcp' }),
  kase('RCP of B lets callers of its organization through', `${X} side B RCPs`, sc(xr({ context: { 'aws:PrincipalOrgID': 'o-b' } }), grant(aws(A)), { identity: [ID_ALLOW], rcps: [[RCP_FULL_AWS_ACCESS, named('perimeter', doc(rDeny('*', 'sqs:*', '*', { Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-b' } } })))]] }), 'allowed'),
  kase('queue policy "*" limited by aws:PrincipalOrgID: same organization', `${X} side B`, sc(xr({ context: { 'aws:PrincipalOrgID': 'o-b' } }), grant('*', { Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-b' } } }), { identity: [ID_ALLOW] }), 'allowed'),
  kase('queue policy "*" limited by aws:PrincipalOrgID: key absent', `${X} side B; conditions.md §3`, sc(xr(), grant('*', { Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-b' } } }), { identity: [ID_ALLOW] }), 'implicitDeny', { decidedBy: 'resource', missing: ['aws:PrincipalOrgID'] }),
  kase('queue policy "*" limited by aws:PrincipalAccount: another account', `${X} side B`, sc(xr({ context: { 'aws:PrincipalAccount': A } }), grant('*', { Condition: { StringEquals: { 'aws:PrincipalAccount': C } } }), { identity: [ID_ALLOW] }), 'implicitDeny'),
  kase('S3 bucket in B (resourceAccount given): bucket policy naming A', X, sc(req({ resource: 'arn:aws:s3:::bucket-b/x', resourceAccount: B }), named('bucket-policy', doc(rAllow(aws(A), 's3:GetObject', 'arn:aws:s3:::bucket-b/*'))), { identity: [doc(allow('s3:GetObject'))] }), 'allowed'),
  kase('S3 bucket in B (resourceAccount given): no identity Allow', X, sc(req({ resource: 'arn:aws:s3:::bucket-b/x', resourceAccount: B }), named('bucket-policy', doc(rAllow(aws(ALICE), 's3:GetObject', 'arn:aws:s3:::bucket-b/*')))), 'implicitDeny', { decidedBy: 'identity' }),
  kase('S3 bucket without resourceAccount defaults to the principal account (same-account rules)', 'types.ts resourceAccount default; evaluation.md §4 row 1', sc(req({ resource: 'arn:aws:s3:::bucket-b/x', resourceAccount: undefined }), named('bucket-policy', doc(rAllow(aws(ALICE), 's3:GetObject', 'arn:aws:s3:::bucket-b/*')))), 'allowed', {
    why: 'S3 ARNs carry no account; with no resourceAccount the engine uses the principal account, so the direct user grant applies.',
  }),
  kase('root user of A: queue policy naming account A, no identity policies', `${X}; evaluation.md §9 root`, sc(xr({ principal: ROOT_A }), grant(aws(A))), 'allowed', {
    why: 'The root user is implicitly allowed on its own side (it has every permission of account A); B trusts account A.',
  }),
  kase('root user of A: queue policy naming only a user of A', `${X}; evaluation.md §9 root`, sc(xr({ principal: ROOT_A }), grant(aws(ALICE))), 'implicitDeny', { decidedBy: 'resource' }),
  kase('federated user: queue policy naming the federated user, identity and session Allow', X, sc(fedReq({ action: SEND, resource: QUEUE_B, resourceAccount: undefined }), grant(aws(FED)), { identity: [ID_ALLOW], session: [doc(allow('sqs:*'))] }), 'allowed'),
  kase('federated user without a session policy', `${X} side A; evaluation.md §3 step 7`, sc(fedReq({ action: SEND, resource: QUEUE_B, resourceAccount: undefined }), grant(aws(FED)), { identity: [ID_ALLOW] }), 'implicitDeny', { why: 'GetFederationToken without a session policy yields no permissions on side A.' }),
  kase('queue policy Deny on insecure transport for everyone', `${X} side B`, sc(xr({ context: { 'aws:SecureTransport': 'false' } }), Q(rAllow(aws(A), SEND, QUEUE_B), rDeny('*', 'sqs:*', QUEUE_B, { Condition: { Bool: { 'aws:SecureTransport': 'false' } } })), { identity: [ID_ALLOW] }), 'explicitDeny', { decidedBy: 'resource' }),
  kase('B principal into A: mirror of the basic case', X, sc(req({ principal: `arn:aws:iam::${B}:user/zed`, action: SEND, resource: QUEUE_A, resourceAccount: undefined }), Q(rAllow(aws(B), SEND, QUEUE_A)), { identity: [doc(allow(SEND, QUEUE_A))] }), 'allowed'),
];
