// The repositories a transaction exposes. Dialect-free: implementations keep their SQL to themselves.
// Conventions: names are matched case-insensitively; `get*` returns undefined when absent; a mutation of
// a missing entity throws StoreNotFoundError; a taken name throws StoreConflictError; `delete*` returns
// whether something was deleted. Deleting an entity deletes what it owns (tags, attachments, inline
// policies, memberships, credentials): the identity layer enforces IAM's DeleteConflict rules first.
import type {
  AccessKey,
  AccessKeyLastUsed,
  AccessKeyMetadata,
  Account,
  AccountPasswordPolicy,
  Group,
  InlinePolicy,
  InstanceProfile,
  LoginProfile,
  ManagedPolicy,
  MfaDevice,
  OidcProvider,
  PolicyAttachment,
  PolicyVersion,
  PrincipalType,
  Role,
  RoleLastUsed,
  RootIdentity,
  SamlProvider,
  ServerCertificate,
  ServiceSpecificCredential,
  ServiceSpecificCredentialMetadata,
  SigningCertificate,
  SshPublicKey,
  StatusType,
  Tag,
  TaggableKind,
  User,
  VirtualMfaDevice,
} from '../model/index.js';

/** Keyset pagination by name: results are ordered case-insensitively by name; `after` is exclusive. */
export interface ListOptions {
  /** Keep entities whose path starts with this (case-sensitive). */
  pathPrefix?: string;
  /** Return entities whose name sorts after this one. */
  after?: string;
  limit?: number;
}

export interface AccountRepository {
  create(account: Account): Promise<Account>;
  get(accountId: string): Promise<Account | undefined>;
  getRoot(accountId: string): Promise<RootIdentity | undefined>;
  /** Ordered by account id. */
  list(options?: { after?: string; limit?: number }): Promise<Account[]>;
  delete(accountId: string): Promise<boolean>;
}

export interface AccountAliasRepository {
  get(accountId: string): Promise<string | undefined>;
  /** Aliases are globally unique; an account has at most one (a second create replaces nothing: conflict). */
  create(accountId: string, alias: string): Promise<void>;
  delete(accountId: string, alias: string): Promise<boolean>;
  findAccount(alias: string): Promise<string | undefined>;
}

export interface PasswordPolicyRepository {
  get(accountId: string): Promise<AccountPasswordPolicy | undefined>;
  put(policy: AccountPasswordPolicy): Promise<void>;
  delete(accountId: string): Promise<boolean>;
}

/** The latest credential report of an account (GenerateCredentialReport): its CSV and when it was generated. */
export interface CredentialReportRecord {
  accountId: string;
  csv: string;
  generatedTime: Date;
}

export interface CredentialReportRepository {
  get(accountId: string): Promise<CredentialReportRecord | undefined>;
  /** Creates or replaces: an account keeps only its latest report. */
  put(report: CredentialReportRecord): Promise<void>;
}

export interface UserUpdate {
  /** Renaming or moving a user rewrites its ARN. */
  newUserName?: string;
  newPath?: string;
  /** `null` removes the boundary. */
  permissionsBoundaryArn?: string | null;
  passwordLastUsed?: Date;
}

export interface UserRepository {
  create(user: User): Promise<User>;
  get(accountId: string, userName: string): Promise<User | undefined>;
  /** The user with this unique ID (`AIDA…`), in any account: IDs are global and never reused. */
  getById(userId: string): Promise<User | undefined>;
  list(accountId: string, options?: ListOptions): Promise<User[]>;
  update(accountId: string, userName: string, update: UserUpdate): Promise<User>;
  delete(accountId: string, userName: string): Promise<boolean>;
}

export interface GroupUpdate {
  newGroupName?: string;
  newPath?: string;
}

export interface GroupRepository {
  create(group: Group): Promise<Group>;
  get(accountId: string, groupName: string): Promise<Group | undefined>;
  list(accountId: string, options?: ListOptions): Promise<Group[]>;
  update(accountId: string, groupName: string, update: GroupUpdate): Promise<Group>;
  delete(accountId: string, groupName: string): Promise<boolean>;
  /** Idempotent. */
  addUser(accountId: string, groupName: string, userName: string): Promise<void>;
  removeUser(accountId: string, groupName: string, userName: string): Promise<boolean>;
  listUsers(accountId: string, groupName: string, options?: ListOptions): Promise<User[]>;
  listGroupsForUser(accountId: string, userName: string, options?: ListOptions): Promise<Group[]>;
}

export interface RoleUpdate {
  assumeRolePolicyDocument?: string;
  /** `null` clears it. */
  description?: string | null;
  maxSessionDuration?: number;
  permissionsBoundaryArn?: string | null;
  roleLastUsed?: RoleLastUsed;
}

export interface RoleRepository {
  create(role: Role): Promise<Role>;
  get(accountId: string, roleName: string): Promise<Role | undefined>;
  /** The role with this unique ID (`AROA…`), in any account: IDs are global and never reused. */
  getById(roleId: string): Promise<Role | undefined>;
  list(accountId: string, options?: ListOptions): Promise<Role[]>;
  /**
   * Roles of every account whose trust policy may name an entity called `name`: its text contains the name
   * (ASCII case-insensitively) or a JSON `\u` escape, which could spell it. A superset: callers parse.
   * Ordered by account, then role name.
   */
  listTrustPolicyCandidates(name: string): Promise<Role[]>;
  update(accountId: string, roleName: string, update: RoleUpdate): Promise<Role>;
  delete(accountId: string, roleName: string): Promise<boolean>;
}

/** A new customer-managed policy and its first version, `v1`, which is the default. */
export interface NewManagedPolicy {
  accountId: string;
  policyName: string;
  policyId: string;
  arn: string;
  path: string;
  description?: string;
  isAttachable?: boolean;
  document: string;
  createDate: Date;
}

export interface PolicyRepository {
  create(policy: NewManagedPolicy): Promise<ManagedPolicy>;
  get(accountId: string, policyArn: string): Promise<ManagedPolicy | undefined>;
  /** Customer-managed policies of the account; AWS-managed ones come from the catalog. */
  list(accountId: string, options?: ListOptions): Promise<ManagedPolicy[]>;
  /** Deletes the policy with all its versions. */
  delete(accountId: string, policyArn: string): Promise<boolean>;
  /** Adds the next version (`v<highest ever + 1>`); callers check MAX_POLICY_VERSIONS first. */
  createVersion(
    accountId: string,
    policyArn: string,
    version: { document: string; setAsDefault: boolean; createDate: Date },
  ): Promise<PolicyVersion>;
  getVersion(accountId: string, policyArn: string, versionId: string): Promise<PolicyVersion | undefined>;
  /** The default version's document: what the evaluator compiles. */
  getDefaultVersion(accountId: string, policyArn: string): Promise<PolicyVersion | undefined>;
  /** Newest first, as IAM lists them. */
  listVersions(accountId: string, policyArn: string): Promise<PolicyVersion[]>;
  setDefaultVersion(accountId: string, policyArn: string, versionId: string, updateDate: Date): Promise<void>;
  /** Refuses (StoreConflictError) to delete the default version. */
  deleteVersion(accountId: string, policyArn: string, versionId: string): Promise<boolean>;
}

export interface PrincipalRef {
  principalType: PrincipalType;
  principalName: string;
}

export interface AttachmentRepository {
  /** Idempotent. The ARN may name an AWS-managed policy, which has no row. */
  attach(accountId: string, principal: PrincipalRef, policyArn: string): Promise<void>;
  detach(accountId: string, principal: PrincipalRef, policyArn: string): Promise<boolean>;
  /** In attachment order. */
  listForPrincipal(accountId: string, principal: PrincipalRef): Promise<PolicyAttachment[]>;
  /** Who the policy is attached to in the account, ordered by principal type then name. */
  listForPolicy(accountId: string, policyArn: string, principalType?: PrincipalType): Promise<PolicyAttachment[]>;
  countForPolicy(accountId: string, policyArn: string): Promise<number>;
}

export interface InlinePolicyRepository {
  /** Creates or replaces (PutUserPolicy semantics). */
  put(policy: InlinePolicy): Promise<void>;
  get(accountId: string, principal: PrincipalRef, policyName: string): Promise<InlinePolicy | undefined>;
  /** Ordered by policy name. */
  list(accountId: string, principal: PrincipalRef): Promise<InlinePolicy[]>;
  delete(accountId: string, principal: PrincipalRef, policyName: string): Promise<boolean>;
}

export interface AccessKeyRepository {
  /** `userName` absent: a root key. The secret is sealed before it is written. */
  create(key: AccessKey): Promise<AccessKeyMetadata>;
  /** The authentication hot path: a point read by key id across all accounts, secret opened. */
  get(accessKeyId: string): Promise<AccessKey | undefined>;
  /** Keys of a user, or of the root when `userName` is undefined; in creation order. */
  list(accountId: string, userName?: string): Promise<AccessKeyMetadata[]>;
  updateStatus(accountId: string, accessKeyId: string, status: StatusType): Promise<void>;
  recordLastUsed(accessKeyId: string, lastUsed: AccessKeyLastUsed): Promise<void>;
  delete(accountId: string, accessKeyId: string): Promise<boolean>;
}

/**
 * Names a taggable resource: `name` is the user, role, instance-profile or server-certificate name, or the
 * ARN of a policy, OIDC provider or SAML provider, or the serial number of an MFA device.
 */
export interface TagTarget {
  kind: TaggableKind;
  accountId: string;
  name: string;
}

export interface TagRepository {
  /** In the order keys were first set. */
  list(target: TagTarget): Promise<Tag[]>;
  /** Adds or overwrites by key (case-insensitive; the new spelling wins). */
  set(target: TagTarget, tags: readonly Tag[]): Promise<void>;
  /** Returns how many were removed; unknown keys are ignored, as IAM does. */
  remove(target: TagTarget, keys: readonly string[]): Promise<number>;
}

export interface InstanceProfileRepository {
  create(profile: InstanceProfile): Promise<InstanceProfile>;
  get(accountId: string, instanceProfileName: string): Promise<InstanceProfile | undefined>;
  list(accountId: string, options?: ListOptions): Promise<InstanceProfile[]>;
  delete(accountId: string, instanceProfileName: string): Promise<boolean>;
  /** Idempotent; IAM's limit of one role per profile is the identity layer's to enforce. */
  addRole(accountId: string, instanceProfileName: string, roleName: string): Promise<void>;
  removeRole(accountId: string, instanceProfileName: string, roleName: string): Promise<boolean>;
  listRoles(accountId: string, instanceProfileName: string): Promise<Role[]>;
  listForRole(accountId: string, roleName: string, options?: ListOptions): Promise<InstanceProfile[]>;
}

export interface LoginProfileRepository {
  create(profile: LoginProfile): Promise<LoginProfile>;
  get(accountId: string, userName: string): Promise<LoginProfile | undefined>;
  update(
    accountId: string,
    userName: string,
    update: { passwordHash?: string; passwordResetRequired?: boolean },
  ): Promise<void>;
  delete(accountId: string, userName: string): Promise<boolean>;
}

export interface MfaDeviceRepository {
  create(device: VirtualMfaDevice): Promise<MfaDevice>;
  /** With its seed, for verifying codes. */
  get(accountId: string, serialNumber: string): Promise<VirtualMfaDevice | undefined>;
  /** Ordered by serial number. */
  list(accountId: string, assignment?: 'Assigned' | 'Unassigned' | 'Any'): Promise<MfaDevice[]>;
  listForUser(accountId: string, userName: string): Promise<MfaDevice[]>;
  enable(accountId: string, serialNumber: string, userName: string, enableDate: Date): Promise<void>;
  deactivate(accountId: string, serialNumber: string): Promise<boolean>;
  delete(accountId: string, serialNumber: string): Promise<boolean>;
}

export interface OidcProviderRepository {
  create(provider: OidcProvider): Promise<OidcProvider>;
  get(accountId: string, arn: string): Promise<OidcProvider | undefined>;
  /** Ordered by ARN. */
  list(accountId: string): Promise<OidcProvider[]>;
  update(accountId: string, arn: string, update: { clientIds?: string[]; thumbprints?: string[] }): Promise<OidcProvider>;
  delete(accountId: string, arn: string): Promise<boolean>;
}

export interface SamlProviderRepository {
  create(provider: SamlProvider): Promise<SamlProvider>;
  get(accountId: string, arn: string): Promise<SamlProvider | undefined>;
  list(accountId: string): Promise<SamlProvider[]>;
  update(accountId: string, arn: string, update: { samlMetadataDocument: string; validUntil?: Date }): Promise<SamlProvider>;
  delete(accountId: string, arn: string): Promise<boolean>;
}

export interface SshKeyRepository {
  create(key: SshPublicKey): Promise<SshPublicKey>;
  get(accountId: string, userName: string, sshPublicKeyId: string): Promise<SshPublicKey | undefined>;
  list(accountId: string, userName: string): Promise<SshPublicKey[]>;
  updateStatus(accountId: string, userName: string, sshPublicKeyId: string, status: StatusType): Promise<void>;
  delete(accountId: string, userName: string, sshPublicKeyId: string): Promise<boolean>;
}

export interface SigningCertRepository {
  create(cert: SigningCertificate): Promise<SigningCertificate>;
  get(accountId: string, userName: string, certificateId: string): Promise<SigningCertificate | undefined>;
  list(accountId: string, userName: string): Promise<SigningCertificate[]>;
  updateStatus(accountId: string, userName: string, certificateId: string, status: StatusType): Promise<void>;
  delete(accountId: string, userName: string, certificateId: string): Promise<boolean>;
}

export interface ServerCertUpdate {
  newServerCertificateName?: string;
  newPath?: string;
}

export interface ServerCertRepository {
  /** The private key is sealed and never returned by `get`/`list`. */
  create(cert: ServerCertificate, privateKey: string): Promise<ServerCertificate>;
  get(accountId: string, name: string): Promise<ServerCertificate | undefined>;
  getPrivateKey(accountId: string, name: string): Promise<string | undefined>;
  list(accountId: string, options?: ListOptions): Promise<ServerCertificate[]>;
  update(accountId: string, name: string, update: ServerCertUpdate): Promise<ServerCertificate>;
  delete(accountId: string, name: string): Promise<boolean>;
}

export interface ServiceSpecificCredRepository {
  create(cred: ServiceSpecificCredential): Promise<ServiceSpecificCredentialMetadata>;
  get(accountId: string, userName: string, credentialId: string): Promise<ServiceSpecificCredential | undefined>;
  list(accountId: string, userName: string, serviceName?: string): Promise<ServiceSpecificCredentialMetadata[]>;
  updateStatus(accountId: string, userName: string, credentialId: string, status: StatusType): Promise<void>;
  resetPassword(accountId: string, userName: string, credentialId: string, servicePassword: string): Promise<void>;
  delete(accountId: string, userName: string, credentialId: string): Promise<boolean>;
}
