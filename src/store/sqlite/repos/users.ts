// IAM users.
import type { User } from '../../../model/index.js';
import { StoreNotFoundError } from '../../errors.js';
import type { ListOptions, UserRepository, UserUpdate } from '../../repositories.js';
import { fromMs, optional, optionalDate, rewriteArnSuffix, toMs } from '../context.js';
import type { TxContext } from '../context.js';
import { pageClause, pageParams } from './paging.js';

export interface UserRow {
  account_id: string;
  user_name: string;
  user_id: string;
  path: string;
  arn: string;
  create_date: number;
  permissions_boundary_arn: string | null;
  password_last_used: number | null;
}

export const USER_COLUMNS =
  'u.account_id, u.user_name, u.user_id, u.path, u.arn, u.create_date, u.permissions_boundary_arn, u.password_last_used';

export function toUser(r: UserRow): User {
  const permissionsBoundaryArn = optional(r.permissions_boundary_arn);
  const passwordLastUsed = optionalDate(r.password_last_used);
  return {
    accountId: r.account_id,
    userName: r.user_name,
    userId: r.user_id,
    path: r.path,
    arn: r.arn,
    createDate: fromMs(r.create_date),
    ...(permissionsBoundaryArn !== undefined && { permissionsBoundaryArn }),
    ...(passwordLastUsed !== undefined && { passwordLastUsed }),
  };
}

export class SqliteUsers implements UserRepository {
  constructor(private readonly ctx: TxContext) {}

  async create(user: User): Promise<User> {
    this.ctx.write(user.accountId, 'user', user.userName);
    this.ctx.insert(
      'user',
      user.userName,
      user.accountId,
      `INSERT INTO users (account_id, user_name, user_id, path, arn, create_date, permissions_boundary_arn, password_last_used)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      user.accountId,
      user.userName,
      user.userId,
      user.path,
      user.arn,
      toMs(user.createDate),
      user.permissionsBoundaryArn ?? null,
      user.passwordLastUsed ? toMs(user.passwordLastUsed) : null,
    );
    return (await this.get(user.accountId, user.userName))!;
  }

  async get(accountId: string, userName: string): Promise<User | undefined> {
    const row = this.ctx.get<UserRow & { id: number }>(
      `SELECT u.id, ${USER_COLUMNS} FROM users u WHERE u.account_id = ? AND u.user_name = ?`,
      accountId,
      userName,
    );
    if (row === undefined) return undefined;
    // Reads of its tags, keys or groups in this transaction then need no lookup of their own.
    this.ctx.rememberRowid('user', accountId, userName, row.id);
    return toUser(row);
  }

  /** By the UNIQUE index on the ID: a trust policy naming a unique ID asks. */
  async getById(userId: string): Promise<User | undefined> {
    const row = this.ctx.get<UserRow>(`SELECT ${USER_COLUMNS} FROM users u WHERE u.user_id = ?`, userId);
    return row && toUser(row);
  }

  async list(accountId: string, options?: ListOptions): Promise<User[]> {
    return this.ctx
      .all<UserRow>(`SELECT ${USER_COLUMNS} FROM users u WHERE u.account_id = ? ${pageClause('u.user_name', 'u.path')}`, accountId, ...pageParams(options))
      .map(toUser);
  }

  async update(accountId: string, userName: string, update: UserUpdate): Promise<User> {
    const user = await this.get(accountId, userName);
    if (!user) throw new StoreNotFoundError('user', userName);
    this.ctx.write(accountId, 'user', user.userName);
    const newName = update.newUserName ?? user.userName;
    const newPath = update.newPath ?? user.path;
    if (newName !== user.userName) this.ctx.write(accountId, 'user', newName);
    const arn = rewriteArnSuffix(user.arn, user.path + user.userName, newPath + newName);
    const boundary =
      update.permissionsBoundaryArn === undefined ? (user.permissionsBoundaryArn ?? null) : update.permissionsBoundaryArn;
    const lastUsed = update.passwordLastUsed ?? user.passwordLastUsed;
    this.ctx.insert(
      'user',
      newName,
      accountId,
      `UPDATE users SET user_name = ?, path = ?, arn = ?, permissions_boundary_arn = ?, password_last_used = ?
       WHERE account_id = ? AND user_name = ?`,
      newName,
      newPath,
      arn,
      boundary,
      lastUsed ? toMs(lastUsed) : null,
      accountId,
      userName,
    );
    return (await this.get(accountId, newName))!;
  }

  async delete(accountId: string, userName: string): Promise<boolean> {
    this.ctx.write(accountId, 'user', userName);
    return this.ctx.run('DELETE FROM users WHERE account_id = ? AND user_name = ?', accountId, userName) > 0;
  }
}
