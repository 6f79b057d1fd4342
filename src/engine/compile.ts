// Compiles parsed policies once into closures and per-action indexes; evaluation never re-parses.
import type { Effect, Located, PolicyDocument, Span, Statement } from '../policy/index.js';
import { compileCondition } from './conditions/index.js';
import type { CompiledCondition, CompiledPattern } from './conditions/types.js';
import { compileWildcard } from './match/wildcard.js';
import { compileResourcePattern } from './match/template.js';
import { compileNotPrincipal, compilePrincipal, type NotPrincipalMatcher, type PrincipalMatcher } from './principal.js';
import type { NamedPolicy, PolicyLayer, PolicySet, ResourcePolicyKind, SkippedPolicy } from './types.js';

export interface CompiledStatement {
  readonly policyName: string;
  readonly statementIndex: number;
  readonly sid?: string;
  readonly effect: Effect;
  readonly isDeny: boolean;
  readonly span: Span;
  readonly source?: string;
  /** `actionLower` is the request action lower-cased. */
  readonly matchesAction: (actionLower: string) => boolean;
  /** undefined: the statement has neither Resource nor NotResource (trust policies), so every resource. */
  readonly matchesResource?: CompiledPattern;
  readonly principal?: PrincipalMatcher;
  readonly notPrincipal?: NotPrincipalMatcher;
  /** undefined: no Condition. */
  readonly condition?: CompiledCondition;
  /**
   * Applies to every request its Action admits: no Principal/NotPrincipal, no Condition, and `*` among its
   * (non-negated) Resource entries — `FullAWSAccess`, a boundary's `Allow *`, `Deny … Resource: *`.
   */
  readonly unconditional: boolean;
}

export interface CompiledPolicy {
  readonly name: string;
  readonly document: PolicyDocument;
  readonly statements: readonly CompiledStatement[];
}

// Each layer keeps, per distinct action string, the statements whose Action/NotAction admits it. Actions
// repeat (a server sees a few hundred), so after warm-up a request only visits statements that can apply.
const ACTION_INDEX_LIMIT = 4096;

/** The statements of one layer that admit one action. */
export class Candidates {
  /** In policy order: what explanations report. */
  readonly all: readonly CompiledStatement[];
  /**
   * The Deny statements, then the Allows: the fast path needs every Deny checked and, outside resource-side
   * layers, only one applicable Allow, so it can stop at the first Allow that applies.
   */
  readonly denyFirst: readonly CompiledStatement[];
  readonly denyCount: number;
  /**
   * Some Deny applies to every request with this action: the layer denies without testing anything. (The
   * fast path's answer does not depend on which Deny or Allow it finds first; explanations use `all`.)
   */
  readonly alwaysDenies: boolean;
  /**
   * No Deny, and some Allow without Principal applies to every request with this action: outside resource-side
   * layers the answer is Allow without testing anything — an SCP level holding only `FullAWSAccess`, a
   * boundary of `Allow *`.
   */
  readonly alwaysAllows: boolean;

  constructor(all: readonly CompiledStatement[]) {
    this.all = all;
    // Unconditional statements first within each group: the first one decides the layer at once. With the
    // alwaysDenies/alwaysAllows shortcuts of evalLayerFast: fast path +2-4% on bench/engine.mjs, +6-8% with an
    // SCP level of `FullAWSAccess` only (in-process paired A/B, both orders, medians of per-pair ratios).
    const denies = all.filter((s) => s.isDeny && s.unconditional).concat(all.filter((s) => s.isDeny && !s.unconditional));
    const allows = all.filter((s) => !s.isDeny && s.unconditional).concat(all.filter((s) => !s.isDeny && !s.unconditional));
    this.denyFirst = denies.concat(allows);
    this.denyCount = denies.length;
    this.alwaysDenies = denies.length > 0 && denies[0].unconditional;
    this.alwaysAllows = denies.length === 0 && allows.length > 0 && allows[0].unconditional;
  }
}

export class CompiledLayer {
  private readonly byAction = new Map<string, Candidates>();
  readonly statements: readonly CompiledStatement[];
  /** Resource and RCP layers: every applicable Allow counts (for its principal forms), not only the first. */
  readonly resourceSide: boolean;

  constructor(
    readonly layer: PolicyLayer,
    readonly policies: readonly CompiledPolicy[],
    readonly level?: number,
  ) {
    this.statements = policies.flatMap((p) => p.statements);
    this.resourceSide = layer === 'resource' || layer === 'rcp';
  }

  /** Shared by every explanation of this layer, hence frozen (rebuilding it per explanation, with the
   * flatMap and Set copies in buildExplanation, cost a third of explain mode: explain +50% on bench/engine.mjs). */
  get policyNames(): readonly string[] {
    return (this.names ??= Object.freeze(this.policies.map((p) => p.name)));
  }

  private names: readonly string[] | undefined;

  /** The statements whose Action/NotAction admits `action`. */
  candidates(action: string): Candidates {
    let list = this.byAction.get(action);
    if (list === undefined) {
      const lower = action.toLowerCase();
      list = new Candidates(this.statements.filter((s) => s.matchesAction(lower)));
      if (this.byAction.size >= ACTION_INDEX_LIMIT) this.byAction.clear();
      this.byAction.set(action, list);
    }
    return list;
  }
}

export interface CompiledPolicySet {
  readonly identity?: CompiledLayer;
  readonly resource?: CompiledLayer;
  readonly resourcePolicyKind: ResourcePolicyKind;
  readonly permissionBoundary?: CompiledLayer;
  readonly session?: CompiledLayer;
  readonly scps?: readonly CompiledLayer[];
  readonly rcps?: readonly CompiledLayer[];
  /** Policies that could not be compiled; they take no part in decisions and are reported by explain. */
  readonly skippedPolicies: readonly SkippedPolicy[];
  /** @internal Per-action plans (absent from sets not made by compilePolicySet). */
  readonly plans?: ActionPlans;
}

/** Services whose resources RCPs govern (spec/evaluation.md §3; later additions unconfirmed). */
const RCP_SERVICES = new Set([
  's3',
  'sts',
  'kms',
  'sqs',
  'secretsmanager',
  'ecr',
  'aoss',
  'cognito-idp',
  'cognito-identity',
  'logs',
  'dynamodb',
]);

function serviceOf(actionLower: string): string {
  const colon = actionLower.indexOf(':');
  return colon === -1 ? actionLower : actionLower.slice(0, colon);
}

/**
 * Everything the decision needs to know about one action, for every layer of a set, found with one lookup per
 * request instead of one per layer. It remembers the layers it was made from: a set copied with a layer
 * replaced (`{ ...set, resource }`) shares the cache but not the plan.
 */
export class ActionPlan {
  readonly scps: readonly Candidates[] | undefined;
  readonly rcps: readonly Candidates[] | undefined;
  readonly resource: Candidates | undefined;
  readonly identity: Candidates | undefined;
  readonly permissionBoundary: Candidates | undefined;
  readonly session: Candidates | undefined;
  /** `sts:GetCallerIdentity`, in any case. */
  readonly isGetCallerIdentity: boolean;
  /** The action's service is one whose resources RCPs govern. */
  readonly rcpService: boolean;

  constructor(
    readonly set: CompiledPolicySet,
    action: string,
  ) {
    const lower = action.toLowerCase();
    this.scps = set.scps?.map((l) => l.candidates(action));
    this.rcps = set.rcps?.map((l) => l.candidates(action));
    this.resource = set.resource?.candidates(action);
    this.identity = set.identity?.candidates(action);
    this.permissionBoundary = set.permissionBoundary?.candidates(action);
    this.session = set.session?.candidates(action);
    this.isGetCallerIdentity = lower === 'sts:getcalleridentity';
    this.rcpService = RCP_SERVICES.has(serviceOf(lower));
  }

  /** True when `set` has the layers this plan was made from. */
  fits(set: CompiledPolicySet): boolean {
    const own = this.set;
    return (
      own === set ||
      (own.resource === set.resource &&
        own.identity === set.identity &&
        own.permissionBoundary === set.permissionBoundary &&
        own.session === set.session &&
        own.scps === set.scps &&
        own.rcps === set.rcps)
    );
  }
}

/**
 * The plans of one set by action string: one lookup per request instead of one per layer (a Map hit compares
 * the action string each time). With the Deny-first candidate order, fast path +12% on bench/engine.mjs
 * (paired runs, medians).
 */
export class ActionPlans {
  private readonly byAction = new Map<string, ActionPlan>();

  get(set: CompiledPolicySet, action: string): ActionPlan {
    const plan = this.byAction.get(action);
    if (plan !== undefined && plan.fits(set)) return plan;
    const fresh = new ActionPlan(set, action);
    if (this.byAction.size >= ACTION_INDEX_LIMIT) this.byAction.clear();
    this.byAction.set(action, fresh);
    return fresh;
  }
}

/** The plan for `action` in `set`: cached when the set was made by compilePolicySet. */
export function planFor(set: CompiledPolicySet, action: string): ActionPlan {
  const plans = set.plans;
  return plans !== undefined ? plans.get(set, action) : new ActionPlan(set, action);
}

function compileActionMatcher(patterns: readonly Located<string>[], negate: boolean): (actionLower: string) => boolean {
  const matchers = patterns.map((p) => compileWildcard(p.value.toLowerCase()));
  const any = (a: string): boolean => {
    for (const m of matchers) if (m(a)) return true;
    return false;
  };
  return negate ? (a) => !any(a) : any;
}

function compileResourceMatcher(
  patterns: readonly Located<string>[],
  negate: boolean,
  policyVariables: boolean,
): CompiledPattern {
  const matchers = patterns.map((p) => compileResourcePattern(p.value, { policyVariables }));
  if (!negate && matchers.length === 1) return matchers[0];
  return (value, ctx, trace) => {
    let any = false;
    for (const m of matchers) {
      if (m(value, ctx, trace)) {
        any = true;
        break;
      }
    }
    return negate ? !any : any;
  };
}

function compileStatement(statement: Statement, policy: NamedPolicy, policyVariables: boolean): CompiledStatement {
  const matchesAction =
    statement.action !== undefined
      ? compileActionMatcher(statement.action, false)
      : statement.notAction !== undefined
        ? compileActionMatcher(statement.notAction, true)
        : () => false;
  const matchesResource =
    statement.resource !== undefined
      ? compileResourceMatcher(statement.resource, false, policyVariables)
      : statement.notResource !== undefined
        ? compileResourceMatcher(statement.notResource, true, policyVariables)
        : undefined;
  return {
    policyName: policy.name,
    statementIndex: statement.index,
    sid: statement.sid?.value,
    effect: statement.effect.value,
    isDeny: statement.effect.value === 'Deny',
    span: statement.span,
    source: policy.document.source,
    matchesAction,
    matchesResource,
    principal: statement.principal !== undefined ? compilePrincipal(statement.principal) : undefined,
    notPrincipal: statement.notPrincipal !== undefined ? compileNotPrincipal(statement.notPrincipal) : undefined,
    condition: statement.condition.length > 0 ? compileCondition(statement.condition, { policyVariables }) : undefined,
    unconditional:
      statement.principal === undefined &&
      statement.notPrincipal === undefined &&
      statement.condition.length === 0 &&
      statement.resource !== undefined &&
      statement.resource.some((r) => r.value === '*'),
  };
}

/** Compiles one policy. Throws when a statement cannot be compiled (e.g. an unknown condition operator). */
export function compilePolicy(policy: NamedPolicy): CompiledPolicy {
  const policyVariables = policy.document.version?.value === '2012-10-17';
  return {
    name: policy.name,
    document: policy.document,
    statements: policy.document.statements.map((s) => compileStatement(s, policy, policyVariables)),
  };
}

function compileLayer(
  layer: PolicyLayer,
  policies: readonly NamedPolicy[],
  skipped: SkippedPolicy[],
  level?: number,
): CompiledLayer {
  const compiled: CompiledPolicy[] = [];
  for (const policy of policies) {
    try {
      compiled.push(compilePolicy(policy));
    } catch (error) {
      // A policy that fails to compile is skipped and reported, not fatal to every request (Cedar's rule).
      skipped.push({ layer, policyName: policy.name, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  return new CompiledLayer(layer, compiled, level);
}

/** Compiles every policy of a set once; the result is immutable and can be shared by any number of requests. */
export function compilePolicySet(set: PolicySet): CompiledPolicySet {
  const skipped: SkippedPolicy[] = [];
  return {
    identity: set.identity !== undefined ? compileLayer('identity', set.identity, skipped) : undefined,
    resource: set.resource !== undefined ? compileLayer('resource', [set.resource], skipped) : undefined,
    resourcePolicyKind: set.resourcePolicyKind ?? 'resource',
    permissionBoundary:
      set.permissionBoundary !== undefined
        ? compileLayer('permissionBoundary', [set.permissionBoundary], skipped)
        : undefined,
    session: set.session !== undefined ? compileLayer('session', set.session, skipped) : undefined,
    scps: set.scps?.map((level, i) => compileLayer('scp', level, skipped, i)),
    rcps: set.rcps?.map((level, i) => compileLayer('rcp', level, skipped, i)),
    skippedPolicies: skipped,
    plans: new ActionPlans(),
  };
}
