import { ListUsersCommand } from '@aws-sdk/client-iam';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iamHandlers } from '../../src/api/iam/index.js';
import { createApp } from '../../src/server/index.js';
import type { MetricsText } from '../../src/server/index.js';
import { ServerMetrics } from '../../src/server/metrics.js';
import { openStore } from '../../src/store/index.js';
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

describe('GET /metrics with a metrics source (a cluster worker)', () => {
  /** Serves /metrics from `source` on 127.0.0.1 and returns one scrape's answer. */
  async function scrape(source: () => Promise<MetricsText>): Promise<{ status: number; contentType: string | null; text: string }> {
    const store = await openStore({ ephemeral: true, env: {} });
    const app = createApp({ store, handlers: iamHandlers, logger: pino({ level: 'silent' }), metricsSource: source });
    try {
      const port = await app.listen('127.0.0.1', 0);
      const res = await fetch(`http://127.0.0.1:${port}/metrics`);
      return { status: res.status, contentType: res.headers.get('content-type'), text: await res.text() };
    } finally {
      await app.close();
      await store.close();
    }
  }

  it('serves what the source gives, with its content type', async () => {
    const text = 'castellan_requests_total{service="iam",action="ListUsers",outcome="ok"} 20\n';
    const res = await scrape(async () => ({ contentType: 'text/plain; version=0.0.4; charset=utf-8', text }));
    expect(res).toEqual({ status: 200, contentType: 'text/plain; version=0.0.4; charset=utf-8', text });
  });

  it('answers 503 when the source fails (a worker did not answer in time)', async () => {
    const res = await scrape(() => Promise.reject(new Error('Operation timed out.')));
    expect(res.status).toBe(503);
  });
});
