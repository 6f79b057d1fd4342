// Managed policies, versions, attachments and inline policies end to end: a real server driven by the SDK.
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  CreateServiceLinkedRoleCommand,
  CreateUserCommand,
  DeleteGroupPolicyCommand,
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  DeleteRolePolicyCommand,
  DeleteUserPolicyCommand,
  DetachGroupPolicyCommand,
  DetachRolePolicyCommand,
  DetachUserPolicyCommand,
  GetGroupPolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRolePolicyCommand,
  GetUserPolicyCommand,
  ListAttachedGroupPoliciesCommand,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListEntitiesForPolicyCommand,
  ListGroupPoliciesCommand,
  ListPoliciesCommand,
  ListPolicyTagsCommand,
  ListPolicyVersionsCommand,
  ListRolePoliciesCommand,
  ListUserPoliciesCommand,
  ListUsersCommand,
  PutGroupPolicyCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  SetDefaultPolicyVersionCommand,
  TagPolicyCommand,
  UntagPolicyCommand,
} from '@aws-sdk/client-iam';
import type { IAMClient } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { awsPolicyError } from '../../src/policy/index.js';
import { createUserWithKey, putUserPolicy, startTestServer } from './harness.js';
import type { TestServer } from './harness.js';

const ACCOUNT = '000000000000';
const READ_ONLY = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});
const doc = (action: string, resource = '*'): string =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: resource }] });
const DOC = doc('s3:GetObject');
const arnOf = (name: string, path = '/'): string => `arn:aws:iam::${ACCOUNT}:policy${path}${name}`;

let server: TestServer;
let iam: IAMClient;

/** The SDK's error as `{ code, message }` (the code is the wire `<Code>`; modeled errors add `Exception`). */
async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { name: string; message: string; Code?: string };
    return { code: (e.Code ?? e.name).replace(/Exception$/, ''), message: e.message };
  }
  throw new Error('expected the call to fail');
}

async function createPolicy(name: string, document = DOC, path?: string): Promise<string> {
  const out = await iam.send(new CreatePolicyCommand({ PolicyName: name, PolicyDocument: document, ...(path && { Path: path }) }));
  return out.Policy!.Arn!;
}

beforeAll(async () => {
  server = await startTestServer();
  iam = server.iam();
  // The AWS-managed catalog loads on first use (a large file): warm it outside the tests' time budget.
  await iam.send(new GetPolicyCommand({ PolicyArn: READ_ONLY }));
}, 120_000);

afterAll(async () => {
  await server.close();
});

beforeEach(async () => {
  await server.reset();
});

describe('managed policy lifecycle', () => {
  it('creates, reads, lists, tags and deletes a policy', async () => {
    const created = await iam.send(
      new CreatePolicyCommand({
        PolicyName: 'Reader',
        Path: '/team/',
        Description: 'reads objects',
        PolicyDocument: DOC,
        Tags: [{ Key: 'owner', Value: 'alice' }],
      }),
    );
    expect(created.Policy).toMatchObject({
      PolicyName: 'Reader',
      Arn: arnOf('Reader', '/team/'),
      Path: '/team/',
      DefaultVersionId: 'v1',
      AttachmentCount: 0,
      PermissionsBoundaryUsageCount: 0,
      IsAttachable: true,
      Description: 'reads objects',
      Tags: [{ Key: 'owner', Value: 'alice' }],
    });
    expect(created.Policy!.PolicyId).toMatch(/^ANPA[A-Z2-7]{17}$/);
    expect(created.Policy!.CreateDate).toBeInstanceOf(Date);

    const got = await iam.send(new GetPolicyCommand({ PolicyArn: arnOf('Reader', '/team/') }));
    expect(got.Policy).toMatchObject({ PolicyName: 'Reader', Description: 'reads objects', Tags: [{ Key: 'owner', Value: 'alice' }] });

    const listed = await iam.send(new ListPoliciesCommand({ Scope: 'Local' }));
    expect(listed.Policies!.map((p) => p.PolicyName)).toEqual(['Reader']);
    expect(listed.IsTruncated).toBe(false);

    await iam.send(new TagPolicyCommand({ PolicyArn: arnOf('Reader', '/team/'), Tags: [{ Key: 'env', Value: 'dev' }] }));
    await iam.send(new UntagPolicyCommand({ PolicyArn: arnOf('Reader', '/team/'), TagKeys: ['owner'] }));
    const tags = await iam.send(new ListPolicyTagsCommand({ PolicyArn: arnOf('Reader', '/team/') }));
    expect(tags.Tags).toEqual([{ Key: 'env', Value: 'dev' }]);

    await iam.send(new DeletePolicyCommand({ PolicyArn: arnOf('Reader', '/team/') }));
    expect(await failure(iam.send(new GetPolicyCommand({ PolicyArn: arnOf('Reader', '/team/') })))).toEqual({
      code: 'NoSuchEntity',
      message: `Policy ${arnOf('Reader', '/team/')} was not found.`,
    });
  });

  it('rotates versions: at most 5, default protected, ids never reused', async () => {
    const arn = await createPolicy('Rotating');
    for (let i = 2; i <= 5; i++) {
      const v = await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc(`s3:Action${i}`), SetAsDefault: true }));
      expect(v.PolicyVersion).toMatchObject({ VersionId: `v${i}`, IsDefaultVersion: true });
    }
    expect(await failure(iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: DOC })))).toEqual({
      code: 'LimitExceeded',
      message: 'A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.',
    });
    expect(await failure(iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v5' })))).toEqual({
      code: 'DeleteConflict',
      message: 'Cannot delete the default version of a policy.',
    });
    await iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v1' }));
    const v6 = await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: DOC }));
    expect(v6.PolicyVersion).toMatchObject({ VersionId: 'v6', IsDefaultVersion: false });

    const versions = await iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn }));
    expect(versions.Versions!.map((v) => [v.VersionId, v.IsDefaultVersion])).toEqual([
      ['v6', false],
      ['v5', true],
      ['v4', false],
      ['v3', false],
      ['v2', false],
    ]);

    await iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v6' }));
    expect((await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy!.DefaultVersionId).toBe('v6');
    const v = await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v6' }));
    // IAM URL-encodes documents; the JS SDK hands the encoded text back.
    expect(decodeURIComponent(v.PolicyVersion!.Document!)).toBe(DOC);
    expect(v.PolicyVersion!.IsDefaultVersion).toBe(true);

    expect(await failure(iam.send(new DeletePolicyCommand({ PolicyArn: arn })))).toEqual({
      code: 'DeleteConflict',
      message:
        "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.",
    });
    for (const id of ['v2', 'v3', 'v4', 'v5']) await iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: id }));
    await iam.send(new DeletePolicyCommand({ PolicyArn: arn }));
  });

  it('pages through versions with Marker', async () => {
    const arn = await createPolicy('Paged');
    for (let i = 0; i < 3; i++) await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: DOC }));
    const first = await iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn, MaxItems: 3 }));
    expect(first.Versions!.map((v) => v.VersionId)).toEqual(['v4', 'v3', 'v2']);
    expect(first.IsTruncated).toBe(true);
    const second = await iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn, MaxItems: 3, Marker: first.Marker }));
    expect(second.Versions!.map((v) => v.VersionId)).toEqual(['v1']);
    expect(second.IsTruncated).toBe(false);
    expect(second.Marker).toBeUndefined();
  });
});

describe('AWS managed policies', () => {
  it('shows ReadOnlyAccess through GetPolicy and GetPolicyVersion and lets it be attached', async () => {
    const got = await iam.send(new GetPolicyCommand({ PolicyArn: READ_ONLY }));
    expect(got.Policy).toMatchObject({ PolicyName: 'ReadOnlyAccess', Arn: READ_ONLY, Path: '/', IsAttachable: true, AttachmentCount: 0 });
    const version = await iam.send(new GetPolicyVersionCommand({ PolicyArn: READ_ONLY, VersionId: got.Policy!.DefaultVersionId! }));
    expect(JSON.parse(decodeURIComponent(version.PolicyVersion!.Document!))).toHaveProperty('Statement');

    await iam.send(new CreateUserCommand({ UserName: 'alice' }));
    await iam.send(new AttachUserPolicyCommand({ UserName: 'alice', PolicyArn: READ_ONLY }));
    const attached = await iam.send(new ListAttachedUserPoliciesCommand({ UserName: 'alice' }));
    expect(attached.AttachedPolicies).toEqual([{ PolicyName: 'ReadOnlyAccess', PolicyArn: READ_ONLY }]);
    expect((await iam.send(new GetPolicyCommand({ PolicyArn: READ_ONLY }))).Policy!.AttachmentCount).toBe(1);
    const entities = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: READ_ONLY }));
    expect(entities.PolicyUsers!.map((u) => u.UserName)).toEqual(['alice']);
    expect(entities.PolicyGroups).toEqual([]);
    expect(entities.PolicyRoles).toEqual([]);
    const onlyAttached = await iam.send(new ListPoliciesCommand({ OnlyAttached: true }));
    expect(onlyAttached.Policies!.map((p) => p.Arn)).toEqual([READ_ONLY]);
  });

  it('pages through every AWS managed policy without repeats', async () => {
    const seen = new Set<string>();
    let marker: string | undefined;
    let pages = 0;
    do {
      const out = await iam.send(new ListPoliciesCommand({ Scope: 'AWS', MaxItems: 400, ...(marker && { Marker: marker }) }));
      for (const p of out.Policies!) {
        expect(seen.has(p.Arn!)).toBe(false);
        seen.add(p.Arn!);
      }
      marker = out.IsTruncated ? out.Marker : undefined;
      pages++;
    } while (marker !== undefined);
    expect(pages).toBeGreaterThan(1);
    expect(seen.has(READ_ONLY)).toBe(true);
    expect(seen.has(ADMIN)).toBe(true);
  });

  it('refuses to delete an AWS managed policy', async () => {
    expect((await failure(iam.send(new DeletePolicyCommand({ PolicyArn: READ_ONLY })))).code).toBe('AccessDenied');
    expect((await failure(iam.send(new CreatePolicyVersionCommand({ PolicyArn: READ_ONLY, PolicyDocument: DOC })))).code).toBe('AccessDenied');
  });
});

describe('pagination and listing', () => {
  it('pages local policies by name and filters by path prefix', async () => {
    for (const name of ['e', 'D', 'c', 'B', 'a']) await createPolicy(name, DOC, name === 'c' ? '/special/' : undefined);
    const names: string[] = [];
    let marker: string | undefined;
    do {
      const out = await iam.send(new ListPoliciesCommand({ Scope: 'Local', MaxItems: 2, ...(marker && { Marker: marker }) }));
      names.push(...out.Policies!.map((p) => p.PolicyName!));
      marker = out.IsTruncated ? out.Marker : undefined;
    } while (marker !== undefined);
    expect(names).toEqual(['a', 'B', 'c', 'D', 'e']);
    const special = await iam.send(new ListPoliciesCommand({ Scope: 'Local', PathPrefix: '/special/' }));
    expect(special.Policies!.map((p) => p.PolicyName)).toEqual(['c']);
  });

  it('pages attached and inline policies of a user', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'alice' }));
    for (const name of ['p1', 'p2', 'p3']) {
      await iam.send(new AttachUserPolicyCommand({ UserName: 'alice', PolicyArn: await createPolicy(name) }));
      await iam.send(new PutUserPolicyCommand({ UserName: 'alice', PolicyName: `i-${name}`, PolicyDocument: DOC }));
    }
    const a1 = await iam.send(new ListAttachedUserPoliciesCommand({ UserName: 'alice', MaxItems: 2 }));
    const a2 = await iam.send(new ListAttachedUserPoliciesCommand({ UserName: 'alice', MaxItems: 2, Marker: a1.Marker }));
    expect([...a1.AttachedPolicies!, ...a2.AttachedPolicies!].map((p) => p.PolicyName)).toEqual(['p1', 'p2', 'p3']);
    expect([a1.IsTruncated, a2.IsTruncated]).toEqual([true, false]);
    const i1 = await iam.send(new ListUserPoliciesCommand({ UserName: 'alice', MaxItems: 1 }));
    const i2 = await iam.send(new ListUserPoliciesCommand({ UserName: 'alice', MaxItems: 5, Marker: i1.Marker }));
    expect([...i1.PolicyNames!, ...i2.PolicyNames!]).toEqual(['i-p1', 'i-p2', 'i-p3']);
  });

  it('lists entities for a policy by type with EntityFilter', async () => {
    const arn = await createPolicy('Shared');
    await iam.send(new CreateUserCommand({ UserName: 'u' }));
    await iam.send(new CreateGroupCommand({ GroupName: 'g' }));
    await iam.send(new CreateRoleCommand({ RoleName: 'r', AssumeRolePolicyDocument: TRUST }));
    await iam.send(new AttachUserPolicyCommand({ UserName: 'u', PolicyArn: arn }));
    await iam.send(new AttachGroupPolicyCommand({ GroupName: 'g', PolicyArn: arn }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'r', PolicyArn: arn }));
    const all = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: arn }));
    expect([all.PolicyUsers!.length, all.PolicyGroups!.length, all.PolicyRoles!.length]).toEqual([1, 1, 1]);
    expect(all.PolicyRoles![0].RoleId).toMatch(/^AROA/);
    const roles = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: arn, EntityFilter: 'Role' }));
    expect([roles.PolicyUsers!.length, roles.PolicyGroups!.length, roles.PolicyRoles!.length]).toEqual([0, 0, 1]);
    expect((await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy!.AttachmentCount).toBe(3);
  });
});

describe('attachments', () => {
  it('attaches and detaches on users, groups and roles', async () => {
    const arn = await createPolicy('P');
    await iam.send(new CreateUserCommand({ UserName: 'u' }));
    await iam.send(new CreateGroupCommand({ GroupName: 'g' }));
    await iam.send(new CreateRoleCommand({ RoleName: 'r', AssumeRolePolicyDocument: TRUST }));
    await iam.send(new AttachGroupPolicyCommand({ GroupName: 'g', PolicyArn: arn }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'r', PolicyArn: arn }));
    expect((await iam.send(new ListAttachedGroupPoliciesCommand({ GroupName: 'g' }))).AttachedPolicies).toEqual([{ PolicyName: 'P', PolicyArn: arn }]);
    expect((await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'r' }))).AttachedPolicies).toEqual([{ PolicyName: 'P', PolicyArn: arn }]);
    expect(await failure(iam.send(new DeletePolicyCommand({ PolicyArn: arn })))).toEqual({
      code: 'DeleteConflict',
      message: 'Cannot delete a policy attached to entities.',
    });
    await iam.send(new DetachGroupPolicyCommand({ GroupName: 'g', PolicyArn: arn }));
    await iam.send(new DetachRolePolicyCommand({ RoleName: 'r', PolicyArn: arn }));
    expect(await failure(iam.send(new DetachUserPolicyCommand({ UserName: 'u', PolicyArn: arn })))).toEqual({
      code: 'NoSuchEntity',
      message: `Policy ${arn} was not found.`,
    });
    await iam.send(new DeletePolicyCommand({ PolicyArn: arn }));
  });

  it('refuses a missing or unattachable policy', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'u' }));
    const missing = arnOf('Missing');
    expect(await failure(iam.send(new AttachUserPolicyCommand({ UserName: 'u', PolicyArn: missing })))).toEqual({
      code: 'NoSuchEntity',
      message: `Policy ${missing} does not exist or is not attachable.`,
    });
  });

  it('answers a missing user with NoSuchEntity', async () => {
    expect(await failure(iam.send(new AttachUserPolicyCommand({ UserName: 'ghost', PolicyArn: READ_ONLY })))).toEqual({
      code: 'NoSuchEntity',
      message: 'The user with name ghost cannot be found.',
    });
  });

  it('enforces 10 managed policies per user, group and role', async () => {
    const arns: string[] = [];
    for (let i = 0; i < 11; i++) arns.push(await createPolicy(`Q${i}`));
    await iam.send(new CreateUserCommand({ UserName: 'u' }));
    await iam.send(new CreateGroupCommand({ GroupName: 'g' }));
    await iam.send(new CreateRoleCommand({ RoleName: 'r', AssumeRolePolicyDocument: TRUST }));
    const attach = {
      user: (arn: string) => iam.send(new AttachUserPolicyCommand({ UserName: 'u', PolicyArn: arn })),
      group: (arn: string) => iam.send(new AttachGroupPolicyCommand({ GroupName: 'g', PolicyArn: arn })),
      role: (arn: string) => iam.send(new AttachRolePolicyCommand({ RoleName: 'r', PolicyArn: arn })),
    };
    const quota = { user: 'PoliciesPerUser', group: 'PoliciesPerGroup', role: 'PoliciesPerRole' };
    for (const type of ['user', 'group', 'role'] as const) {
      for (const arn of arns.slice(0, 10)) await attach[type](arn);
      expect(await failure(attach[type](arns[10]))).toEqual({ code: 'LimitExceeded', message: `Cannot exceed quota for ${quota[type]}: 10` });
    }
  });

  it('refuses to change the policies of a service-linked role', async () => {
    const created = await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'elasticbeanstalk.amazonaws.com' }));
    const roleName = created.Role!.RoleName!;
    const message = `Cannot perform the operation on the protected role '${roleName}' - this role is only modifiable by AWS`;
    expect(await failure(iam.send(new AttachRolePolicyCommand({ RoleName: roleName, PolicyArn: READ_ONLY })))).toEqual({
      code: 'UnmodifiableEntity',
      message,
    });
    expect(await failure(iam.send(new PutRolePolicyCommand({ RoleName: roleName, PolicyName: 'p', PolicyDocument: DOC })))).toEqual({
      code: 'UnmodifiableEntity',
      message,
    });
  });
});

describe('inline policies', () => {
  it('puts, gets (URL-encoded), lists and deletes on users, groups and roles', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'u' }));
    await iam.send(new CreateGroupCommand({ GroupName: 'g' }));
    await iam.send(new CreateRoleCommand({ RoleName: 'r', AssumeRolePolicyDocument: TRUST }));
    const spaced = JSON.stringify(JSON.parse(DOC), null, 2);
    await iam.send(new PutUserPolicyCommand({ UserName: 'u', PolicyName: 'p', PolicyDocument: spaced }));
    await iam.send(new PutGroupPolicyCommand({ GroupName: 'g', PolicyName: 'p', PolicyDocument: DOC }));
    await iam.send(new PutRolePolicyCommand({ RoleName: 'r', PolicyName: 'p', PolicyDocument: DOC }));

    const user = await iam.send(new GetUserPolicyCommand({ UserName: 'u', PolicyName: 'p' }));
    expect(user).toMatchObject({ UserName: 'u', PolicyName: 'p' });
    expect(decodeURIComponent(user.PolicyDocument!)).toBe(spaced);
    const group = await iam.send(new GetGroupPolicyCommand({ GroupName: 'g', PolicyName: 'p' }));
    expect(group).toMatchObject({ GroupName: 'g', PolicyName: 'p' });
    const role = await iam.send(new GetRolePolicyCommand({ RoleName: 'r', PolicyName: 'p' }));
    expect(role).toMatchObject({ RoleName: 'r', PolicyName: 'p' });
    // RFC 3986 percent-encoding: `*` too, which encodeURIComponent leaves alone.
    expect(role.PolicyDocument).toBe(encodeURIComponent(DOC).replace(/\*/g, '%2A'));

    expect((await iam.send(new ListGroupPoliciesCommand({ GroupName: 'g' }))).PolicyNames).toEqual(['p']);
    expect((await iam.send(new ListRolePoliciesCommand({ RoleName: 'r' }))).PolicyNames).toEqual(['p']);
    await iam.send(new DeleteUserPolicyCommand({ UserName: 'u', PolicyName: 'p' }));
    await iam.send(new DeleteGroupPolicyCommand({ GroupName: 'g', PolicyName: 'p' }));
    await iam.send(new DeleteRolePolicyCommand({ RoleName: 'r', PolicyName: 'p' }));
    expect((await iam.send(new ListUserPoliciesCommand({ UserName: 'u' }))).PolicyNames).toEqual([]);
    expect(await failure(iam.send(new GetRolePolicyCommand({ RoleName: 'r', PolicyName: 'p' })))).toEqual({
      code: 'NoSuchEntity',
      message: 'The role policy with name p cannot be found.',
    });
  });

  it('enforces the aggregate size per user', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'u' }));
    const big = doc('s3:GetObject', `arn:aws:s3:::${'x'.repeat(1800)}`);
    await iam.send(new PutUserPolicyCommand({ UserName: 'u', PolicyName: 'one', PolicyDocument: big }));
    expect(await failure(iam.send(new PutUserPolicyCommand({ UserName: 'u', PolicyName: 'two', PolicyDocument: big })))).toEqual({
      code: 'LimitExceeded',
      message: 'Maximum policy size of 2048 bytes exceeded for user u',
    });
    expect((await iam.send(new ListUserPoliciesCommand({ UserName: 'u' }))).PolicyNames).toEqual(['one']);
  });
});

describe('malformed input', () => {
  const malformed = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject"}]}';

  it('answers a malformed managed policy with AWS message and creates nothing', async () => {
    expect(await failure(iam.send(new CreatePolicyCommand({ PolicyName: 'Bad', PolicyDocument: malformed })))).toEqual({
      code: 'MalformedPolicyDocument',
      message: awsPolicyError(malformed, 'identity', { managed: true })!.message,
    });
    expect(await failure(iam.send(new CreatePolicyCommand({ PolicyName: 'Bad', PolicyDocument: '{"Version":' })))).toMatchObject({
      code: 'MalformedPolicyDocument',
    });
    expect((await iam.send(new ListPoliciesCommand({ Scope: 'Local' }))).Policies).toEqual([]);
  });

  it('keeps versions unchanged after a malformed CreatePolicyVersion', async () => {
    const arn = await createPolicy('Stable');
    expect((await failure(iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: malformed, SetAsDefault: true })))).code).toBe(
      'MalformedPolicyDocument',
    );
    const versions = await iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn }));
    expect(versions.Versions!.map((v) => v.VersionId)).toEqual(['v1']);
    expect((await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy!.DefaultVersionId).toBe('v1');
  });

  it('keeps an inline policy unchanged after a malformed put', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'u' }));
    await iam.send(new PutUserPolicyCommand({ UserName: 'u', PolicyName: 'p', PolicyDocument: DOC }));
    expect(await failure(iam.send(new PutUserPolicyCommand({ UserName: 'u', PolicyName: 'p', PolicyDocument: malformed })))).toEqual({
      code: 'MalformedPolicyDocument',
      message: awsPolicyError(malformed, 'identity')!.message,
    });
    const got = await iam.send(new GetUserPolicyCommand({ UserName: 'u', PolicyName: 'p' }));
    expect(decodeURIComponent(got.PolicyDocument!)).toBe(DOC);
  });

  it('refuses a managed policy over 6,144 characters', async () => {
    const big = doc('s3:GetObject', `arn:aws:s3:::${'x'.repeat(6200)}`);
    expect(await failure(iam.send(new CreatePolicyCommand({ PolicyName: 'Big', PolicyDocument: big })))).toEqual({
      code: 'LimitExceeded',
      message: 'Cannot exceed quota for PolicySize: 6144',
    });
  });

  it('refuses a duplicate policy name', async () => {
    await createPolicy('Dup');
    expect(await failure(iam.send(new CreatePolicyCommand({ PolicyName: 'dup', PolicyDocument: DOC })))).toEqual({
      code: 'EntityAlreadyExists',
      message: 'A policy called dup already exists. Duplicate names are not allowed.',
    });
  });

  it('answers bad parameters with ValidationError', async () => {
    expect(await failure(iam.send(new ListPoliciesCommand({ Scope: 'Everything' as 'All' })))).toEqual({
      code: 'ValidationError',
      message: "1 validation error detected: Value 'Everything' at 'scope' failed to satisfy constraint: Member must satisfy enum value set: [All, AWS, Local]",
    });
    expect((await failure(iam.send(new CreatePolicyCommand({ PolicyName: 'bad name', PolicyDocument: DOC })))).code).toBe('ValidationError');
    expect((await failure(iam.send(new CreatePolicyCommand({ PolicyName: 'p', Path: 'nopath', PolicyDocument: DOC })))).code).toBe(
      'ValidationError',
    );
    expect((await failure(iam.send(new GetPolicyVersionCommand({ PolicyArn: arnOf('p'), VersionId: 'x1' })))).code).toBe('ValidationError');
  });
});

describe('enforcement', () => {
  it('lets iam:PolicyARN restrict which policies a user may attach', async () => {
    const allowed = await createPolicy('Allowed');
    await iam.send(new CreateUserCommand({ UserName: 'target' }));
    const delegate = await createUserWithKey(server, 'delegate');
    await putUserPolicy(server, 'delegate', 'attach-one', {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'iam:AttachUserPolicy', Resource: '*', Condition: { ArnEquals: { 'iam:PolicyARN': allowed } } }],
    });
    const asDelegate = server.iam(delegate);
    const denied = await failure(asDelegate.send(new AttachUserPolicyCommand({ UserName: 'target', PolicyArn: ADMIN })));
    expect(denied.code).toBe('AccessDenied');
    expect(denied.message).toContain('iam:AttachUserPolicy');
    await asDelegate.send(new AttachUserPolicyCommand({ UserName: 'target', PolicyArn: allowed }));
    const attached = await iam.send(new ListAttachedUserPoliciesCommand({ UserName: 'target' }));
    expect(attached.AttachedPolicies!.map((p) => p.PolicyArn)).toEqual([allowed]);
  });

  it('applies an attached policy on the next request and stops after detaching', async () => {
    const bob = await createUserWithKey(server, 'bob');
    const asBob = server.iam(bob);
    expect((await failure(asBob.send(new ListUsersCommand({})))).code).toBe('AccessDenied');
    const listUsers = await createPolicy('ListUsers', doc('iam:ListUsers'));
    await iam.send(new AttachUserPolicyCommand({ UserName: 'bob', PolicyArn: listUsers }));
    expect((await asBob.send(new ListUsersCommand({}))).Users!.map((u) => u.UserName)).toContain('bob');
    await iam.send(new DetachUserPolicyCommand({ UserName: 'bob', PolicyArn: listUsers }));
    expect((await failure(asBob.send(new ListUsersCommand({})))).code).toBe('AccessDenied');
  });

  it('applies a new default version on the next request', async () => {
    const bob = await createUserWithKey(server, 'bob');
    const asBob = server.iam(bob);
    const arn = await createPolicy('Switch', doc('s3:GetObject'));
    await iam.send(new AttachUserPolicyCommand({ UserName: 'bob', PolicyArn: arn }));
    expect((await failure(asBob.send(new ListUsersCommand({})))).code).toBe('AccessDenied');
    await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc('iam:ListUsers'), SetAsDefault: true }));
    await asBob.send(new ListUsersCommand({}));
    await iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v1' }));
    expect((await failure(asBob.send(new ListUsersCommand({})))).code).toBe('AccessDenied');
  });

  it('applies an AWS managed policy attached to a group of the user', async () => {
    const bob = await createUserWithKey(server, 'bob');
    const asBob = server.iam(bob);
    await iam.send(new CreateGroupCommand({ GroupName: 'readers' }));
    await iam.send(new AddUserToGroupCommand({ GroupName: 'readers', UserName: 'bob' }));
    expect((await failure(asBob.send(new ListUsersCommand({})))).code).toBe('AccessDenied');
    await iam.send(new AttachGroupPolicyCommand({ GroupName: 'readers', PolicyArn: READ_ONLY }));
    await asBob.send(new ListUsersCommand({}));
    // ReadOnlyAccess does not allow changes.
    expect((await failure(asBob.send(new CreatePolicyCommand({ PolicyName: 'x', PolicyDocument: DOC })))).code).toBe('AccessDenied');
  });

  it('removes an inline policy grant on delete', async () => {
    const bob = await createUserWithKey(server, 'bob');
    const asBob = server.iam(bob);
    await iam.send(new PutUserPolicyCommand({ UserName: 'bob', PolicyName: 'list', PolicyDocument: doc('iam:ListUsers') }));
    await asBob.send(new ListUsersCommand({}));
    await iam.send(new DeleteUserPolicyCommand({ UserName: 'bob', PolicyName: 'list' }));
    expect((await failure(asBob.send(new ListUsersCommand({})))).code).toBe('AccessDenied');
  });
});
