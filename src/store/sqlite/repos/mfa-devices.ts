// Virtual MFA devices: they exist on their own and are enabled for at most one user. Seeds are sealed.
import type { MfaDevice, VirtualMfaDevice } from '../../../model/index.js';
import { StoreNotFoundError } from '../../errors.js';
import type { MfaDeviceRepository } from '../../repositories.js';
import { fromMs, optionalDate, toMs } from '../context.js';
import type { TxContext } from '../context.js';
import { findRowid, requireRowid } from './lookup.js';

interface DeviceRow {
  account_id: string;
  serial_number: string;
  path: string;
  device_name: string;
  seed_sealed: string;
  user_name: string | null;
  enable_date: number | null;
  create_date: number;
}

const SELECT_DEVICE = `SELECT d.account_id, d.serial_number, d.path, d.device_name, d.seed_sealed, u.user_name, d.enable_date,
    d.create_date
  FROM mfa_devices d LEFT JOIN users u ON u.id = d.user_rowid`;

const aad = (accountId: string, serialNumber: string): string => `mfa_devices:${accountId}:${serialNumber}`;

function toDevice(r: DeviceRow): MfaDevice {
  const enableDate = optionalDate(r.enable_date);
  return {
    accountId: r.account_id,
    serialNumber: r.serial_number,
    path: r.path,
    name: r.device_name,
    ...(r.user_name !== null && { userName: r.user_name }),
    ...(enableDate !== undefined && { enableDate }),
    createDate: fromMs(r.create_date),
  };
}

export class SqliteMfaDevices implements MfaDeviceRepository {
  constructor(private readonly ctx: TxContext) {}

  async create(d: VirtualMfaDevice): Promise<MfaDevice> {
    const userRowid = d.userName === undefined ? null : requireRowid(this.ctx, 'user', d.accountId, d.userName);
    this.ctx.write(d.accountId, 'mfaDevice', d.serialNumber);
    this.ctx.insert(
      'MFA device',
      d.serialNumber,
      d.accountId,
      `INSERT INTO mfa_devices (account_id, serial_number, path, device_name, seed_sealed, user_rowid, enable_date, create_date)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      d.accountId,
      d.serialNumber,
      d.path,
      d.name,
      this.ctx.secrets.seal(d.base32StringSeed, aad(d.accountId, d.serialNumber)),
      userRowid,
      d.enableDate ? toMs(d.enableDate) : null,
      toMs(d.createDate),
    );
    return toDevice(this.row(d.accountId, d.serialNumber)!);
  }

  async get(accountId: string, serialNumber: string): Promise<VirtualMfaDevice | undefined> {
    const row = this.row(accountId, serialNumber);
    if (!row) return undefined;
    return { ...toDevice(row), base32StringSeed: this.ctx.secrets.open(row.seed_sealed, aad(accountId, row.serial_number)) };
  }

  async list(accountId: string, assignment: 'Assigned' | 'Unassigned' | 'Any' = 'Any'): Promise<MfaDevice[]> {
    return this.ctx
      .all<DeviceRow>(
        `${SELECT_DEVICE} WHERE d.account_id = ?
           AND (? = 'Any' OR (? = 'Assigned') = (d.user_rowid IS NOT NULL))
         ORDER BY d.serial_number`,
        accountId,
        assignment,
        assignment,
      )
      .map(toDevice);
  }

  async listForUser(accountId: string, userName: string): Promise<MfaDevice[]> {
    const userRowid = findRowid(this.ctx, 'user', accountId, userName);
    if (userRowid === undefined) return [];
    return this.ctx.all<DeviceRow>(`${SELECT_DEVICE} WHERE d.user_rowid = ? ORDER BY d.serial_number`, userRowid).map(toDevice);
  }

  async enable(accountId: string, serialNumber: string, userName: string, enableDate: Date): Promise<void> {
    const userRowid = requireRowid(this.ctx, 'user', accountId, userName);
    this.ctx.write(accountId, 'mfaDevice', serialNumber);
    this.ctx.write(accountId, 'user', userName);
    const n = this.ctx.run(
      'UPDATE mfa_devices SET user_rowid = ?, enable_date = ? WHERE account_id = ? AND serial_number = ?',
      userRowid,
      toMs(enableDate),
      accountId,
      serialNumber,
    );
    if (n === 0) throw new StoreNotFoundError('MFA device', serialNumber);
  }

  async deactivate(accountId: string, serialNumber: string): Promise<boolean> {
    const row = this.row(accountId, serialNumber);
    if (!row || row.user_name === null) return false;
    this.ctx.write(accountId, 'mfaDevice', serialNumber);
    this.ctx.write(accountId, 'user', row.user_name);
    this.ctx.run('UPDATE mfa_devices SET user_rowid = NULL, enable_date = NULL WHERE account_id = ? AND serial_number = ?', accountId, serialNumber);
    return true;
  }

  async delete(accountId: string, serialNumber: string): Promise<boolean> {
    this.ctx.write(accountId, 'mfaDevice', serialNumber);
    return this.ctx.run('DELETE FROM mfa_devices WHERE account_id = ? AND serial_number = ?', accountId, serialNumber) > 0;
  }

  private row(accountId: string, serialNumber: string): DeviceRow | undefined {
    return this.ctx.get<DeviceRow>(`${SELECT_DEVICE} WHERE d.account_id = ? AND d.serial_number = ?`, accountId, serialNumber);
  }
}
