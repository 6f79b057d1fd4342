// MFA on STS calls (AssumeRole, GetSessionToken): `SerialNumber` + `TokenCode` checked against the calling
// IAM user's enabled device, with AWS's AccessDenied messages.
import type { StoreTx } from '../../store/index.js';
import type { CallerIdentity } from '../caller.js';
import { ServiceError } from '../errors.js';
import { verifyMfaCode } from '../iam/mfa.js';

export const MFA_BOTH_REQUIRED = 'MultiFactorAuthentication failed, must provide both MFA serial number and one time pass code.';
// AWS's text has two spaces after the first sentence.
export const MFA_UNKNOWN_DEVICE =
  'MultiFactorAuthentication failed, unable to validate MFA code.  Please verify your MFA serial number is valid and associated with this user.';
export const MFA_INVALID_CODE = 'MultiFactorAuthentication failed with invalid MFA one time pass code.';

/**
 * Checks the MFA parameters of a call; returns the MFA authentication time (epoch seconds) when they were
 * given and valid, undefined when neither was given; throws AccessDenied otherwise. Only an IAM user
 * (long-term keys, or its own GetSessionToken session) has MFA devices here.
 */
export async function checkMfa(
  tx: StoreTx,
  caller: CallerIdentity,
  serialNumber: string | undefined,
  tokenCode: string | undefined,
  now: Date,
): Promise<number | undefined> {
  if (serialNumber === undefined && tokenCode === undefined) return undefined;
  if (serialNumber === undefined || tokenCode === undefined) throw new ServiceError('AccessDenied', MFA_BOTH_REQUIRED);
  if (caller.kind !== 'user' || caller.userName === undefined) throw new ServiceError('AccessDenied', MFA_UNKNOWN_DEVICE);
  const device = await tx.mfaDevices.get(caller.accountId, serialNumber);
  if (!device || device.userName === undefined || device.userName.toLowerCase() !== caller.userName.toLowerCase()) {
    throw new ServiceError('AccessDenied', MFA_UNKNOWN_DEVICE);
  }
  if (!(await verifyMfaCode(tx, caller.accountId, serialNumber, tokenCode, now))) {
    throw new ServiceError('AccessDenied', MFA_INVALID_CODE);
  }
  return Math.floor(now.getTime() / 1000);
}
