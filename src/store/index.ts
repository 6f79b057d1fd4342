// Public face of the store: the async Store interface, its repositories, errors, secrets and the factory.
export type { Store, StoreTx, ResettableStore, TransactionOptions } from './store.js';
export type {
  AccessKeyRepository,
  AccountAliasRepository,
  AccountRepository,
  AttachmentRepository,
  CredentialReportRecord,
  CredentialReportRepository,
  GroupRepository,
  GroupUpdate,
  InlinePolicyRepository,
  InstanceProfileRepository,
  ListOptions,
  LoginProfileRepository,
  MfaDeviceRepository,
  NewManagedPolicy,
  OidcProviderRepository,
  PasswordPolicyRepository,
  PolicyRepository,
  PrincipalRef,
  RoleRepository,
  RoleUpdate,
  SamlProviderRepository,
  ServerCertRepository,
  ServerCertUpdate,
  ServiceSpecificCredRepository,
  SigningCertRepository,
  SshKeyRepository,
  TagRepository,
  TagTarget,
  UserRepository,
  UserUpdate,
} from './repositories.js';
export type { ChangeSet, ChangedEntityKind, EntityChange } from './changes.js';
export {
  SecretError,
  StoreConflictError,
  StoreError,
  StoreNotFoundError,
  StoreReadOnlyError,
  StoreSchemaError,
} from './errors.js';
export { createSecretBox, keyId, loadMasterKey, parseMasterKey, MASTER_KEY_FILE } from './secrets.js';
export type { MasterKeySource, SecretBox } from './secrets.js';
export { DATABASE_FILE, openStore } from './open.js';
export type { OpenStoreOptions } from './open.js';
export { SqliteStore, LATEST_SCHEMA_VERSION } from './sqlite/index.js';
