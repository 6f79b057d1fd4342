// Roles, service-linked roles and instance profiles end to end: a real server on 127.0.0.1 driven by
// @aws-sdk/client-iam — lifecycles, pagination, error codes and enforcement (the boundary delegation pattern).
import {
  AddRoleToInstanceProfileCommand,
  CreateInstanceProfileCommand,
  CreateRoleCommand,
  CreateServiceLinkedRoleCommand,
  DeleteInstanceProfileCommand,
  DeleteRoleCommand,
  DeleteRolePermissionsBoundaryCommand,
  DeleteServiceLinkedRoleCommand,
  GetInstanceProfileCommand,
  GetRoleCommand,
  GetServiceLinkedRoleDeletionStatusCommand,
  ListInstanceProfileTagsCommand,
  ListInstanceProfilesCommand,
  ListInstanceProfilesForRoleCommand,
  ListRoleTagsCommand,
  ListRolesCommand,
  PutRolePermissionsBoundaryCommand,
  RemoveRoleFromInstanceProfileCommand,
  TagInstanceProfileCommand,
  TagRoleCommand,
  UntagInstanceProfileCommand,
  UntagRoleCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateRoleCommand,
  UpdateRoleDescriptionCommand,
} from '@aws-sdk/client-iam';
import type { IAMClient } from '@aws-sdk/client-iam';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createUserWithKey, failure, putUserPolicy, startTestServer } from './harness.js';
import type { TestServer } from './harness.js';

const trust = (principal: object): string =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }] });
const EC2_TRUST = trust({ Service: 'ec2.amazonaws.com' });
const DOC = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}';

let server: TestServer;
let iam: IAMClient;

async function createPolicyInStore(name: string): Promise<string> {
  const arn = `arn:aws:iam::${server.accountId}:policy/${name}`;
  await server.store.transaction((tx) =>
    tx.policies.create({
      accountId: server.accountId,
      policyName: name,
      policyId: `ANPA${name.toUpperCase().padEnd(17, 'X').slice(0, 17)}`,
      arn,
      path: '/',
      document: DOC,
      createDate: new Date(),
    }),
  );
  return arn;
}

beforeAll(async () => {
  server = await startTestServer();
  iam = server.iam();
}, 60_000);

afterEach(async () => {
  await server.reset();
});

afterAll(async () => {
  await server.close();
});

describe('role lifecycle', () => {
  it('creates, reads, updates, tags and deletes a role, with URL-encoded trust policies', async () => {
    const created = await iam.send(
      new CreateRoleCommand({
        RoleName: 'app',
        Path: '/team/',
        AssumeRolePolicyDocument: EC2_TRUST,
        Description: 'the app',
        MaxSessionDuration: 7200,
        Tags: [{ Key: 'team', Value: 'a b' }],
      }),
    );
    const role = created.Role;
    expect(role).toMatchObject({ RoleName: 'app', Path: '/team/', Arn: `arn:aws:iam::${server.accountId}:role/team/app` });
    expect(role?.RoleId).toMatch(/^AROA[A-Z2-7]{17}$/);
    expect(role?.CreateDate).toBeInstanceOf(Date);
    expect(role?.AssumeRolePolicyDocument).not.toContain('{');
    expect(decodeURIComponent(role?.AssumeRolePolicyDocument ?? '')).toBe(EC2_TRUST);
    expect(role?.Tags).toEqual([{ Key: 'team', Value: 'a b' }]);

    const got = (await iam.send(new GetRoleCommand({ RoleName: 'app' }))).Role;
    expect(got).toMatchObject({ Description: 'the app', MaxSessionDuration: 7200, Tags: [{ Key: 'team', Value: 'a b' }], RoleLastUsed: {} });
    expect(decodeURIComponent(got?.AssumeRolePolicyDocument ?? '')).toBe(EC2_TRUST);

    await iam.send(new UpdateRoleCommand({ RoleName: 'app', MaxSessionDuration: 43200 }));
    const described = await iam.send(new UpdateRoleDescriptionCommand({ RoleName: 'app', Description: 'renamed' }));
    expect(described.Role).toMatchObject({ RoleName: 'app', Description: 'renamed' });
    const lambdaTrust = trust({ Service: 'lambda.amazonaws.com' });
    await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'app', PolicyDocument: lambdaTrust }));
    const after = (await iam.send(new GetRoleCommand({ RoleName: 'app' }))).Role;
    expect(after).toMatchObject({ MaxSessionDuration: 43200, Description: 'renamed' });
    expect(decodeURIComponent(after?.AssumeRolePolicyDocument ?? '')).toBe(lambdaTrust);

    await iam.send(new TagRoleCommand({ RoleName: 'app', Tags: [{ Key: 'env', Value: 'prod' }] }));
    await iam.send(new UntagRoleCommand({ RoleName: 'app', TagKeys: ['team'] }));
    const tags = await iam.send(new ListRoleTagsCommand({ RoleName: 'app' }));
    expect(tags).toMatchObject({ Tags: [{ Key: 'env', Value: 'prod' }], IsTruncated: false });

    await iam.send(new DeleteRoleCommand({ RoleName: 'app' }));
    expect(await failure(iam.send(new GetRoleCommand({ RoleName: 'app' })))).toEqual({
      name: 'NoSuchEntityException',
      status: 404,
      message: 'The role with name app cannot be found.',
    });
  });

  it('pages through ListRoles with Marker and MaxItems, filtered by PathPrefix, without tags or boundary', async () => {
    for (const name of ['r1', 'r2', 'r3', 'r4', 'r5']) {
      await iam.send(new CreateRoleCommand({ RoleName: name, Path: name === 'r5' ? '/other/' : '/', AssumeRolePolicyDocument: EC2_TRUST, Tags: [{ Key: 'k', Value: 'v' }] }));
    }
    const seen: string[] = [];
    let marker: string | undefined;
    let pages = 0;
    do {
      const out = await iam.send(new ListRolesCommand({ MaxItems: 2, ...(marker !== undefined && { Marker: marker }) }));
      pages++;
      for (const r of out.Roles ?? []) {
        seen.push(r.RoleName ?? '');
        expect(r.Tags).toBeUndefined();
        expect(r.RoleLastUsed).toBeUndefined();
        expect(r.MaxSessionDuration).toBe(3600);
      }
      expect(out.IsTruncated).toBe(out.Marker !== undefined);
      marker = out.Marker;
    } while (marker !== undefined);
    expect(seen).toEqual(['r1', 'r2', 'r3', 'r4', 'r5']);
    expect(pages).toBe(3);
    const other = await iam.send(new ListRolesCommand({ PathPrefix: '/other/' }));
    expect(other.Roles?.map((r) => r.RoleName)).toEqual(['r5']);
  });

  it('answers AWS error codes for bad input', async () => {
    await iam.send(new CreateRoleCommand({ RoleName: 'app', AssumeRolePolicyDocument: EC2_TRUST }));
    expect(await failure(iam.send(new CreateRoleCommand({ RoleName: 'APP', AssumeRolePolicyDocument: EC2_TRUST })))).toEqual({
      name: 'EntityAlreadyExistsException',
      status: 409,
      message: 'Role with name APP already exists.',
    });
    const tooShort = await failure(iam.send(new CreateRoleCommand({ RoleName: 'x', AssumeRolePolicyDocument: EC2_TRUST, MaxSessionDuration: 100 })));
    expect(tooShort).toMatchObject({ name: 'ValidationError', status: 400 });
    expect(tooShort.message).toContain("at 'maxSessionDuration' failed to satisfy constraint: Member must have value greater than or equal to 3600");
    const malformed = await failure(iam.send(new CreateRoleCommand({ RoleName: 'x', AssumeRolePolicyDocument: DOC })));
    expect(malformed).toMatchObject({ name: 'MalformedPolicyDocumentException', status: 400 });
    const badName = await failure(iam.send(new CreateRoleCommand({ RoleName: 'bad name', AssumeRolePolicyDocument: EC2_TRUST })));
    expect(badName).toMatchObject({ name: 'ValidationError', status: 400 });
    expect(await iam.send(new ListRolesCommand({}))).toMatchObject({ Roles: [{ RoleName: 'app' }] });
  });

  it('refuses a trust policy naming a user that does not exist', async () => {
    const ghost = `arn:aws:iam::${server.accountId}:user/ghost`;
    expect(await failure(iam.send(new CreateRoleCommand({ RoleName: 'app', AssumeRolePolicyDocument: trust({ AWS: ghost }) })))).toEqual({
      name: 'MalformedPolicyDocumentException',
      status: 400,
      message: `Invalid principal in policy: "AWS":"${ghost}"`,
    });
    await createUserWithKey(server, 'alice');
    const alice = `arn:aws:iam::${server.accountId}:user/alice`;
    await iam.send(new CreateRoleCommand({ RoleName: 'app', AssumeRolePolicyDocument: trust({ AWS: alice }) }));
  });

  it('sets, shows and removes a permissions boundary, refusing one that does not exist', async () => {
    const missing = `arn:aws:iam::${server.accountId}:policy/Nope`;
    expect(
      await failure(iam.send(new CreateRoleCommand({ RoleName: 'app', AssumeRolePolicyDocument: EC2_TRUST, PermissionsBoundary: missing }))),
    ).toEqual({ name: 'NoSuchEntityException', status: 404, message: `Scope ARN: ${missing} does not exist or is not attachable.` });
    const boundary = await createPolicyInStore('Boundary');
    await iam.send(new CreateRoleCommand({ RoleName: 'app', AssumeRolePolicyDocument: EC2_TRUST, PermissionsBoundary: boundary }));
    expect((await iam.send(new GetRoleCommand({ RoleName: 'app' }))).Role?.PermissionsBoundary).toEqual({
      PermissionsBoundaryType: 'Policy',
      PermissionsBoundaryArn: boundary,
    });
    await iam.send(new DeleteRolePermissionsBoundaryCommand({ RoleName: 'app' }));
    expect((await iam.send(new GetRoleCommand({ RoleName: 'app' }))).Role?.PermissionsBoundary).toBeUndefined();
    await iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'app', PermissionsBoundary: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
    expect((await iam.send(new GetRoleCommand({ RoleName: 'app' }))).Role?.PermissionsBoundary?.PermissionsBoundaryArn).toBe(
      'arn:aws:iam::aws:policy/ReadOnlyAccess',
    );
  });
});

describe('service-linked roles', () => {
  const name = 'AWSServiceRoleForElasticBeanstalk';

  it('are created for their service, unmodifiable through IAM, and deleted with a deletion task', async () => {
    const created = await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'elasticbeanstalk.amazonaws.com', Description: 'EB' }));
    expect(created.Role).toMatchObject({ RoleName: name, Path: '/aws-service-role/elasticbeanstalk.amazonaws.com/' });
    expect(JSON.parse(decodeURIComponent(created.Role?.AssumeRolePolicyDocument ?? ''))).toMatchObject({
      Statement: [{ Principal: { Service: 'elasticbeanstalk.amazonaws.com' } }],
    });
    const protectedError = {
      name: 'UnmodifiableEntityException',
      status: 400,
      message: `Cannot perform the operation on the protected role '${name}' - this role is only modifiable by AWS`,
    };
    expect(await failure(iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: name, PolicyDocument: EC2_TRUST })))).toEqual(protectedError);
    expect(await failure(iam.send(new DeleteRoleCommand({ RoleName: name })))).toEqual(protectedError);

    const { DeletionTaskId } = await iam.send(new DeleteServiceLinkedRoleCommand({ RoleName: name }));
    expect(DeletionTaskId).toMatch(new RegExp(`^task/aws-service-role/elasticbeanstalk\\.amazonaws\\.com/${name}/[0-9a-f-]{36}$`));
    const status = await iam.send(new GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId }));
    expect(status.Status).toBe('SUCCEEDED');
    expect((await failure(iam.send(new GetRoleCommand({ RoleName: name })))).name).toBe('NoSuchEntityException');
  });

  it('refuses a second role for the same service', async () => {
    await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ecs.amazonaws.com' }));
    expect(await failure(iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ecs.amazonaws.com' })))).toEqual({
      name: 'InvalidInputException',
      status: 400,
      message: 'Service role name AWSServiceRoleForECS has been taken in this account, please try a different suffix.',
    });
  });
});

describe('instance profiles', () => {
  it('go through their lifecycle holding at most one role', async () => {
    await iam.send(new CreateRoleCommand({ RoleName: 'app', AssumeRolePolicyDocument: EC2_TRUST }));
    await iam.send(new CreateRoleCommand({ RoleName: 'other', AssumeRolePolicyDocument: EC2_TRUST }));
    const created = await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'web', Path: '/srv/', Tags: [{ Key: 'k', Value: 'v' }] }));
    expect(created.InstanceProfile).toMatchObject({
      InstanceProfileName: 'web',
      Path: '/srv/',
      Arn: `arn:aws:iam::${server.accountId}:instance-profile/srv/web`,
      Roles: [],
      Tags: [{ Key: 'k', Value: 'v' }],
    });
    expect(created.InstanceProfile?.InstanceProfileId).toMatch(/^AIPA/);

    await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'web', RoleName: 'app' }));
    expect(await failure(iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'web', RoleName: 'other' })))).toEqual({
      name: 'LimitExceededException',
      status: 409,
      message: 'Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1',
    });
    const got = (await iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'web' }))).InstanceProfile;
    expect(got?.Roles?.map((r) => r.RoleName)).toEqual(['app']);
    expect(decodeURIComponent(got?.Roles?.[0]?.AssumeRolePolicyDocument ?? '')).toBe(EC2_TRUST);
    const forRole = await iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: 'app' }));
    expect(forRole.InstanceProfiles?.map((p) => p.InstanceProfileName)).toEqual(['web']);

    expect(await failure(iam.send(new DeleteRoleCommand({ RoleName: 'app' })))).toEqual({
      name: 'DeleteConflictException',
      status: 409,
      message: 'Cannot delete entity, must remove roles from instance profile first.',
    });
    expect(await failure(iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: 'web' })))).toEqual({
      name: 'DeleteConflictException',
      status: 409,
      message: 'Cannot delete entity, must remove roles from instance profile first.',
    });

    await iam.send(new TagInstanceProfileCommand({ InstanceProfileName: 'web', Tags: [{ Key: 'a', Value: '1' }] }));
    await iam.send(new UntagInstanceProfileCommand({ InstanceProfileName: 'web', TagKeys: ['k'] }));
    expect((await iam.send(new ListInstanceProfileTagsCommand({ InstanceProfileName: 'web' }))).Tags).toEqual([{ Key: 'a', Value: '1' }]);

    await iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: 'web', RoleName: 'app' }));
    await iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: 'web' }));
    await iam.send(new DeleteRoleCommand({ RoleName: 'app' }));
    expect(await failure(iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'web' })))).toEqual({
      name: 'NoSuchEntityException',
      status: 404,
      message: 'Instance Profile web cannot be found.',
    });
  });

  it('page through ListInstanceProfiles', async () => {
    for (const name of ['p1', 'p2', 'p3']) await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: name }));
    const first = await iam.send(new ListInstanceProfilesCommand({ MaxItems: 2 }));
    expect(first.InstanceProfiles?.map((p) => p.InstanceProfileName)).toEqual(['p1', 'p2']);
    expect(first.IsTruncated).toBe(true);
    const second = await iam.send(new ListInstanceProfilesCommand({ MaxItems: 2, Marker: first.Marker }));
    expect(second.InstanceProfiles?.map((p) => p.InstanceProfileName)).toEqual(['p3']);
    expect(second.IsTruncated).toBe(false);
    expect(second.Marker).toBeUndefined();
  });
});

describe('enforcement', () => {
  it('lets a developer create roles only with the DevBoundary permissions boundary', async () => {
    const devBoundary = await createPolicyInStore('DevBoundary');
    const otherBoundary = await createPolicyInStore('OtherBoundary');
    const dev = await createUserWithKey(server, 'dev');
    await putUserPolicy(server, 'dev', 'create-bounded-roles', {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 'iam:CreateRole',
          Resource: `arn:aws:iam::${server.accountId}:role/*`,
          Condition: { StringEquals: { 'iam:PermissionsBoundary': devBoundary } },
        },
      ],
    });
    const devIam = server.iam(dev);
    const denied = await failure(devIam.send(new CreateRoleCommand({ RoleName: 'free', AssumeRolePolicyDocument: EC2_TRUST })));
    expect(denied).toMatchObject({ name: 'AccessDenied', status: 403 });
    expect(denied.message).toContain('iam:CreateRole');
    expect(
      await failure(devIam.send(new CreateRoleCommand({ RoleName: 'other', AssumeRolePolicyDocument: EC2_TRUST, PermissionsBoundary: otherBoundary }))),
    ).toMatchObject({ name: 'AccessDenied', status: 403 });

    const created = await devIam.send(
      new CreateRoleCommand({ RoleName: 'bounded', AssumeRolePolicyDocument: EC2_TRUST, PermissionsBoundary: devBoundary }),
    );
    expect(created.Role?.PermissionsBoundary?.PermissionsBoundaryArn).toBe(devBoundary);
    const names = (await iam.send(new ListRolesCommand({}))).Roles?.map((r) => r.RoleName);
    expect(names).toEqual(['bounded']);
  });

  it('matches iam:ResourceTag on actions on an existing role', async () => {
    await iam.send(new CreateRoleCommand({ RoleName: 'mine', AssumeRolePolicyDocument: EC2_TRUST, Tags: [{ Key: 'owner', Value: 'dev' }] }));
    await iam.send(new CreateRoleCommand({ RoleName: 'theirs', AssumeRolePolicyDocument: EC2_TRUST }));
    const dev = await createUserWithKey(server, 'dev');
    await putUserPolicy(server, 'dev', 'own-roles', {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'iam:GetRole', Resource: '*', Condition: { StringEquals: { 'iam:ResourceTag/owner': 'dev' } } }],
    });
    const devIam = server.iam(dev);
    expect((await devIam.send(new GetRoleCommand({ RoleName: 'mine' }))).Role?.RoleName).toBe('mine');
    expect((await failure(devIam.send(new GetRoleCommand({ RoleName: 'theirs' })))).name).toBe('AccessDenied');
  });
});
