import type { Cluster, Worker } from 'node:cluster';
import type { Command } from 'commander';
import { isValidAccountId } from '../arn/index.js';
import type { MetricsText } from '../server/index.js';
import { DEFAULT_ACCOUNT_ID, DEFAULT_DATA_DIR, DEFAULT_HOST, DEFAULT_PORT } from '../server/defaults.js';

interface ServeOptions {
  host: string;
  port: string;
  dataDir: string;
  accountId: string;
  ephemeral?: boolean;
  workers: string;
}

/** What a worker process tells the primary once it listens. */
interface WorkerReady {
  readonly castellan: 'listening';
  readonly url: string;
}

/** A worker asks the primary for the metrics of every worker (its `GET /metrics`). */
interface MetricsRequest {
  readonly castellan: 'metrics-request';
  readonly id: number;
}

/** The primary's answer: the aggregated exposition text, or why there is none. */
type MetricsReply = { readonly castellan: 'metrics'; readonly id: number } & (
  | { readonly contentType: string; readonly text: string }
  | { readonly error: string }
);

const castellanMessage = (m: unknown): unknown => (typeof m === 'object' && m !== null ? (m as { castellan?: unknown }).castellan : undefined);
const isWorkerReady = (m: unknown): m is WorkerReady => castellanMessage(m) === 'listening';
const isMetricsRequest = (m: unknown): m is MetricsRequest => castellanMessage(m) === 'metrics-request';
const isMetricsReply = (m: unknown): m is MetricsReply => castellanMessage(m) === 'metrics';

/**
 * How long a worker waits for the primary's metrics. prom-client's aggregator gives up on a silent worker after
 * 5 s and the primary answers with the error; this bound only matters if the primary itself never answers.
 */
const PRIMARY_METRICS_TIMEOUT_MS = 8000;

/** `castellan serve`: the IAM/STS server. Runs until SIGINT/SIGTERM, then closes cleanly. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the IAM/STS server (AWS SDKs, CLI and Terraform point endpoint_url at it)')
    .option('--host <host>', 'address to listen on', DEFAULT_HOST)
    .option('--port <port>', 'port to listen on', String(DEFAULT_PORT))
    .option('--data-dir <dir>', 'directory of the database, master key, root credentials and audit log', DEFAULT_DATA_DIR)
    .option('--account-id <id>', 'the account created on first start', DEFAULT_ACCOUNT_ID)
    .option('--ephemeral', 'keep everything in memory and enable POST /_castellan/reset (tests, local development)')
    .option('--workers <n>', 'server processes sharing the port and the data directory (not with --ephemeral)', '1')
    .action(async (options: ServeOptions) => {
      const port = Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0..65535, got ${options.port}`);
      if (!isValidAccountId(options.accountId)) throw new Error(`--account-id must be 12 digits, got ${options.accountId}`);
      const workers = Number(options.workers);
      if (!Number.isInteger(workers) || workers < 1 || workers > 64) throw new Error(`--workers must be 1..64, got ${options.workers}`);
      if (workers > 1 && options.ephemeral) throw new Error('--workers needs a data directory: an in-memory store cannot be shared between processes');
      const cluster = (await import('node:cluster')).default;
      if (workers > 1 && cluster.isPrimary) {
        await runPrimary(cluster, workers, options);
        return;
      }
      // Loaded here, not at the top: every other command starts faster without the server's modules.
      const [{ pino }, { answerClusterMetricsRequests, startServer }] = await Promise.all([import('pino'), import('../server/index.js')]);
      const logger = pino({ level: process.env.CASTELLAN_LOG_LEVEL ?? 'info' });
      // Answer the primary's metric requests from the start (empty until the app exists), so a scrape while this
      // worker starts does not wait for prom-client's timeout.
      if (cluster.isWorker) answerClusterMetricsRequests([]);
      const starting = startServer({
        host: options.host,
        port,
        dataDir: options.dataDir,
        accountId: options.accountId,
        ephemeral: options.ephemeral ?? false,
        logger,
        // A worker's own registry counts only the requests it answered: /metrics serves all workers' together.
        ...(cluster.isWorker && { metricsSource: metricsFromPrimary() }),
      });
      if (cluster.isWorker) {
        // The IPC channel to the primary would keep a failed worker alive: say why and exit, so the primary sees it.
        starting.catch((error: unknown) => {
          process.stderr.write(`castellan: ${error instanceof Error ? error.message : String(error)}\n`);
          process.exit(2);
        });
      }
      const server = await starting;
      const { root } = server;
      if (cluster.isWorker) {
        answerClusterMetricsRequests([server.app.metricsRegistry]);
        // The primary prints the banner once for all workers.
        const ready: WorkerReady = { castellan: 'listening', url: server.url };
        process.send?.(ready);
        onStopSignals(() => server.close(), logger);
        return;
      }
      const mode = options.ephemeral ? 'ephemeral, in memory' : `data in ${options.dataDir}`;
      process.stdout.write(`castellan: listening on ${server.url} (${mode}); account ${root.accountId}\n`);
      // Only the file's path is printed, never the secret.
      if (root.source === 'environment') {
        process.stdout.write('castellan: root access key from CASTELLAN_ROOT_ACCESS_KEY_ID\n');
      } else if (root.credentialsFile !== undefined) {
        process.stdout.write(`castellan: root credentials (profile [castellan]) in ${root.credentialsFile}\n`);
      } else {
        process.stdout.write('castellan: the root credentials file is missing; create another account with `castellan account create`\n');
      }
      onStopSignals(() => server.close(), logger, (signal) => process.stdout.write(`castellan: ${signal}, shutting down\n`));
    });
}

/** A worker's `GET /metrics`: asks the primary, which aggregates every worker's registry (prom-client). */
function metricsFromPrimary(): () => Promise<MetricsText> {
  let nextId = 0;
  const pending = new Map<number, { resolve(m: MetricsText): void; reject(e: Error): void; timer: NodeJS.Timeout }>();
  process.on('message', (m: unknown) => {
    if (!isMetricsReply(m)) return;
    const waiting = pending.get(m.id);
    if (waiting === undefined) return;
    pending.delete(m.id);
    clearTimeout(waiting.timer);
    if ('error' in m) waiting.reject(new Error(`the primary could not collect the workers' metrics: ${m.error}`));
    else waiting.resolve({ contentType: m.contentType, text: m.text });
  });
  return () =>
    new Promise<MetricsText>((resolve, reject) => {
      if (process.send === undefined || !process.connected) {
        reject(new Error('no IPC channel to the primary'));
        return;
      }
      const id = nextId++;
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`the primary did not answer with metrics within ${PRIMARY_METRICS_TIMEOUT_MS} ms`));
      }, PRIMARY_METRICS_TIMEOUT_MS);
      pending.set(id, { resolve, reject, timer });
      const request: MetricsRequest = { castellan: 'metrics-request', id };
      process.send(request, undefined, undefined, (err: Error | null) => {
        if (err === null || !pending.has(id)) return;
        pending.delete(id);
        clearTimeout(timer);
        reject(err);
      });
    });
}

/** Closes cleanly on SIGINT/SIGTERM (in-flight requests answered, last-used data and audit log flushed). */
function onStopSignals(close: () => Promise<void>, logger: { error(o: object, m: string): void }, say?: (signal: string) => void): void {
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    say?.(signal);
    close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  // on, not once: a worker gets the terminal's SIGINT and the primary's too, and a second signal without a
  // listener would kill it in the middle of its clean shutdown.
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

/**
 * `--workers N`: the primary prepares the data directory once (migrations, first account, root key file), then
 * forks N copies of this command that share the listening port (node:cluster) and the SQLite file (WAL lets them
 * read concurrently; writes take turns). Each worker drops its caches when another commits
 * (Store.syncExternalChanges), so a change is in force on the next request whichever worker answers it.
 * A worker that dies is replaced; SIGINT/SIGTERM stop them all.
 */
async function runPrimary(cluster: Cluster, workers: number, options: ServeOptions): Promise<void> {
  const { clusterMetricsAggregator, prepareDataDir } = await import('../server/index.js');
  const root = await prepareDataDir({ dataDir: options.dataDir, accountId: options.accountId });
  const clusterMetrics = clusterMetricsAggregator();
  const answerMetrics = (worker: Worker, id: number): void => {
    const reply = (m: MetricsReply): void => {
      // The asking worker may have gone meanwhile; the callback keeps a failed send from becoming an 'error' event.
      if (worker.isConnected()) worker.send(m, undefined, () => undefined);
    };
    clusterMetrics().then(
      (m) => reply({ castellan: 'metrics', id, contentType: m.contentType, text: m.text }),
      (err: unknown) => reply({ castellan: 'metrics', id, error: err instanceof Error ? err.message : String(err) }),
    );
  };
  let stopping = false;
  let listening = 0;
  const ready = new Set<number>();
  const fork = (): void => {
    const worker = cluster.fork();
    worker.on('message', (m: unknown) => {
      if (isMetricsRequest(m)) {
        answerMetrics(worker, m.id);
        return;
      }
      if (!isWorkerReady(m)) return;
      ready.add(worker.id);
      listening++;
      if (listening === workers) {
        process.stdout.write(`castellan: listening on ${m.url} (data in ${options.dataDir}, ${workers} workers); account ${root.accountId}\n`);
        if (root.source === 'environment') process.stdout.write('castellan: root access key from CASTELLAN_ROOT_ACCESS_KEY_ID\n');
        else if (root.credentialsFile !== undefined) process.stdout.write(`castellan: root credentials (profile [castellan]) in ${root.credentialsFile}\n`);
      }
    });
  };
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit();
      return;
    }
    if (!ready.has(worker.id)) {
      // It died before listening (port taken, data directory unreadable…): another would too. Stop them all.
      process.stderr.write(`castellan: worker ${worker.process.pid} failed to start (${signal ?? code}); stopping\n`);
      stopping = true;
      for (const other of Object.values(cluster.workers ?? {})) other?.process.kill('SIGTERM');
      process.exitCode = 2;
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(2);
      return;
    }
    process.stderr.write(`castellan: worker ${worker.process.pid} exited (${signal ?? code}); starting another\n`);
    fork();
  });
  for (let i = 0; i < workers; i++) fork();
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`castellan: ${signal}, shutting down ${workers} workers\n`);
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}
