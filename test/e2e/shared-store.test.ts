// Several server processes on one SQLite file (`castellan serve --workers N`): a change made through one is in
// force on the next request any other answers. Two servers in one test process hold two connections, as two
// processes would.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeleteAccessKeyCommand, DeleteUserPolicyCommand, GetUserCommand, ListUsersCommand } from '@aws-sdk/client-iam';
import { createUserWithKey, putUserPolicy, startTestServer } from './harness.js';
import type { TestServer } from './harness.js';

const ALLOW_GET_USER = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' }] };

describe('two servers sharing one data directory', () => {
  let dir: string;
  let a: TestServer;
  let b: TestServer;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'castellan-shared-'));
    a = await startTestServer({ dataDir: dir });
    b = await startTestServer({ dataDir: dir, rootCredentials: a.rootCredentials });
  });

  afterAll(async () => {
    await a.close();
    await b.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('sees an entity created through the other server', async () => {
    await b.iam().send(new ListUsersCommand({}));
    await createUserWithKey(a, 'made-on-a');
    const users = await b.iam().send(new ListUsersCommand({}));
    expect(users.Users?.map((u) => u.UserName)).toContain('made-on-a');
  });

  it('enforces a policy granted through the other server on the next request', async () => {
    const key = await createUserWithKey(a, 'granted');
    // a caches the user's (empty) policy set by denying once.
    await expect(a.iam(key).send(new GetUserCommand({}))).rejects.toMatchObject({ name: 'AccessDenied' });
    await putUserPolicy(b, 'granted', 'get-user', ALLOW_GET_USER);
    expect((await a.iam(key).send(new GetUserCommand({}))).User?.UserName).toBe('granted');
  });

  it('stops honouring a policy revoked through the other server on the next request', async () => {
    const key = await createUserWithKey(a, 'revoked');
    await putUserPolicy(a, 'revoked', 'get-user', ALLOW_GET_USER);
    expect((await a.iam(key).send(new GetUserCommand({}))).User?.UserName).toBe('revoked');
    await b.iam().send(new DeleteUserPolicyCommand({ UserName: 'revoked', PolicyName: 'get-user' }));
    await expect(a.iam(key).send(new GetUserCommand({}))).rejects.toMatchObject({ name: 'AccessDenied' });
  });

  it('refuses an access key deleted through the other server on the next request', async () => {
    const key = await createUserWithKey(a, 'deleted-key');
    await putUserPolicy(a, 'deleted-key', 'get-user', ALLOW_GET_USER);
    expect((await a.iam(key).send(new GetUserCommand({}))).User?.UserName).toBe('deleted-key');
    await b.iam().send(new DeleteAccessKeyCommand({ UserName: 'deleted-key', AccessKeyId: key.accessKeyId }));
    await expect(a.iam(key).send(new GetUserCommand({}))).rejects.toMatchObject({ name: 'InvalidClientTokenId' });
  });
});
