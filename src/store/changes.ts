// What a committed transaction changed, for caches of compiled policy sets to invalidate.

/** The kinds of entity a change can name. `name` is the entity's name, or its ARN for policies/providers/MFA. */
export type ChangedEntityKind =
  | 'account'
  | 'user'
  | 'group'
  | 'role'
  | 'policy'
  | 'instanceProfile'
  | 'accessKey'
  | 'oidcProvider'
  | 'samlProvider'
  | 'serverCertificate'
  | 'mfaDevice'
  | 'passwordPolicy'
  | 'credentialReport';

export interface EntityChange {
  accountId: string;
  kind: ChangedEntityKind;
  name: string;
}

export interface ChangeSet {
  /** Every account touched by the transaction. */
  readonly accountIds: ReadonlySet<string>;
  /** Each changed entity once, in first-change order. A changed membership, attachment, inline policy or tag
   * is reported as a change of the user, group or role that holds it. */
  readonly changes: readonly EntityChange[];
  /** True when the whole store was reset (ephemeral mode): drop every cache. */
  readonly reset: boolean;
}

/** Collects changes during one transaction; deduplicated by kind and name. */
export class ChangeRecorder {
  private readonly seen = new Map<string, EntityChange>();
  private readonly accounts = new Set<string>();
  private wasReset = false;

  record(accountId: string, kind: ChangedEntityKind, name: string): void {
    this.accounts.add(accountId);
    // Names are case-insensitive in IAM: two spellings of one user are one change.
    const key = `${accountId}\u0000${kind}\u0000${name.toLowerCase()}`;
    if (!this.seen.has(key)) this.seen.set(key, { accountId, kind, name });
  }

  recordReset(accountIds: Iterable<string>): void {
    this.wasReset = true;
    for (const id of accountIds) this.accounts.add(id);
  }

  get empty(): boolean {
    return this.accounts.size === 0 && !this.wasReset;
  }

  toChangeSet(): ChangeSet {
    return { accountIds: new Set(this.accounts), changes: [...this.seen.values()], reset: this.wasReset };
  }
}
