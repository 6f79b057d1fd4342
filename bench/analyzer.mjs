// Analyzer benchmark: `castellan lint` against cfn-lint (the peer, a Python tool present on these machines) on
// the same generated CloudFormation templates, measured in the same run as whole processes, as a user runs
// them. Also times a Terraform tree of similar size and escalation analysis of a 5,000-principal account
// export (no peer for those). Inputs are generated deterministically into bench/results/analyzer-inputs/.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { benchDir, envInt, fmt, isMain, machine, printHeader, printTable, repoRoot, summarize, writeResults } from './lib.mjs';

const RUNS = envInt('BENCH_ANALYZER_RUNS', 3);
const inputs = path.join(benchDir, 'results', 'analyzer-inputs');
const CLI = path.join(repoRoot, 'dist', 'cli', 'main.js');

// A small deterministic generator (mulberry32), so every run lints the same inputs.
function rng(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SERVICES = ['s3', 'dynamodb', 'sqs', 'sns', 'lambda', 'logs', 'kms', 'ec2', 'iam', 'secretsmanager'];
const ACTIONS = {
  s3: ['GetObject', 'PutObject', 'ListBucket', 'DeleteObject'],
  dynamodb: ['GetItem', 'Query', 'PutItem', 'Scan'],
  sqs: ['SendMessage', 'ReceiveMessage', 'DeleteMessage'],
  sns: ['Publish', 'Subscribe'],
  lambda: ['InvokeFunction', 'GetFunction'],
  logs: ['CreateLogStream', 'PutLogEvents'],
  kms: ['Decrypt', 'Encrypt', 'GenerateDataKey'],
  ec2: ['DescribeInstances', 'StartInstances'],
  iam: ['PassRole', 'GetRole'],
  secretsmanager: ['GetSecretValue'],
};

/** One role's properties: a trust policy and an inline policy, some of them with the classic mistakes. */
function roleSpec(i, random) {
  const service = SERVICES[Math.floor(random() * SERVICES.length)];
  const actions = ACTIONS[service].filter(() => random() < 0.6);
  if (actions.length === 0) actions.push(ACTIONS[service][0]);
  const broad = random() < 0.15;
  const statement = {
    Sid: `Stmt${i}`,
    Effect: 'Allow',
    Action: broad ? `${service}:*` : actions.map((a) => `${service}:${a}`),
    Resource: random() < 0.2 ? '*' : `arn:aws:${service}:us-east-1:123456789012:app-${i}-*`,
  };
  const trustService = random() < 0.5 ? 'lambda.amazonaws.com' : 'ecs-tasks.amazonaws.com';
  const trust = {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: trustService },
        Action: 'sts:AssumeRole',
        ...(random() < 0.7 && { Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } } }),
      },
    ],
  };
  return { name: `app-role-${i}`, trust, policy: { Version: '2012-10-17', Statement: [statement] } };
}

function cloudFormation(count) {
  const random = rng(20261128 + count);
  const resources = {};
  for (let i = 0; i < count; i++) {
    const r = roleSpec(i, random);
    resources[`AppRole${i}`] = {
      Type: 'AWS::IAM::Role',
      Properties: {
        RoleName: r.name,
        AssumeRolePolicyDocument: r.trust,
        Policies: [{ PolicyName: `${r.name}-policy`, PolicyDocument: r.policy }],
      },
    };
  }
  return JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Description: `${count} generated roles`, Resources: resources }, null, 2);
}

function terraform(count) {
  const random = rng(20261128 + count);
  const files = [];
  const perFile = 50;
  for (let f = 0; f * perFile < count; f++) {
    const blocks = [];
    for (let i = f * perFile; i < Math.min(count, (f + 1) * perFile); i++) {
      const r = roleSpec(i, random);
      blocks.push(`resource "aws_iam_role" "role_${i}" {
  name               = "${r.name}"
  assume_role_policy = jsonencode(${JSON.stringify(r.trust)})
}

resource "aws_iam_role_policy" "policy_${i}" {
  name   = "${r.name}-policy"
  role   = aws_iam_role.role_${i}.id
  policy = jsonencode(${JSON.stringify(r.policy)})
}
`);
    }
    files.push({ name: `roles_${f}.tf`, text: blocks.join('\n') });
  }
  return files;
}

/** `aws iam get-account-authorization-details` output with `count` principals (users and roles). */
function accountExport(count) {
  const random = rng(5000);
  const date = '2026-01-01T00:00:00Z';
  const users = [];
  const roles = [];
  const policies = [];
  for (let p = 0; p < 50; p++) {
    const spec = roleSpec(p, random);
    policies.push({
      PolicyName: `shared-${p}`,
      PolicyId: `ANPA${String(p).padStart(17, '0')}`,
      Arn: `arn:aws:iam::123456789012:policy/shared-${p}`,
      Path: '/',
      DefaultVersionId: 'v1',
      AttachmentCount: 1,
      IsAttachable: true,
      CreateDate: date,
      UpdateDate: date,
      PolicyVersionList: [{ Document: spec.policy, VersionId: 'v1', IsDefaultVersion: true, CreateDate: date }],
    });
  }
  for (let i = 0; i < count; i++) {
    const spec = roleSpec(i, random);
    const attached = [{ PolicyName: `shared-${i % 50}`, PolicyArn: `arn:aws:iam::123456789012:policy/shared-${i % 50}` }];
    // A few principals hold a classic escalation permission.
    const inline = random() < 0.01 ? { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:CreatePolicyVersion', Resource: '*' }] } : spec.policy;
    if (i % 2 === 0) {
      users.push({
        Path: '/',
        UserName: `user-${i}`,
        UserId: `AIDA${String(i).padStart(17, '0')}`,
        Arn: `arn:aws:iam::123456789012:user/user-${i}`,
        CreateDate: date,
        UserPolicyList: [{ PolicyName: 'inline', PolicyDocument: inline }],
        GroupList: [],
        AttachedManagedPolicies: attached,
        Tags: [],
      });
    } else {
      roles.push({
        Path: '/',
        RoleName: spec.name,
        RoleId: `AROA${String(i).padStart(17, '0')}`,
        Arn: `arn:aws:iam::123456789012:role/${spec.name}`,
        CreateDate: date,
        AssumeRolePolicyDocument: spec.trust,
        InstanceProfileList: [],
        RolePolicyList: [{ PolicyName: 'inline', PolicyDocument: inline }],
        AttachedManagedPolicies: attached,
        Tags: [],
        RoleLastUsed: {},
      });
    }
  }
  return JSON.stringify({ UserDetailList: users, GroupDetailList: [], RoleDetailList: roles, Policies: policies }, null, 1);
}

/** Times a whole process `runs` times; returns seconds per run and the last run's status and output size. */
function time(command, args, runs) {
  const seconds = [];
  let last;
  // One uncounted run first when several are counted: the first process pays for cold file caches.
  if (runs > 1) spawnSync(command, args, { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    last = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
    seconds.push((performance.now() - start) / 1000);
    if (last.error) throw last.error;
  }
  return { ...summarize(seconds), status: last.status, stdout: last.stdout, stderr: last.stderr };
}

function castellanFindings(stdout) {
  try {
    const report = JSON.parse(stdout);
    return report.findings?.length ?? report.summary?.total ?? '?';
  } catch {
    return '?';
  }
}

export async function main() {
  const m = machine();
  printHeader('analyzer: castellan lint vs cfn-lint (whole processes, same inputs)', m);
  rmSync(inputs, { recursive: true, force: true });
  mkdirSync(inputs, { recursive: true });
  const results = { machine: m, runs: RUNS };
  const rows = [['input', 'castellan s (min/med/max)', 'findings', 'cfn-lint s (min/med/max)', 'ratio', 'target']];
  let ok = true;

  const hasCfnLint = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' }).status === 0;
  for (const [count, runs] of [
    [300, RUNS],
    [3000, 1],
  ]) {
    const file = path.join(inputs, `roles-${count}.json`);
    writeFileSync(file, cloudFormation(count));
    const c = time(process.execPath, [CLI, 'lint', file, '--format', 'json', '--fail-on', 'none'], runs);
    if (c.status !== 0) {
      ok = false;
      console.error(`castellan lint failed on ${count} roles (exit ${c.status}): ${c.stderr.slice(0, 500)}`);
    }
    const peer = hasCfnLint ? time('cfn-lint', [file], runs) : undefined;
    const findings = castellanFindings(c.stdout);
    results[`cfn${count}`] = { castellan: { ...c, stdout: undefined, findings }, cfnLint: peer && { ...peer, stdout: undefined } };
    rows.push([
      `CloudFormation, ${count} roles`,
      `${fmt(c.min, 2)} / ${fmt(c.median, 2)} / ${fmt(c.max, 2)}`,
      String(findings),
      peer ? `${fmt(peer.min, 2)} / ${fmt(peer.median, 2)} / ${fmt(peer.max, 2)}` : 'n/a',
      peer ? `${fmt(peer.median / c.median, 1)}× faster` : '',
      count === 300 ? '≥ 10× faster than cfn-lint' : '',
    ]);
  }

  const tfDir = path.join(inputs, 'terraform-300');
  mkdirSync(tfDir, { recursive: true });
  for (const f of terraform(300)) writeFileSync(path.join(tfDir, f.name), f.text);
  const tf = time(process.execPath, [CLI, 'lint', tfDir, '--format', 'json', '--fail-on', 'none'], RUNS);
  if (tf.status !== 0) {
    ok = false;
    console.error(`castellan lint failed on the Terraform tree (exit ${tf.status}): ${tf.stderr.slice(0, 500)}`);
  }
  rows.push(['Terraform .tf, 300 roles', `${fmt(tf.min, 2)} / ${fmt(tf.median, 2)} / ${fmt(tf.max, 2)}`, String(castellanFindings(tf.stdout)), 'n/a', '', '']);

  const exportFile = path.join(inputs, 'account-5000.json');
  writeFileSync(exportFile, accountExport(5000));
  const ex = time(process.execPath, [CLI, 'lint', exportFile, '--format', 'json', '--fail-on', 'none'], 1);
  if (ex.status !== 0) {
    ok = false;
    console.error(`castellan lint failed on the account export (exit ${ex.status}): ${ex.stderr.slice(0, 500)}`);
  }
  rows.push(['account export, 5,000 principals (incl. escalation)', `${fmt(ex.median, 2)}`, String(castellanFindings(ex.stdout)), 'n/a', '', '< 10 s']);
  results.terraform = { ...tf, stdout: undefined };
  results.accountExport = { ...ex, stdout: undefined };

  printTable(rows);
  console.log(`whole-process wall time incl. Node/Python start-up; ${RUNS} runs for 300 roles, 1 run for 3,000 roles and the export`);
  writeResults('analyzer', results);
  return ok;
}

if (isMain(import.meta.url)) {
  main().then(
    (ok) => process.exit(ok ? 0 : 1),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
