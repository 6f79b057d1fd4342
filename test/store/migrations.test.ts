// SQLite schema versioning and connection settings.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE, LATEST_SCHEMA_VERSION, StoreSchemaError, openStore } from '../../src/store/index.js';
import { tempDir } from './harness.js';

const KEY = Buffer.alloc(32, 7);
const dirs: string[] = [];
const newDir = (): string => {
  const dir = tempDir();
  dirs.push(dir);
  return dir;
};

afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const raw = (dir: string): Database.Database => new Database(path.join(dir, DATABASE_FILE));

describe('SQLite migrations', () => {
  it('records every applied migration in schema_migrations', async () => {
    const dir = newDir();
    await (await openStore({ dataDir: dir, masterKey: KEY })).close();
    const db = raw(dir);
    const rows = db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all();
    db.close();
    expect(rows).toEqual([{ version: 1, name: 'initial' }]);
    expect(LATEST_SCHEMA_VERSION).toBe(1);
  });

  it('reopens an up-to-date database without applying anything again', async () => {
    const dir = newDir();
    await (await openStore({ dataDir: dir, masterKey: KEY })).close();
    const store = await openStore({ dataDir: dir, masterKey: KEY });
    expect(store.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    await store.close();
    const db = raw(dir);
    const count = db.prepare('SELECT count(*) AS n FROM schema_migrations').get();
    db.close();
    expect(count).toEqual({ n: 1 });
  });

  it('refuses a database written by a newer schema, naming both versions', async () => {
    const dir = newDir();
    await (await openStore({ dataDir: dir, masterKey: KEY })).close();
    const db = raw(dir);
    db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(LATEST_SCHEMA_VERSION + 1, 'future', 0);
    db.close();
    const err = await openStore({ dataDir: dir, masterKey: KEY }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreSchemaError);
    expect((err as Error).message).toContain(`version ${LATEST_SCHEMA_VERSION + 1} is newer`);
  });

  it('opens the file in WAL mode with synchronous=FULL and foreign keys on', async () => {
    const dir = newDir();
    const store = await openStore({ dataDir: dir, masterKey: KEY });
    // journal_mode is persistent in the file; the others are per connection, so ask through the store's own.
    const db = raw(dir);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    const pragmas = (store as unknown as { db: Database.Database }).db;
    expect(pragmas.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(pragmas.pragma('foreign_keys', { simple: true })).toBe(1);
    await store.close();
  });

  it('creates the database file readable by its owner only', async () => {
    const dir = newDir();
    await (await openStore({ dataDir: dir, masterKey: KEY })).close();
    expect(fs.statSync(path.join(dir, DATABASE_FILE)).mode & 0o077).toBe(0);
  });
});
