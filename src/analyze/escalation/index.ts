// Privilege escalation analysis: for every user and role of the input, the shortest path to administrator access
// through the known escalation methods (methods.ts), each step decided by the engine.
import type { AnalysisModel, CheckDefinition, Finding, SourceLocation } from '../model.js';
import { Authorizer, UNKNOWN_ACCOUNT_TEXT, type PrincipalNode } from './authorizer.js';
import { EscalationGraph, solve, type Edge, type Qualifier, type Route, type Solution } from './graph.js';

export { ESCALATION_METHODS, METHODS_BY_ID, ADMIN_POLICY_ARN } from './methods.js';
export type { EscalationMethod, MethodPrecondition, MethodTargetKind, MethodYield, RequiredPermission, MethodSource } from './methods.js';
export type { Qualifier } from './graph.js';

export const ESCALATION_CHECKS: readonly CheckDefinition[] = [
  {
    id: 'escalation.path',
    severity: 'error',
    title: 'Privilege escalation path to administrator',
    why:
      'The principal is not an administrator, but its permissions let it become one: by changing its own or ' +
      "another principal's policies, taking another principal's credentials, or running code as a more privileged role.",
    fix:
      'Remove or scope the permission of the first step (a specific Resource, an iam:PassedToService condition), ' +
      'add an explicit Deny, or a permissions boundary that excludes it.',
  },
  {
    id: 'escalation.conditional-path',
    severity: 'warning',
    title: 'Possible privilege escalation path to administrator',
    why:
      'A path to administrator exists if a condition holds that the input cannot show (MFA, source IP, an external ' +
      'id, a console password) or through an existing resource (function, stack, instance) that runs as a privileged role.',
    fix: 'Check the conditions named in the finding; scope the permissions of the steps as for escalation.path.',
  },
  {
    id: 'escalation.cannot-evaluate',
    severity: 'info',
    title: 'Escalation analysis incomplete for a principal',
    why:
      'A policy of the principal (an AWS managed policy outside the built-in table, a policy outside the input, or a ' +
      'document that does not parse) could not be evaluated: paths through it are not reported.',
    fix: 'Include the policy in the input (for an account, the full get-account-authorization-details export).',
  },
];

export interface EscalationOptions {
  /** Report conditional and possible paths (`escalation.conditional-path`). Default true. */
  readonly includeUncertain?: boolean;
}

/**
 * A finding's text as shown: when the input names no account, the stand-in id the engine evaluated with is written
 * as UNKNOWN_ACCOUNT_TEXT in every ARN (no policy of the input names the stand-in, so nothing else is rewritten).
 */
function shown(text: string, auth: Authorizer): string {
  if (!auth.accountUnknown) return text;
  return text.replaceAll(`:${auth.defaultAccount}:`, `:${UNKNOWN_ACCOUNT_TEXT}:`);
}

function who(node: PrincipalNode): string {
  return `${node.type} ${node.name}`;
}

function requestText(edge: Edge): string {
  const parts: string[] = [];
  for (const r of edge.requests) {
    const text = r.resource === '*' ? r.action : `${r.action} on ${r.resource}`;
    if (!parts.includes(text)) parts.push(text);
  }
  return parts.join(', ');
}

function outcome(edge: Edge): string {
  if (edge.kind === 'become') return `acts as ${who(edge.to!)}`;
  if (edge.kind === 'grantOther') return `${who(edge.to!)} gets administrator access`;
  return 'gains administrator access';
}

function stepText(edge: Edge, auth: Authorizer): string {
  const via = edge.via !== undefined ? `, ${edge.via}` : '';
  const target = edge.method.target === 'self' || edge.method.target === 'new' ? '' : ` (${edge.targetLabel}${via})`;
  let text = `${edge.from.name} can ${edge.method.describe}${target} [${edge.method.id}: ${requestText(edge)}] → ${outcome(edge)}`;
  if (edge.qualifier !== 'definite') text += ` — ${edge.qualifier}: ${uncertainty(edge, auth).join('; ')}`;
  return text;
}

function uncertainty(edge: Edge, auth: Authorizer): string[] {
  const notes = [...edge.notes];
  if (edge.qualifier === 'conditional' || notes.length === 0) {
    const keys = new Set<string>();
    for (const r of edge.requests) {
      for (const k of auth.explain(edge.from, r.action, r.resource, r.context).missingKeys) keys.add(k);
    }
    if (keys.size > 0) notes.push(`allowed only if conditions on ${[...keys].join(', ')} hold`);
    else if (edge.qualifier === 'conditional') notes.push('allowed only if policy conditions hold');
  }
  return notes;
}

/** The edges of a node's route, in order, and the principal that ends up an administrator. */
function routeEdges(start: PrincipalNode, solution: Solution, auth: Authorizer): { edges: Edge[]; adminNode?: PrincipalNode } {
  const edges: Edge[] = [];
  let at: PrincipalNode = start;
  for (let guard = 0; guard < auth.principals.length + 1; guard++) {
    const r: Route | undefined = solution.route[at.index];
    if (r === undefined) break;
    if (r.kind === 'isAdmin') return { edges, adminNode: at };
    if (r.kind === 'edge') {
      edges.push(r.edge);
      break;
    }
    if (r.kind === 'grantThenReach') {
      edges.push(r.edge, ...r.hops);
      break;
    }
    edges.push(r.edge);
    at = r.edge.to!;
  }
  return { edges };
}

function worst(edges: readonly Edge[]): Qualifier {
  const rank = { definite: 0, conditional: 1, possible: 2 } as const;
  let q: Qualifier = 'definite';
  for (const e of edges) if (rank[e.qualifier] > rank[q]) q = e.qualifier;
  return q;
}

function firstLocation(edge: Edge, auth: Authorizer): SourceLocation {
  for (const r of edge.requests) {
    const found = auth.explain(edge.from, r.action, r.resource, r.context).location;
    if (found !== undefined) return found;
  }
  // Granted by a resource-side policy only (a trust policy naming the principal): point at that policy.
  if (edge.method.id === 'sts-assume-role' && edge.to?.entity.trustPolicy !== undefined) return edge.to.entity.trustPolicy.location;
  return edge.from.entity.location;
}

function finding(start: PrincipalNode, solution: Solution, auth: Authorizer, checkId: string): Finding | undefined {
  const { edges, adminNode } = routeEdges(start, solution, auth);
  if (edges.length === 0) return undefined;
  const path = edges.map((e) => shown(stepText(e, auth), auth));
  if (adminNode !== undefined) path.push(`${who(adminNode)} has administrator access`);
  const methods = edges.map((e) => e.method.name).join(' → ');
  const q = worst(edges);
  const steps = edges.length === 1 ? '1 step' : `${edges.length} steps`;
  const lead = q === 'definite' ? 'can escalate to administrator' : `may escalate to administrator (${q})`;
  return {
    checkId,
    severity: checkId === 'escalation.path' ? 'error' : 'warning',
    message: `${who(start)} ${lead} in ${steps}: ${methods}`,
    location: firstLocation(edges[0], auth),
    path,
    subject: shown(start.arn, auth),
  };
}

/**
 * Every user and role of the model that is not an administrator but can become one: its shortest path, step by
 * step (`escalation.path`); paths that hold only under conditions or through existing resources
 * (`escalation.conditional-path`); principals whose policies could not all be evaluated (`escalation.cannot-evaluate`).
 */
export function findEscalationPaths(model: AnalysisModel, options?: EscalationOptions): Finding[] {
  const auth = new Authorizer(model);
  const graph = new EscalationGraph(auth);
  const definite = solve(graph, 'definite');
  const includeUncertain = options?.includeUncertain !== false;
  const any = includeUncertain ? solve(graph, 'possible') : undefined;
  const findings: Finding[] = [];
  for (const node of auth.principals) {
    if (node.serviceLinked) continue;
    let reported = false;
    if (node.boundaryUnknown) {
      findings.push(cannotEvaluate(node, [`its permissions boundary (${describeRef(node)})`], auth));
      continue;
    }
    if (definite.dist[node.index] === 0) continue;
    if (definite.dist[node.index] > 0) {
      const f = finding(node, definite, auth, 'escalation.path');
      if (f !== undefined) {
        findings.push(f);
        reported = true;
      }
    } else if (any !== undefined && any.dist[node.index] > 0) {
      const f = finding(node, any, auth, 'escalation.conditional-path');
      if (f !== undefined) {
        findings.push(f);
        reported = true;
      }
    }
    if (!reported && node.unknownPolicies.length > 0) findings.push(cannotEvaluate(node, node.unknownPolicies, auth));
  }
  return findings;
}

function describeRef(node: PrincipalNode): string {
  const arn = node.entity.permissionsBoundary?.arn;
  if (typeof arn === 'string') return arn;
  if (arn !== undefined) return arn.origin;
  return node.entity.permissionsBoundary?.policyId ?? 'unknown';
}

function cannotEvaluate(node: PrincipalNode, what: readonly string[], auth: Authorizer): Finding {
  return {
    checkId: 'escalation.cannot-evaluate',
    severity: 'info',
    message: `${who(node)}: escalation paths not fully evaluated, ${what.length === 1 ? 'a policy' : `${what.length} policies`} unknown: ${what.join(', ')}`,
    location: node.entity.location,
    subject: shown(node.arn, auth),
  };
}
