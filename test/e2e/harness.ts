// End-to-end harness: a real Castellan server on 127.0.0.1 (random port) driven by the real AWS SDK v3.
//
//   const server = await startTestServer();                 // ephemeral store, account 000000000000
//   const iam = server.iam();                               // IAMClient signed with the root key
//   const bob = await createUserWithKey(server, 'bob');     // a user + access key (API, or store fallback)
//   await expect(server.iam(bob).send(new ListUsersCommand({}))).rejects.toMatchObject({ name: 'AccessDenied' });
//   await server.close();
//
// `signedFetch` sends hand-made SigV4 requests (wrong secrets, old dates, odd bodies).
import { randomBytes } from 'node:crypto';
import { Sha256 } from '@aws-crypto/sha256-js';
import { IAMClient } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { CreateAccessKeyCommand, CreateUserCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { iamHandlers } from '../../src/api/iam/index.js';
import type { ActionHandler } from '../../src/api/types.js';
import { iamArn, newAccessKeyId, newSecretAccessKey, newUniqueId } from '../../src/arn/index.js';
import type { RootCredentials, SessionResolver } from '../../src/identity/index.js';
import { createApp, MemoryAuditSink, bootstrapRoot } from '../../src/server/index.js';
import type { CastellanApp, RootBootstrap } from '../../src/server/index.js';
import { openStore } from '../../src/store/index.js';
import type { SqliteStore } from '../../src/store/index.js';

export const TEST_ACCOUNT_ID = '000000000000';

export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export interface TestServerOptions {
  /** A real SQLite database in this directory (root credentials are kept in `<dataDir>/root-credentials`, so a
   * second server on the same directory finds them). Default: an ephemeral in-memory store. */
  readonly dataDir?: string;
  readonly accountId?: string;
  /** Use this root key instead of a random one. */
  readonly rootCredentials?: RootCredentials;
  /** Replaces the registered handlers (default: every IAM handler). */
  readonly handlers?: readonly ActionHandler[];
  /** Added to the handlers. */
  readonly extraHandlers?: readonly ActionHandler[];
  /** The server's clock. */
  readonly clock?: () => Date;
  /** Passed to createApp (e.g. a small bodyLimit). */
  readonly bodyLimit?: number;
  /** Resolves temporary (ASIA…) credentials (STS). */
  readonly sessionResolver?: SessionResolver;
}

export interface ClientOptions {
  readonly region?: string;
}

export interface TestServer {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  readonly port: number;
  readonly accountId: string;
  readonly rootCredentials: RootCredentials;
  readonly store: SqliteStore;
  readonly app: CastellanApp;
  /** Every request's audit event (the last 10,000). */
  readonly audit: MemoryAuditSink;
  readonly handlers: readonly ActionHandler[];
  readonly root: RootBootstrap;
  /** An IAM client for these credentials (default: root), region us-east-1, no retries. */
  iam(credentials?: Credentials, options?: ClientOptions): IAMClient;
  sts(credentials?: Credentials, options?: ClientOptions): STSClient;
  /** Empties the store except accounts and root keys (ephemeral servers only). */
  reset(): Promise<void>;
  close(): Promise<void>;
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const accountId = options.accountId ?? TEST_ACCOUNT_ID;
  const ephemeral = options.dataDir === undefined;
  const store = await openStore(ephemeral ? { ephemeral: true, env: {} } : { dataDir: options.dataDir, env: {} });
  const random = (n: number): Uint8Array => randomBytes(n);
  const root = await bootstrapRoot({
    store,
    accountId,
    random,
    ...(options.dataDir !== undefined && { dataDir: options.dataDir }),
    ...(options.rootCredentials && { rootKey: options.rootCredentials }),
  });
  if (!root.credentials) {
    await store.close();
    throw new Error(`startTestServer: account ${accountId} exists but its root credentials are unknown`);
  }
  const rootCredentials = root.credentials;
  const handlers = [...(options.handlers ?? iamHandlers), ...(options.extraHandlers ?? [])];
  const audit = new MemoryAuditSink(10_000);
  const app = createApp({
    store,
    handlers,
    auditSink: audit,
    ephemeral,
    ...(options.clock && { clock: options.clock }),
    ...(options.bodyLimit !== undefined && { bodyLimit: options.bodyLimit }),
    ...(options.sessionResolver && { sessionResolver: options.sessionResolver }),
  });
  let port: number;
  try {
    port = await app.listen('127.0.0.1', 0);
  } catch (err) {
    await app.close();
    await store.close();
    throw err;
  }
  const endpoint = `http://127.0.0.1:${port}`;
  const clients: { destroy(): void }[] = [];
  let closing: Promise<void> | undefined;
  return {
    endpoint,
    port,
    accountId,
    rootCredentials,
    store,
    app,
    audit,
    handlers,
    root,
    iam(credentials = rootCredentials, clientOptions = {}) {
      const client = new IAMClient({ region: clientOptions.region ?? 'us-east-1', endpoint, credentials, maxAttempts: 1 });
      clients.push(client);
      return client;
    },
    sts(credentials = rootCredentials, clientOptions = {}) {
      const client = new STSClient({ region: clientOptions.region ?? 'us-east-1', endpoint, credentials, maxAttempts: 1 });
      clients.push(client);
      return client;
    },
    async reset() {
      const res = await fetch(`${endpoint}/_castellan/reset`, { method: 'POST' });
      if (res.status !== 200) throw new Error(`reset failed: ${res.status}`);
    },
    close() {
      closing ??= (async () => {
        for (const c of clients) c.destroy();
        await app.close();
        await store.close();
      })();
      return closing;
    },
  };
}

function hasHandler(server: TestServer, action: string): boolean {
  return server.handlers.some((h) => h.service === 'iam' && h.action === action);
}

/**
 * Creates user `userName` (path `/`) with an active access key and returns the key. Goes through the API
 * (CreateUser, CreateAccessKey as root) when those handlers are registered; otherwise writes the same
 * entities through the store, with ids and ARN formed as the API forms them.
 */
export async function createUserWithKey(server: TestServer, userName: string): Promise<Credentials> {
  if (hasHandler(server, 'CreateUser') && hasHandler(server, 'CreateAccessKey')) {
    const iam = server.iam();
    await iam.send(new CreateUserCommand({ UserName: userName }));
    const out = await iam.send(new CreateAccessKeyCommand({ UserName: userName }));
    const key = out.AccessKey;
    if (!key?.AccessKeyId || !key.SecretAccessKey) throw new Error('CreateAccessKey returned no key');
    return { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey };
  }
  const random = (n: number): Uint8Array => randomBytes(n);
  const now = new Date();
  const credentials = { accessKeyId: newAccessKeyId('AKIA', random), secretAccessKey: newSecretAccessKey(random) };
  await server.store.transaction(async (tx) => {
    await tx.users.create({
      accountId: server.accountId,
      userName,
      userId: newUniqueId('AIDA', random),
      path: '/',
      arn: iamArn('aws', server.accountId, 'user', '/', userName),
      createDate: now,
    });
    await tx.accessKeys.create({ accountId: server.accountId, userName, ...credentials, status: 'Active', createDate: now });
  });
  return credentials;
}

/** Sets an inline policy on a user: PutUserPolicy when registered, else through the store. */
export async function putUserPolicy(server: TestServer, userName: string, policyName: string, document: string | object): Promise<void> {
  const text = typeof document === 'string' ? document : JSON.stringify(document);
  if (hasHandler(server, 'PutUserPolicy')) {
    await server.iam().send(new PutUserPolicyCommand({ UserName: userName, PolicyName: policyName, PolicyDocument: text }));
    return;
  }
  await server.store.transaction((tx) =>
    tx.inlinePolicies.put({ accountId: server.accountId, principalType: 'user', principalName: userName, policyName, document: text }),
  );
}

export interface SignedFetchInput {
  /** Form body; default `Action=GetUser&Version=2010-05-08`. */
  readonly body?: string | Uint8Array;
  readonly method?: 'GET' | 'POST';
  /** URL query parameters (GET). */
  readonly query?: Record<string, string>;
  readonly headers?: Record<string, string>;
  readonly credentials?: Credentials;
  readonly region?: string;
  readonly service?: string;
  /** Signing time (default now). */
  readonly date?: Date;
  /** Presign (query authentication) instead of an Authorization header. */
  readonly presign?: { expiresIn: number };
}

/** Signs a request with the SDK's own signer and sends it with fetch. */
export async function signedFetch(server: TestServer, input: SignedFetchInput = {}): Promise<Response> {
  const credentials = input.credentials ?? server.rootCredentials;
  const region = input.region ?? 'us-east-1';
  const host = `127.0.0.1:${server.port}`;
  const method = input.method ?? 'POST';
  const body = method === 'GET' ? undefined : (input.body ?? 'Action=GetUser&Version=2010-05-08');
  const request = new HttpRequest({
    method,
    protocol: 'http:',
    hostname: '127.0.0.1',
    port: server.port,
    path: '/',
    query: input.query ?? {},
    headers: {
      host,
      ...(method === 'POST' && { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }),
      ...input.headers,
    },
    body,
  });
  const signer = new SignatureV4({ service: input.service ?? 'iam', region, credentials, sha256: Sha256 });
  const signingDate = input.date ?? new Date();
  const signed = input.presign
    ? await signer.presign(request, { signingDate, expiresIn: input.presign.expiresIn })
    : await signer.sign(request, { signingDate });
  const qs = new URLSearchParams(signed.query as Record<string, string>).toString().replace(/\+/g, '%20');
  const headers = { ...signed.headers };
  delete headers.host;
  return fetch(`${server.endpoint}/${qs ? `?${qs}` : ''}`, {
    method,
    headers,
    ...(body !== undefined && { body: typeof body === 'string' ? body : Buffer.from(body) }),
  });
}

/** The `<Code>` of an XML error body. */
export function errorCode(xml: string): string | undefined {
  return /<Code>([^<]*)<\/Code>/.exec(xml)?.[1];
}

/** The `<Message>` of an XML error body (XML entities left as sent). */
export function errorMessage(xml: string): string | undefined {
  return /<Message>([^<]*)<\/Message>/.exec(xml)?.[1];
}

/** The error an SDK call fails with: its SDK name (AWS's code + Exception), HTTP status and message. */
export async function failure(promise: Promise<unknown>): Promise<{ name: string; status: number | undefined; message: string }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof Error)) throw new Error('the call succeeded');
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return { name: error.name, status, message: error.message };
}
