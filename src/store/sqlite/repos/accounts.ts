// Accounts (with the root identity derived from them), the account alias and the password policy.
import type { Account, AccountPasswordPolicy, RootIdentity } from '../../../model/index.js';
import type { AccountAliasRepository, AccountRepository, PasswordPolicyRepository } from '../../repositories.js';
import { StoreConflictError } from '../../errors.js';
import { bool, fromMs, limitOf, optional, toMs } from '../context.js';
import type { TxContext } from '../context.js';

interface AccountRow {
  account_id: string;
  create_date: number;
  alias: string | null;
}

const SELECT_ACCOUNT = `SELECT a.account_id, a.create_date, al.alias FROM accounts a
  LEFT JOIN account_aliases al ON al.account_id = a.account_id`;

const toAccount = (r: AccountRow): Account => ({
  accountId: r.account_id,
  ...(r.alias !== null && { alias: r.alias }),
  createDate: fromMs(r.create_date),
});

export class SqliteAccounts implements AccountRepository {
  constructor(private readonly ctx: TxContext) {}

  async create(account: Account): Promise<Account> {
    this.ctx.write(account.accountId, 'account', account.accountId);
    this.ctx.insert(
      'account',
      account.accountId,
      account.accountId,
      'INSERT INTO accounts (account_id, create_date) VALUES (?, ?)',
      account.accountId,
      toMs(account.createDate),
    );
    if (account.alias !== undefined) await new SqliteAccountAliases(this.ctx).create(account.accountId, account.alias);
    return (await this.get(account.accountId))!;
  }

  async get(accountId: string): Promise<Account | undefined> {
    const row = this.ctx.get<AccountRow>(`${SELECT_ACCOUNT} WHERE a.account_id = ?`, accountId);
    return row && toAccount(row);
  }

  async getRoot(accountId: string): Promise<RootIdentity | undefined> {
    const row = this.ctx.get<AccountRow>(`${SELECT_ACCOUNT} WHERE a.account_id = ?`, accountId);
    if (!row) return undefined;
    // Root has no row of its own: its ARN and user id follow from the account (spec §1).
    return { accountId, arn: `arn:aws:iam::${accountId}:root`, userId: accountId, createDate: fromMs(row.create_date) };
  }

  async list(options: { after?: string; limit?: number } = {}): Promise<Account[]> {
    return this.ctx
      .all<AccountRow>(
        `${SELECT_ACCOUNT} WHERE (? IS NULL OR a.account_id > ?) ORDER BY a.account_id LIMIT ?`,
        options.after ?? null,
        options.after ?? null,
        limitOf(options.limit),
      )
      .map(toAccount);
  }

  async delete(accountId: string): Promise<boolean> {
    this.ctx.write(accountId, 'account', accountId);
    return this.ctx.run('DELETE FROM accounts WHERE account_id = ?', accountId) > 0;
  }
}

export class SqliteAccountAliases implements AccountAliasRepository {
  constructor(private readonly ctx: TxContext) {}

  async get(accountId: string): Promise<string | undefined> {
    return this.ctx.get<{ alias: string }>('SELECT alias FROM account_aliases WHERE account_id = ?', accountId)?.alias;
  }

  async create(accountId: string, alias: string): Promise<void> {
    this.ctx.write(accountId, 'account', accountId);
    if (await this.get(accountId)) throw new StoreConflictError('account alias for account', accountId);
    this.ctx.insert('account alias', alias, accountId, 'INSERT INTO account_aliases (account_id, alias) VALUES (?, ?)', accountId, alias);
  }

  async delete(accountId: string, alias: string): Promise<boolean> {
    this.ctx.write(accountId, 'account', accountId);
    return this.ctx.run('DELETE FROM account_aliases WHERE account_id = ? AND alias = ?', accountId, alias) > 0;
  }

  async findAccount(alias: string): Promise<string | undefined> {
    return this.ctx.get<{ account_id: string }>('SELECT account_id FROM account_aliases WHERE alias = ?', alias)?.account_id;
  }
}

interface PasswordPolicyRow {
  account_id: string;
  minimum_password_length: number;
  require_symbols: number;
  require_numbers: number;
  require_uppercase_characters: number;
  require_lowercase_characters: number;
  allow_users_to_change_password: number;
  max_password_age: number | null;
  password_reuse_prevention: number | null;
  hard_expiry: number;
}

export class SqlitePasswordPolicies implements PasswordPolicyRepository {
  constructor(private readonly ctx: TxContext) {}

  async get(accountId: string): Promise<AccountPasswordPolicy | undefined> {
    const r = this.ctx.get<PasswordPolicyRow>('SELECT * FROM password_policies WHERE account_id = ?', accountId);
    if (!r) return undefined;
    const maxPasswordAge = optional(r.max_password_age);
    const passwordReusePrevention = optional(r.password_reuse_prevention);
    return {
      accountId: r.account_id,
      minimumPasswordLength: r.minimum_password_length,
      requireSymbols: r.require_symbols === 1,
      requireNumbers: r.require_numbers === 1,
      requireUppercaseCharacters: r.require_uppercase_characters === 1,
      requireLowercaseCharacters: r.require_lowercase_characters === 1,
      allowUsersToChangePassword: r.allow_users_to_change_password === 1,
      ...(maxPasswordAge !== undefined && { maxPasswordAge }),
      ...(passwordReusePrevention !== undefined && { passwordReusePrevention }),
      hardExpiry: r.hard_expiry === 1,
    };
  }

  async put(p: AccountPasswordPolicy): Promise<void> {
    this.ctx.write(p.accountId, 'passwordPolicy', p.accountId);
    this.ctx.insert(
      'password policy',
      p.accountId,
      p.accountId,
      `INSERT OR REPLACE INTO password_policies (account_id, minimum_password_length, require_symbols, require_numbers,
        require_uppercase_characters, require_lowercase_characters, allow_users_to_change_password, max_password_age,
        password_reuse_prevention, hard_expiry) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      p.accountId,
      p.minimumPasswordLength,
      bool(p.requireSymbols),
      bool(p.requireNumbers),
      bool(p.requireUppercaseCharacters),
      bool(p.requireLowercaseCharacters),
      bool(p.allowUsersToChangePassword),
      p.maxPasswordAge ?? null,
      p.passwordReusePrevention ?? null,
      bool(p.hardExpiry),
    );
  }

  async delete(accountId: string): Promise<boolean> {
    this.ctx.write(accountId, 'passwordPolicy', accountId);
    return this.ctx.run('DELETE FROM password_policies WHERE account_id = ?', accountId) > 0;
  }
}
