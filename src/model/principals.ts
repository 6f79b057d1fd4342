// Users, groups, roles and instance profiles: the named, pathed identities of an account.

export interface User {
  accountId: string;
  userName: string;
  /** `AIDA…` */
  userId: string;
  path: string;
  arn: string;
  createDate: Date;
  permissionsBoundaryArn?: string;
  passwordLastUsed?: Date;
}

export interface Group {
  accountId: string;
  groupName: string;
  /** `AGPA…` */
  groupId: string;
  path: string;
  arn: string;
  createDate: Date;
}

export interface RoleLastUsed {
  lastUsedDate: Date;
  region?: string;
}

export interface Role {
  accountId: string;
  roleName: string;
  /** `AROA…` */
  roleId: string;
  path: string;
  arn: string;
  /** The trust policy, as the text it was given in. */
  assumeRolePolicyDocument: string;
  description?: string;
  /** Seconds, 3600–43200. */
  maxSessionDuration: number;
  permissionsBoundaryArn?: string;
  createDate: Date;
  roleLastUsed?: RoleLastUsed;
}

export const DEFAULT_MAX_SESSION_DURATION = 3600;

export interface InstanceProfile {
  accountId: string;
  instanceProfileName: string;
  /** `AIPA…` */
  instanceProfileId: string;
  path: string;
  arn: string;
  createDate: Date;
}
