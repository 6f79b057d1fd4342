// Server certificates (for load balancers and CloudFront): a certificate, its chain and its private key,
// which must belong to the certificate. The store seals the private key; nothing here returns it.
import { X509Certificate, createPrivateKey, createPublicKey } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { iamArn, newUniqueId } from '../../arn/index.js';
import type { RandomBytes } from '../../arn/index.js';
import type { ServerCertificate, Tag } from '../../model/index.js';
import { StoreConflictError } from '../../store/index.js';
import type { ListOptions, StoreTx, TagTarget } from '../../store/index.js';
import { ServiceError, entityAlreadyExists, limitExceeded, noSuchEntity } from '../errors.js';
import { checkTags } from '../tags.js';
import { parseCertificate } from './signing-certs.js';

/** AWS's default ServerCertificatesPerAccount quota. */
export const MAX_SERVER_CERTIFICATES = 20;

export interface ServerCertificateWithTags {
  readonly certificate: ServerCertificate;
  readonly tags: Tag[];
}

const notFound = (name: string): ServiceError => noSuchEntity(`The Server Certificate with name ${name} cannot be found.`);
const exists = (name: string): ServiceError => entityAlreadyExists(`The Server Certificate with name ${name} already exists.`);
// The code is AWS's; the key's message is unconfirmed.
const malformedKey = (): ServiceError => new ServiceError('MalformedCertificate', 'Unable to parse private key. Please ensure the key is in PEM format.');
// AWS's answer to a chain it cannot use (aws-cli#715); AWS now appends "The index within the chain of the
// invalid certificate is: <n>" (mprahl/ansible-role-lets-encrypt-route-53#52), left out: we cannot know AWS's n.
const malformedChain = (): ServiceError =>
  new ServiceError(
    'MalformedCertificate',
    'Unable to validate certificate chain. The certificate chain must start with the immediate signing certificate, followed by any intermediaries in order.',
  );

const tagTarget = (accountId: string, name: string): TagTarget => ({ kind: 'serverCertificate', accountId, name });

export function serverCertificateArn(partition: string, accountId: string, path: string, name: string): string {
  return iamArn(partition, accountId, 'server-certificate', path, name);
}

function parsePrivateKey(pem: string): KeyObject {
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem)) throw malformedKey();
  try {
    return createPrivateKey({ key: pem, format: 'pem' });
  } catch {
    throw malformedKey();
  }
}

function parseChain(chain: string): void {
  const blocks = chain.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) throw malformedChain();
  for (const block of blocks) {
    try {
      new X509Certificate(block);
    } catch {
      throw malformedChain();
    }
  }
}

/** Whether the private key is the certificate's: their public halves are the same SubjectPublicKeyInfo. */
function keyMatches(cert: X509Certificate, key: KeyObject): boolean {
  const fromKey = createPublicKey(key).export({ type: 'spki', format: 'der' });
  const fromCert = cert.publicKey.export({ type: 'spki', format: 'der' });
  return fromKey.equals(fromCert);
}

export interface NewServerCertificate {
  readonly accountId: string;
  readonly partition: string;
  readonly name: string;
  readonly path: string;
  readonly certificateBody: string;
  readonly privateKey: string;
  readonly certificateChain?: string;
  readonly tags?: readonly Tag[];
  readonly now: Date;
  readonly random: RandomBytes;
}

export async function uploadServerCertificate(tx: StoreTx, input: NewServerCertificate): Promise<ServerCertificateWithTags> {
  const cert = parseCertificate(input.certificateBody);
  const key = parsePrivateKey(input.privateKey);
  if (!keyMatches(cert, key)) {
    throw new ServiceError('KeyPairMismatch', 'The public key certificate and the private key do not match.');
  }
  if (input.certificateChain !== undefined) parseChain(input.certificateChain);
  const tags = input.tags ?? [];
  checkTags(tags);
  if (await tx.serverCerts.get(input.accountId, input.name)) throw exists(input.name);
  if ((await tx.serverCerts.list(input.accountId)).length >= MAX_SERVER_CERTIFICATES) {
    throw limitExceeded(`Cannot exceed quota for ServerCertificatesPerAccount: ${MAX_SERVER_CERTIFICATES}`);
  }
  let certificate: ServerCertificate;
  try {
    certificate = await tx.serverCerts.create(
      {
        accountId: input.accountId,
        serverCertificateName: input.name,
        serverCertificateId: newUniqueId('ASCA', input.random),
        path: input.path,
        arn: serverCertificateArn(input.partition, input.accountId, input.path, input.name),
        certificateBody: input.certificateBody,
        ...(input.certificateChain !== undefined && { certificateChain: input.certificateChain }),
        uploadDate: input.now,
        expiration: new Date(cert.validTo),
      },
      input.privateKey,
    );
  } catch (err) {
    if (err instanceof StoreConflictError) throw exists(input.name);
    throw err;
  }
  if (tags.length > 0) await tx.tags.set(tagTarget(input.accountId, certificate.serverCertificateName), tags);
  return { certificate, tags: [...tags] };
}

async function requireCert(tx: StoreTx, accountId: string, name: string): Promise<ServerCertificate> {
  const cert = await tx.serverCerts.get(accountId, name);
  if (!cert) throw notFound(name);
  return cert;
}

/** The certificate and its tags, or undefined (for authorization, before the existence check). */
export async function findServerCertificate(tx: StoreTx, accountId: string, name: string): Promise<ServerCertificateWithTags | undefined> {
  const certificate = await tx.serverCerts.get(accountId, name);
  if (!certificate) return undefined;
  return { certificate, tags: await tx.tags.list(tagTarget(accountId, certificate.serverCertificateName)) };
}

export async function getServerCertificate(tx: StoreTx, accountId: string, name: string): Promise<ServerCertificateWithTags> {
  const certificate = await requireCert(tx, accountId, name);
  return { certificate, tags: await tx.tags.list(tagTarget(accountId, certificate.serverCertificateName)) };
}

/** Renames and/or moves a certificate; its id, body and key stay. */
export async function updateServerCertificate(
  tx: StoreTx,
  accountId: string,
  name: string,
  update: { newName?: string; newPath?: string },
): Promise<ServerCertificate> {
  const cert = await requireCert(tx, accountId, name);
  const renamed = update.newName !== undefined && update.newName !== cert.serverCertificateName;
  if (renamed && update.newName!.toLowerCase() !== cert.serverCertificateName.toLowerCase()) {
    if (await tx.serverCerts.get(accountId, update.newName!)) throw exists(update.newName!);
  }
  if (!renamed && (update.newPath === undefined || update.newPath === cert.path)) return cert;
  try {
    return await tx.serverCerts.update(accountId, cert.serverCertificateName, {
      ...(renamed && { newServerCertificateName: update.newName }),
      ...(update.newPath !== undefined && { newPath: update.newPath }),
    });
  } catch (err) {
    if (err instanceof StoreConflictError) throw exists(update.newName ?? name);
    throw err;
  }
}

export async function deleteServerCertificate(tx: StoreTx, accountId: string, name: string): Promise<void> {
  const cert = await requireCert(tx, accountId, name);
  await tx.serverCerts.delete(accountId, cert.serverCertificateName);
}

/** Ordered by name (case-insensitively); `options` is the store's keyset page. */
export async function listServerCertificates(tx: StoreTx, accountId: string, options?: ListOptions): Promise<ServerCertificate[]> {
  return tx.serverCerts.list(accountId, options);
}

export async function tagServerCertificate(tx: StoreTx, accountId: string, name: string, tags: readonly Tag[]): Promise<void> {
  const cert = await requireCert(tx, accountId, name);
  const target = tagTarget(accountId, cert.serverCertificateName);
  checkTags(tags, await tx.tags.list(target));
  await tx.tags.set(target, tags);
}

export async function untagServerCertificate(tx: StoreTx, accountId: string, name: string, keys: readonly string[]): Promise<void> {
  const cert = await requireCert(tx, accountId, name);
  await tx.tags.remove(tagTarget(accountId, cert.serverCertificateName), keys);
}

export async function listServerCertificateTags(tx: StoreTx, accountId: string, name: string): Promise<Tag[]> {
  const cert = await requireCert(tx, accountId, name);
  return tx.tags.list(tagTarget(accountId, cert.serverCertificateName));
}
