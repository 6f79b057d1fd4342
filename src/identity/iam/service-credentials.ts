// Service-specific credentials: a user name and generated password an IAM user signs in to CodeCommit
// (Git over HTTPS) or Amazon Keyspaces with. The password is returned by Create and Reset only; the store
// seals it.
import { newUniqueId } from '../../arn/index.js';
import type { RandomBytes } from '../../arn/index.js';
import type { ServiceSpecificCredential, ServiceSpecificCredentialMetadata, StatusType, User } from '../../model/index.js';
import type { StoreTx } from '../../store/index.js';
import { ServiceError, limitExceeded, noSuchEntity } from '../errors.js';
import { requireUser } from './users.js';

/**
 * The services whose credentials are a user name and password. Bedrock and CloudWatch Logs API keys
 * (ServiceCredentialAlias/Secret, CredentialAgeDays, ExpirationDate) are not modelled yet.
 */
export const SUPPORTED_SERVICES: readonly string[] = ['codecommit.amazonaws.com', 'cassandra.amazonaws.com'];
export const MAX_CREDENTIALS_PER_USER_PER_SERVICE = 2;
/** 32 random bytes, base64: 44 characters, the length of AWS's generated passwords. */
const PASSWORD_BYTES = 32;

// LocalStack's snapshot-tested wording of AWS's messages.
const notSupported = (service: string): ServiceError =>
  new ServiceError('NotSupportedService', `No such service ${service} is supported for Service Specific Credentials`);
const credentialNotFound = (id: string): ServiceError => noSuchEntity(`No such credential ${id} exists`);

export function checkServiceName(serviceName: string): void {
  if (!SUPPORTED_SERVICES.includes(serviceName)) throw notSupported(serviceName);
}

const newPassword = (random: RandomBytes): string => Buffer.from(random(PASSWORD_BYTES)).toString('base64');

/**
 * `<user>-at-<account>`, as AWS documents; a second credential of the same service needs a distinct sign-in
 * name, so it gets `<user>+1-at-<account>` (the suffix AWS uses there is unconfirmed).
 */
function serviceUserName(user: User, taken: readonly ServiceSpecificCredentialMetadata[]): string {
  const names = new Set(taken.map((c) => c.serviceUserName.toLowerCase()));
  for (let n = 0; ; n++) {
    const candidate = `${user.userName}${n === 0 ? '' : `+${n}`}-at-${user.accountId}`;
    if (!names.has(candidate.toLowerCase())) return candidate;
  }
}

export interface NewServiceSpecificCredential {
  readonly accountId: string;
  readonly userName: string;
  readonly serviceName: string;
  readonly now: Date;
  readonly random: RandomBytes;
}

/** The new credential with its password: the only time the password is shown. */
export async function createServiceSpecificCredential(tx: StoreTx, input: NewServiceSpecificCredential): Promise<ServiceSpecificCredential> {
  const user = await requireUser(tx, input.accountId, input.userName);
  checkServiceName(input.serviceName);
  const existing = await tx.serviceSpecificCreds.list(input.accountId, user.userName, input.serviceName);
  if (existing.length >= MAX_CREDENTIALS_PER_USER_PER_SERVICE) {
    throw limitExceeded(`Cannot exceed quota for ServiceSpecificCredentialsPerUserPerService: ${MAX_CREDENTIALS_PER_USER_PER_SERVICE}`);
  }
  const credential: ServiceSpecificCredential = {
    accountId: input.accountId,
    userName: user.userName,
    serviceSpecificCredentialId: newUniqueId('ACCA', input.random),
    serviceName: input.serviceName,
    serviceUserName: serviceUserName(user, existing),
    servicePassword: newPassword(input.random),
    status: 'Active',
    createDate: input.now,
  };
  await tx.serviceSpecificCreds.create(credential);
  return credential;
}

async function requireCredential(tx: StoreTx, accountId: string, userName: string, id: string): Promise<ServiceSpecificCredential> {
  const user = await requireUser(tx, accountId, userName);
  const credential = await tx.serviceSpecificCreds.get(accountId, user.userName, id);
  if (!credential) throw credentialNotFound(id);
  return credential;
}

/** A new password replaces the old one at once; the credential with its new password is returned. */
export async function resetServiceSpecificCredential(
  tx: StoreTx,
  accountId: string,
  userName: string,
  id: string,
  random: RandomBytes,
): Promise<ServiceSpecificCredential> {
  const credential = await requireCredential(tx, accountId, userName, id);
  const servicePassword = newPassword(random);
  await tx.serviceSpecificCreds.resetPassword(accountId, credential.userName, id, servicePassword);
  return { ...credential, servicePassword };
}

export async function updateServiceSpecificCredential(
  tx: StoreTx,
  accountId: string,
  userName: string,
  id: string,
  status: StatusType,
): Promise<void> {
  const credential = await requireCredential(tx, accountId, userName, id);
  await tx.serviceSpecificCreds.updateStatus(accountId, credential.userName, id, status);
}

export async function deleteServiceSpecificCredential(tx: StoreTx, accountId: string, userName: string, id: string): Promise<void> {
  const credential = await requireCredential(tx, accountId, userName, id);
  await tx.serviceSpecificCreds.delete(accountId, credential.userName, id);
}

/** A user's credentials (or every user's, with `userName` undefined), optionally of one service; in creation order. */
export async function listServiceSpecificCredentials(
  tx: StoreTx,
  accountId: string,
  userName: string | undefined,
  serviceName?: string,
): Promise<ServiceSpecificCredentialMetadata[]> {
  if (serviceName !== undefined) checkServiceName(serviceName);
  if (userName !== undefined) {
    const user = await requireUser(tx, accountId, userName);
    return tx.serviceSpecificCreds.list(accountId, user.userName, serviceName);
  }
  const out: ServiceSpecificCredentialMetadata[] = [];
  for (const user of await tx.users.list(accountId)) {
    out.push(...(await tx.serviceSpecificCreds.list(accountId, user.userName, serviceName)));
  }
  return out;
}
