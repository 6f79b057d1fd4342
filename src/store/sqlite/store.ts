// The SQLite Store: one better-sqlite3 connection, async transactions serialized by a mutex.
import fs from 'node:fs';
import Database from 'better-sqlite3';
import type { ChangeSet } from '../changes.js';
import { SecretError, StoreError } from '../errors.js';
import { Mutex } from '../mutex.js';
import type { SecretBox } from '../secrets.js';
import type { ResettableStore, StoreTx, TransactionOptions } from '../store.js';
import { StatementCache, TxContext } from './context.js';
import { migrate } from './migrate.js';
import { migrations } from './migrations/index.js';
import { createTx } from './tx.js';

export interface SqliteStoreOptions {
  /** A file path, or `:memory:` for an ephemeral store. */
  filename: string;
  secrets: SecretBox;
}

const KEY_CHECK = 'master_key_check';
const KEY_CHECK_AAD = 'castellan_meta:master_key_check';

/** Tables `reset()` empties, children first. Accounts, and root keys in access_keys, survive. */
const RESET_TABLES = [
  'account_aliases',
  'password_policies',
  'credential_reports',
  'policy_attachments',
  'inline_policies',
  'tags',
  'group_members',
  'instance_profile_roles',
  'login_profiles',
  'ssh_public_keys',
  'signing_certificates',
  'service_specific_credentials',
  'mfa_devices',
  'users',
  'groups',
  'roles',
  'policy_versions',
  'policies',
  'instance_profiles',
  'oidc_providers',
  'saml_providers',
  'server_certificates',
];

export class SqliteStore implements ResettableStore {
  private readonly statements: StatementCache;
  private readonly mutex = new Mutex();
  /**
   * True while a transaction's function is being called synchronously: a `transaction()` call made then is a
   * nested one (the mutex is not re-entrant, so it would wait for itself forever). Deliberately not an
   * AsyncLocalStorage: enabling one puts async hooks on every promise of the process, which cost ~10% of a
   * request. A nested call made after the function's first await is not detected; it stays a programming
   * error (the StoreTx contract: use the StoreTx you were given).
   */
  private calling = false;
  private readonly listeners = new Set<(changes: ChangeSet) => void>();
  private closed = false;
  /** The last `PRAGMA data_version` seen (file stores). */
  private dataVersion: number | undefined;

  private constructor(
    private readonly db: Database.Database,
    private readonly secrets: SecretBox,
    readonly ephemeral: boolean,
    readonly schemaVersion: number,
  ) {
    this.statements = new StatementCache(db);
  }

  static open(options: SqliteStoreOptions): SqliteStore {
    const ephemeral = options.filename === ':memory:';
    // The database holds sealed secrets and IAM state: readable by its owner only.
    if (!ephemeral && !fs.existsSync(options.filename)) fs.closeSync(fs.openSync(options.filename, 'a', 0o600));
    const db = new Database(options.filename);
    try {
      db.pragma('journal_mode = WAL');
      // In WAL mode, synchronous=NORMAL fsyncs only at checkpoints: a commit already acknowledged can vanish
      // on power loss or an OS crash. FULL fsyncs the WAL at every commit, so an acknowledged write survives.
      db.pragma('synchronous = FULL');
      db.pragma('foreign_keys = ON');
      // Another process (a CLI next to the server) may hold the write lock briefly: wait, do not fail.
      db.pragma('busy_timeout = 5000');
      const version = migrate(db, migrations);
      checkMasterKey(db, options.secrets);
      const store = new SqliteStore(db, options.secrets, ephemeral, version);
      store.syncExternalChanges();
      return store;
    } catch (err) {
      db.close();
      throw err;
    }
  }

  transaction<T>(fn: (tx: StoreTx) => Promise<T> | T, options: TransactionOptions = {}): Promise<T> {
    const readOnly = options.readOnly ?? false;
    return this.exclusive(readOnly, (ctx) => fn(createTx(ctx)));
  }

  syncExternalChanges(): void {
    // An in-memory database has one connection: nobody else can commit to it.
    if (this.ephemeral || this.closed) return;
    // data_version changes only when another connection commits; this connection's own commits notify directly.
    const version = this.statements.get('PRAGMA data_version').pluck().get() as number;
    if (this.dataVersion !== undefined && version !== this.dataVersion) {
      this.notify({ accountIds: new Set(), changes: [], reset: true });
    }
    this.dataVersion = version;
  }

  onCommit(listener: (changes: ChangeSet) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async reset(): Promise<void> {
    if (!this.ephemeral) throw new StoreError('reset() is only available on an ephemeral store');
    await this.exclusive(false, (ctx) => {
      const accounts = ctx.all<{ account_id: string }>('SELECT account_id FROM accounts').map((r) => r.account_id);
      ctx.run('DELETE FROM access_keys WHERE user_rowid IS NOT NULL');
      for (const table of RESET_TABLES) ctx.run(`DELETE FROM ${table}`);
      ctx.changes.recordReset(accounts);
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.mutex.acquire();
    try {
      if (this.closed) return;
      this.closed = true;
      this.db.close();
    } finally {
      this.mutex.release();
    }
  }

  /**
   * Runs `fn` holding the connection. Uncontended, the transaction begins synchronously (no promise and no
   * microtask turn before BEGIN); otherwise it queues behind the current holder, first come first served.
   */
  private exclusive<T>(readOnly: boolean, fn: (ctx: TxContext) => Promise<T> | T): Promise<T> {
    if (this.calling) {
      // The mutex is not re-entrant: waiting for ourselves would hang forever.
      return Promise.reject(new StoreError('nested transaction: use the StoreTx you were given instead of calling transaction() again'));
    }
    if (this.mutex.tryAcquire()) return this.held(readOnly, fn);
    return this.mutex.acquire().then(() => this.held(readOnly, fn));
  }

  /** The transaction proper; the mutex is held on entry and released on exit. */
  private async held<T>(readOnly: boolean, fn: (ctx: TxContext) => Promise<T> | T): Promise<T> {
    try {
      if (this.closed) throw new StoreError('store is closed');
      const ctx = new TxContext(this.statements, this.secrets, readOnly);
      // IMMEDIATE takes the write lock up front, so a write transaction never fails half-way on SQLITE_BUSY.
      this.statements.get(readOnly ? 'BEGIN DEFERRED' : 'BEGIN IMMEDIATE').run();
      let result: T;
      try {
        let pending: Promise<T> | T;
        this.calling = true;
        try {
          pending = fn(ctx);
        } finally {
          this.calling = false;
        }
        result = isPromiseLike(pending) ? await pending : pending;
        ctx.finish();
        this.statements.get('COMMIT').run();
      } catch (err) {
        ctx.finish();
        if (this.db.inTransaction) this.statements.get('ROLLBACK').run();
        throw err;
      }
      if (!ctx.changes.empty) this.notify(ctx.changes.toChangeSet());
      return result;
    } finally {
      this.mutex.release();
    }
  }

  private notify(changes: ChangeSet): void {
    for (const listener of this.listeners) {
      try {
        listener(changes);
      } catch (err) {
        // The commit stands whatever a listener does; its failure must not reach the API caller.
        process.emitWarning(`castellan store onCommit listener failed: ${String(err)}`);
      }
    }
  }
}

function isPromiseLike<T>(value: Promise<T> | T): value is Promise<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

/**
 * Seals a canary on first open and opens it on every later one, so a wrong master key fails at startup
 * with a clear message instead of at the first credential read.
 */
function checkMasterKey(db: Database.Database, secrets: SecretBox): void {
  const row = db.prepare('SELECT value FROM castellan_meta WHERE key = ?').get(KEY_CHECK) as { value: string } | undefined;
  if (!row) {
    db.prepare('INSERT INTO castellan_meta (key, value) VALUES (?, ?)').run(KEY_CHECK, secrets.seal('castellan', KEY_CHECK_AAD));
    return;
  }
  try {
    secrets.open(row.value, KEY_CHECK_AAD);
  } catch (err) {
    throw new SecretError(
      `the master key does not match the one this database was created with (${(err as Error).message}); ` +
        'set CASTELLAN_MASTER_KEY or restore master.key from the data directory it came from',
    );
  }
}
