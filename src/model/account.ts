// The account: an isolated IAM namespace, its root identity, alias and password policy.

export interface Account {
  /** 12 digits. */
  accountId: string;
  /** The account's alias, if one is set (at most one, globally unique). */
  alias?: string;
  createDate: Date;
}

/** The root user of an account: `arn:aws:iam::<account>:root`, whose user id is the account id. */
export interface RootIdentity {
  accountId: string;
  arn: string;
  userId: string;
  createDate: Date;
}

export interface AccountAlias {
  accountId: string;
  alias: string;
}

export interface AccountPasswordPolicy {
  accountId: string;
  minimumPasswordLength: number;
  requireSymbols: boolean;
  requireNumbers: boolean;
  requireUppercaseCharacters: boolean;
  requireLowercaseCharacters: boolean;
  allowUsersToChangePassword: boolean;
  /** Days; absent when passwords do not expire (AWS derives `ExpirePasswords` from it). */
  maxPasswordAge?: number;
  passwordReusePrevention?: number;
  hardExpiry: boolean;
}
