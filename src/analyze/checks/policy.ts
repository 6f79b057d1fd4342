// Grammar and catalog: everything `castellan validate` finds, as analyzer findings located in the input.
import { checkAgainstCatalog } from '../../catalog/index.js';
import { checkPolicy, type Diagnostic } from '../../policy/index.js';
import type { CheckDefinition, PolicyRecord } from '../model.js';
import { isAwsManagedRef, isUnknownValue, type CheckContext } from './context.js';
import { UNKNOWN_VALUE } from './unknown.js';

export const POLICY_INVALID: CheckDefinition = {
  id: 'policy.invalid',
  severity: 'error',
  title: 'Policy document AWS would reject',
  why: 'IAM rejects the document (JSON syntax, grammar, or a rule of its policy kind), so the deployment fails or the policy is not what was meant.',
  fix: 'Correct the element the message names; the message is the one AWS returns where AWS has one.',
};

export const POLICY_GRAMMAR: CheckDefinition = {
  id: 'policy.grammar',
  severity: 'warning',
  title: 'Policy element AWS accepts but that likely does not do what was meant',
  why: 'IAM accepts it, but the element is ignored or behaves surprisingly (a missing Version, a policy variable in a literal, an unknown condition operator).',
  fix: 'Follow the message: add "Version": "2012-10-17", fix the operator, or move the variable.',
};

const CATALOG_CHECKS = {
  'catalog.unknownService': {
    id: 'policy.catalog.unknown-service',
    severity: 'warning',
    title: 'Unknown service prefix',
    why: 'No AWS service has this prefix, so the action never matches a request: the permission the author meant is missing (usually a typo).',
    fix: 'Use the service prefix suggested by "did you mean", or remove the action.',
  },
  'catalog.unknownAction': {
    id: 'policy.catalog.unknown-action',
    severity: 'warning',
    title: 'Unknown action',
    why: 'The service has no such action, so the statement never matches it (usually a typo).',
    fix: 'Use the action suggested by "did you mean", or remove it.',
  },
  'catalog.actionPatternMatchesNothing': {
    id: 'policy.catalog.action-pattern-matches-nothing',
    severity: 'warning',
    title: 'Action pattern that matches no action',
    why: 'The wildcard pattern matches none of the service\'s actions, so it grants or denies nothing.',
    fix: 'Correct the pattern or remove it.',
  },
  'catalog.unknownConditionKey': {
    id: 'policy.catalog.unknown-condition-key',
    severity: 'warning',
    title: 'Unknown condition key',
    why: 'AWS never sets this key, so the condition is always false (or always true with a negated or IfExists operator): the statement does not restrict what it was meant to.',
    fix: 'Use the key suggested by "did you mean".',
  },
  'catalog.conditionKeyNotSupported': {
    id: 'policy.catalog.condition-key-not-supported',
    severity: 'warning',
    title: 'Condition key the actions do not support',
    why: 'None of the statement\'s actions carries this key in its request context, so the condition never finds it.',
    fix: 'Use a key the actions support (see the service authorization reference), or split the statement.',
  },
  'catalog.resourceMatchesNoResourceType': {
    id: 'policy.catalog.resource-matches-no-resource-type',
    severity: 'warning',
    title: 'Resource ARN that matches no resource type of the actions',
    why: 'The ARN matches none of the resource types the actions act on, so the statement never applies to them.',
    fix: 'Use the ARN format of the resource type (e.g. arn:aws:s3:::bucket/* for objects, arn:aws:s3:::bucket for the bucket).',
  },
} as const satisfies Record<string, CheckDefinition>;

export const POLICY_CATALOG_CHECKS: readonly CheckDefinition[] = Object.values(CATALOG_CHECKS);

// Grammar warnings that a dedicated check reports with more context.
const COVERED_ELSEWHERE = new Set(['statement.allowNotAction', 'principal.wildcardAllow']);

function allRecords(ctx: CheckContext): { policy: PolicyRecord; awsManaged: boolean }[] {
  const out: { policy: PolicyRecord; awsManaged: boolean }[] = [];
  const seen = new Set<string>();
  const add = (policy: PolicyRecord, awsManaged = false): void => {
    if (seen.has(policy.id)) return;
    seen.add(policy.id);
    out.push({ policy, awsManaged });
  };
  for (const entity of ctx.model.entities) {
    if (entity.trustPolicy !== undefined) add(entity.trustPolicy);
    entity.inlinePolicies.forEach((p) => add(p));
  }
  for (const m of ctx.model.managedPolicies) add(m.policy, isAwsManagedRef(m.arn));
  ctx.model.resourcePolicies.forEach((r) => add(r.policy));
  ctx.model.standalonePolicies.forEach((p) => add(p));
  for (const level of ctx.model.scps ?? []) level.forEach((p) => add(p));
  return out;
}

/** A diagnostic about a value the loader could not know is not the policy's fault. */
function aboutUnknown(policy: PolicyRecord, d: Diagnostic): boolean {
  if (d.span === undefined) return false;
  if (policy.unknowns.has(d.span.pointer)) return true;
  return isUnknownValue(policy.text.slice(d.span.start.offset, d.span.end.offset));
}

export function runPolicyChecks(ctx: CheckContext): void {
  for (const { policy, awsManaged } of allRecords(ctx)) {
    if (awsManaged) continue;
    if (policy.unknownDocument !== undefined) {
      // Who may assume a role or reach a resource hangs on a trust or resource policy: not knowing it warns.
      const decidesAccess = policy.kind === 'trust' || policy.kind === 'resource';
      ctx.report(UNKNOWN_VALUE, {
        message: `The policy document (${policy.unknownDocument}) is not known before deployment; none of its checks could run and it is not assumed safe.`,
        location: policy.location,
        severity: decidesAccess ? 'warning' : 'info',
        policy,
      });
      continue;
    }
    const checked = policy.checked ?? checkPolicy(policy.text, policy.kind, { source: policy.location.file });
    const errors = checked.diagnostics.filter((d) => d.severity === 'error' && !aboutUnknown(policy, d));
    for (const d of errors) {
      ctx.report(POLICY_INVALID, {
        message: `${d.message} (${d.code})`,
        location: d.span === undefined ? policy.location : policy.locate(d.span.pointer),
        ...(d.span === undefined ? {} : { pointer: d.span.pointer }),
        policy,
      });
    }
    if (errors.length === 0 && checked.document === undefined) {
      for (const message of policy.parseErrors) ctx.report(POLICY_INVALID, { message, location: policy.location, policy });
    }
    for (const d of checked.diagnostics) {
      if (d.severity === 'error' || COVERED_ELSEWHERE.has(d.code) || aboutUnknown(policy, d)) continue;
      ctx.report(POLICY_GRAMMAR, {
        message: `${d.message} (${d.code})`,
        location: d.span === undefined ? policy.location : policy.locate(d.span.pointer),
        severity: d.severity === 'suggestion' ? 'info' : 'warning',
        ...(d.span === undefined ? {} : { pointer: d.span.pointer }),
        policy,
      });
    }
    const document = policy.document ?? checked.document;
    if (document === undefined) continue;
    for (const d of checkAgainstCatalog(document, ctx.catalog)) {
      const check = (CATALOG_CHECKS as Record<string, CheckDefinition>)[d.code];
      if (check === undefined || aboutUnknown(policy, d)) continue;
      const hint = d.suggestion !== undefined && !d.message.includes(d.suggestion) ? ` Did you mean ${d.suggestion}?` : '';
      ctx.report(check, {
        message: `${d.message}${hint}`,
        location: d.span === undefined ? policy.location : policy.locate(d.span.pointer),
        ...(d.span === undefined ? {} : { pointer: d.span.pointer }),
        policy,
      });
    }
  }
}
