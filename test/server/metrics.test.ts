import { ListUsersCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerMetrics } from '../../src/server/metrics.js';
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

describe('castellan_requests_total', () => {
  it('keeps a bounded number of series when callers send made-up actions', async () => {
    const metrics = new ServerMetrics();
    const sink = metrics.counting(undefined);
    for (let i = 0; i < 5000; i++) {
      sink.write({
        eventVersion: '1.08',
        eventTime: '2026-11-28T00:00:00Z',
        eventSource: 'iam.amazonaws.com',
        eventName: `Made-up-${i}`,
        awsRegion: 'us-east-1',
        sourceIPAddress: '127.0.0.1',
        userIdentity: { type: 'Unknown' },
        requestID: 'r',
        eventID: 'e',
        errorCode: 'InvalidAction',
        errorMessage: 'no such action',
      });
    }
    const lines = (await metrics.registry.metrics()).split('\n').filter((l) => l.startsWith('castellan_requests_total{'));
    expect(lines.length).toBeLessThanOrEqual(4097);
    expect(lines.some((l) => l.includes('action="(other)"'))).toBe(true);
    const total = lines.reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
    expect(total).toBe(5000);
  });
});
