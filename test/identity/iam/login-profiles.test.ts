// Login profiles (console passwords) and password hashing against a real (ephemeral) store.
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ServiceError } from '../../../src/identity/errors.js';
import { createLoginProfile, deleteLoginProfile, getLoginProfile, updateLoginProfile } from '../../../src/identity/iam/login-profiles.js';
import { assertPasswordAllowed, hashPassword, verifyPassword } from '../../../src/identity/iam/passwords.js';
import { createUser } from '../../../src/identity/iam/users.js';
import type { AccountPasswordPolicy } from '../../../src/model/index.js';
import { openStore } from '../../../src/store/index.js';
import type { Store, StoreTx } from '../../../src/store/index.js';

const A = '111122223333';
const NOW = new Date('2025-01-01T12:00:00Z');
const GOOD = 'Correct-Horse9';
const POLICY: AccountPasswordPolicy = {
  accountId: A,
  minimumPasswordLength: 12,
  requireSymbols: true,
  requireNumbers: true,
  requireUppercaseCharacters: true,
  requireLowercaseCharacters: true,
  allowUsersToChangePassword: true,
  hardExpiry: false,
};

let store: Store;
const tx = <T>(fn: (t: StoreTx) => Promise<T>): Promise<T> => store.transaction(fn);

async function expectError(p: Promise<unknown>, code: string, message?: string): Promise<void> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ServiceError);
  expect((err as ServiceError).code).toBe(code);
  if (message !== undefined) expect((err as ServiceError).message).toBe(message);
}

beforeEach(async () => {
  store = await openStore({ ephemeral: true, env: {} });
  await tx(async (t) => {
    await t.accounts.create({ accountId: A, createDate: NOW });
    await createUser(t, { accountId: A, partition: 'aws', userName: 'bob', now: NOW, random: randomBytes });
  });
});
afterEach(async () => store.close());

describe('passwords', () => {
  it('hashes with scrypt and a random salt, verifying the right password only', async () => {
    const a = await hashPassword(GOOD);
    const b = await hashPassword(GOOD);
    expect(a).toMatch(/^scrypt\$\d+\$\d+\$\d+\$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain(GOOD);
    expect(await verifyPassword(GOOD, a)).toBe(true);
    expect(await verifyPassword('wrong', a)).toBe(false);
  });

  it('rejects a malformed stored hash without throwing', async () => {
    expect(await verifyPassword(GOOD, 'plain')).toBe(false);
    expect(await verifyPassword(GOOD, 'scrypt$x$8$1$AAAA$AAAA')).toBe(false);
  });

  it('refuses a password that breaks the policy with PasswordPolicyViolation naming the rule', () => {
    expect(() => assertPasswordAllowed('Aa1!aaaaaaaa', POLICY)).not.toThrow();
    expect(() => assertPasswordAllowed('aa1!aaaaaaaa', POLICY)).toThrow('Password should have at least one uppercase letter');
    try {
      assertPasswordAllowed('Aa1aaaaaaaaa', POLICY);
    } catch (error) {
      expect(error).toMatchObject({ code: 'PasswordPolicyViolation' });
    }
  });
});

describe('login profiles', () => {
  it('creates a profile and never exposes the password or hash', async () => {
    const view = await tx((t) => createLoginProfile(t, { accountId: A, userName: 'bob', password: GOOD, passwordResetRequired: true, now: NOW }));
    expect(view).toEqual({ userName: 'bob', createDate: NOW, passwordResetRequired: true });
    expect(await tx((t) => getLoginProfile(t, A, 'bob'))).toEqual(view);
    const stored = await tx((t) => t.loginProfiles.get(A, 'bob'));
    expect(await verifyPassword(GOOD, stored!.passwordHash)).toBe(true);
  });

  it('refuses a second profile', async () => {
    await tx((t) => createLoginProfile(t, { accountId: A, userName: 'bob', password: GOOD, now: NOW }));
    await expectError(tx((t) => createLoginProfile(t, { accountId: A, userName: 'bob', password: GOOD, now: NOW })), 'EntityAlreadyExists');
  });

  it('checks the password against the account policy', async () => {
    await tx((t) => t.passwordPolicy.put(POLICY));
    await expectError(
      tx((t) => createLoginProfile(t, { accountId: A, userName: 'bob', password: 'short1A!', now: NOW })),
      'PasswordPolicyViolation',
      'Password should have a minimum length of 12',
    );
    expect(await tx((t) => t.loginProfiles.get(A, 'bob'))).toBeUndefined();
  });

  it('updates the password and the reset flag', async () => {
    await tx((t) => createLoginProfile(t, { accountId: A, userName: 'bob', password: GOOD, now: NOW }));
    await tx((t) => updateLoginProfile(t, { accountId: A, userName: 'bob', password: 'Other-Pass77', passwordResetRequired: true }));
    const stored = await tx((t) => t.loginProfiles.get(A, 'bob'));
    expect(stored!.passwordResetRequired).toBe(true);
    expect(await verifyPassword('Other-Pass77', stored!.passwordHash)).toBe(true);
  });

  it('refuses an update that breaks the policy', async () => {
    await tx((t) => createLoginProfile(t, { accountId: A, userName: 'bob', password: GOOD, now: NOW }));
    await expectError(tx((t) => updateLoginProfile(t, { accountId: A, userName: 'bob', password: 'weak' })), 'PasswordPolicyViolation');
  });

  it('reports a missing profile with AWS message', async () => {
    const message = 'Login Profile for User bob cannot be found.';
    await expectError(tx((t) => getLoginProfile(t, A, 'bob')), 'NoSuchEntity', message);
    await expectError(tx((t) => updateLoginProfile(t, { accountId: A, userName: 'bob', passwordResetRequired: true })), 'NoSuchEntity', message);
    await expectError(tx((t) => deleteLoginProfile(t, A, 'bob')), 'NoSuchEntity', message);
  });

  it('deletes a profile', async () => {
    await tx((t) => createLoginProfile(t, { accountId: A, userName: 'bob', password: GOOD, now: NOW }));
    await tx((t) => deleteLoginProfile(t, A, 'bob'));
    expect(await tx((t) => t.loginProfiles.get(A, 'bob'))).toBeUndefined();
  });

  it('reports a missing user', async () => {
    await expectError(tx((t) => createLoginProfile(t, { accountId: A, userName: 'ghost', password: GOOD, now: NOW })), 'NoSuchEntity', 'The user with name ghost cannot be found.');
  });
});
