// `castellan serve` from the built CLI (dist/, so `npm run build` first) in a process of its own, for tests
// that must kill the server for real (SIGKILL) and start it again on the same data directory.
//
//   const server = await startCliServer({ dataDir, rootCredentials });
//   ...
//   server.pause();             // SIGSTOP: frozen wherever it was (resume() sends SIGCONT)
//   await server.kill();        // SIGKILL: no shutdown hook runs
//   await server.stop();        // SIGTERM: the clean shutdown; resolves with the exit code
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const CLI = join(import.meta.dirname, '../../dist/cli/main.js');

export interface CliServerOptions {
  readonly dataDir: string;
  /** Passed as CASTELLAN_ROOT_ACCESS_KEY_ID / CASTELLAN_ROOT_SECRET_ACCESS_KEY. */
  readonly rootCredentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /** Default 15 s (a busy 2-core machine starts node slowly). */
  readonly startTimeoutMs?: number;
  /** More `serve` flags, e.g. `['--workers', '2']`. */
  readonly args?: readonly string[];
}

export interface CliServer {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  readonly pid: number;
  /** Sends SIGKILL (synchronously: nothing the test does afterwards can reach the old process) and waits for the exit. */
  kill(): Promise<void>;
  /** Sends SIGSTOP and returns once the process is stopped (where /proc tells; elsewhere as soon as it is sent). */
  pause(): void;
  /** Sends SIGCONT. */
  resume(): void;
  /** Sends SIGTERM and resolves with the exit code once the process is gone. */
  stop(): Promise<number | null>;
  /** What the server wrote to stderr (for failure messages). */
  stderr(): string;
  /** What the server wrote to stdout. */
  stdout(): string;
}

export async function startCliServer(options: CliServerOptions): Promise<CliServer> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CASTELLAN_ROOT_ACCESS_KEY_ID: options.rootCredentials.accessKeyId,
    CASTELLAN_ROOT_SECRET_ACCESS_KEY: options.rootCredentials.secretAccessKey,
    CASTELLAN_LOG_LEVEL: 'warn',
  };
  // The master key must come from <data-dir>/master.key, as in a real deployment, not from the environment.
  delete env.CASTELLAN_MASTER_KEY;
  // Port 0: the kernel picks a free port and the server prints it; no window where another process takes it.
  const child = spawn(process.execPath, [CLI, 'serve', '--data-dir', options.dataDir, '--host', '127.0.0.1', '--port', '0', ...(options.args ?? [])], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  let endpoint: string;
  try {
    endpoint = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`castellan serve did not start:\n${stdout}\n${stderr}`)), options.startTimeoutMs ?? 15_000);
      const onData = (): void => {
        const m = /listening on (http:\/\/[\d.]+:\d+)/.exec(stdout);
        if (!m) return;
        clearTimeout(timer);
        child.stdout.off('data', onData);
        resolve(m[1]!);
      };
      child.stdout.on('data', onData);
      void exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`castellan serve exited (${code}) before listening:\n${stdout}\n${stderr}`));
      });
    });
    const health = await fetch(`${endpoint}/_castellan/health`);
    if (health.status !== 200) throw new Error(`health check answered ${health.status}`);
  } catch (err) {
    child.kill('SIGKILL');
    await exited;
    throw err;
  }
  return cliServer(child, endpoint, exited, () => stderr, () => stdout);
}

function cliServer(child: ChildProcess, endpoint: string, exited: Promise<number | null>, stderr: () => string, stdout: () => string): CliServer {
  return {
    endpoint,
    pid: child.pid!,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    pause() {
      child.kill('SIGSTOP');
      // kill(2) returns before the target is off its CPU; /proc/<pid>/stat shows state T once it is.
      const stat = `/proc/${child.pid}/stat`;
      if (!existsSync(stat)) return;
      // Spins: a stop takes microseconds. Z/X: it died meanwhile (nothing left to wait for).
      while (!/^\d+ \(.*\) [TtZX] /s.test(readFileSync(stat, 'utf8'))) continue;
    },
    resume() {
      child.kill('SIGCONT');
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
    stderr,
    stdout,
  };
}
