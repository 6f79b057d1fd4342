// SQLite schema versioning and connection settings.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE, LATEST_SCHEMA_VERSION, StoreSchemaError, openStore } from '../../src/store/index.js';
import { migrate } from '../../src/store/sqlite/migrate.js';
import { migrations } from '../../src/store/sqlite/migrations/index.js';
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
    expect(rows).toEqual([
      { version: 1, name: 'initial' },
      { version: 2, name: 'credential_reports' },
    ]);
    expect(LATEST_SCHEMA_VERSION).toBe(2);
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
    expect(count).toEqual({ n: LATEST_SCHEMA_VERSION });
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

  it('migrates a version 1 database to version 2 without losing its data', async () => {
    const dir = newDir();
    fs.mkdirSync(dir, { recursive: true });
    // A database as a Castellan with only migration 1 left it.
    const v1 = raw(dir);
    expect(migrate(v1, migrations.slice(0, 1))).toBe(1);
    v1.prepare('INSERT INTO accounts (account_id, create_date) VALUES (?, ?)').run('111122223333', 1_700_000_000_000);
    v1.prepare('INSERT INTO account_aliases (account_id, alias) VALUES (?, ?)').run('111122223333', 'acme');
    v1.prepare(
      'INSERT INTO users (account_id, user_name, user_id, path, arn, create_date) VALUES (?, ?, ?, ?, ?, ?)',
    ).run('111122223333', 'alice', 'AIDA00000000000000001', '/', 'arn:aws:iam::111122223333:user/alice', 1_700_000_000_000);
    v1.close();

    const store = await openStore({ dataDir: dir, masterKey: KEY });
    expect(store.schemaVersion).toBe(2);
    const generatedTime = new Date('2025-03-01T10:00:00Z');
    await store.transaction((t) => t.credentialReports.put({ accountId: '111122223333', csv: 'user,arn', generatedTime }));
    await store.transaction(async (t) => {
      expect(await t.accounts.get('111122223333')).toEqual({ accountId: '111122223333', alias: 'acme', createDate: new Date(1_700_000_000_000) });
      expect((await t.users.list('111122223333')).map((u) => [u.userName, u.userId])).toEqual([['alice', 'AIDA00000000000000001']]);
      expect(await t.credentialReports.get('111122223333')).toEqual({ accountId: '111122223333', csv: 'user,arn', generatedTime });
    });
    await store.close();
    const db = raw(dir);
    const versions = db.prepare('SELECT version FROM schema_migrations ORDER BY version').all();
    db.close();
    expect(versions).toEqual([{ version: 1 }, { version: 2 }]);
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
