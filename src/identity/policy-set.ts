// The policy set of a caller, compiled once and cached per (account, principal) until its account changes.
// User: its inline and attached managed policies, each group's inline and attached ones, its permissions
// boundary. Root: none (the engine allows root in its own account). Role sessions: the role's policies.
import { compilePolicySet } from '../engine/index.js';
import type { CompiledPolicySet, NamedPolicy, PolicySet } from '../engine/index.js';
import { isAwsManagedPolicyArn } from '../model/index.js';
import type { Tag } from '../model/index.js';
import { parsePolicy } from '../policy/index.js';
import type { PolicyDocument } from '../policy/index.js';
import type { ChangeSet, PrincipalRef, Store, StoreTx } from '../store/index.js';
import { getAwsManagedPolicy } from './aws-managed.js';
import type { CallerIdentity } from './caller.js';

export interface PrincipalPolicies {
  readonly compiled: CompiledPolicySet;
  /** The principal's tags: aws:PrincipalTag/<k>. */
  readonly principalTags: readonly Tag[];
}

export interface PolicySetCacheOptions {
  /** Told about a stored document that does not parse (it is skipped, never fatal). */
  onSkippedPolicy?: (info: { accountId: string; principal: string; policy: string; reason: string }) => void;
  maxEntries?: number;
}

const EMPTY: PrincipalPolicies = Object.freeze({ compiled: compilePolicySet({}), principalTags: [] });

// Parsed documents by their text: a rebuild after an unrelated change in the account re-parses nothing.
const parsedDocuments = new Map<string, PolicyDocument | string>();
const PARSED_LIMIT = 4096;

/** The parsed document, or the reason it does not parse. */
function parseCached(text: string): PolicyDocument | string {
  let parsed = parsedDocuments.get(text);
  if (parsed === undefined) {
    const result = parsePolicy(text);
    parsed = result.document ?? (result.diagnostics.find((d) => d.severity === 'error')?.message ?? 'unparsable policy');
    if (parsedDocuments.size >= PARSED_LIMIT) parsedDocuments.clear();
    parsedDocuments.set(text, parsed);
  }
  return parsed;
}

function principalKey(caller: CallerIdentity): string | undefined {
  if (caller.kind === 'user' && caller.userName !== undefined) return `user\u0000${caller.userName.toLowerCase()}`;
  if (caller.kind === 'roleSession' && caller.roleName !== undefined) return `role\u0000${caller.roleName.toLowerCase()}`;
  return undefined;
}

export class PolicySetCache {
  /** accountId → principal key → entry. */
  private readonly cache = new Map<string, Map<string, PrincipalPolicies>>();
  private size = 0;
  private generation = 0;
  private readonly unsubscribe: () => void;

  constructor(
    store: Store,
    private readonly options: PolicySetCacheOptions = {},
  ) {
    this.unsubscribe = store.onCommit((changes) => this.invalidate(changes));
  }

  private invalidate(changes: ChangeSet): void {
    this.generation++;
    if (changes.reset) {
      this.cache.clear();
      this.size = 0;
      return;
    }
    for (const accountId of changes.accountIds) {
      const entries = this.cache.get(accountId);
      if (entries) {
        this.size -= entries.size;
        this.cache.delete(accountId);
      }
    }
  }

  /** The cached entry, or undefined (root and unknown kinds never need a load: see `get`). */
  peek(caller: CallerIdentity): PrincipalPolicies | undefined {
    const key = principalKey(caller);
    if (key === undefined) return EMPTY;
    return this.cache.get(caller.accountId)?.get(key);
  }

  /**
   * The caller's policies, built with `tx` on a miss. Use a transaction that has not written yet: what it
   * reads is cached. (The server loads before the handler's transaction.)
   */
  async get(tx: StoreTx, caller: CallerIdentity): Promise<PrincipalPolicies> {
    const hit = this.peek(caller);
    if (hit !== undefined) return hit;
    const generation = this.generation;
    const built = await this.build(tx, caller);
    if (generation === this.generation) {
      const key = principalKey(caller)!;
      if (this.size >= (this.options.maxEntries ?? 10_000)) {
        this.cache.clear();
        this.size = 0;
      }
      let entries = this.cache.get(caller.accountId);
      if (!entries) this.cache.set(caller.accountId, (entries = new Map()));
      if (!entries.has(key)) this.size++;
      entries.set(key, built);
    }
    return built;
  }

  close(): void {
    this.unsubscribe();
    this.cache.clear();
    this.size = 0;
  }

  private async build(tx: StoreTx, caller: CallerIdentity): Promise<PrincipalPolicies> {
    const accountId = caller.accountId;
    const identity: NamedPolicy[] = [];
    let boundaryArn: string | undefined;
    let principalTags: Tag[] = [];
    const skip = (policy: string, reason: string): void =>
      this.options.onSkippedPolicy?.({ accountId, principal: caller.arn, policy, reason });
    const addDocument = (name: string, text: string | undefined): void => {
      if (text === undefined) return;
      const parsed = parseCached(text);
      if (typeof parsed === 'string') skip(name, parsed);
      else identity.push({ name, document: parsed });
    };
    const addHolder = async (ref: PrincipalRef): Promise<void> => {
      for (const p of await tx.inlinePolicies.list(accountId, ref)) addDocument(p.policyName, p.document);
      for (const a of await tx.attachments.listForPrincipal(accountId, ref)) {
        addDocument(a.policyArn, await this.managedDocument(tx, accountId, a.policyArn));
      }
    };

    if (caller.kind === 'user' && caller.userName !== undefined) {
      const user = await tx.users.get(accountId, caller.userName);
      if (!user) return EMPTY;
      await addHolder({ principalType: 'user', principalName: user.userName });
      for (const group of await tx.groups.listGroupsForUser(accountId, user.userName)) {
        await addHolder({ principalType: 'group', principalName: group.groupName });
      }
      boundaryArn = user.permissionsBoundaryArn;
      principalTags = await tx.tags.list({ kind: 'user', accountId, name: user.userName });
    } else if (caller.kind === 'roleSession' && caller.roleName !== undefined) {
      const role = await tx.roles.get(accountId, caller.roleName);
      if (!role) return EMPTY;
      await addHolder({ principalType: 'role', principalName: role.roleName });
      boundaryArn = role.permissionsBoundaryArn;
      principalTags = await tx.tags.list({ kind: 'role', accountId, name: role.roleName });
    } else {
      return EMPTY;
    }

    const set: { identity: NamedPolicy[]; permissionBoundary?: NamedPolicy } = { identity };
    if (boundaryArn !== undefined) {
      const text = await this.managedDocument(tx, accountId, boundaryArn);
      const parsed = text === undefined ? 'the boundary policy does not exist' : parseCached(text);
      if (typeof parsed === 'string') {
        skip(boundaryArn, parsed);
        // A boundary that cannot be read allows nothing: failing closed keeps the boundary a limit.
        set.permissionBoundary = { name: boundaryArn, document: DENY_ALL };
      } else {
        set.permissionBoundary = { name: boundaryArn, document: parsed };
      }
    }
    return { compiled: compilePolicySet(set as PolicySet), principalTags };
  }

  private async managedDocument(tx: StoreTx, accountId: string, arn: string): Promise<string | undefined> {
    if (isAwsManagedPolicyArn(arn)) return (await getAwsManagedPolicy(arn))?.document;
    return (await tx.policies.getDefaultVersion(accountId, arn))?.document;
  }
}

// Allows nothing (NotAction "*" names no action): a boundary layer with no Allow.
const DENY_ALL = parseCached('{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotAction":"*","Resource":"*"}]}') as PolicyDocument;
