// SQLite harnesses for the store suite: a real database file in a temp dir, and the in-memory store.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DATABASE_FILE, openStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/index.js';
import type { StoreHarness } from './suite.js';

export const tempDir = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'castellan-store-'));

export async function sqliteFileHarness(): Promise<StoreHarness> {
  const dataDir = tempDir();
  const masterKey = randomBytes(32);
  let store: Store = await openStore({ dataDir, masterKey, env: {} });
  return {
    store,
    async reopen() {
      await store.close();
      store = await openStore({ dataDir, masterKey, env: {} });
      return store;
    },
    async rawBytes() {
      // Committed pages may still sit in the WAL: read every file the database consists of.
      const files = [DATABASE_FILE, `${DATABASE_FILE}-wal`, `${DATABASE_FILE}-shm`].map((f) => path.join(dataDir, f));
      return Buffer.concat(files.filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f)));
    },
    async cleanup() {
      await store.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function sqliteMemoryHarness(): Promise<StoreHarness> {
  const store = await openStore({ ephemeral: true, env: {} });
  return { store, cleanup: () => store.close() };
}
