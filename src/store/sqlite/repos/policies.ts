// Customer-managed policies and their versions. Attachment and boundary counts are computed on read so
// they cannot drift from the rows they count.
import type { ManagedPolicy, PolicyVersion } from '../../../model/index.js';
import { StoreConflictError, StoreNotFoundError } from '../../errors.js';
import type { ListOptions, NewManagedPolicy, PolicyRepository } from '../../repositories.js';
import { bool, fromMs, optional, toMs } from '../context.js';
import type { TxContext } from '../context.js';
import { requireRowid } from './lookup.js';
import { pageClause, pageParams } from './paging.js';

interface PolicyRow {
  account_id: string;
  policy_name: string;
  policy_id: string;
  path: string;
  arn: string;
  default_version: number;
  is_attachable: number;
  description: string | null;
  create_date: number;
  update_date: number;
  attachment_count: number;
  boundary_count: number;
}

const SELECT_POLICY = `SELECT p.account_id, p.policy_name, p.policy_id, p.path, p.arn, p.default_version, p.is_attachable,
    p.description, p.create_date, p.update_date,
    (SELECT count(*) FROM policy_attachments a WHERE a.account_id = p.account_id AND a.policy_arn = p.arn) AS attachment_count,
    (SELECT count(*) FROM users u WHERE u.account_id = p.account_id AND u.permissions_boundary_arn = p.arn)
      + (SELECT count(*) FROM roles r WHERE r.account_id = p.account_id AND r.permissions_boundary_arn = p.arn) AS boundary_count
  FROM policies p`;

interface VersionRow {
  version: number;
  document: string;
  create_date: number;
  default_version: number;
  arn: string;
}

const SELECT_VERSION = `SELECT v.version, v.document, v.create_date, p.default_version, p.arn
  FROM policy_versions v JOIN policies p ON p.id = v.policy_rowid`;

const versionId = (n: number): string => `v${n}`;

/** `v3` → 3; anything else names no version. */
function versionNumber(id: string): number | undefined {
  const match = /^v([1-9][0-9]*)$/.exec(id);
  return match ? Number(match[1]) : undefined;
}

function toPolicy(r: PolicyRow): ManagedPolicy {
  const description = optional(r.description);
  return {
    accountId: r.account_id,
    policyName: r.policy_name,
    policyId: r.policy_id,
    arn: r.arn,
    path: r.path,
    defaultVersionId: versionId(r.default_version),
    attachmentCount: r.attachment_count,
    permissionsBoundaryUsageCount: r.boundary_count,
    isAttachable: r.is_attachable === 1,
    ...(description !== undefined && { description }),
    createDate: fromMs(r.create_date),
    updateDate: fromMs(r.update_date),
  };
}

const toVersion = (r: VersionRow): PolicyVersion => ({
  policyArn: r.arn,
  versionId: versionId(r.version),
  document: r.document,
  isDefaultVersion: r.version === r.default_version,
  createDate: fromMs(r.create_date),
});

export class SqlitePolicies implements PolicyRepository {
  constructor(private readonly ctx: TxContext) {}

  async create(p: NewManagedPolicy): Promise<ManagedPolicy> {
    this.ctx.write(p.accountId, 'policy', p.arn);
    const date = toMs(p.createDate);
    this.ctx.insert(
      'policy',
      p.policyName,
      p.accountId,
      `INSERT INTO policies (account_id, policy_name, policy_id, path, arn, default_version, last_version, is_attachable,
         description, create_date, update_date) VALUES (?, ?, ?, ?, ?, 1, 1, ?, ?, ?, ?)`,
      p.accountId,
      p.policyName,
      p.policyId,
      p.path,
      p.arn,
      bool(p.isAttachable ?? true),
      p.description ?? null,
      date,
      date,
    );
    const rowid = requireRowid(this.ctx, 'policy', p.accountId, p.arn);
    this.ctx.run('INSERT INTO policy_versions (policy_rowid, version, document, create_date) VALUES (?, 1, ?, ?)', rowid, p.document, date);
    return (await this.get(p.accountId, p.arn))!;
  }

  async get(accountId: string, policyArn: string): Promise<ManagedPolicy | undefined> {
    const row = this.ctx.get<PolicyRow>(`${SELECT_POLICY} WHERE p.account_id = ? AND p.arn = ?`, accountId, policyArn);
    return row && toPolicy(row);
  }

  async list(accountId: string, options?: ListOptions): Promise<ManagedPolicy[]> {
    return this.ctx
      .all<PolicyRow>(`${SELECT_POLICY} WHERE p.account_id = ? ${pageClause('p.policy_name', 'p.path')}`, accountId, ...pageParams(options))
      .map(toPolicy);
  }

  async delete(accountId: string, policyArn: string): Promise<boolean> {
    this.ctx.write(accountId, 'policy', policyArn);
    return this.ctx.run('DELETE FROM policies WHERE account_id = ? AND arn = ?', accountId, policyArn) > 0;
  }

  async createVersion(
    accountId: string,
    policyArn: string,
    version: { document: string; setAsDefault: boolean; createDate: Date },
  ): Promise<PolicyVersion> {
    const rowid = requireRowid(this.ctx, 'policy', accountId, policyArn);
    this.ctx.write(accountId, 'policy', policyArn);
    const { last_version: last } = this.ctx.get<{ last_version: number }>('SELECT last_version FROM policies WHERE id = ?', rowid)!;
    const next = last + 1;
    const date = toMs(version.createDate);
    this.ctx.run('INSERT INTO policy_versions (policy_rowid, version, document, create_date) VALUES (?, ?, ?, ?)', rowid, next, version.document, date);
    this.ctx.run(
      `UPDATE policies SET last_version = ?, default_version = CASE WHEN ? THEN ? ELSE default_version END, update_date = ?
       WHERE id = ?`,
      next,
      bool(version.setAsDefault),
      next,
      date,
      rowid,
    );
    return (await this.getVersion(accountId, policyArn, versionId(next)))!;
  }

  async getVersion(accountId: string, policyArn: string, id: string): Promise<PolicyVersion | undefined> {
    const n = versionNumber(id);
    if (n === undefined) return undefined;
    const row = this.ctx.get<VersionRow>(`${SELECT_VERSION} WHERE p.account_id = ? AND p.arn = ? AND v.version = ?`, accountId, policyArn, n);
    return row && toVersion(row);
  }

  async getDefaultVersion(accountId: string, policyArn: string): Promise<PolicyVersion | undefined> {
    const row = this.ctx.get<VersionRow>(
      `${SELECT_VERSION} WHERE p.account_id = ? AND p.arn = ? AND v.version = p.default_version`,
      accountId,
      policyArn,
    );
    return row && toVersion(row);
  }

  async listVersions(accountId: string, policyArn: string): Promise<PolicyVersion[]> {
    return this.ctx
      .all<VersionRow>(`${SELECT_VERSION} WHERE p.account_id = ? AND p.arn = ? ORDER BY v.version DESC`, accountId, policyArn)
      .map(toVersion);
  }

  async setDefaultVersion(accountId: string, policyArn: string, id: string, updateDate: Date): Promise<void> {
    const version = await this.getVersion(accountId, policyArn, id);
    if (!version) throw new StoreNotFoundError('policy version', `${policyArn} ${id}`);
    this.ctx.write(accountId, 'policy', policyArn);
    this.ctx.run(
      'UPDATE policies SET default_version = ?, update_date = ? WHERE account_id = ? AND arn = ?',
      versionNumber(id)!,
      toMs(updateDate),
      accountId,
      policyArn,
    );
  }

  async deleteVersion(accountId: string, policyArn: string, id: string): Promise<boolean> {
    const version = await this.getVersion(accountId, policyArn, id);
    if (!version) return false;
    if (version.isDefaultVersion) throw new StoreConflictError('default policy version', `${policyArn} ${id}`);
    this.ctx.write(accountId, 'policy', policyArn);
    return (
      this.ctx.run(
        'DELETE FROM policy_versions WHERE policy_rowid = (SELECT id FROM policies WHERE account_id = ? AND arn = ?) AND version = ?',
        accountId,
        policyArn,
        versionNumber(id)!,
      ) > 0
    );
  }
}
