// The account password policy: UpdateAccountPasswordPolicy / GetAccountPasswordPolicy / DeleteAccountPasswordPolicy,
// and the check a new console password must pass (CreateLoginProfile, UpdateLoginProfile, ChangePassword).
import type { AccountPasswordPolicy } from '../../model/index.js';
import type { StoreTx } from '../../store/index.js';
import { noSuchEntity, type ServiceError } from '../errors.js';

/** UpdateAccountPasswordPolicy's input; every field optional, AWS's defaults fill the rest. */
export interface PasswordPolicyInput {
  minimumPasswordLength?: number;
  requireSymbols?: boolean;
  requireNumbers?: boolean;
  requireUppercaseCharacters?: boolean;
  requireLowercaseCharacters?: boolean;
  allowUsersToChangePassword?: boolean;
  maxPasswordAge?: number;
  passwordReusePrevention?: number;
  hardExpiry?: boolean;
}

/** AWS: "If you do not specify a value for this parameter, then the operation uses the default value of 6." */
export const DEFAULT_MINIMUM_PASSWORD_LENGTH = 6;

/**
 * UpdateAccountPasswordPolicy replaces the whole policy: a parameter left out takes its default, it does not
 * keep the previous value (AWS documents this).
 */
export async function updateAccountPasswordPolicy(tx: StoreTx, accountId: string, input: PasswordPolicyInput): Promise<void> {
  const policy: AccountPasswordPolicy = {
    accountId,
    minimumPasswordLength: input.minimumPasswordLength ?? DEFAULT_MINIMUM_PASSWORD_LENGTH,
    requireSymbols: input.requireSymbols ?? false,
    requireNumbers: input.requireNumbers ?? false,
    requireUppercaseCharacters: input.requireUppercaseCharacters ?? false,
    requireLowercaseCharacters: input.requireLowercaseCharacters ?? false,
    allowUsersToChangePassword: input.allowUsersToChangePassword ?? false,
    // MaxPasswordAge 0 (or absent) means passwords never expire.
    ...(input.maxPasswordAge !== undefined && input.maxPasswordAge > 0 && { maxPasswordAge: input.maxPasswordAge }),
    ...(input.passwordReusePrevention !== undefined && input.passwordReusePrevention > 0 && {
      passwordReusePrevention: input.passwordReusePrevention,
    }),
    hardExpiry: input.hardExpiry ?? false,
  };
  await tx.passwordPolicy.put(policy);
}

export function passwordPolicyNotFound(accountId: string): ServiceError {
  return noSuchEntity(`The Password Policy with domain name ${accountId} cannot be found.`);
}

export async function getAccountPasswordPolicy(tx: StoreTx, accountId: string): Promise<AccountPasswordPolicy> {
  const policy = await tx.passwordPolicy.get(accountId);
  if (policy === undefined) throw passwordPolicyNotFound(accountId);
  return policy;
}

export async function deleteAccountPasswordPolicy(tx: StoreTx, accountId: string): Promise<void> {
  if (!(await tx.passwordPolicy.delete(accountId))) throw passwordPolicyNotFound(accountId);
}

// The symbols AWS's password policy counts: ! @ # $ % ^ & * ( ) _ + - = [ ] { } | '
const SYMBOLS = new Set("!@#$%^&*()_+-=[]{}|'");

function categories(password: string): { upper: boolean; lower: boolean; number: boolean; symbol: boolean } {
  let upper = false;
  let lower = false;
  let number = false;
  let symbol = false;
  for (const c of password) {
    if (c >= 'A' && c <= 'Z') upper = true;
    else if (c >= 'a' && c <= 'z') lower = true;
    else if (c >= '0' && c <= '9') number = true;
    else if (SYMBOLS.has(c)) symbol = true;
  }
  return { upper, lower, number, symbol };
}

/** Code points, as AWS counts characters. */
const length = (s: string): number => [...s].length;

/**
 * The first rule of the account's password policy that `password` breaks, as AWS words it in the
 * PasswordPolicyViolation error, or undefined when it passes. Without a custom policy AWS's default applies:
 * at least 8 characters and three of the four character types (IAM User Guide, "Default password policy").
 * The message never contains the password.
 */
export function checkPassword(policy: AccountPasswordPolicy | undefined, password: string): string | undefined {
  const has = categories(password);
  if (policy === undefined) {
    const kinds = [has.upper, has.lower, has.number, has.symbol].filter(Boolean).length;
    // AWS's wording, as quoted in gree/subiam#3 (whether AWS also uses it for the default policy is unconfirmed).
    if (length(password) < 8 || kinds < 3) return 'Password does not conform to the account password policy.';
    return undefined;
  }
  if (length(password) < policy.minimumPasswordLength) {
    return `Password should have a minimum length of ${policy.minimumPasswordLength}`;
  }
  if (policy.requireLowercaseCharacters && !has.lower) return 'Password should have at least one lowercase letter';
  if (policy.requireUppercaseCharacters && !has.upper) return 'Password should have at least one uppercase letter';
  if (policy.requireNumbers && !has.number) return 'Password should have at least one number';
  if (policy.requireSymbols && !has.symbol) return 'Password should have at least one symbol';
  return undefined;
}
