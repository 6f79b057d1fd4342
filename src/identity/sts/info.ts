// GetCallerIdentity and GetAccessKeyInfo.
import type { CallerIdentity } from '../caller.js';
import { ServiceError } from '../errors.js';
import type { StsContext } from './context.js';
import { accountOfAccessKeyId } from './credentials.js';

export interface CallerIdentityOutput {
  readonly userId: string;
  readonly account: string;
  readonly arn: string;
}

/** Never denied, not even by an explicit Deny (evaluation.md §9): no authorization at all. */
export function getCallerIdentity(caller: CallerIdentity): CallerIdentityOutput {
  return { userId: caller.userId, account: caller.accountId, arn: caller.arn };
}

/**
 * The account of an access key id. AWS decodes it from the id itself; here a long-term key is looked up in
 * the store (their ids are random), and any other id — the `ASIA…` ids this server mints carry their account
 * in AWS's layout — is decoded. An id that decodes to nothing is refused (AWS's answer there is unconfirmed).
 */
export async function getAccessKeyInfo(ctx: StsContext, accessKeyId: string): Promise<string> {
  await ctx.authorize({ action: 'sts:GetAccessKeyInfo' });
  const stored = accessKeyId.startsWith('ASIA') ? undefined : await ctx.tx.accessKeys.get(accessKeyId);
  const account = stored?.accountId ?? accountOfAccessKeyId(accessKeyId);
  if (account === undefined) throw new ServiceError('InvalidParameterValue', `The access key ID ${accessKeyId} is not valid.`);
  return account;
}
