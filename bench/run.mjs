// `npm run bench` → every benchmark in order; `node bench/run.mjs engine` → the named ones.
// Each benchmark is bench/<name>.mjs, exporting main() → Promise<boolean> (false: a wrong answer, not a slow one),
// and runs in its own Node process so that one's JIT and heap state do not colour the next one's figures.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { benchDir } from './lib.mjs';

/** In the order they run. Add a benchmark here (e.g. 'server' vs moto_server, 'analyzer' vs cfn-lint). */
const BENCHMARKS = ['engine', 'server', 'analyzer'];

const requested = process.argv.slice(2);
const unknown = requested.filter((name) => !BENCHMARKS.includes(name));
if (unknown.length > 0) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; available: ${BENCHMARKS.join(', ')}`);
  process.exit(2);
}

const failed = [];
for (const name of requested.length > 0 ? requested : BENCHMARKS) {
  const run = spawnSync(process.execPath, [path.join(benchDir, `${name}.mjs`)], { stdio: 'inherit' });
  if (run.status !== 0) failed.push(`${name} (${run.signal ?? `exit ${run.status}`})`);
}
if (failed.length > 0) {
  console.error(`\nbenchmarks failed: ${failed.join(', ')}`);
  process.exitCode = 1;
}
