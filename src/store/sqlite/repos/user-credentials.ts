// Per-user credentials besides access keys: SSH public keys, signing certificates (public material, kept
// in clear) and service-specific credentials (passwords, sealed).
import type {
  ServiceSpecificCredential,
  ServiceSpecificCredentialMetadata,
  SigningCertificate,
  SshPublicKey,
  StatusType,
} from '../../../model/index.js';
import { StoreNotFoundError } from '../../errors.js';
import type { ServiceSpecificCredRepository, SigningCertRepository, SshKeyRepository } from '../../repositories.js';
import { fromMs, toMs } from '../context.js';
import type { TxContext } from '../context.js';
import { findRowid, requireRowid } from './lookup.js';

interface SshKeyRow {
  account_id: string;
  user_name: string;
  ssh_public_key_id: string;
  fingerprint: string;
  body: string;
  status: StatusType;
  upload_date: number;
}

const SELECT_SSH = `SELECT k.account_id, u.user_name, k.ssh_public_key_id, k.fingerprint, k.body, k.status, k.upload_date
  FROM ssh_public_keys k JOIN users u ON u.id = k.user_rowid`;

const toSshKey = (r: SshKeyRow): SshPublicKey => ({
  accountId: r.account_id,
  userName: r.user_name,
  sshPublicKeyId: r.ssh_public_key_id,
  fingerprint: r.fingerprint,
  sshPublicKeyBody: r.body,
  status: r.status,
  uploadDate: fromMs(r.upload_date),
});

export class SqliteSshKeys implements SshKeyRepository {
  constructor(private readonly ctx: TxContext) {}

  async create(k: SshPublicKey): Promise<SshPublicKey> {
    const userRowid = requireRowid(this.ctx, 'user', k.accountId, k.userName);
    this.ctx.write(k.accountId, 'user', k.userName);
    this.ctx.insert(
      'SSH public key',
      k.sshPublicKeyId,
      k.accountId,
      `INSERT INTO ssh_public_keys (ssh_public_key_id, account_id, user_rowid, fingerprint, body, status, upload_date)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
      k.sshPublicKeyId,
      k.accountId,
      userRowid,
      k.fingerprint,
      k.sshPublicKeyBody,
      k.status,
      toMs(k.uploadDate),
    );
    return (await this.get(k.accountId, k.userName, k.sshPublicKeyId))!;
  }

  async get(accountId: string, userName: string, id: string): Promise<SshPublicKey | undefined> {
    const row = this.ctx.get<SshKeyRow>(
      `${SELECT_SSH} WHERE k.ssh_public_key_id = ? AND u.account_id = ? AND u.user_name = ?`,
      id,
      accountId,
      userName,
    );
    return row && toSshKey(row);
  }

  async list(accountId: string, userName: string): Promise<SshPublicKey[]> {
    const userRowid = findRowid(this.ctx, 'user', accountId, userName);
    if (userRowid === undefined) return [];
    return this.ctx.all<SshKeyRow>(`${SELECT_SSH} WHERE k.user_rowid = ? ORDER BY k.upload_date, k.ssh_public_key_id`, userRowid).map(toSshKey);
  }

  async updateStatus(accountId: string, userName: string, id: string, status: StatusType): Promise<void> {
    const userRowid = requireRowid(this.ctx, 'user', accountId, userName);
    this.ctx.write(accountId, 'user', userName);
    const n = this.ctx.run('UPDATE ssh_public_keys SET status = ? WHERE ssh_public_key_id = ? AND user_rowid = ?', status, id, userRowid);
    if (n === 0) throw new StoreNotFoundError('SSH public key', id);
  }

  async delete(accountId: string, userName: string, id: string): Promise<boolean> {
    const userRowid = findRowid(this.ctx, 'user', accountId, userName);
    if (userRowid === undefined) return false;
    this.ctx.write(accountId, 'user', userName);
    return this.ctx.run('DELETE FROM ssh_public_keys WHERE ssh_public_key_id = ? AND user_rowid = ?', id, userRowid) > 0;
  }
}

interface CertRow {
  account_id: string;
  user_name: string;
  certificate_id: string;
  body: string;
  status: StatusType;
  upload_date: number;
}

const SELECT_CERT = `SELECT c.account_id, u.user_name, c.certificate_id, c.body, c.status, c.upload_date
  FROM signing_certificates c JOIN users u ON u.id = c.user_rowid`;

const toCert = (r: CertRow): SigningCertificate => ({
  accountId: r.account_id,
  userName: r.user_name,
  certificateId: r.certificate_id,
  certificateBody: r.body,
  status: r.status,
  uploadDate: fromMs(r.upload_date),
});

export class SqliteSigningCerts implements SigningCertRepository {
  constructor(private readonly ctx: TxContext) {}

  async create(c: SigningCertificate): Promise<SigningCertificate> {
    const userRowid = requireRowid(this.ctx, 'user', c.accountId, c.userName);
    this.ctx.write(c.accountId, 'user', c.userName);
    this.ctx.insert(
      'signing certificate',
      c.certificateId,
      c.accountId,
      'INSERT INTO signing_certificates (certificate_id, account_id, user_rowid, body, status, upload_date) VALUES (?, ?, ?, ?, ?, ?)',
      c.certificateId,
      c.accountId,
      userRowid,
      c.certificateBody,
      c.status,
      toMs(c.uploadDate),
    );
    return (await this.get(c.accountId, c.userName, c.certificateId))!;
  }

  async get(accountId: string, userName: string, id: string): Promise<SigningCertificate | undefined> {
    const row = this.ctx.get<CertRow>(`${SELECT_CERT} WHERE c.certificate_id = ? AND u.account_id = ? AND u.user_name = ?`, id, accountId, userName);
    return row && toCert(row);
  }

  async list(accountId: string, userName: string): Promise<SigningCertificate[]> {
    const userRowid = findRowid(this.ctx, 'user', accountId, userName);
    if (userRowid === undefined) return [];
    return this.ctx.all<CertRow>(`${SELECT_CERT} WHERE c.user_rowid = ? ORDER BY c.upload_date, c.certificate_id`, userRowid).map(toCert);
  }

  async updateStatus(accountId: string, userName: string, id: string, status: StatusType): Promise<void> {
    const userRowid = requireRowid(this.ctx, 'user', accountId, userName);
    this.ctx.write(accountId, 'user', userName);
    const n = this.ctx.run('UPDATE signing_certificates SET status = ? WHERE certificate_id = ? AND user_rowid = ?', status, id, userRowid);
    if (n === 0) throw new StoreNotFoundError('signing certificate', id);
  }

  async delete(accountId: string, userName: string, id: string): Promise<boolean> {
    const userRowid = findRowid(this.ctx, 'user', accountId, userName);
    if (userRowid === undefined) return false;
    this.ctx.write(accountId, 'user', userName);
    return this.ctx.run('DELETE FROM signing_certificates WHERE certificate_id = ? AND user_rowid = ?', id, userRowid) > 0;
  }
}

interface ServiceCredRow {
  account_id: string;
  user_name: string;
  service_specific_credential_id: string;
  service_name: string;
  service_user_name: string;
  password_sealed: string;
  status: StatusType;
  create_date: number;
}

const SELECT_SSC = `SELECT s.account_id, u.user_name, s.service_specific_credential_id, s.service_name, s.service_user_name,
    s.password_sealed, s.status, s.create_date
  FROM service_specific_credentials s JOIN users u ON u.id = s.user_rowid`;

const sscAad = (accountId: string, id: string): string => `service_specific_credentials:${accountId}:${id}`;

const toSscMetadata = (r: ServiceCredRow): ServiceSpecificCredentialMetadata => ({
  accountId: r.account_id,
  userName: r.user_name,
  serviceSpecificCredentialId: r.service_specific_credential_id,
  serviceName: r.service_name,
  serviceUserName: r.service_user_name,
  status: r.status,
  createDate: fromMs(r.create_date),
});

export class SqliteServiceSpecificCreds implements ServiceSpecificCredRepository {
  constructor(private readonly ctx: TxContext) {}

  async create(c: ServiceSpecificCredential): Promise<ServiceSpecificCredentialMetadata> {
    const userRowid = requireRowid(this.ctx, 'user', c.accountId, c.userName);
    this.ctx.write(c.accountId, 'user', c.userName);
    this.ctx.insert(
      'service-specific credential',
      c.serviceSpecificCredentialId,
      c.accountId,
      `INSERT INTO service_specific_credentials (service_specific_credential_id, account_id, user_rowid, service_name,
         service_user_name, password_sealed, status, create_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      c.serviceSpecificCredentialId,
      c.accountId,
      userRowid,
      c.serviceName,
      c.serviceUserName,
      this.ctx.secrets.seal(c.servicePassword, sscAad(c.accountId, c.serviceSpecificCredentialId)),
      c.status,
      toMs(c.createDate),
    );
    return toSscMetadata(this.row(c.accountId, c.userName, c.serviceSpecificCredentialId)!);
  }

  async get(accountId: string, userName: string, id: string): Promise<ServiceSpecificCredential | undefined> {
    const row = this.row(accountId, userName, id);
    if (!row) return undefined;
    return { ...toSscMetadata(row), servicePassword: this.ctx.secrets.open(row.password_sealed, sscAad(accountId, id)) };
  }

  async list(accountId: string, userName: string, serviceName?: string): Promise<ServiceSpecificCredentialMetadata[]> {
    const userRowid = findRowid(this.ctx, 'user', accountId, userName);
    if (userRowid === undefined) return [];
    const service = serviceName ?? null;
    return this.ctx
      .all<ServiceCredRow>(
        `${SELECT_SSC} WHERE s.user_rowid = ? AND (? IS NULL OR s.service_name = ?) ORDER BY s.create_date, s.service_specific_credential_id`,
        userRowid,
        service,
        service,
      )
      .map(toSscMetadata);
  }

  async updateStatus(accountId: string, userName: string, id: string, status: StatusType): Promise<void> {
    const userRowid = requireRowid(this.ctx, 'user', accountId, userName);
    this.ctx.write(accountId, 'user', userName);
    const n = this.ctx.run(
      'UPDATE service_specific_credentials SET status = ? WHERE service_specific_credential_id = ? AND user_rowid = ?',
      status,
      id,
      userRowid,
    );
    if (n === 0) throw new StoreNotFoundError('service-specific credential', id);
  }

  async resetPassword(accountId: string, userName: string, id: string, servicePassword: string): Promise<void> {
    const userRowid = requireRowid(this.ctx, 'user', accountId, userName);
    this.ctx.write(accountId, 'user', userName);
    const n = this.ctx.run(
      'UPDATE service_specific_credentials SET password_sealed = ? WHERE service_specific_credential_id = ? AND user_rowid = ?',
      this.ctx.secrets.seal(servicePassword, sscAad(accountId, id)),
      id,
      userRowid,
    );
    if (n === 0) throw new StoreNotFoundError('service-specific credential', id);
  }

  async delete(accountId: string, userName: string, id: string): Promise<boolean> {
    const userRowid = findRowid(this.ctx, 'user', accountId, userName);
    if (userRowid === undefined) return false;
    this.ctx.write(accountId, 'user', userName);
    return this.ctx.run('DELETE FROM service_specific_credentials WHERE service_specific_credential_id = ? AND user_rowid = ?', id, userRowid) > 0;
  }

  private row(accountId: string, userName: string, id: string): ServiceCredRow | undefined {
    return this.ctx.get<ServiceCredRow>(
      `${SELECT_SSC} WHERE s.service_specific_credential_id = ? AND u.account_id = ? AND u.user_name = ?`,
      id,
      accountId,
      userName,
    );
  }
}
