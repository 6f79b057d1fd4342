// The account password policy and the password check login profiles use.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AccountPasswordPolicy } from '../../../src/model/index.js';
import {
  checkPassword,
  deleteAccountPasswordPolicy,
  getAccountPasswordPolicy,
  updateAccountPasswordPolicy,
} from '../../../src/identity/iam/password-policy.js';
import { openStore } from '../../../src/store/index.js';
import type { Store, StoreTx } from '../../../src/store/index.js';
import { ACCOUNT, account } from '../../store/fixtures.js';

let store: Store;
const run = <T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> => store.transaction(fn);

beforeEach(async () => {
  store = await openStore({ ephemeral: true, env: {} });
  await run((tx) => tx.accounts.create(account()));
});
afterEach(() => store.close());

const policy = (over: Partial<AccountPasswordPolicy> = {}): AccountPasswordPolicy => ({
  accountId: ACCOUNT,
  minimumPasswordLength: 8,
  requireSymbols: false,
  requireNumbers: false,
  requireUppercaseCharacters: false,
  requireLowercaseCharacters: false,
  allowUsersToChangePassword: false,
  hardExpiry: false,
  ...over,
});

describe('password policy storage', () => {
  it('reports NoSuchEntity with AWS wording when no policy is set', async () => {
    await expect(run((tx) => getAccountPasswordPolicy(tx, ACCOUNT))).rejects.toMatchObject({
      code: 'NoSuchEntity',
      message: `The Password Policy with domain name ${ACCOUNT} cannot be found.`,
    });
  });

  it('fills defaults for parameters left out (minimum length 6, everything else off)', async () => {
    await run((tx) => updateAccountPasswordPolicy(tx, ACCOUNT, { requireNumbers: true }));
    const p = await run((tx) => getAccountPasswordPolicy(tx, ACCOUNT));
    expect(p).toMatchObject({ minimumPasswordLength: 6, requireNumbers: true, requireSymbols: false, hardExpiry: false });
    expect(p.maxPasswordAge).toBeUndefined();
  });

  it('replaces the whole policy on update instead of merging', async () => {
    await run((tx) => updateAccountPasswordPolicy(tx, ACCOUNT, { requireSymbols: true, maxPasswordAge: 90 }));
    await run((tx) => updateAccountPasswordPolicy(tx, ACCOUNT, { minimumPasswordLength: 12 }));
    const p = await run((tx) => getAccountPasswordPolicy(tx, ACCOUNT));
    expect(p.requireSymbols).toBe(false);
    expect(p.maxPasswordAge).toBeUndefined();
    expect(p.minimumPasswordLength).toBe(12);
  });

  it('deletes the policy, and a second delete is NoSuchEntity', async () => {
    await run((tx) => updateAccountPasswordPolicy(tx, ACCOUNT, {}));
    await run((tx) => deleteAccountPasswordPolicy(tx, ACCOUNT));
    await expect(run((tx) => deleteAccountPasswordPolicy(tx, ACCOUNT))).rejects.toMatchObject({ code: 'NoSuchEntity' });
  });
});

describe('checkPassword', () => {
  it('accepts a password that meets every rule', () => {
    const p = policy({ requireSymbols: true, requireNumbers: true, requireUppercaseCharacters: true, requireLowercaseCharacters: true });
    expect(checkPassword(p, 'Abcdef1!')).toBeUndefined();
  });

  it('names the minimum length first', () => {
    expect(checkPassword(policy({ minimumPasswordLength: 14 }), 'short')).toBe('Password should have a minimum length of 14');
  });

  it('names each missing character class', () => {
    expect(checkPassword(policy({ requireLowercaseCharacters: true }), 'ABCDEFGH')).toBe('Password should have at least one lowercase letter');
    expect(checkPassword(policy({ requireUppercaseCharacters: true }), 'abcdefgh')).toBe('Password should have at least one uppercase letter');
    expect(checkPassword(policy({ requireNumbers: true }), 'abcdefgh')).toBe('Password should have at least one number');
    expect(checkPassword(policy({ requireSymbols: true }), 'abcdefg1')).toBe('Password should have at least one symbol');
  });

  it("counts only AWS's symbol set as symbols", () => {
    expect(checkPassword(policy({ requireSymbols: true }), 'abcdefg~')).toBeDefined();
    expect(checkPassword(policy({ requireSymbols: true }), "abcdefg'")).toBeUndefined();
  });

  it('applies the default policy (8 characters, three character classes) when none is set', () => {
    expect(checkPassword(undefined, 'abcdefgh')).toBeDefined();
    expect(checkPassword(undefined, 'Ab1!')).toBeDefined();
    expect(checkPassword(undefined, 'Abcdefg1')).toBeUndefined();
  });

  it('never repeats the password in its message', () => {
    const secret = 'hunter2hunter2';
    const message = checkPassword(policy({ requireSymbols: true }), secret);
    expect(message).toBeDefined();
    expect(message).not.toContain(secret);
  });
});
