import { A, ALICE, B, FULL_AWS_ACCESS, OBJ, RCP_FULL_AWS_ACCESS, ROLE, ROOT_A, SESSION, allow, aws, deny, doc, fullScps, ids, kase, named, rAllow, rDeny, req, sessionReq } from './common.mjs';

const TR = 'evaluation.md §6';
const TARGET = `arn:aws:iam::${A}:role/target`;
const TARGET_B = `arn:aws:iam::${B}:role/target`;
const trustStmt = (Principal, extra = {}) => ({ Effect: 'Allow', Principal, Action: 'sts:AssumeRole', ...extra });
/** A same-account AssumeRole of `target` with trust statements `st` (omit for no trust policy). */
const tr = (r, st, o = {}) => ({
  request: { action: 'sts:AssumeRole', resource: TARGET, ...r },
  ...(o.identity !== undefined && { identityPolicies: ids(...o.identity) }),
  ...(st !== undefined && { resourcePolicy: named('trust-policy', doc(...st)) }),
  resourcePolicyKind: 'trust',
  ...(o.pb !== undefined && { permissionBoundary: named('boundary', o.pb) }),
  ...(o.session !== undefined && { sessionPolicies: o.session.map((d, i) => named(`session${i + 1}`, d)) }),
  ...(o.scps !== undefined && { scps: o.scps }),
});
const user = (o = {}) => ({ principal: ALICE, ...o });
const sess = (o = {}) => ({ principal: SESSION, principalDetails: { roleArn: ROLE }, context: { 'aws:PrincipalArn': ROLE }, ...o });
const ASSUME = doc(allow('sts:AssumeRole', TARGET));
const ASSUME_B = doc(allow('sts:AssumeRole', TARGET_B));
const GH = `arn:aws:iam::${A}:oidc-provider/token.actions.githubusercontent.com`;
const ghCtx = (sub) => ({ 'aws:FederatedProvider': GH, 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com', 'token.actions.githubusercontent.com:sub': sub });
const ghTrust = (action = 'sts:AssumeRoleWithWebIdentity', provider = GH) => [{ Effect: 'Allow', Principal: { Federated: provider }, Action: action, Condition: { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' }, StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:octo-org/app:*' } } }];
const WEB = { why: 'Web identity: the request principal is the identity provider (its ARN, or its host name for Google/Cognito), the call is unsigned, no identity policy is needed.' };

export const trust = [
  kase('same account, trust names the user: no identity policy needed', `${TR} row 1`, tr(user(), [trustStmt(aws(ALICE))]), 'allowed', { decidedBy: 'resource' }),
  kase('same account, trust names only the account: identity Allow required', `${TR} row 2`, tr(user(), [trustStmt(aws(ROOT_A))]), 'implicitDeny', { decidedBy: 'identity' }),
  kase('same account, trust names the account: identity Allow grants', `${TR} row 2`, tr(user(), [trustStmt(aws(ROOT_A))], { identity: [ASSUME] }), 'allowed'),
  kase('same account, trust names the account id: identity Allow grants', `${TR} row 2`, tr(user(), [trustStmt(aws(A))], { identity: [ASSUME] }), 'allowed'),
  kase('no trust policy: even an administrator cannot assume', `${TR} ("mandatory")`, tr(user(), undefined, { identity: [doc(allow('*'))] }), 'implicitDeny', { decidedBy: 'resource' }),
  kase('trust names someone else: administrator cannot assume', `${TR} ("mandatory")`, tr(user(), [trustStmt(aws(`arn:aws:iam::${A}:user/bob`))], { identity: [doc(allow('*'))] }), 'implicitDeny', { decidedBy: 'resource' }),
  kase('trust names the caller role: session allowed without identity policy', `${TR} row 1`, tr(sess(), [trustStmt(aws(ROLE))]), 'allowed'),
  kase('trust names the caller role: boundary without Allow limits', `${TR} row 1 ("PB/session limit per §4 if a role ARN is named")`, tr(sess(), [trustStmt(aws(ROLE))], { pb: doc(allow('s3:*')) }), 'implicitDeny', { decidedBy: 'permissionBoundary' }),
  kase('trust names the caller role: session policy without Allow limits', `${TR} row 1`, tr(sess(), [trustStmt(aws(ROLE))], { session: [doc(allow('s3:*'))] }), 'implicitDeny', { decidedBy: 'session' }),
  kase('trust names the caller session ARN', `${TR} row 1`, tr(sess(), [trustStmt(aws(SESSION))], { pb: doc(allow('s3:*')) }), 'allowed'),
  kase('a role does not implicitly trust itself', `${TR} ("can no longer assume itself implicitly")`, tr(sess({ principal: `arn:aws:sts::${A}:assumed-role/target/s1`, principalDetails: { roleArn: TARGET }, context: { 'aws:PrincipalArn': TARGET } }), [trustStmt(aws(ALICE))], { identity: [ASSUME] }), 'implicitDeny', { decidedBy: 'resource' }),
  kase('a role that trusts its own ARN can assume itself', TR, tr(sess({ principal: `arn:aws:sts::${A}:assumed-role/target/s1`, principalDetails: { roleArn: TARGET }, context: { 'aws:PrincipalArn': TARGET } }), [trustStmt(aws(TARGET))]), 'allowed'),
  kase('trust names the caller by unique ID', `${TR} notes; policy-grammar.md §4`, tr(user({ principalDetails: { uniqueId: 'AIDAEXAMPLEUSERID0001' } }), [trustStmt(aws('AIDAEXAMPLEUSERID0001'))]), 'allowed'),
  kase('trust Deny for the caller beats its Allow', 'evaluation.md §3 step 1', tr(user(), [trustStmt(aws(ROOT_A)), { Effect: 'Deny', Principal: aws(ALICE), Action: 'sts:AssumeRole' }], { identity: [ASSUME] }), 'explicitDeny', { decidedBy: 'resource' }),
  kase('identity Deny on sts:AssumeRole beats a trust naming the user', `${TR} ("identity explicit denies all apply")`, tr(user(), [trustStmt(aws(ALICE))], { identity: [doc(deny('sts:AssumeRole'))] }), 'explicitDeny', { decidedBy: 'identity' }),
  kase('SCP Deny applies to the AssumeRole call', `${TR} ("caller's SCPs … apply")`, tr(user(), [trustStmt(aws(ALICE))], { scps: [[FULL_AWS_ACCESS, named('no-assume', doc(deny('sts:AssumeRole')))]] }), 'explicitDeny', { decidedBy: 'scp' }),
  kase('cross account: trust names account A, identity Allow', `${TR} row 3`, tr(user({ resource: TARGET_B }), [trustStmt(aws(A))], { identity: [ASSUME_B] }), 'allowed'),
  kase('cross account: trust names account A, no identity Allow', `${TR} row 3`, tr(user({ resource: TARGET_B }), [trustStmt(aws(A))]), 'implicitDeny', { decidedBy: 'identity' }),
  kase('cross account: trust names the user, no identity Allow', `${TR} row 3 ("any form")`, tr(user({ resource: TARGET_B }), [trustStmt(aws(ALICE))]), 'implicitDeny', { decidedBy: 'identity' }),
  kase('cross account: trust names the user, identity Allow', `${TR} row 3`, tr(user({ resource: TARGET_B }), [trustStmt(aws(ALICE))], { identity: [ASSUME_B] }), 'allowed'),
  kase('cross account: trust names another account', `${TR} row 3`, tr(user({ resource: TARGET_B }), [trustStmt(aws('333333333333'))], { identity: [doc(allow('*'))] }), 'implicitDeny', { decidedBy: 'resource' }),
  kase('cross account: caller SCP without Allow', `${TR} row 3 ("plus caller's SCPs")`, tr(user({ resource: TARGET_B }), [trustStmt(aws(A))], { identity: [ASSUME_B], scps: [[FULL_AWS_ACCESS], [named('s3-only', doc(allow('s3:*')))]] }), 'implicitDeny', { decidedBy: 'scp' }),
  kase('cross account with sts:ExternalId: matching', `${TR}; conditions.md §7`, tr(user({ resource: TARGET_B, context: { 'sts:ExternalId': 'ext-123' } }), [trustStmt(aws(A), { Condition: { StringEquals: { 'sts:ExternalId': 'ext-123' } } })], { identity: [ASSUME_B] }), 'allowed'),
  kase('cross account with sts:ExternalId: wrong value', `${TR}; conditions.md §7`, tr(user({ resource: TARGET_B, context: { 'sts:ExternalId': 'guess' } }), [trustStmt(aws(A), { Condition: { StringEquals: { 'sts:ExternalId': 'ext-123' } } })], { identity: [ASSUME_B] }), 'implicitDeny', { decidedBy: 'resource' }),
  kase('cross account with sts:ExternalId: missing', `${TR}; conditions.md §3`, tr(user({ resource: TARGET_B }), [trustStmt(aws(A), { Condition: { StringEquals: { 'sts:ExternalId': 'ext-123' } } })], { identity: [ASSUME_B] }), 'implicitDeny', { decidedBy: 'resource', missing: ['sts:ExternalId'] }),
  kase('overly broad trust {"AWS": "*"}: any account with identity Allow assumes', `${TR} row 3; seed "Overly Broad Trust Policies"`, tr(user({ principal: 'arn:aws:iam::333333333333:user/mallory', resource: TARGET }), [trustStmt(aws('*'))], { identity: [ASSUME] }), 'allowed'),
  kase('trust "*" limited by aws:PrincipalOrgID', TR, tr(user({ resource: TARGET_B, context: { 'aws:PrincipalOrgID': 'o-a' } }), [trustStmt('*', { Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a' } } })], { identity: [ASSUME_B] }), 'allowed'),
  kase('sts:TagSession not allowed by a trust that allows only sts:AssumeRole', `${TR} (session tags need sts:TagSession)`, tr(user({ action: 'sts:TagSession' }), [trustStmt(aws(ALICE))]), 'implicitDeny', { decidedBy: 'resource' }),
  kase('sts:TagSession allowed by the trust', TR, tr(user({ action: 'sts:TagSession' }), [{ Effect: 'Allow', Principal: aws(ALICE), Action: ['sts:AssumeRole', 'sts:TagSession'] }]), 'allowed'),
  kase('service principal trust: lambda assumes its role', `${TR}; seed trust policy`, tr({ principal: 'lambda.amazonaws.com' }, [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }]), 'allowed'),
  kase('service principal trust: another service cannot', TR, tr({ principal: 'ec2.amazonaws.com' }, [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }]), 'implicitDeny', { decidedBy: 'resource' }),
  kase('web identity (GitHub OIDC): matching audience and subject', `${TR} row 4`, tr({ principal: GH, action: 'sts:AssumeRoleWithWebIdentity', context: ghCtx('repo:octo-org/app:ref:refs/heads/main') }, ghTrust()), 'allowed', WEB),
  kase('web identity (GitHub OIDC): subject of another repository', `${TR} row 4`, tr({ principal: GH, action: 'sts:AssumeRoleWithWebIdentity', context: ghCtx('repo:evil/app:ref:refs/heads/main') }, ghTrust()), 'implicitDeny', { decidedBy: 'resource', ...WEB }),
  kase('web identity: trust names another provider', `${TR} row 4`, tr({ principal: GH, action: 'sts:AssumeRoleWithWebIdentity', context: ghCtx('repo:octo-org/app:ref:refs/heads/main') }, ghTrust('sts:AssumeRoleWithWebIdentity', `arn:aws:iam::${A}:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC`)), 'implicitDeny', WEB),
  kase('web identity: trust allows sts:AssumeRole only', `${TR} row 4 ("+ action")`, tr({ principal: GH, action: 'sts:AssumeRoleWithWebIdentity', context: ghCtx('repo:octo-org/app:ref:refs/heads/main') }, ghTrust('sts:AssumeRole')), 'implicitDeny', WEB),
  kase('web identity: Google', `${TR} row 4; conditions.md §7`, tr({ principal: 'accounts.google.com', action: 'sts:AssumeRoleWithWebIdentity', context: { 'aws:FederatedProvider': 'accounts.google.com', 'accounts.google.com:aud': '123.apps.googleusercontent.com' } }, [{ Effect: 'Allow', Principal: { Federated: 'accounts.google.com' }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { 'accounts.google.com:aud': '123.apps.googleusercontent.com' } } }]), 'allowed', WEB),
  kase('web identity: Cognito authenticated identity', `${TR} row 4; conditions.md §7`, tr({ principal: 'cognito-identity.amazonaws.com', action: 'sts:AssumeRoleWithWebIdentity', context: { 'cognito-identity.amazonaws.com:aud': 'us-east-1:pool-id', 'cognito-identity.amazonaws.com:amr': ['authenticated', 'accounts.google.com'] } }, [{ Effect: 'Allow', Principal: { Federated: 'cognito-identity.amazonaws.com' }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { 'cognito-identity.amazonaws.com:aud': 'us-east-1:pool-id' }, 'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' } } }]), 'allowed', WEB),
  kase('web identity: Cognito unauthenticated identity', `${TR} row 4; conditions.md §7`, tr({ principal: 'cognito-identity.amazonaws.com', action: 'sts:AssumeRoleWithWebIdentity', context: { 'cognito-identity.amazonaws.com:aud': 'us-east-1:pool-id', 'cognito-identity.amazonaws.com:amr': ['unauthenticated'] } }, [{ Effect: 'Allow', Principal: { Federated: 'cognito-identity.amazonaws.com' }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { 'cognito-identity.amazonaws.com:aud': 'us-east-1:pool-id' }, 'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' } } }]), 'implicitDeny', WEB),
  kase('SAML: provider trusted with the sign-in audience', `${TR} row 4`, tr({ principal: `arn:aws:iam::${A}:saml-provider/corp-idp`, action: 'sts:AssumeRoleWithSAML', context: { 'saml:aud': 'https://signin.aws.amazon.com/saml' } }, [{ Effect: 'Allow', Principal: { Federated: `arn:aws:iam::${A}:saml-provider/corp-idp` }, Action: 'sts:AssumeRoleWithSAML', Condition: { StringEquals: { 'saml:aud': 'https://signin.aws.amazon.com/saml' } } }]), 'allowed', WEB),
  kase('an IAM user is not matched by a Federated principal', TR, tr(user(), [{ Effect: 'Allow', Principal: { Federated: GH }, Action: 'sts:AssumeRole' }], { identity: [doc(allow('*'))] }), 'implicitDeny', { decidedBy: 'resource' }),
];

const KMS = 'evaluation.md §7';
const KEY = `arn:aws:kms:us-east-1:${A}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const KEY_B = `arn:aws:kms:us-east-1:${B}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const km = (r, st, o = {}) => ({
  request: { principal: ALICE, action: 'kms:Decrypt', resource: KEY, ...r },
  ...(o.identity !== undefined && { identityPolicies: ids(...o.identity) }),
  ...(st !== undefined && { resourcePolicy: named('key-policy', doc(...st)) }),
  resourcePolicyKind: 'kmsKey',
  ...(o.pb !== undefined && { permissionBoundary: named('boundary', o.pb) }),
});
const ENABLE_IAM = rAllow(aws(ROOT_A), 'kms:*', '*');
const ADMIN_ONLY = rAllow(aws(`arn:aws:iam::${A}:role/key-admin`), 'kms:*', '*');
const KMS_ID = doc(allow('kms:Decrypt', KEY));

export const kms = [
  kase('key policy enables IAM policies; identity Allow', KMS, km({}, [ENABLE_IAM], { identity: [KMS_ID] }), 'allowed'),
  kase('key policy enables IAM policies (short account form); identity Allow', KMS, km({}, [rAllow(aws(A), 'kms:*', '*')], { identity: [KMS_ID] }), 'allowed'),
  kase('key policy enables IAM policies; no identity Allow', KMS, km({}, [ENABLE_IAM]), 'implicitDeny', { decidedBy: 'identity' }),
  kase('key policy does not enable IAM: identity Allow has no effect', KMS, km({}, [ADMIN_ONLY], { identity: [doc(allow('kms:*'))] }), 'implicitDeny', { decidedBy: 'resource' }),
  kase('no key policy: key inaccessible even to an administrator', KMS, km({}, undefined, { identity: [doc(allow('*'))] }), 'implicitDeny', { decidedBy: 'resource' }),
  kase('key policy names the user directly: no identity policy needed', `${KMS}; evaluation.md §4 row 1`, km({}, [ADMIN_ONLY, rAllow(aws(ALICE), 'kms:Decrypt', '*')]), 'allowed'),
  kase('key policy Deny for the user', 'evaluation.md §3 step 1', km({}, [ENABLE_IAM, rDeny(aws(ALICE), 'kms:Decrypt', '*')], { identity: [KMS_ID] }), 'explicitDeny', { decidedBy: 'resource' }),
  kase('key policy allows another action only to the user', KMS, km({}, [ADMIN_ONLY, rAllow(aws(ALICE), 'kms:Encrypt', '*')], { identity: [doc(allow('kms:*'))] }), 'implicitDeny', { decidedBy: 'resource' }),
  kase('key policy names the role: session boundary without Allow limits', `${KMS}; evaluation.md §4 row 4`, km(sessionReq({ action: 'kms:Decrypt', resource: KEY, resourceAccount: undefined }), [rAllow(aws(ROLE), 'kms:Decrypt', '*')], { pb: doc(allow('s3:*')) }), 'implicitDeny', { decidedBy: 'permissionBoundary' }),
  kase('key policy enables IAM; identity Allow; boundary without Allow', `${KMS}; evaluation.md §3 step 6`, km({}, [ENABLE_IAM], { identity: [KMS_ID], pb: doc(allow('s3:*')) }), 'implicitDeny', { decidedBy: 'permissionBoundary' }),
  kase('key policy with kms:ViaService condition: via S3', KMS, km({ context: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } }, [ADMIN_ONLY, rAllow(aws(ALICE), 'kms:Decrypt', '*', { Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } } })]), 'allowed'),
  kase('key policy with kms:ViaService condition: direct call', KMS, km({}, [ADMIN_ONLY, rAllow(aws(ALICE), 'kms:Decrypt', '*', { Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } } })], { identity: [doc(allow('kms:*'))] }), 'implicitDeny', { decidedBy: 'resource' }),
  kase('cross account: key policy allows account A, identity Allow', `${KMS} cross-account`, km({ resource: KEY_B }, [rAllow(aws(ROOT_B()), 'kms:*', '*'), rAllow(aws(A), 'kms:Decrypt', '*')], { identity: [doc(allow('kms:Decrypt', KEY_B))] }), 'allowed'),
  kase('cross account: key policy allows account A, no identity Allow', `${KMS} cross-account`, km({ resource: KEY_B }, [rAllow(aws(A), 'kms:Decrypt', '*')]), 'implicitDeny', { decidedBy: 'identity' }),
  kase('cross account: key policy does not mention account A', `${KMS} cross-account`, km({ resource: KEY_B }, [rAllow(aws(ROOT_B()), 'kms:*', '*')], { identity: [doc(allow('kms:*'))] }), 'implicitDeny', { decidedBy: 'resource' }),
  kase('root user: key policy that enables IAM lets the root user in', `${KMS}; evaluation.md §9 root`, km({ principal: ROOT_A }, [ENABLE_IAM]), 'allowed'),
  kase('root user: key policy without the account principal keeps the root user out', `${KMS}; evaluation.md §9 root ("subject to … KMS key policies")`, km({ principal: ROOT_A }, [ADMIN_ONLY]), 'implicitDeny', { decidedBy: 'resource' }),
];
function ROOT_B() { return `arn:aws:iam::${B}:root`; }

const SP = 'evaluation.md §9';
const GCI = { action: 'sts:GetCallerIdentity', resource: undefined, resourceAccount: undefined };

export const special = [
  kase('root user: allowed in its own account without policies', `${SP} root`, { request: req({ principal: ROOT_A }) }, 'allowed'),
  kase('root user: resource policy Deny applies', `${SP} root`, { request: req({ principal: ROOT_A }), resourcePolicy: named('bucket-policy', doc(rDeny('*', 's3:*', 'arn:aws:s3:::bucket/*'))) }, 'explicitDeny', { decidedBy: 'resource' }),
  kase('root user: own-account bucket policy naming someone else does not matter', `${SP} root`, { request: req({ principal: ROOT_A }), resourcePolicy: named('bucket-policy', doc(rAllow(aws(`arn:aws:iam::${A}:user/bob`), 's3:*', 'arn:aws:s3:::bucket/*'))) }, 'allowed'),
  kase('root user: another account\'s resource without resource policy', `${SP} root; evaluation.md §5`, { request: req({ principal: ROOT_A, resourceAccount: B }) }, 'implicitDeny', { decidedBy: 'resource' }),
  kase('root user: identity policies are irrelevant (none needed)', `${SP} root`, { request: req({ principal: ROOT_A, action: 'iam:CreateUser', resource: `arn:aws:iam::${A}:user/eve`, resourceAccount: undefined }), scps: fullScps() }, 'allowed'),
  kase('anonymous: bucket policy "*" allows', `${SP} anonymous`, { request: req({ principal: 'anonymous' }), resourcePolicy: named('bucket-policy', doc(rAllow('*', 's3:GetObject', 'arn:aws:s3:::bucket/*'))) }, 'allowed', { decidedBy: 'resource' }),
  kase('anonymous: no resource policy', `${SP} anonymous`, { request: req({ principal: 'anonymous' }) }, 'implicitDeny'),
  kase('anonymous: identity policies cannot apply', `${SP} anonymous ("only resource policies")`, { request: req({ principal: 'anonymous' }), identityPolicies: ids(doc(allow('*'))) }, 'implicitDeny', { why: 'An anonymous caller has no identity; identity policies given in the scenario cannot grant.' }),
  kase('anonymous: bucket policy "*" with a condition that fails', `${SP} anonymous`, { request: req({ principal: 'anonymous', context: { 'aws:SecureTransport': 'false' } }), resourcePolicy: named('bucket-policy', doc(rAllow('*', 's3:GetObject', 'arn:aws:s3:::bucket/*', { Condition: { Bool: { 'aws:SecureTransport': 'true' } } }))) }, 'implicitDeny'),
  kase('anonymous: RCP Deny applies', `${SP} anonymous`, { request: req({ principal: 'anonymous', context: { 'aws:PrincipalType': 'Anonymous' } }), resourcePolicy: named('bucket-policy', doc(rAllow('*', 's3:GetObject', 'arn:aws:s3:::bucket/*'))), rcps: [[RCP_FULL_AWS_ACCESS, named('no-public', doc(rDeny('*', 's3:*', '*', { Condition: { StringEquals: { 'aws:PrincipalType': 'Anonymous' } } })))]] }, 'explicitDeny', { decidedBy: 'rcp' }),
  kase('service principal: allowed by Principal.Service', `${SP} service`, { request: req({ principal: 'cloudtrail.amazonaws.com', action: 's3:PutObject' }), resourcePolicy: named('bucket-policy', doc(rAllow({ Service: 'cloudtrail.amazonaws.com' }, 's3:PutObject', 'arn:aws:s3:::bucket/*'))) }, 'allowed', { decidedBy: 'resource' }),
  kase('service principal: no resource policy', `${SP} service`, { request: req({ principal: 'cloudtrail.amazonaws.com', action: 's3:PutObject' }) }, 'implicitDeny'),
  kase('service principal: identity policies cannot grant', `${SP} service ("no identity side")`, { request: req({ principal: 'cloudtrail.amazonaws.com', action: 's3:PutObject' }), identityPolicies: ids(doc(allow('*'))) }, 'implicitDeny', { why: 'A service principal has no identity policies; any given in the scenario are not its own.' }),
  kase('service principal: account principal does not match it', `${SP} service`, { request: req({ principal: 'cloudtrail.amazonaws.com', action: 's3:PutObject' }), resourcePolicy: named('bucket-policy', doc(rAllow(aws(A), 's3:PutObject', 'arn:aws:s3:::bucket/*'))) }, 'implicitDeny'),
  kase('service principal: aws:SourceArn condition holds', `${SP} service; conditions.md §6`, { request: req({ principal: 'cloudtrail.amazonaws.com', action: 's3:PutObject', context: { 'aws:SourceArn': `arn:aws:cloudtrail:us-east-1:${A}:trail/main`, 'aws:SourceAccount': A } }), resourcePolicy: named('bucket-policy', doc(rAllow({ Service: 'cloudtrail.amazonaws.com' }, 's3:PutObject', 'arn:aws:s3:::bucket/*', { Condition: { ArnLike: { 'aws:SourceArn': `arn:aws:cloudtrail:*:${A}:trail/*` } } }))) }, 'allowed'),
  kase('service principal: aws:SourceArn of another account (confused deputy)', `${SP} service; conditions.md §6`, { request: req({ principal: 'cloudtrail.amazonaws.com', action: 's3:PutObject', context: { 'aws:SourceArn': `arn:aws:cloudtrail:us-east-1:333333333333:trail/main` } }), resourcePolicy: named('bucket-policy', doc(rAllow({ Service: 'cloudtrail.amazonaws.com' }, 's3:PutObject', 'arn:aws:s3:::bucket/*', { Condition: { ArnLike: { 'aws:SourceArn': `arn:aws:cloudtrail:*:${A}:trail/*` } } }))) }, 'implicitDeny', { decidedBy: 'resource' }),
  kase('sts:GetCallerIdentity: allowed without policies', `${SP} GetCallerIdentity`, { request: req(GCI) }, 'allowed'),
  kase('sts:GetCallerIdentity: allowed despite an identity Deny', `${SP} GetCallerIdentity ("even with an explicit Deny")`, { request: req(GCI), identityPolicies: ids(doc(deny('*'))) }, 'allowed'),
  kase('sts:GetCallerIdentity: allowed despite an SCP Deny', `${SP} GetCallerIdentity`, { request: req(GCI), scps: [[FULL_AWS_ACCESS, named('deny-all', doc(deny('*')))]] }, 'allowed'),
  kase('sts:GetCallerIdentity: allowed for a role session with a restrictive session policy', `${SP} GetCallerIdentity`, { request: sessionReq(GCI), sessionPolicies: [named('session', doc(deny('sts:*')))] }, 'allowed'),
  kase('sts:GetCallerIdentity: action name is case-insensitive', `${SP} GetCallerIdentity; policy-grammar.md §3`, { request: req({ ...GCI, action: 'STS:getcalleridentity' }), identityPolicies: ids(doc(deny('sts:GetCallerIdentity'))) }, 'allowed'),
  kase('sts:GetCallerIdentity: boundary without Allow does not matter', `${SP} GetCallerIdentity`, { request: req(GCI), identityPolicies: ids(doc(allow('*'))), permissionBoundary: named('boundary', doc(allow('s3:*'))) }, 'allowed'),
  kase('sts:GetSessionToken-style user request: session step skipped', `${SP} GetSessionToken`, { request: req({ context: { 'aws:MultiFactorAuthPresent': 'true', 'aws:TokenIssueTime': '2024-01-01T00:00:00Z' } }), identityPolicies: ids(doc(allow('s3:GetObject', OBJ, { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }))) }, 'allowed', { why: 'GetSessionToken credentials act as the IAM user itself; only the context (MFA keys) differs.' }),
];
