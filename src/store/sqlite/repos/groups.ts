// IAM groups and their memberships.
import type { Group, User } from '../../../model/index.js';
import { StoreNotFoundError } from '../../errors.js';
import type { GroupRepository, GroupUpdate, ListOptions } from '../../repositories.js';
import { fromMs, rewriteArnSuffix, toMs } from '../context.js';
import type { TxContext } from '../context.js';
import { findRowid, requireRowid } from './lookup.js';
import { pageClause, pageParams } from './paging.js';
import { USER_COLUMNS, toUser } from './users.js';
import type { UserRow } from './users.js';

interface GroupRow {
  account_id: string;
  group_name: string;
  group_id: string;
  path: string;
  arn: string;
  create_date: number;
}

const GROUP_COLUMNS = 'g.account_id, g.group_name, g.group_id, g.path, g.arn, g.create_date';

const toGroup = (r: GroupRow): Group => ({
  accountId: r.account_id,
  groupName: r.group_name,
  groupId: r.group_id,
  path: r.path,
  arn: r.arn,
  createDate: fromMs(r.create_date),
});

export class SqliteGroups implements GroupRepository {
  constructor(private readonly ctx: TxContext) {}

  async create(group: Group): Promise<Group> {
    this.ctx.write(group.accountId, 'group', group.groupName);
    this.ctx.insert(
      'group',
      group.groupName,
      group.accountId,
      'INSERT INTO groups (account_id, group_name, group_id, path, arn, create_date) VALUES (?, ?, ?, ?, ?, ?)',
      group.accountId,
      group.groupName,
      group.groupId,
      group.path,
      group.arn,
      toMs(group.createDate),
    );
    return (await this.get(group.accountId, group.groupName))!;
  }

  async get(accountId: string, groupName: string): Promise<Group | undefined> {
    const row = this.ctx.get<GroupRow>(
      `SELECT ${GROUP_COLUMNS} FROM groups g WHERE g.account_id = ? AND g.group_name = ?`,
      accountId,
      groupName,
    );
    return row && toGroup(row);
  }

  async list(accountId: string, options?: ListOptions): Promise<Group[]> {
    return this.ctx
      .all<GroupRow>(
        `SELECT ${GROUP_COLUMNS} FROM groups g WHERE g.account_id = ? ${pageClause('g.group_name', 'g.path')}`,
        accountId,
        ...pageParams(options),
      )
      .map(toGroup);
  }

  async update(accountId: string, groupName: string, update: GroupUpdate): Promise<Group> {
    const group = await this.get(accountId, groupName);
    if (!group) throw new StoreNotFoundError('group', groupName);
    const newName = update.newGroupName ?? group.groupName;
    const newPath = update.newPath ?? group.path;
    this.ctx.write(accountId, 'group', group.groupName);
    this.ctx.write(accountId, 'group', newName);
    // Members' policy sets name the group's ARN nowhere, but their group list changes: report them too.
    for (const user of await this.listUsers(accountId, groupName)) this.ctx.write(accountId, 'user', user.userName);
    this.ctx.insert(
      'group',
      newName,
      accountId,
      'UPDATE groups SET group_name = ?, path = ?, arn = ? WHERE account_id = ? AND group_name = ?',
      newName,
      newPath,
      rewriteArnSuffix(group.arn, group.path + group.groupName, newPath + newName),
      accountId,
      groupName,
    );
    return (await this.get(accountId, newName))!;
  }

  async delete(accountId: string, groupName: string): Promise<boolean> {
    if (findRowid(this.ctx, 'group', accountId, groupName) === undefined) return false;
    this.ctx.write(accountId, 'group', groupName);
    for (const user of await this.listUsers(accountId, groupName)) this.ctx.write(accountId, 'user', user.userName);
    return this.ctx.run('DELETE FROM groups WHERE account_id = ? AND group_name = ?', accountId, groupName) > 0;
  }

  async addUser(accountId: string, groupName: string, userName: string): Promise<void> {
    const groupRowid = requireRowid(this.ctx, 'group', accountId, groupName);
    const userRowid = requireRowid(this.ctx, 'user', accountId, userName);
    this.ctx.write(accountId, 'group', groupName);
    this.ctx.write(accountId, 'user', userName);
    this.ctx.run('INSERT OR IGNORE INTO group_members (group_rowid, user_rowid) VALUES (?, ?)', groupRowid, userRowid);
  }

  async removeUser(accountId: string, groupName: string, userName: string): Promise<boolean> {
    this.ctx.write(accountId, 'group', groupName);
    this.ctx.write(accountId, 'user', userName);
    return (
      this.ctx.run(
        `DELETE FROM group_members
         WHERE group_rowid = (SELECT id FROM groups WHERE account_id = ? AND group_name = ?)
           AND user_rowid = (SELECT id FROM users WHERE account_id = ? AND user_name = ?)`,
        accountId,
        groupName,
        accountId,
        userName,
      ) > 0
    );
  }

  async listUsers(accountId: string, groupName: string, options?: ListOptions): Promise<User[]> {
    const groupRowid = requireRowid(this.ctx, 'group', accountId, groupName);
    return this.ctx
      .all<UserRow>(
        `SELECT ${USER_COLUMNS} FROM group_members m JOIN users u ON u.id = m.user_rowid
         WHERE m.group_rowid = ? ${pageClause('u.user_name', 'u.path')}`,
        groupRowid,
        ...pageParams(options),
      )
      .map(toUser);
  }

  async listGroupsForUser(accountId: string, userName: string, options?: ListOptions): Promise<Group[]> {
    const userRowid = requireRowid(this.ctx, 'user', accountId, userName);
    return this.ctx
      .all<GroupRow>(
        `SELECT ${GROUP_COLUMNS} FROM group_members m JOIN groups g ON g.id = m.group_rowid
         WHERE m.user_rowid = ? ${pageClause('g.group_name', 'g.path')}`,
        userRowid,
        ...pageParams(options),
      )
      .map(toGroup);
  }
}
