// Users and roles named in trust policies, end to end: a real server on 127.0.0.1 driven by @aws-sdk/client-iam
// and -sts. IAM keeps such a principal by unique ID: a name that resolves to nothing is refused, a deleted
// entity shows as its ID (AIDA…/AROA…) on every read, and one created again under the same name is not trusted.
import { randomBytes } from 'node:crypto';
import {
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  DeleteRoleCommand,
  DeleteUserCommand,
  GetAccountAuthorizationDetailsCommand,
  GetRoleCommand,
  ListRolesCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import type { IAMClient } from '@aws-sdk/client-iam';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { stsHandlers } from '../../src/api/sts/index.js';
import { createAccount } from '../../src/identity/accounts.js';
import { SessionKeyring, StsSessionResolver } from '../../src/identity/sts/index.js';
import { failure, startTestServer } from './harness.js';
import type { Credentials, TestServer } from './harness.js';

const B = '222222222222';
const keyring = SessionKeyring.fromMasterKey(randomBytes(32));
let server: TestServer;
let A: string;
let iam: IAMClient;
let bRoot: Credentials;

const trust = (aws: string | string[], extra: object = {}): string =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: aws, ...extra }, Action: 'sts:AssumeRole' }] });
const roleArn = (account: string, name: string, path = '/'): string => `arn:aws:iam::${account}:role${path}${name}`;
const userArn = (account: string, name: string): string => `arn:aws:iam::${account}:user/${name}`;

/** The trust policy as GetRole returns it (the JS SDK hands back IAM's URL-encoded text). */
async function trustOf(client: IAMClient, roleName: string): Promise<string> {
  const out = await client.send(new GetRoleCommand({ RoleName: roleName }));
  return decodeURIComponent(out.Role?.AssumeRolePolicyDocument ?? '');
}

async function createRole(client: IAMClient, roleName: string, document: string, path?: string): Promise<string> {
  const out = await client.send(new CreateRoleCommand({ RoleName: roleName, AssumeRolePolicyDocument: document, ...(path && { Path: path }) }));
  return out.Role?.RoleId ?? '';
}

/** A user with an access key, made through the API. */
async function createUser(userName: string): Promise<{ userId: string; credentials: Credentials }> {
  const user = await iam.send(new CreateUserCommand({ UserName: userName }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: userName }))).AccessKey;
  if (!key?.AccessKeyId || !key.SecretAccessKey) throw new Error('no access key');
  return { userId: user.User?.UserId ?? '', credentials: { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey } };
}

async function deleteUser(userName: string, credentials: Credentials): Promise<void> {
  await iam.send(new DeleteAccessKeyCommand({ UserName: userName, AccessKeyId: credentials.accessKeyId }));
  await iam.send(new DeleteUserCommand({ UserName: userName }));
}

async function assume(credentials: Credentials, arn: string): Promise<Credentials> {
  const out = await server.sts(credentials).send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: 'e2e' }));
  const c = out.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken) throw new Error('no credentials');
  return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
}

beforeAll(async () => {
  server = await startTestServer({ extraHandlers: stsHandlers({ keyring }) });
  server.app.authenticator.setSessionResolver(new StsSessionResolver(keyring));
  A = server.accountId;
  iam = server.iam();
  const b = await createAccount(server.store, (n) => randomBytes(n), B);
  bRoot = { accessKeyId: b.accessKeyId, secretAccessKey: b.secretAccessKey };
});

beforeEach(async () => {
  await server.reset();
});

afterAll(async () => {
  await server?.close();
});

describe('a trust policy naming a user or role', () => {
  it('is refused with MalformedPolicyDocument when the role does not exist on CreateRole', async () => {
    const ghost = roleArn(A, 'Ghost', '/team/');
    expect(await failure(createRole(iam, 'Target', trust(ghost)))).toEqual({
      name: 'MalformedPolicyDocumentException',
      status: 400,
      message: `Invalid principal in policy: "AWS":"${ghost}"`,
    });
  });

  it('is refused with MalformedPolicyDocument when the user does not exist on UpdateAssumeRolePolicy', async () => {
    await createRole(iam, 'Target', trust(A));
    const ghost = userArn(A, 'ghost');
    expect(await failure(iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'Target', PolicyDocument: trust(ghost) })))).toEqual({
      name: 'MalformedPolicyDocumentException',
      status: 400,
      message: `Invalid principal in policy: "AWS":"${ghost}"`,
    });
  });

  it('shows a deleted role as its unique ID in GetRole, ListRoles and GetAccountAuthorizationDetails', async () => {
    const callerId = await createRole(iam, 'Caller', trust(A));
    await createRole(iam, 'Target', trust(roleArn(A, 'Caller')));
    await iam.send(new DeleteRoleCommand({ RoleName: 'Caller' }));
    const expected = trust(callerId);
    expect(await trustOf(iam, 'Target')).toBe(expected);
    const listed = (await iam.send(new ListRolesCommand({}))).Roles?.find((r) => r.RoleName === 'Target');
    expect(decodeURIComponent(listed?.AssumeRolePolicyDocument ?? '')).toBe(expected);
    const details = await iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Role'] }));
    const detail = details.RoleDetailList?.find((r) => r.RoleName === 'Target');
    expect(decodeURIComponent(detail?.AssumeRolePolicyDocument ?? '')).toBe(expected);
  });

  it('does not trust a role created again under the deleted role’s name', async () => {
    const alice = await createUser('alice');
    await createRole(iam, 'Caller', trust(userArn(A, 'alice')));
    await createRole(iam, 'Target', trust(roleArn(A, 'Caller')));
    // Before the deletion a Caller session may assume Target: the trust policy alone grants it.
    await assume(await assume(alice.credentials, roleArn(A, 'Caller')), roleArn(A, 'Target'));
    await iam.send(new DeleteRoleCommand({ RoleName: 'Caller' }));
    await createRole(iam, 'Caller', trust(userArn(A, 'alice')));
    const session = await assume(alice.credentials, roleArn(A, 'Caller'));
    expect(await failure(assume(session, roleArn(A, 'Target')))).toMatchObject({ name: 'AccessDenied', status: 403 });
  });

  it('does not trust a user created again under the deleted user’s name', async () => {
    const bob = await createUser('bob');
    await createRole(iam, 'Target', trust(userArn(A, 'bob')));
    await assume(bob.credentials, roleArn(A, 'Target'));
    await deleteUser('bob', bob.credentials);
    expect(await trustOf(iam, 'Target')).toBe(trust(bob.userId));
    const again = await createUser('bob');
    expect(await failure(assume(again.credentials, roleArn(A, 'Target')))).toMatchObject({ name: 'AccessDenied', status: 403 });
  });

  it('shows a deleted role as its unique ID in another hosted account’s trust policies too', async () => {
    const callerId = await createRole(iam, 'Caller', trust(A));
    const b = server.iam(bRoot);
    await createRole(b, 'Partner', trust(roleArn(A, 'Caller')));
    await iam.send(new DeleteRoleCommand({ RoleName: 'Caller' }));
    expect(await trustOf(b, 'Partner')).toBe(trust(callerId));
  });

  it('changes only the deleted entity’s principal, leaving the rest of the document as written', async () => {
    const callerId = await createRole(iam, 'Caller', trust(A));
    await createRole(iam, 'Keep', trust(A));
    await iam.send(new CreateUserCommand({ UserName: 'Caller' }));
    await createRole(server.iam(bRoot), 'Caller', trust(A));
    // Same name as another kind, in another account, as a session; other roles, the account in both spellings.
    const others = [userArn(A, 'Caller'), roleArn(B, 'Caller'), `arn:aws:sts::${A}:assumed-role/Caller/s`, roleArn(A, 'Keep'), `arn:aws:iam::${A}:root`, A];
    const written = (aws: string): string =>
      `{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Principal": {\n        "AWS": [${[aws, ...others]
        .map((v) => `"${v}"`)
        .join(', ')}],\n        "Service": "ec2.amazonaws.com"\n      },\n      "Action": "sts:AssumeRole"\n    }\n  ]\n}`;
    await createRole(iam, 'Target', written(roleArn(A, 'Caller')));
    await iam.send(new DeleteRoleCommand({ RoleName: 'Caller' }));
    expect(await trustOf(iam, 'Target')).toBe(written(callerId));
  });

  it('may name an existing role by its unique ID, shown as the role’s ARN', async () => {
    const callerId = await createRole(iam, 'Caller', trust(A), '/team/');
    await createRole(iam, 'Target', trust(callerId));
    expect(await trustOf(iam, 'Target')).toBe(trust(roleArn(A, 'Caller', '/team/')));
  });

  it('refuses a deleted role’s unique ID when the trust policy is saved again', async () => {
    const callerId = await createRole(iam, 'Caller', trust(A));
    await createRole(iam, 'Target', trust(roleArn(A, 'Caller')));
    await iam.send(new DeleteRoleCommand({ RoleName: 'Caller' }));
    const shown = await trustOf(iam, 'Target');
    expect(await failure(iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'Target', PolicyDocument: shown })))).toEqual({
      name: 'MalformedPolicyDocumentException',
      status: 400,
      message: `Invalid principal in policy: "AWS":"${callerId}"`,
    });
  });
});
