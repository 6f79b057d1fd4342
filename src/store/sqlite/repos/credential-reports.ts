// The latest credential report of each account (see migration 002: plain text, it holds no secret).
import type { CredentialReportRecord, CredentialReportRepository } from '../../repositories.js';
import { fromMs, toMs } from '../context.js';
import type { TxContext } from '../context.js';

interface CredentialReportRow {
  account_id: string;
  generated_time: number;
  csv: string;
}

export class SqliteCredentialReports implements CredentialReportRepository {
  constructor(private readonly ctx: TxContext) {}

  async get(accountId: string): Promise<CredentialReportRecord | undefined> {
    const r = this.ctx.get<CredentialReportRow>('SELECT * FROM credential_reports WHERE account_id = ?', accountId);
    return r && { accountId: r.account_id, csv: r.csv, generatedTime: fromMs(r.generated_time) };
  }

  async put(report: CredentialReportRecord): Promise<void> {
    this.ctx.write(report.accountId, 'credentialReport', report.accountId);
    this.ctx.insert(
      'credential report',
      report.accountId,
      report.accountId,
      'INSERT OR REPLACE INTO credential_reports (account_id, generated_time, csv) VALUES (?, ?, ?)',
      report.accountId,
      toMs(report.generatedTime),
      report.csv,
    );
  }
}
