// Account-level IAM actions: the account alias and GetAccountSummary.
import type { StoreTx } from '../../store/index.js';
import { StoreConflictError } from '../../store/index.js';
import { isAwsManagedPolicyArn } from '../../model/index.js';
import { entityAlreadyExists, noSuchEntity, type ServiceError } from '../errors.js';

// ---- Account alias -------------------------------------------------------------------------------

/** botocore `accountAliasType`: 3–63 characters. */
export const ACCOUNT_ALIAS_PATTERN = '^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$';

const aliasTaken = (alias: string): ServiceError => entityAlreadyExists(`The account alias ${alias} already exists.`);

/**
 * An account holds at most one alias; creating another replaces it (observed on AWS: replacement, not
 * rejection). Aliases are unique across the server (AWS: across the partition), the account's own current
 * alias included: asking for it again is EntityAlreadyExists.
 */
export async function createAccountAlias(tx: StoreTx, accountId: string, alias: string): Promise<void> {
  const owner = await tx.accountAliases.findAccount(alias);
  if (owner !== undefined) throw aliasTaken(alias);
  const current = await tx.accountAliases.get(accountId);
  if (current !== undefined) await tx.accountAliases.delete(accountId, current);
  try {
    await tx.accountAliases.create(accountId, alias);
  } catch (error) {
    if (error instanceof StoreConflictError) throw aliasTaken(alias);
    throw error;
  }
}

/** The alias must be the account's current one (a stale value cannot clear a newer alias). */
export async function deleteAccountAlias(tx: StoreTx, accountId: string, alias: string): Promise<void> {
  // Message unconfirmed: AWS documents NoSuchEntity for this call without its wording.
  if (!(await tx.accountAliases.delete(accountId, alias))) throw noSuchEntity(`The account alias ${alias} cannot be found.`);
}

/** At most one alias, so no pagination is ever needed. */
export async function listAccountAliases(tx: StoreTx, accountId: string): Promise<string[]> {
  const alias = await tx.accountAliases.get(accountId);
  return alias === undefined ? [] : [alias];
}

// ---- GetAccountSummary --------------------------------------------------------------------------

/** The default quotas GetAccountSummary reports (IAM User Guide, "IAM and AWS STS quotas"). */
export const ACCOUNT_QUOTAS = {
  UsersQuota: 5000,
  GroupsQuota: 300,
  RolesQuota: 1000,
  PoliciesQuota: 1500,
  InstanceProfilesQuota: 1000,
  ServerCertificatesQuota: 20,
  AccessKeysPerUserQuota: 2,
  SigningCertificatesPerUserQuota: 2,
  GroupsPerUserQuota: 10,
  AttachedPoliciesPerUserQuota: 10,
  AttachedPoliciesPerGroupQuota: 10,
  AttachedPoliciesPerRoleQuota: 10,
  VersionsPerPolicyQuota: 5,
  PolicyVersionsInUseQuota: 10000,
  PolicySizeQuota: 6144,
  UserPolicySizeQuota: 2048,
  GroupPolicySizeQuota: 5120,
  RolePolicySizeQuota: 10240,
  AssumeRolePolicySizeQuota: 2048,
} as const;

/** The SummaryMap as AWS fills it: entry names and the order AWS's own output shows them in. */
export type AccountSummary = ReadonlyArray<readonly [string, number]>;

export async function getAccountSummary(tx: StoreTx, accountId: string): Promise<AccountSummary> {
  const [users, groups, roles, policies, profiles, certs, mfa, oidc, saml, rootKeys] = await Promise.all([
    tx.users.list(accountId),
    tx.groups.list(accountId),
    tx.roles.list(accountId),
    tx.policies.list(accountId),
    tx.instanceProfiles.list(accountId),
    tx.serverCerts.list(accountId),
    tx.mfaDevices.list(accountId, 'Any'),
    tx.oidcProviders.list(accountId),
    tx.samlProviders.list(accountId),
    tx.accessKeys.list(accountId, undefined),
  ]);

  // PolicyVersionsInUse: every stored version of the account's customer-managed policies, plus the default
  // version of each AWS-managed policy attached in the account (AWS's exact counting rule is unconfirmed).
  let versions = 0;
  for (const p of policies) versions += (await tx.policies.listVersions(accountId, p.arn)).length;
  const awsManaged = new Set<string>();
  for (const [type, list] of [
    ['user', users.map((u) => u.userName)],
    ['group', groups.map((g) => g.groupName)],
    ['role', roles.map((r) => r.roleName)],
  ] as const) {
    for (const name of list) {
      for (const a of await tx.attachments.listForPrincipal(accountId, { principalType: type, principalName: name })) {
        if (isAwsManagedPolicyArn(a.policyArn)) awsManaged.add(a.policyArn);
      }
    }
  }
  versions += awsManaged.size;

  const q = ACCOUNT_QUOTAS;
  // Root has no console password and no MFA device in Castellan; its access keys are real.
  return [
    ['GroupPolicySizeQuota', q.GroupPolicySizeQuota],
    ['InstanceProfilesQuota', q.InstanceProfilesQuota],
    ['Policies', policies.length],
    ['GroupsPerUserQuota', q.GroupsPerUserQuota],
    ['InstanceProfiles', profiles.length],
    ['AttachedPoliciesPerUserQuota', q.AttachedPoliciesPerUserQuota],
    ['Users', users.length],
    ['PoliciesQuota', q.PoliciesQuota],
    ['Providers', oidc.length + saml.length],
    ['AccountMFAEnabled', 0],
    ['AccessKeysPerUserQuota', q.AccessKeysPerUserQuota],
    ['AssumeRolePolicySizeQuota', q.AssumeRolePolicySizeQuota],
    ['PolicyVersionsInUseQuota', q.PolicyVersionsInUseQuota],
    ['GlobalEndpointTokenVersion', 1],
    ['VersionsPerPolicyQuota', q.VersionsPerPolicyQuota],
    ['AttachedPoliciesPerGroupQuota', q.AttachedPoliciesPerGroupQuota],
    ['PolicySizeQuota', q.PolicySizeQuota],
    ['Groups', groups.length],
    ['AccountSigningCertificatesPresent', 0],
    ['UsersQuota', q.UsersQuota],
    ['ServerCertificatesQuota', q.ServerCertificatesQuota],
    ['MFADevices', mfa.length],
    ['UserPolicySizeQuota', q.UserPolicySizeQuota],
    ['PolicyVersionsInUse', versions],
    ['ServerCertificates', certs.length],
    ['Roles', roles.length],
    ['RolesQuota', q.RolesQuota],
    ['SigningCertificatesPerUserQuota', q.SigningCertificatesPerUserQuota],
    ['MFADevicesInUse', mfa.filter((d) => d.userName !== undefined).length],
    ['RolePolicySizeQuota', q.RolePolicySizeQuota],
    ['AttachedPoliciesPerRoleQuota', q.AttachedPoliciesPerRoleQuota],
    ['AccountAccessKeysPresent', rootKeys.length > 0 ? 1 : 0],
    ['AccountPasswordPresent', 0],
    ['GroupsQuota', q.GroupsQuota],
  ];
}
