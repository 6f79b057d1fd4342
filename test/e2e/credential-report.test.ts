// Credential reports live in the store: a report generated through one server process is returned by the
// next one on the same data directory, whether it answers after a restart or alongside it (--workers).
// The later server is started from freshly loaded modules, as a new process would be: a report held in module
// state (an in-process cache) would not reach it, only one in the store.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { GenerateCredentialReportCommand, GetCredentialReportCommand } from '@aws-sdk/client-iam';
import { createUserWithKey, startTestServer } from './harness.js';
import type { TestServer } from './harness.js';

const dirs: string[] = [];
const servers: TestServer[] = [];

function dataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'castellan-e2e-report-'));
  dirs.push(dir);
  return dir;
}

async function start(dir: string): Promise<TestServer> {
  const server = await startTestServer({ dataDir: dir });
  servers.push(server);
  return server;
}

/** A server from a module graph of its own: nothing the earlier servers' modules hold is shared with it. */
async function startAnew(dir: string): Promise<TestServer> {
  vi.resetModules();
  const harness = await import('./harness.js');
  const server = await harness.startTestServer({ dataDir: dir });
  servers.push(server);
  return server;
}

afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const csvOf = (content: Uint8Array | undefined): string => Buffer.from(content ?? new Uint8Array()).toString('utf8');

describe('credential report in the store', () => {
  it('returns the report generated before a restart on the same data directory', async () => {
    const dir = dataDir();
    const first = await start(dir);
    await createUserWithKey(first, 'alice');
    expect((await first.iam().send(new GenerateCredentialReportCommand({}))).State).toBe('STARTED');
    const before = await first.iam().send(new GetCredentialReportCommand({}));
    await first.close();

    const second = await startAnew(dir);
    const after = await second.iam().send(new GetCredentialReportCommand({}));
    expect(after.GeneratedTime).toEqual(before.GeneratedTime);
    expect(csvOf(after.Content)).toBe(csvOf(before.Content));
    expect(csvOf(after.Content).split('\n').some((line) => line.startsWith('alice,'))).toBe(true);
  });

  it('answers COMPLETE after a restart while the report is fresh, instead of generating again', async () => {
    const dir = dataDir();
    const first = await start(dir);
    await first.iam().send(new GenerateCredentialReportCommand({}));
    await first.close();

    const second = await startAnew(dir);
    expect((await second.iam().send(new GenerateCredentialReportCommand({}))).State).toBe('COMPLETE');
  });

  it('returns a report generated through another server sharing the data directory', async () => {
    const dir = dataDir();
    const one = await start(dir);
    const two = await startAnew(dir);
    await expect(two.iam().send(new GetCredentialReportCommand({}))).rejects.toMatchObject({
      name: 'CredentialReportNotPresentException',
    });
    await one.iam().send(new GenerateCredentialReportCommand({}));
    const report = await two.iam().send(new GetCredentialReportCommand({}));
    expect(csvOf(report.Content).split('\n')[1]).toMatch(/^<root_account>,/);
  });
});
