// Turns what the evaluator collected into an Explanation, and words decisions the way AWS does.
import type { CompiledLayer } from './compile.js';
import {
  POLICY_LAYER_NAMES,
  type EvaluationRequest,
  type EvaluationResult,
  type Explanation,
  type LayerAnalysis,
  type LayerResult,
  type MatchedStatement,
  type PolicyLayer,
  type SkippedPolicy,
} from './types.js';

export interface LayerRecord {
  readonly layer: CompiledLayer;
  /** Packed result: -1 deny, 0 none, > 0 allow. */
  readonly result: number;
  readonly matched: readonly MatchedStatement[];
}

function layerResult(packed: number): LayerResult {
  return packed < 0 ? 'Deny' : packed === 0 ? 'None' : 'Allow';
}

function describeLayer(layer: PolicyLayer, level: number | undefined): string {
  const name = POLICY_LAYER_NAMES[layer];
  if (level === undefined) return name;
  return `${name} (level ${level}${level === 0 ? ', organization root' : ''})`;
}

/** `policy "Name" statement 2 (Sid "X")` */
export function describeStatement(s: MatchedStatement): string {
  const sid = s.sid !== undefined && s.sid !== '' ? ` (Sid "${s.sid}")` : '';
  return `${describeLayer(s.layer, s.level)} "${s.policyName}" statement ${s.statementIndex}${sid}`;
}

export function buildExplanation(input: {
  request: EvaluationRequest;
  result: Pick<EvaluationResult, 'decision' | 'decidedBy'>;
  crossAccount: boolean;
  records: readonly LayerRecord[];
  missingKeys: readonly string[];
  skipped: readonly SkippedPolicy[];
}): Explanation {
  const { request, result, records } = input;
  const layers: LayerAnalysis[] = records.map((r) => ({
    layer: r.layer.layer,
    level: r.layer.level,
    result: layerResult(r.result),
    policyNames: r.layer.policyNames,
    matchedStatements: r.matched,
  }));
  const all: MatchedStatement[] = [];
  for (const r of records) for (const m of r.matched) all.push(m);
  let deciding: MatchedStatement[] = [];
  let summary: string;
  const action = request.action;
  if (result.decision === 'explicitDeny') {
    deciding = all.filter((s) => s.effect === 'Deny' && s.layer === result.decidedBy);
    const first = deciding[0];
    summary =
      first !== undefined
        ? `explicit deny in ${describeStatement(first)}`
        : `explicit deny in a ${POLICY_LAYER_NAMES[result.decidedBy ?? 'identity']}`;
  } else if (result.decision === 'implicitDeny') {
    const layer = result.decidedBy ?? 'identity';
    const missingLevel = records.find((r) => r.layer.layer === layer && r.result === 0)?.layer.level;
    summary = `${describeLayer(layer, missingLevel)} has no Allow for ${action}`;
    if (layer === 'session' && request.principal.includes(':federated-user/') && !records.some((r) => r.layer.layer === 'session')) {
      summary += ' (a federated user without a session policy has no permissions)';
    }
  } else {
    deciding = all.filter((s) => s.effect === 'Allow' && s.layer === (result.decidedBy ?? 'identity'));
    const first = deciding[0];
    summary = first !== undefined ? `allowed by ${describeStatement(first)}` : `allowed (${action} is always allowed)`;
    if (first === undefined && request.principal.endsWith(':root')) summary = 'allowed: the root user is allowed in its own account';
  }
  return {
    summary,
    crossAccount: input.crossAccount,
    layers,
    decidingStatements: deciding,
    // Already distinct: the trace records each key once (noteMissingKey).
    missingContextKeys: input.missingKeys,
    skippedPolicies: input.skipped,
  };
}

/**
 * AWS's AccessDenied message (spec/evaluation.md §11):
 * `User: <arn> is not authorized to perform: <action> on resource: <arn> because no identity-based policy allows the <action> action`.
 */
export function accessDeniedMessage(request: EvaluationRequest, result: EvaluationResult): string {
  const onResource =
    request.resource !== undefined && request.resource !== '*' ? ` on resource: ${request.resource}` : '';
  const layer = POLICY_LAYER_NAMES[result.decidedBy ?? 'identity'];
  const reason =
    result.decision === 'explicitDeny'
      ? `with an explicit deny in a ${layer}`
      : `because no ${layer} allows the ${request.action} action`;
  return `User: ${request.principal} is not authorized to perform: ${request.action}${onResource} ${reason}`;
}
