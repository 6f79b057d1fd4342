import { describe, expect, it } from 'vitest';
import { accessDeniedMessage, evaluate } from '../../src/engine/index.js';
import { ACCOUNT, OTHER, ROLE, ROOT, SESSION, USER, policy, set, statements } from './helpers.js';

const allowGet = policy('AllowGet', statements({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*' }));
const denyGet = policy('DenyGet', statements({ Sid: 'NoGet', Effect: 'Deny', Action: 's3:Get*', Resource: '*' }));
const obj = 'arn:aws:s3:::bucket/key';

describe('identity policies', () => {
  it('allows an action an identity policy allows', () => {
    const r = evaluate({ principal: USER, action: 's3:GetObject', resource: obj, resourceAccount: ACCOUNT }, set({ identity: [allowGet] }));
    expect(r).toMatchObject({ decision: 'allowed', decidedBy: 'identity' });
  });

  it('denies implicitly when no policy allows', () => {
    const r = evaluate({ principal: USER, action: 's3:PutObject', resource: obj, resourceAccount: ACCOUNT }, set({ identity: [allowGet] }));
    expect(r).toMatchObject({ decision: 'implicitDeny', decidedBy: 'identity' });
  });

  it('lets an explicit deny win over an allow', () => {
    const r = evaluate(
      { principal: USER, action: 's3:GetObject', resource: obj, resourceAccount: ACCOUNT },
      set({ identity: [allowGet, denyGet] }),
    );
    expect(r).toMatchObject({ decision: 'explicitDeny', decidedBy: 'identity' });
  });

  it('matches actions case-insensitively', () => {
    const r = evaluate({ principal: USER, action: 'S3:getobject', resource: obj, resourceAccount: ACCOUNT }, set({ identity: [allowGet] }));
    expect(r.decision).toBe('allowed');
  });

  it('matches resources case-sensitively', () => {
    const r = evaluate(
      { principal: USER, action: 's3:GetObject', resource: 'arn:aws:s3:::BUCKET/key', resourceAccount: ACCOUNT },
      set({ identity: [allowGet] }),
    );
    expect(r.decision).toBe('implicitDeny');
  });

  it('always allows sts:GetCallerIdentity, even under an explicit deny', () => {
    const denyAll = policy('DenyAll', statements({ Effect: 'Deny', Action: '*', Resource: '*' }));
    const r = evaluate({ principal: USER, action: 'sts:GetCallerIdentity' }, set({ identity: [denyAll] }));
    expect(r.decision).toBe('allowed');
  });
});

describe('permissions boundary and session policies', () => {
  const boundary = policy('Boundary', statements({ Effect: 'Allow', Action: 's3:List*', Resource: '*' }));

  it('denies when the boundary does not allow what the identity policy allows', () => {
    const r = evaluate(
      { principal: USER, action: 's3:GetObject', resource: obj, resourceAccount: ACCOUNT },
      set({ identity: [allowGet], permissionBoundary: boundary }),
    );
    expect(r).toMatchObject({ decision: 'implicitDeny', decidedBy: 'permissionBoundary' });
  });

  it('explains which layer had no allow', () => {
    const r = evaluate(
      { principal: USER, action: 's3:GetObject', resource: obj, resourceAccount: ACCOUNT },
      set({ identity: [allowGet], permissionBoundary: boundary }),
      { explain: true },
    );
    expect(r.explanation?.summary).toBe('permissions boundary has no Allow for s3:GetObject');
  });

  it('lets a session policy narrow a role session', () => {
    const session = policy('Session', statements({ Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' }));
    const r = evaluate(
      { principal: SESSION, action: 's3:GetObject', resource: obj, resourceAccount: ACCOUNT, principalDetails: { roleArn: ROLE } },
      set({ identity: [allowGet], session: [session] }),
    );
    expect(r).toMatchObject({ decision: 'implicitDeny', decidedBy: 'session' });
  });

  it('gives a federated user without a session policy no permissions', () => {
    const r = evaluate(
      { principal: `arn:aws:sts::${ACCOUNT}:federated-user/bob`, action: 's3:GetObject', resource: obj, resourceAccount: ACCOUNT },
      set({ identity: [allowGet] }),
    );
    expect(r).toMatchObject({ decision: 'implicitDeny', decidedBy: 'session' });
  });
});

describe('resource policies in the same account', () => {
  const bucketPolicy = (principal: object) =>
    policy('Bucket', statements({ Effect: 'Allow', Principal: principal, Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*' }));
  const boundary = policy('Boundary', statements({ Effect: 'Allow', Action: 'ec2:*', Resource: '*' }));

  it('grants a user named by ARN even when its boundary would not', () => {
    const r = evaluate(
      { principal: USER, action: 's3:GetObject', resource: obj, resourceAccount: ACCOUNT },
      set({ resource: bucketPolicy({ AWS: USER }), permissionBoundary: boundary }),
    );
    expect(r).toMatchObject({ decision: 'allowed', decidedBy: 'resource' });
  });

  it('limits a role named by ARN by the permissions boundary', () => {
    const r = evaluate(
      { principal: SESSION, action: 's3:GetObject', resource: obj, resourceAccount: ACCOUNT, principalDetails: { roleArn: ROLE } },
      set({ resource: bucketPolicy({ AWS: ROLE }), permissionBoundary: boundary }),
    );
    expect(r).toMatchObject({ decision: 'implicitDeny', decidedBy: 'permissionBoundary' });
  });

  it('grants a role named by ARN without an identity policy', () => {
    const r = evaluate(
      { principal: SESSION, action: 's3:GetObject', resource: obj, resourceAccount: ACCOUNT, context: { 'aws:PrincipalArn': ROLE } },
      set({ resource: bucketPolicy({ AWS: ROLE }) }),
    );
    expect(r).toMatchObject({ decision: 'allowed', decidedBy: 'resource' });
  });

  it('treats naming the account as a delegation, not a grant', () => {
    const r = evaluate(
      { principal: USER, action: 's3:GetObject', resource: obj, resourceAccount: ACCOUNT },
      set({ resource: bucketPolicy({ AWS: ACCOUNT }) }),
    );
    expect(r).toMatchObject({ decision: 'implicitDeny', decidedBy: 'identity' });
  });
});

describe('cross-account', () => {
  const bucketPolicy = policy(
    'Bucket',
    statements({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*' }),
  );

  it('needs both the identity policy and the resource policy', () => {
    const req = { principal: USER, action: 's3:GetObject', resource: obj, resourceAccount: OTHER };
    expect(evaluate(req, set({ identity: [allowGet], resource: bucketPolicy })).decision).toBe('allowed');
    expect(evaluate(req, set({ resource: bucketPolicy })).decision).toBe('implicitDeny');
    expect(evaluate(req, set({ identity: [allowGet] }))).toMatchObject({ decision: 'implicitDeny', decidedBy: 'resource' });
  });
});

describe('control policies', () => {
  const fullAccess = policy('FullAWSAccess', statements({ Effect: 'Allow', Action: '*', Resource: '*' }));
  const onlyEc2 = policy('OnlyEc2', statements({ Effect: 'Allow', Action: 'ec2:*', Resource: '*' }));

  it('requires an allow at every level of the organization', () => {
    const r = evaluate(
      { principal: USER, action: 's3:GetObject', resource: obj, resourceAccount: ACCOUNT },
      set({ identity: [allowGet], scps: [[fullAccess], [onlyEc2], [fullAccess]] }),
      { explain: true },
    );
    expect(r).toMatchObject({ decision: 'implicitDeny', decidedBy: 'scp' });
    expect(r.explanation?.summary).toBe('service control policy (level 1) has no Allow for s3:GetObject');
  });

  it('subjects the root user of a member account to SCPs', () => {
    const r = evaluate({ principal: ROOT, action: 's3:GetObject', resource: obj, resourceAccount: ACCOUNT }, set({ scps: [[onlyEc2]] }));
    expect(r.decision).toBe('implicitDeny');
  });

  it('exempts service-linked roles from SCPs', () => {
    const r = evaluate(
      {
        principal: `arn:aws:sts::${ACCOUNT}:assumed-role/AWSServiceRoleForX/s`,
        action: 's3:GetObject',
        resource: obj,
        resourceAccount: ACCOUNT,
        principalDetails: { roleArn: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/x.amazonaws.com/AWSServiceRoleForX` },
      },
      set({ identity: [allowGet], scps: [[onlyEc2]] }),
    );
    expect(r.decision).toBe('allowed');
  });
});

describe('explanations', () => {
  it('names the deciding statement with its position', () => {
    const r = evaluate(
      { principal: USER, action: 's3:GetObject', resource: obj, resourceAccount: ACCOUNT },
      set({ identity: [allowGet, denyGet] }),
      { explain: true },
    );
    const s = r.explanation?.decidingStatements[0];
    expect(s).toMatchObject({ policyName: 'DenyGet', statementIndex: 0, sid: 'NoGet', effect: 'Deny' });
    expect(s?.span.start.line).toBe(4); // line 1 "{", 2 Version, 3 "Statement": [, 4 the statement
  });

  it('lists the context keys a condition needed and did not get', () => {
    const p = policy(
      'Tagged',
      statements({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'x' } } }),
    );
    const r = evaluate({ principal: USER, action: 's3:GetObject', resource: obj, resourceAccount: ACCOUNT }, set({ identity: [p] }), {
      explain: true,
    });
    expect(r.explanation?.missingContextKeys).toEqual(['aws:PrincipalTag/team']);
  });

  it('words AccessDenied as AWS does', () => {
    const req = { principal: USER, action: 's3:PutObject', resource: obj, resourceAccount: ACCOUNT };
    const r = evaluate(req, set({ identity: [allowGet] }));
    expect(accessDeniedMessage(req, r)).toBe(
      `User: ${USER} is not authorized to perform: s3:PutObject on resource: ${obj} because no identity-based policy allows the s3:PutObject action`,
    );
  });
});
