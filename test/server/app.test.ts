// The HTTP shell without a network: Fastify's inject() with requests signed by the SDK's signer.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionHandler } from '../../src/api/types.js';
import { ensureAccount } from '../../src/identity/index.js';
import { createApp, MemoryAuditSink } from '../../src/server/index.js';
import type { CastellanApp } from '../../src/server/index.js';
import { openStore } from '../../src/store/index.js';
import type { SqliteStore } from '../../src/store/index.js';
import type { HttpRequestParts } from '../../src/protocol/index.js';
import { AKID, SECRET, SIGNED_AT, signed } from '../protocol/signing.js';

const echo: ActionHandler = {
  service: 'iam',
  action: 'GetUser',
  readOnly: true,
  async handle(ctx) {
    return { User: { Arn: ctx.caller.arn, UserName: ctx.params.get('UserName') ?? '-' } };
  },
};

function inject(app: CastellanApp, req: HttpRequestParts) {
  return app.fastify.inject({
    method: req.method as 'GET' | 'POST',
    url: req.path + (req.query ? `?${req.query}` : ''),
    headers: req.headers as Record<string, string>,
    payload: Buffer.from(req.body),
  });
}

describe('createApp', () => {
  let store: SqliteStore;
  let app: CastellanApp;
  const audit = new MemoryAuditSink();
  beforeAll(async () => {
    store = await openStore({ ephemeral: true, env: {} });
    await store.transaction((tx) => ensureAccount(tx, '123456789012', (n) => randomBytes(n), { accessKeyId: AKID, secretAccessKey: SECRET }));
    app = createApp({ store, handlers: [echo], clock: () => SIGNED_AT, auditSink: audit, ephemeral: true });
    await app.fastify.ready();
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  it('refuses two handlers for one action', () => {
    expect(() => createApp({ store, handlers: [echo, echo] })).toThrow('two handlers for iam:GetUser');
  });

  it('decodes a signed form body', async () => {
    const res = await inject(app, await signed({ body: 'Action=GetUser&Version=2010-05-08&UserName=b%20c' }));
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<UserName>b c</UserName>');
    expect(res.headers['x-amzn-requestid']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves any path: the path is part of what was signed', async () => {
    const res = await inject(app, await signed({ path: '/some/where' }));
    expect(res.statusCode).toBe(200);
  });

  it('reads no parameters from a body of another content type', async () => {
    const res = await inject(app, await signed({ headers: { 'content-type': 'application/json' }, body: 'Action=GetUser&Version=2010-05-08' }));
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('<Code>MissingAction</Code>');
  });

  it('takes URL parameters of a POST too', async () => {
    const res = await inject(app, await signed({ query: { Action: 'GetUser', Version: '2010-05-08' }, body: '' }));
    expect(res.statusCode).toBe(200);
  });

  it('answers unknown /_castellan/ paths with 404', async () => {
    const res = await app.fastify.inject({ method: 'GET', url: '/_castellan/nothing' });
    expect(res.statusCode).toBe(404);
  });

  it('resets an ephemeral store', async () => {
    const res = await app.fastify.inject({ method: 'POST', url: '/_castellan/reset' });
    expect(res.statusCode).toBe(200);
    expect((await inject(app, await signed())).statusCode).toBe(200);
  });

  it('audits an authentication failure without a caller', async () => {
    audit.clear();
    await inject(app, await signed({ secret: 'wrong'.repeat(8) }));
    expect(audit.events()[0]).toMatchObject({
      errorCode: 'SignatureDoesNotMatch',
      userIdentity: { type: 'Unknown', accessKeyId: AKID },
      eventName: 'GetUser',
    });
  });
});
