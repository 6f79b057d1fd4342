// X.509 signing certificates of IAM users (for SOAP-era services): at most two per user, each certificate
// at most once in the account.
import { X509Certificate, createHash } from 'node:crypto';
import type { SigningCertificate, StatusType } from '../../model/index.js';
import { StoreConflictError } from '../../store/index.js';
import type { StoreTx } from '../../store/index.js';
import { ServiceError, limitExceeded, noSuchEntity } from '../errors.js';
import { requireUser } from './users.js';

export const MAX_SIGNING_CERTIFICATES_PER_USER = 2;

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

// AWS's message for an unparseable certificate body (shared with UploadServerCertificate).
export const malformedCertificate = (): ServiceError =>
  new ServiceError('MalformedCertificate', 'Unable to parse certificate. Please ensure the certificate is in PEM format.');
const certNotFound = (id: string): ServiceError => noSuchEntity(`The Certificate with id ${id} cannot be found.`);

/** Parses one PEM certificate (the body must be exactly one certificate). */
export function parseCertificate(body: string): X509Certificate {
  const text = body.trim();
  const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length !== 1 || blocks[0] !== text) throw malformedCertificate();
  try {
    return new X509Certificate(text);
  } catch {
    throw malformedCertificate();
  }
}

/**
 * The certificate id: 32 base32 characters of SHA-256 over the account and the certificate's DER. Being a
 * function of the certificate, the store's unique id rejects the same certificate twice in an account.
 */
export function signingCertificateId(accountId: string, cert: X509Certificate): string {
  const digest = createHash('sha256').update(accountId).update(':').update(cert.raw).digest();
  let out = '';
  for (let i = 0; i < 32; i++) out += BASE32[(digest[i] ?? 0) & 31];
  return out;
}


export interface NewSigningCertificate {
  readonly accountId: string;
  readonly userName: string;
  readonly body: string;
  readonly now: Date;
}

export async function uploadSigningCertificate(tx: StoreTx, input: NewSigningCertificate): Promise<SigningCertificate> {
  const user = await requireUser(tx, input.accountId, input.userName);
  const cert = parseCertificate(input.body);
  const now = input.now.getTime();
  if (Date.parse(cert.validTo) < now || Date.parse(cert.validFrom) > now) {
    // Wording unconfirmed: AWS documents InvalidCertificate for certificates it cannot accept.
    throw new ServiceError('InvalidCertificate', 'The certificate is not valid at this time: check its validity dates.');
  }
  if ((await tx.signingCerts.list(input.accountId, user.userName)).length >= MAX_SIGNING_CERTIFICATES_PER_USER) {
    // AWS names this quota CertificatesPerUser (recorded from AWS in LocalStack's test_iam_signing_certificates.snapshot.json).
    throw limitExceeded(`Cannot exceed quota for CertificatesPerUser: ${MAX_SIGNING_CERTIFICATES_PER_USER}`);
  }
  try {
    return await tx.signingCerts.create({
      accountId: input.accountId,
      userName: user.userName,
      certificateId: signingCertificateId(input.accountId, cert),
      certificateBody: input.body,
      status: 'Active',
      uploadDate: input.now,
    });
  } catch (err) {
    if (err instanceof StoreConflictError) {
      throw new ServiceError('DuplicateCertificate', 'The same certificate is already associated with an IAM user in the account.');
    }
    throw err;
  }
}

async function requireCert(tx: StoreTx, accountId: string, userName: string, id: string): Promise<SigningCertificate> {
  const user = await requireUser(tx, accountId, userName);
  const cert = await tx.signingCerts.get(accountId, user.userName, id);
  if (!cert) throw certNotFound(id);
  return cert;
}

export async function updateSigningCertificate(tx: StoreTx, accountId: string, userName: string, id: string, status: StatusType): Promise<void> {
  const cert = await requireCert(tx, accountId, userName, id);
  await tx.signingCerts.updateStatus(accountId, cert.userName, id, status);
}

export async function deleteSigningCertificate(tx: StoreTx, accountId: string, userName: string, id: string): Promise<void> {
  const cert = await requireCert(tx, accountId, userName, id);
  await tx.signingCerts.delete(accountId, cert.userName, id);
}

/** In upload order. */
export async function listSigningCertificates(tx: StoreTx, accountId: string, userName: string): Promise<SigningCertificate[]> {
  const user = await requireUser(tx, accountId, userName);
  return tx.signingCerts.list(accountId, user.userName);
}
