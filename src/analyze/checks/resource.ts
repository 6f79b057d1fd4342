// Resource policies (S3 buckets, SQS queues, SNS topics, KMS keys, Lambda permissions): access for everyone or
// for other accounts, unless a condition on who or where the caller is makes it safe; a Deny elsewhere in the
// policy that cuts the outsider off (checked with the engine) makes it safe too.
import type { ResourcePolicyKind } from '../../engine/index.js';
import type { Statement } from '../../policy/index.js';
import type { CheckDefinition } from '../model.js';
import { restrictingClause } from './conditions.js';
import { accountOfArn, describeList, isUnknownValue, isWhollyUnknown, type CheckContext, type PolicyUse } from './context.js';
import { IDENTITY_KEYS, OUTSIDER_ACCOUNT, OutsiderProbe } from './probe.js';
import { UNKNOWN_VALUE } from './unknown.js';

export const RESOURCE_PUBLIC: CheckDefinition = {
  id: 'resource.public',
  severity: 'error',
  title: 'Resource policy open to everyone',
  why: 'An Allow for "*" (or {"AWS": "*"}, or NotPrincipal) lets any AWS principal, and for S3 anonymous callers, use the resource. Conditions on who or where the caller is (aws:SourceVpce, aws:SourceVpc, aws:PrincipalOrgID, aws:PrincipalAccount, aws:SourceAccount, aws:SourceArn, aws:PrincipalArn, aws:SourceIp) make it safe; aws:SecureTransport and other keys the caller controls do not.',
  fix: 'Name the principals, or add a condition such as "StringEquals": {"aws:PrincipalOrgID": "o-…"} or {"aws:SourceVpce": "vpce-…"}.',
};

export const RESOURCE_CROSS_ACCOUNT: CheckDefinition = {
  id: 'resource.cross-account',
  severity: 'warning',
  title: 'Resource policy granting access to another account',
  why: 'The resource can be used from another account, by every principal there that its administrators allow when the whole account is named. Info when Castellan cannot tell the resource\'s own account.',
  fix: 'Confirm the account is meant to have access; name specific roles, or add aws:PrincipalOrgID / aws:PrincipalArn conditions.',
};

export const RESOURCE_CHECKS = [RESOURCE_PUBLIC, RESOURCE_CROSS_ACCOUNT];

const PROBE_ACTIONS: Record<string, readonly string[]> = {
  s3: ['s3:GetObject', 's3:PutObject', 's3:ListBucket', 's3:DeleteObject', 's3:PutBucketPolicy'],
  sqs: ['sqs:SendMessage', 'sqs:ReceiveMessage', 'sqs:DeleteMessage'],
  sns: ['sns:Publish', 'sns:Subscribe'],
  kms: ['kms:Decrypt', 'kms:Encrypt', 'kms:CreateGrant'],
  lambda: ['lambda:InvokeFunction'],
};

function probeActions(ctx: CheckContext, statement: Statement, service: string | undefined): string[] {
  const out: string[] = [];
  for (const element of statement.action ?? []) {
    if (element.value === '*' || element.value === '*:*') out.push(...(PROBE_ACTIONS[service ?? ''] ?? ['*']));
    else if (/[*?]/.test(element.value)) out.push(...ctx.expand(element.value).slice(0, 25).map((a) => `${a.service}:${a.name}`));
    else out.push(element.value);
  }
  if (statement.notAction !== undefined) out.push(...(PROBE_ACTIONS[service ?? ''] ?? ['*']));
  return out;
}

function kindOf(use: PolicyUse): ResourcePolicyKind {
  return use.service === 'kms' ? 'kmsKey' : 'resource';
}

/** The account of a principal value: a 12-digit id or an ARN's account. */
function principalAccount(value: string): string | undefined {
  return accountOfArn(value);
}

export function runResourceChecks(ctx: CheckContext, uses: readonly PolicyUse[]): void {
  const probe = new OutsiderProbe(ctx);
  const own = ctx.ownAccounts();
  for (const use of uses) {
    if (use.role !== 'resource') continue;
    const policy = use.policy;
    // The owner: the resource's ARN, else the account every Resource of the policy names, else the model's one account.
    const named = new Set(use.document.statements.flatMap((s) => (s.resource ?? []).map((r) => accountOfArn(r.value) ?? '?')));
    const fromStatements = named.size === 1 && !named.has('?') ? [...named][0] : undefined;
    const ownAccount = accountOfArn(use.resourceArn) ?? fromStatements ?? (own.size === 1 ? [...own][0] : undefined);
    for (const statement of use.document.statements) {
      if (statement.effect.value !== 'Allow') continue;
      const resource = statement.resource?.find((r) => !isUnknownValue(r.value))?.value ?? use.resourceArn ?? '*';
      const shown = use.resourceArn ?? (resource === '*' ? policy.name : resource);
      const base = { policy, subject: use.resourceArn ?? policy.name };
      const actions = probeActions(ctx, statement, use.service === 'other' ? undefined : use.service);
      const principal = statement.principal;
      const awsValues = principal?.entries.filter((e) => e.type === 'AWS').flatMap((e) => e.values) ?? [];
      const everyone = statement.notPrincipal !== undefined ? statement.notPrincipal : principal?.wildcard ? principal : awsValues.find((v) => v.value === '*');
      if (everyone !== undefined) {
        const restricted = restrictingClause(statement, IDENTITY_KEYS);
        const outsider = `arn:aws:iam::${OUTSIDER_ACCOUNT}:user/castellan-outsider`;
        if (
          restricted === undefined &&
          !probe.everyActionDenied(policy.id, use.document, kindOf(use), {
            principal: outsider,
            actions,
            resource,
            resourceAccount: ownAccount ?? '111122223333',
          })
        ) {
          const what = (statement.action ?? []).map((a) => a.value);
          ctx.report(RESOURCE_PUBLIC, {
            ...base,
            statement,
            message: `${use.service === undefined || use.service === 'other' ? 'The resource' : `The ${use.service.toUpperCase()} resource`} ${shown} is open to everyone: ${
              statement.notPrincipal !== undefined ? 'Allow with NotPrincipal' : principal?.wildcard ? '"Principal": "*"' : '{"AWS": "*"}'
            } allows ${what.length > 0 ? describeList(what) : 'every action but those in NotAction'} without a condition on who or where the caller is.`,
            location: ctx.at(policy, everyone),
          });
        }
        continue;
      }
      for (const value of awsValues) {
        if (isUnknownValue(value.value)) {
          ctx.unknown(UNKNOWN_VALUE, policy, value, 'who may use the resource', isWhollyUnknown(value.value) ? 'warning' : 'info');
          continue;
        }
        const account = principalAccount(value.value);
        if (account === undefined || account === ownAccount) continue;
        if (restrictingClause(statement, IDENTITY_KEYS) !== undefined) continue;
        const caller = /:root$/.test(value.value) || /^\d{12}$/.test(value.value) ? `arn:aws:iam::${account}:user/castellan-probe` : value.value;
        if (probe.everyActionDenied(policy.id, use.document, kindOf(use), { principal: caller, actions, resource, resourceAccount: ownAccount ?? '111122223333' })) {
          continue;
        }
        const known = ownAccount !== undefined;
        ctx.report(RESOURCE_CROSS_ACCOUNT, {
          ...base,
          statement,
          severity: known ? 'warning' : 'info',
          message: known
            ? `${value.value} (account ${account}) is granted ${describeList((statement.action ?? []).map((a) => a.value))} on ${shown}, which belongs to account ${ownAccount}.`
            : `${value.value} (account ${account}) is granted ${describeList((statement.action ?? []).map((a) => a.value))}; if ${account} is not the resource's own account, this is cross-account access.`,
          location: ctx.at(policy, value),
        });
      }
    }
  }
}
