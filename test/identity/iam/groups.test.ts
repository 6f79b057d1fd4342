// IAM groups and memberships against a real (ephemeral) store.
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ServiceError } from '../../../src/identity/errors.js';
import {
  MAX_GROUPS_PER_USER,
  addUserToGroup,
  createGroup,
  deleteGroup,
  getGroup,
  listGroups,
  listGroupsForUser,
  removeUserFromGroup,
  updateGroup,
} from '../../../src/identity/iam/groups.js';
import { createUser } from '../../../src/identity/iam/users.js';
import { openStore } from '../../../src/store/index.js';
import type { Store, StoreTx } from '../../../src/store/index.js';

const A = '111122223333';
const NOW = new Date('2025-01-01T12:00:00Z');
const DOC = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}';

let store: Store;
const tx = <T>(fn: (t: StoreTx) => Promise<T>): Promise<T> => store.transaction(fn);
const newGroup = (t: StoreTx, groupName: string, path?: string) =>
  createGroup(t, { accountId: A, partition: 'aws', groupName, ...(path !== undefined && { path }), now: NOW, random: randomBytes });

async function expectError(p: Promise<unknown>, code: string, message?: string): Promise<void> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ServiceError);
  expect((err as ServiceError).code).toBe(code);
  if (message !== undefined) expect((err as ServiceError).message).toBe(message);
}

beforeEach(async () => {
  store = await openStore({ ephemeral: true, env: {} });
  await tx(async (t) => {
    await t.accounts.create({ accountId: A, createDate: NOW });
    await createUser(t, { accountId: A, partition: 'aws', userName: 'bob', now: NOW, random: randomBytes });
  });
});
afterEach(async () => store.close());

describe('groups', () => {
  it('creates a group with an AGPA id and the ARN with its path', async () => {
    const g = await tx((t) => newGroup(t, 'devs', '/eng/'));
    expect(g.groupId).toMatch(/^AGPA[A-Z2-7]{17}$/);
    expect(g.arn).toBe(`arn:aws:iam::${A}:group/eng/devs`);
  });

  it('refuses a taken name with AWS message', async () => {
    await tx((t) => newGroup(t, 'devs'));
    await expectError(tx((t) => newGroup(t, 'Devs')), 'EntityAlreadyExists', 'Group with name Devs already exists.');
  });

  it('reports a missing group with AWS message', async () => {
    await expectError(tx((t) => getGroup(t, A, 'ghost', { limit: 10 })), 'NoSuchEntity', 'The group with name ghost cannot be found.');
  });

  it('lists groups by path prefix', async () => {
    await tx(async (t) => {
      await newGroup(t, 'b', '/eng/');
      await newGroup(t, 'a', '/eng/');
      await newGroup(t, 'c', '/ops/');
    });
    expect((await tx((t) => listGroups(t, A, { pathPrefix: '/eng/', limit: 10 }))).map((g) => g.groupName)).toEqual(['a', 'b']);
  });

  it('renames and moves a group, keeping its members', async () => {
    await tx(async (t) => {
      await newGroup(t, 'devs');
      await addUserToGroup(t, A, 'devs', 'bob');
    });
    const g = await tx((t) => updateGroup(t, A, 'devs', { newGroupName: 'engineers', newPath: '/eng/' }));
    expect(g.arn).toBe(`arn:aws:iam::${A}:group/eng/engineers`);
    expect((await tx((t) => getGroup(t, A, 'engineers', { limit: 10 }))).users.map((u) => u.userName)).toEqual(['bob']);
  });

  it('refuses renaming onto another group', async () => {
    await tx(async (t) => {
      await newGroup(t, 'a');
      await newGroup(t, 'b');
    });
    await expectError(tx((t) => updateGroup(t, A, 'a', { newGroupName: 'B' })), 'EntityAlreadyExists');
  });
});

describe('deleteGroup', () => {
  const conflict = (fix: string): string => `Cannot delete entity, must ${fix} first.`;
  beforeEach(async () => {
    await tx((t) => newGroup(t, 'devs'));
  });

  it('refuses while the group has users', async () => {
    await tx((t) => addUserToGroup(t, A, 'devs', 'bob'));
    await expectError(tx((t) => deleteGroup(t, A, 'devs')), 'DeleteConflict', conflict('remove users from group'));
  });

  it('refuses while the group has an inline policy', async () => {
    await tx((t) => t.inlinePolicies.put({ accountId: A, principalType: 'group', principalName: 'devs', policyName: 'p', document: DOC }));
    await expectError(tx((t) => deleteGroup(t, A, 'devs')), 'DeleteConflict', conflict('delete policies'));
  });

  it('refuses while the group has an attached policy', async () => {
    await tx((t) => t.attachments.attach(A, { principalType: 'group', principalName: 'devs' }, 'arn:aws:iam::aws:policy/ReadOnlyAccess'));
    await expectError(tx((t) => deleteGroup(t, A, 'devs')), 'DeleteConflict', conflict('detach all policies'));
  });

  it('deletes an empty group', async () => {
    await tx((t) => deleteGroup(t, A, 'devs'));
    expect(await tx((t) => t.groups.get(A, 'devs'))).toBeUndefined();
  });
});

describe('memberships', () => {
  it('adds a user once, idempotently, and lists the groups of a user', async () => {
    await tx(async (t) => {
      await newGroup(t, 'devs');
      await addUserToGroup(t, A, 'devs', 'bob');
      await addUserToGroup(t, A, 'devs', 'BOB');
    });
    expect((await tx((t) => listGroupsForUser(t, A, 'bob', { limit: 10 }))).map((g) => g.groupName)).toEqual(['devs']);
  });

  it('refuses an eleventh group with AWS quota message', async () => {
    await tx(async (t) => {
      for (let i = 0; i < MAX_GROUPS_PER_USER; i++) {
        await newGroup(t, `g${i}`);
        await addUserToGroup(t, A, `g${i}`, 'bob');
      }
      await newGroup(t, 'extra');
    });
    await expectError(tx((t) => addUserToGroup(t, A, 'extra', 'bob')), 'LimitExceeded', 'Cannot exceed quota for GroupsPerUser: 10');
  });

  it('reports a missing user or group when adding', async () => {
    await tx((t) => newGroup(t, 'devs'));
    await expectError(tx((t) => addUserToGroup(t, A, 'devs', 'ghost')), 'NoSuchEntity', 'The user with name ghost cannot be found.');
    await expectError(tx((t) => addUserToGroup(t, A, 'nope', 'bob')), 'NoSuchEntity', 'The group with name nope cannot be found.');
  });

  it('removes a member, and removing a non-member succeeds', async () => {
    await tx(async (t) => {
      await newGroup(t, 'devs');
      await addUserToGroup(t, A, 'devs', 'bob');
    });
    await tx((t) => removeUserFromGroup(t, A, 'devs', 'bob'));
    await tx((t) => removeUserFromGroup(t, A, 'devs', 'bob'));
    expect((await tx((t) => getGroup(t, A, 'devs', { limit: 10 }))).users).toEqual([]);
  });

  it('pages the members of a group', async () => {
    await tx(async (t) => {
      await newGroup(t, 'devs');
      for (const n of ['u1', 'u2', 'u3']) {
        await createUser(t, { accountId: A, partition: 'aws', userName: n, now: NOW, random: randomBytes });
        await addUserToGroup(t, A, 'devs', n);
      }
    });
    const after = await tx((t) => getGroup(t, A, 'devs', { after: 'u1', limit: 10 }));
    expect(after.users.map((u) => u.userName)).toEqual(['u2', 'u3']);
  });
});
