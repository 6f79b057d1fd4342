import { describe, expect, it } from 'vitest';
import { assumedRoleArn, federatedUserArn, iamArn, parsePrincipalArn, rootArn } from '../../src/arn/index.js';

const A = '123456789012';

describe('IAM and STS ARN builders', () => {
  it('builds the root ARN', () => {
    expect(rootArn('aws', A)).toBe(`arn:aws:iam::${A}:root`);
  });

  it('puts the path between the type and the name', () => {
    expect(iamArn('aws', A, 'user', '/', 'alice')).toBe(`arn:aws:iam::${A}:user/alice`);
    expect(iamArn('aws', A, 'role', '/service/', 'worker')).toBe(`arn:aws:iam::${A}:role/service/worker`);
  });

  it.each([
    ['group', `arn:aws:iam::${A}:group/admins`],
    ['policy', `arn:aws:iam::${A}:policy/admins`],
    ['instance-profile', `arn:aws:iam::${A}:instance-profile/admins`],
    ['mfa', `arn:aws:iam::${A}:mfa/admins`],
    ['server-certificate', `arn:aws:iam::${A}:server-certificate/admins`],
    ['saml-provider', `arn:aws:iam::${A}:saml-provider/admins`],
  ] as const)('builds a %s ARN', (type, expected) => {
    expect(iamArn('aws', A, type, '/', 'admins')).toBe(expected);
  });

  it('builds an OIDC provider ARN from the issuer host and path', () => {
    expect(iamArn('aws', A, 'oidc-provider', '/', 'example.com/tenant')).toBe(`arn:aws:iam::${A}:oidc-provider/example.com/tenant`);
  });

  it('uses the partition it is given', () => {
    expect(iamArn('aws-cn', A, 'user', '/', 'u')).toBe(`arn:aws-cn:iam::${A}:user/u`);
  });

  it('rejects a path without leading and trailing slash', () => {
    expect(() => iamArn('aws', A, 'user', 'dev', 'alice')).toThrow(RangeError);
    expect(() => iamArn('aws', A, 'user', '', 'alice')).toThrow(RangeError);
  });

  it('builds an assumed-role ARN without the role path', () => {
    expect(assumedRoleArn('aws', A, 'Deploy', 'ci-42')).toBe(`arn:aws:sts::${A}:assumed-role/Deploy/ci-42`);
  });

  it('builds a federated-user ARN', () => {
    expect(federatedUserArn('aws', A, 'bob')).toBe(`arn:aws:sts::${A}:federated-user/bob`);
  });
});

describe('parsePrincipalArn', () => {
  it('reads the root', () => {
    expect(parsePrincipalArn(`arn:aws:iam::${A}:root`)).toEqual({ kind: 'root', partition: 'aws', account: A, name: '', path: '/' });
  });

  it('reads a user with a path', () => {
    expect(parsePrincipalArn(`arn:aws:iam::${A}:user/division/team/alice`)).toEqual({
      kind: 'user',
      partition: 'aws',
      account: A,
      name: 'alice',
      path: '/division/team/',
    });
  });

  it.each([
    ['role', `arn:aws:iam::${A}:role/r`, 'r'],
    ['group', `arn:aws:iam::${A}:group/g`, 'g'],
    ['policy', `arn:aws:iam::${A}:policy/p`, 'p'],
    ['instanceProfile', `arn:aws:iam::${A}:instance-profile/ip`, 'ip'],
    ['mfa', `arn:aws:iam::${A}:mfa/device`, 'device'],
    ['serverCertificate', `arn:aws:iam::${A}:server-certificate/c`, 'c'],
    ['samlProvider', `arn:aws:iam::${A}:saml-provider/Okta`, 'Okta'],
  ])('reads a %s', (kind, text, name) => {
    expect(parsePrincipalArn(text)).toMatchObject({ kind, name, path: '/', account: A });
  });

  it('reads an OIDC provider whose name holds slashes', () => {
    expect(parsePrincipalArn(`arn:aws:iam::${A}:oidc-provider/example.com/tenant`)).toMatchObject({
      kind: 'oidcProvider',
      name: 'example.com/tenant',
      path: '/',
    });
  });

  it('reads an AWS-managed policy (account "aws")', () => {
    expect(parsePrincipalArn('arn:aws:iam::aws:policy/job-function/ViewOnlyAccess')).toMatchObject({
      kind: 'policy',
      account: 'aws',
      name: 'ViewOnlyAccess',
      path: '/job-function/',
    });
  });

  it('reads a role session', () => {
    expect(parsePrincipalArn(`arn:aws:sts::${A}:assumed-role/Deploy/ci-42`)).toEqual({
      kind: 'roleSession',
      partition: 'aws',
      account: A,
      name: 'ci-42',
      path: '/',
      roleName: 'Deploy',
      sessionName: 'ci-42',
    });
  });

  it('reads a federated user', () => {
    expect(parsePrincipalArn(`arn:aws-us-gov:sts::${A}:federated-user/bob`)).toEqual({
      kind: 'federatedUser',
      partition: 'aws-us-gov',
      account: A,
      name: 'bob',
      path: '/',
    });
  });

  it('round-trips the builders', () => {
    const built = iamArn('aws', A, 'role', '/a/b/', 'r');
    const parsed = parsePrincipalArn(built)!;
    expect(iamArn(parsed.partition, parsed.account, 'role', parsed.path, parsed.name)).toBe(built);
  });

  it.each([
    ['another service', `arn:aws:s3:::bucket`],
    ['a region', `arn:aws:iam:us-east-1:${A}:user/alice`],
    ['a short account', 'arn:aws:iam::1234:user/alice'],
    ['an unknown IAM type', `arn:aws:iam::${A}:thing/x`],
    ['an empty name', `arn:aws:iam::${A}:user/`],
    ['a path without name', `arn:aws:iam::${A}:user/dev/`],
    ['an assumed role without session', `arn:aws:sts::${A}:assumed-role/Deploy`],
    ['an assumed role with a path', `arn:aws:sts::${A}:assumed-role/a/Deploy/s`],
    ['an unknown STS type', `arn:aws:sts::${A}:thing/x`],
    ['an AWS-owned user', 'arn:aws:iam::aws:user/x'],
    ['root of no account', 'arn:aws:iam::aws:root'],
    ['not an ARN', 'AIDAJQABLZS4A3QDU576Q'],
  ])('rejects %s', (_label, text) => {
    expect(parsePrincipalArn(text)).toBeUndefined();
  });
});
