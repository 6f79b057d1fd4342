// Console passwords of users (hashes, and sealed on top: a leaked database gives no offline cracking).
import type { LoginProfile } from '../../../model/index.js';
import { StoreNotFoundError } from '../../errors.js';
import type { LoginProfileRepository } from '../../repositories.js';
import { bool, fromMs, toMs } from '../context.js';
import type { TxContext } from '../context.js';
import { findRowid, requireRowid } from './lookup.js';

interface LoginProfileRow {
  user_name: string;
  user_id: string;
  password_hash_sealed: string;
  password_reset_required: number;
  create_date: number;
}

/** Bound to the user's unique id, which survives renames. */
const aad = (accountId: string, userId: string): string => `login_profiles:${accountId}:${userId}`;

export class SqliteLoginProfiles implements LoginProfileRepository {
  constructor(private readonly ctx: TxContext) {}

  async create(p: LoginProfile): Promise<LoginProfile> {
    const userRowid = requireRowid(this.ctx, 'user', p.accountId, p.userName);
    const userId = this.userId(userRowid);
    this.ctx.write(p.accountId, 'user', p.userName);
    this.ctx.insert(
      'login profile',
      p.userName,
      p.accountId,
      `INSERT INTO login_profiles (user_rowid, account_id, password_hash_sealed, password_reset_required, create_date)
       VALUES (?, ?, ?, ?, ?)`,
      userRowid,
      p.accountId,
      this.ctx.secrets.seal(p.passwordHash, aad(p.accountId, userId)),
      bool(p.passwordResetRequired),
      toMs(p.createDate),
    );
    return (await this.get(p.accountId, p.userName))!;
  }

  async get(accountId: string, userName: string): Promise<LoginProfile | undefined> {
    const row = this.ctx.get<LoginProfileRow>(
      `SELECT u.user_name, u.user_id, l.password_hash_sealed, l.password_reset_required, l.create_date
       FROM login_profiles l JOIN users u ON u.id = l.user_rowid WHERE u.account_id = ? AND u.user_name = ?`,
      accountId,
      userName,
    );
    if (!row) return undefined;
    return {
      accountId,
      userName: row.user_name,
      createDate: fromMs(row.create_date),
      passwordResetRequired: row.password_reset_required === 1,
      passwordHash: this.ctx.secrets.open(row.password_hash_sealed, aad(accountId, row.user_id)),
    };
  }

  async update(
    accountId: string,
    userName: string,
    update: { passwordHash?: string; passwordResetRequired?: boolean },
  ): Promise<void> {
    const current = await this.get(accountId, userName);
    if (!current) throw new StoreNotFoundError('login profile', userName);
    const userRowid = requireRowid(this.ctx, 'user', accountId, userName);
    this.ctx.write(accountId, 'user', current.userName);
    this.ctx.run(
      'UPDATE login_profiles SET password_hash_sealed = ?, password_reset_required = ? WHERE user_rowid = ?',
      this.ctx.secrets.seal(update.passwordHash ?? current.passwordHash, aad(accountId, this.userId(userRowid))),
      bool(update.passwordResetRequired ?? current.passwordResetRequired),
      userRowid,
    );
  }

  async delete(accountId: string, userName: string): Promise<boolean> {
    const userRowid = findRowid(this.ctx, 'user', accountId, userName);
    if (userRowid === undefined) return false;
    this.ctx.write(accountId, 'user', userName);
    return this.ctx.run('DELETE FROM login_profiles WHERE user_rowid = ?', userRowid) > 0;
  }

  private userId(userRowid: number): string {
    return this.ctx.get<{ user_id: string }>('SELECT user_id FROM users WHERE id = ?', userRowid)!.user_id;
  }
}
