// IAM roles.
import type { Role } from '../../../model/index.js';
import { StoreNotFoundError } from '../../errors.js';
import type { ListOptions, RoleRepository, RoleUpdate } from '../../repositories.js';
import { fromMs, optional, toMs } from '../context.js';
import type { TxContext } from '../context.js';
import { pageClause, pageParams } from './paging.js';

export interface RoleRow {
  account_id: string;
  role_name: string;
  role_id: string;
  path: string;
  arn: string;
  assume_role_policy_document: string;
  description: string | null;
  max_session_duration: number;
  permissions_boundary_arn: string | null;
  create_date: number;
  role_last_used_date: number | null;
  role_last_used_region: string | null;
}

export const ROLE_COLUMNS = `r.account_id, r.role_name, r.role_id, r.path, r.arn, r.assume_role_policy_document,
  r.description, r.max_session_duration, r.permissions_boundary_arn, r.create_date, r.role_last_used_date,
  r.role_last_used_region`;

export function toRole(r: RoleRow): Role {
  const description = optional(r.description);
  const permissionsBoundaryArn = optional(r.permissions_boundary_arn);
  const region = optional(r.role_last_used_region);
  return {
    accountId: r.account_id,
    roleName: r.role_name,
    roleId: r.role_id,
    path: r.path,
    arn: r.arn,
    assumeRolePolicyDocument: r.assume_role_policy_document,
    ...(description !== undefined && { description }),
    maxSessionDuration: r.max_session_duration,
    ...(permissionsBoundaryArn !== undefined && { permissionsBoundaryArn }),
    createDate: fromMs(r.create_date),
    ...(r.role_last_used_date !== null && {
      roleLastUsed: { lastUsedDate: fromMs(r.role_last_used_date), ...(region !== undefined && { region }) },
    }),
  };
}

export class SqliteRoles implements RoleRepository {
  constructor(private readonly ctx: TxContext) {}

  async create(role: Role): Promise<Role> {
    this.ctx.write(role.accountId, 'role', role.roleName);
    this.ctx.insert(
      'role',
      role.roleName,
      role.accountId,
      `INSERT INTO roles (account_id, role_name, role_id, path, arn, assume_role_policy_document, description,
         max_session_duration, permissions_boundary_arn, create_date, role_last_used_date, role_last_used_region)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      role.accountId,
      role.roleName,
      role.roleId,
      role.path,
      role.arn,
      role.assumeRolePolicyDocument,
      role.description ?? null,
      role.maxSessionDuration,
      role.permissionsBoundaryArn ?? null,
      toMs(role.createDate),
      role.roleLastUsed ? toMs(role.roleLastUsed.lastUsedDate) : null,
      role.roleLastUsed?.region ?? null,
    );
    return (await this.get(role.accountId, role.roleName))!;
  }

  async get(accountId: string, roleName: string): Promise<Role | undefined> {
    const row = this.ctx.get<RoleRow & { id: number }>(
      `SELECT r.id, ${ROLE_COLUMNS} FROM roles r WHERE r.account_id = ? AND r.role_name = ?`,
      accountId,
      roleName,
    );
    if (row === undefined) return undefined;
    // Reads of its tags or policies in this transaction then need no lookup of their own.
    this.ctx.rememberRowid('role', accountId, roleName, row.id);
    return toRole(row);
  }

  /** By the UNIQUE index on the ID: a trust policy naming a unique ID asks. */
  async getById(roleId: string): Promise<Role | undefined> {
    const row = this.ctx.get<RoleRow>(`SELECT ${ROLE_COLUMNS} FROM roles r WHERE r.role_id = ?`, roleId);
    return row && toRole(row);
  }

  async listTrustPolicyCandidates(name: string): Promise<Role[]> {
    // instr, not LIKE: names may hold `_`, a LIKE wildcard. SQLite's lower() folds ASCII only, as names are.
    return this.ctx
      .all<RoleRow>(
        `SELECT ${ROLE_COLUMNS} FROM roles r
         WHERE instr(lower(r.assume_role_policy_document), lower(?)) > 0 OR instr(r.assume_role_policy_document, '\\u') > 0
         ORDER BY r.account_id, r.role_name`,
        name,
      )
      .map(toRole);
  }

  async list(accountId: string, options?: ListOptions): Promise<Role[]> {
    return this.ctx
      .all<RoleRow>(
        `SELECT ${ROLE_COLUMNS} FROM roles r WHERE r.account_id = ? ${pageClause('r.role_name', 'r.path')}`,
        accountId,
        ...pageParams(options),
      )
      .map(toRole);
  }

  async update(accountId: string, roleName: string, update: RoleUpdate): Promise<Role> {
    const role = await this.get(accountId, roleName);
    if (!role) throw new StoreNotFoundError('role', roleName);
    this.ctx.write(accountId, 'role', role.roleName);
    const description = update.description === undefined ? (role.description ?? null) : update.description;
    const boundary =
      update.permissionsBoundaryArn === undefined ? (role.permissionsBoundaryArn ?? null) : update.permissionsBoundaryArn;
    const lastUsed = update.roleLastUsed ?? role.roleLastUsed;
    this.ctx.run(
      `UPDATE roles SET assume_role_policy_document = ?, description = ?, max_session_duration = ?,
         permissions_boundary_arn = ?, role_last_used_date = ?, role_last_used_region = ?
       WHERE account_id = ? AND role_name = ?`,
      update.assumeRolePolicyDocument ?? role.assumeRolePolicyDocument,
      description,
      update.maxSessionDuration ?? role.maxSessionDuration,
      boundary,
      lastUsed ? toMs(lastUsed.lastUsedDate) : null,
      lastUsed?.region ?? null,
      accountId,
      roleName,
    );
    return (await this.get(accountId, roleName))!;
  }

  async delete(accountId: string, roleName: string): Promise<boolean> {
    this.ctx.write(accountId, 'role', roleName);
    return this.ctx.run('DELETE FROM roles WHERE account_id = ? AND role_name = ?', accountId, roleName) > 0;
  }
}
