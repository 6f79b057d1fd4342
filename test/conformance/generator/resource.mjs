import { A, ALICE, BOB, FED, OBJ, QUEUE_A, ROLE, ROOT_A, SESSION, allow, aws, deny, doc, fedReq, ids, kase, named, rAllow, rDeny, req, sessionReq } from './common.mjs';

const T4 = 'evaluation.md §4';
const P = 'policy-grammar.md §4';
const NP = 'evaluation.md §8';
const GA = 's3:GetObject';
/** A bucket policy with the given statements. */
const bucket = (...st) => named('bucket-policy', doc(...st));
const grantTo = (principal, extra = {}) => bucket(rAllow(principal, GA, OBJ, extra));
const NO_ALLOW = doc(allow('sqs:*')); // a policy that applies but grants nothing for s3:GetObject

/** Scenario builder: request `r`, resource policy `rp`, and optional other layers. */
const sc = (r, rp, o = {}) => ({
  request: r,
  ...(rp !== undefined && { resourcePolicy: rp }),
  ...(o.identity !== undefined && { identityPolicies: ids(...o.identity) }),
  ...(o.pb !== undefined && { permissionBoundary: named('boundary', o.pb) }),
  ...(o.session !== undefined && { sessionPolicies: o.session.map((d, i) => named(`session${i + 1}`, d)) }),
});

export const resource = [
  // Row: IAM user ARN, caller = that user
  kase('user ARN named: user allowed without identity policy', `${T4} row 1`, sc(req(), grantTo(aws(ALICE))), 'allowed', { decidedBy: 'resource' }),
  kase('user ARN named: boundary without Allow is ignored', `${T4} row 1 PB column`, sc(req(), grantTo(aws(ALICE)), { pb: NO_ALLOW }), 'allowed', { decidedBy: 'resource' }),
  kase('user ARN named: identity explicit deny still wins', `${T4} ("explicit denies still win")`, sc(req(), grantTo(aws(ALICE)), { identity: [doc(deny(GA))] }), 'explicitDeny', { decidedBy: 'identity' }),
  kase('user ARN named: boundary explicit deny still wins', `${T4} ("explicit denies still win")`, sc(req(), grantTo(aws(ALICE)), { pb: doc(allow('*'), deny(GA)) }), 'explicitDeny', { decidedBy: 'permissionBoundary' }),
  kase('another user named: falls back to identity (none)', T4, sc(req(), grantTo(aws(BOB))), 'implicitDeny', { decidedBy: 'identity' }),
  kase('another user named: identity allows', T4, sc(req(), grantTo(aws(BOB)), { identity: [doc(allow(GA))] }), 'allowed', { decidedBy: 'identity' }),
  kase('user ARN named but for another action', T4, sc(req(), bucket(rAllow(aws(ALICE), 's3:PutObject', OBJ))), 'implicitDeny'),
  kase('user ARN named but for another object', T4, sc(req(), bucket(rAllow(aws(ALICE), GA, 'arn:aws:s3:::bucket/other'))), 'implicitDeny'),
  kase('user ARN named with a condition that holds', T4, sc(req({ context: { 'aws:SecureTransport': 'true' } }), grantTo(aws(ALICE), { Condition: { Bool: { 'aws:SecureTransport': 'true' } } })), 'allowed'),
  kase('user ARN named with a condition that fails', T4, sc(req({ context: { 'aws:SecureTransport': 'false' } }), grantTo(aws(ALICE), { Condition: { Bool: { 'aws:SecureTransport': 'true' } } })), 'implicitDeny'),
  // Row: IAM user ARN, caller = federated-user session of that user
  kase('user ARN named, federated session of the user: session policy allows', `${T4} row 2`, sc(fedReq(), grantTo(aws(ALICE)), { session: [doc(allow(GA))] }), 'allowed', { why: 'Identity implicit deny is ignored; the session policy still limits and here allows.' }),
  kase('user ARN named, federated session of the user: session policy without Allow', `${T4} row 2 session column`, sc(fedReq(), grantTo(aws(ALICE)), { session: [NO_ALLOW] }), 'implicitDeny', { decidedBy: 'session' }),
  kase('user ARN named, federated session of the user: boundary without Allow', `${T4} row 2 PB column`, sc(fedReq(), grantTo(aws(ALICE)), { pb: NO_ALLOW, session: [doc(allow('*'))] }), 'implicitDeny', { decidedBy: 'permissionBoundary' }),
  kase('user ARN named, federated session of the user: no session policy', `${T4} row 2; evaluation.md §3 step 7`, sc(fedReq(), grantTo(aws(ALICE))), 'implicitDeny', { why: 'GetFederationToken without a session policy yields no permissions; a user-ARN grant is cut like identity permissions.' }),
  // Row: federated-user ARN
  kase('federated-user ARN named: allowed with nothing else', `${T4} row 3`, sc(fedReq(), grantTo(aws(FED))), 'allowed', { decidedBy: 'resource' }),
  kase('federated-user ARN named: boundary and session policy without Allow are ignored', `${T4} row 3`, sc(fedReq(), grantTo(aws(FED)), { pb: NO_ALLOW, session: [NO_ALLOW] }), 'allowed', { decidedBy: 'resource' }),
  // Row: role ARN
  kase('role ARN named: session allowed without identity policy', `${T4} row 4`, sc(sessionReq(), grantTo(aws(ROLE))), 'allowed', { decidedBy: 'resource' }),
  kase('role ARN named: boundary without Allow limits', `${T4} row 4 PB column`, sc(sessionReq(), grantTo(aws(ROLE)), { pb: NO_ALLOW }), 'implicitDeny', { decidedBy: 'permissionBoundary' }),
  kase('role ARN named: boundary with Allow', `${T4} row 4 PB column`, sc(sessionReq(), grantTo(aws(ROLE)), { pb: doc(allow('s3:*')) }), 'allowed'),
  kase('role ARN named: session policy without Allow limits', `${T4} row 4 session column`, sc(sessionReq(), grantTo(aws(ROLE)), { session: [NO_ALLOW] }), 'implicitDeny', { decidedBy: 'session' }),
  kase('role ARN named: session policy with Allow', `${T4} row 4 session column`, sc(sessionReq(), grantTo(aws(ROLE)), { session: [doc(allow('s3:*'))] }), 'allowed'),
  kase('role ARN with a path named: matches sessions of that role', `${T4} notes; policy-grammar.md §4`, sc(sessionReq({ principalDetails: { roleArn: `arn:aws:iam::${A}:role/team/app` }, context: { 'aws:PrincipalArn': `arn:aws:iam::${A}:role/team/app` } }), grantTo(aws(`arn:aws:iam::${A}:role/team/app`))), 'allowed', { why: 'The session ARN carries no path; the role ARN with path comes from principalDetails.roleArn.' }),
  kase('another role named: session falls back to identity', T4, sc(sessionReq(), grantTo(aws(`arn:aws:iam::${A}:role/other`))), 'implicitDeny', { decidedBy: 'identity' }),
  // Row: role-session ARN
  kase('session ARN named: allowed without identity policy', `${T4} row 5`, sc(sessionReq(), grantTo(aws(SESSION))), 'allowed', { decidedBy: 'resource' }),
  kase('session ARN named: boundary and session policy without Allow are ignored', `${T4} row 5`, sc(sessionReq(), grantTo(aws(SESSION)), { pb: NO_ALLOW, session: [NO_ALLOW] }), 'allowed', { decidedBy: 'resource' }),
  kase('session ARN named: another session of the same role is not matched', `${T4} notes ("a session ARN must be exact")`, sc(sessionReq({ principal: `arn:aws:sts::${A}:assumed-role/app/s2` }), grantTo(aws(SESSION))), 'implicitDeny', { decidedBy: 'identity' }),
  // Row: "*"
  kase('"*" with aws:PrincipalArn condition: role session allowed, limits ignored', `${T4} row 6`, sc(sessionReq(), grantTo('*', { Condition: { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${A}:role/*` } } }), { pb: NO_ALLOW, session: [NO_ALLOW] }), 'allowed', { decidedBy: 'resource' }),
  kase('"*" with aws:PrincipalArn condition not matching: falls back to identity', `${T4} row 6`, sc(req({ context: { 'aws:PrincipalArn': ALICE } }), grantTo('*', { Condition: { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${A}:role/*` } } })), 'implicitDeny', { decidedBy: 'identity' }),
  kase('"*": user allowed, boundary without Allow ignored', `${T4} row 6`, sc(req(), grantTo('*'), { pb: NO_ALLOW }), 'allowed', { decidedBy: 'resource' }),
  kase('{"AWS": "*"}: user allowed without identity policy', `${T4} row 6; ${P}`, sc(req(), grantTo(aws('*'))), 'allowed', { decidedBy: 'resource' }),
  // Row: account
  kase('account id named: not a grant without identity Allow', `${T4} row 7`, sc(req(), grantTo(aws(A))), 'implicitDeny', { decidedBy: 'identity' }),
  kase('account root ARN named: not a grant without identity Allow', `${T4} row 7`, sc(req(), grantTo(aws(ROOT_A))), 'implicitDeny', { decidedBy: 'identity' }),
  kase('account named: identity Allow grants', `${T4} row 7`, sc(req(), grantTo(aws(A)), { identity: [doc(allow(GA))] }), 'allowed'),
  kase('account named: identity Allow but boundary without Allow', `${T4} row 7`, sc(req(), grantTo(aws(ROOT_A)), { identity: [doc(allow(GA))], pb: NO_ALLOW }), 'implicitDeny', { decidedBy: 'permissionBoundary' }),
  kase('account named: role session with session policy without Allow', `${T4} row 7`, sc(sessionReq(), grantTo(aws(A)), { identity: [doc(allow(GA))], session: [NO_ALLOW] }), 'implicitDeny', { decidedBy: 'session' }),
  // Explicit denies
  kase('resource policy Deny beats identity Allow', 'evaluation.md §3 step 1', sc(req(), bucket(rDeny(aws(ALICE), GA, OBJ)), { identity: [doc(allow('s3:*'))] }), 'explicitDeny', { decidedBy: 'resource' }),
  kase('resource policy Deny "*" beats its own Allow', 'evaluation.md §3 step 1', sc(req(), bucket(rAllow(aws(ALICE), GA, OBJ), rDeny('*', 's3:*', 'arn:aws:s3:::bucket/*'))), 'explicitDeny', { decidedBy: 'resource' }),
  kase('resource policy Deny with a false condition does not apply', 'evaluation.md §2', sc(req({ context: { 'aws:SecureTransport': 'true' } }), bucket(rAllow(aws(ALICE), GA, OBJ), rDeny('*', 's3:*', 'arn:aws:s3:::bucket/*', { Condition: { Bool: { 'aws:SecureTransport': 'false' } } }))), 'allowed'),
  kase('resource policy Deny with a true condition applies', 'evaluation.md §2', sc(req({ context: { 'aws:SecureTransport': 'false' } }), bucket(rAllow(aws(ALICE), GA, OBJ), rDeny('*', 's3:*', 'arn:aws:s3:::bucket/*', { Condition: { Bool: { 'aws:SecureTransport': 'false' } } }))), 'explicitDeny', { decidedBy: 'resource' }),
  // Principal forms
  kase('Principal "*" string form', P, sc(req(), grantTo('*')), 'allowed'),
  kase('Principal AWS list: one entry matches', P, sc(req(), grantTo(aws(BOB, ALICE))), 'allowed'),
  kase('Principal user name is case-sensitive', P, sc(req(), grantTo(aws(`arn:aws:iam::${A}:user/Alice`))), 'implicitDeny', { decidedBy: 'identity' }),
  kase('Principal user with a path matches the user ARN with that path', P, sc(req({ principal: `arn:aws:iam::${A}:user/dev/carol` }), grantTo(aws(`arn:aws:iam::${A}:user/dev/carol`))), 'allowed'),
  kase('Principal user unique ID matches principalDetails.uniqueId', P, sc(req({ principalDetails: { uniqueId: 'AIDAEXAMPLEUSERID0001' } }), grantTo(aws('AIDAEXAMPLEUSERID0001'))), 'allowed'),
  kase('Principal unique ID of another user', P, sc(req({ principalDetails: { uniqueId: 'AIDAEXAMPLEUSERID0001' } }), grantTo(aws('AIDAEXAMPLEUSERID0002'))), 'implicitDeny'),
  kase('Principal role unique ID matches a session of that role', P, sc(sessionReq({ principalDetails: { roleArn: ROLE, uniqueId: 'AROAEXAMPLEROLEID0001' } }), grantTo(aws('AROAEXAMPLEROLEID0001'))), 'allowed', { why: 'A role unique ID stands for the role ARN (§4 row 4: no boundary/session policy here).' }),
  kase('Principal Service: the service is allowed', P, sc(req({ principal: 'logging.s3.amazonaws.com' }), grantTo({ Service: 'logging.s3.amazonaws.com' })), 'allowed', { decidedBy: 'resource' }),
  kase('Principal Service list', P, sc(req({ principal: 'cloudtrail.amazonaws.com' }), grantTo({ Service: ['config.amazonaws.com', 'cloudtrail.amazonaws.com'] })), 'allowed'),
  kase('Principal Service: another service is not', P, sc(req({ principal: 'ec2.amazonaws.com' }), grantTo({ Service: 'lambda.amazonaws.com' })), 'implicitDeny'),
  kase('Principal Service does not match an IAM user', P, sc(req(), grantTo({ Service: 'lambda.amazonaws.com' })), 'implicitDeny', { decidedBy: 'identity' }),
  kase('Principal "*" also matches a service principal', `${P}; conditions.md §6 aws:PrincipalIsAWSService`, sc(req({ principal: 'cloudtrail.amazonaws.com' }), grantTo('*')), 'allowed', { why: '"*" is everyone; AWS documents Deny "*" + aws:PrincipalIsAWSService patterns that rely on it covering services.' }),
  kase('anonymous caller allowed by Principal "*"', `${P}; evaluation.md §9`, sc(req({ principal: 'anonymous' }), grantTo('*')), 'allowed', { decidedBy: 'resource' }),
  kase('anonymous caller allowed by {"AWS": "*"}', `${P}; evaluation.md §9`, sc(req({ principal: 'anonymous' }), grantTo(aws('*'))), 'allowed'),
  kase('anonymous caller not matched by an account principal', 'evaluation.md §9', sc(req({ principal: 'anonymous' }), grantTo(aws(A))), 'implicitDeny'),
  kase('anonymous caller not matched by a user principal', 'evaluation.md §9', sc(req({ principal: 'anonymous' }), grantTo(aws(ALICE))), 'implicitDeny'),
  // NotPrincipal
  kase('Allow + NotPrincipal: an unlisted user is granted', `${NP} Allow`, sc(req(), bucket({ Effect: 'Allow', NotPrincipal: aws(BOB), Action: GA, Resource: OBJ })), 'allowed'),
  kase('Allow + NotPrincipal: the listed user is not granted', `${NP} Allow`, sc(req(), bucket({ Effect: 'Allow', NotPrincipal: aws(ALICE, ROOT_A), Action: GA, Resource: OBJ })), 'implicitDeny', { decidedBy: 'identity' }),
  kase('Allow + NotPrincipal grants anonymous callers too', `${NP} Allow`, sc(req({ principal: 'anonymous' }), bucket({ Effect: 'Allow', NotPrincipal: aws(BOB), Action: GA, Resource: OBJ })), 'allowed'),
  kase('Deny + NotPrincipal: an unlisted user is denied', `${NP} Deny`, sc(req(), bucket({ Effect: 'Deny', NotPrincipal: aws(BOB, ROOT_A), Action: 's3:*', Resource: OBJ })), 'explicitDeny', { decidedBy: 'resource' }),
  kase('Deny + NotPrincipal: user and account listed: exempt', `${NP} Deny`, sc(req(), bucket({ Effect: 'Deny', NotPrincipal: aws(ALICE, ROOT_A), Action: 's3:*', Resource: OBJ }), { identity: [doc(allow(GA))] }), 'allowed'),
  kase('Deny + NotPrincipal: only the user listed, not the account: denied', `${NP} Deny (safe emulation)`, sc(req(), bucket({ Effect: 'Deny', NotPrincipal: aws(ALICE), Action: 's3:*', Resource: OBJ }), { identity: [doc(allow(GA))] }), 'explicitDeny', {
    why: 'Safe emulation: exempt only when every identity in the chain (account ARN + user ARN) is listed. Exact AWS algorithm unconfirmed.',
  }),
  kase('Deny + NotPrincipal: account, role and session listed: session exempt', `${NP} Deny`, sc(sessionReq(), bucket({ Effect: 'Deny', NotPrincipal: aws(ROOT_A, ROLE, SESSION), Action: 's3:*', Resource: OBJ }), { identity: [doc(allow(GA))] }), 'allowed'),
  kase('Deny + NotPrincipal: role listed without its session: session denied', `${NP} Deny (safe emulation)`, sc(sessionReq(), bucket({ Effect: 'Deny', NotPrincipal: aws(ROOT_A, ROLE), Action: 's3:*', Resource: OBJ }), { identity: [doc(allow(GA))] }), 'explicitDeny', {
    why: 'For a role session the chain is account + role + session; the session ARN is not listed, so the Deny applies (unconfirmed algorithm).',
  }),
  kase('Deny + NotPrincipal always denies a principal with a permissions boundary', `${NP} documented quirk`, sc(req(), bucket({ Effect: 'Deny', NotPrincipal: aws(ALICE, ROOT_A), Action: 's3:*', Resource: OBJ }), { identity: [doc(allow(GA))], pb: doc(allow('*')) }), 'explicitDeny', { decidedBy: 'resource' }),
  kase('Deny + NotPrincipal denies anonymous callers', `${NP} Deny`, sc(req({ principal: 'anonymous' }), bucket(rAllow('*', GA, OBJ), { Effect: 'Deny', NotPrincipal: aws(ALICE, ROOT_A), Action: 's3:*', Resource: OBJ })), 'explicitDeny'),
  kase('SQS queue policy: account derived from the queue ARN, user named', `${T4} row 1; types.ts resourceAccount default`, sc(req({ action: 'sqs:SendMessage', resource: QUEUE_A, resourceAccount: undefined }), named('queue-policy', doc(rAllow(aws(ALICE), 'sqs:SendMessage', QUEUE_A)))), 'allowed', { decidedBy: 'resource' }),
];
