import { randomBytes } from 'node:crypto';
import { HOTP, Secret } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../../src/identity/accounts.js';
import { authorize } from '../../../src/identity/authorize.js';
import type { AuthorizeInput, CallerIdentity, RequestInfo } from '../../../src/identity/caller.js';
import { ServiceError } from '../../../src/identity/errors.js';
import { PolicySetCache } from '../../../src/identity/policy-set.js';
import type { PrincipalPolicies } from '../../../src/identity/policy-set.js';
import { createRole } from '../../../src/identity/iam/roles.js';
import {
  SessionKeyring,
  StsSessionResolver,
  accountOfAccessKeyId,
  assumeRole,
  authorizationMessage,
  decodeAuthorizationMessage,
  encodeAuthorizationMessage,
  getAccessKeyInfo,
  getCallerIdentity,
  getFederationToken,
  getSessionToken,
  newTemporaryAccessKeyId,
  sessionBaseCaller,
  sealSession,
  sessionPolicies,
} from '../../../src/identity/sts/index.js';
import type { AssumeRoleInput, IssuedCredentials, StsContext } from '../../../src/identity/sts/index.js';
import { openStore } from '../../../src/store/index.js';
import type { Store, StoreTx } from '../../../src/store/index.js';

const A = '111111111111';
const B = '222222222222';
const keyring = SessionKeyring.fromMasterKey(randomBytes(32));
const resolver = new StsSessionResolver(keyring);
let store: Store;
let policySets: PolicySetCache;
let now = new Date('2026-03-01T12:00:00Z');

const allow = (action: string, resource = '*', extra: Record<string, unknown> = {}): string =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: resource, ...extra }] });
const trust = (principal: unknown, extra: Record<string, unknown> = {}, action: unknown = 'sts:AssumeRole'): string =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: action, ...extra }] });

function request(): RequestInfo {
  return { requestId: 'r', now, sourceIp: '127.0.0.1', secureTransport: false, region: 'us-east-1' };
}

async function policiesOf(tx: StoreTx, caller: CallerIdentity): Promise<PrincipalPolicies> {
  const base = await policySets.get(tx, sessionBaseCaller(caller));
  return caller.session ? sessionPolicies(tx, caller.session, base) : base;
}

async function run<T>(caller: CallerIdentity, body: (ctx: StsContext) => Promise<T>): Promise<T> {
  const policies = await store.transaction((tx) => policiesOf(tx, caller), { readOnly: true });
  return store.transaction((tx) =>
    body({
      tx,
      caller,
      now,
      keyring,
      random: (n) => randomBytes(n),
      authorize: async (input: AuthorizeInput) => authorize(caller, policies, input, request()),
    }),
  );
}

function userCaller(account: string, userName: string, userId: string): CallerIdentity {
  return { accountId: account, partition: 'aws', kind: 'user', arn: `arn:aws:iam::${account}:user/${userName}`, userId, userName, accessKeyId: 'AKIAEXAMPLE', temporary: false };
}
const rootCaller = (account: string): CallerIdentity => ({
  accountId: account, partition: 'aws', kind: 'root', arn: `arn:aws:iam::${account}:root`, userId: account, accessKeyId: 'AKIAROOT', temporary: false,
});

/** The caller a freshly issued credential authenticates as. */
function sessionCaller(c: IssuedCredentials): CallerIdentity {
  return resolver.resolve({ accessKeyId: c.accessKeyId, securityToken: c.sessionToken, partition: 'aws', now }).caller;
}

async function refusal(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ServiceError) return { code: err.code, message: err.message };
    throw err;
  }
  throw new Error('expected a refusal');
}

let alice: CallerIdentity; // A, may assume roles in A and B
let bob: CallerIdentity; // A, no policies
let mfaSeed: string;
const roleArn = (account: string, name: string, path = '/'): string => `arn:aws:iam::${account}:role${path}${name}`;

beforeAll(async () => {
  alice = userCaller(A, 'alice', 'AIDAALICEALICEALICE01');
  bob = userCaller(A, 'bob', 'AIDABOBBOBBOBBOBBOB01');
  store = await openStore({ ephemeral: true });
  policySets = new PolicySetCache(store);
  const random = (n: number): Uint8Array => randomBytes(n);
  await createAccount(store, random, A);
  await createAccount(store, random, B);
  await store.transaction(async (tx) => {
    for (const [name, id] of [['alice', 'AIDAALICEALICEALICE01'], ['bob', 'AIDABOBBOBBOBBOBBOB01']] as const) {
      await tx.users.create({ accountId: A, userName: name, userId: id, path: '/', arn: `arn:aws:iam::${A}:user/${name}`, createDate: now });
    }
    await tx.inlinePolicies.put({ accountId: A, principalType: 'user', principalName: 'alice', policyName: 'assume', document: allow('sts:*') });
    await tx.tags.set({ kind: 'user', accountId: A, name: 'alice' }, [{ Key: 'team', Value: 'blue' }]);
    mfaSeed = new Secret({ size: 20 }).base32;
    await tx.mfaDevices.create({ accountId: A, serialNumber: `arn:aws:iam::${A}:mfa/alice`, path: '/', name: 'alice', createDate: now, base32StringSeed: mfaSeed });
    await tx.mfaDevices.enable(A, `arn:aws:iam::${A}:mfa/alice`, 'alice', now);
    const scopeA = { accountId: A, partition: 'aws', now, random };
    const scopeB = { accountId: B, partition: 'aws', now, random };
    // Same account: trusts alice by ARN (no identity policy needed) and the account (identity policy needed).
    await createRole(tx, scopeA, { roleName: 'Direct', path: '/app/', assumeRolePolicyDocument: trust(`arn:aws:iam::${A}:user/alice`, {}, ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity']), maxSessionDuration: 7200, tags: [{ Key: 'team', Value: 'red' }, { Key: 'env', Value: 'prod' }] });
    await createRole(tx, scopeA, { roleName: 'AccountTrust', assumeRolePolicyDocument: trust(`arn:aws:iam::${A}:root`) });
    await createRole(tx, scopeA, { roleName: 'Chained', assumeRolePolicyDocument: trust(`arn:aws:iam::${A}:root`, {}, ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity']), maxSessionDuration: 43200 });
    await createRole(tx, scopeA, { roleName: 'NeedsMfa', assumeRolePolicyDocument: trust(`arn:aws:iam::${A}:root`, { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }) });
    await tx.inlinePolicies.put({ accountId: A, principalType: 'role', principalName: 'Direct', policyName: 'p', document: allow('sts:*') });
    await tx.inlinePolicies.put({ accountId: A, principalType: 'role', principalName: 'Chained', policyName: 'p', document: allow('iam:Get*') });
    // Cross account: B trusts account A with an external id.
    await createRole(tx, scopeB, { roleName: 'Partner', assumeRolePolicyDocument: trust(A, { Condition: { StringEquals: { 'sts:ExternalId': 'xyz-123' } } }) });
    await tx.policies.create({ accountId: A, policyName: 'ReadOnly', policyId: 'ANPAREADONLYREADONLY1', arn: `arn:aws:iam::${A}:policy/ReadOnly`, path: '/', document: allow('iam:GetUser'), createDate: now });
  });
});

afterAll(async () => {
  policySets.close();
  await store.close();
});

const assume = (caller: CallerIdentity, input: Partial<AssumeRoleInput> & { roleArn: string }) =>
  run(caller, (ctx) => assumeRole(ctx, { roleSessionName: 'sess', ...input }));

describe('GetCallerIdentity', () => {
  it('answers root with the account id as UserId', () => {
    expect(getCallerIdentity(rootCaller(A))).toEqual({ userId: A, account: A, arn: `arn:aws:iam::${A}:root` });
  });

  it('answers a role session with the assumed-role ARN and AROA…:session', async () => {
    const out = await assume(alice, { roleArn: roleArn(A, 'Direct', '/app/'), roleSessionName: 'who' });
    const id = getCallerIdentity(sessionCaller(out.credentials));
    expect(id.arn).toBe(`arn:aws:sts::${A}:assumed-role/Direct/who`);
    expect(id.userId).toMatch(/^AROA[A-Z2-7]{17}:who$/);
    expect(id.account).toBe(A);
  });
});

describe('AssumeRole', () => {
  it('issues ASIA credentials that carry the role account, with AssumedRoleUser and a one-hour default expiry', async () => {
    const out = await assume(alice, { roleArn: roleArn(A, 'Direct', '/app/') });
    expect(out.credentials.accessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(accountOfAccessKeyId(out.credentials.accessKeyId)).toBe(A);
    expect(out.credentials.secretAccessKey).toHaveLength(40);
    expect(out.credentials.expiration.getTime() - now.getTime()).toBe(3600_000);
    expect(out.arn).toBe(`arn:aws:sts::${A}:assumed-role/Direct/sess`);
    expect(out.assumedRoleId).toMatch(/^AROA.{17}:sess$/);
    expect(out.packedPolicySize).toBeUndefined();
  });

  it('lets a trust policy naming the user grant without an identity policy (same account)', async () => {
    const out = await assume(bob, { roleArn: roleArn(A, 'AccountTrust') }).catch((e: unknown) => e);
    expect(out).toBeInstanceOf(ServiceError);
    await store.transaction((tx) => tx.roles.update(A, 'AccountTrust', { assumeRolePolicyDocument: trust([`arn:aws:iam::${A}:root`, `arn:aws:iam::${A}:user/bob`]) }));
    await expect(assume(bob, { roleArn: roleArn(A, 'AccountTrust') })).resolves.toBeDefined();
    await store.transaction((tx) => tx.roles.update(A, 'AccountTrust', { assumeRolePolicyDocument: trust(`arn:aws:iam::${A}:root`) }));
  });

  it('requires the identity policy when the trust names only the account', async () => {
    await expect(assume(alice, { roleArn: roleArn(A, 'AccountTrust') })).resolves.toBeDefined();
    expect(await refusal(assume(bob, { roleArn: roleArn(A, 'AccountTrust') }))).toEqual({
      code: 'AccessDenied',
      message: `User: arn:aws:iam::${A}:user/bob is not authorized to perform: sts:AssumeRole on resource: ${roleArn(A, 'AccountTrust')}`,
    });
  });

  it('refuses a missing role exactly like an untrusting one', async () => {
    const missing = await refusal(assume(bob, { roleArn: roleArn(A, 'Nope') }));
    expect(missing).toEqual({ code: 'AccessDenied', message: `User: arn:aws:iam::${A}:user/bob is not authorized to perform: sts:AssumeRole on resource: ${roleArn(A, 'Nope')}` });
  });

  it('refuses a role ARN with the wrong path', async () => {
    expect((await refusal(assume(alice, { roleArn: roleArn(A, 'Direct') }))).code).toBe('AccessDenied');
  });

  it('refuses root credentials with AWS wording', async () => {
    expect(await refusal(assume(rootCaller(A), { roleArn: roleArn(A, 'AccountTrust') }))).toEqual({
      code: 'AccessDenied',
      message: 'Roles may not be assumed by root accounts.',
    });
  });

  it('assumes a role of another account only with the right external id', async () => {
    expect((await refusal(assume(alice, { roleArn: roleArn(B, 'Partner') }))).code).toBe('AccessDenied');
    expect((await refusal(assume(alice, { roleArn: roleArn(B, 'Partner'), externalId: 'wrong-1' }))).code).toBe('AccessDenied');
    const out = await assume(alice, { roleArn: roleArn(B, 'Partner'), externalId: 'xyz-123' });
    expect(out.arn).toBe(`arn:aws:sts::${B}:assumed-role/Partner/sess`);
    expect(accountOfAccessKeyId(out.credentials.accessKeyId)).toBe(B);
  });

  it('needs the caller identity policy cross-account even when the trust allows', async () => {
    await store.transaction((tx) => tx.roles.update(B, 'Partner', { assumeRolePolicyDocument: trust([A, `arn:aws:iam::${A}:user/bob`]) }));
    expect((await refusal(assume(bob, { roleArn: roleArn(B, 'Partner') }))).code).toBe('AccessDenied');
    await store.transaction((tx) =>
      tx.roles.update(B, 'Partner', { assumeRolePolicyDocument: trust(A, { Condition: { StringEquals: { 'sts:ExternalId': 'xyz-123' } } }) }),
    );
  });

  it('honours DurationSeconds up to the role MaxSessionDuration', async () => {
    const out = await assume(alice, { roleArn: roleArn(A, 'Direct', '/app/'), durationSeconds: 7200 });
    expect(out.credentials.expiration.getTime() - now.getTime()).toBe(7200_000);
    expect(await refusal(assume(alice, { roleArn: roleArn(A, 'Direct', '/app/'), durationSeconds: 7201 }))).toEqual({
      code: 'ValidationError',
      message: 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    });
  });

  it('caps role chaining at one hour', async () => {
    const first = await assume(alice, { roleArn: roleArn(A, 'Direct', '/app/') });
    const session = sessionCaller(first.credentials);
    expect(await refusal(assume(session, { roleArn: roleArn(A, 'Chained'), durationSeconds: 3601 }))).toEqual({
      code: 'ValidationError',
      message: 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
    });
    const chained = await assume(session, { roleArn: roleArn(A, 'Chained'), durationSeconds: 3600 });
    expect(chained.credentials.claims.chained).toBe(true);
  });

  it('carries transitive tags and SourceIdentity through chaining and refuses re-passing or changing them', async () => {
    const first = await assume(alice, {
      roleArn: roleArn(A, 'Direct', '/app/'),
      tags: [{ Key: 'project', Value: 'x' }, { Key: 'team', Value: 'green' }],
      transitiveTagKeys: ['project'],
      sourceIdentity: 'alice@example.com',
    });
    expect(first.sourceIdentity).toBe('alice@example.com');
    expect(first.packedPolicySize).toBeGreaterThan(0);
    const session = sessionCaller(first.credentials);
    const second = await assume(session, { roleArn: roleArn(A, 'Chained') });
    expect(second.credentials.claims.tags).toEqual([{ Key: 'project', Value: 'x' }]);
    expect(second.credentials.claims.transitiveTagKeys).toEqual(['project']);
    expect(second.sourceIdentity).toBe('alice@example.com');
    expect(await refusal(assume(session, { roleArn: roleArn(A, 'Chained'), tags: [{ Key: 'Project', Value: 'y' }] }))).toEqual({
      code: 'InvalidParameterValue',
      message: "One of the specified transitive tag keys can't be set because it conflicts with a transitive tag key from the calling session.",
    });
    expect((await refusal(assume(session, { roleArn: roleArn(A, 'Chained'), sourceIdentity: 'mallory' }))).code).toBe('AccessDenied');
  });

  it('requires every transitive key among the passed tags', async () => {
    expect(await refusal(assume(alice, { roleArn: roleArn(A, 'Direct', '/app/'), tags: [{ Key: 'a', Value: '1' }], transitiveTagKeys: ['b'] }))).toEqual({
      code: 'InvalidParameterValue',
      message: 'The specified transitive tag key must be included in the requested tags.',
    });
  });

  it('needs sts:TagSession in the trust policy to pass tags', async () => {
    const r = await refusal(assume(alice, { roleArn: roleArn(A, 'AccountTrust'), tags: [{ Key: 'a', Value: '1' }] }));
    expect(r).toEqual({ code: 'AccessDenied', message: `User: arn:aws:iam::${A}:user/alice is not authorized to perform: sts:TagSession on resource: ${roleArn(A, 'AccountTrust')}` });
  });

  it('needs sts:SetSourceIdentity in the trust policy to set a source identity', async () => {
    expect((await refusal(assume(alice, { roleArn: roleArn(A, 'AccountTrust'), sourceIdentity: 'alice' }))).message).toContain('sts:SetSourceIdentity');
  });

  it('checks MFA against the caller device and exposes it to the trust policy', async () => {
    const serialNumber = `arn:aws:iam::${A}:mfa/alice`;
    expect((await refusal(assume(alice, { roleArn: roleArn(A, 'NeedsMfa') }))).code).toBe('AccessDenied');
    expect(await refusal(assume(alice, { roleArn: roleArn(A, 'NeedsMfa'), serialNumber, tokenCode: '000000' }))).toEqual({
      code: 'AccessDenied',
      message: 'MultiFactorAuthentication failed with invalid MFA one time pass code.',
    });
    expect((await refusal(assume(alice, { roleArn: roleArn(A, 'NeedsMfa'), serialNumber: `arn:aws:iam::${A}:mfa/bob`, tokenCode: '123456' }))).message).toContain(
      'unable to validate MFA code',
    );
    expect((await refusal(assume(alice, { roleArn: roleArn(A, 'NeedsMfa'), serialNumber }))).message).toContain('must provide both');
    const tokenCode = HOTP.generate({ secret: Secret.fromBase32(mfaSeed), counter: Math.floor(now.getTime() / 30_000) });
    const out = await assume(alice, { roleArn: roleArn(A, 'NeedsMfa'), serialNumber, tokenCode });
    expect(out.credentials.claims.mfaAuthTime).toBe(Math.floor(now.getTime() / 1000));
  });

  it('validates the inline session policy as a session policy', async () => {
    const r = await refusal(assume(alice, { roleArn: roleArn(A, 'Direct', '/app/'), policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow"}]}' }));
    expect(r.code).toBe('MalformedPolicyDocument');
  });

  it('refuses a session policy ARN that does not exist', async () => {
    const r = await refusal(assume(alice, { roleArn: roleArn(A, 'Direct', '/app/'), policyArns: [`arn:aws:iam::${A}:policy/Missing`] }));
    expect(r.code).toBe('InvalidParameterValue');
  });

  it('reports PackedPolicySize and refuses a packed policy over 100%', async () => {
    const small = await assume(alice, { roleArn: roleArn(A, 'Direct', '/app/'), policy: allow('s3:GetObject') });
    expect(small.packedPolicySize).toBeGreaterThan(0);
    expect(small.packedPolicySize).toBeLessThan(20);
    const actions = Array.from({ length: 80 }, (_, i) => `service${i}:Action${(i * 7919) % 1000}`);
    const r = await refusal(assume(alice, { roleArn: roleArn(A, 'Direct', '/app/'), policy: allow(actions as unknown as string) }));
    expect(r.code).toBe('PackedPolicyTooLarge');
    expect(r.message).toMatch(/^Packed policy consumes \d+% of allotted space, please use smaller policy\.$/);
  });
});

describe('role-session authorization', () => {
  it('uses the role policies, narrowed by session policies, with session tags over role tags', async () => {
    const out = await assume(alice, {
      roleArn: roleArn(A, 'Chained'),
      policyArns: [`arn:aws:iam::${A}:policy/ReadOnly`],
      tags: [{ Key: 'team', Value: 'green' }],
    });
    const caller = sessionCaller(out.credentials);
    expect(caller.roleArn).toBe(roleArn(A, 'Chained'));
    const policies = await store.transaction((tx) => policiesOf(tx, caller));
    expect(policies.principalTags).toEqual([{ Key: 'team', Value: 'green' }]);
    expect(() => authorize(caller, policies, { action: 'iam:GetUser', resource: `arn:aws:iam::${A}:user/bob` }, request())).not.toThrow();
    // The role allows iam:GetRole, the session policy does not.
    expect(() => authorize(caller, policies, { action: 'iam:GetRole', resource: roleArn(A, 'Chained') }, request())).toThrow(/session policy/);
    // The role does not allow iam:CreateUser.
    expect(() => authorize(caller, policies, { action: 'iam:CreateUser', resource: `arn:aws:iam::${A}:user/x` }, request())).toThrow(ServiceError);
  });

  it('revokes sessions issued before a Deny on aws:TokenIssueTime', async () => {
    const out = await assume(alice, { roleArn: roleArn(A, 'Chained') });
    const caller = sessionCaller(out.credentials);
    const revoke = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Deny', Action: '*', Resource: '*', Condition: { DateLessThan: { 'aws:TokenIssueTime': new Date(now.getTime() + 1000).toISOString() } } }],
    });
    await store.transaction((tx) => tx.inlinePolicies.put({ accountId: A, principalType: 'role', principalName: 'Chained', policyName: 'revoke', document: revoke }));
    const policies = await store.transaction((tx) => policiesOf(tx, caller));
    expect(() => authorize(caller, policies, { action: 'iam:GetRole', resource: roleArn(A, 'Chained') }, request())).toThrow(/explicit deny/);
    await store.transaction((tx) => tx.inlinePolicies.delete(A, { principalType: 'role', principalName: 'Chained' }, 'revoke'));
  });
});

describe('temporary credential verification', () => {
  it('refuses an expired token with ExpiredToken', async () => {
    const out = await assume(alice, { roleArn: roleArn(A, 'Direct', '/app/'), durationSeconds: 900 });
    const later = new Date(now.getTime() + 900_000);
    expect(() => resolver.resolve({ accessKeyId: out.credentials.accessKeyId, securityToken: out.credentials.sessionToken, partition: 'aws', now: later })).toThrow(
      expect.objectContaining({ code: 'ExpiredToken', message: 'The security token included in the request is expired' }),
    );
  });

  it('refuses a temporary key without its token, with another session token, or a forged one', async () => {
    const one = await assume(alice, { roleArn: roleArn(A, 'Direct', '/app/') });
    const two = await assume(alice, { roleArn: roleArn(A, 'Direct', '/app/') });
    const invalid = expect.objectContaining({ code: 'InvalidClientTokenId' });
    const resolve = (securityToken: string | undefined) => () =>
      resolver.resolve({ accessKeyId: one.credentials.accessKeyId, securityToken, partition: 'aws', now });
    expect(resolve(undefined)).toThrow(invalid);
    expect(resolve(two.credentials.sessionToken)).toThrow(invalid);
    const token = one.credentials.sessionToken;
    expect(resolve(token.slice(0, -4) + (token.endsWith('AAAA') ? 'BBBB' : 'AAAA'))).toThrow(invalid);
    expect(resolve(sessionTokenOf(SessionKeyring.fromMasterKey(randomBytes(32)), one.credentials))).toThrow(invalid);
  });
});

/** The same claims sealed under a key this server does not have (with the same key id). */
function sessionTokenOf(other: SessionKeyring, c: IssuedCredentials): string {
  return sealSession(c.claims, other);
}

describe('GetSessionToken', () => {
  it('gives an IAM user a 12-hour session as itself, MFA recorded', async () => {
    const serialNumber = `arn:aws:iam::${A}:mfa/alice`;
    const tokenCode = HOTP.generate({ secret: Secret.fromBase32(mfaSeed), counter: Math.floor(now.getTime() / 30_000) });
    const c = await run(alice, (ctx) => getSessionToken(ctx, { serialNumber, tokenCode }));
    expect(c.expiration.getTime() - now.getTime()).toBe(43_200_000);
    const caller = sessionCaller(c);
    expect(getCallerIdentity(caller)).toEqual({ userId: 'AIDAALICEALICEALICE01', account: A, arn: `arn:aws:iam::${A}:user/alice` });
    expect(caller.session?.mfaAuthTime).toBe(Math.floor(now.getTime() / 1000));
  });

  it('caps root sessions at one hour', async () => {
    const c = await run(rootCaller(A), (ctx) => getSessionToken(ctx, { durationSeconds: 7200 }));
    expect(c.expiration.getTime() - now.getTime()).toBe(3_600_000);
  });

  it('refuses session credentials', async () => {
    const c = await run(alice, (ctx) => getSessionToken(ctx, {}));
    expect(await refusal(run(sessionCaller(c), (ctx) => getSessionToken(ctx, {})))).toEqual({
      code: 'AccessDenied',
      message: 'Cannot call GetSessionToken with session credentials',
    });
  });
});

describe('GetFederationToken', () => {
  it('issues a federated user whose permissions are the intersection with the session policy', async () => {
    await store.transaction((tx) =>
      tx.inlinePolicies.put({ accountId: A, principalType: 'user', principalName: 'alice', policyName: 'iamread', document: allow('iam:Get*') }),
    );
    const out = await run(alice, (ctx) => getFederationToken(ctx, { name: 'fed-1', policy: allow('iam:GetUser') }));
    expect(out.arn).toBe(`arn:aws:sts::${A}:federated-user/fed-1`);
    expect(out.federatedUserId).toBe(`${A}:fed-1`);
    const caller = sessionCaller(out.credentials);
    expect(getCallerIdentity(caller).userId).toBe(`${A}:fed-1`);
    const policies = await store.transaction((tx) => policiesOf(tx, caller));
    expect(() => authorize(caller, policies, { action: 'iam:GetUser', resource: `arn:aws:iam::${A}:user/bob` }, request())).not.toThrow();
    expect(() => authorize(caller, policies, { action: 'iam:GetRole', resource: roleArn(A, 'Chained') }, request())).toThrow(ServiceError);
  });

  it('gives no permissions without a session policy', async () => {
    const out = await run(alice, (ctx) => getFederationToken(ctx, { name: 'fed-2' }));
    const caller = sessionCaller(out.credentials);
    const policies = await store.transaction((tx) => policiesOf(tx, caller));
    expect(() => authorize(caller, policies, { action: 'iam:GetUser', resource: `arn:aws:iam::${A}:user/bob` }, request())).toThrow(ServiceError);
  });

  it('needs sts:GetFederationToken', async () => {
    expect((await refusal(run(bob, (ctx) => getFederationToken(ctx, { name: 'fed-3' })))).code).toBe('AccessDenied');
  });
});

describe('GetAccessKeyInfo', () => {
  it('answers the account of stored long-term keys and of minted temporary keys', async () => {
    const rootKey = await store.transaction(async (tx) => (await tx.accessKeys.list(B))[0]!.accessKeyId);
    expect(await run(alice, (ctx) => getAccessKeyInfo(ctx, rootKey))).toBe(B);
    expect(await run(alice, (ctx) => getAccessKeyInfo(ctx, newTemporaryAccessKeyId('123456789012', (n) => randomBytes(n))))).toBe('123456789012');
  });
});

describe('DecodeAuthorizationMessage', () => {
  it('decodes what the server encoded and refuses garbage', async () => {
    const encoded = encodeAuthorizationMessage(
      authorizationMessage({ principalId: 'AIDAX', principalArn: 'arn:aws:iam::1:user/x', action: 'iam:CreateUser', result: { decision: 'explicitDeny' } }),
      keyring,
    );
    const decoded = JSON.parse(await run(alice, (ctx) => decodeAuthorizationMessage(ctx, encoded))) as Record<string, unknown>;
    expect(decoded).toMatchObject({ allowed: false, explicitDeny: true, context: { action: 'iam:CreateUser' } });
    expect((await refusal(run(alice, (ctx) => decodeAuthorizationMessage(ctx, 'garbage-message')))).code).toBe('InvalidAuthorizationMessageException');
    expect((await refusal(run(bob, (ctx) => decodeAuthorizationMessage(ctx, encoded)))).code).toBe('AccessDenied');
  });
});

describe('clock', () => {
  it('stays fixed for the suite', () => {
    now = new Date(now.getTime());
    expect(now.toISOString()).toBe('2026-03-01T12:00:00.000Z');
  });
});
