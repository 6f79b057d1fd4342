// The product as a user runs it: `castellan serve` (the built CLI) in its own process, driven by the AWS CLI.
// Skipped where the AWS CLI is not installed.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CLI = join(import.meta.dirname, '../../dist/cli/main.js');
const hasAwsCli = spawnSync('aws', ['--version'], { encoding: 'utf8' }).status === 0;
const ROOT = { id: 'AKIACASTELLANCLITEST', secret: 'cli-test-secret-cli-test-secret-cli-test' };

let server: ChildProcess;
let endpoint: string;
const work = mkdtempSync(join(tmpdir(), 'castellan-awscli-'));

function aws(args: string[], credentials: { id: string; secret: string; token?: string } = ROOT) {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: work,
    AWS_ACCESS_KEY_ID: credentials.id,
    AWS_SECRET_ACCESS_KEY: credentials.secret,
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
    ...(credentials.token && { AWS_SESSION_TOKEN: credentials.token }),
  };
  const r = spawnSync('aws', ['--endpoint-url', endpoint, '--output', 'json', ...args], { encoding: 'utf8', env });
  return { status: r.status, json: r.status === 0 && r.stdout.trim() ? (JSON.parse(r.stdout) as Record<string, unknown>) : undefined, stderr: r.stderr };
}

// Each AWS CLI call starts a Python process (about a second, more on a busy machine): generous timeouts.
describe.skipIf(!hasAwsCli)('the AWS CLI against castellan serve', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    server = spawn(process.execPath, [CLI, 'serve', '--ephemeral', '--port', '0'], {
      env: { ...process.env, CASTELLAN_ROOT_ACCESS_KEY_ID: ROOT.id, CASTELLAN_ROOT_SECRET_ACCESS_KEY: ROOT.secret },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    endpoint = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 15_000);
      server.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /listening on (http:\/\/[\d.]+:\d+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
    });
  });

  afterAll(() => {
    server?.kill('SIGTERM');
  });

  it('answers the health endpoint', async () => {
    expect(await (await fetch(`${endpoint}/_castellan/health`)).json()).toEqual({ status: 'ok' });
  });

  it('creates, reads and lists a user', () => {
    const created = aws(['iam', 'create-user', '--user-name', 'cli-alice', '--tags', 'Key=team,Value=payments']);
    expect(created.status).toBe(0);
    expect(created.json).toMatchObject({ User: { UserName: 'cli-alice', Arn: 'arn:aws:iam::000000000000:user/cli-alice' } });
    expect(aws(['iam', 'get-user', '--user-name', 'cli-alice']).json).toMatchObject({ User: { UserName: 'cli-alice' } });
    const listed = aws(['iam', 'list-users']).json as { Users: { UserName: string }[] };
    expect(listed.Users.map((u) => u.UserName)).toContain('cli-alice');
  });

  it('denies a user without a policy with AccessDenied', () => {
    aws(['iam', 'create-user', '--user-name', 'cli-bob']);
    const key = (aws(['iam', 'create-access-key', '--user-name', 'cli-bob']).json as { AccessKey: { AccessKeyId: string; SecretAccessKey: string } }).AccessKey;
    const denied = aws(['iam', 'list-users'], { id: key.AccessKeyId, secret: key.SecretAccessKey });
    expect(denied.status).not.toBe(0);
    expect(denied.stderr).toContain('(AccessDenied)');
    expect(denied.stderr).toContain('User: arn:aws:iam::000000000000:user/cli-bob is not authorized to perform: iam:ListUsers');
  });

  it('assumes a role and acts with the session, limited to the role', () => {
    const trust = join(work, 'trust.json');
    writeFileSync(trust, JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::000000000000:root' }, Action: 'sts:AssumeRole' }] }));
    expect(aws(['iam', 'create-role', '--role-name', 'cli-reader', '--assume-role-policy-document', `file://${trust}`]).status).toBe(0);
    expect(aws(['iam', 'attach-role-policy', '--role-name', 'cli-reader', '--policy-arn', 'arn:aws:iam::aws:policy/IAMReadOnlyAccess']).status).toBe(0);
    aws(['iam', 'create-user', '--user-name', 'cli-carol']);
    aws(['iam', 'put-user-policy', '--user-name', 'cli-carol', '--policy-name', 'assume', '--policy-document',
      JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::000000000000:role/cli-reader' }] })]);
    const key = (aws(['iam', 'create-access-key', '--user-name', 'cli-carol']).json as { AccessKey: { AccessKeyId: string; SecretAccessKey: string } }).AccessKey;
    const carol = { id: key.AccessKeyId, secret: key.SecretAccessKey };
    const assumed = aws(['sts', 'assume-role', '--role-arn', 'arn:aws:iam::000000000000:role/cli-reader', '--role-session-name', 'cli'], carol);
    expect(assumed.status).toBe(0);
    const c = (assumed.json as { Credentials: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string } }).Credentials;
    expect(c.AccessKeyId).toMatch(/^ASIA/);
    const session = { id: c.AccessKeyId, secret: c.SecretAccessKey, token: c.SessionToken };
    expect(aws(['sts', 'get-caller-identity'], session).json).toMatchObject({ Arn: 'arn:aws:sts::000000000000:assumed-role/cli-reader/cli' });
    expect(aws(['iam', 'list-users'], session).status).toBe(0);
    const write = aws(['iam', 'create-user', '--user-name', 'cli-mallory'], session);
    expect(write.stderr).toContain('(AccessDenied)');
  });
});
