// Credentials of users and root. Secret fields exist only in memory: the store keeps them encrypted.
import type { StatusType } from './common.js';

export interface AccessKeyLastUsed {
  date: Date;
  service: string;
  region: string;
}

/** An access key as listed (AWS's `AccessKeyMetadata`): no secret. */
export interface AccessKeyMetadata {
  accountId: string;
  /** `AKIA…` */
  accessKeyId: string;
  /** The owning user; absent for the account's root. */
  userName?: string;
  status: StatusType;
  createDate: Date;
  lastUsed?: AccessKeyLastUsed;
}

export interface AccessKey extends AccessKeyMetadata {
  secretAccessKey: string;
}

export interface LoginProfile {
  accountId: string;
  userName: string;
  createDate: Date;
  passwordResetRequired: boolean;
  /** A password hash (scrypt, encoded by the identity layer), never the password. */
  passwordHash: string;
}

/** A virtual MFA device as listed: no seed. */
export interface MfaDevice {
  accountId: string;
  /** The device ARN, `arn:aws:iam::A:mfa{path}{name}`. */
  serialNumber: string;
  path: string;
  name: string;
  /** The user the device is enabled for, if any. */
  userName?: string;
  enableDate?: Date;
  createDate: Date;
}

export interface VirtualMfaDevice extends MfaDevice {
  /** The TOTP seed, base32. */
  base32StringSeed: string;
}

export interface SshPublicKey {
  accountId: string;
  userName: string;
  /** `APKA…` */
  sshPublicKeyId: string;
  fingerprint: string;
  sshPublicKeyBody: string;
  status: StatusType;
  uploadDate: Date;
}

export interface SigningCertificate {
  accountId: string;
  userName: string;
  certificateId: string;
  certificateBody: string;
  status: StatusType;
  uploadDate: Date;
}

export interface ServerCertificate {
  accountId: string;
  serverCertificateName: string;
  /** `ASCA…` */
  serverCertificateId: string;
  path: string;
  arn: string;
  certificateBody: string;
  certificateChain?: string;
  uploadDate: Date;
  expiration?: Date;
}

/** A service-specific credential as listed: no password. */
export interface ServiceSpecificCredentialMetadata {
  accountId: string;
  userName: string;
  /** `ACCA…` */
  serviceSpecificCredentialId: string;
  serviceName: string;
  serviceUserName: string;
  status: StatusType;
  createDate: Date;
}

export interface ServiceSpecificCredential extends ServiceSpecificCredentialMetadata {
  servicePassword: string;
}
