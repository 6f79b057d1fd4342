// The Store: async so PostgreSQL can implement it; one API call runs in one transaction.
import type { ChangeSet } from './changes.js';
import type {
  AccessKeyRepository,
  AccountAliasRepository,
  AccountRepository,
  AttachmentRepository,
  CredentialReportRepository,
  GroupRepository,
  InlinePolicyRepository,
  InstanceProfileRepository,
  LoginProfileRepository,
  MfaDeviceRepository,
  OidcProviderRepository,
  PasswordPolicyRepository,
  PolicyRepository,
  RoleRepository,
  SamlProviderRepository,
  ServerCertRepository,
  ServiceSpecificCredRepository,
  SigningCertRepository,
  SshKeyRepository,
  TagRepository,
  UserRepository,
} from './repositories.js';

/** The repositories of one transaction. Valid only until the transaction's function settles. */
export interface StoreTx {
  readonly accounts: AccountRepository;
  readonly accountAliases: AccountAliasRepository;
  readonly passwordPolicy: PasswordPolicyRepository;
  readonly credentialReports: CredentialReportRepository;
  readonly users: UserRepository;
  readonly groups: GroupRepository;
  readonly roles: RoleRepository;
  readonly policies: PolicyRepository;
  readonly attachments: AttachmentRepository;
  readonly inlinePolicies: InlinePolicyRepository;
  readonly accessKeys: AccessKeyRepository;
  readonly tags: TagRepository;
  readonly instanceProfiles: InstanceProfileRepository;
  readonly loginProfiles: LoginProfileRepository;
  readonly mfaDevices: MfaDeviceRepository;
  readonly oidcProviders: OidcProviderRepository;
  readonly samlProviders: SamlProviderRepository;
  readonly sshKeys: SshKeyRepository;
  readonly signingCerts: SigningCertRepository;
  readonly serverCerts: ServerCertRepository;
  readonly serviceSpecificCreds: ServiceSpecificCredRepository;
}

export interface TransactionOptions {
  /** Writes throw StoreReadOnlyError. */
  readOnly?: boolean;
}

export interface Store {
  /**
   * Runs `fn` in one transaction: committed when it returns, rolled back when it throws (the error is
   * rethrown). Transactions are serialized; calling `transaction` from inside `fn` throws rather than deadlock.
   */
  transaction<T>(fn: (tx: StoreTx) => Promise<T> | T, options?: TransactionOptions): Promise<T>;
  /** Called after each commit that changed something. Listeners must not throw. Returns an unsubscribe. */
  onCommit(listener: (changes: ChangeSet) => void): () => void;
  /**
   * Tells the onCommit listeners about commits made by other processes sharing this store (`serve --workers`,
   * a CLI next to the server), as a reset: they drop every cache. Synchronous and cheap: the dispatcher calls it
   * before each request consults a cache, which keeps read-your-writes across processes.
   */
  syncExternalChanges(): void;
  close(): Promise<void>;
}

/** A store held in memory (`--ephemeral`), which can be emptied between tests. */
export interface ResettableStore extends Store {
  /** Deletes everything except accounts and their root access keys. */
  reset(): Promise<void>;
}
