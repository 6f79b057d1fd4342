// `castellan serve --workers N`: GET /metrics reports the requests of every worker, whichever worker answers the
// scrape (prom-client's AggregatorRegistry in the primary; counters summed, histograms merged).
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { startCliServer } from './cli-process.js';
import type { CliServer } from './cli-process.js';

const ROOT = { accessKeyId: 'AKIACASTELLANWMETRIC', secretAccessKey: randomBytes(30).toString('base64') };
const REQUESTS = 20;

/** GET on a connection of its own, so successive scrapes reach different workers. */
function getOnNewConnection(url: string): Promise<{ status: number; contentType: string; text: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, contentType: res.headers['content-type'] ?? '', text: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

/** The sum of a metric's samples whose line contains every given label. */
function sampleSum(text: string, metric: string, labels: readonly string[]): number {
  return text
    .split('\n')
    .filter((line) => (line.startsWith(`${metric}{`) || line.startsWith(`${metric} `)) && labels.every((l) => line.includes(l)))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

describe('GET /metrics under serve --workers 2', () => {
  let dir: string;
  let server: CliServer;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'castellan-workers-metrics-'));
    server = await startCliServer({ dataDir: dir, rootCredentials: ROOT, args: ['--workers', '2'], startTimeoutMs: 40_000 });
    // One connection per request: the primary hands connections to the workers in turn, so both answer some.
    const root = new IAMClient({
      endpoint: server.endpoint,
      region: 'us-east-1',
      credentials: ROOT,
      maxAttempts: 1,
      requestHandler: new NodeHttpHandler({ httpAgent: new http.Agent({ keepAlive: false }) }),
    });
    try {
      for (let i = 0; i < REQUESTS; i++) await root.send(new ListUsersCommand({}));
    } finally {
      root.destroy();
    }
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
    if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('counts the requests of every worker, whichever worker answers the scrape', async () => {
    for (let scrape = 0; scrape < 4; scrape++) {
      const res = await getOnNewConnection(`${server.endpoint}/metrics`);
      expect(res.status).toBe(200);
      expect(res.contentType).toContain('text/plain');
      expect(sampleSum(res.text, 'castellan_requests_total', ['action="ListUsers"', 'outcome="ok"'])).toBe(REQUESTS);
    }
  });

  it('merges the request-duration histograms of every worker', async () => {
    for (let scrape = 0; scrape < 4; scrape++) {
      const { text } = await getOnNewConnection(`${server.endpoint}/metrics`);
      expect(sampleSum(text, 'castellan_request_duration_seconds_count', [])).toBe(REQUESTS);
      expect(sampleSum(text, 'castellan_request_duration_seconds_bucket', ['le="+Inf"'])).toBe(REQUESTS);
    }
  });
});
