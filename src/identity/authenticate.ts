// Who signed a request: access key id → caller identity and the secret to verify the signature with.
// The store read costs ~100 µs, so resolved keys are cached and dropped when their account changes.
import { iamArn, rootArn } from '../arn/index.js';
import type { AccessKeyLastUsed } from '../model/index.js';
import type { ChangeSet, Store, StoreTx } from '../store/index.js';
import { StoreNotFoundError } from '../store/index.js';
import type { CallerIdentity } from './caller.js';
import { ServiceError } from './errors.js';

export interface ResolvedCredentials {
  readonly caller: CallerIdentity;
  readonly secretAccessKey: string;
}

/**
 * Resolves temporary (`ASIA…`) credentials. STS plugs in here; it must throw ServiceError
 * `InvalidClientTokenId` for an unknown session and `ExpiredToken` for an expired one.
 */
export interface SessionResolver {
  resolve(input: {
    accessKeyId: string;
    securityToken: string | undefined;
    partition: string;
    now: Date;
  }): Promise<ResolvedCredentials> | ResolvedCredentials;
}

export const INVALID_CLIENT_TOKEN_MESSAGE = 'The security token included in the request is invalid.';

export const invalidClientToken = (): ServiceError => new ServiceError('InvalidClientTokenId', INVALID_CLIENT_TOKEN_MESSAGE);

/** What a long-term key resolves to, independent of the partition the request was signed for. */
interface KeyEntry {
  readonly accountId: string;
  readonly secretAccessKey: string;
  readonly user?: { readonly userName: string; readonly userId: string; readonly path: string };
  /** CallerIdentity per partition (ARNs carry the partition of the signing region). */
  readonly callers: Map<string, CallerIdentity>;
}

export interface AuthenticatorOptions {
  sessionResolver?: SessionResolver;
  /** Entries kept before the cache is emptied (a crude bound against many distinct keys). Default 10,000. */
  maxEntries?: number;
  /** Last-used dates are written at most this often (ms). Default 1000. 0 disables the timer (flush by hand). */
  lastUsedFlushMs?: number;
  /** Told about a flush failure (never thrown: last-used data is best effort). */
  onError?: (error: unknown) => void;
}

/**
 * Authenticates access keys with an in-memory cache (invalidated per account on commit, all on reset) and
 * records GetAccessKeyLastUsed data: uses are batched in memory and written in one transaction at most once
 * per `lastUsedFlushMs` (default 1 s), and on close; a read of the last-used data can call `flush()` first.
 */
export class Authenticator {
  private readonly cache = new Map<string, KeyEntry>();
  /** Bumped on every relevant commit; a lookup that raced with a commit does not fill the cache. */
  private generation = 0;
  private readonly pending = new Map<string, AccessKeyLastUsed>();
  private readonly unsubscribe: () => void;
  private readonly timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private readonly maxEntries: number;
  private closed = false;

  constructor(
    private readonly store: Store,
    private readonly options: AuthenticatorOptions = {},
  ) {
    this.maxEntries = options.maxEntries ?? 10_000;
    this.unsubscribe = store.onCommit((changes) => this.invalidate(changes));
    const every = options.lastUsedFlushMs ?? 1000;
    if (every > 0) {
      this.timer = setInterval(() => void this.flush(), every);
      this.timer.unref();
    }
  }

  setSessionResolver(resolver: SessionResolver | undefined): void {
    (this.options as { sessionResolver?: SessionResolver }).sessionResolver = resolver;
  }

  private invalidate(changes: ChangeSet): void {
    this.generation++;
    if (changes.reset) {
      this.cache.clear();
      return;
    }
    for (const [id, entry] of this.cache) {
      if (changes.accountIds.has(entry.accountId)) this.cache.delete(id);
    }
  }

  /**
   * Resolves a key or throws ServiceError `InvalidClientTokenId` (unknown, deleted or inactive key, deleted
   * user, or a long-term key presented with a session token). `tx` lets a caller already inside a
   * transaction resolve without opening another one.
   */
  async authenticate(
    accessKeyId: string,
    partition: string,
    securityToken: string | undefined,
    now: Date,
    tx?: StoreTx,
  ): Promise<ResolvedCredentials> {
    if (accessKeyId.startsWith('ASIA')) {
      const resolver = this.options.sessionResolver;
      if (!resolver) throw invalidClientToken();
      return resolver.resolve({ accessKeyId, securityToken, partition, now });
    }
    // A session token belongs to temporary credentials only (AWS's answer here is unconfirmed).
    if (securityToken !== undefined) throw invalidClientToken();
    let entry = this.cache.get(accessKeyId);
    if (entry === undefined) {
      const generation = this.generation;
      const loaded = tx ? await this.load(tx, accessKeyId) : await this.store.transaction((t) => this.load(t, accessKeyId), { readOnly: true });
      if (loaded === undefined) throw invalidClientToken();
      entry = loaded;
      if (generation === this.generation) {
        if (this.cache.size >= this.maxEntries) this.cache.clear();
        this.cache.set(accessKeyId, entry);
      }
    }
    let caller = entry.callers.get(partition);
    if (caller === undefined) {
      caller = callerOf(entry, accessKeyId, partition);
      entry.callers.set(partition, caller);
    }
    return { caller, secretAccessKey: entry.secretAccessKey };
  }

  private async load(tx: StoreTx, accessKeyId: string): Promise<KeyEntry | undefined> {
    const key = await tx.accessKeys.get(accessKeyId);
    if (!key || key.status !== 'Active') return undefined;
    if (key.userName === undefined) {
      if (!(await tx.accounts.get(key.accountId))) return undefined;
      return { accountId: key.accountId, secretAccessKey: key.secretAccessKey, callers: new Map() };
    }
    const user = await tx.users.get(key.accountId, key.userName);
    if (!user) return undefined;
    return {
      accountId: key.accountId,
      secretAccessKey: key.secretAccessKey,
      user: { userName: user.userName, userId: user.userId, path: user.path },
      callers: new Map(),
    };
  }

  /** Notes that a key signed a request that passed authentication. Cheap: a Map write. */
  recordUse(accessKeyId: string, lastUsed: AccessKeyLastUsed): void {
    if (this.closed || accessKeyId.startsWith('ASIA')) return;
    this.pending.set(accessKeyId, lastUsed);
  }

  /** Writes pending last-used data in one transaction. Concurrent calls share one write. */
  flush(): Promise<void> {
    if (this.flushing) return this.flushing.then(() => (this.pending.size > 0 ? this.flush() : undefined));
    if (this.pending.size === 0) return Promise.resolve();
    const batch = [...this.pending];
    this.pending.clear();
    this.flushing = this.store
      .transaction(async (tx) => {
        for (const [id, lastUsed] of batch) {
          try {
            await tx.accessKeys.recordLastUsed(id, lastUsed);
          } catch (err) {
            // The key was deleted since it was used: nothing to record.
            if (!(err instanceof StoreNotFoundError)) throw err;
          }
        }
      })
      .catch((err: unknown) => this.options.onError?.(err))
      .finally(() => {
        this.flushing = undefined;
      });
    return this.flushing;
  }

  /** Flushes and stops listening. The store stays open (its owner closes it). */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.flush();
    this.closed = true;
    this.unsubscribe();
    this.cache.clear();
  }
}

function callerOf(entry: KeyEntry, accessKeyId: string, partition: string): CallerIdentity {
  const { accountId, user } = entry;
  if (user === undefined) {
    return { accountId, partition, kind: 'root', arn: rootArn(partition, accountId), userId: accountId, accessKeyId, temporary: false };
  }
  return {
    accountId,
    partition,
    kind: 'user',
    arn: iamArn(partition, accountId, 'user', user.path, user.userName),
    userId: user.userId,
    userName: user.userName,
    accessKeyId,
    temporary: false,
  };
}
