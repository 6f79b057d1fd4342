// Managed-policy attachments of users, groups and roles. ARNs are not foreign keys: AWS-managed policies
// have no row, so an attachment may name one.
import type { PolicyAttachment, PrincipalType } from '../../../model/index.js';
import type { AttachmentRepository, PrincipalRef } from '../../repositories.js';
import type { TxContext } from '../context.js';
import { findRowid, requireRowid } from './lookup.js';

interface AttachmentRow {
  principal_type: PrincipalType;
  principal_name: string;
  policy_arn: string;
}

const SELECT_WITH_NAMES = `SELECT a.principal_type, COALESCE(u.user_name, g.group_name, r.role_name) AS principal_name, a.policy_arn
  FROM policy_attachments a
  LEFT JOIN users u ON a.principal_type = 'user' AND u.id = a.principal_rowid
  LEFT JOIN groups g ON a.principal_type = 'group' AND g.id = a.principal_rowid
  LEFT JOIN roles r ON a.principal_type = 'role' AND r.id = a.principal_rowid`;

export class SqliteAttachments implements AttachmentRepository {
  constructor(private readonly ctx: TxContext) {}

  async attach(accountId: string, principal: PrincipalRef, policyArn: string): Promise<void> {
    const rowid = requireRowid(this.ctx, principal.principalType, accountId, principal.principalName);
    this.ctx.write(accountId, principal.principalType, principal.principalName);
    this.ctx.run(
      'INSERT OR IGNORE INTO policy_attachments (account_id, principal_type, principal_rowid, policy_arn) VALUES (?, ?, ?, ?)',
      accountId,
      principal.principalType,
      rowid,
      policyArn,
    );
  }

  async detach(accountId: string, principal: PrincipalRef, policyArn: string): Promise<boolean> {
    const rowid = findRowid(this.ctx, principal.principalType, accountId, principal.principalName);
    if (rowid === undefined) return false;
    this.ctx.write(accountId, principal.principalType, principal.principalName);
    return (
      this.ctx.run(
        'DELETE FROM policy_attachments WHERE principal_type = ? AND principal_rowid = ? AND policy_arn = ?',
        principal.principalType,
        rowid,
        policyArn,
      ) > 0
    );
  }

  async listForPrincipal(accountId: string, principal: PrincipalRef): Promise<PolicyAttachment[]> {
    const rowid = findRowid(this.ctx, principal.principalType, accountId, principal.principalName);
    if (rowid === undefined) return [];
    return this.ctx
      .all<AttachmentRow>(`${SELECT_WITH_NAMES} WHERE a.principal_type = ? AND a.principal_rowid = ? ORDER BY a.seq`, principal.principalType, rowid)
      .map((r) => toAttachment(accountId, r));
  }

  async listForPolicy(accountId: string, policyArn: string, principalType?: PrincipalType): Promise<PolicyAttachment[]> {
    const type = principalType ?? null;
    return this.ctx
      .all<AttachmentRow>(
        `${SELECT_WITH_NAMES} WHERE a.account_id = ? AND a.policy_arn = ? AND (? IS NULL OR a.principal_type = ?)
         ORDER BY a.principal_type, principal_name COLLATE NOCASE`,
        accountId,
        policyArn,
        type,
        type,
      )
      .map((r) => toAttachment(accountId, r));
  }

  async countForPolicy(accountId: string, policyArn: string): Promise<number> {
    return this.ctx.get<{ n: number }>(
      'SELECT count(*) AS n FROM policy_attachments WHERE account_id = ? AND policy_arn = ?',
      accountId,
      policyArn,
    )!.n;
  }
}

const toAttachment = (accountId: string, r: AttachmentRow): PolicyAttachment => ({
  accountId,
  principalType: r.principal_type,
  principalName: r.principal_name,
  policyArn: r.policy_arn,
});
