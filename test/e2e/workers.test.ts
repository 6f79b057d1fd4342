// `castellan serve --workers N`: N processes share the port and the data directory, and a change made through
// any of them is in force on the next request, whichever worker answers it.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  DeleteUserPolicyCommand,
  GetUserCommand,
  IAMClient,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { CLI, startCliServer } from './cli-process.js';
import type { CliServer } from './cli-process.js';

const ROOT = { accessKeyId: 'AKIACASTELLANWORKERS', secretAccessKey: randomBytes(30).toString('base64') };
const ALLOW_GET_USER = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' }] });

/** A client that opens a new connection per request, so requests spread over the workers. */
function freshConnectionClient(endpoint: string, credentials: { accessKeyId: string; secretAccessKey: string }): IAMClient {
  return new IAMClient({
    endpoint,
    region: 'us-east-1',
    credentials,
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler({ httpAgent: new http.Agent({ keepAlive: false }) }),
  });
}

const childPids = (pid: number): number[] => {
  const out = spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).stdout ?? '';
  return out.split('\n').filter(Boolean).map(Number);
};

describe('serve --workers 2', () => {
  let dir: string;
  let server: CliServer;
  let root: IAMClient;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'castellan-workers-'));
    server = await startCliServer({ dataDir: dir, rootCredentials: ROOT, args: ['--workers', '2'], startTimeoutMs: 40_000 });
    root = freshConnectionClient(server.endpoint, ROOT);
  }, 60_000);

  afterAll(async () => {
    root?.destroy();
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('runs two worker processes under one primary and says so', () => {
    expect(server.stdout()).toMatch(/2 workers/);
    expect(childPids(server.pid)).toHaveLength(2);
  });

  it('enforces a grant and a revocation on every following request, whichever worker answers', async () => {
    await root.send(new CreateUserCommand({ UserName: 'spread' }));
    const key = (await root.send(new CreateAccessKeyCommand({ UserName: 'spread' }))).AccessKey!;
    const user = freshConnectionClient(server.endpoint, { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! });
    try {
      // Warm both workers' caches with the user's empty policy set.
      for (let i = 0; i < 6; i++) await expect(user.send(new GetUserCommand({}))).rejects.toMatchObject({ name: 'AccessDenied' });
      await root.send(new PutUserPolicyCommand({ UserName: 'spread', PolicyName: 'get', PolicyDocument: ALLOW_GET_USER }));
      for (let i = 0; i < 6; i++) expect((await user.send(new GetUserCommand({}))).User?.UserName).toBe('spread');
      await root.send(new DeleteUserPolicyCommand({ UserName: 'spread', PolicyName: 'get' }));
      for (let i = 0; i < 6; i++) await expect(user.send(new GetUserCommand({}))).rejects.toMatchObject({ name: 'AccessDenied' });
    } finally {
      user.destroy();
    }
  });

  it('stops every worker on SIGTERM', async () => {
    const workers = childPids(server.pid);
    expect(await server.stop()).toBe(0);
    for (const pid of workers) expect(fs.existsSync(`/proc/${pid}`)).toBe(false);
  });
});

describe('serve --workers on a port already taken', () => {
  it('stops with an error instead of restarting workers forever', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'castellan-workers-taken-'));
    try {
      const run = spawnSync(process.execPath, [CLI, 'serve', '--data-dir', dir, '--host', '127.0.0.1', '--port', String(port), '--workers', '2'], {
        encoding: 'utf8',
        timeout: 40_000,
        env: { ...process.env, CASTELLAN_ROOT_ACCESS_KEY_ID: ROOT.accessKeyId, CASTELLAN_ROOT_SECRET_ACCESS_KEY: ROOT.secretAccessKey },
      });
      expect(run.signal).toBeNull();
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(/EADDRINUSE/);
      expect(run.stderr).toMatch(/failed to start/);
    } finally {
      blocker.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('serve --workers with --ephemeral', () => {
  it('is refused: an in-memory store cannot be shared between processes', () => {
    const run = spawnSync(process.execPath, [CLI, 'serve', '--ephemeral', '--workers', '2', '--port', '0'], { encoding: 'utf8', timeout: 20_000 });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/--workers needs a data directory/);
  });
});

