// The decision algorithm of spec/evaluation.md: explicit deny, RCPs, SCPs, resource policy (with the
// principal table of §4), identity, permissions boundary, session policies; cross-account as two sides.
// One algorithm serves the fast path and explanations: explaining only adds collectors.
import { analyseCaller, principalArnOf, type Caller } from './caller.js';
import { planFor, type Candidates, type CompiledLayer, type CompiledPolicySet, type CompiledStatement } from './compile.js';
import type { ConditionContext, ConditionTrace } from './conditions/types.js';
import { contextValue } from './context.js';
import { buildExplanation, type LayerRecord } from './explain.js';
import { FORM_ACCOUNT, FORM_DIRECT, FORM_ROLE } from './principal.js';
import type {
  ContextValue,
  ContextValues,
  Decision,
  EvaluateOptions,
  EvaluationRequest,
  EvaluationResult,
  MatchedStatement,
  PolicyLayer,
} from './types.js';

// A layer's result packed in one number so the fast path allocates nothing:
// DENY, NONE, or ALLOW | the principal forms (FORM_*) of the Allows (resource-side layers only).
const DENY = -1;
const NONE = 0;
const ALLOW = 8;

interface Collector {
  readonly trace: ConditionTrace;
  readonly matched: MatchedStatement[];
}

/**
 * What one evaluation reads. It is also the condition context: one allocation per request instead of two.
 * (Not reused across calls: evaluate may be re-entered.)
 */
class RequestState implements ConditionContext {
  constructor(
    readonly context: ContextValues | undefined,
    readonly action: string,
    readonly resource: string,
    readonly caller: Caller,
    readonly hasPermissionBoundary: boolean,
  ) {}

  get(lowerKey: string): ContextValue | undefined {
    return contextValue(this.context, lowerKey);
  }
}

function statementApplies(s: CompiledStatement, st: RequestState, trace: ConditionTrace | undefined): number {
  // Returns the principal forms for resource-side statements (FORM_DIRECT when no principal element), 0 if
  // the statement does not apply.
  let forms = FORM_DIRECT;
  if (s.principal !== undefined) {
    forms = s.principal(st.caller);
    if (forms === 0) return 0;
  } else if (s.notPrincipal !== undefined) {
    const applies = s.isDeny
      ? s.notPrincipal.denyApplies(st.caller, st.hasPermissionBoundary)
      : s.notPrincipal.allowApplies(st.caller);
    if (!applies) return 0;
  }
  if (s.matchesResource !== undefined && !s.matchesResource(st.resource, st, trace)) return 0;
  if (s.condition !== undefined && !s.condition(st, trace)) return 0;
  return forms;
}

/**
 * Evaluates one layer without explaining: Denies first, stopping at the first that applies; then the Allows,
 * stopping at the first that applies except in resource-side layers, whose Allows add principal forms.
 */
function evalLayerFast(candidates: Candidates, resourceSide: boolean, st: RequestState): number {
  if (candidates.alwaysDenies) return DENY;
  // An unconditional Allow without Principal names no one, so its forms are FORM_DIRECT (statementApplies).
  if (candidates.alwaysAllows && !resourceSide) return ALLOW | FORM_DIRECT;
  const list = candidates.denyFirst;
  const denyCount = candidates.denyCount;
  let i = 0;
  for (; i < denyCount; i++) {
    if (statementApplies(list[i], st, undefined) !== 0) return DENY;
  }
  const all = !resourceSide;
  let result = NONE;
  for (; i < list.length; i++) {
    const forms = statementApplies(list[i], st, undefined);
    if (forms === 0) continue;
    if (all) return ALLOW | forms;
    result |= ALLOW | forms;
  }
  return result;
}

/** Evaluates one layer for an explanation: every statement, in policy order. */
function evalLayerExplained(layer: CompiledLayer, all: Candidates, st: RequestState, collector: Collector): number {
  const candidates = all.all;
  let result = NONE;
  for (let i = 0; i < candidates.length; i++) {
    const s = candidates[i];
    const forms = statementApplies(s, st, collector.trace);
    if (forms === 0) continue;
    collector.matched.push({
      layer: layer.layer,
      level: layer.level,
      policyName: s.policyName,
      statementIndex: s.statementIndex,
      sid: s.sid,
      effect: s.effect,
      span: s.span,
      source: s.source,
    });
    if (s.isDeny) {
      result = DENY;
    } else if (result !== DENY) {
      result |= ALLOW | forms;
    }
  }
  return result;
}

/** The account in an ARN (5th field), or undefined when empty or not an ARN. */
function arnAccount(arn: string): string | undefined {
  if (!arn.startsWith('arn:')) return undefined;
  let start = 0;
  for (let i = 0; i < 4; i++) {
    start = arn.indexOf(':', start) + 1;
    if (start === 0) return undefined;
  }
  const end = arn.indexOf(':', start);
  if (end === -1 || end === start) return undefined;
  return arn.slice(start, end);
}

interface Outcome {
  readonly decision: Decision;
  readonly decidedBy?: PolicyLayer;
}

const LAYERS: readonly PolicyLayer[] = ['identity', 'resource', 'permissionBoundary', 'session', 'scp', 'rcp'];
// Results are shared constants: the fast path returns them without allocating.
const OUTCOMES = Object.fromEntries(
  (['allowed', 'explicitDeny', 'implicitDeny'] as const).map((decision) => [
    decision,
    Object.fromEntries(LAYERS.map((layer) => [layer, Object.freeze({ decision, decidedBy: layer })])),
  ]),
) as Record<Decision, Record<PolicyLayer, Outcome>>;
const ALLOWED_BY_IDENTITY = OUTCOMES.allowed.identity;
const ALLOWED_BY_RESOURCE = OUTCOMES.allowed.resource;
function outcome(decision: Decision, decidedBy: PolicyLayer): Outcome {
  return OUTCOMES[decision][decidedBy];
}

export function evaluate(
  request: EvaluationRequest,
  set: CompiledPolicySet,
  options?: EvaluateOptions,
): EvaluationResult {
  const explain = options?.explain === true;
  const action = request.action;
  const context = request.context;
  const caller = analyseCaller(request.principal, request.principalDetails, principalArnOf(context));
  const resource = request.resource ?? '*';
  const st = new RequestState(context, action, resource, caller, set.permissionBoundary !== undefined);
  const resourceAccount = request.resourceAccount ?? arnAccount(resource) ?? caller.account;
  const crossAccount = caller.account !== undefined && resourceAccount !== undefined && caller.account !== resourceAccount;

  if (!explain) return decide(set, st, crossAccount, undefined);

  const records: LayerRecord[] = [];
  const trace: ConditionTrace = { missingKeys: [], clauses: [] };
  const result = decide(set, st, crossAccount, { records, trace });
  return {
    ...result,
    explanation: buildExplanation({
      request,
      result,
      crossAccount,
      records,
      missingKeys: trace.missingKeys,
      skipped: set.skippedPolicies,
    }),
  };
}

interface ExplainSink {
  readonly records: LayerRecord[];
  readonly trace: ConditionTrace;
}

function run(layer: CompiledLayer, candidates: Candidates, st: RequestState, sink: ExplainSink | undefined): number {
  if (sink === undefined) return evalLayerFast(candidates, layer.resourceSide, st);
  const collector: Collector = { trace: sink.trace, matched: [] };
  const result = evalLayerExplained(layer, candidates, st, collector);
  sink.records.push({ layer, result, matched: collector.matched });
  return result;
}

/**
 * The levels of an organization (root, OUs, account) combined: DENY if any level denies, NONE if some
 * level has no Allow, else ALLOW. Explaining evaluates every level; the fast path stops at a deny.
 */
function runLevels(
  levels: readonly CompiledLayer[],
  candidates: readonly Candidates[],
  st: RequestState,
  sink: ExplainSink | undefined,
): number {
  let result = ALLOW;
  for (let i = 0; i < levels.length; i++) {
    const r = run(levels[i], candidates[i], st, sink);
    if (r === DENY) {
      if (sink === undefined) return DENY;
      result = DENY;
    } else if (r === NONE && result !== DENY) {
      result = NONE;
    }
  }
  return result;
}

function decide(set: CompiledPolicySet, st: RequestState, crossAccount: boolean, sink: ExplainSink | undefined): Outcome {
  const caller = st.caller;
  const plan = planFor(set, st.action);
  // sts:GetCallerIdentity is answered for every valid credential, even under an explicit deny.
  if (plan.isGetCallerIdentity) return ALLOWED_BY_IDENTITY;
  const kind = caller.kind;
  const isIamPrincipal = kind === 'user' || kind === 'role' || kind === 'roleSession' || kind === 'federatedUser';
  const isSessionPrincipal = kind === 'role' || kind === 'roleSession' || kind === 'federatedUser';
  const scpApplies =
    set.scps !== undefined && (isIamPrincipal || kind === 'root') && !caller.isServiceLinkedRole;
  const rcpApplies =
    set.rcps !== undefined && kind !== 'service' && !caller.isServiceLinkedRole && plan.rcpService;

  // 1. Explicit denies, in every layer that applies. The fast path returns at the first one; explaining
  //    evaluates every layer and reports the first deny in this order.
  let denied: PolicyLayer | undefined;
  const scpResult = scpApplies ? runLevels(set.scps!, plan.scps!, st, sink) : ALLOW;
  if (scpResult === DENY) {
    if (sink === undefined) return outcome('explicitDeny', 'scp');
    denied ??= 'scp';
  }
  const rcpResult = rcpApplies ? runLevels(set.rcps!, plan.rcps!, st, sink) : ALLOW;
  if (rcpResult === DENY) {
    if (sink === undefined) return outcome('explicitDeny', 'rcp');
    denied ??= 'rcp';
  }
  const resourceResult = set.resource !== undefined ? run(set.resource, plan.resource!, st, sink) : NONE;
  if (resourceResult === DENY) {
    if (sink === undefined) return outcome('explicitDeny', 'resource');
    denied ??= 'resource';
  }
  const identityResult = isIamPrincipal && set.identity !== undefined ? run(set.identity, plan.identity!, st, sink) : NONE;
  if (identityResult === DENY) {
    if (sink === undefined) return outcome('explicitDeny', 'identity');
    denied ??= 'identity';
  }
  const boundaryResult =
    isIamPrincipal && set.permissionBoundary !== undefined ? run(set.permissionBoundary, plan.permissionBoundary!, st, sink) : NONE;
  if (boundaryResult === DENY) {
    if (sink === undefined) return outcome('explicitDeny', 'permissionBoundary');
    denied ??= 'permissionBoundary';
  }
  const sessionResult = isSessionPrincipal && set.session !== undefined ? run(set.session, plan.session!, st, sink) : NONE;
  if (sessionResult === DENY) {
    if (sink === undefined) return outcome('explicitDeny', 'session');
    denied ??= 'session';
  }
  if (denied !== undefined) return outcome('explicitDeny', denied);

  // 2-3. Control policies: every level of the hierarchy needs an applicable Allow.
  if (rcpResult === NONE) return outcome('implicitDeny', 'rcp');
  if (scpResult === NONE) return outcome('implicitDeny', 'scp');

  const resourceAllowed = resourceResult !== NONE;
  const forms = resourceAllowed ? resourceResult & (FORM_DIRECT | FORM_ROLE | FORM_ACCOUNT) : 0;
  const policyKind = set.resourcePolicyKind;

  // Services, identity providers and anonymous callers have no identity side: only the resource policy grants.
  if (!isIamPrincipal && kind !== 'root') {
    return resourceAllowed ? ALLOWED_BY_RESOURCE : outcome('implicitDeny', 'resource');
  }

  if (kind === 'root') {
    // The root user is implicitly allowed in its own account; trust and key policies must still allow it,
    // and another account's resource policy must name it or its account.
    if (!crossAccount && policyKind === 'resource') return ALLOWED_BY_IDENTITY;
    return resourceAllowed ? ALLOWED_BY_RESOURCE : outcome('implicitDeny', 'resource');
  }

  // Role trust policies and KMS key policies are mandatory: without their Allow nothing else counts.
  if (policyKind !== 'resource' && !resourceAllowed) return outcome('implicitDeny', 'resource');

  if (!crossAccount) {
    // 4. A same-account resource policy that names the caller exactly grants on its own.
    if ((forms & FORM_DIRECT) !== 0) return ALLOWED_BY_RESOURCE;
    // 5. Naming the role (or the user who federated) stands in for the identity policy, but the
    //    boundary and session policies still limit it. Naming the account delegates to identity policies.
    const byRole = (forms & FORM_ROLE) !== 0;
    if (identityResult === NONE && !byRole) return outcome('implicitDeny', 'identity');
    const limited = limits(set, st, boundaryResult, sessionResult);
    if (limited !== undefined) return limited;
    return identityResult === NONE ? ALLOWED_BY_RESOURCE : ALLOWED_BY_IDENTITY;
  }

  // Cross-account: the principal's side needs its own identity Allow (no shortcuts), and the resource's
  // side needs a resource policy that names the principal, its role or user, or its account.
  if (identityResult === NONE) return outcome('implicitDeny', 'identity');
  const limited = limits(set, st, boundaryResult, sessionResult);
  if (limited !== undefined) return limited;
  return resourceAllowed ? ALLOWED_BY_IDENTITY : outcome('implicitDeny', 'resource');
}

/** Steps 6-7: permissions boundary and session policies. undefined when they do not stop the request. */
function limits(set: CompiledPolicySet, st: RequestState, boundaryResult: number, sessionResult: number): Outcome | undefined {
  if (set.permissionBoundary !== undefined && boundaryResult === NONE) return outcome('implicitDeny', 'permissionBoundary');
  const kind = st.caller.kind;
  if (kind === 'federatedUser') {
    // GetFederationToken without a session policy yields a session with no permissions.
    if (set.session === undefined || sessionResult === NONE) return outcome('implicitDeny', 'session');
  } else if ((kind === 'roleSession' || kind === 'role') && set.session !== undefined && sessionResult === NONE) {
    return outcome('implicitDeny', 'session');
  }
  return undefined;
}
