// Applies pending migrations, each in its own transaction, recorded in schema_migrations.
import type Database from 'better-sqlite3';
import { StoreSchemaError } from '../errors.js';
import type { Migration } from './migrations/index.js';

export function migrate(db: Database.Database, migrations: readonly Migration[]): number {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at INTEGER NOT NULL
  ) STRICT`);
  const applied = db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all() as {
    version: number;
    name: string;
  }[];
  const latest = migrations[migrations.length - 1]?.version ?? 0;
  const current = applied[applied.length - 1]?.version ?? 0;
  if (current > latest) {
    throw new StoreSchemaError(
      `database schema version ${current} is newer than this Castellan supports (${latest}); ` +
        'upgrade Castellan, or open a backup made by this version',
    );
  }
  for (const row of applied) {
    const known = migrations.find((m) => m.version === row.version);
    if (!known || known.name !== row.name) {
      throw new StoreSchemaError(`database has migration ${row.version} (${row.name}) that this Castellan does not know`);
    }
  }

  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    // IMMEDIATE: two processes opening the same file at once cannot both apply a step.
    const apply = db.transaction(() => {
      const again = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').get(migration.version);
      if (again) return;
      db.exec(migration.sql);
      record.run(migration.version, migration.name, Date.now());
    });
    apply.immediate();
  }
  return latest;
}
