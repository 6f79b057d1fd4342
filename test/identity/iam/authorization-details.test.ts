// GetAccountAuthorizationDetails' combined list and the details read for each entry.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  expandAuthorizationEntries,
  listAuthorizationEntries,
} from '../../../src/identity/iam/authorization-details.js';
import { openStore } from '../../../src/store/index.js';
import type { Store, StoreTx } from '../../../src/store/index.js';
import { ACCOUNT, DOC, account, group, instanceProfile, policy, policyArn, role, user } from '../../store/fixtures.js';

let store: Store;
const run = <T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> => store.transaction(fn);
const READ_ONLY = 'arn:aws:iam::aws:policy/ReadOnlyAccess';

beforeEach(async () => {
  store = await openStore({ ephemeral: true, env: {} });
  await run(async (tx) => {
    await tx.accounts.create(account());
    await tx.users.create(user('bob'));
    await tx.users.create({ ...user('alice'), permissionsBoundaryArn: policyArn('Boundary') });
    await tx.groups.create(group('devs'));
    await tx.groups.addUser(ACCOUNT, 'devs', 'alice');
    await tx.roles.create(role('app'));
    await tx.policies.create(policy('Read'));
    await tx.policies.create(policy('Boundary'));
    await tx.inlinePolicies.put({ accountId: ACCOUNT, principalType: 'user', principalName: 'alice', policyName: 'inline', document: DOC });
    await tx.attachments.attach(ACCOUNT, { principalType: 'user', principalName: 'alice' }, policyArn('Read'));
    await tx.attachments.attach(ACCOUNT, { principalType: 'role', principalName: 'app' }, READ_ONLY);
    await tx.instanceProfiles.create(instanceProfile('app-profile'));
    await tx.instanceProfiles.addRole(ACCOUNT, 'app-profile', 'app');
    await tx.tags.set({ kind: 'role', accountId: ACCOUNT, name: 'app' }, [{ Key: 'team', Value: 'core' }]);
  });
});
afterEach(() => store.close());

describe('the combined list', () => {
  it('orders users, groups, roles, then policies, each by name', async () => {
    const entries = await run((tx) => listAuthorizationEntries(tx, ACCOUNT));
    expect(entries.map((e) => e.kind)).toEqual(['user', 'user', 'group', 'role', 'policy', 'policy', 'policy']);
    expect(entries.slice(0, 2).map((e) => (e.kind === 'user' ? e.user.userName : ''))).toEqual(['alice', 'bob']);
  });

  it('lists an AWS-managed policy only because it is attached', async () => {
    const entries = await run((tx) => listAuthorizationEntries(tx, ACCOUNT, ['AWSManagedPolicy']));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ kind: 'policy', arn: READ_ONLY, awsManaged: true });
  });

  it('keeps only what the filter names', async () => {
    const entries = await run((tx) => listAuthorizationEntries(tx, ACCOUNT, ['Role', 'LocalManagedPolicy']));
    expect(entries.map((e) => e.kind)).toEqual(['role', 'policy', 'policy']);
  });
});

describe('details', () => {
  it("reads a user's inline policies, groups, attachments and boundary", async () => {
    const d = await run(async (tx) => expandAuthorizationEntries(tx, ACCOUNT, await listAuthorizationEntries(tx, ACCOUNT, ['User'])));
    const alice = d.users.find((u) => u.user.userName === 'alice')!;
    expect(alice.inlinePolicies).toEqual([{ policyName: 'inline', document: DOC }]);
    expect(alice.groups).toEqual(['devs']);
    expect(alice.attached).toEqual([{ policyName: 'Read', policyArn: policyArn('Read') }]);
    expect(alice.user.permissionsBoundaryArn).toBe(policyArn('Boundary'));
  });

  it("reads a role's instance profiles (with their roles), attachments and tags", async () => {
    const d = await run(async (tx) => expandAuthorizationEntries(tx, ACCOUNT, await listAuthorizationEntries(tx, ACCOUNT, ['Role'])));
    const app = d.roles[0]!;
    expect(app.instanceProfiles.map((p) => p.profile.instanceProfileName)).toEqual(['app-profile']);
    expect(app.instanceProfiles[0]!.roles.map((r) => r.roleName)).toEqual(['app']);
    expect(app.attached).toEqual([{ policyName: 'ReadOnlyAccess', policyArn: READ_ONLY }]);
    expect(app.tags).toEqual([{ Key: 'team', Value: 'core' }]);
  });

  it('reads customer policies with their versions and usage counts', async () => {
    const d = await run(async (tx) =>
      expandAuthorizationEntries(tx, ACCOUNT, await listAuthorizationEntries(tx, ACCOUNT, ['LocalManagedPolicy'])),
    );
    const boundary = d.policies.find((p) => p.policy.policyName === 'Boundary')!;
    expect(boundary.policy.permissionsBoundaryUsageCount).toBe(1);
    expect(boundary.versions.map((v) => v.versionId)).toEqual(['v1']);
    const read = d.policies.find((p) => p.policy.policyName === 'Read')!;
    expect(read.policy.attachmentCount).toBe(1);
  });

  it("reads an AWS-managed policy's default version and its attachment count in the account", async () => {
    const d = await run(async (tx) =>
      expandAuthorizationEntries(tx, ACCOUNT, await listAuthorizationEntries(tx, ACCOUNT, ['AWSManagedPolicy'])),
    );
    const [ro] = d.policies;
    expect(ro!.policy).toMatchObject({ policyName: 'ReadOnlyAccess', arn: READ_ONLY, attachmentCount: 1, isAttachable: true });
    expect(ro!.versions).toHaveLength(1);
    expect(ro!.versions[0]!.isDefaultVersion).toBe(true);
    expect(JSON.parse(ro!.versions[0]!.document)).toHaveProperty('Statement');
  });
});
