// Engine benchmark: Castellan's evaluate() on ../shared/bench/engine-workload.json, used unchanged, against the
// peer @cloud-copilot/iam-simulate measured in the same run on the same requests.
// Every Castellan decision must equal `expected` or the benchmark fails; speed targets are informative only.
//
// Environment: CASTELLAN_BENCH_WORKLOAD (workload path), BENCH_RUNS (timed runs per measure, default 7),
// BENCH_PEER_REQUESTS (how many requests, from the first, the peer is measured on; default 1000),
// CASTELLAN_DIST (a build other than ./dist, for A/B runs).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  ensurePeersInstalled,
  envInt,
  fmt,
  importDist,
  isMain,
  latency,
  machine,
  printHeader,
  printTable,
  repoRoot,
  sink,
  throughput,
  writeResults,
} from './lib.mjs';

const DECISION_OF_EXPECTED = {
  Allowed: 'allowed',
  ImplicitlyDenied: 'implicitDeny',
  ExplicitlyDenied: 'explicitDeny',
};

/** The issue's targets on a 2-core machine. */
const TARGETS = {
  fastMedian: 1_000_000,
  explainMedian: 50_000,
  p99Us: 10,
};

const MAX_SHOWN_MISMATCHES = 10;

function loadWorkload() {
  const file = process.env.CASTELLAN_BENCH_WORKLOAD
    ? path.resolve(process.env.CASTELLAN_BENCH_WORKLOAD)
    : path.resolve(repoRoot, '../shared/bench/engine-workload.json');
  if (!existsSync(file)) {
    throw new Error(`workload not found: ${file} (expected shared/ beside the repo, or set CASTELLAN_BENCH_WORKLOAD)`);
  }
  const text = readFileSync(file, 'utf8');
  const workload = JSON.parse(text);
  for (const r of workload.requests) {
    if (!(r.expected in DECISION_OF_EXPECTED)) throw new Error(`unknown expected value ${JSON.stringify(r.expected)}`);
  }
  return { file, sha256: createHash('sha256').update(text).digest('hex'), workload };
}

/**
 * Parses and compiles the workload's policies into two policy sets, with and without the bucket policy, and
 * builds one request object per workload request. None of this is timed.
 */
async function prepareCastellan(workload) {
  const { parsePolicy } = await importDist('policy/index.js');
  const { compilePolicySet, evaluate } = await importDist('engine/index.js');

  const problems = [];
  const named = ({ name, policy }) => {
    const { document, diagnostics } = parsePolicy(JSON.stringify(policy), { source: name });
    for (const d of diagnostics ?? []) {
      if (d.severity === 'error') problems.push(`${name}: ${d.code}: ${d.message}`);
    }
    if (!document) problems.push(`${name}: parsePolicy returned no document`);
    return { name, document };
  };
  const identity = workload.identityPolicies.map(named);
  const permissionBoundary = named(workload.permissionBoundary);
  const scps = [[named(workload.scp)]];
  const resource = named(workload.resourcePolicy);
  if (problems.length > 0) throw new Error(`the workload's policies did not parse:\n  ${problems.join('\n  ')}`);

  const withoutResourcePolicy = compilePolicySet({ identity, permissionBoundary, scps });
  const withResourcePolicy = compilePolicySet({ identity, resource, permissionBoundary, scps });
  const skipped = [...(withoutResourcePolicy.skippedPolicies ?? []), ...(withResourcePolicy.skippedPolicies ?? [])];
  if (skipped.length > 0) {
    throw new Error(`policies skipped by compilePolicySet: ${skipped.map((s) => `${s.policyName}: ${s.reason}`).join('; ')}`);
  }

  const requests = workload.requests.map((r) => ({
    principal: r.principal,
    action: r.action,
    resource: r.resource,
    resourceAccount: r.resourceAccount,
    context: r.context,
  }));
  // The workload names the resource policy that applies (null = none).
  const sets = workload.requests.map((r) => (r.resourcePolicy ? withResourcePolicy : withoutResourcePolicy));
  return { evaluate, requests, sets };
}

/** Runs every request once in both modes and compares with `expected`. */
function checkCastellan({ evaluate, requests, sets }, workload) {
  const mismatches = [];
  let correct = 0;
  let explainCorrect = 0;
  let explanationMissing = 0;
  for (let i = 0; i < requests.length; i++) {
    const expected = DECISION_OF_EXPECTED[workload.requests[i].expected];
    const fast = evaluate(requests[i], sets[i]);
    const explained = evaluate(requests[i], sets[i], { explain: true });
    if (fast.decision === expected) correct++;
    if (explained.decision === expected) explainCorrect++;
    if (!explained.explanation) explanationMissing++;
    if (fast.decision !== expected || explained.decision !== expected) {
      const r = requests[i];
      mismatches.push({
        index: i,
        action: r.action,
        resource: r.resource,
        resourceAccount: r.resourceAccount,
        resourcePolicy: workload.requests[i].resourcePolicy ?? null,
        expected,
        got: fast.decision,
        gotWithExplain: explained.decision,
        summary: explained.explanation?.summary,
      });
    }
  }
  return { total: requests.length, correct, explainCorrect, explanationMissing, mismatches };
}

async function measurePeer(workload, count, runs) {
  ensurePeersInstalled();
  const { iamSimulatePeer } = await import('./peers/iam-simulate.mjs');
  const subset = workload.requests.slice(0, count);
  const peer = await iamSimulatePeer(workload, subset);
  const variants = [
    { key: 'runSimulation', label: 'runSimulation (public API)', decide: peer.publicApi },
    { key: 'core', label: 'core authorize, policies loaded once', decide: peer.core },
  ];
  const results = {};
  for (const v of variants) {
    // The agreement pass doubles as warm-up (the peer loads its service data lazily on first use).
    let agree = 0;
    const disagreements = [];
    for (let i = 0; i < subset.length; i++) {
      const got = await v.decide(i);
      if (got === subset[i].expected) agree++;
      else if (disagreements.length < MAX_SHOWN_MISMATCHES) {
        disagreements.push({ index: i, action: subset[i].action, resource: subset[i].resource, expected: subset[i].expected, got });
      }
    }
    const batch = async () => {
      let x = 0;
      for (let i = 0; i < subset.length; i++) x += (await v.decide(i)).length;
      return x;
    };
    const rate = await throughput(batch, subset.length, { runs, minSeconds: 0.5, warmupSeconds: 0 });
    results[v.key] = { label: v.label, requests: subset.length, agree, disagreements, decisionsPerSecond: rate };
  }
  return { name: peer.name, version: peer.version, ...results };
}

export async function main() {
  const runs = envInt('BENCH_RUNS', 7);
  const m = machine();
  printHeader('engine: Castellan evaluate() vs @cloud-copilot/iam-simulate', m);
  const { file, sha256, workload } = loadWorkload();
  const n = workload.requests.length;
  const peerCount = Math.min(envInt('BENCH_PEER_REQUESTS', 1000), n);
  console.log(`workload: ${path.relative(process.cwd(), file) || file} (${n} requests, sha256 ${sha256.slice(0, 12)}); ${runs} runs per measure`);

  const result = {
    benchmark: 'engine',
    machine: m,
    workload: { file, sha256, requests: n },
    runs,
    targets: TARGETS,
  };

  // ------------------------------------------------------------------ Castellan: correctness, then timing
  let castellan;
  let castellanError;
  try {
    castellan = await prepareCastellan(workload);
  } catch (err) {
    castellanError = err;
  }
  let check;
  if (castellan) {
    check = checkCastellan(castellan, workload);
    result.correctness = check;
    if (check.mismatches.length > 0) {
      console.log(`\nFAIL: ${check.mismatches.length} of ${n} decisions differ from expected (fast ${check.correct}/${n}, explain ${check.explainCorrect}/${n}):`);
      for (const mm of check.mismatches.slice(0, MAX_SHOWN_MISMATCHES)) {
        const acct = mm.resourceAccount ? ` (account ${mm.resourceAccount}${mm.resourcePolicy ? ', bucket policy' : ''})` : '';
        const both = mm.gotWithExplain === mm.got ? mm.got : `${mm.got} / explain ${mm.gotWithExplain}`;
        console.log(`  #${mm.index} ${mm.action} ${mm.resource}${acct}: expected ${mm.expected}, got ${both}${mm.summary ? ` (${mm.summary})` : ''}`);
      }
      result.correctness = { ...check, mismatches: check.mismatches.slice(0, 100) };
    } else if (check.explanationMissing > 0) {
      console.log(`\nnote: ${check.explanationMissing} explain-mode results carry no explanation`);
    }
  } else {
    console.log(`\nFAIL: Castellan's engine could not be loaded or prepared: ${castellanError.message}`);
    result.correctness = { error: castellanError.message };
  }
  const ok = check !== undefined && check.mismatches.length === 0;

  if (ok) {
    const { evaluate, requests, sets } = castellan;
    const explainOptions = { explain: true };
    const fastBatch = () => {
      let x = 0;
      for (let i = 0; i < n; i++) x += evaluate(requests[i], sets[i]).decision.length;
      return x;
    };
    const explainBatch = () => {
      let x = 0;
      for (let i = 0; i < n; i++) {
        const r = evaluate(requests[i], sets[i], explainOptions);
        x += r.decision.length + r.explanation.layers.length;
      }
      return x;
    };
    console.log('measuring Castellan…');
    result.castellan = {
      fast: await throughput(fastBatch, n, { runs }),
      explain: await throughput(explainBatch, n, { runs }),
      // Three timed passes over every request (30,000 samples with the shared workload) after three untimed ones.
      latencyUs: latency((i) => evaluate(requests[i], sets[i]).decision.length, n, { warmupRounds: 3, rounds: 3 }),
    };
  }

  // ------------------------------------------------------------------ the peer, same requests (a prefix)
  console.log(`measuring ${'@cloud-copilot/iam-simulate'} on the first ${peerCount} requests (it is slow)…`);
  const peer = await measurePeer(workload, peerCount, runs);
  result.peer = peer;

  // ------------------------------------------------------------------ report
  const c = result.castellan;
  const met = (yes) => (yes ? 'met' : 'NOT met');
  const ratio = (a, b) => (a && b ? `${fmt(a / b, 0)}×` : '—');
  const rows = [['measure', 'min', 'median', 'max', 'target', '']];
  rows.push(['Castellan fast path (decisions/s)', fmt(c?.fast.min), fmt(c?.fast.median), fmt(c?.fast.max),
    `median ≥ ${fmt(TARGETS.fastMedian)}`, c ? met(c.fast.median >= TARGETS.fastMedian) : '']);
  rows.push(['Castellan explain (decisions/s)', fmt(c?.explain.min), fmt(c?.explain.median), fmt(c?.explain.max),
    `median ≥ ${fmt(TARGETS.explainMedian)}`, c ? met(c.explain.median >= TARGETS.explainMedian) : '']);
  for (const key of ['runSimulation', 'core']) {
    const p = peer[key];
    rows.push([`iam-simulate ${peer.version} ${p.label} (decisions/s)`, fmt(p.decisionsPerSecond.min),
      fmt(p.decisionsPerSecond.median), fmt(p.decisionsPerSecond.max), '', '']);
  }
  result.ratios = {};
  for (const key of ['runSimulation', 'core']) {
    const p = peer[key].decisionsPerSecond.median;
    result.ratios[key] = { fast: c ? c.fast.median / p : null, explain: c ? c.explain.median / p : null };
    rows.push([`ratio Castellan / iam-simulate ${key}: fast`, '', ratio(c?.fast.median, p), '', '', '']);
    rows.push([`ratio Castellan / iam-simulate ${key}: explain`, '', ratio(c?.explain.median, p), '', '', '']);
  }
  const lat = c?.latencyUs;
  rows.push(['single-decision latency p50 (µs)', '', lat ? fmt(lat.p50, 2) : '—', '', '', '']);
  rows.push(['single-decision latency p99 (µs)', '', lat ? fmt(lat.p99, 2) : '—', '', `< ${TARGETS.p99Us} µs`,
    lat ? met(lat.p99 < TARGETS.p99Us) : '']);
  rows.push(['single-decision latency p99.9 (µs)', '', lat ? fmt(lat.p999, 2) : '—', '', '', '']);
  rows.push(['single-decision latency max (µs)', '', lat ? fmt(lat.max, 2) : '—', '', '', '']);
  rows.push(['Castellan correctness (fast and explain)', '', check ? `${Math.min(check.correct, check.explainCorrect)}/${n}` : 'not run', '', `${n}/${n}`, ok ? 'met' : 'FAILED']);
  for (const key of ['runSimulation', 'core']) {
    const p = peer[key];
    rows.push([`iam-simulate ${key} agreement (first ${p.requests})`, '', `${p.agree}/${p.requests}`, '', '', '']);
  }
  console.log('');
  printTable(rows);
  if (lat) {
    console.log(`latency: ${lat.samples} single decisions (fast path) timed with process.hrtime.bigint() after 3 untimed warm-up passes; no sample is filtered (GC pauses included); each includes the timer's own ~${fmt(lat.timerOverhead, 3)} µs`);
  }
  console.log(`peer figures: ${peerCount} of ${n} requests (the first ${peerCount}); ratios are of medians, measured in this process`);
  for (const key of ['runSimulation', 'core']) {
    const p = peer[key];
    if (p.agree !== p.requests) {
      console.log(`warning: iam-simulate ${key} disagrees with expected on ${p.requests - p.agree} requests, e.g.`);
      for (const d of p.disagreements.slice(0, 3)) console.log(`  #${d.index} ${d.action} ${d.resource}: expected ${d.expected}, got ${d.got}`);
    }
  }
  const out = writeResults('engine', { ...result, ok, sinkValue: sink.value });
  console.log(`results: ${path.relative(process.cwd(), out)}`);
  if (!ok) console.log('engine benchmark FAILED: decisions must equal expected');
  return ok;
}

if (isMain(import.meta.url)) {
  main().then(
    (ok) => {
      process.exitCode = ok ? 0 : 1;
    },
    (err) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
