import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { authorize, PolicySetCache } from '../../../src/identity/index.js';
import type { CallerIdentity, PrincipalPolicies, RequestInfo } from '../../../src/identity/index.js';
import type { SqliteStore } from '../../../src/store/index.js';
import { ACCOUNT, addUser, allow, newStore, rootCaller, userCaller } from './helpers.js';

const request: RequestInfo = { requestId: 'r', now: new Date(), sourceIp: '127.0.0.1', secureTransport: true, region: 'us-east-1' };

function allowed(caller: CallerIdentity, policies: PrincipalPolicies, action: string, resource = '*'): boolean {
  try {
    authorize(caller, policies, { action, resource }, request);
    return true;
  } catch {
    return false;
  }
}

describe('PolicySetCache', () => {
  let store: SqliteStore;
  let cache: PolicySetCache;
  const skipped: string[] = [];
  beforeEach(async () => {
    store = await newStore();
    skipped.length = 0;
    cache = new PolicySetCache(store, { onSkippedPolicy: (info) => skipped.push(info.policy) });
  });
  afterEach(async () => {
    cache.close();
    await store.close();
  });

  const load = (caller: CallerIdentity): Promise<PrincipalPolicies> => store.transaction((tx) => cache.get(tx, caller), { readOnly: true });

  it('gives root an empty set, which the engine allows in its own account', async () => {
    const policies = await load(rootCaller);
    expect(allowed(rootCaller, policies, 'iam:DeleteUser', `arn:aws:iam::${ACCOUNT}:user/x`)).toBe(true);
  });

  it('collects user inline, attached customer, group inline and group attached policies', async () => {
    await addUser(store, 'bob');
    await store.transaction(async (tx) => {
      await tx.inlinePolicies.put({ accountId: ACCOUNT, principalType: 'user', principalName: 'bob', policyName: 'inline', document: allow('iam:GetUser') });
      const p = await tx.policies.create({
        accountId: ACCOUNT,
        policyName: 'managed',
        policyId: 'ANPAAAAAAAAAAAAAAAAAA',
        arn: `arn:aws:iam::${ACCOUNT}:policy/managed`,
        path: '/',
        document: allow('iam:ListUsers'),
        createDate: new Date(),
      });
      await tx.attachments.attach(ACCOUNT, { principalType: 'user', principalName: 'bob' }, p.arn);
      await tx.groups.create({ accountId: ACCOUNT, groupName: 'devs', groupId: 'AGPAAAAAAAAAAAAAAAAAA', path: '/', arn: `arn:aws:iam::${ACCOUNT}:group/devs`, createDate: new Date() });
      await tx.groups.addUser(ACCOUNT, 'devs', 'bob');
      await tx.inlinePolicies.put({ accountId: ACCOUNT, principalType: 'group', principalName: 'devs', policyName: 'g', document: allow('iam:ListGroups') });
      await tx.attachments.attach(ACCOUNT, { principalType: 'group', principalName: 'devs' }, 'arn:aws:iam::aws:policy/IAMReadOnlyAccess');
    });
    const bob = userCaller('bob');
    const policies = await load(bob);
    for (const action of ['iam:GetUser', 'iam:ListUsers', 'iam:ListGroups', 'iam:GetRole']) expect(allowed(bob, policies, action)).toBe(true);
    expect(allowed(bob, policies, 'iam:DeleteUser')).toBe(false);
  });

  it('applies the permissions boundary', async () => {
    await addUser(store, 'bob');
    await store.transaction(async (tx) => {
      await tx.inlinePolicies.put({ accountId: ACCOUNT, principalType: 'user', principalName: 'bob', policyName: 'all', document: allow('*') });
      await tx.users.update(ACCOUNT, 'bob', { permissionsBoundaryArn: 'arn:aws:iam::aws:policy/IAMReadOnlyAccess' });
    });
    const bob = userCaller('bob');
    const policies = await load(bob);
    expect(allowed(bob, policies, 'iam:GetUser')).toBe(true);
    expect(() => authorize(bob, policies, { action: 'iam:DeleteUser', resource: '*' }, request)).toThrow(
      'User: arn:aws:iam::123456789012:user/bob is not authorized to perform: iam:DeleteUser because no permissions boundary allows the iam:DeleteUser action',
    );
  });

  it('fails closed when the permissions boundary cannot be read', async () => {
    await addUser(store, 'bob');
    await store.transaction(async (tx) => {
      await tx.inlinePolicies.put({ accountId: ACCOUNT, principalType: 'user', principalName: 'bob', policyName: 'all', document: allow('*') });
      await tx.users.update(ACCOUNT, 'bob', { permissionsBoundaryArn: `arn:aws:iam::${ACCOUNT}:policy/gone` });
    });
    const bob = userCaller('bob');
    expect(allowed(bob, await load(bob), 'iam:GetUser')).toBe(false);
    expect(skipped).toEqual([`arn:aws:iam::${ACCOUNT}:policy/gone`]);
  });

  it('skips and reports a stored document that does not parse', async () => {
    await addUser(store, 'bob');
    await store.transaction(async (tx) => {
      await tx.inlinePolicies.put({ accountId: ACCOUNT, principalType: 'user', principalName: 'bob', policyName: 'broken', document: '{not json' });
      await tx.inlinePolicies.put({ accountId: ACCOUNT, principalType: 'user', principalName: 'bob', policyName: 'good', document: allow('iam:GetUser') });
    });
    const bob = userCaller('bob');
    const policies = await load(bob);
    expect(skipped).toEqual(['broken']);
    expect(allowed(bob, policies, 'iam:GetUser')).toBe(true);
  });

  it('caches per principal and rebuilds after a commit in the account', async () => {
    await addUser(store, 'bob');
    const bob = userCaller('bob');
    const first = await load(bob);
    expect(await load(bob)).toBe(first);
    expect(cache.peek(bob)).toBe(first);
    await store.transaction((tx) =>
      tx.inlinePolicies.put({ accountId: ACCOUNT, principalType: 'user', principalName: 'bob', policyName: 'p', document: allow('iam:GetUser') }),
    );
    expect(cache.peek(bob)).toBeUndefined();
    expect(allowed(bob, await load(bob), 'iam:GetUser')).toBe(true);
  });

  it('carries the user tags for aws:PrincipalTag', async () => {
    await addUser(store, 'bob');
    await store.transaction(async (tx) => {
      await tx.tags.set({ kind: 'user', accountId: ACCOUNT, name: 'bob' }, [{ Key: 'team', Value: 'blue' }]);
      await tx.inlinePolicies.put({
        accountId: ACCOUNT,
        principalType: 'user',
        principalName: 'bob',
        policyName: 'p',
        document: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'blue' } } }],
        }),
      });
    });
    const bob = userCaller('bob');
    const policies = await load(bob);
    expect(policies.principalTags).toEqual([{ Key: 'team', Value: 'blue' }]);
    expect(allowed(bob, policies, 'iam:GetUser')).toBe(true);
  });

  it('gives a deleted user an empty set', async () => {
    const ghost = userCaller('ghost');
    expect(allowed(ghost, await load(ghost), 'iam:GetUser')).toBe(false);
  });
});
