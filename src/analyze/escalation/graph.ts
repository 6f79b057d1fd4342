// The escalation graph: nodes are the users and roles of the input, edges the methods of methods.ts that a
// principal can perform, each permission decided by the engine. Shortest paths to "administrator" are found with a
// reverse breadth-first search from the principals that are, or can directly make themselves, administrators.
import { compileWildcard, type ContextValues } from '../../engine/index.js';
import type { Statement } from '../../policy/index.js';
import type { Access, Authorizer, CustomerPolicy, GroupNode, PrincipalNode } from './authorizer.js';
import { ESCALATION_METHODS, type EscalationMethod, type MethodPrecondition, type RequiredPermission } from './methods.js';

/** How sure an edge is: allowed outright, allowed only under conditions, or dependent on facts not in the input. */
export type Qualifier = 'definite' | 'conditional' | 'possible';

const RANK: Readonly<Record<Qualifier, number>> = { definite: 0, conditional: 1, possible: 2 };

function worse(a: Qualifier, b: Qualifier): Qualifier {
  return RANK[a] >= RANK[b] ? a : b;
}

/** One concrete request of a method, as evaluated. */
export interface EdgeRequest {
  readonly action: string;
  readonly resource: string;
  readonly context?: ContextValues;
}

/** What an edge leads to. */
export type EdgeKind =
  /** `from` acts as `to`. */
  | 'become'
  /** `from` becomes an administrator directly (grant on itself, group, boundary removal, new principal). */
  | 'admin'
  /** `from` can make `to` an administrator; useful once `from` can act as `to`. */
  | 'grantOther';

export interface Edge {
  readonly kind: EdgeKind;
  readonly method: EscalationMethod;
  readonly from: PrincipalNode;
  readonly to?: PrincipalNode;
  /** What the method acted on, for the finding (a role, a user, a group, a policy, "a new role"). */
  readonly targetLabel: string;
  /** Why the target matters (e.g. "attached to alice"). */
  readonly via?: string;
  readonly requests: readonly EdgeRequest[];
  readonly qualifier: Qualifier;
  /** Why the edge is not definite. */
  readonly notes: readonly string[];
}

export interface NodeEdges {
  /** Every edge found, in catalogue order (several methods may lead to the same place). */
  readonly all: Edge[];
  /** The best edge of each kind and target, used for paths. */
  admin?: Edge;
  readonly become: Map<number, Edge>;
  readonly grantOther: Map<number, Edge>;
}

const NAME_CHOICE = 'castellan-escalation';

interface TargetFilter {
  readonly test: (arn: string) => boolean;
  /** Set when the statements list exact ARNs only. */
  readonly exact?: readonly string[];
}
const ANY_TARGET: TargetFilter = { test: () => true };

function better(current: Edge | undefined, candidate: Edge): boolean {
  return current === undefined || RANK[candidate.qualifier] < RANK[current.qualifier];
}

function accessQualifier(access: Access): Qualifier | undefined {
  return access === 'allowed' ? 'definite' : access === 'conditional' ? 'conditional' : undefined;
}

/**
 * Replaces `*` and `?` of a resource pattern with what the attacker would choose: its own account in the account
 * field, a region in the region field, a fixed name elsewhere. undefined when a policy variable cannot be filled.
 */
function concretize(pattern: string, node: PrincipalNode): string | undefined {
  let text = pattern;
  if (text.includes('${')) {
    if (node.type === 'user') text = text.replace(/\$\{aws:username\}/gi, node.name);
    if (text.includes('${')) return undefined;
  }
  const name = (s: string): string => s.replace(/\*/g, NAME_CHOICE).replace(/\?/g, 'x');
  const fields = text.split(':');
  if (fields.length < 6 || fields[0] !== 'arn') return name(text);
  const region = fields[3] === '*' ? 'us-east-1' : name(fields[3]);
  const account = fields[4] === '*' ? node.account : name(fields[4]);
  return [fields[0], name(fields[1]), name(fields[2]), region, account, name(fields.slice(5).join(':'))].join(':');
}

const SERVICES_OF = new Map<EscalationMethod, readonly string[]>();

/** The services (lower case) of a method's actions. */
function methodServices(method: EscalationMethod): readonly string[] {
  let out = SERVICES_OF.get(method);
  if (out === undefined) {
    out = [...new Set(method.permissions.map((p) => p.action.slice(0, p.action.indexOf(':')).toLowerCase()))];
    SERVICES_OF.set(method, out);
  }
  return out;
}

function fill(template: string, node: PrincipalNode, target?: string): string {
  if (!template.includes('{')) return template;
  return template.replace(/\{account\}/g, node.account).replace(/\{self\}/g, node.arn).replace(/\{target\}/g, target ?? '');
}

/** A permission of a method that does not depend on the target, as decided. */
interface FixedDecision {
  readonly perm: RequiredPermission;
  readonly request: EdgeRequest;
  readonly qualifier: Qualifier;
}

/** The target-independent requests of an edge and how sure they are together. */
interface Chosen {
  readonly requests: readonly EdgeRequest[];
  readonly qualifier: Qualifier;
}

/**
 * The resource a PassRole method creates is named by the attacker, and the service assumes the role for it with
 * aws:SourceArn (and aws:SourceAccount) set to its ARN. For each role, tries the names the method's permissions
 * already chose, the template's default name and the names the trust's aws:SourceArn conditions allow, in the
 * principal's account; a name counts when the trust accepts it and the principal may act on it (permissions on the
 * method's `source` re-checked on that ARN). A pattern of another account or another resource type fits no name.
 */
class SourceChoice {
  private readonly template?: string;
  private readonly fits?: (arn: string) => boolean;
  private readonly onName = new Map<string, Chosen | null>();

  constructor(
    private readonly auth: Authorizer,
    private readonly node: PrincipalNode,
    private readonly method: EscalationMethod,
    private readonly fixed: readonly FixedDecision[],
    private readonly start: Qualifier,
  ) {
    if (method.source !== undefined) {
      this.template = fill(method.source, node);
      this.fits = compileWildcard(this.template);
    }
  }

  /** How well `role` trusts a service of the method for a resource the attacker can name, with the requests. */
  trustedBy(role: PrincipalNode, unchanged: Chosen): { trusted: Qualifier; chosen: Chosen } | undefined {
    if (this.template === undefined || this.fits === undefined) {
      const trusted = this.bestService(role, undefined);
      return trusted === undefined ? undefined : { trusted, chosen: unchanged };
    }
    const names = new Set<string>();
    for (const f of this.fixed) if (f.perm.resource === this.method.source) names.add(f.request.resource);
    const first = concretize(this.template, this.node);
    if (first !== undefined) names.add(first);
    for (const value of role.trust?.sourceArns ?? []) {
      const name = concretize(value, this.node);
      if (name !== undefined && this.fits(name)) names.add(name);
    }
    let best: { trusted: Qualifier; chosen: Chosen; overall: Qualifier } | undefined;
    for (const name of names) {
      const trusted = this.bestService(role, name);
      if (trusted === undefined) continue;
      const chosen = this.chosenOn(name);
      if (chosen === undefined) continue;
      const overall = worse(trusted, chosen.qualifier);
      if (best === undefined || RANK[overall] < RANK[best.overall]) best = { trusted, chosen, overall };
      if (overall === 'definite') break;
    }
    return best === undefined ? undefined : { trusted: best.trusted, chosen: best.chosen };
  }

  private bestService(role: PrincipalNode, sourceArn: string | undefined): Qualifier | undefined {
    let trusted: Qualifier | undefined;
    for (const s of this.method.services ?? []) {
      const q = accessQualifier(this.auth.checkServiceAssume(role, s, sourceArn));
      if (q !== undefined && (trusted === undefined || RANK[q] < RANK[trusted])) trusted = q;
    }
    return trusted;
  }

  /** The fixed requests with every permission on the source resource acting on `name`; undefined when one is denied. */
  private chosenOn(name: string): Chosen | undefined {
    const memo = this.onName.get(name);
    if (memo !== undefined) return memo ?? undefined;
    let qualifier = this.start;
    const requests: EdgeRequest[] = [];
    let denied = false;
    for (const f of this.fixed) {
      if (f.perm.resource !== this.method.source || f.request.resource === name) {
        requests.push(f.request);
        qualifier = worse(qualifier, f.qualifier);
        continue;
      }
      const q = accessQualifier(this.auth.check(this.node, f.perm.action, name, f.request.context));
      if (q === undefined) {
        denied = true;
        break;
      }
      requests.push({ ...f.request, resource: name });
      qualifier = worse(qualifier, q);
    }
    const c = denied ? undefined : { requests, qualifier };
    this.onName.set(name, c ?? null);
    return c;
  }
}

/**
 * Builds the edges of every node with the engine, lazily per node. Candidate methods are pre-filtered by the
 * actions the node's statements name; targets by the Resource patterns of the statements that could allow them.
 */
export class EscalationGraph {
  private readonly edges: (NodeEdges | undefined)[];
  private readonly rolesByService = new Map<string, PrincipalNode[]>();
  private readonly openRoles: PrincipalNode[] = [];
  private readonly rolesByTrustedArn = new Map<string, PrincipalNode[]>();
  private readonly users: PrincipalNode[];
  private readonly roles: PrincipalNode[];
  private readonly filters = new Map<string, TargetFilter>();
  private readonly openRolesByFilter = new Map<TargetFilter, PrincipalNode[]>();
  private readonly methodsByServices = new Map<string, readonly EscalationMethod[]>();

  constructor(readonly authorizer: Authorizer) {
    this.edges = new Array(authorizer.principals.length);
    this.users = authorizer.principals.filter((n) => n.type === 'user');
    this.roles = authorizer.principals.filter((n) => n.type === 'role' && !n.serviceLinked);
    for (const role of this.roles) {
      const trust = role.trust;
      if (trust === undefined) continue;
      for (const service of trust.services) {
        let list = this.rolesByService.get(service);
        if (list === undefined) this.rolesByService.set(service, (list = []));
        list.push(role);
      }
      let open = false;
      for (const principal of trust.awsPrincipals) {
        if (/^arn:[^:]+:iam::\d{12}:(user|role)\/[^*?]+$/.test(principal)) {
          let list = this.rolesByTrustedArn.get(principal);
          if (list === undefined) this.rolesByTrustedArn.set(principal, (list = []));
          list.push(role);
        } else {
          open = true; // account root, account id, `*`, or a pattern: any principal the identity side allows
        }
      }
      if (open) this.openRoles.push(role);
    }
  }

  /** The edges of a node (computed on first use). */
  edgesOf(node: PrincipalNode): NodeEdges {
    let e = this.edges[node.index];
    if (e === undefined) {
      e = { all: [], become: new Map(), grantOther: new Map() };
      this.edges[node.index] = e;
      // Administrators are goals: their own out-edges never shorten a path.
      if (!node.boundaryUnknown && !node.serviceLinked && !this.authorizer.isAdmin(node)) {
        for (const method of this.candidateMethods(node)) this.addMethodEdges(node, method, e);
      }
    }
    return e;
  }

  /**
   * The methods whose services the node's Allow statements all name, in catalogue order: addMethodEdges's first
   * pre-filter, applied once per set of services rather than for each node and method (most nodes of a large
   * input share a few sets). A role that another principal's ARN is trusted by keeps every method.
   */
  private candidateMethods(node: PrincipalNode): readonly EscalationMethod[] {
    const services = this.authorizer.services(node);
    if (services === 'all' || this.rolesByTrustedArn.has(node.arn)) return ESCALATION_METHODS;
    const key = [...services].sort().join(' ');
    let methods = this.methodsByServices.get(key);
    if (methods === undefined) {
      methods = ESCALATION_METHODS.filter((m) => methodServices(m).every((s) => services.has(s)));
      this.methodsByServices.set(key, methods);
    }
    return methods;
  }

  private addMethodEdges(node: PrincipalNode, method: EscalationMethod, out: NodeEdges): void {
    const auth = this.authorizer;
    const isAssume = method.id === 'sts-assume-role';
    const directTrust = isAssume && this.rolesByTrustedArn.has(node.arn);
    // Cheapest pre-filter: the services the node's Allow statements name at all.
    const services = auth.services(node);
    if (services !== 'all' && !directTrust) {
      for (const service of methodServices(method)) if (!services.has(service)) return;
    }
    // Cheap pre-filter: every action must be named by some identity Allow (AssumeRole may be granted by the trust).
    for (const perm of method.permissions) {
      if (!auth.mayAllow(node, perm.action) && !directTrust) return;
    }
    const start: Qualifier = method.certainty === 'possible' || node.uncertain ? 'possible' : 'definite';
    const notes: string[] = [];
    if (method.certainty === 'possible') notes.push('depends on an existing resource that runs as the role');
    if (node.uncertain) notes.push('a policy of the principal holds a value unknown before deployment');
    for (const pre of method.preconditions ?? []) {
      if (pre === 'selfIsUser' && node.type !== 'user') return;
      if (pre === 'selfHasBoundary' && node.boundary === undefined) return;
    }
    // Permissions that do not depend on the target: decided once.
    const fixed: FixedDecision[] = [];
    for (const perm of method.permissions) {
      if (perm.resource.includes('{target}')) continue;
      const decided = this.decideChosen(node, perm);
      if (decided === undefined) return;
      fixed.push({ perm, ...decided });
    }
    const chosen: Chosen = { requests: fixed.map((f) => f.request), qualifier: fixed.reduce<Qualifier>((q, f) => worse(q, f.qualifier), start) };
    const targetPerms = method.permissions.filter((p) => p.resource.includes('{target}'));

    const tryTarget = (
      arn: string,
      targetNode: PrincipalNode | undefined,
      extra: ContextValues | undefined,
      before: Chosen = chosen,
    ): { requests: EdgeRequest[]; qualifier: Qualifier } | undefined => {
      let qualifier = before.qualifier;
      const requests = [...before.requests];
      for (const perm of targetPerms) {
        const resource = fill(perm.resource, node, arn);
        const context = { ...this.permContext(perm, node), ...extra };
        let access: Access;
        if (isAssume && targetNode !== undefined) access = auth.checkAssume(node, targetNode, context);
        else access = auth.check(node, perm.action, resource, context);
        const q = accessQualifier(access);
        if (q === undefined) return undefined;
        qualifier = worse(qualifier, q);
        requests.push({ action: perm.action, resource, context });
      }
      // Keep the requests in the method's order for the finding.
      const order = method.permissions.map((p) => p.action);
      requests.sort((a, b) => order.indexOf(a.action) - order.indexOf(b.action));
      return { requests, qualifier };
    };

    switch (method.target) {
      case 'self':
      case 'new': {
        const r = tryTarget(node.arn, node, undefined);
        if (r === undefined) return;
        let yieldsAdmin: boolean;
        if (method.yields === 'removeBoundary') yieldsAdmin = auth.adminWithoutBoundary(node);
        else if (method.yields === 'newAdmin') yieldsAdmin = auth.adminNew(node);
        else yieldsAdmin = auth.adminIfGranted(node);
        if (!yieldsAdmin) return;
        this.offer(out, 'admin', {
          kind: 'admin',
          method,
          from: node,
          targetLabel: method.target === 'new' ? 'a new principal' : `itself (${node.arn})`,
          requests: r.requests,
          qualifier: r.qualifier,
          notes: [...notes],
        });
        return;
      }
      case 'user':
      case 'role': {
        const filter = this.targetFilter(node, targetPerms[0]?.action);
        const pool = isAssume ? this.assumeCandidates(node, filter) : this.pick(method.target === 'user' ? this.users : this.roles, filter, method.target);
        for (const target of pool) {
          if (!isAssume && !filter.test(target.arn)) continue;
          if (target.serviceLinked) continue;
          const pre = this.preconditions(method.preconditions, node, target);
          if (pre === undefined) continue;
          const r = tryTarget(target.arn, target, this.resourceTags(target));
          if (r === undefined) continue;
          const qualifier = worse(r.qualifier, pre.qualifier);
          const edgeNotes = [...notes, ...pre.notes];
          if (method.yields === 'become') {
            if (target === node) continue;
            this.offerTo(out, out.become, target, { kind: 'become', method, from: node, to: target, targetLabel: `${target.type} ${target.arn}`, requests: r.requests, qualifier, notes: edgeNotes });
          } else {
            this.grant(out, method, node, target, `${target.type} ${target.arn}`, undefined, r.requests, qualifier, edgeNotes);
          }
        }
        return;
      }
      case 'group': {
        const filter = this.targetFilter(node, targetPerms[0]?.action);
        for (const group of auth.groups) {
          if (!filter.test(group.arn)) continue;
          if (method.yields === 'joinGroup' && group.members.includes(node)) continue;
          const r = tryTarget(group.arn, undefined, undefined);
          if (r === undefined) continue;
          if (method.yields === 'joinGroup') {
            if (!auth.adminWithGroup(node, group)) continue;
            this.offer(out, 'admin', { kind: 'admin', method, from: node, targetLabel: `group ${group.arn}`, requests: r.requests, qualifier: r.qualifier, notes: [...notes] });
          } else {
            this.grantMembers(out, method, node, group, r.requests, r.qualifier, notes);
          }
        }
        return;
      }
      case 'policy': {
        const filter = this.targetFilter(node, targetPerms[0]?.action);
        for (const policy of auth.customerPolicies) {
          if (policy.principals.length === 0 || !filter.test(policy.arn)) continue;
          const pre = this.preconditions(method.preconditions, node, undefined);
          if (pre === undefined) continue;
          const r = tryTarget(policy.arn, undefined, undefined);
          if (r === undefined) continue;
          this.grantAttached(out, method, node, policy, r.requests, worse(r.qualifier, pre.qualifier), [...notes, ...pre.notes]);
        }
        return;
      }
      case 'serviceRole': {
        const services = method.services ?? [];
        const seen = new Set<PrincipalNode>();
        const candidates: PrincipalNode[] = [];
        for (const s of [...services, '*']) {
          for (const role of this.rolesByService.get(s) ?? []) {
            if (!seen.has(role)) {
              seen.add(role);
              candidates.push(role);
            }
          }
        }
        const filter = targetPerms.length > 0 ? this.targetFilter(node, targetPerms[0].action) : ANY_TARGET;
        const source = new SourceChoice(auth, node, method, fixed, start);
        for (const role of candidates) {
          if (role === node || !filter.test(role.arn)) continue;
          const found = source.trustedBy(role, chosen);
          if (found === undefined) continue;
          const { trusted } = found;
          const r = tryTarget(role.arn, role, this.resourceTags(role), found.chosen);
          if (r === undefined) continue;
          const qualifier = worse(r.qualifier, trusted);
          const edgeNotes = trusted === 'conditional' ? [...notes, "the role's trust policy allows the service only under conditions"] : notes;
          this.offerTo(out, out.become, role, {
            kind: 'become',
            method,
            from: node,
            to: role,
            targetLabel: `role ${role.arn}`,
            via: `which trusts ${services.join(' or ')}`,
            requests: r.requests,
            qualifier,
            notes: edgeNotes,
          });
        }
        return;
      }
    }
  }

  private grant(out: NodeEdges, method: EscalationMethod, node: PrincipalNode, target: PrincipalNode, label: string, via: string | undefined, requests: readonly EdgeRequest[], qualifier: Qualifier, notes: readonly string[]): void {
    if (!this.authorizer.adminIfGranted(target)) return;
    const self = target === node;
    const edge: Edge = { kind: self ? 'admin' : 'grantOther', method, from: node, to: self ? undefined : target, targetLabel: label, via, requests, qualifier, notes };
    if (target === node) this.offer(out, 'admin', edge);
    else this.offerTo(out, out.grantOther, target, edge);
  }

  private grantMembers(out: NodeEdges, method: EscalationMethod, node: PrincipalNode, group: GroupNode, requests: readonly EdgeRequest[], qualifier: Qualifier, notes: readonly string[]): void {
    for (const member of group.members) {
      this.grant(out, method, node, member, `group ${group.arn}`, `whose member is ${member.type} ${member.name}`, requests, qualifier, notes);
    }
  }

  private grantAttached(out: NodeEdges, method: EscalationMethod, node: PrincipalNode, policy: CustomerPolicy, requests: readonly EdgeRequest[], qualifier: Qualifier, notes: readonly string[]): void {
    for (const principal of policy.principals) {
      this.grant(out, method, node, principal, `policy ${policy.arn}`, `which applies to ${principal.type} ${principal.name}`, requests, qualifier, notes);
    }
  }

  private offer(out: NodeEdges, _key: 'admin', edge: Edge): void {
    out.all.push(edge);
    if (better(out.admin, edge)) out.admin = edge;
  }

  private offerTo(out: NodeEdges, map: Map<number, Edge>, target: PrincipalNode, edge: Edge): void {
    out.all.push(edge);
    if (better(map.get(target.index), edge)) map.set(target.index, edge);
  }

  /** Roles `node` might assume: those naming it exactly, and those open to its account (or wider). */
  private assumeCandidates(node: PrincipalNode, filter: TargetFilter): readonly PrincipalNode[] {
    // A same-account trust policy naming the principal grants on its own: those roles skip the identity filter.
    const direct = this.rolesByTrustedArn.get(node.arn) ?? [];
    if (!this.authorizer.mayAllow(node, 'sts:AssumeRole')) return direct;
    let open = this.openRolesByFilter.get(filter);
    if (open === undefined) {
      open = this.openRoles.filter((r) => filter.test(r.arn));
      this.openRolesByFilter.set(filter, open);
    }
    return direct.length === 0 ? open : [...new Set([...direct, ...open])];
  }

  private permContext(perm: RequiredPermission, node: PrincipalNode): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(perm.context ?? {})) out[k] = fill(v, node);
    return out;
  }

  private resourceTags(target: PrincipalNode): ContextValues | undefined {
    const tags = target.entity.tags;
    if (tags === undefined) return undefined;
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(tags)) {
      out[`aws:ResourceTag/${k}`] = v;
      out[`iam:ResourceTag/${k}`] = v;
    }
    return out;
  }

  /**
   * Which target ARNs some Allow statement for `action` could match, from its Resource patterns: the exact ARNs
   * when every pattern is literal, else a wildcard test. Statements with NotResource or unknown policy variables
   * admit every target (the engine then decides).
   */
  private targetFilter(node: PrincipalNode, action: string | undefined): TargetFilter {
    if (action === undefined) return ANY_TARGET;
    const statements = this.authorizer.allowStatements(node, action, true);
    // No identity Allow: only a resource-side grant (a trust policy naming the node) can allow it.
    if (statements.length === 0) return ANY_TARGET;
    const patterns: string[] = [];
    let literal = true;
    for (const s of statements) {
      if (s.resource === undefined) return ANY_TARGET;
      for (const r of s.resource) {
        let value = r.value;
        if (value.includes('${')) {
          // ${aws:username} is known; any other variable could be anything the request carries.
          if (node.type === 'user') value = value.replace(/\$\{aws:username\}/gi, node.name);
          if (value.includes('${')) return ANY_TARGET;
        }
        if (value === '*') return ANY_TARGET;
        if (value.includes('*') || value.includes('?')) literal = false;
        patterns.push(value);
      }
    }
    if (literal) return { test: (arn) => patterns.includes(arn), exact: patterns };
    // Principals of a team share statements: one filter per distinct pattern list.
    const key = patterns.join('\n');
    let filter = this.filters.get(key);
    if (filter === undefined) {
      const matchers = patterns.map((p) => compileWildcard(p));
      filter = { test: (arn) => matchers.some((m) => m(arn)) };
      this.filters.set(key, filter);
    }
    return filter;
  }

  /** The principals of `pool` a filter admits, looked up by ARN when it lists exact ARNs. */
  private pick(pool: readonly PrincipalNode[], filter: TargetFilter, type: 'user' | 'role'): readonly PrincipalNode[] {
    if (filter.exact === undefined) return pool;
    const out: PrincipalNode[] = [];
    for (const arn of filter.exact) {
      const node = this.authorizer.byArn.get(arn);
      if (node !== undefined && node.type === type && !out.includes(node)) out.push(node);
    }
    return out;
  }

  /**
   * A permission on a resource the attacker names (a new function, stack…): tries the template's default name and
   * the names the principal's own statements allow, and keeps the best decision.
   */
  private decideChosen(node: PrincipalNode, perm: RequiredPermission): { request: EdgeRequest; qualifier: Qualifier } | undefined {
    const auth = this.authorizer;
    const template = fill(perm.resource, node);
    const context = this.permContext(perm, node);
    const candidates: string[] = [];
    if (template === '*') candidates.push('*');
    else {
      const fits = compileWildcard(template);
      const first = concretize(template, node);
      if (first !== undefined) candidates.push(first);
      const statements: readonly Statement[] = auth.allowStatements(node, perm.action, true);
      for (const s of statements) {
        for (const r of s.resource ?? []) {
          const c = concretize(r.value, node);
          if (c !== undefined && c !== '*' && fits(c) && !candidates.includes(c)) candidates.push(c);
        }
        if (candidates.length >= 8) break;
      }
    }
    let best: { request: EdgeRequest; qualifier: Qualifier } | undefined;
    for (const resource of candidates) {
      const q = accessQualifier(auth.check(node, perm.action, resource, context));
      if (q === undefined) continue;
      if (best === undefined || RANK[q] < RANK[best.qualifier]) {
        best = { request: { action: perm.action, resource, context }, qualifier: q };
        if (q === 'definite') break;
      }
    }
    return best;
  }

  private preconditions(list: readonly MethodPrecondition[] | undefined, node: PrincipalNode, target: PrincipalNode | undefined): { qualifier: Qualifier; notes: string[] } | undefined {
    let qualifier: Qualifier = 'definite';
    const notes: string[] = [];
    for (const pre of list ?? []) {
      const entity = target?.entity;
      switch (pre) {
        case 'targetIsOther':
          if (target === node) return undefined;
          break;
        case 'targetHasKeySlot':
          if (entity?.accessKeys !== undefined && entity.accessKeys.length >= 2) return undefined;
          break;
        case 'targetHasTwoKeys':
          if (entity?.accessKeys === undefined || entity.accessKeys.length < 2) return undefined;
          break;
        case 'targetHasNoLoginProfile':
          if (entity?.hasLoginProfile === true) return undefined;
          break;
        case 'targetHasLoginProfile':
          if (entity?.hasLoginProfile === false) return undefined;
          if (entity?.hasLoginProfile === undefined) {
            qualifier = 'possible';
            notes.push('only if the user has a console password (not in the input)');
          }
          break;
        case 'policyHasBroaderVersion':
          qualifier = 'possible';
          notes.push('only if the policy has a broader non-default version (versions are not in the input)');
          break;
        case 'selfHasBoundary':
        case 'selfIsUser':
          break;
      }
    }
    return { qualifier, notes };
  }
}

/** How a node reaches administrator in a solution. */
export type Route =
  | { readonly kind: 'isAdmin' }
  | { readonly kind: 'edge'; readonly edge: Edge }
  /** Grant administrator to `edge.to`, then act as it through `hops`. */
  | { readonly kind: 'grantThenReach'; readonly edge: Edge; readonly hops: readonly Edge[] }
  | { readonly kind: 'next'; readonly edge: Edge };

export interface Solution {
  readonly dist: Int32Array;
  readonly route: (Route | undefined)[];
}

/**
 * Shortest routes to administrator using only edges at most as uncertain as `max`. A reverse search from the goals:
 * administrators (0 steps), principals with a direct admin edge (1), principals that can grant another principal
 * administrator and then reach it (1 + hops). Edges of every node are computed once and shared by both passes.
 */
export function solve(graph: EscalationGraph, max: Qualifier): Solution {
  const auth = graph.authorizer;
  const nodes = auth.principals;
  const n = nodes.length;
  const ok = (e: Edge): boolean => RANK[e.qualifier] <= RANK[max];
  const dist = new Int32Array(n).fill(-1);
  const route: (Route | undefined)[] = new Array(n);
  const reverse: Edge[][] = Array.from({ length: n }, () => []);
  const initial: [number, number, Route][] = [];

  for (const node of nodes) {
    const e = graph.edgesOf(node);
    for (const edge of e.become.values()) if (ok(edge)) reverse[edge.to!.index].push(edge);
  }
  for (const node of nodes) {
    if (node.serviceLinked || node.boundaryUnknown) continue;
    if (auth.isAdmin(node)) {
      initial.push([node.index, 0, { kind: 'isAdmin' }]);
      continue;
    }
    const e = graph.edgesOf(node);
    if (e.admin !== undefined && ok(e.admin)) initial.push([node.index, 1, { kind: 'edge', edge: e.admin }]);
    const grants = [...e.grantOther.values()].filter(ok);
    if (grants.length > 0) {
      const reach = forwardHops(graph, node, new Set(grants.map((g) => g.to!.index)), ok);
      if (reach !== undefined) {
        const grant = grants.find((g) => g.to!.index === reach.target)!;
        initial.push([node.index, 1 + reach.hops.length, { kind: 'grantThenReach', edge: grant, hops: reach.hops }]);
      }
    }
  }
  // Bucketed Dijkstra over unit-weight reverse edges with several start distances.
  const buckets: number[][] = [];
  const pending: (Route | undefined)[] = new Array(n);
  const pendingDist = new Int32Array(n).fill(-1);
  const push = (index: number, d: number, r: Route): void => {
    if (dist[index] !== -1) return;
    if (pendingDist[index] !== -1 && pendingDist[index] <= d) return;
    pendingDist[index] = d;
    pending[index] = r;
    (buckets[d] ??= []).push(index);
  };
  for (const [index, d, r] of initial) push(index, d, r);
  for (let d = 0; d < buckets.length; d++) {
    const bucket = buckets[d];
    if (bucket === undefined) continue;
    for (let i = 0; i < bucket.length; i++) {
      const index = bucket[i];
      if (dist[index] !== -1 || pendingDist[index] !== d) continue;
      dist[index] = d;
      route[index] = pending[index];
      for (const edge of reverse[index]) {
        const from = edge.from.index;
        if (dist[from] === -1) push(from, d + 1, { kind: 'next', edge });
      }
    }
  }
  return { dist, route };
}

/** Breadth-first from `start` over become edges to the nearest of `targets`: the hops taken. */
function forwardHops(graph: EscalationGraph, start: PrincipalNode, targets: ReadonlySet<number>, ok: (e: Edge) => boolean): { target: number; hops: Edge[] } | undefined {
  const via = new Map<number, Edge>();
  const queue: PrincipalNode[] = [start];
  const seen = new Set<number>([start.index]);
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i];
    for (const edge of graph.edgesOf(node).become.values()) {
      if (!ok(edge)) continue;
      const to = edge.to!;
      if (seen.has(to.index)) continue;
      seen.add(to.index);
      via.set(to.index, edge);
      if (targets.has(to.index)) {
        const hops: Edge[] = [];
        for (let at: Edge | undefined = edge; at !== undefined; at = via.get(at.from.index)) hops.unshift(at);
        return { target: to.index, hops };
      }
      queue.push(to);
    }
  }
  return undefined;
}
