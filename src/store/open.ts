// Opens the configured store: an SQLite file in the data dir, or an in-memory database for --ephemeral.
import fs from 'node:fs';
import path from 'node:path';
import { createSecretBox, loadMasterKey } from './secrets.js';
import { SqliteStore } from './sqlite/index.js';

export const DATABASE_FILE = 'castellan.db';

export interface OpenStoreOptions {
  /** Directory of the database and master.key; created (0700) if missing. Required unless ephemeral. */
  dataDir?: string;
  /** In-memory store with `reset()`; nothing touches the disk unless a dataDir holds the master key. */
  ephemeral?: boolean;
  /** 32 bytes. Otherwise CASTELLAN_MASTER_KEY, then `<dataDir>/master.key` (random if ephemeral without dataDir). */
  masterKey?: Buffer;
  /** Older master keys whose secrets can still be opened while they are re-sealed under the current one. */
  previousMasterKeys?: readonly Buffer[];
  env?: NodeJS.ProcessEnv;
}

export async function openStore(options: OpenStoreOptions): Promise<SqliteStore> {
  const ephemeral = options.ephemeral ?? false;
  if (!ephemeral && options.dataDir === undefined) throw new Error('openStore: dataDir is required unless ephemeral');
  if (options.dataDir !== undefined && !ephemeral) fs.mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const key = loadMasterKey({
    ...(options.masterKey && { masterKey: options.masterKey }),
    // An ephemeral store's secrets die with the process: no key file is created for it.
    ...(!ephemeral && options.dataDir !== undefined && { dataDir: options.dataDir }),
    ...(options.env && { env: options.env }),
  });
  const secrets = createSecretBox(key, options.previousMasterKeys);
  const filename = ephemeral ? ':memory:' : path.join(options.dataDir!, DATABASE_FILE);
  return SqliteStore.open({ filename, secrets });
}
