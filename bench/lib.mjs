// Shared helpers for the benchmarks in bench/: paths, the peer install, timing, statistics, output.
// Benchmarks report; they never assert speed. Only a wrong answer makes one fail.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setImmediate } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const benchDir = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(benchDir, '..');

/** Where Castellan's build output is read from; CASTELLAN_DIST points a benchmark at another build (A/B runs). */
export const distDir = process.env.CASTELLAN_DIST ? path.resolve(process.env.CASTELLAN_DIST) : path.join(repoRoot, 'dist');

/** Imports a module of Castellan's build (`engine/index.js`…), with a useful message when the build is missing. */
export async function importDist(relative) {
  const file = path.join(distDir, relative);
  if (!existsSync(file)) {
    throw new Error(`${file} does not exist: build first (npm run build), or set CASTELLAN_DIST`);
  }
  return import(pathToFileURL(file).href);
}

/**
 * Installs bench/package.json's dependencies (the peers) on first use, so `npm run bench` works from a fresh
 * clone. The peers live apart from the product's dependencies: the product must never depend on them.
 */
export function ensurePeersInstalled() {
  const manifest = JSON.parse(readFileSync(path.join(benchDir, 'package.json'), 'utf8'));
  const stale = Object.entries(manifest.dependencies ?? {}).filter(([name, version]) => {
    const installed = path.join(benchDir, 'node_modules', name, 'package.json');
    return !existsSync(installed) || JSON.parse(readFileSync(installed, 'utf8')).version !== version;
  });
  if (stale.length === 0) return;
  console.log(`installing benchmark peers in bench/ (${stale.map(([n, v]) => `${n}@${v}`).join(', ')})…`);
  // npm is a .cmd on Windows, which Node only spawns through a shell.
  execFileSync('npm', ['install', '--prefix', benchDir, '--no-audit', '--no-fund'], {
    cwd: repoRoot,
    stdio: ['ignore', 'inherit', 'inherit'],
    shell: process.platform === 'win32',
  });
}

/**
 * wrk (Debian package `wrk`): a C load generator that costs the shared 2 cores far less than autocannon, so
 * the server, not the client, is what a server measure measures. Installed on first use where apt-get can run
 * (root); elsewhere the server benchmark falls back to autocannon and says so.
 */
export function ensureWrk() {
  const found = () => spawnSync('wrk', ['--version'], { stdio: 'ignore' }).error === undefined;
  if (found()) return true;
  if (process.platform !== 'linux' || process.getuid?.() !== 0 || spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).error) return false;
  console.log('installing wrk (Debian package) for the server benchmark…');
  const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'ignore' });
  if (update.status !== 0) return false;
  spawnSync('apt-get', ['install', '-y', '-qq', 'wrk'], { stdio: 'ignore', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  return found();
}

/** A positive integer from the environment, or the default. */
export function envInt(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, got ${JSON.stringify(raw)}`);
  return n;
}

// ---------------------------------------------------------------------------------------------- statistics

/** Nearest-rank percentile of an ascending array (p in 0..100). */
export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

/** min / median / max (and the values, as measured) of a list of numbers. */
export function summarize(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { min: sorted[0], median, max: sorted[sorted.length - 1], runs: values };
}

// ---------------------------------------------------------------------------------------------- timing

/** Keeps results observable so the JIT cannot drop the calls that produced them. */
export const sink = { value: 0 };

/**
 * Measures operations per second of `batch()`, which performs `opsPerBatch` operations and returns a number
 * (folded into the sink), or a promise of one: one await per batch, not per operation. Each of `runs` runs repeats the batch until it has lasted at least `minSeconds`;
 * the repeat count is calibrated once, after `warmupSeconds` of warm-up. Returns summarize(ops/s per run).
 */
export async function throughput(batch, opsPerBatch, { runs, minSeconds = 0.5, warmupSeconds = 0.5 }) {
  const seconds = (start) => Number(process.hrtime.bigint() - start) / 1e9;
  let reps = 0;
  const warm = process.hrtime.bigint();
  while (seconds(warm) < warmupSeconds || reps < 1) {
    sink.value ^= await batch();
    reps++;
  }
  // Aim at 1.2× the minimum so that most runs need no extra batch.
  const perBatch = seconds(warm) / reps;
  const planned = Math.max(1, Math.ceil((minSeconds * 1.2) / perBatch));
  const rates = [];
  for (let r = 0; r < runs; r++) {
    let done = 0;
    const start = process.hrtime.bigint();
    while (done < planned || seconds(start) < minSeconds) {
      sink.value ^= await batch();
      done++;
    }
    rates.push((done * opsPerBatch) / seconds(start));
    // Yield between runs so timers and pending I/O do not land inside the next run.
    await setImmediate();
  }
  return summarize(rates);
}

/**
 * Times single operations `one(i)` for i in 0..count-1, `rounds` times over, with process.hrtime.bigint(), after
 * `warmupRounds` untimed passes (so JIT warm-up is excluded). Every timed sample is kept: GC pauses and
 * scheduler hiccups stay in the percentiles (p99 is p99, nothing is filtered). Returns p50 / p99 / p99.9 / max
 * in microseconds, the sample count, and the timer's own overhead (median of empty measurements), which is
 * included in every sample.
 */
export function latency(one, count, { warmupRounds = 3, rounds = 1 } = {}) {
  for (let w = 0; w < warmupRounds; w++) for (let i = 0; i < count; i++) sink.value ^= one(i);
  const total = count * rounds;
  const samples = new Float64Array(total);
  let k = 0;
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < count; i++) {
      const start = process.hrtime.bigint();
      sink.value ^= one(i);
      samples[k++] = Number(process.hrtime.bigint() - start);
    }
  }
  const empty = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const start = process.hrtime.bigint();
    empty[i] = Number(process.hrtime.bigint() - start);
  }
  samples.sort();
  empty.sort();
  const us = (ns) => ns / 1000;
  return {
    p50: us(percentile(samples, 50)),
    p99: us(percentile(samples, 99)),
    p999: us(percentile(samples, 99.9)),
    max: us(samples[total - 1]),
    timerOverhead: us(percentile(empty, 50)),
    samples: total,
  };
}

// ---------------------------------------------------------------------------------------------- output

/** The machine a result was measured on. */
export function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    date: new Date().toISOString(),
  };
}

export function printHeader(title, m = machine()) {
  console.log(`\n== ${title}`);
  console.log(`machine: ${m.cpu}, ${m.cores} cores, ${m.platform}; Node ${m.node}; ${m.date}`);
}

/** 1234567 → "1,234,567"; small values keep a few significant digits. */
export function fmt(n, digits = 0) {
  if (n === undefined || n === null || Number.isNaN(n)) return '—';
  if (!Number.isFinite(n)) return String(n);
  const d = Math.abs(n) >= 100 ? digits : Math.max(digits, 2);
  return n.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
}

/** Prints rows (arrays of cells) as an aligned table; numbers right-aligned, the first row is the heading. */
export function printTable(rows) {
  const text = rows.map((row) => row.map((cell) => (cell === undefined ? '' : String(cell))));
  const widths = text[0].map((_, c) => Math.max(...text.map((row) => (row[c] ?? '').length)));
  const right = (c) => c > 0 && rows.slice(1).some((row) => typeof row[c] === 'number' || /^[\d,.×µ]/.test(String(row[c] ?? '')));
  const line = (row) =>
    row.map((cell, c) => (right(c) ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  ').trimEnd();
  console.log(line(text[0]));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of text.slice(1)) console.log(line(row));
}

/** Writes a benchmark's results to bench/results/<name>.json (git-ignored) and returns the path. */
export function writeResults(name, data) {
  const dir = path.join(benchDir, 'results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.json`);
  writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
  return file;
}

/** True when `importMetaUrl` is the entry script (a benchmark file run directly with node). */
export function isMain(importMetaUrl) {
  return process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(importMetaUrl);
}
