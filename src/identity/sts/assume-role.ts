// AssumeRole (spec/identities-and-sts.md §3.1, evaluation.md §6): the role's trust policy evaluated by the
// engine as the resource policy of `sts:AssumeRole` (kind `trust`) together with the caller's own policy set,
// then duration, chaining, tags, source identity, MFA and session policies, then a sealed session.
import { parsePrincipalArn } from '../../arn/index.js';
import type { ContextValue } from '../../engine/index.js';
import type { Role, Tag } from '../../model/index.js';
import { parsePolicy } from '../../policy/index.js';
import type { AuthorizeInput } from '../caller.js';
import { ServiceError, validationFailure } from '../errors.js';
import { requestTagContext } from '../tags.js';
import { notAuthorized } from './context.js';
import type { StsContext } from './context.js';
import { issueRoleSession } from './role-session.js';
import type { IssuedCredentials } from './credentials.js';
import { checkMfa } from './mfa.js';
import { checkSessionTags } from './tags.js';

export const DEFAULT_ROLE_SESSION_SECONDS = 3600;
/** Role chaining caps a session at one hour. */
export const CHAINED_SESSION_MAX_SECONDS = 3600;

export const ROOT_CANNOT_ASSUME = 'Roles may not be assumed by root accounts.';
export const EXCEEDS_MAX_SESSION_DURATION = 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.';
export const EXCEEDS_CHAINING_LIMIT = 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.';
// AWS's wording is unconfirmed.
export const SOURCE_IDENTITY_FIXED = 'SourceIdentity cannot be changed: it was set earlier in this role chain.';

export interface AssumeRoleInput {
  readonly roleArn: string;
  readonly roleSessionName: string;
  readonly durationSeconds?: number;
  readonly policy?: string;
  readonly policyArns?: readonly string[];
  readonly tags?: readonly Tag[];
  readonly transitiveTagKeys?: readonly string[];
  readonly externalId?: string;
  readonly serialNumber?: string;
  readonly tokenCode?: string;
  readonly sourceIdentity?: string;
}

export interface AssumeRoleOutput {
  readonly credentials: IssuedCredentials;
  /** `<RoleId>:<session>` */
  readonly assumedRoleId: string;
  /** `arn:aws:sts::A:assumed-role/<RoleName>/<session>` (no path). */
  readonly arn: string;
  /** Present when session policies or tags were passed. */
  readonly packedPolicySize?: number;
  readonly sourceIdentity?: string;
}

/** The role an ARN names, when it exists with exactly that path; otherwise undefined (reported as AccessDenied). */
async function findRole(ctx: StsContext, roleArn: string): Promise<Role | undefined> {
  const arn = parsePrincipalArn(roleArn);
  if (!arn || arn.kind !== 'role' || arn.partition !== ctx.caller.partition) return undefined;
  const role = await ctx.tx.roles.get(arn.account, arn.name);
  // Names resolve case-insensitively, but the ARN must be the role's own (paths and names as stored).
  if (!role || role.arn !== roleArn) return undefined;
  return role;
}

export async function assumeRole(ctx: StsContext, input: AssumeRoleInput): Promise<AssumeRoleOutput> {
  const { caller, tx, now } = ctx;
  const denied = (action = 'sts:AssumeRole'): ServiceError =>
    new ServiceError('AccessDenied', notAuthorized(caller.arn, action, input.roleArn));
  if (caller.kind === 'root') throw new ServiceError('AccessDenied', ROOT_CANNOT_ASSUME);
  // GetFederationToken sessions may call no STS operation but GetCallerIdentity (§3.4).
  if (caller.kind === 'federatedUser') throw denied();

  const session = caller.session;
  const chained = caller.kind === 'roleSession';
  const newTags = input.tags ?? [];
  const newTransitive = input.transitiveTagKeys ?? [];
  // Chaining carries the calling session's transitive tags; they cannot be passed again.
  const inheritedKeys = chained ? (session?.transitiveTagKeys ?? []) : [];
  const inheritedTags = chained
    ? (session?.tags ?? []).filter((t) => inheritedKeys.some((k) => k.toLowerCase() === t.Key.toLowerCase()))
    : [];
  checkSessionTags(newTags, newTransitive, inheritedKeys);
  const tags = [...inheritedTags, ...newTags];
  const transitiveTagKeys = [...inheritedKeys, ...newTransitive];

  const inheritedSourceIdentity = session?.sourceIdentity;
  if (inheritedSourceIdentity !== undefined && input.sourceIdentity !== undefined && input.sourceIdentity !== inheritedSourceIdentity) {
    throw new ServiceError('AccessDenied', SOURCE_IDENTITY_FIXED);
  }
  const sourceIdentity = input.sourceIdentity ?? inheritedSourceIdentity;

  const mfaAuthTime = await checkMfa(tx, caller, input.serialNumber, input.tokenCode, now);

  // A role that does not exist is refused like a trust policy that does not allow the caller.
  const role = await findRole(ctx, input.roleArn);
  if (!role) throw denied();
  const trust = parsePolicy(role.assumeRolePolicyDocument).document;
  if (!trust) throw denied();

  const context: Record<string, ContextValue> = {
    'sts:RoleSessionName': input.roleSessionName,
    ...requestTagContext(tags.length > 0 ? tags : undefined),
  };
  if (input.externalId !== undefined) context['sts:ExternalId'] = input.externalId;
  if (sourceIdentity !== undefined) context['sts:SourceIdentity'] = sourceIdentity;
  if (transitiveTagKeys.length > 0) context['sts:TransitiveTagKeys'] = transitiveTagKeys;
  if (mfaAuthTime !== undefined) {
    context['aws:MultiFactorAuthPresent'] = 'true';
    context['aws:MultiFactorAuthAge'] = String(Math.max(0, Math.floor(now.getTime() / 1000) - mfaAuthTime));
  }
  const check = async (action: string): Promise<void> => {
    const request: AuthorizeInput = {
      action,
      resource: role.arn,
      context,
      resourcePolicy: { name: `${role.roleName} trust policy`, document: trust, kind: 'trust' },
    };
    try {
      await ctx.authorize(request);
    } catch (err) {
      // STS names caller, action and role, without saying which policy refused (unlike IAM's messages).
      if (err instanceof ServiceError && err.code === 'AccessDenied') throw denied(action);
      throw err;
    }
  };
  await check('sts:AssumeRole');
  if (tags.length > 0) await check('sts:TagSession');
  if (sourceIdentity !== undefined) await check('sts:SetSourceIdentity');

  const durationSeconds = input.durationSeconds ?? DEFAULT_ROLE_SESSION_SECONDS;
  if (chained && durationSeconds > CHAINED_SESSION_MAX_SECONDS) throw validationFailure(EXCEEDS_CHAINING_LIMIT);
  if (durationSeconds > role.maxSessionDuration) throw validationFailure(EXCEEDS_MAX_SESSION_DURATION);

  return issueRoleSession(
    tx,
    role,
    {
      partition: caller.partition,
      roleSessionName: input.roleSessionName,
      durationSeconds,
      ...(input.policy !== undefined && { policy: input.policy }),
      ...(input.policyArns !== undefined && { policyArns: input.policyArns }),
      tags,
      transitiveTagKeys,
      ...(sourceIdentity !== undefined && { sourceIdentity }),
      ...(mfaAuthTime !== undefined && { mfaAuthTime }),
      chained,
    },
    now,
    ctx.keyring,
    ctx.random,
  );
}
