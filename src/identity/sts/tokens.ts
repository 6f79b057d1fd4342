// GetSessionToken and GetFederationToken (spec/identities-and-sts.md §3.4): sessions of an IAM user (or root)
// from its long-term keys.
import { federatedUserArn } from '../../arn/index.js';
import type { Tag } from '../../model/index.js';
import { ServiceError } from '../errors.js';
import { requestTagContext } from '../tags.js';
import type { StsContext } from './context.js';
import { issueCredentials } from './credentials.js';
import type { IssuedCredentials } from './credentials.js';
import { checkMfa } from './mfa.js';
import { checkPackedSize, checkSessionPolicies } from './session-policies.js';
import { checkSessionTags } from './tags.js';

/** IAM users: 900–129,600 s, default 43,200. Root: at most 3,600 (a longer request gets one hour). */
export const DEFAULT_USER_SESSION_SECONDS = 43_200;
export const ROOT_SESSION_MAX_SECONDS = 3600;

export const sessionCredentialsRefused = (operation: 'GetSessionToken' | 'GetFederationToken'): ServiceError =>
  // Confirmed for GetSessionToken; the same wording is assumed for GetFederationToken.
  new ServiceError('AccessDenied', `Cannot call ${operation} with session credentials`);

function durationFor(kind: string, requested: number | undefined): number {
  if (kind === 'root') return Math.min(requested ?? ROOT_SESSION_MAX_SECONDS, ROOT_SESSION_MAX_SECONDS);
  return requested ?? DEFAULT_USER_SESSION_SECONDS;
}

export interface GetSessionTokenInput {
  readonly durationSeconds?: number;
  readonly serialNumber?: string;
  readonly tokenCode?: string;
}

/** No policy check (AWS: anyone with long-term keys may call it); the session is the caller itself. */
export async function getSessionToken(ctx: StsContext, input: GetSessionTokenInput): Promise<IssuedCredentials> {
  const { caller } = ctx;
  if (caller.temporary) throw sessionCredentialsRefused('GetSessionToken');
  const mfaAuthTime = await checkMfa(ctx.tx, caller, input.serialNumber, input.tokenCode, ctx.now);
  return issueCredentials(
    {
      accountId: caller.accountId,
      partition: caller.partition,
      kind: caller.kind === 'root' ? 'root' : 'user',
      arn: caller.arn,
      userId: caller.userId,
      ...(caller.userName !== undefined && { userName: caller.userName }),
      ...(mfaAuthTime !== undefined && { mfaAuthTime }),
    },
    durationFor(caller.kind, input.durationSeconds),
    ctx.now,
    ctx.keyring,
    ctx.random,
  );
}

export interface GetFederationTokenInput {
  readonly name: string;
  readonly durationSeconds?: number;
  readonly policy?: string;
  readonly policyArns?: readonly string[];
  readonly tags?: readonly Tag[];
}

export interface GetFederationTokenOutput {
  readonly credentials: IssuedCredentials;
  /** `A:Name` */
  readonly federatedUserId: string;
  readonly arn: string;
  readonly packedPolicySize?: number;
}

/**
 * Needs `sts:GetFederationToken` on the federated-user ARN (and `sts:TagSession` with tags). The session's
 * permissions are the intersection of the user's policies and the session policies: none without them.
 */
export async function getFederationToken(ctx: StsContext, input: GetFederationTokenInput): Promise<GetFederationTokenOutput> {
  const { caller, tx } = ctx;
  if (caller.temporary) throw sessionCredentialsRefused('GetFederationToken');
  const tags = input.tags ?? [];
  checkSessionTags(tags, [], []);
  const arn = federatedUserArn(caller.partition, caller.accountId, input.name);
  const context = requestTagContext(tags.length > 0 ? tags : undefined);
  await ctx.authorize({ action: 'sts:GetFederationToken', resource: arn, context });
  if (tags.length > 0) await ctx.authorize({ action: 'sts:TagSession', resource: arn, context });

  const policyArns = input.policyArns ?? [];
  await checkSessionPolicies(tx, caller.accountId, input.policy, policyArns);
  const passed = input.policy !== undefined || policyArns.length > 0 || tags.length > 0;
  const packedPolicySize = passed ? checkPackedSize(input.policy, policyArns, tags) : undefined;
  const federatedUserId = `${caller.accountId}:${input.name}`;
  const credentials = issueCredentials(
    {
      accountId: caller.accountId,
      partition: caller.partition,
      kind: 'federatedUser',
      arn,
      userId: federatedUserId,
      ...(caller.kind === 'user' && caller.userName !== undefined && { userName: caller.userName, sourceUserArn: caller.arn }),
      ...(input.policy !== undefined && { policy: input.policy }),
      ...(policyArns.length > 0 && { policyArns: [...policyArns] }),
      ...(tags.length > 0 && { tags: [...tags] }),
    },
    durationFor(caller.kind, input.durationSeconds),
    ctx.now,
    ctx.keyring,
    ctx.random,
  );
  return { credentials, federatedUserId, arn, ...(packedPolicySize !== undefined && { packedPolicySize }) };
}
