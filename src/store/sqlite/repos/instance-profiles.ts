// Instance profiles and the role each holds.
import type { InstanceProfile, Role } from '../../../model/index.js';
import type { InstanceProfileRepository, ListOptions } from '../../repositories.js';
import { fromMs, toMs } from '../context.js';
import type { TxContext } from '../context.js';
import { findRowid, requireRowid } from './lookup.js';
import { pageClause, pageParams } from './paging.js';
import { ROLE_COLUMNS, toRole } from './roles.js';
import type { RoleRow } from './roles.js';

interface ProfileRow {
  account_id: string;
  instance_profile_name: string;
  instance_profile_id: string;
  path: string;
  arn: string;
  create_date: number;
}

const COLUMNS = 'p.account_id, p.instance_profile_name, p.instance_profile_id, p.path, p.arn, p.create_date';

const toProfile = (r: ProfileRow): InstanceProfile => ({
  accountId: r.account_id,
  instanceProfileName: r.instance_profile_name,
  instanceProfileId: r.instance_profile_id,
  path: r.path,
  arn: r.arn,
  createDate: fromMs(r.create_date),
});

export class SqliteInstanceProfiles implements InstanceProfileRepository {
  constructor(private readonly ctx: TxContext) {}

  async create(p: InstanceProfile): Promise<InstanceProfile> {
    this.ctx.write(p.accountId, 'instanceProfile', p.instanceProfileName);
    this.ctx.insert(
      'instance profile',
      p.instanceProfileName,
      p.accountId,
      `INSERT INTO instance_profiles (account_id, instance_profile_name, instance_profile_id, path, arn, create_date)
       VALUES (?, ?, ?, ?, ?, ?)`,
      p.accountId,
      p.instanceProfileName,
      p.instanceProfileId,
      p.path,
      p.arn,
      toMs(p.createDate),
    );
    return (await this.get(p.accountId, p.instanceProfileName))!;
  }

  async get(accountId: string, name: string): Promise<InstanceProfile | undefined> {
    const row = this.ctx.get<ProfileRow>(
      `SELECT ${COLUMNS} FROM instance_profiles p WHERE p.account_id = ? AND p.instance_profile_name = ?`,
      accountId,
      name,
    );
    return row && toProfile(row);
  }

  async list(accountId: string, options?: ListOptions): Promise<InstanceProfile[]> {
    return this.ctx
      .all<ProfileRow>(
        `SELECT ${COLUMNS} FROM instance_profiles p WHERE p.account_id = ? ${pageClause('p.instance_profile_name', 'p.path')}`,
        accountId,
        ...pageParams(options),
      )
      .map(toProfile);
  }

  async delete(accountId: string, name: string): Promise<boolean> {
    this.ctx.write(accountId, 'instanceProfile', name);
    return this.ctx.run('DELETE FROM instance_profiles WHERE account_id = ? AND instance_profile_name = ?', accountId, name) > 0;
  }

  async addRole(accountId: string, name: string, roleName: string): Promise<void> {
    const profile = requireRowid(this.ctx, 'instanceProfile', accountId, name);
    const role = requireRowid(this.ctx, 'role', accountId, roleName);
    this.ctx.write(accountId, 'instanceProfile', name);
    this.ctx.run('INSERT OR IGNORE INTO instance_profile_roles (instance_profile_rowid, role_rowid) VALUES (?, ?)', profile, role);
  }

  async removeRole(accountId: string, name: string, roleName: string): Promise<boolean> {
    const profile = findRowid(this.ctx, 'instanceProfile', accountId, name);
    const role = findRowid(this.ctx, 'role', accountId, roleName);
    if (profile === undefined || role === undefined) return false;
    this.ctx.write(accountId, 'instanceProfile', name);
    return this.ctx.run('DELETE FROM instance_profile_roles WHERE instance_profile_rowid = ? AND role_rowid = ?', profile, role) > 0;
  }

  async listRoles(accountId: string, name: string): Promise<Role[]> {
    const profile = requireRowid(this.ctx, 'instanceProfile', accountId, name);
    return this.ctx
      .all<RoleRow>(
        `SELECT ${ROLE_COLUMNS} FROM instance_profile_roles ipr JOIN roles r ON r.id = ipr.role_rowid
         WHERE ipr.instance_profile_rowid = ? ORDER BY r.role_name`,
        profile,
      )
      .map(toRole);
  }

  async listForRole(accountId: string, roleName: string, options?: ListOptions): Promise<InstanceProfile[]> {
    const role = requireRowid(this.ctx, 'role', accountId, roleName);
    return this.ctx
      .all<ProfileRow>(
        `SELECT ${COLUMNS} FROM instance_profile_roles ipr JOIN instance_profiles p ON p.id = ipr.instance_profile_rowid
         WHERE ipr.role_rowid = ? ${pageClause('p.instance_profile_name', 'p.path')}`,
        role,
        ...pageParams(options),
      )
      .map(toProfile);
  }
}
