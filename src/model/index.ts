// Public face of the model: plain entity types in AWS's vocabulary, no behaviour beyond invariants.
export type { PrincipalType, StatusType, Tag, TaggableKind } from './common.js';
export { DEFAULT_PATH, TAGGABLE_KINDS } from './common.js';
export type { Account, AccountAlias, AccountPasswordPolicy, RootIdentity } from './account.js';
export type { Group, InstanceProfile, Role, RoleLastUsed, User } from './principals.js';
export { DEFAULT_MAX_SESSION_DURATION } from './principals.js';
export type { InlinePolicy, ManagedPolicy, PolicyAttachment, PolicyVersion } from './policies.js';
export { MAX_POLICY_VERSIONS, isAwsManagedPolicyArn } from './policies.js';
export type {
  AccessKey,
  AccessKeyLastUsed,
  AccessKeyMetadata,
  LoginProfile,
  MfaDevice,
  ServerCertificate,
  ServiceSpecificCredential,
  ServiceSpecificCredentialMetadata,
  SigningCertificate,
  SshPublicKey,
  VirtualMfaDevice,
} from './credentials.js';
export type { OidcProvider, SamlProvider } from './providers.js';
