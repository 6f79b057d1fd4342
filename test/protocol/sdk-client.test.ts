// Requests signed by the real AWS SDK v3 client stack (middleware, Query serializer, signer) verify.
import { describe, expect, it } from 'vitest';
import { CreatePolicyCommand, CreateUserCommand, GetUserCommand, IAMClient, TagUserCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import {
  AwsError,
  checkSigV4Freshness,
  expectScope,
  mergeQuery,
  parseQueryBody,
  parseSigV4,
  verifySigV4Signature,
} from '../../src/protocol/index.js';
import type { HttpRequestParts } from '../../src/protocol/index.js';
import { AKID, SECRET, toParts } from './signing.js';

interface Captured {
  method: string;
  path: string;
  query?: Record<string, string | string[] | null>;
  headers: Record<string, string>;
  body?: unknown;
}

const credentials = { accessKeyId: AKID, secretAccessKey: SECRET };

/** A request handler that records the signed request instead of sending it. */
function capture(): { handler: { handle: (req: Captured) => Promise<never> }; last: () => HttpRequestParts } {
  let seen: Captured | undefined;
  return {
    handler: {
      handle: async (req: Captured) => {
        seen = req;
        throw new Error('captured');
      },
    },
    last: () => {
      if (!seen) throw new Error('nothing captured');
      return toParts(seen);
    },
  };
}

async function sendIam(send: (client: IAMClient) => Promise<unknown>): Promise<HttpRequestParts> {
  const cap = capture();
  const client = new IAMClient({ region: 'us-east-1', endpoint: 'http://127.0.0.1:4566', credentials, requestHandler: cap.handler, maxAttempts: 1 });
  await expect(send(client)).rejects.toThrow('captured');
  return cap.last();
}

function verifyAll(req: HttpRequestParts, service: string): void {
  const auth = parseSigV4(req);
  if (auth instanceof AwsError) throw auth;
  expect(checkSigV4Freshness(auth, auth.date)).toBeUndefined();
  expect(expectScope(auth, { service, regions: ['us-east-1'] })).toBeUndefined();
  expect(verifySigV4Signature(req, auth, SECRET)).toBe(true);
  const tampered = { ...req, body: new Uint8Array(req.body) };
  tampered.body[0] ^= 0x20;
  expect(verifySigV4Signature(tampered, auth, SECRET)).toBe(false);
}

const decode = (req: HttpRequestParts) => mergeQuery(req.query, parseQueryBody(Buffer.from(req.body).toString('utf8'), String(req.headers['content-type'])));

describe('requests from @aws-sdk/client-iam and client-sts', () => {
  it('verifies IAM GetUser', async () => {
    const req = await sendIam((c) => c.send(new GetUserCommand({ UserName: 'bob' })));
    verifyAll(req, 'iam');
    expect(decode(req).action()).toBe('GetUser');
  });

  it('verifies IAM CreateUser with tags and decodes them', async () => {
    const req = await sendIam((c) =>
      c.send(new CreateUserCommand({ UserName: 'bob', Path: '/eng/', Tags: [{ Key: 'team', Value: 'a b+c&d=é' }, { Key: 'cost', Value: '' }] })),
    );
    verifyAll(req, 'iam');
    const q = decode(req);
    expect(q.string('UserName')).toBe('bob');
    expect(q.structList('Tags', ['Key', 'Value'])).toEqual([
      { Key: 'team', Value: 'a b+c&d=é' },
      { Key: 'cost', Value: '' },
    ]);
  });

  it('verifies IAM CreatePolicy with a unicode policy document and decodes it unchanged', async () => {
    const doc = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Sid: 'Ünïcødé✓😀', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/日本語/*' }],
    });
    const req = await sendIam((c) => c.send(new CreatePolicyCommand({ PolicyName: 'p', PolicyDocument: doc })));
    verifyAll(req, 'iam');
    expect(decode(req).string('PolicyDocument')).toBe(doc);
  });

  it('verifies IAM TagUser (list of structures)', async () => {
    const req = await sendIam((c) => c.send(new TagUserCommand({ UserName: 'bob', Tags: [{ Key: 'k', Value: 'v' }] })));
    verifyAll(req, 'iam');
  });

  it('verifies STS GetCallerIdentity with a session token', async () => {
    const cap = capture();
    const client = new STSClient({
      region: 'eu-central-1',
      endpoint: 'http://127.0.0.1:4566',
      credentials: { ...credentials, sessionToken: 'IQoJb3JpZ2luX2VjE+/token==' },
      requestHandler: cap.handler,
      maxAttempts: 1,
    });
    await expect(client.send(new GetCallerIdentityCommand({}))).rejects.toThrow('captured');
    const req = cap.last();
    const auth = parseSigV4(req);
    if (auth instanceof AwsError) throw auth;
    expect(auth.service).toBe('sts');
    expect(auth.region).toBe('eu-central-1');
    expect(auth.securityToken).toBe('IQoJb3JpZ2luX2VjE+/token==');
    expect(expectScope(auth, { service: 'sts' })).toBeUndefined();
    expect(verifySigV4Signature(req, auth, SECRET)).toBe(true);
  });
});
