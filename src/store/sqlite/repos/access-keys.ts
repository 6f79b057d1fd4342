// Access keys of users and root. The secret is sealed with AAD naming its account and key id, so a
// ciphertext copied onto another key's row does not open.
import type { AccessKey, AccessKeyLastUsed, AccessKeyMetadata, StatusType } from '../../../model/index.js';
import { StoreNotFoundError } from '../../errors.js';
import type { AccessKeyRepository } from '../../repositories.js';
import { fromMs, toMs } from '../context.js';
import type { TxContext } from '../context.js';
import { findRowid, requireRowid } from './lookup.js';

interface AccessKeyRow {
  access_key_id: string;
  account_id: string;
  user_name: string | null;
  status: StatusType;
  create_date: number;
  secret_sealed: string;
  last_used_date: number | null;
  last_used_service: string | null;
  last_used_region: string | null;
}

const SELECT_KEY = `SELECT k.access_key_id, k.account_id, u.user_name, k.status, k.create_date, k.secret_sealed,
    k.last_used_date, k.last_used_service, k.last_used_region
  FROM access_keys k LEFT JOIN users u ON u.id = k.user_rowid`;

export const accessKeyAad = (accountId: string, accessKeyId: string): string => `access_keys:${accountId}:${accessKeyId}`;

function toMetadata(r: AccessKeyRow): AccessKeyMetadata {
  return {
    accountId: r.account_id,
    accessKeyId: r.access_key_id,
    ...(r.user_name !== null && { userName: r.user_name }),
    status: r.status,
    createDate: fromMs(r.create_date),
    ...(r.last_used_date !== null && {
      lastUsed: { date: fromMs(r.last_used_date), service: r.last_used_service ?? '', region: r.last_used_region ?? '' },
    }),
  };
}

export class SqliteAccessKeys implements AccessKeyRepository {
  constructor(private readonly ctx: TxContext) {}

  async create(key: AccessKey): Promise<AccessKeyMetadata> {
    const userRowid = key.userName === undefined ? null : requireRowid(this.ctx, 'user', key.accountId, key.userName);
    this.ctx.write(key.accountId, 'accessKey', key.accessKeyId);
    this.ctx.insert(
      'access key',
      key.accessKeyId,
      key.accountId,
      `INSERT INTO access_keys (access_key_id, account_id, user_rowid, status, create_date, secret_sealed,
         last_used_date, last_used_service, last_used_region) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      key.accessKeyId,
      key.accountId,
      userRowid,
      key.status,
      toMs(key.createDate),
      this.ctx.secrets.seal(key.secretAccessKey, accessKeyAad(key.accountId, key.accessKeyId)),
      key.lastUsed ? toMs(key.lastUsed.date) : null,
      key.lastUsed?.service ?? null,
      key.lastUsed?.region ?? null,
    );
    return toMetadata(this.ctx.get<AccessKeyRow>(`${SELECT_KEY} WHERE k.access_key_id = ?`, key.accessKeyId)!);
  }

  async get(accessKeyId: string): Promise<AccessKey | undefined> {
    const row = this.ctx.get<AccessKeyRow>(`${SELECT_KEY} WHERE k.access_key_id = ?`, accessKeyId);
    if (!row) return undefined;
    return {
      ...toMetadata(row),
      secretAccessKey: this.ctx.secrets.open(row.secret_sealed, accessKeyAad(row.account_id, row.access_key_id)),
    };
  }

  async list(accountId: string, userName?: string): Promise<AccessKeyMetadata[]> {
    const userRowid = userName === undefined ? null : findRowid(this.ctx, 'user', accountId, userName);
    if (userRowid === undefined) return [];
    return this.ctx
      .all<AccessKeyRow>(
        `${SELECT_KEY} WHERE k.account_id = ? AND k.user_rowid IS ? ORDER BY k.create_date, k.access_key_id`,
        accountId,
        userRowid,
      )
      .map(toMetadata);
  }

  async updateStatus(accountId: string, accessKeyId: string, status: StatusType): Promise<void> {
    this.ctx.write(accountId, 'accessKey', accessKeyId);
    const n = this.ctx.run('UPDATE access_keys SET status = ? WHERE account_id = ? AND access_key_id = ?', status, accountId, accessKeyId);
    if (n === 0) throw new StoreNotFoundError('access key', accessKeyId);
  }

  async recordLastUsed(accessKeyId: string, lastUsed: AccessKeyLastUsed): Promise<void> {
    const row = this.ctx.get<{ account_id: string }>('SELECT account_id FROM access_keys WHERE access_key_id = ?', accessKeyId);
    if (!row) throw new StoreNotFoundError('access key', accessKeyId);
    this.ctx.write(row.account_id, 'accessKey', accessKeyId);
    this.ctx.run(
      'UPDATE access_keys SET last_used_date = ?, last_used_service = ?, last_used_region = ? WHERE access_key_id = ?',
      toMs(lastUsed.date),
      lastUsed.service,
      lastUsed.region,
      accessKeyId,
    );
  }

  async delete(accountId: string, accessKeyId: string): Promise<boolean> {
    this.ctx.write(accountId, 'accessKey', accessKeyId);
    return this.ctx.run('DELETE FROM access_keys WHERE account_id = ? AND access_key_id = ?', accountId, accessKeyId) > 0;
  }
}
