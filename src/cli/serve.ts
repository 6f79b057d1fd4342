import type { Command } from 'commander';
import { isValidAccountId } from '../arn/index.js';
import { DEFAULT_ACCOUNT_ID, DEFAULT_DATA_DIR, DEFAULT_HOST, DEFAULT_PORT } from '../server/defaults.js';

interface ServeOptions {
  host: string;
  port: string;
  dataDir: string;
  accountId: string;
  ephemeral?: boolean;
}

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
    .action(async (options: ServeOptions) => {
      const port = Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0..65535, got ${options.port}`);
      if (!isValidAccountId(options.accountId)) throw new Error(`--account-id must be 12 digits, got ${options.accountId}`);
      // Loaded here, not at the top: every other command starts faster without the server's modules.
      const [{ pino }, { startServer }] = await Promise.all([import('pino'), import('../server/index.js')]);
      const logger = pino({ level: process.env.CASTELLAN_LOG_LEVEL ?? 'info' });
      const server = await startServer({
        host: options.host,
        port,
        dataDir: options.dataDir,
        accountId: options.accountId,
        ephemeral: options.ephemeral ?? false,
        logger,
      });
      const { root } = server;
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
      let stopping = false;
      const stop = (signal: string): void => {
        if (stopping) return;
        stopping = true;
        process.stdout.write(`castellan: ${signal}, shutting down\n`);
        server.close().then(
          () => process.exit(0),
          (err: unknown) => {
            logger.error({ err }, 'shutdown failed');
            process.exit(1);
          },
        );
      };
      process.once('SIGINT', () => stop('SIGINT'));
      process.once('SIGTERM', () => stop('SIGTERM'));
    });
}
