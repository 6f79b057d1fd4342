// Account-level actions end to end: a real server driven by @aws-sdk/client-iam, which parses every shape.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  CreateAccountAliasCommand,
  DeleteAccountAliasCommand,
  DeleteAccountPasswordPolicyCommand,
  GenerateCredentialReportCommand,
  GetAccountAuthorizationDetailsCommand,
  GetAccountPasswordPolicyCommand,
  GetAccountSummaryCommand,
  GetCredentialReportCommand,
  ListAccountAliasesCommand,
  UpdateAccountPasswordPolicyCommand,
} from '@aws-sdk/client-iam';
import type { IAMClient } from '@aws-sdk/client-iam';
import { createUserWithKey, putUserPolicy, startTestServer } from './harness.js';
import type { TestServer } from './harness.js';

let server: TestServer;
let iam: IAMClient;
const DOC = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}';
const TRUST = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}';

beforeAll(async () => {
  server = await startTestServer();
  iam = server.iam();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

describe('account alias', () => {
  it('creates, lists, replaces and deletes the alias', async () => {
    expect((await iam.send(new ListAccountAliasesCommand({}))).AccountAliases).toEqual([]);
    await iam.send(new CreateAccountAliasCommand({ AccountAlias: 'acme-one' }));
    await iam.send(new CreateAccountAliasCommand({ AccountAlias: 'acme-two' }));
    const listed = await iam.send(new ListAccountAliasesCommand({}));
    expect(listed).toMatchObject({ AccountAliases: ['acme-two'], IsTruncated: false });
    await iam.send(new DeleteAccountAliasCommand({ AccountAlias: 'acme-two' }));
    expect((await iam.send(new ListAccountAliasesCommand({}))).AccountAliases).toEqual([]);
  });

  it('rejects an alias with a double hyphen as ValidationError', async () => {
    await expect(iam.send(new CreateAccountAliasCommand({ AccountAlias: 'bad--alias' }))).rejects.toMatchObject({
      name: 'ValidationError',
    });
  });

  it('answers EntityAlreadyExists for the current alias', async () => {
    await iam.send(new CreateAccountAliasCommand({ AccountAlias: 'acme' }));
    await expect(iam.send(new CreateAccountAliasCommand({ AccountAlias: 'acme' }))).rejects.toMatchObject({
      name: 'EntityAlreadyExistsException',
      message: 'The account alias acme already exists.',
    });
  });

  it('answers NoSuchEntity when deleting an alias the account does not hold', async () => {
    await expect(iam.send(new DeleteAccountAliasCommand({ AccountAlias: 'ghost' }))).rejects.toMatchObject({
      name: 'NoSuchEntityException',
    });
  });
});

describe('password policy', () => {
  it('is NoSuchEntity before one is set', async () => {
    await expect(iam.send(new GetAccountPasswordPolicyCommand({}))).rejects.toMatchObject({
      name: 'NoSuchEntityException',
      message: `The Password Policy with domain name ${server.accountId} cannot be found.`,
    });
  });

  it('round-trips every field', async () => {
    await iam.send(
      new UpdateAccountPasswordPolicyCommand({
        MinimumPasswordLength: 14,
        RequireSymbols: true,
        RequireNumbers: true,
        RequireUppercaseCharacters: true,
        RequireLowercaseCharacters: false,
        AllowUsersToChangePassword: true,
        MaxPasswordAge: 90,
        PasswordReusePrevention: 24,
        HardExpiry: true,
      }),
    );
    const { PasswordPolicy } = await iam.send(new GetAccountPasswordPolicyCommand({}));
    expect(PasswordPolicy).toEqual({
      MinimumPasswordLength: 14,
      RequireSymbols: true,
      RequireNumbers: true,
      RequireUppercaseCharacters: true,
      RequireLowercaseCharacters: false,
      AllowUsersToChangePassword: true,
      ExpirePasswords: true,
      MaxPasswordAge: 90,
      PasswordReusePrevention: 24,
      HardExpiry: true,
    });
  });

  it('rejects a minimum length under 6 as ValidationError', async () => {
    await expect(iam.send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 5 }))).rejects.toMatchObject({
      name: 'ValidationError',
    });
  });

  it('deletes the policy', async () => {
    await iam.send(new UpdateAccountPasswordPolicyCommand({}));
    await iam.send(new DeleteAccountPasswordPolicyCommand({}));
    await expect(iam.send(new GetAccountPasswordPolicyCommand({}))).rejects.toMatchObject({ name: 'NoSuchEntityException' });
  });
});

describe('GetAccountSummary', () => {
  it('returns the SummaryMap with counts and quotas', async () => {
    await createUserWithKey(server, 'alice');
    const { SummaryMap } = await iam.send(new GetAccountSummaryCommand({}));
    expect(SummaryMap).toMatchObject({ Users: 1, UsersQuota: 5000, AccountAccessKeysPresent: 1, GlobalEndpointTokenVersion: 1 });
    expect(Object.keys(SummaryMap ?? {})).toHaveLength(34);
  });
});

describe('credential report', () => {
  it('is ReportNotPresent (410) before any generation', async () => {
    // Reports are kept per account in the store: a fresh account has none.
    const other = await startTestServer({ accountId: '123412341234' });
    try {
      await expect(other.iam().send(new GetCredentialReportCommand({}))).rejects.toMatchObject({
        name: 'CredentialReportNotPresentException',
        $metadata: { httpStatusCode: 410 },
      });
    } finally {
      await other.close();
    }
  });

  it('generates a report whose decoded content is the CSV with root first', async () => {
    await createUserWithKey(server, 'alice');
    const generated = await iam.send(new GenerateCredentialReportCommand({}));
    expect(['STARTED', 'COMPLETE']).toContain(generated.State);
    expect((await iam.send(new GenerateCredentialReportCommand({}))).State).toBe('COMPLETE');
    const report = await iam.send(new GetCredentialReportCommand({}));
    expect(report.ReportFormat).toBe('text/csv');
    expect(report.GeneratedTime).toBeInstanceOf(Date);
    const lines = Buffer.from(report.Content ?? new Uint8Array()).toString('utf8').split('\n');
    expect(lines[0]).toMatch(/^user,arn,user_creation_time,password_enabled,/);
    expect(lines[1]).toMatch(/^<root_account>,arn:aws:iam::\d{12}:root,/);
    expect(lines.some((l) => l.startsWith('alice,'))).toBe(true);
  });
});

describe('GetAccountAuthorizationDetails', () => {
  beforeEach(async () => {
    await createUserWithKey(server, 'alice');
    await putUserPolicy(server, 'alice', 'inline', DOC);
    await server.store.transaction(async (tx) => {
      const now = new Date();
      await tx.roles.create({
        accountId: server.accountId, roleName: 'app', roleId: 'AROAAAAAAAAAAAAAAAAAA', path: '/',
        arn: `arn:aws:iam::${server.accountId}:role/app`, assumeRolePolicyDocument: TRUST, maxSessionDuration: 3600, createDate: now,
      });
      await tx.groups.create({
        accountId: server.accountId, groupName: 'devs', groupId: 'AGPAAAAAAAAAAAAAAAAAA', path: '/',
        arn: `arn:aws:iam::${server.accountId}:group/devs`, createDate: now,
      });
      await tx.groups.addUser(server.accountId, 'devs', 'alice');
      await tx.policies.create({
        accountId: server.accountId, policyName: 'Read', policyId: 'ANPAAAAAAAAAAAAAAAAAA', path: '/',
        arn: `arn:aws:iam::${server.accountId}:policy/Read`, document: DOC, createDate: now,
      });
      await tx.attachments.attach(server.accountId, { principalType: 'role', principalName: 'app' }, `arn:aws:iam::${server.accountId}:policy/Read`);
    });
  });

  it('returns every detail list with URL-encoded documents', async () => {
    const out = await iam.send(new GetAccountAuthorizationDetailsCommand({}));
    const alice = out.UserDetailList?.[0];
    expect(alice).toMatchObject({ UserName: 'alice', Path: '/', GroupList: ['devs'], AttachedManagedPolicies: [] });
    expect(alice?.UserId).toMatch(/^AIDA/);
    expect(alice?.CreateDate).toBeInstanceOf(Date);
    expect(alice?.UserPolicyList?.[0]?.PolicyName).toBe('inline');
    expect(decodeURIComponent(alice?.UserPolicyList?.[0]?.PolicyDocument ?? '')).toBe(DOC);
    expect(out.GroupDetailList?.[0]).toMatchObject({ GroupName: 'devs', GroupPolicyList: [], AttachedManagedPolicies: [] });
    const app = out.RoleDetailList?.[0];
    expect(app).toMatchObject({
      RoleName: 'app',
      InstanceProfileList: [],
      RolePolicyList: [],
      AttachedManagedPolicies: [{ PolicyName: 'Read', PolicyArn: `arn:aws:iam::${server.accountId}:policy/Read` }],
      RoleLastUsed: {},
    });
    expect(decodeURIComponent(app?.AssumeRolePolicyDocument ?? '')).toBe(TRUST);
    const read = out.Policies?.[0];
    expect(read).toMatchObject({ PolicyName: 'Read', DefaultVersionId: 'v1', AttachmentCount: 1, PermissionsBoundaryUsageCount: 0, IsAttachable: true });
    expect(read?.PolicyVersionList?.[0]).toMatchObject({ VersionId: 'v1', IsDefaultVersion: true });
    expect(decodeURIComponent(read?.PolicyVersionList?.[0]?.Document ?? '')).toBe(DOC);
    expect(out.IsTruncated).toBe(false);
  });

  it('filters by entity type', async () => {
    const out = await iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Role'] }));
    expect(out.RoleDetailList).toHaveLength(1);
    expect(out.UserDetailList ?? []).toEqual([]);
    expect(out.Policies ?? []).toEqual([]);
  });

  it('paginates across the combined list with Marker and MaxItems', async () => {
    const seen: string[] = [];
    let marker: string | undefined;
    let pages = 0;
    do {
      const out = await iam.send(new GetAccountAuthorizationDetailsCommand({ MaxItems: 1, ...(marker && { Marker: marker }) }));
      pages++;
      seen.push(
        ...(out.UserDetailList ?? []).map((u) => `user:${u.UserName}`),
        ...(out.GroupDetailList ?? []).map((g) => `group:${g.GroupName}`),
        ...(out.RoleDetailList ?? []).map((r) => `role:${r.RoleName}`),
        ...(out.Policies ?? []).map((p) => `policy:${p.PolicyName}`),
      );
      marker = out.IsTruncated ? out.Marker : undefined;
    } while (marker !== undefined);
    expect(pages).toBe(4);
    expect(seen).toEqual(['user:alice', 'group:devs', 'role:app', 'policy:Read']);
  });

  it('rejects an unknown Filter value as ValidationError', async () => {
    await expect(
      iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Bogus' as never] })),
    ).rejects.toMatchObject({ name: 'ValidationError' });
  });
});

describe('enforcement', () => {
  it('denies a user without permissions, and allows one with them', async () => {
    const key = await createUserWithKey(server, 'bob');
    await expect(server.iam(key).send(new GetAccountSummaryCommand({}))).rejects.toMatchObject({ name: 'AccessDenied' });
    await putUserPolicy(server, 'bob', 'summary', {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'iam:GetAccountSummary', Resource: '*' }],
    });
    const { SummaryMap } = await server.iam(key).send(new GetAccountSummaryCommand({}));
    expect(SummaryMap?.Users).toBe(1);
  });
});
