import { ListUsersCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUserWithKey, startTestServer, type TestServer } from '../e2e/harness.js';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server?.close();
});

describe('GET /metrics', () => {
  it('counts requests by service, action and outcome in the Prometheus text format', async () => {
    await server.iam().send(new ListUsersCommand({}));
    const bob = await createUserWithKey(server, 'metrics-bob');
    await expect(server.iam(bob).send(new ListUsersCommand({}))).rejects.toMatchObject({ name: 'AccessDenied' });
    const res = await fetch(`${server.endpoint}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toMatch(/castellan_requests_total\{service="iam",action="ListUsers",outcome="ok"\} 1/);
    expect(text).toMatch(/castellan_requests_total\{service="iam",action="ListUsers",outcome="AccessDenied"\} 1/);
    expect(text).toContain('castellan_request_duration_seconds_bucket');
  });
});
