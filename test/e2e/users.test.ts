// Users, access keys and login profiles end to end: a real server on 127.0.0.1 driven by @aws-sdk/client-iam.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AddUserToGroupCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateLoginProfileCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  DeleteLoginProfileCommand,
  DeleteUserCommand,
  DeleteUserPermissionsBoundaryCommand,
  GetAccessKeyLastUsedCommand,
  GetLoginProfileCommand,
  GetUserCommand,
  ListAccessKeysCommand,
  ListUsersCommand,
  ListUserTagsCommand,
  PutUserPermissionsBoundaryCommand,
  TagUserCommand,
  UntagUserCommand,
  UpdateAccessKeyCommand,
  UpdateLoginProfileCommand,
  UpdateUserCommand,
} from '@aws-sdk/client-iam';
import type { IAMClient } from '@aws-sdk/client-iam';
import { handlers as groupHandlers } from '../../src/api/iam/groups.js';
import { handlers as userHandlers } from '../../src/api/iam/users.js';
import { createUserWithKey, errorMessage, putUserPolicy, signedFetch, startTestServer } from './harness.js';
import type { TestServer } from './harness.js';

const A = '000000000000';
const DOC = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });

let server: TestServer;
let iam: IAMClient;

/** A customer managed policy written through the store (CreatePolicy belongs to another handler group). */
async function createPolicy(name: string): Promise<string> {
  const arn = `arn:aws:iam::${A}:policy/${name}`;
  await server.store.transaction((tx) =>
    tx.policies.create({ accountId: A, policyName: name, policyId: `ANPA${name.toUpperCase().padEnd(17, 'X').slice(0, 17)}`, arn, path: '/', document: DOC, createDate: new Date() }),
  );
  return arn;
}

beforeAll(async () => {
  server = await startTestServer({ handlers: [...userHandlers, ...groupHandlers] });
  iam = server.iam();
});
afterAll(async () => {
  await server.close();
});
beforeEach(async () => {
  await server.reset();
});

describe('user lifecycle', () => {
  it('creates, reads, lists, tags, renames and deletes a user', async () => {
    const created = await iam.send(new CreateUserCommand({ UserName: 'alice', Path: '/dev/', Tags: [{ Key: 'team', Value: 'a b' }] }));
    expect(created.User).toMatchObject({
      Path: '/dev/',
      UserName: 'alice',
      Arn: `arn:aws:iam::${A}:user/dev/alice`,
      Tags: [{ Key: 'team', Value: 'a b' }],
    });
    expect(created.User?.UserId).toMatch(/^AIDA[A-Z2-7]{17}$/);
    expect(created.User?.CreateDate).toBeInstanceOf(Date);

    const got = await iam.send(new GetUserCommand({ UserName: 'alice' }));
    expect(got.User?.UserId).toBe(created.User?.UserId);
    expect(got.User?.Tags).toEqual([{ Key: 'team', Value: 'a b' }]);

    const listed = await iam.send(new ListUsersCommand({ PathPrefix: '/dev/' }));
    expect(listed.Users?.map((u) => u.UserName)).toEqual(['alice']);
    expect(listed.IsTruncated).toBe(false);
    expect(listed.Users?.[0]?.Tags).toBeUndefined();

    await iam.send(new TagUserCommand({ UserName: 'alice', Tags: [{ Key: 'env', Value: 'dev' }] }));
    await iam.send(new UntagUserCommand({ UserName: 'alice', TagKeys: ['team'] }));
    expect((await iam.send(new ListUserTagsCommand({ UserName: 'alice' }))).Tags).toEqual([{ Key: 'env', Value: 'dev' }]);

    await iam.send(new UpdateUserCommand({ UserName: 'alice', NewUserName: 'alicia', NewPath: '/ops/' }));
    expect((await iam.send(new GetUserCommand({ UserName: 'alicia' }))).User?.Arn).toBe(`arn:aws:iam::${A}:user/ops/alicia`);

    await iam.send(new DeleteUserCommand({ UserName: 'alicia' }));
    await expect(iam.send(new GetUserCommand({ UserName: 'alicia' }))).rejects.toMatchObject({
      name: 'NoSuchEntityException',
      message: 'The user with name alicia cannot be found.',
      $metadata: { httpStatusCode: 404 },
    });
  });

  it('returns the root user to a root caller that names no user', async () => {
    const out = await iam.send(new GetUserCommand({}));
    expect(out.User).toMatchObject({ UserId: A, Arn: `arn:aws:iam::${A}:root` });
    expect(out.User?.UserName).toBeUndefined();
    expect(out.User?.CreateDate).toBeInstanceOf(Date);
  });

  it('returns the calling user when an IAM user names no user', async () => {
    const key = await createUserWithKey(server, 'self');
    await putUserPolicy(server, 'self', 'p', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' }] });
    const out = await server.iam(key).send(new GetUserCommand({}));
    expect(out.User?.UserName).toBe('self');
  });

  it('puts and removes a permissions boundary', async () => {
    const arn = await createPolicy('Boundary');
    await iam.send(new CreateUserCommand({ UserName: 'bob' }));
    await iam.send(new PutUserPermissionsBoundaryCommand({ UserName: 'bob', PermissionsBoundary: arn }));
    expect((await iam.send(new GetUserCommand({ UserName: 'bob' }))).User?.PermissionsBoundary).toEqual({
      PermissionsBoundaryType: 'PermissionsBoundaryPolicy',
      PermissionsBoundaryArn: arn,
    });
    await iam.send(new DeleteUserPermissionsBoundaryCommand({ UserName: 'bob' }));
    expect((await iam.send(new GetUserCommand({ UserName: 'bob' }))).User?.PermissionsBoundary).toBeUndefined();
  });

  it('pages ListUsers: 25 users, MaxItems 10 → 3 pages', async () => {
    for (let i = 0; i < 25; i++) await iam.send(new CreateUserCommand({ UserName: `user${String(i).padStart(2, '0')}` }));
    const pages: string[][] = [];
    let marker: string | undefined;
    do {
      const out = await iam.send(new ListUsersCommand({ MaxItems: 10, ...(marker && { Marker: marker }) }));
      pages.push((out.Users ?? []).map((u) => u.UserName ?? ''));
      marker = out.IsTruncated ? out.Marker : undefined;
      if (out.IsTruncated) expect(out.Marker).toBeTruthy();
    } while (marker);
    expect(pages.map((p) => p.length)).toEqual([10, 10, 5]);
    expect(pages.flat()).toEqual(Array.from({ length: 25 }, (_, i) => `user${String(i).padStart(2, '0')}`));
  });
});

describe('user errors', () => {
  it('reports a taken name with EntityAlreadyExists', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'bob' }));
    await expect(iam.send(new CreateUserCommand({ UserName: 'Bob' }))).rejects.toMatchObject({
      name: 'EntityAlreadyExistsException',
      message: 'User with name Bob already exists.',
      $metadata: { httpStatusCode: 409 },
    });
  });

  it('reports a bad name with ValidationError', async () => {
    await expect(iam.send(new CreateUserCommand({ UserName: 'bad name!' }))).rejects.toMatchObject({
      name: 'ValidationError',
      message: expect.stringContaining("Value 'bad name!' at 'userName' failed to satisfy constraint"),
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('reports a reserved tag prefix with InvalidInput and creates nothing', async () => {
    await expect(iam.send(new CreateUserCommand({ UserName: 'bob', Tags: [{ Key: 'aws:x', Value: '1' }] }))).rejects.toMatchObject({
      name: 'InvalidInputException',
    });
    await expect(iam.send(new GetUserCommand({ UserName: 'bob' }))).rejects.toMatchObject({ name: 'NoSuchEntityException' });
  });

  it('reports a missing boundary policy with NoSuchEntity', async () => {
    const arn = `arn:aws:iam::${A}:policy/Nope`;
    await expect(iam.send(new CreateUserCommand({ UserName: 'bob', PermissionsBoundary: arn }))).rejects.toMatchObject({
      name: 'NoSuchEntityException',
      message: `Scope ARN: ${arn} does not exist or is not attachable.`,
    });
  });

  it('refuses DeleteUser while the user has access keys, a login profile or groups', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'bob' }));
    const key = await iam.send(new CreateAccessKeyCommand({ UserName: 'bob' }));
    await expect(iam.send(new DeleteUserCommand({ UserName: 'bob' }))).rejects.toMatchObject({
      name: 'DeleteConflictException',
      message: 'Cannot delete entity, must delete access keys first.',
      $metadata: { httpStatusCode: 409 },
    });
    await iam.send(new DeleteAccessKeyCommand({ UserName: 'bob', AccessKeyId: key.AccessKey?.AccessKeyId }));
    await iam.send(new CreateLoginProfileCommand({ UserName: 'bob', Password: 'Str0ng-Passw0rd' }));
    await expect(iam.send(new DeleteUserCommand({ UserName: 'bob' }))).rejects.toMatchObject({
      message: 'Cannot delete entity, must delete login profile first.',
    });
    await iam.send(new DeleteLoginProfileCommand({ UserName: 'bob' }));
    await iam.send(new CreateGroupCommand({ GroupName: 'devs' }));
    await iam.send(new AddUserToGroupCommand({ GroupName: 'devs', UserName: 'bob' }));
    await expect(iam.send(new DeleteUserCommand({ UserName: 'bob' }))).rejects.toMatchObject({
      message: 'Cannot delete entity, must remove users from group first.',
    });
  });
});

describe('access keys', () => {
  it('creates, lists, deactivates and deletes a key; the secret only at creation', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'bob' }));
    const created = (await iam.send(new CreateAccessKeyCommand({ UserName: 'bob' }))).AccessKey;
    expect(created).toMatchObject({ UserName: 'bob', Status: 'Active' });
    expect(created?.AccessKeyId).toMatch(/^AKIA[A-Z2-7]{16}$/);
    expect(created?.SecretAccessKey).toMatch(/^[A-Za-z0-9/+]{40}$/);

    const listed = await iam.send(new ListAccessKeysCommand({ UserName: 'bob' }));
    expect(listed.AccessKeyMetadata).toEqual([
      { UserName: 'bob', AccessKeyId: created?.AccessKeyId, Status: 'Active', CreateDate: created?.CreateDate },
    ]);
    expect(listed.IsTruncated).toBe(false);

    await iam.send(new UpdateAccessKeyCommand({ UserName: 'bob', AccessKeyId: created?.AccessKeyId, Status: 'Inactive' }));
    expect((await iam.send(new ListAccessKeysCommand({ UserName: 'bob' }))).AccessKeyMetadata?.[0]?.Status).toBe('Inactive');

    const lastUsed = await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: created?.AccessKeyId }));
    expect(lastUsed.UserName).toBe('bob');
    expect(lastUsed.AccessKeyLastUsed).toEqual({ ServiceName: 'N/A', Region: 'N/A' });

    await iam.send(new DeleteAccessKeyCommand({ UserName: 'bob', AccessKeyId: created?.AccessKeyId }));
    expect((await iam.send(new ListAccessKeysCommand({ UserName: 'bob' }))).AccessKeyMetadata).toEqual([]);
  });

  it('records the last use of a key that signed a request', async () => {
    const key = await createUserWithKey(server, 'worker');
    await putUserPolicy(server, 'worker', 'p', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' }] });
    await server.iam(key).send(new GetUserCommand({}));
    const out = await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: key.accessKeyId }));
    expect(out.AccessKeyLastUsed).toMatchObject({ ServiceName: 'iam', Region: 'us-east-1' });
    expect(out.AccessKeyLastUsed?.LastUsedDate).toBeInstanceOf(Date);
  });

  it('refuses a third key with LimitExceeded', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'bob' }));
    await iam.send(new CreateAccessKeyCommand({ UserName: 'bob' }));
    await iam.send(new CreateAccessKeyCommand({ UserName: 'bob' }));
    await expect(iam.send(new CreateAccessKeyCommand({ UserName: 'bob' }))).rejects.toMatchObject({
      name: 'LimitExceededException',
      message: 'Cannot exceed quota for AccessKeysPerUser: 2',
      $metadata: { httpStatusCode: 409 },
    });
  });

  it('creates a key for the calling user when no user is named', async () => {
    const key = await createUserWithKey(server, 'selfish');
    await putUserPolicy(server, 'selfish', 'p', {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['iam:CreateAccessKey', 'iam:ListAccessKeys'], Resource: 'arn:aws:iam::*:user/${aws:username}' }],
    });
    const own = server.iam(key);
    const created = await own.send(new CreateAccessKeyCommand({}));
    expect(created.AccessKey?.UserName).toBe('selfish');
    expect((await own.send(new ListAccessKeysCommand({}))).AccessKeyMetadata).toHaveLength(2);
  });

  it('reports another user key as NoSuchEntity', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'bob' }));
    await iam.send(new CreateUserCommand({ UserName: 'carol' }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'bob' }))).AccessKey;
    await expect(iam.send(new DeleteAccessKeyCommand({ UserName: 'carol', AccessKeyId: key?.AccessKeyId }))).rejects.toMatchObject({
      name: 'NoSuchEntityException',
      message: `The Access Key with id ${key?.AccessKeyId} cannot be found.`,
    });
  });

  it('reports an unknown key id to GetAccessKeyLastUsed as NoSuchEntity', async () => {
    await expect(iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: 'AKIAAAAAAAAAAAAAAAAA' }))).rejects.toMatchObject({
      name: 'NoSuchEntityException',
      message: 'The Access Key with id AKIAAAAAAAAAAAAAAAAA cannot be found.',
    });
  });

  it('refuses a status outside Active|Inactive with ValidationError', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'bob' }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'bob' }))).AccessKey;
    const res = await signedFetch(server, {
      body: `Action=UpdateAccessKey&Version=2010-05-08&UserName=bob&AccessKeyId=${key?.AccessKeyId}&Status=Paused`,
    });
    expect(res.status).toBe(400);
    expect(errorMessage(await res.text())).toContain('Member must satisfy enum value set: [Active, Inactive]');
  });
});

describe('login profiles', () => {
  it('creates, reads, updates and deletes a login profile without ever returning the password', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'bob' }));
    const created = await iam.send(new CreateLoginProfileCommand({ UserName: 'bob', Password: 'Str0ng-Passw0rd', PasswordResetRequired: true }));
    expect(created.LoginProfile).toMatchObject({ UserName: 'bob', PasswordResetRequired: true });
    expect(JSON.stringify(created)).not.toContain('Str0ng-Passw0rd');
    await iam.send(new UpdateLoginProfileCommand({ UserName: 'bob', Password: 'An0ther-Passw0rd', PasswordResetRequired: false }));
    expect((await iam.send(new GetLoginProfileCommand({ UserName: 'bob' }))).LoginProfile?.PasswordResetRequired).toBe(false);
    await iam.send(new DeleteLoginProfileCommand({ UserName: 'bob' }));
    expect(JSON.stringify(server.audit.events())).not.toMatch(/Str0ng-Passw0rd|An0ther-Passw0rd/);
    await expect(iam.send(new GetLoginProfileCommand({ UserName: 'bob' }))).rejects.toMatchObject({
      name: 'NoSuchEntityException',
      message: 'Login Profile for User bob cannot be found.',
    });
  });

  it('refuses a password that breaks the password policy with PasswordPolicyViolation', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'bob' }));
    await expect(iam.send(new CreateLoginProfileCommand({ UserName: 'bob', Password: 'password' }))).rejects.toMatchObject({
      name: 'PasswordPolicyViolationException',
      message: 'Password does not conform to the account password policy.',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('keeps the password out of validation errors and the audit log', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'bob' }));
    const secret = `Secret-${'x'.repeat(130)}`;
    const err = await iam.send(new CreateLoginProfileCommand({ UserName: 'bob', Password: secret })).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'ValidationError' });
    expect((err as Error).message).not.toContain(secret);
    expect(JSON.stringify(server.audit.events())).not.toContain(secret);
  });
});

describe('enforcement', () => {
  it('denies CreateUser to a user without policies with AWS AccessDenied message', async () => {
    const key = await createUserWithKey(server, 'nobody');
    await expect(server.iam(key).send(new CreateUserCommand({ UserName: 'x' }))).rejects.toMatchObject({
      name: 'AccessDenied',
      message:
        `User: arn:aws:iam::${A}:user/nobody is not authorized to perform: iam:CreateUser on resource: ` +
        `arn:aws:iam::${A}:user/x because no identity-based policy allows the iam:CreateUser action`,
      $metadata: { httpStatusCode: 403 },
    });
  });

  it('allows CreateUser on user/dev/* only under /dev/', async () => {
    const key = await createUserWithKey(server, 'devadmin');
    await putUserPolicy(server, 'devadmin', 'p', {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'iam:CreateUser', Resource: `arn:aws:iam::${A}:user/dev/*` }],
    });
    const client = server.iam(key);
    expect((await client.send(new CreateUserCommand({ UserName: 'x', Path: '/dev/' }))).User?.Arn).toBe(`arn:aws:iam::${A}:user/dev/x`);
    await expect(client.send(new CreateUserCommand({ UserName: 'y', Path: '/ops/' }))).rejects.toMatchObject({ name: 'AccessDenied' });
  });

  it('needs UpdateUser permission on the new path too when moving a user', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'mover', Path: '/dev/' }));
    const key = await createUserWithKey(server, 'devadmin2');
    await putUserPolicy(server, 'devadmin2', 'p', {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'iam:UpdateUser', Resource: `arn:aws:iam::${A}:user/dev/*` }],
    });
    const client = server.iam(key);
    await expect(client.send(new UpdateUserCommand({ UserName: 'mover', NewPath: '/ops/' }))).rejects.toMatchObject({
      name: 'AccessDenied',
      message: expect.stringContaining(`on resource: arn:aws:iam::${A}:user/ops/mover`),
    });
    await client.send(new UpdateUserCommand({ UserName: 'mover', NewUserName: 'moved' }));
    expect((await iam.send(new GetUserCommand({ UserName: 'moved' }))).User?.Arn).toBe(`arn:aws:iam::${A}:user/dev/moved`);
  });

  it('lets an explicit deny win over an allow', async () => {
    const key = await createUserWithKey(server, 'denied');
    await putUserPolicy(server, 'denied', 'p', {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 'iam:*', Resource: '*' },
        { Effect: 'Deny', Action: 'iam:CreateUser', Resource: '*' },
      ],
    });
    await expect(server.iam(key).send(new CreateUserCommand({ UserName: 'z' }))).rejects.toMatchObject({
      name: 'AccessDenied',
      message: expect.stringContaining('with an explicit deny'),
    });
  });

  it('lets a delegated admin create users only with the required boundary', async () => {
    const boundary = await createPolicy('DevBoundary');
    const other = await createPolicy('OtherBoundary');
    const key = await createUserWithKey(server, 'delegate');
    await putUserPolicy(server, 'delegate', 'p', {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 'iam:CreateUser', Resource: '*', Condition: { StringEquals: { 'iam:PermissionsBoundary': boundary } } },
      ],
    });
    const client = server.iam(key);
    const out = await client.send(new CreateUserCommand({ UserName: 'bounded', PermissionsBoundary: boundary }));
    expect(out.User?.PermissionsBoundary?.PermissionsBoundaryArn).toBe(boundary);
    await expect(client.send(new CreateUserCommand({ UserName: 'unbounded' }))).rejects.toMatchObject({ name: 'AccessDenied' });
    await expect(client.send(new CreateUserCommand({ UserName: 'other', PermissionsBoundary: other }))).rejects.toMatchObject({
      name: 'AccessDenied',
    });
  });

  it('passes the user tags as iam:ResourceTag', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'tagged', Tags: [{ Key: 'team', Value: 'blue' }] }));
    await iam.send(new CreateUserCommand({ UserName: 'untagged' }));
    const key = await createUserWithKey(server, 'reader');
    await putUserPolicy(server, 'reader', 'p', {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*', Condition: { StringEquals: { 'iam:ResourceTag/team': 'blue' } } }],
    });
    const client = server.iam(key);
    expect((await client.send(new GetUserCommand({ UserName: 'tagged' }))).User?.UserName).toBe('tagged');
    await expect(client.send(new GetUserCommand({ UserName: 'untagged' }))).rejects.toMatchObject({ name: 'AccessDenied' });
  });

  it('passes aws:RequestTag and aws:TagKeys on TagUser', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'target' }));
    const key = await createUserWithKey(server, 'tagger');
    await putUserPolicy(server, 'tagger', 'p', {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 'iam:TagUser',
          Resource: '*',
          Condition: { StringEquals: { 'aws:RequestTag/env': 'dev' }, 'ForAllValues:StringEquals': { 'aws:TagKeys': ['env'] } },
        },
      ],
    });
    const client = server.iam(key);
    await client.send(new TagUserCommand({ UserName: 'target', Tags: [{ Key: 'env', Value: 'dev' }] }));
    await expect(client.send(new TagUserCommand({ UserName: 'target', Tags: [{ Key: 'env', Value: 'prod' }] }))).rejects.toMatchObject({
      name: 'AccessDenied',
    });
    await expect(
      client.send(new TagUserCommand({ UserName: 'target', Tags: [{ Key: 'env', Value: 'dev' }, { Key: 'owner', Value: 'me' }] })),
    ).rejects.toMatchObject({ name: 'AccessDenied' });
  });

  it('authorizes ListUsers against the account user path', async () => {
    const key = await createUserWithKey(server, 'lister');
    await putUserPolicy(server, 'lister', 'p', {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'iam:ListUsers', Resource: `arn:aws:iam::${A}:user/*` }],
    });
    expect((await server.iam(key).send(new ListUsersCommand({}))).Users?.map((u) => u.UserName)).toContain('lister');
  });
});
