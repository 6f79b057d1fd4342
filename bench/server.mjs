// Server benchmark: signed IAM requests per second on loopback, Castellan against moto_server, measured in
// the same run with the same pre-signed requests (a SigV4 signature stays valid for 15 minutes, so one
// signed request can be replayed by the load generator).
//   GetUser (root credentials), ListRoles with 100 roles, and a call denied by IAM (a user with no policy).
// The load generator is wrk (Debian package, installed on first use where possible; a C client that leaves
// the shared cores to the server) or else autocannon (bench/ dependency); 32 connections, BENCH_SERVER_SECONDS
// per measure. Castellan is measured as one process (--ephemeral) and as `--workers 2` on a data directory.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { createServer } from 'node:net';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createRequire } from 'node:module';
import { benchDir, ensurePeersInstalled, ensureWrk, envInt, fmt, isMain, machine, printHeader, printTable, repoRoot, writeResults } from './lib.mjs';

const require = createRequire(path.join(repoRoot, 'package.json'));
const SECONDS = envInt('BENCH_SERVER_SECONDS', 8);
const CONNECTIONS = envInt('BENCH_SERVER_CONNECTIONS', 32);
const ROOT = { accessKeyId: 'AKIACASTELLANBENCH01', secretAccessKey: 'benchbenchbenchbenchbenchbenchbenchbench' };
const REGION = 'us-east-1';

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function waitFor(url, seconds = 30) {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    try {
      const r = await fetch(url);
      if (r.status < 500) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not come up in ${seconds}s`);
    await sleep(200);
  }
}

/** Signs a Query request with SigV4 (smithy's signer, the one the AWS SDKs use). */
async function signQuery(endpoint, credentials, params, service = 'iam') {
  const { SignatureV4 } = require('@smithy/signature-v4');
  const { Sha256 } = require('@aws-crypto/sha256-js');
  const url = new URL(endpoint);
  const body = new URLSearchParams({ ...params, Version: service === 'sts' ? '2011-06-15' : '2010-05-08' }).toString();
  const signer = new SignatureV4({ service, region: REGION, credentials, sha256: Sha256, applyChecksum: true });
  const signed = await signer.sign({
    method: 'POST',
    protocol: 'http:',
    hostname: url.hostname,
    port: Number(url.port),
    path: '/',
    headers: {
      host: url.host,
      'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
      'x-amz-content-sha256': createHash('sha256').update(body).digest('hex'),
    },
    body,
  });
  return { headers: signed.headers, body };
}

async function call(endpoint, credentials, params, service) {
  const { headers, body } = await signQuery(endpoint, credentials, params, service);
  const r = await fetch(endpoint, { method: 'POST', headers, body });
  return { status: r.status, text: await r.text() };
}

function tag(text, name) {
  const m = new RegExp(`<${name}>([^<]*)</${name}>`).exec(text);
  return m?.[1];
}

/** Creates what the measures need: a user to get, 100 roles, a user with a key and no policy. */
async function setup(endpoint, credentials) {
  const must = async (params) => {
    const r = await call(endpoint, credentials, params);
    if (r.status !== 200) throw new Error(`${params.Action} failed (${r.status}): ${r.text.slice(0, 300)}`);
    return r.text;
  };
  await must({ Action: 'CreateUser', UserName: 'bench-user' });
  const trust = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
  });
  for (let i = 0; i < 100; i++) {
    await must({ Action: 'CreateRole', RoleName: `bench-role-${String(i).padStart(3, '0')}`, AssumeRolePolicyDocument: trust });
  }
  await must({ Action: 'CreateUser', UserName: 'bench-denied' });
  const key = await must({ Action: 'CreateAccessKey', UserName: 'bench-denied' });
  // STS: a user allowed to assume a role that trusts its account.
  const assumerArn = tag(await must({ Action: 'CreateUser', UserName: 'bench-assumer' }), 'Arn');
  const account = assumerArn.split(':')[4];
  const roleArn = `arn:aws:iam::${account}:role/bench-assumable`;
  await must({
    Action: 'CreateRole',
    RoleName: 'bench-assumable',
    AssumeRolePolicyDocument: JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'sts:AssumeRole' }],
    }),
  });
  await must({
    Action: 'PutUserPolicy',
    UserName: 'bench-assumer',
    PolicyName: 'assume',
    // Resource "*": moto's authorizer does not match role ARNs for sts:AssumeRole (the trust policy still names
    // the account, so the grant is the same in effect).
    PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] }),
  });
  const assumerKey = await must({ Action: 'CreateAccessKey', UserName: 'bench-assumer' });
  return {
    denied: { accessKeyId: tag(key, 'AccessKeyId'), secretAccessKey: tag(key, 'SecretAccessKey') },
    assumer: { accessKeyId: tag(assumerKey, 'AccessKeyId'), secretAccessKey: tag(assumerKey, 'SecretAccessKey') },
    roleArn,
  };
}

/** Unauthenticated setup calls above (moto enforces IAM only after this many). */
const SETUP_CALLS = 1 + 100 + 2 + 4;

let useWrk = false;

/** wrk's latency figures ("812.00us", "10.03ms", "1.20s") in milliseconds. */
function wrkMs(text) {
  const m = /^([\d.]+)(us|ms|s)$/.exec(text);
  if (!m) return NaN;
  return Number(m[1]) * (m[2] === 'us' ? 0.001 : m[2] === 's' ? 1000 : 1);
}

function wrkLoad(endpoint, signed, expectStatus) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'castellan-wrk-'));
  const script = path.join(dir, 'request.lua');
  const lines = ['wrk.method = "POST"', `wrk.body = ${JSON.stringify(signed.body)}`];
  for (const [name, value] of Object.entries(signed.headers)) {
    if (name.toLowerCase() !== 'host') lines.push(`wrk.headers[${JSON.stringify(name)}] = ${JSON.stringify(value)}`);
  }
  writeFileSync(script, lines.join('\n') + '\n');
  // Two seconds unmeasured first: JIT warm-up, caches filled, every worker reached.
  spawnSync('wrk', ['-t1', `-c${CONNECTIONS}`, '-d2s', '-s', script, endpoint], { stdio: 'ignore' });
  const run = spawnSync('wrk', ['-t1', `-c${CONNECTIONS}`, `-d${SECONDS}s`, '--latency', '-s', script, endpoint], { encoding: 'utf8' });
  rmSync(dir, { recursive: true, force: true });
  const out = run.stdout ?? '';
  const pick = (re) => re.exec(out)?.[1];
  const total = Number(pick(/(\d+) requests in/) ?? 0);
  const non2xx = Number(pick(/Non-2xx or 3xx responses: (\d+)/) ?? 0);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  return {
    rps: Number(pick(/Requests\/sec:\s+([\d.]+)/) ?? 0),
    // Anchored: "82.50%" in the Req/Sec line must not pass for the 50th percentile.
    p50: wrkMs(pick(/^\s+50%\s+(\S+)/m) ?? ''),
    p99: wrkMs(pick(/^\s+99%\s+(\S+)/m) ?? ''),
    total,
    errors: socket ? socket.slice(1).reduce((a, b) => a + Number(b), 0) : 0,
    wrong: expectStatus === 200 ? non2xx : total - non2xx,
  };
}

async function load(endpoint, signed, expectStatus) {
  if (useWrk) return wrkLoad(endpoint, signed, expectStatus);
  const autocannon = (await import(path.join(benchDir, 'node_modules', 'autocannon', 'autocannon.js'))).default;
  const result = await autocannon({
    url: endpoint,
    method: 'POST',
    headers: signed.headers,
    body: signed.body,
    connections: CONNECTIONS,
    duration: SECONDS,
  });
  const wrong = expectStatus === 200 ? result.non2xx : result['2xx'] + (result.statusCodeStats?.['500']?.count ?? 0);
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    total: result.requests.total,
    errors: result.errors + result.timeouts,
    wrong,
  };
}

async function measure(name, endpoint, credentials, fixtures) {
  const deniedCredentials = fixtures.denied;
  const out = {};
  const getUser = await signQuery(endpoint, credentials, { Action: 'GetUser', UserName: 'bench-user' });
  out.getUser = await load(endpoint, getUser, 200);
  out.getUserFetch = await fetchLoop(endpoint, getUser, Math.min(SECONDS, 5));
  out.listRoles = await load(endpoint, await signQuery(endpoint, credentials, { Action: 'ListRoles', MaxItems: '100' }), 200);
  out.denied = await load(endpoint, await signQuery(endpoint, deniedCredentials, { Action: 'ListRoles' }), 403);
  // STS: a long-term key against a role session doing the same cheap call, and AssumeRole itself.
  const assume = { Action: 'AssumeRole', RoleArn: fixtures.roleArn, RoleSessionName: 'bench' };
  const assumed = await call(endpoint, fixtures.assumer, assume, 'sts');
  if (assumed.status !== 200) {
    // moto's authorizer refuses this AssumeRole although policy and trust allow it: report the STS rows as n/a.
    console.log(`${name}: AssumeRole refused (${assumed.status}); STS measures skipped: ${tag(assumed.text, 'Message') ?? ''}`);
    console.log(`measured ${name}`);
    return out;
  }
  const session = {
    accessKeyId: tag(assumed.text, 'AccessKeyId'),
    secretAccessKey: tag(assumed.text, 'SecretAccessKey'),
    sessionToken: tag(assumed.text, 'SessionToken'),
  };
  out.callerIdentityKey = await load(endpoint, await signQuery(endpoint, fixtures.assumer, { Action: 'GetCallerIdentity' }, 'sts'), 200);
  out.callerIdentitySession = await load(endpoint, await signQuery(endpoint, session, { Action: 'GetCallerIdentity' }, 'sts'), 200);
  out.assumeRole = await load(endpoint, await signQuery(endpoint, fixtures.assumer, assume, 'sts'), 200);
  console.log(`measured ${name}`);
  return out;
}

/**
 * A closed loop of `concurrency` workers sending the same signed request with fetch for `seconds`. Used for
 * a like-for-like figure against moto, whose connection handling stalls autocannon's keep-alive clients.
 */
async function fetchLoop(endpoint, signed, seconds, concurrency = 8) {
  const deadline = performance.now() + seconds * 1000;
  const latencies = [];
  let wrong = 0;
  const worker = async () => {
    while (performance.now() < deadline) {
      const start = performance.now();
      const r = await fetch(endpoint, { method: 'POST', headers: signed.headers, body: signed.body });
      await r.arrayBuffer();
      latencies.push(performance.now() - start);
      if (r.status !== 200) wrong++;
    }
  };
  const begun = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = (performance.now() - begun) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  return { rps: latencies.length / elapsed, p50: at(0.5), p99: at(0.99), total: latencies.length, wrong };
}

function startProcess(command, args, env) {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr = (stderr + d).slice(-4000);
  });
  return { child, stderr: () => stderr };
}

/** `castellan serve --workers N` on a fresh data directory: GetUser and ListRoles only. */
async function measureWorkers(workers) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'castellan-bench-workers-'));
  const server = startProcess(
    process.execPath,
    [path.join(repoRoot, 'dist/cli/main.js'), 'serve', '--data-dir', dataDir, '--workers', String(workers), '--port', String(port)],
    { CASTELLAN_ROOT_ACCESS_KEY_ID: ROOT.accessKeyId, CASTELLAN_ROOT_SECRET_ACCESS_KEY: ROOT.secretAccessKey },
  );
  try {
    await waitFor(`${url}/_castellan/health`, 60);
    await setup(url, ROOT);
    const out = {
      getUser: await load(url, await signQuery(url, ROOT, { Action: 'GetUser', UserName: 'bench-user' }), 200),
      listRoles: await load(url, await signQuery(url, ROOT, { Action: 'ListRoles', MaxItems: '100' }), 200),
    };
    console.log(`measured Castellan --workers ${workers}`);
    return out;
  } catch (error) {
    console.error(`Castellan --workers ${workers}: ${error.message}\n${server.stderr()}`);
    return undefined;
  } finally {
    server.child.kill('SIGTERM');
    await new Promise((resolve) => server.child.once('exit', resolve));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function main() {
  ensurePeersInstalled();
  useWrk = ensureWrk();
  const m = machine();
  printHeader('server: Castellan vs moto_server (signed IAM Query requests on loopback)', m);
  const results = { machine: m, connections: CONNECTIONS, seconds: SECONDS, loadGenerator: useWrk ? 'wrk' : 'autocannon' };
  console.log(`load generator: ${results.loadGenerator}`);

  const castellanPort = await freePort();
  const castellanUrl = `http://127.0.0.1:${castellanPort}`;
  const castellan = startProcess(process.execPath, [path.join(repoRoot, 'dist/cli/main.js'), 'serve', '--ephemeral', '--port', String(castellanPort)], {
    CASTELLAN_ROOT_ACCESS_KEY_ID: ROOT.accessKeyId,
    CASTELLAN_ROOT_SECRET_ACCESS_KEY: ROOT.secretAccessKey,
  });
  let moto;
  try {
    await waitFor(`${castellanUrl}/_castellan/health`);
    const c = await setup(castellanUrl, ROOT);
    results.castellan = await measure('Castellan', castellanUrl, ROOT, c);
  } catch (error) {
    console.error(`Castellan: ${error.message}\n${castellan.stderr()}`);
    castellan.child.kill();
    return false;
  }
  castellan.child.kill();
  results.castellanWorkers = await measureWorkers(2);

  const motoPort = await freePort();
  const motoUrl = `http://127.0.0.1:${motoPort}`;
  try {
    // moto only enforces IAM after INITIAL_NO_AUTH_ACTION_COUNT unauthenticated calls: the setup's calls
    // and the 3 that make an admin user run without auth; from then on every request is authenticated and
    // authorized, as on Castellan.
    moto = startProcess('moto_server', ['-p', String(motoPort), '-H', '127.0.0.1'], { INITIAL_NO_AUTH_ACTION_COUNT: String(SETUP_CALLS + 3) });
    await waitFor(`${motoUrl}/moto-api/`);
    const motoRoot = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
    const d = await setup(motoUrl, motoRoot);
    const adminPolicy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
    await call(motoUrl, motoRoot, { Action: 'CreateUser', UserName: 'bench-admin' });
    await call(motoUrl, motoRoot, { Action: 'PutUserPolicy', UserName: 'bench-admin', PolicyName: 'admin', PolicyDocument: adminPolicy });
    const key = (await call(motoUrl, motoRoot, { Action: 'CreateAccessKey', UserName: 'bench-admin' })).text;
    const admin = { accessKeyId: tag(key, 'AccessKeyId'), secretAccessKey: tag(key, 'SecretAccessKey') };
    results.moto = await measure('moto_server', motoUrl, admin, d);
  } catch (error) {
    console.error(`moto_server: ${error.message}\n${moto?.stderr() ?? ''}`);
    results.moto = undefined;
  } finally {
    moto?.child.kill();
  }

  // moto as it runs by default: no authentication or authorization at all (the issue's ~150-200 req/s anchor).
  // Only the reads are comparable; nothing is denied there.
  const motoOpenPort = await freePort();
  const motoOpenUrl = `http://127.0.0.1:${motoOpenPort}`;
  let motoOpen;
  try {
    motoOpen = startProcess('moto_server', ['-p', String(motoOpenPort), '-H', '127.0.0.1'], {});
    await waitFor(`${motoOpenUrl}/moto-api/`);
    const motoRoot = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
    await setup(motoOpenUrl, motoRoot);
    const getUser = await signQuery(motoOpenUrl, motoRoot, { Action: 'GetUser', UserName: 'bench-user' });
    results.motoNoAuth = {
      getUser: await load(motoOpenUrl, getUser, 200),
      getUserFetch: await fetchLoop(motoOpenUrl, getUser, Math.min(SECONDS, 5)),
      listRoles: await load(motoOpenUrl, await signQuery(motoOpenUrl, motoRoot, { Action: 'ListRoles', MaxItems: '100' }), 200),
    };
    console.log('measured moto_server without authentication');
  } catch (error) {
    console.error(`moto_server (no auth): ${error.message}`);
  } finally {
    motoOpen?.child.kill();
  }

  const rows = [['measure', 'Castellan req/s', 'p50 ms', 'p99 ms', 'moto req/s', 'p50 ms', 'p99 ms', 'ratio', 'moto no-auth req/s', 'ratio', 'target']];
  const targets = {
    getUser: '≥ 15,000 req/s, p99 < 10 ms',
    getUserFetch: 'same request, fetch client, 8 concurrent',
    listRoles: '',
    denied: '',
    callerIdentityKey: '',
    callerIdentitySession: 'cost ≤ 1.3× the key call',
    assumeRole: '',
  };
  // A peer measure that completed no request (moto's connection handling stalls keep-alive load generators) has
  // no ratio: compare on the getUserFetch row.
  const peerCells = (ours, p) => {
    if (p === undefined) return ['n/a', '', '', ''];
    if (!(p.total > 0)) return ['stalled', '', '', 'n/a'];
    return [`${fmt(p.rps)}${p.wrong > 0 ? ` (${p.wrong} wrong)` : ''}`, fmt(p.p50, 2), fmt(p.p99, 2), `${fmt(ours.rps / p.rps, 1)}×`];
  };
  const openCells = (ours, q) => {
    if (q === undefined) return ['', ''];
    if (!(q.total > 0)) return ['stalled', 'n/a'];
    return [fmt(q.rps), `${fmt(ours.rps / q.rps, 1)}×`];
  };
  let ok = true;
  for (const key of Object.keys(targets)) {
    const c = results.castellan[key];
    const p = results.moto?.[key];
    if (c === undefined) continue;
    if (c.wrong > 0 || (c.errors ?? 0) > 0) ok = false;
    rows.push([
      `${key}${c.wrong > 0 ? ` (${c.wrong} wrong statuses!)` : ''}`,
      fmt(c.rps),
      fmt(c.p50, 2),
      fmt(c.p99, 2),
      ...peerCells(c, p),
      ...openCells(c, results.motoNoAuth?.[key]),
      targets[key],
    ]);
  }
  for (const key of ['getUser', 'listRoles']) {
    const w = results.castellanWorkers?.[key];
    if (!w) continue;
    if (w.wrong > 0 || (w.errors ?? 0) > 0) ok = false;
    const p = results.moto?.[key];
    rows.push([
      `${key} --workers 2${w.wrong > 0 ? ` (${w.wrong} wrong statuses!)` : ''}`,
      fmt(w.rps),
      fmt(w.p50, 2),
      fmt(w.p99, 2),
      ...peerCells(w, p),
      ...openCells(w, results.motoNoAuth?.[key]),
      key === 'getUser' ? '≥ 15,000 req/s, p99 < 10 ms' : '',
    ]);
  }
  printTable(rows);
  const c = results.castellan;
  const sessionCost = c.callerIdentityKey.rps / c.callerIdentitySession.rps;
  results.sessionCostRatio = sessionCost;
  console.log(`Castellan role-session request cost / long-term-key request cost (GetCallerIdentity): ${fmt(sessionCost, 2)}× (target ≤ 1.3×)`);
  console.log(`${CONNECTIONS} connections, ${SECONDS} s per measure, load from ${results.loadGenerator}; servers on 127.0.0.1 of this machine, one at a time, with the load`);
  console.log('generator on the same 2 cores. "moto" authenticates and authorizes every request (INITIAL_NO_AUTH_ACTION_COUNT), as');
  console.log('Castellan does; "moto no-auth" is moto\'s default, which checks neither signature nor policy.');
  console.log(`${results.loadGenerator} stalls on moto's connection handling (keep-alive connections get an answer every few seconds, or`);
  console.log('none), so moto\'s rows from it are "stalled" or understate it: compare on the getUserFetch row, one client for both.');
  writeResults('server', results);
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
