// Principals: administrator policies attached, permissions boundaries where the convention requires them, and
// long-lived credentials.
import type { AccessKeyRecord, CheckDefinition, EntityRecord, ManagedPolicyRef } from '../model.js';
import type { CheckContext } from './context.js';

export const ADMIN_ACCESS: CheckDefinition = {
  id: 'entity.admin-access',
  severity: 'warning',
  title: 'Principal with administrator access',
  why: 'AdministratorAccess allows every action on every resource, and IAMFullAccess lets a principal grant itself anything: whoever gets its credentials owns the account. Policy checks skip AWS managed policies, so this is where their attachment is reported; service-linked roles are exempt.',
  fix: 'Attach a policy scoped to what the principal does (IAM access advisor shows what it uses); keep full administrator access to a break-glass role whose trust policy requires MFA.',
};

export const NO_PERMISSIONS_BOUNDARY: CheckDefinition = {
  id: 'entity.no-permissions-boundary',
  severity: 'warning',
  title: 'Role or user without a permissions boundary',
  why: 'Where teams create their own roles, a permissions boundary caps what any created role can do, so nobody can create a role more powerful than themselves. Only checked when the convention requires one (--require-boundary); service-linked roles are exempt, and so are roles and users a template or plan only refers to (an existing role a policy is attached to) without creating them.',
  fix: 'Set PermissionsBoundary (CloudFormation), permissions_boundary (Terraform) or --permissions-boundary to the boundary policy your account uses.',
};

export const LONG_LIVED_CREDENTIALS: CheckDefinition = {
  id: 'credentials.long-lived',
  severity: 'warning',
  title: 'IAM user with access keys',
  why: 'Access keys never expire: once leaked (code, logs, laptops) they work until someone rotates them. Roles give temporary credentials instead.',
  fix: 'Use a role (IAM Identity Center, OIDC federation for CI, instance/task roles for workloads); if a key is unavoidable, rotate it and restrict it with conditions (aws:SourceIp, aws:SourceVpce).',
};

export const STALE_KEY: CheckDefinition = {
  id: 'credentials.stale-key',
  severity: 'warning',
  title: 'Access key too old or unused',
  why: 'A key older than the rotation period (--max-key-age-days, default 90) has had long to leak; a key unused for as long is not needed and is only a risk. Needs live data (an account export with a credential report).',
  fix: 'Rotate the key (create a new one, switch, deactivate and delete the old), or delete it if unused.',
};

export const ENTITY_CHECKS = [ADMIN_ACCESS, NO_PERMISSIONS_BOUNDARY, LONG_LIVED_CREDENTIALS, STALE_KEY];

const DAY = 86_400_000;

// AWS owns service-linked roles; an entity the input only refers to is created elsewhere, its boundary with it.
function isExempt(entity: EntityRecord): boolean {
  return entity.external === true || isServiceLinked(entity);
}

function isServiceLinked(entity: EntityRecord): boolean {
  return entity.path.startsWith('/aws-service-role/') || entity.path.startsWith('/aws-reserved/');
}

/** What each administrator-equivalent AWS managed policy lets its holder do, for the message. */
const ADMIN_POLICIES: Readonly<Record<string, string>> = {
  AdministratorAccess: 'every action on every resource',
  IAMFullAccess: 'every IAM action, so it can grant itself anything',
};

/**
 * The AWS managed administrator policy a reference names, in any partition (`arn:aws-cn:...`). Only the two at
 * path `/`: the job-function policies (`policy/job-function/SystemAdministrator`) and `AdministratorAccess-Amplify`
 * are narrower. A Terraform ARN whose only unknown is the partition (`arn:${data.aws_partition.current.partition}:...`)
 * still names the policy.
 */
function adminPolicyName(ref: ManagedPolicyRef): string | undefined {
  const text = typeof ref.arn === 'string' ? ref.arn : ref.arn?.origin;
  const m = text === undefined ? null : /^arn:(?:aws(?:-[a-z]+)*|\$\{[^}]*\}):iam::aws:policy\/([A-Za-z]+)$/.exec(text);
  const name = m?.[1];
  return name !== undefined && Object.hasOwn(ADMIN_POLICIES, name) ? name : undefined;
}

function entityNoun(entity: EntityRecord): string {
  return entity.type === 'role' ? 'Role' : entity.type === 'user' ? 'User' : 'Group';
}

function keyName(key: AccessKeyRecord, i: number): string {
  return key.accessKeyId ?? `access key ${i + 1}`;
}

export function runEntityChecks(ctx: CheckContext): void {
  const now = ctx.options.now.getTime();
  for (const entity of ctx.model.entities) {
    // An entity the input only refers to is still reported: the attachment itself is in the input.
    if (!isServiceLinked(entity)) {
      const reported = new Set<string>();
      for (const ref of entity.managedPolicies) {
        const name = adminPolicyName(ref);
        if (name === undefined || reported.has(name)) continue;
        reported.add(name);
        ctx.report(ADMIN_ACCESS, {
          entity,
          message: `${entityNoun(entity)} ${entity.name} has the AWS managed policy ${name} attached, which allows ${ADMIN_POLICIES[name]}.`,
          location: ref.location,
        });
      }
    }
    if (ctx.options.requireBoundary && (entity.type === 'role' || entity.type === 'user') && entity.permissionsBoundary === undefined && !isExempt(entity)) {
      ctx.report(NO_PERMISSIONS_BOUNDARY, {
        entity,
        message: `${entity.type === 'role' ? 'Role' : 'User'} ${entity.name} has no permissions boundary, which the account's convention requires.`,
        location: entity.location,
      });
    }
    if (entity.type !== 'user' || entity.accessKeys === undefined) continue;
    const active = entity.accessKeys.filter((k) => k.status === 'Active');
    if (active.length > 0) {
      ctx.report(LONG_LIVED_CREDENTIALS, {
        entity,
        message: `User ${entity.name} has ${active.length} active access key${active.length > 1 ? 's' : ''} (long-lived credentials).`,
        location: entity.location,
      });
    }
    active.forEach((key, i) => {
      const age = key.createDate === undefined ? undefined : Math.floor((now - key.createDate.getTime()) / DAY);
      if (age !== undefined && age > ctx.options.maxKeyAgeDays) {
        ctx.report(STALE_KEY, {
          entity,
          message: `${keyName(key, i)} of user ${entity.name} is ${age} days old (more than ${ctx.options.maxKeyAgeDays}): rotate it.`,
          location: entity.location,
        });
      }
      const since = key.lastUsedDate ?? key.createDate;
      const idle = since === undefined ? undefined : Math.floor((now - since.getTime()) / DAY);
      if (idle !== undefined && idle > ctx.options.maxKeyUnusedDays) {
        ctx.report(STALE_KEY, {
          entity,
          message: `${keyName(key, i)} of user ${entity.name} has ${key.lastUsedDate === undefined ? 'never been used' : 'not been used'} in ${idle} days (more than ${ctx.options.maxKeyUnusedDays}): delete it if it is not needed.`,
          location: entity.location,
        });
      }
    });
  }
}
