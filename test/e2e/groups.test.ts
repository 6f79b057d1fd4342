// Groups and memberships end to end: a real server on 127.0.0.1 driven by @aws-sdk/client-iam.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AddUserToGroupCommand,
  CreateGroupCommand,
  CreateUserCommand,
  DeleteGroupCommand,
  GetGroupCommand,
  ListGroupsCommand,
  ListGroupsForUserCommand,
  RemoveUserFromGroupCommand,
  UpdateGroupCommand,
} from '@aws-sdk/client-iam';
import type { IAMClient } from '@aws-sdk/client-iam';
import { handlers as groupHandlers } from '../../src/api/iam/groups.js';
import { handlers as userHandlers } from '../../src/api/iam/users.js';
import { createUserWithKey, putUserPolicy, startTestServer } from './harness.js';
import type { TestServer } from './harness.js';

const A = '000000000000';
let server: TestServer;
let iam: IAMClient;

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

describe('group lifecycle', () => {
  it('creates, reads, lists, renames and deletes a group with members', async () => {
    const created = await iam.send(new CreateGroupCommand({ GroupName: 'devs', Path: '/eng/' }));
    expect(created.Group).toMatchObject({ Path: '/eng/', GroupName: 'devs', Arn: `arn:aws:iam::${A}:group/eng/devs` });
    expect(created.Group?.GroupId).toMatch(/^AGPA[A-Z2-7]{17}$/);
    expect(created.Group?.CreateDate).toBeInstanceOf(Date);

    await iam.send(new CreateUserCommand({ UserName: 'bob' }));
    await iam.send(new AddUserToGroupCommand({ GroupName: 'devs', UserName: 'bob' }));
    const got = await iam.send(new GetGroupCommand({ GroupName: 'devs' }));
    expect(got.Group?.GroupId).toBe(created.Group?.GroupId);
    expect(got.Users?.map((u) => u.UserName)).toEqual(['bob']);
    expect(got.IsTruncated).toBe(false);

    expect((await iam.send(new ListGroupsCommand({ PathPrefix: '/eng/' }))).Groups?.map((g) => g.GroupName)).toEqual(['devs']);
    expect((await iam.send(new ListGroupsForUserCommand({ UserName: 'bob' }))).Groups?.map((g) => g.GroupName)).toEqual(['devs']);

    await iam.send(new UpdateGroupCommand({ GroupName: 'devs', NewGroupName: 'engineers', NewPath: '/' }));
    expect((await iam.send(new GetGroupCommand({ GroupName: 'engineers' }))).Group?.Arn).toBe(`arn:aws:iam::${A}:group/engineers`);

    await expect(iam.send(new DeleteGroupCommand({ GroupName: 'engineers' }))).rejects.toMatchObject({
      name: 'DeleteConflictException',
      message: 'Cannot delete entity, must remove users from group first.',
      $metadata: { httpStatusCode: 409 },
    });
    await iam.send(new RemoveUserFromGroupCommand({ GroupName: 'engineers', UserName: 'bob' }));
    await iam.send(new DeleteGroupCommand({ GroupName: 'engineers' }));
    await expect(iam.send(new GetGroupCommand({ GroupName: 'engineers' }))).rejects.toMatchObject({
      name: 'NoSuchEntityException',
      message: 'The group with name engineers cannot be found.',
      $metadata: { httpStatusCode: 404 },
    });
  });

  it('pages GetGroup members and ListGroups', async () => {
    await iam.send(new CreateGroupCommand({ GroupName: 'big' }));
    for (let i = 0; i < 5; i++) {
      await iam.send(new CreateUserCommand({ UserName: `u${i}` }));
      await iam.send(new AddUserToGroupCommand({ GroupName: 'big', UserName: `u${i}` }));
      await iam.send(new CreateGroupCommand({ GroupName: `g${i}` }));
    }
    const first = await iam.send(new GetGroupCommand({ GroupName: 'big', MaxItems: 3 }));
    expect(first.Users?.map((u) => u.UserName)).toEqual(['u0', 'u1', 'u2']);
    expect(first.IsTruncated).toBe(true);
    const second = await iam.send(new GetGroupCommand({ GroupName: 'big', MaxItems: 3, Marker: first.Marker }));
    expect(second.Users?.map((u) => u.UserName)).toEqual(['u3', 'u4']);
    expect(second.IsTruncated).toBe(false);
    expect(second.Marker).toBeUndefined();

    const names: string[] = [];
    let marker: string | undefined;
    do {
      const out = await iam.send(new ListGroupsCommand({ MaxItems: 4, ...(marker && { Marker: marker }) }));
      names.push(...(out.Groups ?? []).map((g) => g.GroupName ?? ''));
      marker = out.IsTruncated ? out.Marker : undefined;
    } while (marker);
    expect(names).toEqual(['big', 'g0', 'g1', 'g2', 'g3', 'g4']);
  });
});

describe('group errors', () => {
  it('reports a taken name with EntityAlreadyExists', async () => {
    await iam.send(new CreateGroupCommand({ GroupName: 'devs' }));
    await expect(iam.send(new CreateGroupCommand({ GroupName: 'DEVS' }))).rejects.toMatchObject({
      name: 'EntityAlreadyExistsException',
      message: 'Group with name DEVS already exists.',
      $metadata: { httpStatusCode: 409 },
    });
  });

  it('refuses an eleventh group for a user with LimitExceeded', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'bob' }));
    for (let i = 0; i < 10; i++) {
      await iam.send(new CreateGroupCommand({ GroupName: `g${i}` }));
      await iam.send(new AddUserToGroupCommand({ GroupName: `g${i}`, UserName: 'bob' }));
    }
    await iam.send(new CreateGroupCommand({ GroupName: 'g10' }));
    await expect(iam.send(new AddUserToGroupCommand({ GroupName: 'g10', UserName: 'bob' }))).rejects.toMatchObject({
      name: 'LimitExceededException',
      message: 'Cannot exceed quota for GroupsPerUser: 10',
      $metadata: { httpStatusCode: 409 },
    });
  });

  it('reports a missing user when adding to a group', async () => {
    await iam.send(new CreateGroupCommand({ GroupName: 'devs' }));
    await expect(iam.send(new AddUserToGroupCommand({ GroupName: 'devs', UserName: 'ghost' }))).rejects.toMatchObject({
      name: 'NoSuchEntityException',
      message: 'The user with name ghost cannot be found.',
    });
  });

  it('refuses DeleteGroup while a policy is attached', async () => {
    await iam.send(new CreateGroupCommand({ GroupName: 'devs' }));
    await server.store.transaction((tx) =>
      tx.attachments.attach(A, { principalType: 'group', principalName: 'devs' }, 'arn:aws:iam::aws:policy/ReadOnlyAccess'),
    );
    await expect(iam.send(new DeleteGroupCommand({ GroupName: 'devs' }))).rejects.toMatchObject({
      name: 'DeleteConflictException',
      message: 'Cannot delete entity, must detach all policies first.',
    });
  });
});

describe('group enforcement', () => {
  it('authorizes group actions against the group ARN', async () => {
    await iam.send(new CreateGroupCommand({ GroupName: 'devs', Path: '/eng/' }));
    await iam.send(new CreateGroupCommand({ GroupName: 'admins' }));
    await iam.send(new CreateUserCommand({ UserName: 'bob' }));
    const key = await createUserWithKey(server, 'lead');
    await putUserPolicy(server, 'lead', 'p', {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'iam:AddUserToGroup', Resource: `arn:aws:iam::${A}:group/eng/*` }],
    });
    const client = server.iam(key);
    await client.send(new AddUserToGroupCommand({ GroupName: 'devs', UserName: 'bob' }));
    await expect(client.send(new AddUserToGroupCommand({ GroupName: 'admins', UserName: 'bob' }))).rejects.toMatchObject({
      name: 'AccessDenied',
      message: expect.stringContaining(`iam:AddUserToGroup on resource: arn:aws:iam::${A}:group/admins`),
    });
  });

  it('denies CreateGroup to a user without policies', async () => {
    const key = await createUserWithKey(server, 'nobody');
    await expect(server.iam(key).send(new CreateGroupCommand({ GroupName: 'x' }))).rejects.toMatchObject({
      name: 'AccessDenied',
      message:
        `User: arn:aws:iam::${A}:user/nobody is not authorized to perform: iam:CreateGroup on resource: ` +
        `arn:aws:iam::${A}:group/x because no identity-based policy allows the iam:CreateGroup action`,
    });
  });
});
