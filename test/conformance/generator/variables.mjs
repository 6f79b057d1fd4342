import { A, allow, deny, doc, ids, kase, req, SESSION, ROLE } from './common.mjs';

const VARS = 'conditions.md §5';
const HOME = 'arn:aws:s3:::home/${aws:username}/*';

/** alice's identity policies are `docs`; the request gets `r` overrides. */
const one = (name, docs, expected, r, o = {}) => kase(name, o.spec ?? VARS, { request: req(r), identityPolicies: ids(...docs) }, expected, o);
const allowIf = (cond) => doc(allow('s3:GetObject', '*', { Condition: cond }));

export const variables = [
  one('${aws:username} in Resource: own folder', [doc(allow('s3:GetObject', HOME))], 'allowed', { resource: 'arn:aws:s3:::home/alice/x', context: { 'aws:username': 'alice' } }),
  one('${aws:username} in Resource: another user\'s folder', [doc(allow('s3:GetObject', HOME))], 'implicitDeny', { resource: 'arn:aws:s3:::home/bob/x', context: { 'aws:username': 'alice' } }),
  one('variable key name is case-insensitive', [doc(allow('s3:GetObject', 'arn:aws:s3:::home/${AWS:UserName}/*'))], 'allowed', { resource: 'arn:aws:s3:::home/alice/x', context: { 'aws:username': 'alice' } }),
  one('missing key in Resource matches nothing', [doc(allow('s3:GetObject', HOME))], 'implicitDeny', { resource: 'arn:aws:s3:::home/alice/x', context: {} }, { decidedBy: 'identity', missing: ['aws:username'] }),
  one('missing key in Resource matches nothing, not even the literal text', [doc(allow('s3:GetObject', HOME))], 'implicitDeny', { resource: 'arn:aws:s3:::home/${aws:username}/x', context: {} }),
  one('missing key: other Resource entries of the statement still match', [doc(allow('s3:GetObject', [HOME, 'arn:aws:s3:::public/*']))], 'allowed', { resource: 'arn:aws:s3:::public/x', context: {} }),
  one('missing key in NotResource: the entry excludes nothing, so Deny applies', [doc(allow('s3:*'), { Effect: 'Deny', Action: 's3:*', NotResource: HOME })], 'explicitDeny', { resource: 'arn:aws:s3:::home/alice/x', context: {} }, {
    why: 'A NotResource entry whose variable is missing matches no resource, so every resource is "not listed" and the Deny applies.',
  }),
  one('variable in NotResource: own folder spared from the Deny', [doc(allow('s3:*'), { Effect: 'Deny', Action: 's3:*', NotResource: HOME })], 'allowed', { resource: 'arn:aws:s3:::home/alice/x', context: { 'aws:username': 'alice' } }),
  one('variable in NotResource: another folder denied', [doc(allow('s3:*'), { Effect: 'Deny', Action: 's3:*', NotResource: HOME })], 'explicitDeny', { resource: 'arn:aws:s3:::home/bob/x', context: { 'aws:username': 'alice' } }),
  one('default value used when the key is absent', [doc(allow('s3:GetObject', "arn:aws:s3:::shared/${aws:PrincipalTag/team, 'company-wide'}/*"))], 'allowed', { resource: 'arn:aws:s3:::shared/company-wide/x', context: {} }),
  one('default value ignored when the key is present', [doc(allow('s3:GetObject', "arn:aws:s3:::shared/${aws:PrincipalTag/team, 'company-wide'}/*"))], 'implicitDeny', { resource: 'arn:aws:s3:::shared/company-wide/x', context: { 'aws:PrincipalTag/team': 'blue' } }),
  one('key value used when present despite a default', [doc(allow('s3:GetObject', "arn:aws:s3:::shared/${aws:PrincipalTag/team, 'company-wide'}/*"))], 'allowed', { resource: 'arn:aws:s3:::shared/blue/x', context: { 'aws:PrincipalTag/team': 'blue' } }),
  one('default value in a condition value', [allowIf({ StringEquals: { 'aws:ResourceTag/team': "${aws:PrincipalTag/team, 'none'}" } })], 'allowed', { context: { 'aws:ResourceTag/team': 'none' } }),
  one('${*} is a literal * (matches the literal)', [doc(allow('s3:GetObject', 'arn:aws:s3:::bucket/${*}'))], 'allowed', { resource: 'arn:aws:s3:::bucket/*' }),
  one('${*} is a literal *, not a wildcard', [doc(allow('s3:GetObject', 'arn:aws:s3:::bucket/${*}'))], 'implicitDeny', { resource: 'arn:aws:s3:::bucket/abc' }),
  one('${?} is a literal ? (matches the literal)', [doc(allow('s3:GetObject', 'arn:aws:s3:::bucket/file${?}'))], 'allowed', { resource: 'arn:aws:s3:::bucket/file?' }),
  one('${?} is a literal ?, not a wildcard', [doc(allow('s3:GetObject', 'arn:aws:s3:::bucket/file${?}'))], 'implicitDeny', { resource: 'arn:aws:s3:::bucket/file1' }),
  one('${$} is a literal $', [doc(allow('s3:GetObject', 'arn:aws:s3:::bucket/cost${$}'))], 'allowed', { resource: 'arn:aws:s3:::bucket/cost$' }),
  one('${$} followed by braces yields literal ${…} text', [doc(allow('s3:GetObject', 'arn:aws:s3:::bucket/${$}{x}'))], 'allowed', { resource: 'arn:aws:s3:::bucket/${x}' }),
  one('${*} inside StringLike is a literal *', [allowIf({ StringLike: { 's3:prefix': 'a${*}' } })], 'implicitDeny', { context: { 's3:prefix': 'abc' } }),
  one('${*} inside StringLike matches the literal *', [allowIf({ StringLike: { 's3:prefix': 'a${*}' } })], 'allowed', { context: { 's3:prefix': 'a*' } }),
  one('variable in a StringEquals value: equal', [allowIf({ StringEquals: { 'aws:ResourceTag/owner': '${aws:username}' } })], 'allowed', { context: { 'aws:ResourceTag/owner': 'alice', 'aws:username': 'alice' } }),
  one('variable in a StringEquals value: different', [allowIf({ StringEquals: { 'aws:ResourceTag/owner': '${aws:username}' } })], 'implicitDeny', { context: { 'aws:ResourceTag/owner': 'bob', 'aws:username': 'alice' } }),
  one('variable in a StringLike value with a wildcard', [allowIf({ StringLike: { 's3:prefix': 'home/${aws:username}/*' } })], 'allowed', { context: { 's3:prefix': 'home/alice/docs', 'aws:username': 'alice' } }),
  one('variable missing: positive String condition does not match', [allowIf({ StringEquals: { 's3:prefix': '${aws:username}' } })], 'implicitDeny', { context: { 's3:prefix': 'alice' } }),
  one('variable missing: negated String condition matches', [allowIf({ StringNotEquals: { 'aws:ResourceTag/owner': '${aws:username}' } })], 'allowed', { context: { 'aws:ResourceTag/owner': 'bob' } }),
  one('variable in an ArnLike value', [allowIf({ ArnLike: { 'aws:SourceArn': 'arn:aws:sqs:us-east-1:${aws:PrincipalAccount}:*' } })], 'allowed', { context: { 'aws:SourceArn': `arn:aws:sqs:us-east-1:${A}:q1`, 'aws:PrincipalAccount': A } }),
  one('variable in an ArnLike value: other account', [allowIf({ ArnLike: { 'aws:SourceArn': 'arn:aws:sqs:us-east-1:${aws:PrincipalAccount}:*' } })], 'implicitDeny', { context: { 'aws:SourceArn': 'arn:aws:sqs:us-east-1:222222222222:q1', 'aws:PrincipalAccount': A } }),
  one('${aws:PrincipalTag/project} in Resource', [doc(allow('s3:GetObject', 'arn:aws:s3:::projects/${aws:PrincipalTag/project}/*'))], 'allowed', { resource: 'arn:aws:s3:::projects/apollo/plan.txt', context: { 'aws:PrincipalTag/project': 'apollo' } }),
  one('two variables in one Resource', [doc(allow('s3:GetObject', 'arn:aws:s3:::home/${aws:PrincipalTag/dept}/${aws:username}/*'))], 'allowed', { resource: 'arn:aws:s3:::home/eng/alice/x', context: { 'aws:PrincipalTag/dept': 'eng', 'aws:username': 'alice' } }),
  one('two variables in one Resource, one missing: matches nothing', [doc(allow('s3:GetObject', 'arn:aws:s3:::home/${aws:PrincipalTag/dept}/${aws:username}/*'))], 'implicitDeny', { resource: 'arn:aws:s3:::home/eng/alice/x', context: { 'aws:username': 'alice' } }, { missing: ['aws:PrincipalTag/dept'] }),
  one('substituted value is literal: a * in a tag value is not a wildcard', [doc(allow('s3:GetObject', 'arn:aws:s3:::projects/${aws:PrincipalTag/project}/*'))], 'implicitDeny', { resource: 'arn:aws:s3:::projects/apollo/plan.txt', context: { 'aws:PrincipalTag/project': '*' } }, {
    why: 'conditions.md §5 says substituted text is literal (unconfirmed in AWS docs).',
  }),
  one('${aws:userid} of a role session in Resource', [doc(allow('s3:GetObject', 'arn:aws:s3:::home/${aws:userid}/*'))], 'allowed', { principal: SESSION, principalDetails: { roleArn: ROLE }, resource: 'arn:aws:s3:::home/AROAEXAMPLEROLEID0001:s1/x', context: { 'aws:userid': 'AROAEXAMPLEROLEID0001:s1', 'aws:PrincipalArn': ROLE } }),
  one('aws:username is absent for a role session: home folder policy grants nothing', [doc(allow('s3:GetObject', HOME))], 'implicitDeny', { principal: SESSION, principalDetails: { roleArn: ROLE }, resource: 'arn:aws:s3:::home/s1/x', context: { 'aws:PrincipalArn': ROLE } }, {
    spec: 'conditions.md §5, §6 (aws:username: IAM users only)',
  }),
  one('multivalued key cannot be a variable: matches nothing', [doc(allow('s3:GetObject', 'arn:aws:s3:::tags/${aws:TagKeys}/*'))], 'implicitDeny', { resource: 'arn:aws:s3:::tags/a/x', context: { 'aws:TagKeys': ['a'] } }, {
    why: 'Multivalued keys cannot be policy variables (§5); the engine must not substitute them, so the entry grants nothing.',
  }),
  one('Version 2008-10-17: condition value variable is literal', [{ Version: '2008-10-17', Statement: [allow('s3:GetObject', '*', { Condition: { StringEquals: { 's3:prefix': '${aws:username}' } } })] }], 'implicitDeny', { context: { 's3:prefix': 'alice', 'aws:username': 'alice' } }, { spec: 'conditions.md §5; policy-grammar.md §2' }),
  one('Version 2008-10-17: condition value matches the literal text', [{ Version: '2008-10-17', Statement: [allow('s3:GetObject', '*', { Condition: { StringEquals: { 's3:prefix': '${aws:username}' } } })] }], 'allowed', { context: { 's3:prefix': '${aws:username}', 'aws:username': 'alice' } }, { spec: 'conditions.md §5; policy-grammar.md §2' }),
  one('Deny with a variable: other users\' objects denied', [doc(allow('s3:*'), deny('s3:DeleteObject', 'arn:aws:s3:::home/*', { Condition: { StringNotEquals: { 'aws:ResourceTag/owner': '${aws:username}' } } }))], 'explicitDeny', { action: 's3:DeleteObject', resource: 'arn:aws:s3:::home/bob/x', context: { 'aws:username': 'alice', 'aws:ResourceTag/owner': 'bob' } }),
];
