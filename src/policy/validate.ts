// The kind stage: rules that depend on where a policy is used (spec/policy-grammar.md §5, §6).
import type { Located, PolicyDocument, PolicyKind, PrincipalElement, Statement } from './ast.js';
import { actionFormatProblem, globMatchesIgnoreCase } from './actions.js';
import { AwsMessages } from './aws-messages.js';
import { AwsPhase, collector } from './findings.js';
import type { Finding, Report } from './findings.js';
import type { ValidateOptions } from './options.js';
import { policySize } from './size.js';

const NO_PRINCIPAL_KINDS: ReadonlySet<PolicyKind> = new Set(['identity', 'boundary', 'session', 'scp']);
const RESOURCE_REQUIRED_KINDS: ReadonlySet<PolicyKind> = new Set(['identity', 'boundary', 'session', 'rcp']);
// Statement IDs stored by IAM itself; other services allow more characters (unconfirmed which).
const IAM_SID_KINDS: ReadonlySet<PolicyKind> = new Set(['identity', 'boundary', 'trust']);
const SID = /^[0-9A-Za-z]*$/;

export const TRUST_ACTIONS = [
  'sts:AssumeRole', 'sts:AssumeRoleWithSAML', 'sts:AssumeRoleWithWebIdentity',
  'sts:TagSession', 'sts:SetSourceIdentity', 'sts:SetContext',
] as const;

export function validateInternal(doc: PolicyDocument, kind: PolicyKind, options?: ValidateOptions): Finding[] {
  const { findings, report } = collector(doc.source);
  if (options?.managed && doc.version?.value !== '2012-10-17') {
    report({
      code: 'version.notCurrent', severity: 'error', message: AwsMessages.versionNotCurrent,
      span: doc.version?.span ?? doc.span, awsMessage: AwsMessages.versionNotCurrent, aws: [AwsPhase.version],
    });
  }
  for (const s of doc.statements) {
    principalRules(report, s, kind);
    resourceRules(report, s, kind);
    if (IAM_SID_KINDS.has(kind) && s.sid && !SID.test(s.sid.value)) {
      report({
        code: 'sid.notAlphanumeric', severity: 'error', message: AwsMessages.sidNotAlphanumeric, span: s.sid.span,
        awsMessage: AwsMessages.sidNotAlphanumeric, aws: [AwsPhase.sidFormat, s.index],
      });
    }
    if (kind === 'trust') trustActionRules(report, s);
    if (kind === 'rcp') rcpEffectRule(report, s);
  }
  sizeRule(report, doc, kind, options);
  return findings;
}

function principalRules(report: Report, s: Statement, kind: PolicyKind): void {
  const given = s.principal ?? s.notPrincipal;
  if (NO_PRINCIPAL_KINDS.has(kind)) {
    if (given) {
      report({
        code: 'principal.forbidden', severity: 'error', message: AwsMessages.principalForbidden, span: given.span,
        awsMessage: AwsMessages.principalForbidden, aws: [AwsPhase.kindShape, s.index],
      });
    }
    return;
  }
  if ((kind === 'trust' || kind === 'rcp') && s.notPrincipal) {
    const message = AwsMessages.prohibitedField('NotPrincipal');
    report({ code: 'principal.forbidden', severity: 'error', message, span: s.notPrincipal.span, awsMessage: message, aws: [AwsPhase.kindShape, s.index] });
    return;
  }
  if (!given) {
    report({
      code: 'principal.missing', severity: 'error', message: AwsMessages.principalMissing, span: s.span,
      awsMessage: AwsMessages.principalMissing, aws: [AwsPhase.kindShape, s.index],
    });
    return;
  }
  if (kind === 'rcp') {
    if (!isEveryone(given)) {
      const message = 'A resource control policy statement must have "Principal": "*"; narrow it with conditions.';
      report({ code: 'principal.notWildcard', severity: 'error', message, span: given.span, awsMessage: message, aws: [AwsPhase.kindShape, s.index] });
    }
    return;
  }
  // trust and resource policies
  for (const entry of given.entries) {
    entry.values.forEach((v, i) => {
      if (v.value !== '*' && /[*?]/.test(v.value)) {
        const message = AwsMessages.invalidPrincipal(entry.type, v.value);
        report({
          code: 'principal.partialWildcard', severity: 'error',
          message: `${message}: a wildcard inside a principal never matches. Use "*" with an aws:PrincipalArn condition.`,
          span: v.span, awsMessage: message, aws: [AwsPhase.principalValue, s.index, i],
        });
      } else if (entry.type === 'AWS' && !isAwsPrincipalValue(v.value) && !v.value.includes('${')) {
        // A `${…}` value is a template's placeholder (an IaC reference known only after deployment), judged by
        // whoever resolves it.
        const message = AwsMessages.invalidPrincipal(entry.type, v.value);
        report({
          code: 'principal.malformed', severity: 'error',
          message: `${message}: name an account ID, or the ARN of an account root, IAM user or role, role session or federated user.`,
          span: v.span, awsMessage: message, aws: [AwsPhase.principalValue, s.index, i],
        });
      }
    });
  }
  if (s.effect.value === 'Allow' && s.principal && isEveryone(s.principal) && s.condition.length === 0) {
    report({
      code: 'principal.wildcardAllow', severity: 'securityWarning',
      message: kind === 'trust'
        ? 'Anyone, in any AWS account, can assume this role: add conditions (aws:PrincipalOrgID, sts:ExternalId, …) or name the principals.'
        : 'This statement allows anyone, including anonymous users: add conditions or name the principals.',
      span: s.principal.span,
    });
  }
}

// What IAM accepts as an `AWS` principal: "*", an account ID, the ARN of an account root, IAM user or role (with
// its path), role session or federated user, or the unique ID a deleted user or role leaves behind (AIDA…, AROA…).
const AWS_PRINCIPAL =
  /^(?:\*|\d{12}|arn:[a-z-]+:iam::\d{12}:(?:root|user\/.+|role\/.+)|arn:[a-z-]+:sts::\d{12}:(?:assumed-role\/[^/]+\/.+|federated-user\/.+)|A(?:IDA|ROA)[A-Z0-9]{12,124})$/;

function isAwsPrincipalValue(value: string): boolean {
  return AWS_PRINCIPAL.test(value);
}

function isEveryone(p: PrincipalElement): boolean {
  return p.wildcard || p.entries.some((e) => e.type === 'AWS' && e.values.some((v) => v.value === '*'));
}

function resourceRules(report: Report, s: Statement, kind: PolicyKind): void {
  if (kind === 'trust') {
    for (const [field, list] of [['Resource', s.resource], ['NotResource', s.notResource]] as const) {
      if (list) {
        const message = AwsMessages.prohibitedField(field);
        report({ code: 'resource.forbidden', severity: 'error', message, span: list[0]?.span ?? s.span, awsMessage: message, aws: [AwsPhase.kindShape, s.index] });
      }
    }
    return;
  }
  const list = s.resource ?? s.notResource;
  if (list && list.length > 0) return;
  if (RESOURCE_REQUIRED_KINDS.has(kind)) {
    report({
      code: 'statement.missingResource', severity: 'error', message: AwsMessages.missingResources, span: s.span,
      awsMessage: AwsMessages.missingResources, aws: [AwsPhase.resourcesPresent, s.index],
    });
  } else if (kind === 'resource') {
    report({
      code: 'statement.missingResource', severity: 'warning',
      message: 'The statement has no Resource: most services require one in a resource-based policy.', span: s.span,
    });
  }
}

function trustActionRules(report: Report, s: Statement): void {
  (s.action ?? []).forEach((a: Located<string>, i) => {
    if (actionFormatProblem(a.value)) return; // reported by the grammar
    if (!TRUST_ACTIONS.some((t) => globMatchesIgnoreCase(a.value, t))) {
      report({
        code: 'action.notAssumeRole', severity: 'error', message: AwsMessages.trustActions, span: a.span,
        awsMessage: AwsMessages.trustActions, aws: [AwsPhase.trustActions, s.index, i],
      });
    }
  });
}

// RCPFullAWSAccess, the one Allow an RCP may hold: Allow * on * to "*", without conditions.
function isFullAccess(s: Statement): boolean {
  const only = (list: readonly Located<string>[] | undefined): boolean => list?.length === 1 && list[0].value === '*';
  return !!s.principal?.wildcard && only(s.action) && only(s.resource) && s.condition.length === 0;
}

function rcpEffectRule(report: Report, s: Statement): void {
  if (s.effect.value === 'Allow' && !isFullAccess(s)) {
    const message = 'A resource control policy can only deny: use "Effect": "Deny" (the only Allow is the full-access statement).';
    report({ code: 'effect.rcpAllow', severity: 'error', message, span: s.effect.span, awsMessage: message, aws: [AwsPhase.kindShape, s.index] });
  }
}

interface Quota {
  readonly limit: number;
  /** SCPs, RCPs and session policies count every character; IAM ignores whitespace. */
  readonly compact: boolean;
  readonly message: (limit: number) => string;
}

function quotaFor(kind: PolicyKind, options: ValidateOptions | undefined): Quota | undefined {
  if (options?.managed) return { limit: 6144, compact: true, message: (n) => `Cannot exceed quota for PolicySize: ${n}` };
  switch (kind) {
    case 'trust':
      return { limit: 2048, compact: true, message: (n) => `Cannot exceed quota for ACLSizePerRole: ${n}` };
    case 'scp':
    case 'rcp':
      return { limit: 5120, compact: false, message: (n) => `The policy exceeds the maximum size of ${n} characters, whitespace included.` };
    case 'session':
      // Whether STS counts whitespace is unconfirmed; counting it is the safe side.
      return { limit: 2048, compact: false, message: (n) => `The session policy exceeds ${n} characters.` };
    default:
      // Inline identity policies share a per-entity sum, which the identity service checks.
      return undefined;
  }
}

function sizeRule(report: Report, doc: PolicyDocument, kind: PolicyKind, options: ValidateOptions | undefined): void {
  const quota = quotaFor(kind, options);
  if (!quota) return;
  const limit = options?.sizeQuota ?? quota.limit;
  const text = doc.text.slice(doc.span.start.offset, doc.span.end.offset);
  const size = quota.compact ? policySize(text) : text.length;
  if (size > limit) {
    // LimitExceeded, not MalformedPolicyDocument: no AWS phase.
    report({ code: 'size.exceeded', severity: 'error', message: `${quota.message(limit)} (this policy: ${size}).`, span: doc.span });
  }
}
