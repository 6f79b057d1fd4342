// What every STS service function works with: one transaction, the authenticated caller, the server's
// clock, session keyring and randomness, and the caller's authorization (the engine, as api/ provides it).
import type { RandomBytes } from '../../arn/index.js';
import type { StoreTx } from '../../store/index.js';
import type { AuthorizeInput, CallerIdentity } from '../caller.js';
import type { SessionKeyring } from './session-token.js';

export interface StsContext {
  readonly tx: StoreTx;
  readonly caller: CallerIdentity;
  readonly now: Date;
  readonly keyring: SessionKeyring;
  readonly random: RandomBytes;
  /** Throws AccessDenied (ServiceError) unless the engine allows the caller. */
  authorize(input: AuthorizeInput): Promise<void>;
}

/** `User: <arn> is not authorized to perform: <action> on resource: <arn>`, as STS words its refusals. */
export function notAuthorized(callerArn: string, action: string, resource: string): string {
  return `User: ${callerArn} is not authorized to perform: ${action} on resource: ${resource}`;
}
