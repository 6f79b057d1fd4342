// The state one SQLite transaction's repositories share: cached statements, the secret box, the change
// recorder, the read-only flag, and the mapping of SQLite constraint errors to typed store errors.
import type Database from 'better-sqlite3';
import { ChangeRecorder } from '../changes.js';
import type { ChangedEntityKind } from '../changes.js';
import { StoreConflictError, StoreError, StoreNotFoundError, StoreReadOnlyError } from '../errors.js';
import type { SecretBox } from '../secrets.js';

export type SqlValue = string | number | bigint | Buffer | null;

/** Prepared once per connection, reused by every transaction. */
export class StatementCache {
  private readonly cache = new Map<string, Database.Statement<SqlValue[]>>();

  constructor(private readonly db: Database.Database) {}

  get(sql: string): Database.Statement<SqlValue[]> {
    let stmt = this.cache.get(sql);
    if (!stmt) {
      stmt = this.db.prepare<SqlValue[]>(sql);
      this.cache.set(sql, stmt);
    }
    return stmt;
  }
}

export class TxContext {
  private active = true;
  readonly changes = new ChangeRecorder();
  /** Rowids this transaction has read by name, until its next write (GetUser reads the user, then its tags). */
  private rowids: Map<string, number> | undefined;

  constructor(
    private readonly statements: StatementCache,
    readonly secrets: SecretBox,
    readonly readOnly: boolean,
  ) {}

  finish(): void {
    this.active = false;
  }

  private check(): void {
    // A leaked StoreTx (an un-awaited call) would otherwise run inside someone else's transaction.
    if (!this.active) throw new StoreError('transaction already finished: do not use a StoreTx after its function settles');
  }

  /** Marks a write: refused in read-only transactions, reported to onCommit listeners. */
  write(accountId: string, kind: ChangedEntityKind, name: string): void {
    this.check();
    if (this.readOnly) throw new StoreReadOnlyError('write in a read-only transaction');
    this.changes.record(accountId, kind, name);
  }

  get<R>(sql: string, ...params: SqlValue[]): R | undefined {
    this.check();
    return this.statements.get(sql).get(...params) as R | undefined;
  }

  all<R>(sql: string, ...params: SqlValue[]): R[] {
    this.check();
    return this.statements.get(sql).all(...params) as R[];
  }

  /** Returns the number of rows changed. */
  run(sql: string, ...params: SqlValue[]): number {
    this.check();
    // Any write may delete, rename or re-create a row: remembered rowids no longer hold.
    this.rowids = undefined;
    return this.statements.get(sql).run(...params).changes;
  }

  rememberRowid(kind: string, accountId: string, name: string, rowid: number): void {
    (this.rowids ??= new Map()).set(`${kind}\n${accountId}\n${name}`, rowid);
  }

  rememberedRowid(kind: string, accountId: string, name: string): number | undefined {
    return this.rowids?.get(`${kind}\n${accountId}\n${name}`);
  }

  /** Runs an insert or rename; a taken unique key becomes StoreConflictError, a missing parent StoreNotFoundError. */
  insert(entity: string, key: string, accountId: string, sql: string, ...params: SqlValue[]): number {
    try {
      return this.run(sql, ...params);
    } catch (err) {
      throw mapConstraintError(err, entity, key, accountId);
    }
  }
}

function mapConstraintError(err: unknown, entity: string, key: string, accountId: string): unknown {
  const code = (err as { code?: unknown }).code;
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    return new StoreConflictError(entity, key);
  }
  // Every foreign key of an inserted row resolves by rowid we looked up, except the account's.
  if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') return new StoreNotFoundError('account', accountId);
  return err;
}

export const toMs = (date: Date): number => date.getTime();
export const fromMs = (ms: number): Date => new Date(ms);
export const optionalDate = (ms: number | null): Date | undefined => (ms === null ? undefined : new Date(ms));
export const optional = <T>(value: T | null): T | undefined => (value === null ? undefined : value);
export const bool = (value: boolean): number => (value ? 1 : 0);

/** ARNs end in `{path}{name}`: a rename or move rewrites that suffix and keeps partition, service and account. */
export function rewriteArnSuffix(arn: string, oldSuffix: string, newSuffix: string): string {
  if (!arn.endsWith(oldSuffix)) throw new StoreError(`ARN ${arn} does not end with ${oldSuffix}`);
  return arn.slice(0, arn.length - oldSuffix.length) + newSuffix;
}

/** `LIMIT -1` is SQLite's "no limit". */
export const limitOf = (limit: number | undefined): number => limit ?? -1;
