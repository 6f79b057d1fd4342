// Console passwords of IAM users (login profiles). Passwords are checked against the account password
// policy, hashed with scrypt, and never returned; the store seals the hash on top.
import type { LoginProfile } from '../../model/index.js';
import type { StoreTx } from '../../store/index.js';
import { entityAlreadyExists, noSuchEntity } from '../errors.js';
import { assertPasswordAllowed, hashPassword } from './passwords.js';
import { requireUser } from './users.js';

/** What a login profile shows: never the hash. */
export interface LoginProfileView {
  readonly userName: string;
  readonly createDate: Date;
  readonly passwordResetRequired: boolean;
}

const view = (p: LoginProfile): LoginProfileView => ({
  userName: p.userName,
  createDate: p.createDate,
  passwordResetRequired: p.passwordResetRequired,
});

const profileNotFound = (userName: string): Error => noSuchEntity(`Login Profile for User ${userName} cannot be found.`);

export interface CreateLoginProfileInput {
  readonly accountId: string;
  readonly userName: string;
  readonly password: string;
  readonly passwordResetRequired?: boolean;
  readonly now: Date;
  readonly random?: (n: number) => Uint8Array;
}

export async function createLoginProfile(tx: StoreTx, input: CreateLoginProfileInput): Promise<LoginProfileView> {
  const user = await requireUser(tx, input.accountId, input.userName);
  if ((await tx.loginProfiles.get(input.accountId, user.userName)) !== undefined) {
    throw entityAlreadyExists(`Login Profile for user ${user.userName} already exists.`);
  }
  assertPasswordAllowed(input.password, await tx.passwordPolicy.get(input.accountId));
  const profile = await tx.loginProfiles.create({
    accountId: input.accountId,
    userName: user.userName,
    createDate: input.now,
    passwordResetRequired: input.passwordResetRequired ?? false,
    passwordHash: await hashPassword(input.password, input.random),
  });
  return view(profile);
}

export async function getLoginProfile(tx: StoreTx, accountId: string, userName: string): Promise<LoginProfileView> {
  const user = await requireUser(tx, accountId, userName);
  const profile = await tx.loginProfiles.get(accountId, user.userName);
  if (profile === undefined) throw profileNotFound(user.userName);
  return view(profile);
}

export interface UpdateLoginProfileInput {
  readonly accountId: string;
  readonly userName: string;
  readonly password?: string;
  readonly passwordResetRequired?: boolean;
  readonly random?: (n: number) => Uint8Array;
}

export async function updateLoginProfile(tx: StoreTx, input: UpdateLoginProfileInput): Promise<void> {
  const user = await requireUser(tx, input.accountId, input.userName);
  if ((await tx.loginProfiles.get(input.accountId, user.userName)) === undefined) throw profileNotFound(user.userName);
  let passwordHash: string | undefined;
  if (input.password !== undefined) {
    assertPasswordAllowed(input.password, await tx.passwordPolicy.get(input.accountId));
    passwordHash = await hashPassword(input.password, input.random);
  }
  if (passwordHash === undefined && input.passwordResetRequired === undefined) return;
  await tx.loginProfiles.update(input.accountId, user.userName, {
    ...(passwordHash !== undefined && { passwordHash }),
    ...(input.passwordResetRequired !== undefined && { passwordResetRequired: input.passwordResetRequired }),
  });
}

export async function deleteLoginProfile(tx: StoreTx, accountId: string, userName: string): Promise<void> {
  const user = await requireUser(tx, accountId, userName);
  if (!(await tx.loginProfiles.delete(accountId, user.userName))) throw profileNotFound(user.userName);
}
