// The store behaviour suite, run against every Store implementation (SQLite file, SQLite in memory, and
// PostgreSQL later), after Hono's runTest pattern: one set of cases, many implementations.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TaggableKind } from '../../src/model/index.js';
import { StoreConflictError, StoreError, StoreNotFoundError, StoreReadOnlyError } from '../../src/store/index.js';
import type { ChangeSet, Store, StoreTx } from '../../src/store/index.js';
import {
  ACCOUNT,
  DOC,
  OTHER_ACCOUNT,
  T0,
  accessKey,
  account,
  group,
  instanceProfile,
  policy,
  policyArn,
  role,
  secret,
  user,
} from './fixtures.js';

export interface StoreHarness {
  store: Store;
  /** Closes the store and opens the same database again; absent for stores that do not persist. */
  reopen?: () => Promise<Store>;
  /** Everything the store has written to disk, for "no secret in clear" checks; absent when in memory. */
  rawBytes?: () => Promise<Buffer>;
  cleanup(): Promise<void>;
}

export function runStoreSuite(name: string, makeStore: () => Promise<StoreHarness>): void {
  describe(`Store suite: ${name}`, () => {
    let h: StoreHarness;
    let store: Store;
    const tx = <T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> => store.transaction(fn);

    beforeEach(async () => {
      h = await makeStore();
      store = h.store;
      await tx(async (t) => {
        await t.accounts.create(account(ACCOUNT));
        await t.accounts.create(account(OTHER_ACCOUNT));
      });
    });

    afterEach(async () => {
      await h.cleanup();
    });

    describe('accounts', () => {
      it('reads back an account with its alias', async () => {
        await tx((t) => t.accountAliases.create(ACCOUNT, 'acme-prod'));
        const got = await tx((t) => t.accounts.get(ACCOUNT));
        expect(got).toEqual({ accountId: ACCOUNT, alias: 'acme-prod', createDate: T0 });
      });

      it('derives the root identity from the account', async () => {
        const root = await tx((t) => t.accounts.getRoot(ACCOUNT));
        expect(root).toEqual({ accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root`, userId: ACCOUNT, createDate: T0 });
      });

      it('lists accounts in id order after a cursor', async () => {
        const all = await tx((t) => t.accounts.list());
        const after = await tx((t) => t.accounts.list({ after: ACCOUNT }));
        expect(all.map((a) => a.accountId)).toEqual([ACCOUNT, OTHER_ACCOUNT]);
        expect(after.map((a) => a.accountId)).toEqual([OTHER_ACCOUNT]);
      });

      it('refuses an account id that exists', async () => {
        await expect(tx((t) => t.accounts.create(account(ACCOUNT)))).rejects.toBeInstanceOf(StoreConflictError);
      });

      it('keeps account aliases globally unique and finds the account by alias', async () => {
        await tx((t) => t.accountAliases.create(ACCOUNT, 'acme'));
        await expect(tx((t) => t.accountAliases.create(OTHER_ACCOUNT, 'acme'))).rejects.toBeInstanceOf(StoreConflictError);
        expect(await tx((t) => t.accountAliases.findAccount('acme'))).toBe(ACCOUNT);
      });

      it('puts, replaces and deletes the password policy', async () => {
        const base = {
          accountId: ACCOUNT,
          minimumPasswordLength: 14,
          requireSymbols: true,
          requireNumbers: true,
          requireUppercaseCharacters: false,
          requireLowercaseCharacters: true,
          allowUsersToChangePassword: true,
          hardExpiry: false,
        };
        await tx((t) => t.passwordPolicy.put(base));
        await tx((t) => t.passwordPolicy.put({ ...base, maxPasswordAge: 90 }));
        expect(await tx((t) => t.passwordPolicy.get(ACCOUNT))).toEqual({ ...base, maxPasswordAge: 90 });
        expect(await tx((t) => t.passwordPolicy.delete(ACCOUNT))).toBe(true);
        expect(await tx((t) => t.passwordPolicy.get(ACCOUNT))).toBeUndefined();
      });
    });

    describe('credential reports', () => {
      const CSV = 'user,arn\n<root_account>,arn:aws:iam::111122223333:root';
      const report = (accountId = ACCOUNT, csv = CSV, generatedTime = T0) => ({ accountId, csv, generatedTime });

      it('reads back the report that was put, to the millisecond', async () => {
        const generatedTime = new Date('2025-03-01T10:00:00.123Z');
        await tx((t) => t.credentialReports.put(report(ACCOUNT, CSV, generatedTime)));
        expect(await tx((t) => t.credentialReports.get(ACCOUNT))).toEqual({ accountId: ACCOUNT, csv: CSV, generatedTime });
      });

      it('has no report for an account that never generated one', async () => {
        expect(await tx((t) => t.credentialReports.get(ACCOUNT))).toBeUndefined();
      });

      it('replaces the previous report of the account and leaves other accounts alone', async () => {
        const later = new Date(T0.getTime() + 5 * 3600_000);
        await tx(async (t) => {
          await t.credentialReports.put(report());
          await t.credentialReports.put(report(OTHER_ACCOUNT));
        });
        await tx((t) => t.credentialReports.put(report(ACCOUNT, `${CSV}\nbob`, later)));
        expect(await tx((t) => t.credentialReports.get(ACCOUNT))).toEqual(report(ACCOUNT, `${CSV}\nbob`, later));
        expect(await tx((t) => t.credentialReports.get(OTHER_ACCOUNT))).toEqual(report(OTHER_ACCOUNT));
      });

      it('deletes the report with its account', async () => {
        await tx((t) => t.credentialReports.put(report()));
        await tx((t) => t.accounts.delete(ACCOUNT));
        expect(await tx((t) => t.credentialReports.get(ACCOUNT))).toBeUndefined();
      });

      it('refuses a report for an account that does not exist', async () => {
        await expect(tx((t) => t.credentialReports.put(report('999999999999')))).rejects.toBeInstanceOf(StoreNotFoundError);
      });

      it('refuses to put a report in a read-only transaction', async () => {
        await expect(store.transaction((t) => t.credentialReports.put(report()), { readOnly: true })).rejects.toBeInstanceOf(
          StoreReadOnlyError,
        );
      });

      it('keeps the report across close and reopen', async (ctx) => {
        if (!h.reopen) return ctx.skip();
        await tx((t) => t.credentialReports.put(report()));
        store = await h.reopen();
        expect(await tx((t) => t.credentialReports.get(ACCOUNT))).toEqual(report());
      });
    });

    describe('users', () => {
      it('gets a user by name case-insensitively, with the stored spelling', async () => {
        const alice = user('Alice');
        await tx((t) => t.users.create(alice));
        expect(await tx((t) => t.users.get(ACCOUNT, 'ALICE'))).toEqual(alice);
      });

      it('refuses a user whose name differs only in case', async () => {
        await tx((t) => t.users.create(user('Alice')));
        const err = await tx((t) => t.users.create(user('alice'))).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(StoreConflictError);
        expect((err as StoreConflictError).entity).toBe('user');
      });

      it('allows the same user name in two accounts', async () => {
        await tx((t) => t.users.create(user('bob')));
        await tx((t) => t.users.create(user('bob', { accountId: OTHER_ACCOUNT })));
        expect(await tx((t) => t.users.get(OTHER_ACCOUNT, 'bob'))).toMatchObject({ accountId: OTHER_ACCOUNT });
      });

      it('refuses a user in an account that does not exist', async () => {
        await expect(tx((t) => t.users.create(user('x', { accountId: '999999999999' })))).rejects.toBeInstanceOf(StoreNotFoundError);
      });

      it('lists users by path prefix in case-insensitive name order, page by page', async () => {
        await tx(async (t) => {
          for (const name of ['carol', 'Bob', 'alice', 'dave']) await t.users.create(user(name, { path: '/eng/' }));
          await t.users.create(user('erin', { path: '/ops/' }));
        });
        const page1 = await tx((t) => t.users.list(ACCOUNT, { pathPrefix: '/eng/', limit: 2 }));
        const page2 = await tx((t) => t.users.list(ACCOUNT, { pathPrefix: '/eng/', limit: 2, after: page1[1]!.userName }));
        expect(page1.map((u) => u.userName)).toEqual(['alice', 'Bob']);
        expect(page2.map((u) => u.userName)).toEqual(['carol', 'dave']);
      });

      it('treats the path prefix literally, not as a LIKE pattern', async () => {
        await tx(async (t) => {
          await t.users.create(user('a', { path: '/a_b/' }));
          await t.users.create(user('b', { path: '/axb/' }));
          await t.users.create(user('c', { path: '/A_B/' }));
        });
        const found = await tx((t) => t.users.list(ACCOUNT, { pathPrefix: '/a_' }));
        expect(found.map((u) => u.userName)).toEqual(['a']);
      });

      it('renames and moves a user, rewriting its ARN and keeping what it owns', async () => {
        const key = accessKey('bob');
        await tx(async (t) => {
          await t.users.create(user('bob'));
          await t.groups.create(group('devs'));
          await t.groups.addUser(ACCOUNT, 'devs', 'bob');
          await t.accessKeys.create(key);
        });
        const renamed = await tx((t) => t.users.update(ACCOUNT, 'BOB', { newUserName: 'robert', newPath: '/x/' }));
        expect(renamed.arn).toBe(`arn:aws:iam::${ACCOUNT}:user/x/robert`);
        expect((await tx((t) => t.accessKeys.get(key.accessKeyId)))?.userName).toBe('robert');
        expect((await tx((t) => t.groups.listUsers(ACCOUNT, 'devs'))).map((u) => u.userName)).toEqual(['robert']);
      });

      it('sets and removes a permissions boundary', async () => {
        await tx((t) => t.users.create(user('bob')));
        await tx((t) => t.users.update(ACCOUNT, 'bob', { permissionsBoundaryArn: policyArn('Boundary') }));
        expect((await tx((t) => t.users.get(ACCOUNT, 'bob')))?.permissionsBoundaryArn).toBe(policyArn('Boundary'));
        await tx((t) => t.users.update(ACCOUNT, 'bob', { permissionsBoundaryArn: null }));
        expect(await tx((t) => t.users.get(ACCOUNT, 'bob'))).not.toHaveProperty('permissionsBoundaryArn');
      });

      it('throws StoreNotFoundError when updating a missing user', async () => {
        await expect(tx((t) => t.users.update(ACCOUNT, 'ghost', { newPath: '/x/' }))).rejects.toBeInstanceOf(StoreNotFoundError);
      });

      it('deletes a user with everything it owns', async () => {
        const key = accessKey('bob');
        await tx(async (t) => {
          await t.users.create(user('bob'));
          await t.groups.create(group('devs'));
          await t.groups.addUser(ACCOUNT, 'devs', 'bob');
          await t.accessKeys.create(key);
          await t.attachments.attach(ACCOUNT, { principalType: 'user', principalName: 'bob' }, policyArn('P'));
          await t.inlinePolicies.put({ accountId: ACCOUNT, principalType: 'user', principalName: 'bob', policyName: 'i', document: DOC });
          await t.tags.set({ kind: 'user', accountId: ACCOUNT, name: 'bob' }, [{ Key: 'team', Value: 'x' }]);
        });
        expect(await tx((t) => t.users.delete(ACCOUNT, 'bob'))).toBe(true);
        await tx(async (t) => {
          await t.users.create(user('bob')); // a new user of the same name starts empty
          expect(await t.accessKeys.get(key.accessKeyId)).toBeUndefined();
          expect(await t.groups.listUsers(ACCOUNT, 'devs')).toEqual([]);
          expect(await t.attachments.countForPolicy(ACCOUNT, policyArn('P'))).toBe(0);
          expect(await t.inlinePolicies.list(ACCOUNT, { principalType: 'user', principalName: 'bob' })).toEqual([]);
          expect(await t.tags.list({ kind: 'user', accountId: ACCOUNT, name: 'bob' })).toEqual([]);
        });
      });

      it('reports whether a delete removed anything', async () => {
        expect(await tx((t) => t.users.delete(ACCOUNT, 'ghost'))).toBe(false);
      });
    });

    describe('groups', () => {
      it('adds, lists and removes members from both sides', async () => {
        await tx(async (t) => {
          await t.users.create(user('bob'));
          await t.groups.create(group('devs'));
          await t.groups.create(group('admins'));
          await t.groups.addUser(ACCOUNT, 'devs', 'bob');
          await t.groups.addUser(ACCOUNT, 'admins', 'bob');
          await t.groups.addUser(ACCOUNT, 'admins', 'BOB'); // idempotent
        });
        expect((await tx((t) => t.groups.listGroupsForUser(ACCOUNT, 'bob'))).map((g) => g.groupName)).toEqual(['admins', 'devs']);
        expect(await tx((t) => t.groups.removeUser(ACCOUNT, 'admins', 'bob'))).toBe(true);
        expect((await tx((t) => t.groups.listGroupsForUser(ACCOUNT, 'bob'))).map((g) => g.groupName)).toEqual(['devs']);
      });

      it('refuses a group whose name differs only in case', async () => {
        await tx((t) => t.groups.create(group('Devs')));
        await expect(tx((t) => t.groups.create(group('DEVS')))).rejects.toBeInstanceOf(StoreConflictError);
      });

      it('renames a group, keeping its members', async () => {
        await tx(async (t) => {
          await t.users.create(user('bob'));
          await t.groups.create(group('devs'));
          await t.groups.addUser(ACCOUNT, 'devs', 'bob');
        });
        const g = await tx((t) => t.groups.update(ACCOUNT, 'devs', { newGroupName: 'engineers' }));
        expect(g.arn).toBe(`arn:aws:iam::${ACCOUNT}:group/engineers`);
        expect((await tx((t) => t.groups.listUsers(ACCOUNT, 'engineers'))).map((u) => u.userName)).toEqual(['bob']);
      });

      it('refuses a rename onto a taken name', async () => {
        await tx(async (t) => {
          await t.groups.create(group('a'));
          await t.groups.create(group('b'));
        });
        await expect(tx((t) => t.groups.update(ACCOUNT, 'a', { newGroupName: 'B' }))).rejects.toBeInstanceOf(StoreConflictError);
      });
    });

    describe('roles', () => {
      it('creates, updates and reads a role', async () => {
        await tx((t) => t.roles.create(role('app')));
        const lastUsed = { lastUsedDate: new Date('2024-05-01T00:00:00Z'), region: 'eu-west-1' };
        await tx((t) =>
          t.roles.update(ACCOUNT, 'APP', { description: 'the app', maxSessionDuration: 7200, roleLastUsed: lastUsed, assumeRolePolicyDocument: '{}' }),
        );
        expect(await tx((t) => t.roles.get(ACCOUNT, 'app'))).toMatchObject({
          roleName: 'app',
          description: 'the app',
          maxSessionDuration: 7200,
          roleLastUsed: lastUsed,
          assumeRolePolicyDocument: '{}',
        });
      });

      it('clears a role description with null', async () => {
        await tx((t) => t.roles.create({ ...role('app'), description: 'x' }));
        await tx((t) => t.roles.update(ACCOUNT, 'app', { description: null }));
        expect(await tx((t) => t.roles.get(ACCOUNT, 'app'))).not.toHaveProperty('description');
      });

      it('refuses a role whose name differs only in case', async () => {
        await tx((t) => t.roles.create(role('App')));
        await expect(tx((t) => t.roles.create(role('aPP')))).rejects.toBeInstanceOf(StoreConflictError);
      });

      it('lists roles by path prefix', async () => {
        await tx(async (t) => {
          await t.roles.create(role('a', '/service-role/'));
          await t.roles.create(role('b'));
        });
        expect((await tx((t) => t.roles.list(ACCOUNT, { pathPrefix: '/service-role/' }))).map((r) => r.roleName)).toEqual(['a']);
      });
    });

    describe('managed policies', () => {
      it('creates a policy whose v1 is the default version', async () => {
        const created = await tx((t) => t.policies.create(policy('Read')));
        expect(created).toMatchObject({ policyName: 'Read', defaultVersionId: 'v1', attachmentCount: 0, isAttachable: true });
        expect(await tx((t) => t.policies.getDefaultVersion(ACCOUNT, policyArn('Read')))).toMatchObject({
          versionId: 'v1',
          document: DOC,
          isDefaultVersion: true,
        });
      });

      it('refuses a policy whose name differs only in case', async () => {
        await tx((t) => t.policies.create(policy('Read')));
        await expect(tx((t) => t.policies.create(policy('READ')))).rejects.toBeInstanceOf(StoreConflictError);
      });

      it('numbers versions without reusing a deleted number', async () => {
        const arn = policyArn('Read');
        await tx((t) => t.policies.create(policy('Read')));
        const v2 = await tx((t) => t.policies.createVersion(ACCOUNT, arn, { document: '{"v":2}', setAsDefault: false, createDate: T0 }));
        await tx((t) => t.policies.deleteVersion(ACCOUNT, arn, 'v2'));
        const v3 = await tx((t) => t.policies.createVersion(ACCOUNT, arn, { document: '{"v":3}', setAsDefault: true, createDate: T0 }));
        expect([v2.versionId, v3.versionId]).toEqual(['v2', 'v3']);
        expect((await tx((t) => t.policies.listVersions(ACCOUNT, arn))).map((v) => [v.versionId, v.isDefaultVersion])).toEqual([
          ['v3', true],
          ['v1', false],
        ]);
      });

      it('switches the default version', async () => {
        const arn = policyArn('Read');
        await tx(async (t) => {
          await t.policies.create(policy('Read'));
          await t.policies.createVersion(ACCOUNT, arn, { document: '{"v":2}', setAsDefault: false, createDate: T0 });
          await t.policies.setDefaultVersion(ACCOUNT, arn, 'v2', T0);
        });
        expect((await tx((t) => t.policies.get(ACCOUNT, arn)))?.defaultVersionId).toBe('v2');
      });

      it('refuses to delete the default version', async () => {
        await tx((t) => t.policies.create(policy('Read')));
        await expect(tx((t) => t.policies.deleteVersion(ACCOUNT, policyArn('Read'), 'v1'))).rejects.toBeInstanceOf(StoreConflictError);
      });

      it('counts attachments and permissions-boundary uses', async () => {
        const arn = policyArn('Read');
        await tx(async (t) => {
          await t.policies.create(policy('Read'));
          await t.users.create({ ...user('bob'), permissionsBoundaryArn: arn });
          await t.roles.create({ ...role('app'), permissionsBoundaryArn: arn });
          await t.groups.create(group('devs'));
          await t.attachments.attach(ACCOUNT, { principalType: 'role', principalName: 'app' }, arn);
          await t.attachments.attach(ACCOUNT, { principalType: 'group', principalName: 'devs' }, arn);
        });
        expect(await tx((t) => t.policies.get(ACCOUNT, arn))).toMatchObject({ attachmentCount: 2, permissionsBoundaryUsageCount: 2 });
      });

      it('deletes a policy with its versions', async () => {
        const arn = policyArn('Read');
        await tx((t) => t.policies.create(policy('Read')));
        expect(await tx((t) => t.policies.delete(ACCOUNT, arn))).toBe(true);
        expect(await tx((t) => t.policies.listVersions(ACCOUNT, arn))).toEqual([]);
      });
    });

    describe('attachments', () => {
      const AWS_READ_ONLY = 'arn:aws:iam::aws:policy/ReadOnlyAccess';

      it('attaches an AWS-managed policy that has no row, idempotently', async () => {
        await tx(async (t) => {
          await t.roles.create(role('app'));
          await t.attachments.attach(ACCOUNT, { principalType: 'role', principalName: 'app' }, AWS_READ_ONLY);
          await t.attachments.attach(ACCOUNT, { principalType: 'role', principalName: 'APP' }, AWS_READ_ONLY);
        });
        expect(await tx((t) => t.attachments.listForPrincipal(ACCOUNT, { principalType: 'role', principalName: 'app' }))).toEqual([
          { accountId: ACCOUNT, principalType: 'role', principalName: 'app', policyArn: AWS_READ_ONLY },
        ]);
      });

      it('lists who a policy is attached to, by type then name', async () => {
        await tx(async (t) => {
          await t.roles.create(role('app'));
          await t.users.create(user('zed'));
          await t.users.create(user('amy'));
          for (const [principalType, principalName] of [['user', 'zed'], ['role', 'app'], ['user', 'amy']] as const) {
            await t.attachments.attach(ACCOUNT, { principalType, principalName }, AWS_READ_ONLY);
          }
        });
        const all = await tx((t) => t.attachments.listForPolicy(ACCOUNT, AWS_READ_ONLY));
        const users = await tx((t) => t.attachments.listForPolicy(ACCOUNT, AWS_READ_ONLY, 'user'));
        expect(all.map((a) => `${a.principalType}:${a.principalName}`)).toEqual(['role:app', 'user:amy', 'user:zed']);
        expect(users).toHaveLength(2);
      });

      it('detaches a policy', async () => {
        await tx(async (t) => {
          await t.users.create(user('bob'));
          await t.attachments.attach(ACCOUNT, { principalType: 'user', principalName: 'bob' }, AWS_READ_ONLY);
        });
        expect(await tx((t) => t.attachments.detach(ACCOUNT, { principalType: 'user', principalName: 'bob' }, AWS_READ_ONLY))).toBe(true);
        expect(await tx((t) => t.attachments.countForPolicy(ACCOUNT, AWS_READ_ONLY))).toBe(0);
      });

      it('refuses to attach to a missing principal', async () => {
        await expect(
          tx((t) => t.attachments.attach(ACCOUNT, { principalType: 'group', principalName: 'ghost' }, AWS_READ_ONLY)),
        ).rejects.toBeInstanceOf(StoreNotFoundError);
      });
    });

    describe('inline policies', () => {
      const bob = { principalType: 'user', principalName: 'bob' } as const;

      it('puts, replaces, lists by name and deletes', async () => {
        await tx(async (t) => {
          await t.users.create(user('bob'));
          await t.inlinePolicies.put({ accountId: ACCOUNT, ...bob, policyName: 'b', document: DOC });
          await t.inlinePolicies.put({ accountId: ACCOUNT, ...bob, policyName: 'a', document: DOC });
          await t.inlinePolicies.put({ accountId: ACCOUNT, ...bob, policyName: 'B', document: '{"new":true}' });
        });
        const list = await tx((t) => t.inlinePolicies.list(ACCOUNT, bob));
        expect(list.map((p) => [p.policyName, p.document])).toEqual([
          ['a', DOC],
          ['B', '{"new":true}'],
        ]);
        expect(await tx((t) => t.inlinePolicies.delete(ACCOUNT, bob, 'a'))).toBe(true);
        expect(await tx((t) => t.inlinePolicies.get(ACCOUNT, bob, 'a'))).toBeUndefined();
      });
    });

    describe('access keys', () => {
      it('reads a key by id across accounts, with its secret', async () => {
        const key = accessKey('bob', OTHER_ACCOUNT);
        await tx(async (t) => {
          await t.users.create(user('bob', { accountId: OTHER_ACCOUNT }));
          await t.accessKeys.create(key);
        });
        expect(await tx((t) => t.accessKeys.get(key.accessKeyId))).toEqual(key);
      });

      it('keeps root keys apart from user keys', async () => {
        const rootKey = accessKey();
        const userKey = accessKey('bob');
        await tx(async (t) => {
          await t.users.create(user('bob'));
          await t.accessKeys.create(rootKey);
          await t.accessKeys.create(userKey);
        });
        const root = await tx((t) => t.accessKeys.list(ACCOUNT));
        const bobs = await tx((t) => t.accessKeys.list(ACCOUNT, 'bob'));
        expect(root.map((k) => k.accessKeyId)).toEqual([rootKey.accessKeyId]);
        expect(root[0]).not.toHaveProperty('userName');
        expect(root[0]).not.toHaveProperty('secretAccessKey');
        expect(bobs.map((k) => k.accessKeyId)).toEqual([userKey.accessKeyId]);
      });

      it('updates status and last use', async () => {
        const key = accessKey();
        const lastUsed = { date: new Date('2024-06-01T00:00:00Z'), service: 'iam', region: 'us-east-1' };
        await tx(async (t) => {
          await t.accessKeys.create(key);
          await t.accessKeys.updateStatus(ACCOUNT, key.accessKeyId, 'Inactive');
          await t.accessKeys.recordLastUsed(key.accessKeyId, lastUsed);
        });
        expect(await tx((t) => t.accessKeys.get(key.accessKeyId))).toMatchObject({ status: 'Inactive', lastUsed });
      });

      it('deletes a key only within its account', async () => {
        const key = accessKey();
        await tx((t) => t.accessKeys.create(key));
        expect(await tx((t) => t.accessKeys.delete(OTHER_ACCOUNT, key.accessKeyId))).toBe(false);
        expect(await tx((t) => t.accessKeys.delete(ACCOUNT, key.accessKeyId))).toBe(true);
      });
    });

    describe('tags', () => {
      const bobTags = { kind: 'user', accountId: ACCOUNT, name: 'bob' } as const;

      it('overwrites a key case-insensitively in place and removes keys', async () => {
        await tx(async (t) => {
          await t.users.create(user('bob'));
          await t.tags.set(bobTags, [
            { Key: 'Team', Value: 'a' },
            { Key: 'env', Value: 'dev' },
          ]);
          await t.tags.set(bobTags, [{ Key: 'team', Value: 'b' }]);
        });
        expect(await tx((t) => t.tags.list(bobTags))).toEqual([
          { Key: 'team', Value: 'b' },
          { Key: 'env', Value: 'dev' },
        ]);
        expect(await tx((t) => t.tags.remove(bobTags, ['ENV', 'missing']))).toBe(1);
        expect(await tx((t) => t.tags.list(bobTags))).toEqual([{ Key: 'team', Value: 'b' }]);
      });

      it('tags every taggable kind independently', async () => {
        const serial = `arn:aws:iam::${ACCOUNT}:mfa/dev1`;
        const oidcArn = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;
        const samlArn = `arn:aws:iam::${ACCOUNT}:saml-provider/okta`;
        const targets: Record<TaggableKind, string> = {
          user: 'bob',
          role: 'app',
          policy: policyArn('Read'),
          instanceProfile: 'web',
          oidcProvider: oidcArn,
          samlProvider: samlArn,
          serverCertificate: 'cert',
          mfaDevice: serial,
        };
        await tx(async (t) => {
          await t.users.create(user('bob'));
          await t.roles.create(role('app'));
          await t.policies.create(policy('Read'));
          await t.instanceProfiles.create(instanceProfile('web'));
          await t.oidcProviders.create({ accountId: ACCOUNT, arn: oidcArn, url: 'https://token.actions.githubusercontent.com', clientIds: [], thumbprints: [], createDate: T0 });
          await t.samlProviders.create({ accountId: ACCOUNT, arn: samlArn, name: 'okta', samlMetadataDocument: '<x/>', createDate: T0 });
          await t.serverCerts.create(serverCert('cert'), 'KEY');
          await t.mfaDevices.create({ accountId: ACCOUNT, serialNumber: serial, path: '/', name: 'dev1', createDate: T0, base32StringSeed: 'SEED' });
          for (const [kind, name] of Object.entries(targets)) {
            await t.tags.set({ kind: kind as TaggableKind, accountId: ACCOUNT, name }, [{ Key: 'kind', Value: kind }]);
          }
        });
        for (const [kind, name] of Object.entries(targets)) {
          const tags = await tx((t) => t.tags.list({ kind: kind as TaggableKind, accountId: ACCOUNT, name }));
          expect(tags).toEqual([{ Key: 'kind', Value: kind }]);
        }
      });

      it('refuses to tag a missing entity', async () => {
        await expect(tx((t) => t.tags.set({ kind: 'role', accountId: ACCOUNT, name: 'ghost' }, []))).rejects.toBeInstanceOf(StoreNotFoundError);
      });
    });

    describe('instance profiles', () => {
      it('adds, lists and removes the role of an instance profile', async () => {
        await tx(async (t) => {
          await t.roles.create(role('app'));
          await t.instanceProfiles.create(instanceProfile('web'));
          await t.instanceProfiles.addRole(ACCOUNT, 'web', 'app');
        });
        expect((await tx((t) => t.instanceProfiles.listRoles(ACCOUNT, 'web'))).map((r) => r.roleName)).toEqual(['app']);
        expect((await tx((t) => t.instanceProfiles.listForRole(ACCOUNT, 'app'))).map((p) => p.instanceProfileName)).toEqual(['web']);
        expect(await tx((t) => t.instanceProfiles.removeRole(ACCOUNT, 'web', 'app'))).toBe(true);
        expect(await tx((t) => t.instanceProfiles.listRoles(ACCOUNT, 'web'))).toEqual([]);
      });

      it('refuses an instance profile whose name differs only in case', async () => {
        await tx((t) => t.instanceProfiles.create(instanceProfile('Web')));
        await expect(tx((t) => t.instanceProfiles.create(instanceProfile('WEB')))).rejects.toBeInstanceOf(StoreConflictError);
      });
    });

    describe('user credentials', () => {
      beforeEach(async () => {
        await tx((t) => t.users.create(user('bob')));
      });

      it('creates, updates and deletes a login profile with its password hash', async () => {
        const hash = secret('scrypt');
        await tx((t) => t.loginProfiles.create({ accountId: ACCOUNT, userName: 'bob', createDate: T0, passwordResetRequired: true, passwordHash: hash }));
        await tx((t) => t.loginProfiles.update(ACCOUNT, 'bob', { passwordResetRequired: false }));
        expect(await tx((t) => t.loginProfiles.get(ACCOUNT, 'BOB'))).toEqual({
          accountId: ACCOUNT,
          userName: 'bob',
          createDate: T0,
          passwordResetRequired: false,
          passwordHash: hash,
        });
        expect(await tx((t) => t.loginProfiles.delete(ACCOUNT, 'bob'))).toBe(true);
      });

      it('refuses a second login profile for a user', async () => {
        const profile = { accountId: ACCOUNT, userName: 'bob', createDate: T0, passwordResetRequired: false, passwordHash: 'h' };
        await tx((t) => t.loginProfiles.create(profile));
        await expect(tx((t) => t.loginProfiles.create(profile))).rejects.toBeInstanceOf(StoreConflictError);
      });

      it('keeps a login profile readable after the user is renamed', async () => {
        await tx((t) => t.loginProfiles.create({ accountId: ACCOUNT, userName: 'bob', createDate: T0, passwordResetRequired: false, passwordHash: 'h' }));
        await tx((t) => t.users.update(ACCOUNT, 'bob', { newUserName: 'robert' }));
        expect((await tx((t) => t.loginProfiles.get(ACCOUNT, 'robert')))?.passwordHash).toBe('h');
      });

      it('enables, lists and deactivates a virtual MFA device', async () => {
        const serial = `arn:aws:iam::${ACCOUNT}:mfa/bob-phone`;
        const seed = secret('SEED');
        await tx(async (t) => {
          await t.mfaDevices.create({ accountId: ACCOUNT, serialNumber: serial, path: '/', name: 'bob-phone', createDate: T0, base32StringSeed: seed });
          await t.mfaDevices.enable(ACCOUNT, serial, 'bob', T0);
        });
        expect(await tx((t) => t.mfaDevices.get(ACCOUNT, serial))).toMatchObject({ userName: 'bob', enableDate: T0, base32StringSeed: seed });
        expect(await tx((t) => t.mfaDevices.list(ACCOUNT, 'Unassigned'))).toEqual([]);
        expect((await tx((t) => t.mfaDevices.listForUser(ACCOUNT, 'bob'))).map((d) => d.serialNumber)).toEqual([serial]);
        expect(await tx((t) => t.mfaDevices.deactivate(ACCOUNT, serial))).toBe(true);
        expect((await tx((t) => t.mfaDevices.list(ACCOUNT, 'Unassigned'))).map((d) => d.serialNumber)).toEqual([serial]);
      });

      it('unassigns, and keeps, the MFA device of a deleted user', async () => {
        const serial = `arn:aws:iam::${ACCOUNT}:mfa/bob-phone`;
        await tx(async (t) => {
          await t.mfaDevices.create({ accountId: ACCOUNT, serialNumber: serial, path: '/', name: 'bob-phone', createDate: T0, base32StringSeed: 'S' });
          await t.mfaDevices.enable(ACCOUNT, serial, 'bob', T0);
          await t.users.delete(ACCOUNT, 'bob');
        });
        const device = await tx((t) => t.mfaDevices.get(ACCOUNT, serial));
        expect(device).toBeDefined();
        expect(device).not.toHaveProperty('userName');
        expect(device).not.toHaveProperty('enableDate');
      });

      it('creates, deactivates and deletes an SSH public key', async () => {
        const key = { accountId: ACCOUNT, userName: 'bob', sshPublicKeyId: 'APKA00000000000000001', fingerprint: 'ab:cd', sshPublicKeyBody: 'ssh-rsa AAAA', status: 'Active' as const, uploadDate: T0 };
        await tx((t) => t.sshKeys.create(key));
        await tx((t) => t.sshKeys.updateStatus(ACCOUNT, 'bob', key.sshPublicKeyId, 'Inactive'));
        expect(await tx((t) => t.sshKeys.list(ACCOUNT, 'bob'))).toEqual([{ ...key, status: 'Inactive' }]);
        expect(await tx((t) => t.sshKeys.delete(ACCOUNT, 'bob', key.sshPublicKeyId))).toBe(true);
      });

      it('creates, deactivates and deletes a signing certificate', async () => {
        const cert = { accountId: ACCOUNT, userName: 'bob', certificateId: 'CERT1', certificateBody: '-----BEGIN CERTIFICATE-----', status: 'Active' as const, uploadDate: T0 };
        await tx((t) => t.signingCerts.create(cert));
        await tx((t) => t.signingCerts.updateStatus(ACCOUNT, 'bob', 'CERT1', 'Inactive'));
        expect(await tx((t) => t.signingCerts.get(ACCOUNT, 'bob', 'CERT1'))).toEqual({ ...cert, status: 'Inactive' });
        expect(await tx((t) => t.signingCerts.delete(ACCOUNT, 'bob', 'CERT1'))).toBe(true);
      });

      it('creates, resets and lists service-specific credentials', async () => {
        const cred = {
          accountId: ACCOUNT,
          userName: 'bob',
          serviceSpecificCredentialId: 'ACCA00000000000000001',
          serviceName: 'codecommit.amazonaws.com',
          serviceUserName: 'bob-at-111122223333',
          status: 'Active' as const,
          createDate: T0,
          servicePassword: secret('pw'),
        };
        const { servicePassword: _pw, ...metadata } = cred;
        expect(await tx((t) => t.serviceSpecificCreds.create(cred))).toEqual(metadata);
        await tx((t) => t.serviceSpecificCreds.resetPassword(ACCOUNT, 'bob', cred.serviceSpecificCredentialId, 'new-password'));
        expect((await tx((t) => t.serviceSpecificCreds.get(ACCOUNT, 'bob', cred.serviceSpecificCredentialId)))?.servicePassword).toBe('new-password');
        expect(await tx((t) => t.serviceSpecificCreds.list(ACCOUNT, 'bob', 'cassandra.amazonaws.com'))).toEqual([]);
        expect(await tx((t) => t.serviceSpecificCreds.list(ACCOUNT, 'bob'))).toEqual([metadata]);
      });
    });

    describe('providers and server certificates', () => {
      it('creates, updates and deletes an OIDC provider', async () => {
        const arn = `arn:aws:iam::${ACCOUNT}:oidc-provider/accounts.google.com`;
        const provider = { accountId: ACCOUNT, arn, url: 'https://accounts.google.com', clientIds: ['a'], thumbprints: ['f'.repeat(40)], createDate: T0 };
        await tx((t) => t.oidcProviders.create(provider));
        await tx((t) => t.oidcProviders.update(ACCOUNT, arn, { clientIds: ['a', 'b'] }));
        expect(await tx((t) => t.oidcProviders.list(ACCOUNT))).toEqual([{ ...provider, clientIds: ['a', 'b'] }]);
        await expect(tx((t) => t.oidcProviders.create(provider))).rejects.toBeInstanceOf(StoreConflictError);
        expect(await tx((t) => t.oidcProviders.delete(ACCOUNT, arn))).toBe(true);
      });

      it('creates, updates and deletes a SAML provider', async () => {
        const arn = `arn:aws:iam::${ACCOUNT}:saml-provider/okta`;
        await tx((t) => t.samlProviders.create({ accountId: ACCOUNT, arn, name: 'okta', samlMetadataDocument: '<a/>', createDate: T0 }));
        const validUntil = new Date('2030-01-01T00:00:00Z');
        expect(await tx((t) => t.samlProviders.update(ACCOUNT, arn, { samlMetadataDocument: '<b/>', validUntil }))).toMatchObject({
          samlMetadataDocument: '<b/>',
          validUntil,
        });
        expect(await tx((t) => t.samlProviders.delete(ACCOUNT, arn))).toBe(true);
      });

      it('stores a server certificate, renames it and returns its private key only on request', async () => {
        const key = secret('PRIVATE KEY');
        await tx((t) => t.serverCerts.create(serverCert('web'), key));
        const renamed = await tx((t) => t.serverCerts.update(ACCOUNT, 'WEB', { newServerCertificateName: 'www', newPath: '/cf/' }));
        expect(renamed.arn).toBe(`arn:aws:iam::${ACCOUNT}:server-certificate/cf/www`);
        expect(JSON.stringify(renamed)).not.toContain(key);
        expect(await tx((t) => t.serverCerts.getPrivateKey(ACCOUNT, 'www'))).toBe(key);
      });
    });

    describe('transactions', () => {
      it('rolls back every write when the function throws', async () => {
        const boom = new Error('boom');
        const err = await tx(async (t) => {
          await t.users.create(user('bob'));
          await t.groups.create(group('devs'));
          await t.groups.addUser(ACCOUNT, 'devs', 'bob');
          throw boom;
        }).catch((e: unknown) => e);
        expect(err).toBe(boom);
        expect(await tx((t) => t.users.get(ACCOUNT, 'bob'))).toBeUndefined();
        expect(await tx((t) => t.groups.get(ACCOUNT, 'devs'))).toBeUndefined();
      });

      it('keeps the transaction usable after a caught conflict', async () => {
        await tx(async (t) => {
          await t.users.create(user('bob'));
          await t.users.create(user('BOB')).catch(() => undefined);
          await t.users.create(user('carol'));
        });
        expect((await tx((t) => t.users.list(ACCOUNT))).map((u) => u.userName)).toEqual(['bob', 'carol']);
      });

      it('refuses writes in a read-only transaction', async () => {
        await expect(store.transaction((t) => t.users.create(user('bob')), { readOnly: true })).rejects.toBeInstanceOf(StoreReadOnlyError);
      });

      it('serializes transactions that interleave awaits', async () => {
        await tx((t) => t.users.create(user('counter', { path: '/0/' })));
        const bump = () =>
          tx(async (t) => {
            const current = (await t.users.get(ACCOUNT, 'counter'))!;
            await new Promise((resolve) => setTimeout(resolve, 5)); // yield mid-transaction
            const next = Number(current.path.slice(1, -1)) + 1;
            await t.users.update(ACCOUNT, 'counter', { newPath: `/${next}/` });
          });
        await Promise.all([bump(), bump(), bump(), bump()]);
        expect((await tx((t) => t.users.get(ACCOUNT, 'counter')))?.path).toBe('/4/');
      });

      it('does not let a failing transaction disturb one queued behind it', async () => {
        const failing = tx(async (t) => {
          await t.users.create(user('a'));
          await new Promise((resolve) => setTimeout(resolve, 5));
          throw new Error('fail');
        });
        const succeeding = tx((t) => t.users.create(user('b')));
        await expect(failing).rejects.toThrow('fail');
        await succeeding;
        expect((await tx((t) => t.users.list(ACCOUNT))).map((u) => u.userName)).toEqual(['b']);
      });

      it('throws on a nested transaction instead of deadlocking', async () => {
        await expect(tx(() => store.transaction(async () => 1))).rejects.toBeInstanceOf(StoreError);
      });

      it('refuses a StoreTx used after its transaction ended', async () => {
        let leaked: StoreTx | undefined;
        await tx(async (t) => {
          leaked = t;
        });
        await expect(leaked!.users.get(ACCOUNT, 'bob')).rejects.toBeInstanceOf(StoreError);
      });

      it('tells commit listeners which accounts and entities changed', async () => {
        const seen: ChangeSet[] = [];
        const off = store.onCommit((c) => seen.push(c));
        await tx(async (t) => {
          await t.users.create(user('bob'));
          await t.roles.create(role('app'));
          await t.attachments.attach(ACCOUNT, { principalType: 'user', principalName: 'BOB' }, policyArn('P'));
        });
        off();
        await tx((t) => t.users.create(user('carol')));
        expect(seen).toHaveLength(1);
        expect([...seen[0]!.accountIds]).toEqual([ACCOUNT]);
        expect(seen[0]!.changes).toEqual([
          { accountId: ACCOUNT, kind: 'user', name: 'bob' },
          { accountId: ACCOUNT, kind: 'role', name: 'app' },
        ]);
      });

      it('does not notify listeners of a rollback or a read', async () => {
        const seen: ChangeSet[] = [];
        store.onCommit((c) => seen.push(c));
        await tx(async (t) => {
          await t.users.create(user('bob'));
          throw new Error('no');
        }).catch(() => undefined);
        await tx((t) => t.users.list(ACCOUNT));
        expect(seen).toEqual([]);
      });
    });

    describe('durability and secrets at rest', () => {
      it('keeps committed writes across close and reopen', async (ctx) => {
        if (!h.reopen) return ctx.skip();
        const key = accessKey();
        await tx(async (t) => {
          await t.users.create(user('bob'));
          await t.accessKeys.create(key);
        });
        store = await h.reopen();
        expect(await tx((t) => t.users.get(ACCOUNT, 'bob'))).toBeDefined();
        expect((await tx((t) => t.accessKeys.get(key.accessKeyId)))?.secretAccessKey).toBe(key.secretAccessKey);
      });

      it('writes no secret in clear', async (ctx) => {
        if (!h.rawBytes) return ctx.skip();
        const key = accessKey('bob');
        const hash = secret('hash');
        const seed = secret('seed');
        const password = secret('pw');
        const privateKey = secret('pk');
        await tx(async (t) => {
          await t.users.create(user('bob'));
          await t.accessKeys.create(key);
          await t.loginProfiles.create({ accountId: ACCOUNT, userName: 'bob', createDate: T0, passwordResetRequired: false, passwordHash: hash });
          await t.mfaDevices.create({ accountId: ACCOUNT, serialNumber: `arn:aws:iam::${ACCOUNT}:mfa/m`, path: '/', name: 'm', createDate: T0, base32StringSeed: seed });
          await t.serviceSpecificCreds.create({
            accountId: ACCOUNT,
            userName: 'bob',
            serviceSpecificCredentialId: 'ACCA00000000000000009',
            serviceName: 'codecommit.amazonaws.com',
            serviceUserName: 'bob-at-1',
            status: 'Active',
            createDate: T0,
            servicePassword: password,
          });
          await t.serverCerts.create(serverCert('c'), privateKey);
        });
        const raw = (await h.rawBytes()).toString('latin1');
        expect(raw).toContain(key.accessKeyId); // the dump is real: non-secret data is visible
        for (const s of [key.secretAccessKey, hash, seed, password, privateKey]) expect(raw).not.toContain(s);
      });
    });
  });
}

function serverCert(name: string) {
  return {
    accountId: ACCOUNT,
    serverCertificateName: name,
    serverCertificateId: `ASCA${name.toUpperCase().padEnd(17, '0')}`,
    path: '/',
    arn: `arn:aws:iam::${ACCOUNT}:server-certificate/${name}`,
    certificateBody: '-----BEGIN CERTIFICATE-----',
    uploadDate: T0,
  };
}
