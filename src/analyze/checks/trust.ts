// Role trust policies: open to everyone, to a whole foreign account without a condition, or to a service
// that sends its source without checking it (the confused deputy).
import type { PrincipalEntry, Statement } from '../../policy/index.js';
import type { CheckDefinition } from '../model.js';
import { keySet, restrictingClause } from './conditions.js';
import { accountOfArn, isUnknownValue, isWhollyUnknown, type CheckContext, type PolicyUse } from './context.js';
import { IDENTITY_KEYS, OUTSIDER_ACCOUNT, OutsiderProbe } from './probe.js';
import { sourceSendingService } from './service-source-table.js';
import { UNKNOWN_VALUE } from './unknown.js';

export const TRUST_PUBLIC: CheckDefinition = {
  id: 'trust.public',
  severity: 'error',
  title: 'Role that anyone can assume',
  why: '"Principal": "*" or {"AWS": "*"} in a trust policy lets any AWS principal of any account assume the role, unless a condition on who the caller is (aws:PrincipalOrgID, aws:PrincipalAccount, aws:PrincipalArn, aws:SourceVpce…) narrows it.',
  fix: 'Name the accounts or roles that may assume it, or add a condition such as "StringEquals": {"aws:PrincipalOrgID": "o-…"}.',
};

export const TRUST_CROSS_ACCOUNT: CheckDefinition = {
  id: 'trust.cross-account-without-condition',
  severity: 'warning',
  title: 'Whole foreign account trusted without a condition',
  why: 'Trusting another account\'s root lets every principal there that its administrators allow assume the role; for a third party, without sts:ExternalId the role is open to the confused deputy problem. Info when Castellan cannot tell the role\'s own account.',
  fix: 'Add "StringEquals": {"sts:ExternalId": "…"} for a third party, or aws:PrincipalOrgID / aws:PrincipalArn for your own organization, or name the specific role.',
};

export const TRUST_SERVICE_WITHOUT_SOURCE: CheckDefinition = {
  id: 'trust.service-without-source',
  severity: 'warning',
  title: 'Service principal trusted without aws:SourceAccount / aws:SourceArn',
  why: 'The service sends the account and ARN of the resource it acts for when it assumes the role. Without a condition on them, another customer\'s resource in that service can be pointed at your role (the cross-service confused deputy). Only services documented to send the keys are checked (src/analyze/checks/service-source-table.ts).',
  fix: 'Add "Condition": {"StringEquals": {"aws:SourceAccount": "<your account>"}} or an ArnLike on aws:SourceArn.',
};

export const TRUST_CHECKS = [TRUST_PUBLIC, TRUST_CROSS_ACCOUNT, TRUST_SERVICE_WITHOUT_SOURCE];

const ASSUME = /^sts:(AssumeRole|AssumeRoleWithSAML|AssumeRoleWithWebIdentity|\*|Assume\*|AssumeRole\*)$/i;
const CROSS_ACCOUNT_SAFE = keySet([
  'sts:ExternalId',
  'aws:PrincipalOrgID',
  'aws:PrincipalOrgPaths',
  'aws:PrincipalArn',
  'aws:PrincipalTag/',
  'aws:userid',
  'aws:MultiFactorAuthPresent',
  'aws:SourceIp',
  'aws:SourceVpce',
  'aws:SourceVpc',
  'sts:SourceIdentity',
  'sts:RoleSessionName',
]);
const SOURCE_KEYS = keySet(['aws:SourceAccount', 'aws:SourceArn', 'aws:SourceOrgID', 'aws:SourceOrgPaths']);

function grantsAssume(statement: Statement): boolean {
  if (statement.notAction !== undefined) return true;
  return (statement.action ?? []).some((a) => a.value === '*' || ASSUME.test(a.value));
}

/** A negated string or ARN operator (IfExists allowed: an absent key then denies too), not a set operator. */
const NEGATED = /^(StringNotEquals|StringNotEqualsIgnoreCase|StringNotLike|ArnNotEquals|ArnNotLike)(IfExists)?$/i;

/**
 * Does a Deny of the policy refuse `service` whenever its source differs from listed values? Every clause of the
 * Deny must be such a check: any other clause would let a foreign source through when it does not hold.
 */
function sourceCheckedByDeny(statements: readonly Statement[], service: string): boolean {
  const lower = service.toLowerCase();
  return statements.some((s) => {
    if (s.effect.value !== 'Deny' || !grantsAssume(s) || s.condition.length === 0) return false;
    const principal = s.principal;
    if (principal === undefined) return false;
    const covers =
      principal.wildcard ||
      principal.entries.some((e) => (e.type === 'AWS' && e.values.some((v) => v.value === '*')) || (e.type === 'Service' && e.values.some((v) => v.value.toLowerCase() === lower)));
    if (!covers) return false;
    return s.condition.every(
      (c) => SOURCE_KEYS.has(c.key.value.toLowerCase()) && NEGATED.test(c.operator.value) && c.values.length > 0 && c.values.every((v) => v.value !== '*'),
    );
  });
}

function awsValues(entries: readonly PrincipalEntry[]): PrincipalEntry['values'] {
  return entries.filter((e) => e.type === 'AWS').flatMap((e) => e.values);
}

/** A whole account: `123456789012` or `arn:aws:iam::123456789012:root`. */
function wholeAccount(value: string): string | undefined {
  if (/^\d{12}$/.test(value)) return value;
  const m = /^arn:[^:]+:iam::(\d{12}):root$/.exec(value);
  return m?.[1];
}

export function runTrustChecks(ctx: CheckContext, uses: readonly PolicyUse[]): void {
  const probe = new OutsiderProbe(ctx);
  for (const use of uses) {
    if (use.role !== 'trust') continue;
    const policy = use.policy;
    const roleArn = use.entity?.arn;
    const ownAccount = use.entity?.accountId ?? accountOfArn(roleArn) ?? (ctx.ownAccounts().size === 1 ? [...ctx.ownAccounts()][0] : undefined);
    const resource = roleArn ?? `arn:aws:iam::${ownAccount ?? '111122223333'}:role/${use.entity?.name ?? 'castellan-probe'}`;
    const base = { policy, ...(use.entity === undefined ? {} : { entity: use.entity }) };
    for (const statement of use.document.statements) {
      if (statement.effect.value !== 'Allow' || !grantsAssume(statement)) continue;
      const principal = statement.principal;
      if (principal === undefined) continue;
      const values = awsValues(principal.entries);
      // Everyone.
      const everyone = principal.wildcard ? principal : values.find((v) => v.value === '*');
      if (everyone !== undefined && restrictingClause(statement, IDENTITY_KEYS) === undefined) {
        const outsider = `arn:aws:iam::${OUTSIDER_ACCOUNT}:user/castellan-outsider`;
        if (!probe.everyActionDenied(policy.id, use.document, 'trust', { principal: outsider, actions: ['sts:AssumeRole'], resource })) {
          ctx.report(TRUST_PUBLIC, {
            ...base,
            statement,
            message: `Any AWS principal of any account can assume ${use.entity?.name ?? 'this role'}: the trust policy allows ${principal.wildcard ? '"*"' : '{"AWS": "*"}'} without a condition on who the caller is.`,
            location: ctx.at(policy, everyone),
          });
        }
      }
      // Whole accounts.
      for (const value of values) {
        if (isUnknownValue(value.value)) {
          ctx.unknown(UNKNOWN_VALUE, policy, value, 'who may assume the role', isWhollyUnknown(value.value) ? 'warning' : 'info');
          continue;
        }
        const account = wholeAccount(value.value);
        if (account === undefined || account === ownAccount) continue;
        if (restrictingClause(statement, CROSS_ACCOUNT_SAFE) !== undefined) continue;
        const probePrincipal = `arn:aws:iam::${account}:user/castellan-probe`;
        if (probe.everyActionDenied(policy.id, use.document, 'trust', { principal: probePrincipal, actions: ['sts:AssumeRole'], resource })) continue;
        const known = ownAccount !== undefined;
        ctx.report(TRUST_CROSS_ACCOUNT, {
          ...base,
          statement,
          severity: known ? 'warning' : 'info',
          message: known
            ? `Every principal of account ${account} that its administrators allow can assume ${use.entity?.name ?? 'this role'} (account ${ownAccount}): no sts:ExternalId, aws:PrincipalOrgID or aws:PrincipalArn condition.`
            : `Account ${account} is trusted as a whole without sts:ExternalId, aws:PrincipalOrgID or aws:PrincipalArn; if it is not the role's own account, every principal there may assume it.`,
          location: ctx.at(policy, value),
        });
      }
      // Services that send their source.
      const sourceChecked = restrictingClause(statement, SOURCE_KEYS, true) !== undefined;
      for (const entry of principal.entries) {
        if (entry.type !== 'Service') continue;
        for (const value of entry.values) {
          if (isUnknownValue(value.value)) {
            ctx.unknown(UNKNOWN_VALUE, policy, value, 'which service may assume the role');
            continue;
          }
          const service = sourceSendingService(value.value);
          if (service === undefined || sourceChecked || sourceCheckedByDeny(use.document.statements, value.value)) continue;
          ctx.report(TRUST_SERVICE_WITHOUT_SOURCE, {
            ...base,
            statement,
            message: `${value.value} sends aws:SourceAccount and aws:SourceArn when it assumes ${use.entity?.name ?? 'this role'}, but the trust policy checks neither: another account's ${value.value.split('.')[0]} resources could be made to use it (confused deputy).`,
            location: ctx.at(policy, value),
          });
        }
      }
    }
  }
}
