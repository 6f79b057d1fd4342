// Credentials besides access keys and passwords: virtual MFA devices, SSH public keys, signing certificates,
// server certificates and service-specific credentials. decode → authorize → identity service → encode.
// Resources follow AWS's authorization reference: the user for per-user credentials and for enabling MFA,
// the mfa ARN for the device itself, the server-certificate ARN; list actions without a resource type
// authorize on none.
import { iamArn } from '../../arn/index.js';
import { invalidInput, validationFailure } from '../../identity/errors.js';
import {
  createVirtualMfaDevice,
  deactivateMfaDevice,
  deleteVirtualMfaDevice,
  enableMfaDevice,
  findMfaDeviceTags,
  getMfaDevice,
  listMfaDeviceTags,
  listMfaDevices,
  listVirtualMfaDevices,
  mfaSerialNumber,
  resyncMfaDevice,
  tagMfaDevice,
  untagMfaDevice,
} from '../../identity/iam/mfa.js';
import {
  deleteServerCertificate,
  findServerCertificate,
  getServerCertificate,
  listServerCertificateTags,
  listServerCertificates,
  serverCertificateArn,
  tagServerCertificate,
  untagServerCertificate,
  updateServerCertificate,
  uploadServerCertificate,
} from '../../identity/iam/server-certs.js';
import {
  createServiceSpecificCredential,
  deleteServiceSpecificCredential,
  listServiceSpecificCredentials,
  resetServiceSpecificCredential,
  updateServiceSpecificCredential,
} from '../../identity/iam/service-credentials.js';
import {
  deleteSigningCertificate,
  listSigningCertificates,
  updateSigningCertificate,
  uploadSigningCertificate,
} from '../../identity/iam/signing-certs.js';
import {
  deleteSshPublicKey,
  getSshPublicKey,
  listSshPublicKeys,
  updateSshPublicKey,
  uploadSshPublicKey,
} from '../../identity/iam/ssh-keys.js';
import type { SshKeyEncoding } from '../../identity/iam/ssh-keys.js';
import { requestTagContext } from '../../identity/tags.js';
import type {
  MfaDevice,
  ServerCertificate,
  ServiceSpecificCredential,
  ServiceSpecificCredentialMetadata,
  SigningCertificate,
  SshPublicKey,
  StatusType,
} from '../../model/index.js';
import { checkString, memberName, validationError } from '../../protocol/index.js';
import type { QueryParams, StringOptions, XmlObject } from '../../protocol/index.js';
import { compareKeys, page, pageFields, pageOf, readPageRequest } from '../pagination.js';
import type { ActionContext, ActionHandler } from '../types.js';
import { pageAfter, readName, readPath, readPathPrefix, readTags } from './params.js';
import { optionalTags, tagHandlers } from './tagging.js';
import { authorizeOnUser, userXml } from './users.js';

// botocore constraints
const USER_NAME_MAX = 64;
const EXISTING_USER_NAME_MAX = 128;
const SERIAL_NUMBER: StringOptions = { min: 9, max: 256, pattern: '[\\w+=/:,.@-]+' };
const AUTH_CODE: StringOptions = { min: 6, max: 6, pattern: '[\\d]+' };
const MFA_NAME: StringOptions = { min: 1, pattern: '[\\w+=,.@-]+' };
const PUBLIC_KEY_ID: StringOptions = { min: 20, max: 128, pattern: '[\\w]+' };
const PUBLIC_KEY_BODY: StringOptions = { min: 1, max: 16384, pattern: '[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+' };
const CERTIFICATE_ID: StringOptions = { min: 24, max: 128, pattern: '[\\w]+' };
const CERTIFICATE_BODY: StringOptions = { min: 1, max: 16384, pattern: '[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+' };
const CERTIFICATE_CHAIN: StringOptions = { min: 1, max: 2097152, pattern: '[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+' };
const PRIVATE_KEY: StringOptions = { min: 1, max: 16384, pattern: '[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+' };
const SERVER_CERT_NAME_MAX = 128;
const CREDENTIAL_ID: StringOptions = { min: 20, max: 128, pattern: '[\\w]+' };
const NON_USER_MESSAGE = 'Must specify userName when calling with non-User credentials';

// ---- readers ------------------------------------------------------------------------------

function readEnum<T extends string>(q: QueryParams, name: string, values: readonly T[], required: true): T;
function readEnum<T extends string>(q: QueryParams, name: string, values: readonly T[], required: false): T | undefined;
function readEnum<T extends string>(q: QueryParams, name: string, values: readonly T[], required: boolean): T | undefined {
  const value = required ? q.string(name, { required: true }) : q.string(name);
  if (value === undefined) return undefined;
  if (!(values as readonly string[]).includes(value)) {
    throw validationError([{ value, member: memberName(name), constraint: `satisfy enum value set: [${values.join(', ')}]` }]);
  }
  return value as T;
}

/** `Status`: the model's enum includes `Expired`, which only AWS sets (on expiring API keys). */
function readStatus(q: QueryParams): StatusType {
  const status = readEnum(q, 'Status', ['Active', 'Inactive', 'Expired'] as const, true);
  if (status === 'Expired') throw invalidInput('The status Expired cannot be set.');
  return status;
}

/** A secret parameter (a private key): constraint errors never echo its value. */
function readSecret(q: QueryParams, name: string, opts: StringOptions): string {
  const value = q.get(name);
  if (value === undefined) return q.string(name, { required: true });
  const violations = checkString(value, memberName(name), opts);
  if (violations.length > 0) {
    const head = violations.length === 1 ? '1 validation error detected: ' : `${violations.length} validation errors detected: `;
    throw validationFailure(
      head + violations.map((v) => `Value at '${v.member}' failed to satisfy constraint: Member must ${v.constraint}`).join('; '),
    );
  }
  return value;
}

// ---- targets ------------------------------------------------------------------------------

/** The user an action with an optional UserName acts on: the named one, else the calling IAM user; root has none. */
type Owner = { readonly kind: 'user'; readonly userName: string } | { readonly kind: 'root' };

function ownerOf(ctx: ActionContext, userName: string | undefined): Owner {
  if (userName !== undefined) return { kind: 'user', userName };
  if (ctx.caller.kind === 'root') return { kind: 'root' };
  if (ctx.caller.kind === 'user' && ctx.caller.userName !== undefined) return { kind: 'user', userName: ctx.caller.userName };
  throw validationFailure(NON_USER_MESSAGE);
}

/** Authorizes on the owner (the user's ARN and tags, or root's ARN); returns the user name, if any. */
async function authorizeOnOwner(ctx: ActionContext, action: string, owner: Owner): Promise<string | undefined> {
  if (owner.kind === 'root') {
    await ctx.authorize({ action: `iam:${action}`, resource: ctx.caller.arn });
    return undefined;
  }
  await authorizeOnUser(ctx, action, owner.userName);
  return owner.userName;
}

/**
 * Credentials Castellan keeps per IAM user only (root's SSH keys and signing certificates are not modelled):
 * root must name a user.
 */
async function authorizeOnUserOwner(ctx: ActionContext, action: string, userName: string | undefined): Promise<string> {
  const owner = ownerOf(ctx, userName);
  if (owner.kind === 'root') throw validationFailure(NON_USER_MESSAGE);
  await authorizeOnUser(ctx, action, owner.userName);
  return owner.userName;
}

const readUserName = (q: QueryParams, required: boolean): string | undefined => readName(q, 'UserName', USER_NAME_MAX, required);
const readExistingUserName = (q: QueryParams, required: boolean): string | undefined =>
  readName(q, 'UserName', EXISTING_USER_NAME_MAX, required);

// ---- virtual MFA --------------------------------------------------------------------------

const readSerial = (q: QueryParams): string => q.string('SerialNumber', { ...SERIAL_NUMBER, required: true });

async function authorizeOnMfa(ctx: ActionContext, action: string, serialNumber: string, context?: Record<string, string | string[]>): Promise<void> {
  const tags = await findMfaDeviceTags(ctx.tx, ctx.accountId, serialNumber);
  await ctx.authorize({ action: `iam:${action}`, resource: serialNumber, ...(context !== undefined && { context }), resourceTags: tags ?? [] });
}

const mfaDeviceXml = (d: MfaDevice): XmlObject => ({ UserName: d.userName, SerialNumber: d.serialNumber, EnableDate: d.enableDate });

const CreateVirtualMFADevice: ActionHandler = {
  service: 'iam',
  action: 'CreateVirtualMFADevice',
  async handle(ctx) {
    const input = ctx.params.collect((q) => ({
      path: readPath(q),
      name: q.string('VirtualMFADeviceName', { ...MFA_NAME, required: true }),
      tags: readTags(q),
    }));
    const path = input.path ?? '/';
    await ctx.authorize({
      action: 'iam:CreateVirtualMFADevice',
      resource: mfaSerialNumber(ctx.partition, ctx.accountId, path, input.name),
      context: requestTagContext(input.tags),
    });
    const created = await createVirtualMfaDevice(ctx.tx, {
      accountId: ctx.accountId,
      partition: ctx.partition,
      path,
      name: input.name,
      ...(input.tags !== undefined && { tags: input.tags }),
      now: ctx.request.now,
      random: (n) => ctx.random(n),
    });
    // Both are blobs: base64 on the wire. The seed blob is the base32 text, as AWS returns it.
    return {
      VirtualMFADevice: {
        SerialNumber: created.device.serialNumber,
        Base32StringSeed: Buffer.from(created.base32StringSeed, 'ascii').toString('base64'),
        QRCodePNG: created.qrCodePng.toString('base64'),
        Tags: optionalTags(created.tags),
      },
    };
  },
};

/** EnableMFADevice and ResyncMFADevice take the same input (a user, a device, two consecutive codes). */
function mfaCodesHandler(action: 'EnableMFADevice' | 'ResyncMFADevice', run: typeof enableMfaDevice): ActionHandler {
  return {
    service: 'iam',
    action,
    async handle(ctx) {
      const input = ctx.params.collect((q) => ({
        userName: readExistingUserName(q, true) as string,
        serialNumber: readSerial(q),
        code1: q.string('AuthenticationCode1', { ...AUTH_CODE, required: true }),
        code2: q.string('AuthenticationCode2', { ...AUTH_CODE, required: true }),
      }));
      await authorizeOnUser(ctx, action, input.userName);
      await run(ctx.tx, {
        accountId: ctx.accountId,
        userName: input.userName,
        serialNumber: input.serialNumber,
        authenticationCode1: input.code1,
        authenticationCode2: input.code2,
        now: ctx.request.now,
      });
      return undefined;
    },
  };
}

const EnableMFADevice = mfaCodesHandler('EnableMFADevice', enableMfaDevice);
const ResyncMFADevice = mfaCodesHandler('ResyncMFADevice', resyncMfaDevice);

const DeactivateMFADevice: ActionHandler = {
  service: 'iam',
  action: 'DeactivateMFADevice',
  async handle(ctx) {
    const input = ctx.params.collect((q) => ({ userName: readExistingUserName(q, false), serialNumber: readSerial(q) }));
    // Without UserName, the resource is the user the device is enabled for (else the caller).
    let userName = input.userName;
    if (userName === undefined) userName = (await ctx.tx.mfaDevices.get(ctx.accountId, input.serialNumber))?.userName;
    await authorizeOnOwner(ctx, 'DeactivateMFADevice', ownerOf(ctx, userName));
    await deactivateMfaDevice(ctx.tx, ctx.accountId, input.serialNumber, input.userName);
    return undefined;
  },
};

const DeleteVirtualMFADevice: ActionHandler = {
  service: 'iam',
  action: 'DeleteVirtualMFADevice',
  async handle(ctx) {
    const serialNumber = ctx.params.collect(readSerial);
    await authorizeOnMfa(ctx, 'DeleteVirtualMFADevice', serialNumber);
    await deleteVirtualMfaDevice(ctx.tx, ctx.accountId, serialNumber);
    return undefined;
  },
};

const ListMFADevices: ActionHandler = {
  service: 'iam',
  action: 'ListMFADevices',
  readOnly: true,
  async handle(ctx) {
    const input = ctx.params.collect((q) => ({ userName: readExistingUserName(q, false), request: readPageRequest(q) }));
    const userName = await authorizeOnOwner(ctx, 'ListMFADevices', ownerOf(ctx, input.userName));
    // Root's own MFA devices are not modelled: root lists none.
    const devices = userName === undefined ? [] : await listMfaDevices(ctx.tx, ctx.accountId, userName);
    const sorted = [...devices].sort((a, b) => compareKeys(a.serialNumber, b.serialNumber));
    const p = pageOf(sorted, input.request, (d) => d.serialNumber);
    return { MFADevices: p.items.map(mfaDeviceXml), ...pageFields(p) };
  },
};

const ASSIGNMENT_STATUS = ['Assigned', 'Unassigned', 'Any'] as const;

const ListVirtualMFADevices: ActionHandler = {
  service: 'iam',
  action: 'ListVirtualMFADevices',
  readOnly: true,
  async handle(ctx) {
    const input = ctx.params.collect((q) => ({
      status: readEnum(q, 'AssignmentStatus', ASSIGNMENT_STATUS, false) ?? 'Any',
      request: readPageRequest(q),
    }));
    await ctx.authorize({ action: 'iam:ListVirtualMFADevices' });
    const listed = await listVirtualMfaDevices(ctx.tx, ctx.accountId, input.status);
    const sorted = [...listed].sort((a, b) => compareKeys(a.device.serialNumber, b.device.serialNumber));
    const p = pageOf(sorted, input.request, (l) => l.device.serialNumber);
    return {
      VirtualMFADevices: p.items.map((l) => ({
        SerialNumber: l.device.serialNumber,
        User: l.user === undefined ? undefined : userXml(l.user),
        EnableDate: l.device.enableDate,
      })),
      ...pageFields(p),
    };
  },
};

const GetMFADevice: ActionHandler = {
  service: 'iam',
  action: 'GetMFADevice',
  readOnly: true,
  async handle(ctx) {
    const input = ctx.params.collect((q) => ({ serialNumber: readSerial(q), userName: readUserName(q, false) }));
    let userName = input.userName;
    if (userName === undefined) userName = (await ctx.tx.mfaDevices.get(ctx.accountId, input.serialNumber))?.userName;
    await authorizeOnOwner(ctx, 'GetMFADevice', ownerOf(ctx, userName));
    const device = await getMfaDevice(ctx.tx, ctx.accountId, input.serialNumber, input.userName);
    return mfaDeviceXml(device);
  },
};

const mfaTagging = tagHandlers({
  entity: 'MFADevice',
  readId: readSerial,
  authorize: authorizeOnMfa,
  tag: tagMfaDevice,
  untag: untagMfaDevice,
  list: listMfaDeviceTags,
});

// ---- SSH public keys ----------------------------------------------------------------------

const sshKeyXml = (k: SshPublicKey): XmlObject => ({
  UserName: k.userName,
  SSHPublicKeyId: k.sshPublicKeyId,
  Fingerprint: k.fingerprint,
  SSHPublicKeyBody: k.sshPublicKeyBody,
  Status: k.status,
  UploadDate: k.uploadDate,
});

const readKeyId = (q: QueryParams): string => q.string('SSHPublicKeyId', { ...PUBLIC_KEY_ID, required: true });

const UploadSSHPublicKey: ActionHandler = {
  service: 'iam',
  action: 'UploadSSHPublicKey',
  async handle(ctx) {
    const input = ctx.params.collect((q) => ({
      userName: readUserName(q, true) as string,
      body: q.string('SSHPublicKeyBody', { ...PUBLIC_KEY_BODY, required: true }),
    }));
    await authorizeOnUser(ctx, 'UploadSSHPublicKey', input.userName);
    const key = await uploadSshPublicKey(ctx.tx, {
      accountId: ctx.accountId,
      userName: input.userName,
      body: input.body,
      now: ctx.request.now,
      random: (n) => ctx.random(n),
    });
    return { SSHPublicKey: sshKeyXml(key) };
  },
};

const GetSSHPublicKey: ActionHandler = {
  service: 'iam',
  action: 'GetSSHPublicKey',
  readOnly: true,
  async handle(ctx) {
    const input = ctx.params.collect((q) => ({
      userName: readUserName(q, true) as string,
      id: readKeyId(q),
      encoding: readEnum<SshKeyEncoding>(q, 'Encoding', ['SSH', 'PEM'], true),
    }));
    await authorizeOnUser(ctx, 'GetSSHPublicKey', input.userName);
    const key = await getSshPublicKey(ctx.tx, ctx.accountId, input.userName, input.id, input.encoding);
    return { SSHPublicKey: sshKeyXml(key) };
  },
};

const UpdateSSHPublicKey: ActionHandler = {
  service: 'iam',
  action: 'UpdateSSHPublicKey',
  async handle(ctx) {
    const input = ctx.params.collect((q) => ({ userName: readUserName(q, true) as string, id: readKeyId(q), status: readStatus(q) }));
    await authorizeOnUser(ctx, 'UpdateSSHPublicKey', input.userName);
    await updateSshPublicKey(ctx.tx, ctx.accountId, input.userName, input.id, input.status);
    return undefined;
  },
};

const DeleteSSHPublicKey: ActionHandler = {
  service: 'iam',
  action: 'DeleteSSHPublicKey',
  async handle(ctx) {
    const input = ctx.params.collect((q) => ({ userName: readUserName(q, true) as string, id: readKeyId(q) }));
    await authorizeOnUser(ctx, 'DeleteSSHPublicKey', input.userName);
    await deleteSshPublicKey(ctx.tx, ctx.accountId, input.userName, input.id);
    return undefined;
  },
};

const ListSSHPublicKeys: ActionHandler = {
  service: 'iam',
  action: 'ListSSHPublicKeys',
  readOnly: true,
  async handle(ctx) {
    const input = ctx.params.collect((q) => ({ userName: readUserName(q, false), request: readPageRequest(q) }));
    const userName = await authorizeOnOwner(ctx, 'ListSSHPublicKeys', ownerOf(ctx, input.userName));
    const keys = userName === undefined ? [] : await listSshPublicKeys(ctx.tx, ctx.accountId, userName);
    const p = pageAfter(keys, input.request, (k) => k.sshPublicKeyId);
    return {
      SSHPublicKeys: p.items.map((k) => ({ UserName: k.userName, SSHPublicKeyId: k.sshPublicKeyId, Status: k.status, UploadDate: k.uploadDate })),
      ...pageFields(p),
    };
  },
};

// ---- signing certificates -----------------------------------------------------------------

const signingCertXml = (c: SigningCertificate): XmlObject => ({
  UserName: c.userName,
  CertificateId: c.certificateId,
  CertificateBody: c.certificateBody,
  Status: c.status,
  UploadDate: c.uploadDate,
});

const readCertificateId = (q: QueryParams): string => q.string('CertificateId', { ...CERTIFICATE_ID, required: true });

const UploadSigningCertificate: ActionHandler = {
  service: 'iam',
  action: 'UploadSigningCertificate',
  async handle(ctx) {
    const input = ctx.params.collect((q) => ({
      userName: readExistingUserName(q, false),
      body: q.string('CertificateBody', { ...CERTIFICATE_BODY, required: true }),
    }));
    const userName = await authorizeOnUserOwner(ctx, 'UploadSigningCertificate', input.userName);
    const cert = await uploadSigningCertificate(ctx.tx, { accountId: ctx.accountId, userName, body: input.body, now: ctx.request.now });
    return { Certificate: signingCertXml(cert) };
  },
};

const UpdateSigningCertificate: ActionHandler = {
  service: 'iam',
  action: 'UpdateSigningCertificate',
  async handle(ctx) {
    const input = ctx.params.collect((q) => ({ userName: readExistingUserName(q, false), id: readCertificateId(q), status: readStatus(q) }));
    const userName = await authorizeOnUserOwner(ctx, 'UpdateSigningCertificate', input.userName);
    await updateSigningCertificate(ctx.tx, ctx.accountId, userName, input.id, input.status);
    return undefined;
  },
};

const DeleteSigningCertificate: ActionHandler = {
  service: 'iam',
  action: 'DeleteSigningCertificate',
  async handle(ctx) {
    const input = ctx.params.collect((q) => ({ userName: readExistingUserName(q, false), id: readCertificateId(q) }));
    const userName = await authorizeOnUserOwner(ctx, 'DeleteSigningCertificate', input.userName);
    await deleteSigningCertificate(ctx.tx, ctx.accountId, userName, input.id);
    return undefined;
  },
};

const ListSigningCertificates: ActionHandler = {
  service: 'iam',
  action: 'ListSigningCertificates',
  readOnly: true,
  async handle(ctx) {
    const input = ctx.params.collect((q) => ({ userName: readExistingUserName(q, false), request: readPageRequest(q) }));
    const userName = await authorizeOnOwner(ctx, 'ListSigningCertificates', ownerOf(ctx, input.userName));
    const certs = userName === undefined ? [] : await listSigningCertificates(ctx.tx, ctx.accountId, userName);
    const p = pageAfter(certs, input.request, (c) => c.certificateId);
    return { Certificates: p.items.map(signingCertXml), ...pageFields(p) };
  },
};

// ---- server certificates ------------------------------------------------------------------

const serverCertMetadataXml = (c: ServerCertificate): XmlObject => ({
  Path: c.path,
  ServerCertificateName: c.serverCertificateName,
  ServerCertificateId: c.serverCertificateId,
  Arn: c.arn,
  UploadDate: c.uploadDate,
  Expiration: c.expiration,
});

const readServerCertName = (q: QueryParams, name = 'ServerCertificateName', required = true): string | undefined =>
  readName(q, name, SERVER_CERT_NAME_MAX, required);

/** Authorizes on the certificate's ARN (with path) and tags when it exists, else the ARN its name would have at `/`. */
async function authorizeOnServerCert(
  ctx: ActionContext,
  action: string,
  name: string,
  context?: Record<string, string | string[]>,
): Promise<ServerCertificate | undefined> {
  const found = await findServerCertificate(ctx.tx, ctx.accountId, name);
  await ctx.authorize({
    action: `iam:${action}`,
    resource: found?.certificate.arn ?? serverCertificateArn(ctx.partition, ctx.accountId, '/', name),
    ...(context !== undefined && { context }),
    resourceTags: found?.tags ?? [],
  });
  return found?.certificate;
}

const UploadServerCertificate: ActionHandler = {
  service: 'iam',
  action: 'UploadServerCertificate',
  async handle(ctx) {
    const input = ctx.params.collect((q) => ({
      path: readPath(q),
      name: readServerCertName(q) as string,
      body: q.string('CertificateBody', { ...CERTIFICATE_BODY, required: true }),
      privateKey: readSecret(q, 'PrivateKey', PRIVATE_KEY),
      chain: q.string('CertificateChain', CERTIFICATE_CHAIN),
      tags: readTags(q),
    }));
    const path = input.path ?? '/';
    await ctx.authorize({
      action: 'iam:UploadServerCertificate',
      resource: serverCertificateArn(ctx.partition, ctx.accountId, path, input.name),
      context: requestTagContext(input.tags),
    });
    const { certificate, tags } = await uploadServerCertificate(ctx.tx, {
      accountId: ctx.accountId,
      partition: ctx.partition,
      name: input.name,
      path,
      certificateBody: input.body,
      privateKey: input.privateKey,
      ...(input.chain !== undefined && { certificateChain: input.chain }),
      ...(input.tags !== undefined && { tags: input.tags }),
      now: ctx.request.now,
      random: (n) => ctx.random(n),
    });
    return { ServerCertificateMetadata: serverCertMetadataXml(certificate), Tags: optionalTags(tags) };
  },
};

const GetServerCertificate: ActionHandler = {
  service: 'iam',
  action: 'GetServerCertificate',
  readOnly: true,
  async handle(ctx) {
    const name = ctx.params.collect((q) => readServerCertName(q) as string);
    await authorizeOnServerCert(ctx, 'GetServerCertificate', name);
    const { certificate, tags } = await getServerCertificate(ctx.tx, ctx.accountId, name);
    return {
      ServerCertificate: {
        ServerCertificateMetadata: serverCertMetadataXml(certificate),
        CertificateBody: certificate.certificateBody,
        CertificateChain: certificate.certificateChain,
        Tags: optionalTags(tags),
      },
    };
  },
};

const UpdateServerCertificate: ActionHandler = {
  service: 'iam',
  action: 'UpdateServerCertificate',
  async handle(ctx) {
    const input = ctx.params.collect((q) => ({
      name: readServerCertName(q) as string,
      newPath: readPath(q, 'NewPath'),
      newName: readServerCertName(q, 'NewServerCertificateName', false),
    }));
    const cert = await authorizeOnServerCert(ctx, 'UpdateServerCertificate', input.name);
    // Renaming or moving needs permission on the new ARN too (IAM API reference, UpdateServerCertificate).
    if (cert !== undefined && (input.newName !== undefined || input.newPath !== undefined)) {
      await ctx.authorize({
        action: 'iam:UpdateServerCertificate',
        resource: iamArn(ctx.partition, ctx.accountId, 'server-certificate', input.newPath ?? cert.path, input.newName ?? cert.serverCertificateName),
      });
    }
    await updateServerCertificate(ctx.tx, ctx.accountId, input.name, {
      ...(input.newName !== undefined && { newName: input.newName }),
      ...(input.newPath !== undefined && { newPath: input.newPath }),
    });
    return undefined;
  },
};

const DeleteServerCertificate: ActionHandler = {
  service: 'iam',
  action: 'DeleteServerCertificate',
  async handle(ctx) {
    const name = ctx.params.collect((q) => readServerCertName(q) as string);
    await authorizeOnServerCert(ctx, 'DeleteServerCertificate', name);
    await deleteServerCertificate(ctx.tx, ctx.accountId, name);
    return undefined;
  },
};

const ListServerCertificates: ActionHandler = {
  service: 'iam',
  action: 'ListServerCertificates',
  readOnly: true,
  async handle(ctx) {
    const input = ctx.params.collect((q) => ({ pathPrefix: readPathPrefix(q), request: readPageRequest(q) }));
    await ctx.authorize({ action: 'iam:ListServerCertificates' });
    const certs = await listServerCertificates(ctx.tx, ctx.accountId, {
      ...(input.pathPrefix !== undefined && { pathPrefix: input.pathPrefix }),
      ...(input.request.after !== undefined && { after: input.request.after }),
      limit: input.request.maxItems + 1,
    });
    const p = page(certs, input.request, (c) => c.serverCertificateName);
    return { ServerCertificateMetadataList: p.items.map(serverCertMetadataXml), ...pageFields(p) };
  },
};

const serverCertificateTagging = tagHandlers({
  entity: 'ServerCertificate',
  readId: (q) => readServerCertName(q) as string,
  authorize: authorizeOnServerCert,
  tag: tagServerCertificate,
  untag: untagServerCertificate,
  list: listServerCertificateTags,
});

// ---- service-specific credentials ---------------------------------------------------------

/** Element order of botocore's `ServiceSpecificCredential`; the password only from Create and Reset. */
const credentialXml = (c: ServiceSpecificCredential): XmlObject => ({
  CreateDate: c.createDate,
  ServiceName: c.serviceName,
  ServiceUserName: c.serviceUserName,
  ServicePassword: c.servicePassword,
  ServiceSpecificCredentialId: c.serviceSpecificCredentialId,
  UserName: c.userName,
  Status: c.status,
});

const credentialMetadataXml = (c: ServiceSpecificCredentialMetadata): XmlObject => ({
  UserName: c.userName,
  Status: c.status,
  ServiceUserName: c.serviceUserName,
  CreateDate: c.createDate,
  ServiceSpecificCredentialId: c.serviceSpecificCredentialId,
  ServiceName: c.serviceName,
});

const readCredentialId = (q: QueryParams): string => q.string('ServiceSpecificCredentialId', { ...CREDENTIAL_ID, required: true });

const CreateServiceSpecificCredential: ActionHandler = {
  service: 'iam',
  action: 'CreateServiceSpecificCredential',
  async handle(ctx) {
    const input = ctx.params.collect((q) => ({
      userName: readUserName(q, true) as string,
      serviceName: q.string('ServiceName', { required: true }),
      // Only Bedrock/CloudWatch Logs API keys expire; the range is checked, the value has no effect here.
      credentialAgeDays: q.int('CredentialAgeDays', { min: 1, max: 36600 }),
    }));
    await authorizeOnUser(ctx, 'CreateServiceSpecificCredential', input.userName);
    const credential = await createServiceSpecificCredential(ctx.tx, {
      accountId: ctx.accountId,
      userName: input.userName,
      serviceName: input.serviceName,
      now: ctx.request.now,
      random: (n) => ctx.random(n),
    });
    return { ServiceSpecificCredential: credentialXml(credential) };
  },
};

const ListServiceSpecificCredentials: ActionHandler = {
  service: 'iam',
  action: 'ListServiceSpecificCredentials',
  readOnly: true,
  async handle(ctx) {
    const input = ctx.params.collect((q) => ({
      userName: readUserName(q, false),
      serviceName: q.string('ServiceName'),
      allUsers: q.bool('AllUsers'),
      request: readPageRequest(q),
    }));
    let userName: string | undefined;
    if (input.allUsers === true && input.userName === undefined) {
      await ctx.authorize({ action: 'iam:ListServiceSpecificCredentials', resource: iamArn(ctx.partition, ctx.accountId, 'user', '/', '*') });
    } else {
      userName = await authorizeOnOwner(ctx, 'ListServiceSpecificCredentials', ownerOf(ctx, input.userName));
      if (userName === undefined) return { ServiceSpecificCredentials: [], IsTruncated: false };
    }
    const creds = await listServiceSpecificCredentials(ctx.tx, ctx.accountId, userName, input.serviceName);
    const p = pageAfter(creds, input.request, (c) => c.serviceSpecificCredentialId);
    return { ServiceSpecificCredentials: p.items.map(credentialMetadataXml), ...pageFields(p) };
  },
};

const UpdateServiceSpecificCredential: ActionHandler = {
  service: 'iam',
  action: 'UpdateServiceSpecificCredential',
  async handle(ctx) {
    const input = ctx.params.collect((q) => ({ userName: readUserName(q, false), id: readCredentialId(q), status: readStatus(q) }));
    const userName = await authorizeOnUserOwner(ctx, 'UpdateServiceSpecificCredential', input.userName);
    await updateServiceSpecificCredential(ctx.tx, ctx.accountId, userName, input.id, input.status);
    return undefined;
  },
};

const ResetServiceSpecificCredential: ActionHandler = {
  service: 'iam',
  action: 'ResetServiceSpecificCredential',
  async handle(ctx) {
    const input = ctx.params.collect((q) => ({ userName: readUserName(q, false), id: readCredentialId(q) }));
    const userName = await authorizeOnUserOwner(ctx, 'ResetServiceSpecificCredential', input.userName);
    const credential = await resetServiceSpecificCredential(ctx.tx, ctx.accountId, userName, input.id, (n) => ctx.random(n));
    return { ServiceSpecificCredential: credentialXml(credential) };
  },
};

const DeleteServiceSpecificCredential: ActionHandler = {
  service: 'iam',
  action: 'DeleteServiceSpecificCredential',
  async handle(ctx) {
    const input = ctx.params.collect((q) => ({ userName: readUserName(q, false), id: readCredentialId(q) }));
    const userName = await authorizeOnUserOwner(ctx, 'DeleteServiceSpecificCredential', input.userName);
    await deleteServiceSpecificCredential(ctx.tx, ctx.accountId, userName, input.id);
    return undefined;
  },
};

export const handlers: readonly ActionHandler[] = [
  CreateVirtualMFADevice,
  EnableMFADevice,
  ResyncMFADevice,
  DeactivateMFADevice,
  DeleteVirtualMFADevice,
  ListMFADevices,
  ListVirtualMFADevices,
  GetMFADevice,
  ...mfaTagging,
  UploadSSHPublicKey,
  GetSSHPublicKey,
  UpdateSSHPublicKey,
  DeleteSSHPublicKey,
  ListSSHPublicKeys,
  UploadSigningCertificate,
  UpdateSigningCertificate,
  DeleteSigningCertificate,
  ListSigningCertificates,
  UploadServerCertificate,
  GetServerCertificate,
  UpdateServerCertificate,
  DeleteServerCertificate,
  ListServerCertificates,
  ...serverCertificateTagging,
  CreateServiceSpecificCredential,
  ListServiceSpecificCredentials,
  UpdateServiceSpecificCredential,
  ResetServiceSpecificCredential,
  DeleteServiceSpecificCredential,
];
