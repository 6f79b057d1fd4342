// The server pipeline end to end: a real listener on 127.0.0.1, the real SDK, test-only handlers.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { ActionHandler } from '../../src/api/types.js';
import { noSuchEntity } from '../../src/identity/index.js';
import { startServer } from '../../src/server/index.js';
import { createUserWithKey, errorCode, errorMessage, putUserPolicy, signedFetch, startTestServer } from './harness.js';
import type { TestServer } from './harness.js';

/** A stand-in GetUser: enough of the action to exercise authentication and authorization. */
const getUser: ActionHandler = {
  service: 'iam',
  action: 'GetUser',
  readOnly: true,
  async handle(ctx) {
    const name = ctx.params.get('UserName') ?? ctx.caller.userName;
    if (name === undefined) {
      await ctx.authorize({ action: 'iam:GetUser', resource: ctx.caller.arn });
      return { User: { UserId: ctx.caller.userId, Arn: ctx.caller.arn, CreateDate: new Date(0) } };
    }
    const user = await ctx.tx.users.get(ctx.accountId, name);
    if (!user) throw noSuchEntity(`The user with name ${name} cannot be found.`);
    const arn = `arn:${ctx.partition}:iam::${ctx.accountId}:user${user.path}${user.userName}`;
    await ctx.authorize({ action: 'iam:GetUser', resource: arn });
    return { User: { Path: user.path, UserName: user.userName, UserId: user.userId, Arn: arn, CreateDate: user.createDate } };
  },
};

const boom: ActionHandler = {
  service: 'iam',
  action: 'CastellanTestBoom',
  async handle() {
    throw new Error('secret internals at /src/somewhere.ts:12');
  },
};

const callerIdentity: ActionHandler = {
  service: 'sts',
  action: 'GetCallerIdentity',
  readOnly: true,
  async handle(ctx) {
    return { UserId: ctx.caller.userId, Account: ctx.accountId, Arn: ctx.caller.arn };
  },
};

const testHandlers = [getUser, boom, callerIdentity];

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'castellan-e2e-'));
}

describe('server pipeline', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ handlers: testHandlers });
  });
  afterAll(async () => {
    await server.close();
  });

  it('answers a root call made with the SDK', async () => {
    const out = await server.iam().send(new GetUserCommand({}));
    expect(out.User?.Arn).toBe('arn:aws:iam::000000000000:root');
    expect(out.$metadata.requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('sends the request id in the body and the x-amzn-RequestId header', async () => {
    const res = await signedFetch(server);
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/xml');
    expect(text).toContain(`<RequestId>${res.headers.get('x-amzn-requestid')}</RequestId>`);
    expect(text.startsWith('<GetUserResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GetUserResult>')).toBe(true);
  });

  it('refuses an unsigned request with MissingAuthenticationToken', async () => {
    const res = await fetch(server.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=GetUser&Version=2010-05-08',
    });
    const text = await res.text();
    expect(res.status).toBe(403);
    expect(errorCode(text)).toBe('MissingAuthenticationToken');
    expect(errorMessage(text)).toBe('Request is missing Authentication Token');
  });

  it('refuses an unknown access key with InvalidClientTokenId', async () => {
    const client = server.iam({ accessKeyId: 'AKIAAAAAAAAAAAAAAAAA', secretAccessKey: 'x'.repeat(40) });
    await expect(client.send(new GetUserCommand({}))).rejects.toMatchObject({
      name: 'InvalidClientTokenId',
      message: 'The security token included in the request is invalid.',
      $metadata: { httpStatusCode: 403 },
    });
  });

  it('refuses a wrong secret with SignatureDoesNotMatch', async () => {
    const client = server.iam({ accessKeyId: server.rootCredentials.accessKeyId, secretAccessKey: 'y'.repeat(40) });
    await expect(client.send(new GetUserCommand({}))).rejects.toMatchObject({
      name: 'SignatureDoesNotMatch',
      $metadata: { httpStatusCode: 403 },
    });
  });

  it('refuses a signature older than 15 minutes', async () => {
    const res = await signedFetch(server, { date: new Date(Date.now() - 20 * 60_000) });
    const text = await res.text();
    expect(res.status).toBe(403);
    expect(errorCode(text)).toBe('SignatureDoesNotMatch');
    expect(errorMessage(text)).toMatch(/^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)$/);
  });

  it('reports a malformed Authorization header as IncompleteSignature', async () => {
    const res = await fetch(server.endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: 'AWS4-HMAC-SHA256 Credential=AKIAAAAAAAAAAAAAAAAA/20250101/us-east-1/iam/aws4_request',
        'x-amz-date': '20250101T000000Z',
      },
      body: 'Action=GetUser&Version=2010-05-08',
    });
    const text = await res.text();
    expect(res.status).toBe(400);
    expect(errorCode(text)).toBe('IncompleteSignature');
  });

  it('reports an unknown action as InvalidAction with AWS wording', async () => {
    const res = await signedFetch(server, { body: 'Action=NoSuchThing&Version=2010-05-08' });
    const text = await res.text();
    expect(res.status).toBe(400);
    expect(errorCode(text)).toBe('InvalidAction');
    expect(errorMessage(text)).toBe('Could not find operation NoSuchThing for version 2010-05-08');
  });

  it('reports a wrong Version as InvalidAction', async () => {
    const res = await signedFetch(server, { body: 'Action=GetUser&Version=2011-06-15' });
    expect(errorMessage(await res.text())).toBe('Could not find operation GetUser for version 2011-06-15');
  });

  it('reports a missing Action as MissingAction', async () => {
    const res = await signedFetch(server, { body: 'Version=2010-05-08' });
    const text = await res.text();
    expect(res.status).toBe(400);
    expect(errorCode(text)).toBe('MissingAction');
  });

  it('reports a broken percent-escape as MalformedQueryString', async () => {
    const res = await signedFetch(server, { body: 'Action=GetUser&Version=2010-05-08&UserName=%ZZ' });
    const text = await res.text();
    expect(errorCode(text)).toBe('MalformedQueryString');
    expect(res.status).toBe(404);
  });

  it('accepts a presigned GET', async () => {
    const res = await signedFetch(server, {
      method: 'GET',
      query: { Action: 'GetUser', Version: '2010-05-08' },
      presign: { expiresIn: 300 },
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<Arn>arn:aws:iam::000000000000:root</Arn>');
  });

  it('answers an unexpected failure with InternalFailure and no internals', async () => {
    const res = await signedFetch(server, { body: 'Action=CastellanTestBoom&Version=2010-05-08' });
    const text = await res.text();
    expect(res.status).toBe(500);
    expect(errorCode(text)).toBe('InternalFailure');
    expect(text).toContain('<Type>Receiver</Type>');
    expect(text).not.toContain('secret internals');
    expect(text).not.toContain('.ts');
  });

  it('forms ARNs in the partition of the signing region', async () => {
    const out = await server.iam(undefined, { region: 'cn-north-1' }).send(new GetUserCommand({}));
    expect(out.User?.Arn).toBe('arn:aws-cn:iam::000000000000:root');
  });

  it('answers STS in JSON when asked with Accept: application/json', async () => {
    const res = await signedFetch(server, {
      service: 'sts',
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
      headers: { accept: 'application/json' },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { GetCallerIdentityResponse: { GetCallerIdentityResult: { Arn: string } } };
    expect(body.GetCallerIdentityResponse.GetCallerIdentityResult.Arn).toBe('arn:aws:iam::000000000000:root');
  });

  it('answers STS in XML to the SDK', async () => {
    const out = await server.sts().send(new GetCallerIdentityCommand({}));
    expect(out.Account).toBe('000000000000');
  });

  it('reports health', async () => {
    const res = await fetch(`${server.endpoint}/_castellan/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('records one audit event per request, with no secret', async () => {
    server.audit.clear();
    await server.iam().send(new GetUserCommand({}));
    await signedFetch(server, { body: 'Action=NoSuchThing&Version=2010-05-08&NewPassword=hunter2hunter2' });
    const events = server.audit.events();
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({
      eventSource: 'iam.amazonaws.com',
      eventName: 'GetUser',
      awsRegion: 'us-east-1',
      sourceIPAddress: '127.0.0.1',
      userIdentity: { type: 'Root', arn: 'arn:aws:iam::000000000000:root', accountId: '000000000000' },
    });
    expect(events[1]).toMatchObject({ errorCode: 'InvalidAction', requestParameters: { NewPassword: 'HIDDEN_DUE_TO_SECURITY_REASONS' } });
    const text = JSON.stringify(events);
    expect(text).not.toContain(server.rootCredentials.secretAccessKey);
    expect(text).not.toContain('hunter2');
  });
});

describe('enforcement', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ handlers: testHandlers });
  });
  afterAll(async () => {
    await server.close();
  });

  it('denies a user without policies with AWS AccessDenied message', async () => {
    const key = await createUserWithKey(server, 'nopolicy');
    await expect(server.iam(key).send(new GetUserCommand({ UserName: 'nopolicy' }))).rejects.toMatchObject({
      name: 'AccessDenied',
      message:
        'User: arn:aws:iam::000000000000:user/nopolicy is not authorized to perform: iam:GetUser on resource: ' +
        'arn:aws:iam::000000000000:user/nopolicy because no identity-based policy allows the iam:GetUser action',
      $metadata: { httpStatusCode: 403 },
    });
  });

  it('puts a policy change in force for the next request', async () => {
    const key = await createUserWithKey(server, 'alice');
    const iam = server.iam(key);
    await expect(iam.send(new GetUserCommand({}))).rejects.toMatchObject({ name: 'AccessDenied' });
    await putUserPolicy(server, 'alice', 'self', {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'iam:GetUser', Resource: 'arn:aws:iam::*:user/${aws:username}' }],
    });
    expect((await iam.send(new GetUserCommand({}))).User?.UserName).toBe('alice');
    await putUserPolicy(server, 'alice', 'deny', {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Deny', Action: 'iam:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }],
    });
    await expect(iam.send(new GetUserCommand({}))).rejects.toMatchObject({
      name: 'AccessDenied',
      message: expect.stringContaining('with an explicit deny in a identity-based policy'),
    });
  });

  it('refuses an inactive key and a deleted user as InvalidClientTokenId', async () => {
    const key = await createUserWithKey(server, 'carol');
    await putUserPolicy(server, 'carol', 'all', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
    const iam = server.iam(key);
    await iam.send(new GetUserCommand({}));
    await server.store.transaction((tx) => tx.accessKeys.updateStatus(server.accountId, key.accessKeyId, 'Inactive'));
    await expect(iam.send(new GetUserCommand({}))).rejects.toMatchObject({ name: 'InvalidClientTokenId' });
    await server.store.transaction((tx) => tx.accessKeys.updateStatus(server.accountId, key.accessKeyId, 'Active'));
    await iam.send(new GetUserCommand({}));
    await server.store.transaction((tx) => tx.users.delete(server.accountId, 'carol'));
    await expect(iam.send(new GetUserCommand({}))).rejects.toMatchObject({ name: 'InvalidClientTokenId' });
  });

  it('grants through an attached AWS-managed policy', async () => {
    const key = await createUserWithKey(server, 'reader');
    await server.store.transaction((tx) =>
      tx.attachments.attach(server.accountId, { principalType: 'user', principalName: 'reader' }, 'arn:aws:iam::aws:policy/IAMReadOnlyAccess'),
    );
    expect((await server.iam(key).send(new GetUserCommand({}))).User?.UserName).toBe('reader');
  });

  it('records last-used data for the key', async () => {
    const key = await createUserWithKey(server, 'dave');
    await expect(server.iam(key).send(new GetUserCommand({}))).rejects.toMatchObject({ name: 'AccessDenied' });
    await server.app.authenticator.flush();
    const stored = await server.store.transaction((tx) => tx.accessKeys.get(key.accessKeyId));
    expect(stored?.lastUsed).toMatchObject({ service: 'iam', region: 'us-east-1' });
  });

  it('resets an ephemeral store, keeping the root key', async () => {
    await createUserWithKey(server, 'temporary');
    await server.reset();
    expect(await server.store.transaction((tx) => tx.users.get(server.accountId, 'temporary'))).toBeUndefined();
    expect((await server.iam().send(new GetUserCommand({}))).User?.Arn).toBe('arn:aws:iam::000000000000:root');
  });
});

describe('framework limits and clock', () => {
  it('answers a body over the limit with an AWS-shaped error', async () => {
    const server = await startTestServer({ handlers: testHandlers, bodyLimit: 1024 });
    try {
      const res = await signedFetch(server, { body: `Action=GetUser&Version=2010-05-08&Pad=${'a'.repeat(4096)}` });
      const text = await res.text();
      expect(res.status).toBe(413);
      expect(text).toContain('<ErrorResponse');
      expect(errorCode(text)).toBe('RequestEntityTooLarge');
    } finally {
      await server.close();
    }
  });

  it('answers a chunked body over the limit with the same AWS-shaped error', async () => {
    const server = await startTestServer({ handlers: testHandlers, bodyLimit: 1024 });
    try {
      // No content-length: the limit is found while reading, not from the header.
      const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
        const req = http.request({ host: '127.0.0.1', port: server.port, method: 'POST', path: '/', headers: { 'transfer-encoding': 'chunked' } }, (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (d: string) => (text += d));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        });
        req.on('error', reject);
        req.write('Action=GetUser&Version=2010-05-08&Pad=');
        req.end('a'.repeat(4096));
      });
      expect(status).toBe(413);
      expect(errorCode(text)).toBe('RequestEntityTooLarge');
    } finally {
      await server.close();
    }
  });

  it('checks freshness against the injected clock', async () => {
    const server = await startTestServer({ handlers: testHandlers, clock: () => new Date(Date.now() + 60 * 60_000) });
    try {
      await expect(server.iam().send(new GetUserCommand({}))).rejects.toMatchObject({ name: 'SignatureDoesNotMatch' });
    } finally {
      await server.close();
    }
  });
});

describe('persistence and the real server start', () => {
  it('keeps users and the root key across a restart on a real SQLite file', async () => {
    const dir = tempDir();
    const first = await startTestServer({ handlers: testHandlers, dataDir: dir });
    const key = await createUserWithKey(first, 'persisted');
    await putUserPolicy(first, 'persisted', 'all', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
    const rootKey = first.rootCredentials;
    await first.close();
    const second = await startTestServer({ handlers: testHandlers, dataDir: dir });
    try {
      expect(second.rootCredentials).toEqual(rootKey);
      expect((await second.iam(key).send(new GetUserCommand({}))).User?.UserName).toBe('persisted');
      const res = await fetch(`${second.endpoint}/_castellan/reset`, { method: 'POST' });
      expect(res.status).toBe(404);
    } finally {
      await second.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('writes root credentials 0600 and an audit log without secrets', async () => {
    const dir = tempDir();
    const server = await startServer({ dataDir: dir, port: 0, env: {}, handlers: testHandlers });
    try {
      const file = path.join(dir, 'root-credentials');
      expect(server.root.credentialsFile).toBe(file);
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      const text = fs.readFileSync(file, 'utf8');
      expect(text).toMatch(/^\[castellan\]$/m);
      expect(text).toMatch(/^aws_access_key_id = AKIA[A-Z2-7]{16}$/m);
      const creds = server.root.credentials!;
      const client = new IAMClient({ region: 'us-east-1', endpoint: server.url, credentials: creds, maxAttempts: 1 });
      await client.send(new GetUserCommand({}));
      client.destroy();
    } finally {
      await server.close();
    }
    const audit = fs.readFileSync(path.join(dir, 'audit.log'), 'utf8');
    expect(audit.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(audit.trim())).toMatchObject({ eventName: 'GetUser', userIdentity: { type: 'Root' } });
    expect(audit).not.toContain(server.root.credentials!.secretAccessKey);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('uses the root key from the environment and refuses a conflicting secret', async () => {
    const dir = tempDir();
    const env = { CASTELLAN_ROOT_ACCESS_KEY_ID: 'AKIAENVENVENVENVENV2', CASTELLAN_ROOT_SECRET_ACCESS_KEY: 'e'.repeat(40) };
    const server = await startServer({ dataDir: dir, port: 0, env, handlers: testHandlers });
    try {
      expect(server.root.source).toBe('environment');
      expect(fs.existsSync(path.join(dir, 'root-credentials'))).toBe(false);
      const client = new IAMClient({
        region: 'us-east-1',
        endpoint: server.url,
        credentials: { accessKeyId: env.CASTELLAN_ROOT_ACCESS_KEY_ID, secretAccessKey: env.CASTELLAN_ROOT_SECRET_ACCESS_KEY },
        maxAttempts: 1,
      });
      expect((await client.send(new GetUserCommand({}))).User?.Arn).toBe('arn:aws:iam::000000000000:root');
      client.destroy();
    } finally {
      await server.close();
    }
    await expect(
      startServer({ dataDir: dir, port: 0, env: { ...env, CASTELLAN_ROOT_SECRET_ACCESS_KEY: 'f'.repeat(40) }, handlers: testHandlers }),
    ).rejects.toThrow(/exists with a different secret access key/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
