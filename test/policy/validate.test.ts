import { describe, expect, it } from 'vitest';
import { checkPolicy, parsePolicy, POLICY_KINDS, validatePolicy } from '../../src/policy/index.js';
import type { PolicyKind } from '../../src/policy/index.js';
import { awsMessage, checkCodes, policy, stmt } from './helpers.js';

const trust = (fields: Record<string, unknown> = {}): Record<string, unknown> => ({
  Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole', ...fields,
});
const errors = (text: string, kind: PolicyKind): string[] =>
  checkPolicy(text, kind).diagnostics.filter((d) => d.severity === 'error').map((d) => d.code);

describe('validatePolicy: identity, boundary and session policies', () => {
  for (const kind of ['identity', 'boundary', 'session'] as const) {
    it(`forbids a Principal in a ${kind} policy`, () => {
      expect(awsMessage(policy(stmt({ Principal: '*' })), kind)).toBe('Policy document should not specify a principal.');
    });
    it(`forbids a NotPrincipal in a ${kind} policy`, () => {
      expect(errors(policy(stmt({ NotPrincipal: { AWS: '123456789012' } })), kind)).toEqual(['principal.forbidden']);
    });
    it(`requires a Resource in a ${kind} policy`, () => {
      expect(errors(policy({ Effect: 'Allow', Action: 's3:x' }), kind)).toEqual(['statement.missingResource']);
    });
    it(`accepts NotResource instead of Resource in a ${kind} policy`, () => {
      expect(errors(policy({ Effect: 'Deny', Action: 's3:x', NotResource: 'arn:aws:s3:::b' }), kind)).toEqual([]);
    });
  }
  it('rejects a non-alphanumeric Sid in an identity policy', () => {
    expect(errors(policy(stmt({ Sid: 'a_b' })), 'identity')).toEqual(['sid.notAlphanumeric']);
  });
  it('allows other Sid characters in a resource policy', () => {
    expect(errors(policy(stmt({ Sid: 'Allow-read_1', Principal: { AWS: '123456789012' } })), 'resource')).toEqual([]);
  });
});

describe('validatePolicy: role trust policies', () => {
  it('accepts a service trust policy', () => {
    expect(errors(policy(trust()), 'trust')).toEqual([]);
  });
  it('requires a Principal', () => {
    expect(awsMessage(policy({ Effect: 'Allow', Action: 'sts:AssumeRole' }), 'trust')).toBe('Missing required field Principal');
  });
  it('forbids a Resource', () => {
    expect(awsMessage(policy(trust({ Resource: '*' })), 'trust')).toBe('Has prohibited field Resource');
  });
  it('forbids a NotResource', () => {
    expect(awsMessage(policy(trust({ NotResource: '*' })), 'trust')).toBe('Has prohibited field NotResource');
  });
  it('forbids a NotPrincipal', () => {
    expect(awsMessage(policy({ Effect: 'Deny', NotPrincipal: { AWS: '123456789012' }, Action: 'sts:AssumeRole' }), 'trust')).toBe(
      'Has prohibited field NotPrincipal',
    );
  });
  it('rejects a non-STS action', () => {
    expect(awsMessage(policy(trust({ Action: ['sts:AssumeRole', 's3:GetObject'] })), 'trust')).toBe(
      'AssumeRole policy may only specify STS AssumeRole actions.',
    );
  });
  it('accepts every AssumeRole-family action, in any case', () => {
    const actions = ['sts:AssumeRole', 'STS:assumerolewithsaml', 'sts:AssumeRoleWithWebIdentity', 'sts:TagSession', 'sts:SetSourceIdentity', 'sts:SetContext'];
    expect(errors(policy(trust({ Action: actions })), 'trust')).toEqual([]);
  });
  it('accepts wildcards that cover an AssumeRole-family action', () => {
    expect(errors(policy(trust({ Action: ['sts:*', 'sts:AssumeRole*', '*'] })), 'trust')).toEqual([]);
  });
  it('does not require a Resource', () => {
    expect(checkCodes(policy(trust()), 'trust')).not.toContain('statement.missingResource');
  });
  it('rejects a partial wildcard principal with AWS\'s message', () => {
    expect(awsMessage(policy(trust({ Principal: { AWS: 'arn:aws:iam::123456789012:role/*' } })), 'trust')).toBe(
      'Invalid principal in policy: "AWS":"arn:aws:iam::123456789012:role/*"',
    );
  });
  it('rejects an AWS principal that is a bare name, with AWS\'s message', () => {
    expect(awsMessage(policy(trust({ Principal: { AWS: 'alice' } })), 'trust')).toBe('Invalid principal in policy: "AWS":"alice"');
  });
  it('rejects a group ARN as an AWS principal', () => {
    expect(checkCodes(policy(trust({ Principal: { AWS: 'arn:aws:iam::123456789012:group/admins' } })), 'trust')).toContain('principal.malformed');
  });
  it('accepts every form IAM takes as an AWS principal', () => {
    const values = [
      '123456789012',
      'arn:aws:iam::123456789012:root',
      'arn:aws:iam::123456789012:user/division/alice',
      'arn:aws-cn:iam::123456789012:role/deploy',
      'arn:aws:sts::123456789012:assumed-role/deploy/session-1',
      'arn:aws:sts::123456789012:federated-user/bob',
      'AROAEXAMPLEEXAMPLE123',
      'AIDAEXAMPLEEXAMPLE123',
    ];
    expect(checkCodes(policy(trust({ Principal: { AWS: values } })), 'trust')).toEqual([]);
  });
  it('warns when anyone can assume the role', () => {
    const d = checkPolicy(policy(trust({ Principal: { AWS: '*' } })), 'trust').diagnostics;
    expect(d.map((x) => [x.code, x.severity])).toEqual([['principal.wildcardAllow', 'securityWarning']]);
  });
  it('does not warn about "*" when a condition narrows it', () => {
    const text = policy(trust({ Principal: { AWS: '*' }, Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-123' } } }));
    expect(checkCodes(text, 'trust')).toEqual([]);
  });
  it('uses the trust size quota, ignoring whitespace', () => {
    const big = policy(trust({ Condition: { StringEquals: { 'aws:SourceAccount': Array.from({ length: 200 }, (_, i) => String(100000000000 + i)) } } }));
    expect(checkPolicy(big, 'trust').diagnostics.map((d) => d.message)).toEqual([
      `Cannot exceed quota for ACLSizePerRole: 2048 (this policy: ${big.length}).`,
    ]);
  });
  it('accepts a raised trust size quota', () => {
    const big = policy(trust({ Condition: { StringEquals: { 'aws:SourceAccount': Array.from({ length: 200 }, (_, i) => String(100000000000 + i)) } } }));
    expect(checkCodes(big, 'trust', { sizeQuota: 4096 })).toEqual([]);
  });
});

describe('validatePolicy: resource-based policies', () => {
  it('requires a Principal or NotPrincipal', () => {
    expect(errors(policy(stmt()), 'resource')).toEqual(['principal.missing']);
  });
  it('accepts a NotPrincipal', () => {
    expect(errors(policy(stmt({ Effect: 'Deny', NotPrincipal: { AWS: 'arn:aws:iam::123456789012:root' } })), 'resource')).toEqual([]);
  });
  it('warns, without failing, when a statement has no Resource', () => {
    const d = checkPolicy(policy({ Effect: 'Allow', Principal: { AWS: '123456789012' }, Action: 's3:x' }), 'resource').diagnostics;
    expect(d.map((x) => [x.code, x.severity])).toEqual([['statement.missingResource', 'warning']]);
  });
  it('flags a public Allow without conditions', () => {
    expect(checkCodes(policy(stmt({ Principal: '*' })), 'resource')).toEqual(['principal.wildcardAllow']);
  });
});

describe('validatePolicy: service and resource control policies', () => {
  it('forbids a Principal in an SCP', () => {
    expect(errors(policy(stmt({ Principal: '*' })), 'scp')).toEqual(['principal.forbidden']);
  });
  it('does not require a Resource in an SCP', () => {
    expect(errors(policy({ Effect: 'Deny', Action: 's3:*' }), 'scp')).toEqual([]);
  });
  it('counts whitespace in an SCP size', () => {
    const padded = policy(stmt()).replace('{', `{${' '.repeat(5200)}`);
    expect(errors(padded, 'scp')).toEqual(['size.exceeded']);
  });
  it('accepts a deny RCP with Principal "*"', () => {
    expect(errors(policy(stmt({ Effect: 'Deny', Principal: '*' })), 'rcp')).toEqual([]);
  });
  it('rejects an Allow in an RCP', () => {
    expect(errors(policy(stmt({ Principal: '*' })), 'rcp')).toEqual(['effect.rcpAllow']);
  });
  it('accepts the RCPFullAWSAccess statement', () => {
    expect(errors(policy({ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }), 'rcp')).toEqual([]);
  });
  it('requires Principal "*" in an RCP', () => {
    expect(errors(policy(stmt({ Effect: 'Deny', Principal: { AWS: '123456789012' } })), 'rcp')).toEqual(['principal.notWildcard']);
  });
  it('requires a Principal in an RCP', () => {
    expect(errors(policy(stmt({ Effect: 'Deny' })), 'rcp')).toEqual(['principal.missing']);
  });
  it('requires a Resource in an RCP', () => {
    expect(errors(policy({ Effect: 'Deny', Principal: '*', Action: 's3:*' }), 'rcp')).toEqual(['statement.missingResource']);
  });
});

describe('validatePolicy: managed policies', () => {
  it('rejects a managed policy over 6,144 characters without whitespace', () => {
    const resources = Array.from({ length: 300 }, (_, i) => `arn:aws:s3:::bucket-${i}/*`);
    expect(checkPolicy(policy(stmt({ Resource: resources })), 'identity', { managed: true }).diagnostics[0].message).toMatch(
      /^Cannot exceed quota for PolicySize: 6144 \(this policy: \d+\)\.$/,
    );
  });
  it('does not count indentation toward the managed size', () => {
    const resources = Array.from({ length: 150 }, (_, i) => `arn:aws:s3:::bucket-${i}/*`);
    const pretty = JSON.stringify({ Version: '2012-10-17', Statement: stmt({ Resource: resources }) }, null, 8);
    expect([pretty.length > 6144, checkCodes(pretty, 'identity', { managed: true })]).toEqual([true, []]);
  });
  it('does not answer a size overrun as MalformedPolicyDocument', () => {
    const resources = Array.from({ length: 300 }, (_, i) => `arn:aws:s3:::bucket-${i}/*`);
    expect(awsMessage(policy(stmt({ Resource: resources })), 'identity', { managed: true })).toBeUndefined();
  });
});

describe('validatePolicy: API', () => {
  it('validates a parsed document directly', () => {
    const doc = parsePolicy(policy(stmt({ Principal: '*' })), { source: 'x.json' }).document;
    expect(doc && validatePolicy(doc, 'identity').map((d) => [d.code, d.source])).toEqual([['principal.forbidden', 'x.json']]);
  });
  it('skips kind rules after a grammar error, which would be guesses', () => {
    expect(checkCodes(policy(stmt({ Resource: {} })), 'identity')).toEqual(['element.wrongType']);
  });
  it('reports grammar and kind errors together otherwise', () => {
    expect(checkCodes(policy(stmt({ Principal: '*', Action: 'x' })), 'identity')).toEqual(['action.missingVendor', 'principal.forbidden']);
  });
  it('returns a document from checkPolicy only without errors', () => {
    expect(checkPolicy(policy(stmt({ Principal: '*' })), 'identity').document).toBeUndefined();
  });
  it('knows every policy kind', () => {
    for (const kind of POLICY_KINDS) expect(Array.isArray(checkPolicy(policy(stmt()), kind).diagnostics)).toBe(true);
  });
});
