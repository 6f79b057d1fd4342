// Server certificates. The private key is sealed and only `getPrivateKey` returns it.
import type { ServerCertificate } from '../../../model/index.js';
import { StoreNotFoundError } from '../../errors.js';
import type { ListOptions, ServerCertRepository, ServerCertUpdate } from '../../repositories.js';
import { fromMs, optional, optionalDate, rewriteArnSuffix, toMs } from '../context.js';
import type { TxContext } from '../context.js';
import { pageClause, pageParams } from './paging.js';

interface CertRow {
  account_id: string;
  server_certificate_name: string;
  server_certificate_id: string;
  path: string;
  arn: string;
  certificate_body: string;
  certificate_chain: string | null;
  upload_date: number;
  expiration: number | null;
}

const SELECT_CERT = `SELECT c.account_id, c.server_certificate_name, c.server_certificate_id, c.path, c.arn,
  c.certificate_body, c.certificate_chain, c.upload_date, c.expiration FROM server_certificates c`;

/** Bound to the certificate id, which survives renames. */
const aad = (accountId: string, id: string): string => `server_certificates:${accountId}:${id}`;

function toCert(r: CertRow): ServerCertificate {
  const certificateChain = optional(r.certificate_chain);
  const expiration = optionalDate(r.expiration);
  return {
    accountId: r.account_id,
    serverCertificateName: r.server_certificate_name,
    serverCertificateId: r.server_certificate_id,
    path: r.path,
    arn: r.arn,
    certificateBody: r.certificate_body,
    ...(certificateChain !== undefined && { certificateChain }),
    uploadDate: fromMs(r.upload_date),
    ...(expiration !== undefined && { expiration }),
  };
}

export class SqliteServerCerts implements ServerCertRepository {
  constructor(private readonly ctx: TxContext) {}

  async create(c: ServerCertificate, privateKey: string): Promise<ServerCertificate> {
    this.ctx.write(c.accountId, 'serverCertificate', c.serverCertificateName);
    this.ctx.insert(
      'server certificate',
      c.serverCertificateName,
      c.accountId,
      `INSERT INTO server_certificates (account_id, server_certificate_name, server_certificate_id, path, arn,
         certificate_body, certificate_chain, private_key_sealed, upload_date, expiration) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      c.accountId,
      c.serverCertificateName,
      c.serverCertificateId,
      c.path,
      c.arn,
      c.certificateBody,
      c.certificateChain ?? null,
      this.ctx.secrets.seal(privateKey, aad(c.accountId, c.serverCertificateId)),
      toMs(c.uploadDate),
      c.expiration ? toMs(c.expiration) : null,
    );
    return (await this.get(c.accountId, c.serverCertificateName))!;
  }

  async get(accountId: string, name: string): Promise<ServerCertificate | undefined> {
    const row = this.ctx.get<CertRow>(`${SELECT_CERT} WHERE c.account_id = ? AND c.server_certificate_name = ?`, accountId, name);
    return row && toCert(row);
  }

  async getPrivateKey(accountId: string, name: string): Promise<string | undefined> {
    const row = this.ctx.get<{ id: string; sealed: string }>(
      `SELECT server_certificate_id AS id, private_key_sealed AS sealed FROM server_certificates
       WHERE account_id = ? AND server_certificate_name = ?`,
      accountId,
      name,
    );
    return row && this.ctx.secrets.open(row.sealed, aad(accountId, row.id));
  }

  async list(accountId: string, options?: ListOptions): Promise<ServerCertificate[]> {
    return this.ctx
      .all<CertRow>(`${SELECT_CERT} WHERE c.account_id = ? ${pageClause('c.server_certificate_name', 'c.path')}`, accountId, ...pageParams(options))
      .map(toCert);
  }

  async update(accountId: string, name: string, update: ServerCertUpdate): Promise<ServerCertificate> {
    const cert = await this.get(accountId, name);
    if (!cert) throw new StoreNotFoundError('server certificate', name);
    const newName = update.newServerCertificateName ?? cert.serverCertificateName;
    const newPath = update.newPath ?? cert.path;
    this.ctx.write(accountId, 'serverCertificate', cert.serverCertificateName);
    this.ctx.write(accountId, 'serverCertificate', newName);
    this.ctx.insert(
      'server certificate',
      newName,
      accountId,
      'UPDATE server_certificates SET server_certificate_name = ?, path = ?, arn = ? WHERE account_id = ? AND server_certificate_name = ?',
      newName,
      newPath,
      rewriteArnSuffix(cert.arn, cert.path + cert.serverCertificateName, newPath + newName),
      accountId,
      name,
    );
    return (await this.get(accountId, newName))!;
  }

  async delete(accountId: string, name: string): Promise<boolean> {
    this.ctx.write(accountId, 'serverCertificate', name);
    return this.ctx.run('DELETE FROM server_certificates WHERE account_id = ? AND server_certificate_name = ?', accountId, name) > 0;
  }
}
