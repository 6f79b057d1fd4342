// The `castellan` command as a user runs it: the built CLI in a child process (npm test builds first).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const CLI = join(import.meta.dirname, '../../dist/cli/main.js');
const EXAMPLES = join(import.meta.dirname, '../../docs/examples');

function castellan(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tempFile(name: string, content: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'castellan-cli-')), name);
  writeFileSync(file, content);
  return file;
}

describe('castellan validate', () => {
  it('exits 0 and reports catalog warnings with did-you-mean', () => {
    const r = castellan('validate', join(EXAMPLES, 'typos.json'));
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/typos\.json:6:17: warning catalog\.unknownAction: .*Did you mean s3:GetObject\?/);
    expect(r.stdout).toMatch(/Did you mean aws:SourceVpce\?/);
  });

  it('exits 1 on errors and prints file:line:column for each', () => {
    const r = castellan('validate', join(EXAMPLES, 'malformed.json'));
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/malformed\.json:4:\d+: error /);
  });

  it('prints JSON with the service data date', () => {
    const r = castellan('validate', '--format', 'json', join(EXAMPLES, 'typos.json'));
    const out = JSON.parse(r.stdout) as { serviceDataDate: string; files: { diagnostics: unknown[] }[] };
    expect(out.serviceDataDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(out.files[0].diagnostics.length).toBe(2);
  });

  it('validates a trust policy as a trust policy when --kind trust is given', () => {
    const file = tempFile(
      'trust.json',
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole', Resource: '*' }],
      }),
    );
    const r = castellan('validate', '--kind', 'trust', file);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('error');
  });

  it('reports an unreadable file as an error', () => {
    const r = castellan('validate', '/nonexistent/policy.json');
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('file.unreadable');
  });
});

describe('castellan eval', () => {
  it('explains an implicit deny by the permissions boundary', () => {
    const r = castellan('eval', join(EXAMPLES, 'boundary.json'));
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Decision: implicitDeny');
    expect(r.stdout).toContain('Why: permissions boundary has no Allow for s3:PutObject');
  });

  it('quotes the deciding statement with its position in the scenario file', () => {
    const r = castellan('eval', join(EXAMPLES, 'deny-insecure.json'));
    expect(r.stdout).toContain('Decision: explicitDeny');
    expect(r.stdout).toMatch(/deny-insecure\.json:23:9 \(\/resourcePolicy\/policy\/Statement\/0\)/);
    expect(r.stdout).toContain('"Sid": "DenyInsecureTransport"');
  });

  it('prints the decision and explanation as JSON', () => {
    const r = castellan('eval', '--format', 'json', join(EXAMPLES, 'boundary.json'));
    const out = JSON.parse(r.stdout) as { decision: string; explanation: { summary: string } };
    expect(out.decision).toBe('implicitDeny');
    expect(out.explanation.summary).toContain('permissions boundary');
  });

  it('exits 2 with a positioned error for a scenario without an action', () => {
    const file = tempFile('bad.json', '{\n  "request": { "principal": "arn:aws:iam::111122223333:user/a" }\n}\n');
    const r = castellan('eval', file);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/bad\.json:2:\d+: error: .*action/);
  });

  it('exits 2 when a policy in the scenario is invalid', () => {
    const file = tempFile(
      'bad-policy.json',
      JSON.stringify({ request: { principal: 'arn:aws:iam::111122223333:user/a', action: 's3:GetObject' }, identityPolicies: [{ name: 'p', policy: { Statement: 'x' } }] }),
    );
    expect(castellan('eval', file).status).toBe(2);
  });

  it('exits 2 for a file that does not exist', () => {
    expect(castellan('eval', '/nonexistent.json').status).toBe(2);
  });
});

describe('castellan validate kind detection', () => {
  it('validates a document with a Principal and only sts:AssumeRole as a trust policy', () => {
    const file = tempFile(
      'trust.json',
      JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] }),
    );
    const r = castellan('validate', '--format', 'json', file);
    expect(r.status).toBe(0);
    expect((JSON.parse(r.stdout) as { files: { kind: string }[] }).files[0].kind).toBe('trust');
  });
});
