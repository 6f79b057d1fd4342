// The classic mistakes of identity policies: wildcard actions and resources, sensitive actions without
// conditions, NotAction with Allow, iam:PassRole on every role. Resource-level support and access levels
// come from the catalog, so `Resource: "*"` on actions that only accept `*` is not reported.
import type { CatalogAction } from '../../catalog/index.js';
import type { Located, Statement } from '../../policy/index.js';
import type { CheckDefinition } from '../model.js';
import { describeList, isUnknownValue, isWhollyUnknown, type CheckContext, type PolicyUse } from './context.js';
import { UNKNOWN_VALUE } from './unknown.js';

export const WILDCARD_ACTION: CheckDefinition = {
  id: 'iam.wildcard-action',
  severity: 'error',
  title: 'Allow on every action ("Action": "*")',
  why: 'The statement grants every action of every service: administrator access, including changing IAM itself.',
  fix: 'List the actions the workload calls (CloudTrail or IAM access advisor shows them), or attach a narrower AWS managed policy.',
};

export const SERVICE_WILDCARD: CheckDefinition = {
  id: 'iam.service-wildcard',
  severity: 'warning',
  title: 'Allow on every action of a service ("svc:*")',
  why: 'Every action of the service, present and future, including its permissions-management actions (s3:PutBucketPolicy, kms:PutKeyPolicy…). On "Resource": "*" it is full control of the service (then reported as an error).',
  fix: 'List the actions needed (s3:GetObject, s3:PutObject…), or use a prefix such as s3:Get*.',
};

export const WILDCARD_RESOURCE: CheckDefinition = {
  id: 'iam.wildcard-resource',
  severity: 'warning',
  title: '"Resource": "*" on actions that support resource-level permissions',
  why: 'The actions can be limited to specific resources, but the statement grants them on every resource of the account (and of other accounts that trust it). Actions that only accept "*" (wildcard-only in the service reference) are not reported.',
  fix: 'Name the resources: arn:aws:s3:::bucket/prefix/*, arn:aws:dynamodb:region:account:table/name, …; keep wildcard-only actions in a statement of their own with "Resource": "*".',
};

export const ALLOW_WITHOUT_CONDITION: CheckDefinition = {
  id: 'iam.allow-without-condition',
  severity: 'warning',
  title: 'Sensitive actions allowed without any condition',
  why: 'Permissions-management actions (and Write actions of IAM, STS, KMS and Organizations) change who can do what. Without a condition (MFA, source VPC, tags, principal org) nothing limits when they can be used. Reported as info when every resource is a specific ARN.',
  fix: 'Add a Condition that narrows the use: aws:MultiFactorAuthPresent, aws:SourceVpce, aws:ResourceTag/…, aws:PrincipalOrgID, iam:PermissionsBoundary…',
};

export const ALLOW_NOT_ACTION: CheckDefinition = {
  id: 'iam.allow-not-action',
  severity: 'warning',
  title: 'Allow with NotAction',
  why: 'Allow + NotAction grants every action except those listed, including every action AWS adds later.',
  fix: 'Use Action with the actions needed; keep NotAction for Deny statements.',
};

export const PASSROLE_WILDCARD: CheckDefinition = {
  id: 'iam.passrole-wildcard',
  severity: 'error',
  title: 'iam:PassRole on every role',
  why: 'Passing any role to a service (Lambda, EC2, Glue, CloudFormation…) lets the principal run code with that role\'s permissions, including an administrator role: privilege escalation.',
  fix: 'Limit Resource to the roles the workload passes (arn:aws:iam::account:role/app-*), and add iam:PassedToService.',
};

export const IDENTITY_CHECKS = [WILDCARD_ACTION, SERVICE_WILDCARD, WILDCARD_RESOURCE, ALLOW_WITHOUT_CONDITION, ALLOW_NOT_ACTION, PASSROLE_WILDCARD];

const SENSITIVE_WRITE_SERVICES = new Set(['iam', 'sts', 'kms', 'organizations']);

export function isSensitiveAction(action: CatalogAction): boolean {
  return action.accessLevel === 'Permissions management' || (action.accessLevel === 'Write' && SENSITIVE_WRITE_SERVICES.has(action.service));
}

function isStar(value: string): boolean {
  return value === '*' || value === '*:*';
}

// Resource values that name every role: `*`, `arn:aws:iam::*:role/*`, `arn:aws:iam::123456789012:role/*`.
const EVERY_ROLE = /^arn:[^:]*:iam::[^:]*:(role\/)?\*$/;

function actionsOf(ctx: CheckContext, statement: Statement): { actions: CatalogAction[]; unknown: Located<string>[] } {
  const actions: CatalogAction[] = [];
  const unknown: Located<string>[] = [];
  for (const element of statement.action ?? []) {
    if (isWhollyUnknown(element.value)) unknown.push(element);
    else if (isUnknownValue(element.value)) continue;
    else if (!isStar(element.value)) actions.push(...ctx.expand(element.value));
  }
  return { actions, unknown };
}

function checkStatement(ctx: CheckContext, use: PolicyUse, statement: Statement): void {
  const policy = use.policy;
  if (statement.effect.value !== 'Allow') return;
  const base = { policy, statement, ...(use.entity === undefined ? {} : { entity: use.entity }) };
  if (statement.notAction !== undefined) {
    const first = statement.notAction[0];
    ctx.report(ALLOW_NOT_ACTION, {
      ...base,
      message: `Allow with NotAction grants every action except ${describeList(statement.notAction.map((a) => a.value))}, including actions AWS adds later.`,
      location: ctx.at(policy, first ?? statement),
    });
    return;
  }
  const actionElements = statement.action ?? [];
  const resources = statement.resource ?? [];
  const everyResource = statement.notResource !== undefined || resources.some((r) => r.value === '*');
  const starAction = actionElements.find((a) => isStar(a.value));
  if (starAction !== undefined) {
    ctx.report(WILDCARD_ACTION, {
      ...base,
      message: `"Action": "*" allows every action of every service${everyResource ? ' on every resource (administrator access)' : ''}.`,
      location: ctx.at(policy, starAction),
    });
    // Everything below would repeat this finding in other words.
    return;
  }
  for (const element of actionElements) {
    const m = /^([a-z0-9-]+):\*$/i.exec(element.value);
    if (m === null) continue;
    ctx.report(SERVICE_WILDCARD, {
      ...base,
      severity: everyResource ? 'error' : 'warning',
      message: `${element.value} allows every ${m[1]} action${everyResource ? ' on every resource: full control of the service' : ''}, including ones added later.`,
      location: ctx.at(policy, element),
    });
  }
  const { actions, unknown } = actionsOf(ctx, statement);
  for (const element of unknown) ctx.unknown(UNKNOWN_VALUE, policy, element, 'which actions the statement allows');

  // Resource "*" where at least one action supports resource-level permissions.
  const starResource = resources.find((r) => r.value === '*');
  if (starResource !== undefined) {
    const scoped = actions.filter((a) => a.resourceTypes.length > 0);
    if (scoped.length > 0) {
      const names = [...new Set(scoped.map((a) => `${a.service}:${a.name}`))];
      ctx.report(WILDCARD_RESOURCE, {
        ...base,
        message: `"Resource": "*" grants ${describeList(names)} on every resource; ${names.length === 1 ? 'it supports' : 'they support'} resource-level permissions (${describeList([
          ...new Set(scoped.flatMap((a) => a.resourceTypes.map((t) => t.name))),
        ])}).`,
        location: ctx.at(policy, starResource),
      });
    }
  }
  // An ARN with an unknown account or region is still scoped; only a wholly unknown resource could be "*".
  for (const element of resources) {
    if (isWhollyUnknown(element.value)) ctx.unknown(UNKNOWN_VALUE, policy, element, 'whether the statement covers every resource');
  }

  if (statement.condition.length === 0) {
    const sensitive = [...new Set(actions.filter(isSensitiveAction).map((a) => `${a.service}:${a.name}`))];
    if (sensitive.length > 0) {
      const broad = statement.notResource !== undefined || resources.some((r) => r.value.includes('*') || r.value.includes('?'));
      ctx.report(ALLOW_WITHOUT_CONDITION, {
        ...base,
        severity: broad ? 'warning' : 'info',
        message: `Allows ${describeList(sensitive)} (sensitive: permissions management or IAM/STS/KMS/Organizations writes) without any Condition.`,
        location: ctx.at(policy, actionElements[0] ?? statement),
      });
    }
  }

  const passRole = actionElements.find(
    (a) => /^iam:/i.test(a.value) && ctx.expand(a.value).some((x) => x.service === 'iam' && x.name === 'PassRole'),
  );
  if (passRole !== undefined) {
    const every = statement.notResource !== undefined ? statement.notResource[0] : resources.find((r) => r.value === '*' || EVERY_ROLE.test(r.value));
    if (every !== undefined || statement.notResource !== undefined) {
      ctx.report(PASSROLE_WILDCARD, {
        ...base,
        message: `${passRole.value} on ${statement.notResource !== undefined ? 'NotResource (every other role)' : (every?.value ?? '*')} lets the principal pass any role to a service, including an administrator role.`,
        location: ctx.at(policy, every ?? passRole),
      });
    }
  }
}

export function runIdentityChecks(ctx: CheckContext, uses: readonly PolicyUse[]): void {
  for (const use of uses) {
    if (use.role !== 'identity' || use.awsManaged) continue;
    for (const statement of use.document.statements) checkStatement(ctx, use, statement);
  }
}
