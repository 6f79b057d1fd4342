// Builds the engine's policy sets for the principals of an AnalysisModel and answers "can P do A on R" with the
// engine, so that conditions, explicit denies, permissions boundaries and SCPs decide as they would on AWS.
//
// Every principal gets two compiled sets: the strict one (the documents as written, evaluated with the context
// the analysis knows) and, lazily, an optimistic one in which Allow conditions on keys the analysis cannot know
// (aws:MultiFactorAuthPresent, aws:SourceIp, sts:ExternalId…) are dropped. An action allowed only by the
// optimistic set is "conditional": reported as such, never dropped silently and never reported as definite.
import {
  compilePolicySet,
  evaluate,
  type CompiledPolicySet,
  type ContextValues,
  type EvaluationRequest,
  type MatchedStatement,
  type NamedPolicy,
  type PolicySet,
} from '../../engine/index.js';
import type { ConditionClause, PolicyDocument, Statement } from '../../policy/index.js';
import type { LoadedPolicyRecord } from '../loaders/policy-record.js';
import type { AnalysisModel, EntityRecord, ManagedPolicyRef, PolicyRecord, SourceLocation } from '../model.js';
import { UNKNOWN_PLACEHOLDER_PREFIX } from '../model.js';
import { awsManagedPolicy } from './aws-managed.js';

/** The outcome of one check: definite, only if conditions the analysis cannot see hold, or not possible. */
export type Access = 'allowed' | 'conditional' | 'denied';

/** Account used when the input names none (IaC before deployment), unless a policy of the input names it. */
export const PLACEHOLDER_ACCOUNT = '000000000000';

/** How an account the input does not know is written in findings: the stand-in id is never shown. */
export const UNKNOWN_ACCOUNT_TEXT = '${Account}';

// A loader's placeholder for a value unknown before deployment: UNKNOWN_PLACEHOLDER_PREFIX, a number, `}`.
const PLACEHOLDER_TEXT = /\$\{castellan:unknown:\d+\}/g;

/**
 * Condition keys the analysis fills in (or knows to be absent) for every request: clauses on them are kept in the
 * optimistic set. Clauses on any other key are what makes an Allow "conditional".
 */
const KNOWN_KEYS = new Set([
  'aws:principalarn',
  'aws:principalaccount',
  'aws:principaltype',
  'aws:username',
  'iam:policyarn',
  'iam:passedtoservice',
  'iam:permissionsboundary',
  'aws:sourceaccount',
  'aws:sourcearn',
]);
const KNOWN_PREFIXES = ['aws:principaltag/', 'aws:resourcetag/', 'iam:resourcetag/'];

function isKnownKey(key: string): boolean {
  const lower = key.toLowerCase();
  return KNOWN_KEYS.has(lower) || KNOWN_PREFIXES.some((p) => lower.startsWith(p));
}

function optimisticDocument(document: PolicyDocument): PolicyDocument | undefined {
  let changed = false;
  const statements = document.statements.map((s): Statement => {
    if (s.effect.value !== 'Allow' || s.condition.length === 0) return s;
    const kept: ConditionClause[] = s.condition.filter((c) => isKnownKey(c.key.value));
    if (kept.length === s.condition.length) return s;
    changed = true;
    return { ...s, condition: kept };
  });
  return changed ? { ...document, statements } : undefined;
}

function optimisticPolicy(policy: NamedPolicy): NamedPolicy {
  const document = optimisticDocument(policy.document);
  return document === undefined ? policy : { name: policy.name, document };
}

/** Where a policy of a set came from, to turn a matched statement into a location in the input. */
interface PolicyOrigin {
  readonly record?: PolicyRecord;
  /** The attachment (AWS managed policies, which are not part of the input). */
  readonly fallback: SourceLocation;
}

export interface GroupNode {
  readonly entity: EntityRecord;
  readonly arn: string;
  readonly policies: readonly NamedPolicy[];
  readonly members: PrincipalNode[];
  readonly unknown: readonly string[];
}

export interface CustomerPolicy {
  readonly record: PolicyRecord;
  readonly arn: string;
  /** Principals it applies to: attached directly, or through a group. */
  readonly principals: PrincipalNode[];
}

export interface TrustInfo {
  readonly strict: CompiledPolicySet;
  readonly optimistic: CompiledPolicySet;
  /** Service principals named in Allow statements (lower case); `*` when a statement allows everyone. */
  readonly services: ReadonlySet<string>;
  /** AWS principals named in Allow statements, as written. */
  readonly awsPrincipals: readonly string[];
  /** The values of aws:SourceArn conditions in Allow statements: the resource names a service may act for. */
  readonly sourceArns: readonly string[];
}

export interface PrincipalNode {
  readonly index: number;
  readonly entity: EntityRecord;
  readonly type: 'user' | 'role';
  readonly arn: string;
  readonly account: string;
  readonly name: string;
  readonly identity: readonly NamedPolicy[];
  readonly boundary?: NamedPolicy;
  /** Policies that could not be evaluated (unknown managed policy, unparsable document), described. */
  readonly unknownPolicies: readonly string[];
  /** The boundary is set but unknown: the principal's permissions cannot be evaluated at all. */
  readonly boundaryUnknown: boolean;
  /** A Deny or the boundary holds a value unknown before deployment: its edges are at best "possible". */
  readonly uncertain: boolean;
  readonly groups: GroupNode[];
  readonly context: ContextValues;
  readonly strict: CompiledPolicySet;
  optimisticSet?: CompiledPolicySet;
  /** Memo of Authorizer.services. */
  allowedServices?: ReadonlySet<string> | 'all';
  /** Memo of Authorizer.isAdmin. */
  admin?: boolean;
  readonly trust?: TrustInfo;
  /** Service-linked roles are not reachable by anyone and are not reported. */
  readonly serviceLinked: boolean;
}

function accountOfArn(arn: string | undefined): string | undefined {
  if (arn === undefined) return undefined;
  const parts = arn.split(':');
  return parts.length >= 6 && /^\d{12}$/.test(parts[4]) ? parts[4] : undefined;
}

function entityArn(entity: EntityRecord, account: string): string {
  if (entity.arn !== undefined && entity.arn.startsWith('arn:')) return entity.arn;
  const path = entity.path === '' ? '/' : entity.path;
  return `arn:aws:iam::${account}:${entity.type}${path.startsWith('/') ? path : `/${path}`}${path.endsWith('/') ? '' : '/'}${entity.name}`;
}

/** The placeholders of a record that stand for the deploying account (`${AWS::AccountId}`, the caller identity's). */
function ownAccountPlaceholders(record: PolicyRecord): ReadonlySet<string> {
  const placeholders = (record as Partial<LoadedPolicyRecord>).placeholders;
  const out = new Set<string>();
  for (const [text, u] of placeholders ?? []) if (u.pseudo === 'account-id') out.add(text);
  return out;
}

/** `value` (a parsed document or part of it) with each placeholder of `own` replaced by `account`; spans kept. */
function fillAccount(value: unknown, own: ReadonlySet<string>, account: string): unknown {
  if (typeof value === 'string') {
    return value.includes(UNKNOWN_PLACEHOLDER_PREFIX) ? value.replace(PLACEHOLDER_TEXT, (m) => (own.has(m) ? account : m)) : value;
  }
  if (Array.isArray(value)) return value.map((v) => fillAccount(v, own, account));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = k === 'span' ? v : fillAccount(v, own, account);
  return out;
}

/**
 * Does a value unknown before deployment still stand in the record once the deploying account is filled in: in a
 * Deny statement (`denyOnly`), or anywhere? A value that cannot be placed in a statement counts.
 */
function hasOpenUnknown(record: PolicyRecord, denyOnly: boolean): boolean {
  if (record.unknowns.size === 0 || record.document === undefined) return false;
  const statements = record.document.statements;
  for (const [pointer, u] of record.unknowns) {
    if ((u as { readonly pseudo?: string }).pseudo === 'account-id') continue;
    if (!denyOnly) return true;
    // `/Statement/2/…`, or `/Statement/…` when the Statement is a single object.
    const m = /^\/Statement(?:\/(\d+))?(?:\/|$)/.exec(pointer);
    const statement = m === null ? undefined : m[1] !== undefined ? statements[Number(m[1])] : statements.length === 1 ? statements[0] : undefined;
    if (statement === undefined || statement.effect.value === 'Deny') return true;
  }
  return false;
}

const ADMIN_NAMED: { value?: NamedPolicy } = {};
function adminPolicy(): NamedPolicy {
  ADMIN_NAMED.value ??= awsManagedPolicy('arn:aws:iam::aws:policy/AdministratorAccess');
  return ADMIN_NAMED.value!;
}

/** Probes of "administrator": a spread of services' sensitive actions on resources no policy would name. */
function adminProbes(account: string): readonly EvaluationRequest[] {
  const requests: [string, string][] = [
    ['iam:CreateUser', `arn:aws:iam::${account}:user/castellan-admin-probe`],
    ['iam:AttachRolePolicy', `arn:aws:iam::${account}:role/castellan-admin-probe`],
    ['s3:GetObject', 'arn:aws:s3:::castellan-admin-probe/object'],
    ['ec2:RunInstances', `arn:aws:ec2:us-east-1:${account}:instance/i-0castellanprobe`],
    ['lambda:CreateFunction', `arn:aws:lambda:us-east-1:${account}:function:castellan-admin-probe`],
    ['kms:Decrypt', `arn:aws:kms:us-east-1:${account}:key/castellan-admin-probe`],
    ['dynamodb:Scan', `arn:aws:dynamodb:us-east-1:${account}:table/castellan-admin-probe`],
    ['secretsmanager:GetSecretValue', `arn:aws:secretsmanager:us-east-1:${account}:secret:castellan-admin-probe`],
  ];
  return requests.map(([action, resource]) => ({ principal: '', action, resource }));
}

/** Probes of "IAM administrator": can change any principal's permissions and credentials. */
function iamAdminProbes(account: string): readonly EvaluationRequest[] {
  const role = `arn:aws:iam::${account}:role/castellan-admin-probe`;
  const user = `arn:aws:iam::${account}:user/castellan-admin-probe`;
  const requests: [string, string][] = [
    ['iam:AttachUserPolicy', user],
    ['iam:PutUserPolicy', user],
    ['iam:CreateAccessKey', user],
    ['iam:AttachRolePolicy', role],
    ['iam:PutRolePolicy', role],
    ['iam:UpdateAssumeRolePolicy', role],
    ['iam:PassRole', role],
    ['iam:CreatePolicyVersion', `arn:aws:iam::${account}:policy/castellan-admin-probe`],
  ];
  return requests.map(([action, resource]) => ({ principal: '', action, resource }));
}

export class Authorizer {
  readonly principals: PrincipalNode[] = [];
  readonly groups: GroupNode[] = [];
  readonly customerPolicies: CustomerPolicy[] = [];
  readonly byArn = new Map<string, PrincipalNode>();
  /**
   * The account of principals whose input names none, and the value of the deploying account in templates and
   * plans (`${AWS::AccountId}`, `data.aws_caller_identity.*.account_id`): one account for the whole input.
   */
  readonly defaultAccount: string;
  /** Set when no input names the account: `defaultAccount` is then a stand-in, shown as UNKNOWN_ACCOUNT_TEXT. */
  readonly accountUnknown: boolean;
  private readonly documents = new Map<string, PolicyDocument | undefined>();
  private readonly scps?: readonly (readonly NamedPolicy[])[];
  private readonly origins = new Map<string, PolicyOrigin>();
  private readonly policiesById = new Map<string, { record: PolicyRecord; arn?: string }>();
  private readonly policiesByArn = new Map<string, PolicyRecord>();
  private readonly adminCache = new Map<string, boolean>();
  private scpLayers?: CompiledPolicySet;
  private readonly serviceAssumeCache = new Map<string, Access>();

  constructor(private readonly model: AnalysisModel) {
    const guessed = this.guessAccount();
    this.accountUnknown = guessed === undefined;
    this.defaultAccount = guessed ?? this.standInAccount();
    for (const mp of model.managedPolicies) {
      this.policiesById.set(mp.policy.id, { record: mp.policy, arn: mp.arn });
      if (mp.arn !== undefined) this.policiesByArn.set(mp.arn, mp.policy);
    }
    if (model.scps !== undefined && model.scps.length > 0) {
      this.scps = model.scps.map((level) =>
        level.flatMap((record) => {
          const named = this.named(record);
          return named === undefined ? [] : [named];
        }),
      );
    }
    this.build();
  }

  private guessAccount(): string | undefined {
    const counts = new Map<string, number>();
    for (const e of this.model.entities) {
      const account = e.accountId ?? accountOfArn(e.arn);
      if (account !== undefined) counts.set(account, (counts.get(account) ?? 0) + 1);
    }
    let best: string | undefined;
    let bestCount = 0;
    for (const [account, count] of counts) {
      if (count > bestCount) {
        best = account;
        bestCount = count;
      }
    }
    return best;
  }

  /**
   * An account id no policy or ARN of the input writes out: a policy naming another account literally must never
   * match the input's own, unknown one.
   */
  private standInAccount(): string {
    const named = new Set<string>();
    const scan = (text: string | undefined): void => {
      for (const m of text?.matchAll(/\d{12}/g) ?? []) named.add(m[0]);
    };
    const scanRef = (ref: ManagedPolicyRef | undefined): void => scan(typeof ref?.arn === 'string' ? ref.arn : undefined);
    for (const e of this.model.entities) {
      for (const r of [e.trustPolicy, ...e.inlinePolicies]) scan(r?.text);
      e.managedPolicies.forEach(scanRef);
      scanRef(e.permissionsBoundary);
    }
    for (const mp of this.model.managedPolicies) {
      scan(mp.policy.text);
      scan(mp.arn);
    }
    for (const level of this.model.scps ?? []) for (const r of level) scan(r.text);
    let n = Number(PLACEHOLDER_ACCOUNT);
    while (named.has(String(n).padStart(12, '0'))) n++;
    return String(n).padStart(12, '0');
  }

  /** The document the engine evaluates: the deploying account filled in with `defaultAccount` (never shown). */
  private document(record: PolicyRecord): PolicyDocument | undefined {
    if (this.documents.has(record.id)) return this.documents.get(record.id);
    const own = record.document === undefined ? new Set<string>() : ownAccountPlaceholders(record);
    const document = own.size === 0 ? record.document : (fillAccount(record.document, own, this.defaultAccount) as PolicyDocument);
    this.documents.set(record.id, document);
    return document;
  }

  private named(record: PolicyRecord, fallback?: SourceLocation): NamedPolicy | undefined {
    const document = this.document(record);
    if (document === undefined) return undefined;
    this.origins.set(record.id, { record, fallback: fallback ?? record.location });
    return { name: record.id, document };
  }

  /** Resolves a managed policy reference: the policy, or a description of why it is unknown. */
  private resolve(ref: ManagedPolicyRef): { policy?: NamedPolicy; record?: PolicyRecord; unknown?: string } {
    let record: PolicyRecord | undefined;
    if (ref.policyId !== undefined) record = this.policiesById.get(ref.policyId)?.record;
    const arn = typeof ref.arn === 'string' ? ref.arn : undefined;
    if (record === undefined && arn !== undefined) record = this.policiesByArn.get(arn);
    if (record !== undefined) {
      const policy = this.named(record);
      return policy === undefined ? { unknown: `${record.name} (does not parse)` } : { policy, record };
    }
    if (arn !== undefined) {
      const aws = awsManagedPolicy(arn);
      if (aws !== undefined) {
        if (!this.origins.has(aws.name)) this.origins.set(aws.name, { fallback: ref.location });
        return { policy: aws };
      }
      return { unknown: arn };
    }
    if (ref.arn !== undefined && typeof ref.arn !== 'string') return { unknown: ref.arn.origin };
    return { unknown: ref.policyId ?? 'a managed policy' };
  }

  private build(): void {
    const entities = this.model.entities;
    const groupByName = new Map<string, GroupNode>();
    for (const entity of entities) {
      if (entity.type !== 'group') continue;
      const account = entity.accountId ?? accountOfArn(entity.arn) ?? this.defaultAccount;
      const policies: NamedPolicy[] = [];
      const unknown: string[] = [];
      for (const record of entity.inlinePolicies) {
        const named = this.named(record);
        if (named === undefined) unknown.push(`${record.name} (does not parse)`);
        else policies.push(named);
      }
      for (const ref of entity.managedPolicies) {
        const r = this.resolve(ref);
        if (r.policy !== undefined) policies.push(r.policy);
        if (r.unknown !== undefined) unknown.push(r.unknown);
      }
      const group: GroupNode = { entity, arn: entityArn(entity, account), policies, members: [], unknown };
      this.groups.push(group);
      groupByName.set(entity.name, group);
    }
    const memberOf = new Map<string, Set<GroupNode>>();
    for (const group of this.groups) {
      for (const member of group.entity.members ?? []) {
        let set = memberOf.get(member);
        if (set === undefined) memberOf.set(member, (set = new Set()));
        set.add(group);
      }
    }
    const policyPrincipals = new Map<string, PrincipalNode[]>();
    const attach = (record: PolicyRecord | undefined, node: PrincipalNode): void => {
      if (record === undefined) return;
      let list = policyPrincipals.get(record.id);
      if (list === undefined) policyPrincipals.set(record.id, (list = []));
      if (!list.includes(node)) list.push(node);
    };

    for (const entity of entities) {
      if (entity.type === 'group') continue;
      const account = entity.accountId ?? accountOfArn(entity.arn) ?? this.defaultAccount;
      const arn = entityArn(entity, account);
      const identity: NamedPolicy[] = [];
      const unknownPolicies: string[] = [];
      const attached: PolicyRecord[] = [];
      let uncertain = false;
      for (const record of entity.inlinePolicies) {
        const named = this.named(record);
        if (named === undefined) unknownPolicies.push(`${record.name} (does not parse)`);
        else identity.push(named);
        uncertain ||= hasOpenUnknown(record, true);
      }
      for (const ref of entity.managedPolicies) {
        const r = this.resolve(ref);
        if (r.policy !== undefined) identity.push(r.policy);
        if (r.unknown !== undefined) unknownPolicies.push(r.unknown);
        if (r.record !== undefined) {
          attached.push(r.record);
          uncertain ||= hasOpenUnknown(r.record, true);
        }
      }
      const groups: GroupNode[] = [];
      if (entity.type === 'user') {
        const names = new Set(entity.groups ?? []);
        for (const name of names) {
          const g = groupByName.get(name);
          if (g !== undefined) groups.push(g);
        }
        for (const g of memberOf.get(entity.name) ?? []) if (!groups.includes(g)) groups.push(g);
        for (const g of groups) {
          identity.push(...g.policies);
          unknownPolicies.push(...g.unknown);
        }
      }
      let boundary: NamedPolicy | undefined;
      let boundaryUnknown = false;
      if (entity.permissionsBoundary !== undefined) {
        const r = this.resolve(entity.permissionsBoundary);
        boundary = r.policy;
        boundaryUnknown = r.policy === undefined;
        if (r.record !== undefined && hasOpenUnknown(r.record, false)) uncertain = true;
      }
      const context = this.baseContext(entity, arn, account);
      const strict = this.compile(identity, boundary);
      const serviceLinked = entity.type === 'role' && entity.path.startsWith('/aws-service-role/');
      const node: PrincipalNode = {
        index: this.principals.length,
        entity,
        type: entity.type,
        arn,
        account,
        name: entity.name,
        identity,
        boundary,
        unknownPolicies,
        boundaryUnknown,
        uncertain,
        groups,
        context,
        strict,
        trust: entity.type === 'role' ? this.trustInfo(entity) : undefined,
        serviceLinked,
      };
      this.principals.push(node);
      this.byArn.set(arn, node);
      for (const g of groups) g.members.push(node);
      for (const record of attached) attach(record, node);
    }
    for (const group of this.groups) {
      for (const ref of group.entity.managedPolicies) {
        const r = this.resolve(ref);
        for (const member of group.members) attach(r.record, member);
      }
    }
    for (const mp of this.model.managedPolicies) {
      const arn = mp.arn ?? `arn:aws:iam::${this.defaultAccount}:policy/${mp.policy.name}`;
      this.customerPolicies.push({ record: mp.policy, arn, principals: policyPrincipals.get(mp.policy.id) ?? [] });
    }
  }

  /** Compiles identity + boundary, sharing the SCP layers compiled once for every principal. */
  private compile(identity: readonly NamedPolicy[], boundary: NamedPolicy | undefined): CompiledPolicySet {
    const set: PolicySet = { identity, ...(boundary !== undefined ? { permissionBoundary: boundary } : {}) };
    const compiled = compilePolicySet(set);
    if (this.scps === undefined) return compiled;
    this.scpLayers ??= compilePolicySet({ scps: this.scps });
    return { ...compiled, scps: this.scpLayers.scps, skippedPolicies: [...compiled.skippedPolicies, ...this.scpLayers.skippedPolicies] };
  }

  private baseContext(entity: EntityRecord, arn: string, account: string): ContextValues {
    const context: Record<string, string> = {
      'aws:PrincipalArn': arn,
      'aws:PrincipalAccount': account,
      'aws:PrincipalType': entity.type === 'user' ? 'User' : 'AssumedRole',
    };
    if (entity.type === 'user') context['aws:username'] = entity.name;
    for (const [key, value] of Object.entries(entity.tags ?? {})) context[`aws:PrincipalTag/${key}`] = value;
    return context;
  }

  private trustInfo(entity: EntityRecord): TrustInfo | undefined {
    const record = entity.trustPolicy;
    if (record === undefined) return undefined;
    const named = this.named(record);
    if (named === undefined) return undefined;
    const services = new Set<string>();
    const awsPrincipals: string[] = [];
    const sourceArns = new Set<string>();
    for (const s of named.document.statements) {
      if (s.effect.value !== 'Allow') continue;
      for (const clause of s.condition) {
        if (clause.key.value.toLowerCase() === 'aws:sourcearn') for (const v of clause.values) sourceArns.add(v.value);
      }
      if (s.principal?.wildcard === true || s.notPrincipal !== undefined) services.add('*');
      for (const entry of s.principal?.entries ?? []) {
        for (const v of entry.values) {
          if (entry.type === 'Service') services.add(v.value.toLowerCase());
          else if (entry.type === 'AWS') {
            awsPrincipals.push(v.value);
            if (v.value === '*') services.add('*');
          }
        }
      }
    }
    const compile = (policy: NamedPolicy): CompiledPolicySet =>
      compilePolicySet({ resource: policy, resourcePolicyKind: 'trust' });
    return { strict: compile(named), optimistic: compile(optimisticPolicy(named)), services, awsPrincipals, sourceArns: [...sourceArns] };
  }

  /** The optimistic set of a principal, compiled on first use. */
  private optimistic(node: PrincipalNode): CompiledPolicySet {
    node.optimisticSet ??= this.compile(
      node.identity.map(optimisticPolicy),
      node.boundary === undefined ? undefined : optimisticPolicy(node.boundary),
    );
    return node.optimisticSet;
  }

  private request(node: PrincipalNode, action: string, resource: string, extra?: ContextValues): EvaluationRequest {
    return {
      principal: node.arn,
      action,
      resource,
      context: extra === undefined ? node.context : { ...node.context, ...extra },
    };
  }

  /** Can `node` perform `action` on `resource` with its identity-based policies, boundary and SCPs? */
  check(node: PrincipalNode, action: string, resource: string, extra?: ContextValues): Access {
    const request = this.request(node, action, resource, extra);
    const strict = evaluate(request, node.strict).decision;
    if (strict === 'allowed') return 'allowed';
    if (strict === 'explicitDeny') return 'denied';
    return evaluate(request, this.optimistic(node)).decision === 'allowed' ? 'conditional' : 'denied';
  }

  /** Can `node` assume `role` (its own identity policies, boundary and SCPs, and the role's trust policy)? */
  checkAssume(node: PrincipalNode, role: PrincipalNode, extra?: ContextValues): Access {
    const trust = role.trust;
    if (trust === undefined) return 'denied';
    const request = this.request(node, 'sts:AssumeRole', role.arn, extra);
    const strictSet: CompiledPolicySet = { ...node.strict, resource: trust.strict.resource, resourcePolicyKind: 'trust', plans: undefined };
    const strict = evaluate(request, strictSet).decision;
    if (strict === 'allowed') return 'allowed';
    if (strict === 'explicitDeny') return 'denied';
    const optimisticSet: CompiledPolicySet = {
      ...this.optimistic(node),
      resource: trust.optimistic.resource,
      resourcePolicyKind: 'trust',
      plans: undefined,
    };
    return evaluate(request, optimisticSet).decision === 'allowed' ? 'conditional' : 'denied';
  }

  /**
   * Does `role`'s trust policy let `service` assume it on behalf of a resource: the one named `sourceArn` (sent as
   * aws:SourceArn, its account as aws:SourceAccount), or without one, some resource of the role's account?
   */
  checkServiceAssume(role: PrincipalNode, service: string, sourceArn?: string): Access {
    const key = `${role.index}|${service}|${sourceArn ?? ''}`;
    let access = this.serviceAssumeCache.get(key);
    if (access === undefined) {
      access = this.decideServiceAssume(role, service, sourceArn);
      this.serviceAssumeCache.set(key, access);
    }
    return access;
  }

  private decideServiceAssume(role: PrincipalNode, service: string, sourceArn: string | undefined): Access {
    const trust = role.trust;
    if (trust === undefined) return 'denied';
    const context: Record<string, string> = { 'aws:SourceAccount': accountOfArn(sourceArn) ?? role.account };
    if (sourceArn !== undefined) context['aws:SourceArn'] = sourceArn;
    const request: EvaluationRequest = { principal: service, action: 'sts:AssumeRole', resource: role.arn, context };
    const strict = evaluate(request, trust.strict).decision;
    if (strict === 'allowed') return 'allowed';
    if (strict === 'explicitDeny') return 'denied';
    return evaluate(request, trust.optimistic).decision === 'allowed' ? 'conditional' : 'denied';
  }

  /** The statement that allowed a request (for a finding's location) and the context keys it lacked. */
  explain(node: PrincipalNode, action: string, resource: string, extra?: ContextValues): { location?: SourceLocation; missingKeys: readonly string[] } {
    const request = this.request(node, action, resource, extra);
    const strict = evaluate(request, node.strict, { explain: true });
    const strictAllowed = strict.decision === 'allowed';
    const result = strictAllowed ? strict : evaluate(request, this.optimistic(node), { explain: true });
    const statement = result.explanation?.decidingStatements.find((s) => s.layer === 'identity' && s.effect === 'Allow');
    return {
      location: statement === undefined ? undefined : this.locate(statement),
      missingKeys: strictAllowed ? [] : strict.explanation?.missingContextKeys ?? [],
    };
  }

  /** The input location of a matched statement. */
  locate(statement: MatchedStatement): SourceLocation | undefined {
    const origin = this.origins.get(statement.policyName);
    if (origin === undefined) return undefined;
    if (origin.record === undefined) return origin.fallback;
    return origin.record.locate(statement.span.pointer);
  }

  /** The identity Allow statements (as written) that admit `action` for `node`, and whether any has NotResource. */
  allowStatements(node: PrincipalNode, action: string, optimistic: boolean): readonly Statement[] {
    const layer = (optimistic ? this.optimistic(node) : node.strict).identity;
    if (layer === undefined) return [];
    const out: Statement[] = [];
    for (const s of layer.candidates(action).all) {
      if (s.isDeny) continue;
      const policy = layer.policies.find((p) => p.name === s.policyName);
      const statement = policy?.document.statements[s.statementIndex];
      if (statement !== undefined) out.push(statement);
    }
    return out;
  }

  /**
   * The services named by the principal's identity Allow statements (lower case), or 'all' when a statement uses
   * NotAction or a wildcard service. A method whose services are not all here cannot apply: checked before anything
   * is evaluated.
   */
  services(node: PrincipalNode): ReadonlySet<string> | 'all' {
    if (node.allowedServices !== undefined) return node.allowedServices;
    let out: Set<string> | 'all' = new Set<string>();
    scan: for (const policy of node.identity) {
      for (const s of policy.document.statements) {
        if (s.effect.value !== 'Allow') continue;
        if (s.action === undefined) {
          out = 'all';
          break scan;
        }
        for (const a of s.action) {
          const colon = a.value.indexOf(':');
          const service = colon === -1 ? a.value : a.value.slice(0, colon);
          if (service.includes('*') || service.includes('?')) {
            out = 'all';
            break scan;
          }
          out.add(service.toLowerCase());
        }
      }
    }
    node.allowedServices = out;
    return out;
  }

  /** True when some identity Allow statement names `action` (before conditions and resources). */
  mayAllow(node: PrincipalNode, action: string): boolean {
    const layer = node.strict.identity;
    if (layer === undefined) return false;
    const candidates = layer.candidates(action);
    return candidates.all.length > candidates.denyCount;
  }

  /** Is the principal an administrator: every admin probe, or every IAM-admin probe, allowed outright? */
  isAdmin(node: PrincipalNode): boolean {
    // Both probe lists ask for iam:AttachRolePolicy: a principal no statement grants it to is not an administrator.
    node.admin ??=
      !node.boundaryUnknown &&
      this.mayAllow(node, 'iam:AttachRolePolicy') &&
      (this.allAllowed(node.strict, node, adminProbes(node.account)) || this.allAllowed(node.strict, node, iamAdminProbes(node.account)));
    return node.admin;
  }

  /**
   * Would a principal with `identity` (plus AdministratorAccess when `withAdmin`) and `boundary` be an administrator
   * under the SCPs? Used for what a grant, a group or a removed boundary yields.
   */
  adminWith(node: PrincipalNode, identity: readonly NamedPolicy[], boundary: NamedPolicy | undefined, key: string): boolean {
    const cacheKey = `${node.account}|${key}`;
    const cached = this.adminCache.get(cacheKey);
    if (cached !== undefined) return cached;
    const set = this.compile(identity, boundary);
    const result = this.allAllowed(set, node, adminProbes(node.account));
    this.adminCache.set(cacheKey, result);
    return result;
  }

  /** A principal given AdministratorAccess: admin unless its boundary (or the SCPs) stand in the way. */
  adminIfGranted(node: PrincipalNode): boolean {
    if (node.boundaryUnknown) return false;
    return this.adminWith(node, [adminPolicy()], node.boundary, `grant|${node.boundary?.name ?? ''}`);
  }

  /** The principal without its boundary: admin with its own identity policies? */
  adminWithoutBoundary(node: PrincipalNode): boolean {
    return this.adminWith(node, node.identity, undefined, `noboundary|${node.index}`);
  }

  /** The principal with a group's policies added. */
  adminWithGroup(node: PrincipalNode, group: GroupNode): boolean {
    if (node.boundaryUnknown) return false;
    return this.adminWith(node, [...node.identity, ...group.policies], node.boundary, `group|${node.index}|${group.arn}`);
  }

  /** A new principal with AdministratorAccess and no boundary, under the SCPs. */
  adminNew(node: PrincipalNode): boolean {
    return this.adminWith(node, [adminPolicy()], undefined, 'new');
  }

  private allAllowed(set: CompiledPolicySet, node: PrincipalNode, probes: readonly EvaluationRequest[]): boolean {
    for (const probe of probes) {
      const request = { ...probe, principal: node.arn, context: node.context };
      if (evaluate(request, set).decision !== 'allowed') return false;
    }
    return true;
  }
}
