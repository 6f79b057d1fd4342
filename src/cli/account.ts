import type { Command } from 'commander';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { isValidAccountId } from '../arn/index.js';
import { DEFAULT_DATA_DIR } from '../server/defaults.js';

interface AccountCreateOptions {
  accountId?: string;
  dataDir: string;
}

/** `castellan account create`: a new account and its root key, printed once (to stdout only). */
export function registerAccount(program: Command): void {
  const account = program.command('account').description('manage the accounts of a Castellan data directory');
  account
    .command('create')
    .description('create an account with a root access key; the secret is printed once')
    .option('--account-id <id>', 'the 12-digit account id (default: random)')
    .option('--data-dir <dir>', 'the data directory of the server', DEFAULT_DATA_DIR)
    .action(async (options: AccountCreateOptions) => {
      if (options.accountId !== undefined && !isValidAccountId(options.accountId)) {
        throw new Error(`--account-id must be 12 digits, got ${options.accountId}`);
      }
      const [{ createAccount, ServiceError }, { openStore }] = await Promise.all([
        import('../identity/index.js'),
        import('../store/index.js'),
      ]);
      const store = await openStore({ dataDir: path.resolve(options.dataDir) });
      try {
        const created = await createAccount(store, (n) => randomBytes(n), options.accountId);
        process.stdout.write(
          `account_id = ${created.accountId}\n` +
            `aws_access_key_id = ${created.accessKeyId}\n` +
            `aws_secret_access_key = ${created.secretAccessKey}\n`,
        );
      } catch (err) {
        if (err instanceof ServiceError) throw new Error(err.message);
        throw err;
      } finally {
        await store.close();
      }
    });
}
