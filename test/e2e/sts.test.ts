// STS end to end: a real server on 127.0.0.1 driven by @aws-sdk/client-sts and -iam — role assumption that
// really changes who you are, cross-account trust, external id, MFA, session policies, tags, chaining,
// expiry and forged tokens. Every refusal is checked for AWS's error code.
import { randomBytes } from 'node:crypto';
import { CreateRoleCommand, GetUserCommand, IAMClient, ListUsersCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import {
  AssumeRoleCommand,
  DecodeAuthorizationMessageCommand,
  GetAccessKeyInfoCommand,
  GetCallerIdentityCommand,
  GetFederationTokenCommand,
  GetSessionTokenCommand,
  STSClient,
} from '@aws-sdk/client-sts';
import type { AssumeRoleCommandInput } from '@aws-sdk/client-sts';
import { HOTP, Secret } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stsHandlers } from '../../src/api/sts/index.js';
import { createAccount } from '../../src/identity/accounts.js';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { SessionKeyring, StsSessionResolver } from '../../src/identity/sts/index.js';
import { createUserWithKey, putUserPolicy, startTestServer } from './harness.js';
import type { Credentials, TestServer } from './harness.js';

const B = '222222222222';
const keyring = SessionKeyring.fromMasterKey(randomBytes(32));
let server: TestServer;
let A: string;
let alice: Credentials; // may assume roles (sts:AssumeRole on *), nothing in IAM
let bRoot: Credentials;
let mfaSeed: string;

const doc = (statement: object | object[]): string => JSON.stringify({ Version: '2012-10-17', Statement: statement });
const allow = (action: string | string[], extra: object = {}): string => doc({ Effect: 'Allow', Action: action, Resource: '*', ...extra });
const trust = (principal: unknown, actions: string[] = ['sts:AssumeRole'], extra: object = {}): string =>
  doc({ Effect: 'Allow', Principal: { AWS: principal }, Action: actions, ...extra });

function sts(credentials: Credentials, systemClockOffset = 0): STSClient {
  if (systemClockOffset === 0) return server.sts(credentials);
  return new STSClient({ region: 'us-east-1', endpoint: server.endpoint, credentials, maxAttempts: 1, systemClockOffset });
}
const iam = (credentials: Credentials): IAMClient => server.iam(credentials);

async function assume(credentials: Credentials, input: Partial<AssumeRoleCommandInput> & { RoleArn: string }): Promise<Credentials> {
  const out = await sts(credentials).send(new AssumeRoleCommand({ RoleSessionName: 'e2e', ...input }));
  const c = out.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken) throw new Error('no credentials');
  return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
}

/** The refusal of a call: SDK error name (AWS's code) and message. */
async function refusal(promise: Promise<unknown>): Promise<{ name: string; message: string; status?: number }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof Error)) throw new Error('the call succeeded');
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return { name: error.name, message: error.message, ...(status !== undefined && { status }) };
}

const roleArn = (account: string, name: string): string => `arn:aws:iam::${account}:role/${name}`;

beforeAll(async () => {
  server = await startTestServer({ extraHandlers: stsHandlers({ keyring }) });
  server.app.authenticator.setSessionResolver(new StsSessionResolver(keyring));
  A = server.accountId;
  const root = iam(server.rootCredentials);
  alice = await createUserWithKey(server, 'alice');
  await putUserPolicy(server, 'alice', 'sts', allow(['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity', 'sts:GetFederationToken', 'sts:DecodeAuthorizationMessage']));
  // Admin: only through trust. ListUsers only with the session tag team=blue. Chainer: may assume again.
  await root.send(new CreateRoleCommand({ RoleName: 'Admin', AssumeRolePolicyDocument: trust(A), MaxSessionDuration: 7200 }));
  await root.send(new PutRolePolicyCommand({ RoleName: 'Admin', PolicyName: 'iam', PolicyDocument: allow(['iam:ListUsers', 'iam:GetUser', 'sts:AssumeRole']) }));
  await root.send(new CreateRoleCommand({ RoleName: 'Tagged', AssumeRolePolicyDocument: trust(A, ['sts:AssumeRole', 'sts:TagSession']) }));
  await root.send(
    new PutRolePolicyCommand({
      RoleName: 'Tagged',
      PolicyName: 'abac',
      PolicyDocument: allow('iam:ListUsers', { Condition: { StringEquals: { 'aws:PrincipalTag/team': 'blue' } } }),
    }),
  );
  await root.send(
    new CreateRoleCommand({ RoleName: 'NeedsMfa', AssumeRolePolicyDocument: trust(A, ['sts:AssumeRole'], { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }) }),
  );
  // A second account on the same server, with a role that trusts account A given an external id.
  const b = await createAccount(server.store, (n) => randomBytes(n), B);
  bRoot = { accessKeyId: b.accessKeyId, secretAccessKey: b.secretAccessKey };
  await iam(bRoot).send(
    new CreateRoleCommand({
      RoleName: 'Partner',
      AssumeRolePolicyDocument: trust(`arn:aws:iam::${A}:root`, ['sts:AssumeRole'], { Condition: { StringEquals: { 'sts:ExternalId': 'ext-4711' } } }),
    }),
  );
  await iam(bRoot).send(new PutRolePolicyCommand({ RoleName: 'Partner', PolicyName: 'read', PolicyDocument: allow('iam:ListUsers') }));
  // A virtual MFA device enabled for alice (seed known to the test, as an authenticator app would hold it).
  mfaSeed = new Secret({ size: 20 }).base32;
  const serial = `arn:aws:iam::${A}:mfa/alice`;
  await server.store.transaction(async (tx) => {
    await tx.mfaDevices.create({ accountId: A, serialNumber: serial, path: '/', name: 'alice', createDate: new Date(), base32StringSeed: mfaSeed });
    await tx.mfaDevices.enable(A, serial, 'alice', new Date());
  });
});

afterAll(async () => {
  await server?.close();
});

describe('GetCallerIdentity', () => {
  it('names root, a user and a role session as AWS does', async () => {
    expect(await sts(server.rootCredentials).send(new GetCallerIdentityCommand({}))).toMatchObject({ UserId: A, Account: A, Arn: `arn:aws:iam::${A}:root` });
    const user = await sts(alice).send(new GetCallerIdentityCommand({}));
    expect(user).toMatchObject({ Account: A, Arn: `arn:aws:iam::${A}:user/alice` });
    expect(user.UserId).toMatch(/^AIDA/);
    const session = await sts(await assume(alice, { RoleArn: roleArn(A, 'Admin'), RoleSessionName: 'me' })).send(new GetCallerIdentityCommand({}));
    expect(session.Arn).toBe(`arn:aws:sts::${A}:assumed-role/Admin/me`);
    expect(session.UserId).toMatch(/^AROA[A-Z2-7]{17}:me$/);
  });

  it('is allowed even under an explicit deny of everything', async () => {
    const denied = await createUserWithKey(server, 'denied');
    await putUserPolicy(server, 'denied', 'deny', doc({ Effect: 'Deny', Action: '*', Resource: '*' }));
    expect((await sts(denied).send(new GetCallerIdentityCommand({}))).Arn).toBe(`arn:aws:iam::${A}:user/denied`);
  });
});

describe('AssumeRole', () => {
  it('returns credentials, AssumedRoleUser and an expiry one hour ahead', async () => {
    const out = await sts(alice).send(new AssumeRoleCommand({ RoleArn: roleArn(A, 'Admin'), RoleSessionName: 'shape' }));
    expect(out.Credentials?.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(out.Credentials?.SecretAccessKey).toHaveLength(40);
    expect(out.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${A}:assumed-role/Admin/shape`);
    expect(out.AssumedRoleUser?.AssumedRoleId).toMatch(/^AROA.{17}:shape$/);
    const ms = (out.Credentials?.Expiration?.getTime() ?? 0) - Date.now();
    expect(ms).toBeGreaterThan(3590_000);
    expect(ms).toBeLessThanOrEqual(3600_000);
    expect(out.PackedPolicySize).toBeUndefined();
  });

  it('changes who you are: the session may call IAM where the user may not', async () => {
    expect((await refusal(iam(alice).send(new ListUsersCommand({})))).name).toBe('AccessDenied');
    const session = await assume(alice, { RoleArn: roleArn(A, 'Admin') });
    const users = await iam(session).send(new ListUsersCommand({}));
    expect(users.Users?.map((u) => u.UserName)).toContain('alice');
  });

  it("works with the SDK's fromTemporaryCredentials provider", async () => {
    const provider = fromTemporaryCredentials({
      masterCredentials: alice,
      params: { RoleArn: roleArn(A, 'Admin'), RoleSessionName: 'provider' },
      clientConfig: { region: 'us-east-1', endpoint: server.endpoint, maxAttempts: 1 },
    });
    const client = new IAMClient({ region: 'us-east-1', endpoint: server.endpoint, credentials: provider, maxAttempts: 1 });
    try {
      expect((await client.send(new ListUsersCommand({}))).Users?.map((u) => u.UserName)).toContain('alice');
      const who = await new STSClient({ region: 'us-east-1', endpoint: server.endpoint, credentials: provider, maxAttempts: 1 }).send(
        new GetCallerIdentityCommand({}),
      );
      expect(who.Arn).toBe(`arn:aws:sts::${A}:assumed-role/Admin/provider`);
    } finally {
      client.destroy();
    }
  });

  it('narrows the role with a session policy', async () => {
    const session = await assume(alice, { RoleArn: roleArn(A, 'Admin'), Policy: allow('iam:GetUser') });
    expect((await iam(session).send(new GetUserCommand({ UserName: 'alice' }))).User?.UserName).toBe('alice');
    const r = await refusal(iam(session).send(new ListUsersCommand({})));
    expect(r.name).toBe('AccessDenied');
    expect(r.message).toContain('session policy');
  });

  it('refuses a role that does not exist and root credentials with AccessDenied', async () => {
    const missing = await refusal(assume(alice, { RoleArn: roleArn(A, 'Missing') }));
    expect(missing).toMatchObject({ name: 'AccessDenied', status: 403 });
    expect(missing.message).toBe(`User: arn:aws:iam::${A}:user/alice is not authorized to perform: sts:AssumeRole on resource: ${roleArn(A, 'Missing')}`);
    expect(await refusal(assume(server.rootCredentials, { RoleArn: roleArn(A, 'Admin') }))).toMatchObject({
      name: 'AccessDenied',
      message: 'Roles may not be assumed by root accounts.',
    });
  });

  it('refuses a caller without sts:AssumeRole when the trust names only the account', async () => {
    const carol = await createUserWithKey(server, 'carol');
    expect((await refusal(assume(carol, { RoleArn: roleArn(A, 'Admin') }))).name).toBe('AccessDenied');
  });

  it('validates parameters with AWS wording', async () => {
    const r = await refusal(assume(alice, { RoleArn: roleArn(A, 'Admin'), RoleSessionName: 'a' }));
    expect(r).toMatchObject({
      name: 'ValidationError',
      message: "1 validation error detected: Value 'a' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2",
    });
    expect((await refusal(assume(alice, { RoleArn: roleArn(A, 'Admin'), DurationSeconds: 899 }))).name).toBe('ValidationError');
  });

  it('refuses DurationSeconds above the role MaxSessionDuration', async () => {
    expect(await refusal(assume(alice, { RoleArn: roleArn(A, 'Admin'), DurationSeconds: 7201 }))).toMatchObject({
      name: 'ValidationError',
      message: 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    });
    await expect(assume(alice, { RoleArn: roleArn(A, 'Admin'), DurationSeconds: 7200 })).resolves.toBeDefined();
  });

  it('caps role chaining at one hour', async () => {
    const session = await assume(alice, { RoleArn: roleArn(A, 'Admin') });
    expect(await refusal(assume(session, { RoleArn: roleArn(A, 'Admin'), DurationSeconds: 3601 }))).toMatchObject({
      name: 'ValidationError',
      message: 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
    });
    const chained = await sts(await assume(session, { RoleArn: roleArn(A, 'Admin'), RoleSessionName: 'hop2' })).send(new GetCallerIdentityCommand({}));
    expect(chained.Arn).toBe(`arn:aws:sts::${A}:assumed-role/Admin/hop2`);
  });

  it('needs sts:TagSession for tags, and session tags become aws:PrincipalTag', async () => {
    expect((await refusal(assume(alice, { RoleArn: roleArn(A, 'Admin'), Tags: [{ Key: 'team', Value: 'blue' }] }))).name).toBe('AccessDenied');
    const out = await sts(alice).send(new AssumeRoleCommand({ RoleArn: roleArn(A, 'Tagged'), RoleSessionName: 'blue', Tags: [{ Key: 'team', Value: 'blue' }] }));
    expect(out.PackedPolicySize).toBeGreaterThan(0);
    const c = out.Credentials!;
    const blue = { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
    await expect(iam(blue).send(new ListUsersCommand({}))).resolves.toBeDefined();
    const red = await assume(alice, { RoleArn: roleArn(A, 'Tagged'), Tags: [{ Key: 'team', Value: 'red' }] });
    expect((await refusal(iam(red).send(new ListUsersCommand({})))).name).toBe('AccessDenied');
  });

  it('refuses re-passing an inherited transitive tag key while chaining', async () => {
    await iam(server.rootCredentials).send(
      new PutRolePolicyCommand({ RoleName: 'Tagged', PolicyName: 'chain', PolicyDocument: allow(['sts:AssumeRole', 'sts:TagSession']) }),
    );
    const first = await assume(alice, { RoleArn: roleArn(A, 'Tagged'), Tags: [{ Key: 'project', Value: 'x' }], TransitiveTagKeys: ['project'] });
    const r = await refusal(assume(first, { RoleArn: roleArn(A, 'Tagged'), Tags: [{ Key: 'project', Value: 'y' }] }));
    expect(r.name).toBe('InvalidParameterValue');
    await expect(assume(first, { RoleArn: roleArn(A, 'Tagged') })).resolves.toBeDefined();
  });

  it('assumes a role of another account with its external id, and is that account afterwards', async () => {
    expect((await refusal(assume(alice, { RoleArn: roleArn(B, 'Partner') }))).name).toBe('AccessDenied');
    expect((await refusal(assume(alice, { RoleArn: roleArn(B, 'Partner'), ExternalId: 'wrong-id' }))).name).toBe('AccessDenied');
    const session = await assume(alice, { RoleArn: roleArn(B, 'Partner'), ExternalId: 'ext-4711' });
    expect((await sts(session).send(new GetCallerIdentityCommand({}))).Account).toBe(B);
    // ListUsers lists account B's users: none (only its root exists).
    expect((await iam(session).send(new ListUsersCommand({}))).Users).toEqual([]);
  });

  it('checks MFA with a real TOTP code from the device seed', async () => {
    const SerialNumber = `arn:aws:iam::${A}:mfa/alice`;
    expect((await refusal(assume(alice, { RoleArn: roleArn(A, 'NeedsMfa') }))).name).toBe('AccessDenied');
    expect(await refusal(assume(alice, { RoleArn: roleArn(A, 'NeedsMfa'), SerialNumber, TokenCode: '000000' }))).toMatchObject({
      name: 'AccessDenied',
      message: 'MultiFactorAuthentication failed with invalid MFA one time pass code.',
    });
    const TokenCode = HOTP.generate({ secret: Secret.fromBase32(mfaSeed), counter: Math.floor(Date.now() / 30_000) });
    await expect(assume(alice, { RoleArn: roleArn(A, 'NeedsMfa'), SerialNumber, TokenCode })).resolves.toBeDefined();
  });
});

describe('temporary credentials', () => {
  it('are refused with ExpiredToken once expired', async () => {
    const session = await assume(alice, { RoleArn: roleArn(A, 'Admin'), DurationSeconds: 900 });
    // The server keeps real time; the client signs as if 16 minutes had passed (SigV4 allows 5 minutes of
    // skew, so the clock of the server is moved instead: a client with an offset is refused as stale).
    const later = await startLaterServer(16 * 60_000);
    try {
      const r = await refusal(later.sts(session).send(new GetCallerIdentityCommand({})));
      expect(r.name).toBe('ExpiredToken');
      expect(r.message).toBe('The security token included in the request is expired');
    } finally {
      await later.close();
    }
  });

  it('are refused with InvalidClientTokenId when forged, swapped or missing their token', async () => {
    const one = await assume(alice, { RoleArn: roleArn(A, 'Admin') });
    const two = await assume(alice, { RoleArn: roleArn(A, 'Admin') });
    const token = one.sessionToken!;
    const forged = token.slice(0, -6) + (token.endsWith('AAAAAA') ? 'BBBBBB' : 'AAAAAA');
    for (const credentials of [
      { ...one, sessionToken: forged },
      { ...one, sessionToken: two.sessionToken! },
      { accessKeyId: one.accessKeyId, secretAccessKey: one.secretAccessKey },
    ]) {
      expect((await refusal(sts(credentials).send(new GetCallerIdentityCommand({})))).name).toBe('InvalidClientTokenId');
    }
  });
});

/** A second server on the same store and keyring whose clock runs `offsetMs` ahead (for expiry). */
async function startLaterServer(offsetMs: number): Promise<{ sts(c: Credentials): STSClient; close(): Promise<void> }> {
  const { createApp } = await import('../../src/server/index.js');
  const app = createApp({
    store: server.store,
    handlers: server.handlers,
    clock: () => new Date(Date.now() + offsetMs),
    sessionResolver: new StsSessionResolver(keyring),
  });
  const port = await app.listen('127.0.0.1', 0);
  const clients: STSClient[] = [];
  return {
    sts(credentials) {
      const client = new STSClient({ region: 'us-east-1', endpoint: `http://127.0.0.1:${port}`, credentials, maxAttempts: 1, systemClockOffset: offsetMs });
      clients.push(client);
      return client;
    },
    async close() {
      for (const c of clients) c.destroy();
      await app.close();
    },
  };
}

describe('GetSessionToken and GetFederationToken', () => {
  it('GetSessionToken keeps the user as the caller and, without MFA, may not call IAM', async () => {
    const out = await sts(alice).send(new GetSessionTokenCommand({ DurationSeconds: 900 }));
    const c = out.Credentials!;
    const session = { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
    expect((await sts(session).send(new GetCallerIdentityCommand({}))).Arn).toBe(`arn:aws:iam::${A}:user/alice`);
    expect((await refusal(iam(session).send(new ListUsersCommand({})))).name).toBe('InvalidClientTokenId');
    expect(await refusal(sts(session).send(new GetSessionTokenCommand({})))).toMatchObject({
      name: 'AccessDenied',
      message: 'Cannot call GetSessionToken with session credentials',
    });
  });

  it('GetFederationToken issues a federated user limited to the session policy', async () => {
    await putUserPolicy(server, 'alice', 'read', allow(['iam:GetUser', 'iam:ListUsers']));
    const out = await sts(alice).send(new GetFederationTokenCommand({ Name: 'fed', Policy: allow('iam:GetUser') }));
    expect(out.FederatedUser).toEqual({ FederatedUserId: `${A}:fed`, Arn: `arn:aws:sts::${A}:federated-user/fed` });
    expect(out.PackedPolicySize).toBeGreaterThan(0);
    const c = out.Credentials!;
    const fed = { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
    expect(await sts(fed).send(new GetCallerIdentityCommand({}))).toMatchObject({ UserId: `${A}:fed`, Arn: `arn:aws:sts::${A}:federated-user/fed` });
    // GetFederationToken credentials may not call IAM at all.
    expect((await refusal(iam(fed).send(new GetUserCommand({ UserName: 'alice' })))).name).toBe('InvalidClientTokenId');
  });
});

describe('GetAccessKeyInfo and DecodeAuthorizationMessage', () => {
  it('GetAccessKeyInfo answers the account of a long-term key of another account and of a temporary key', async () => {
    await putUserPolicy(server, 'alice', 'keyinfo', allow('sts:GetAccessKeyInfo'));
    expect((await sts(alice).send(new GetAccessKeyInfoCommand({ AccessKeyId: bRoot.accessKeyId }))).Account).toBe(B);
    const session = await assume(alice, { RoleArn: roleArn(B, 'Partner'), ExternalId: 'ext-4711' });
    expect((await sts(alice).send(new GetAccessKeyInfoCommand({ AccessKeyId: session.accessKeyId }))).Account).toBe(B);
  });

  it('DecodeAuthorizationMessage refuses garbage with InvalidAuthorizationMessageException', async () => {
    const r = await refusal(sts(alice).send(new DecodeAuthorizationMessageCommand({ EncodedMessage: 'not-a-message' })));
    expect(r.name).toBe('InvalidAuthorizationMessageException');
  });
});
