// Shared vocabulary of the conformance corpus generator: accounts, principals, resources, policy builders.
export const A = '111111111111'; // the caller's account
export const B = '222222222222'; // another account (cross-account cases)
export const C = '333333333333'; // a third account, trusted by nobody
export const V = '2012-10-17';

export const ALICE = `arn:aws:iam::${A}:user/alice`;
export const BOB = `arn:aws:iam::${A}:user/bob`;
export const ROOT_A = `arn:aws:iam::${A}:root`;
export const ROOT_B = `arn:aws:iam::${B}:root`;
export const ROLE = `arn:aws:iam::${A}:role/app`;
export const OTHER_ROLE = `arn:aws:iam::${A}:role/other`;
export const SESSION = `arn:aws:sts::${A}:assumed-role/app/s1`;
export const FED = `arn:aws:sts::${A}:federated-user/fed`;
export const QUEUE_A = `arn:aws:sqs:us-east-1:${A}:q1`;
export const QUEUE_B = `arn:aws:sqs:us-east-1:${B}:q1`;
export const OBJ = 'arn:aws:s3:::bucket/key';
export const BUCKET = 'arn:aws:s3:::bucket';

/** A 2012-10-17 policy document. */
export const doc = (...Statement) => ({ Version: V, Statement });
export const allow = (Action, Resource = '*', extra = {}) => ({ Effect: 'Allow', Action, Resource, ...extra });
export const deny = (Action, Resource = '*', extra = {}) => ({ Effect: 'Deny', Action, Resource, ...extra });
/** A resource-policy statement. */
export const rAllow = (Principal, Action, Resource, extra = {}) => ({ Effect: 'Allow', Principal, Action, Resource, ...extra });
export const rDeny = (Principal, Action, Resource, extra = {}) => ({ Effect: 'Deny', Principal, Action, Resource, ...extra });
export const aws = (...arns) => ({ AWS: arns.length === 1 ? arns[0] : arns });
export const named = (name, policy) => ({ name, policy });

export const FULL_AWS_ACCESS = named('FullAWSAccess', doc(allow('*')));
export const RCP_FULL_AWS_ACCESS = named('RCPFullAWSAccess', doc(rAllow('*', '*', '*')));
/** Three organization levels (root, OU, account), each with FullAWSAccess. */
export const fullScps = () => [[FULL_AWS_ACCESS], [FULL_AWS_ACCESS], [FULL_AWS_ACCESS]];
export const fullRcps = () => [[RCP_FULL_AWS_ACCESS], [RCP_FULL_AWS_ACCESS], [RCP_FULL_AWS_ACCESS]];

/** Identity policies: one named policy per document. */
export const ids = (...docs) => docs.map((d, i) => named(`identity${i + 1}`, d));

/** A request by alice for s3:GetObject on bucket/key in account A, with overrides. */
export const req = (o = {}) => ({ principal: ALICE, action: 's3:GetObject', resource: OBJ, resourceAccount: A, ...o });
/** A request by session s1 of role app (path-less role ARN given in principalDetails and aws:PrincipalArn). */
export const sessionReq = (o = {}) =>
  req({ principal: SESSION, principalDetails: { roleArn: ROLE }, context: { 'aws:PrincipalArn': ROLE }, ...o });
/** A request by federated user fed, created by alice with GetFederationToken. */
export const fedReq = (o = {}) => req({ principal: FED, principalDetails: { sourceUserArn: ALICE }, ...o });

/** One corpus case. `o` holds decidedBy, missing (→ missingContextKeys) and why. */
export function kase(name, spec, scenario, expected, o = {}) {
  const c = { name, spec };
  if (o.why !== undefined) c.why = o.why;
  c.scenario = scenario;
  c.expected = expected;
  if (o.decidedBy !== undefined) c.decidedBy = o.decidedBy;
  if (o.missing !== undefined) c.missingContextKeys = o.missing;
  return c;
}
