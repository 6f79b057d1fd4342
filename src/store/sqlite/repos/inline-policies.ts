// Inline policies: named per user, group or role (case-insensitively), stored only in it.
import type { InlinePolicy } from '../../../model/index.js';
import type { InlinePolicyRepository, PrincipalRef } from '../../repositories.js';
import type { TxContext } from '../context.js';
import { findRowid, requireRowid } from './lookup.js';

export class SqliteInlinePolicies implements InlinePolicyRepository {
  constructor(private readonly ctx: TxContext) {}

  async put(policy: InlinePolicy): Promise<void> {
    const rowid = requireRowid(this.ctx, policy.principalType, policy.accountId, policy.principalName);
    this.ctx.write(policy.accountId, policy.principalType, policy.principalName);
    this.ctx.run(
      `INSERT INTO inline_policies (account_id, principal_type, principal_rowid, policy_name, document) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (principal_type, principal_rowid, policy_name)
       DO UPDATE SET policy_name = excluded.policy_name, document = excluded.document`,
      policy.accountId,
      policy.principalType,
      rowid,
      policy.policyName,
      policy.document,
    );
  }

  async get(accountId: string, principal: PrincipalRef, policyName: string): Promise<InlinePolicy | undefined> {
    return (await this.query(accountId, principal, policyName))[0];
  }

  async list(accountId: string, principal: PrincipalRef): Promise<InlinePolicy[]> {
    return this.query(accountId, principal, null);
  }

  async delete(accountId: string, principal: PrincipalRef, policyName: string): Promise<boolean> {
    const rowid = findRowid(this.ctx, principal.principalType, accountId, principal.principalName);
    if (rowid === undefined) return false;
    this.ctx.write(accountId, principal.principalType, principal.principalName);
    return (
      this.ctx.run(
        'DELETE FROM inline_policies WHERE principal_type = ? AND principal_rowid = ? AND policy_name = ?',
        principal.principalType,
        rowid,
        policyName,
      ) > 0
    );
  }

  private async query(accountId: string, principal: PrincipalRef, policyName: string | null): Promise<InlinePolicy[]> {
    const rowid = findRowid(this.ctx, principal.principalType, accountId, principal.principalName);
    if (rowid === undefined) return [];
    // The principal's stored spelling, not the caller's: names match case-insensitively.
    const name = principalName(this.ctx, principal, rowid);
    return this.ctx
      .all<{ policy_name: string; document: string }>(
        `SELECT policy_name, document FROM inline_policies
         WHERE principal_type = ? AND principal_rowid = ? AND (? IS NULL OR policy_name = ?) ORDER BY policy_name`,
        principal.principalType,
        rowid,
        policyName,
        policyName,
      )
      .map((r) => ({
        accountId,
        principalType: principal.principalType,
        principalName: name,
        policyName: r.policy_name,
        document: r.document,
      }));
  }
}

const NAME_SQL = {
  user: 'SELECT user_name AS name FROM users WHERE id = ?',
  group: 'SELECT group_name AS name FROM groups WHERE id = ?',
  role: 'SELECT role_name AS name FROM roles WHERE id = ?',
} as const;

function principalName(ctx: TxContext, principal: PrincipalRef, rowid: number): string {
  return ctx.get<{ name: string }>(NAME_SQL[principal.principalType], rowid)?.name ?? principal.principalName;
}
