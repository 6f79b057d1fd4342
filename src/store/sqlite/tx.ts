// Builds the repositories of one transaction around its context.
import type { StoreTx } from '../store.js';
import type { TxContext } from './context.js';
import { SqliteAccessKeys } from './repos/access-keys.js';
import { SqliteAccountAliases, SqliteAccounts, SqlitePasswordPolicies } from './repos/accounts.js';
import { SqliteAttachments } from './repos/attachments.js';
import { SqliteCredentialReports } from './repos/credential-reports.js';
import { SqliteGroups } from './repos/groups.js';
import { SqliteInlinePolicies } from './repos/inline-policies.js';
import { SqliteInstanceProfiles } from './repos/instance-profiles.js';
import { SqliteLoginProfiles } from './repos/login-profiles.js';
import { SqliteMfaDevices } from './repos/mfa-devices.js';
import { SqlitePolicies } from './repos/policies.js';
import { SqliteOidcProviders, SqliteSamlProviders } from './repos/providers.js';
import { SqliteRoles } from './repos/roles.js';
import { SqliteServerCerts } from './repos/server-certs.js';
import { SqliteTags } from './repos/tags.js';
import { SqliteServiceSpecificCreds, SqliteSigningCerts, SqliteSshKeys } from './repos/user-credentials.js';
import { SqliteUsers } from './repos/users.js';

export function createTx(ctx: TxContext): StoreTx {
  return Object.freeze({
    accounts: new SqliteAccounts(ctx),
    accountAliases: new SqliteAccountAliases(ctx),
    passwordPolicy: new SqlitePasswordPolicies(ctx),
    credentialReports: new SqliteCredentialReports(ctx),
    users: new SqliteUsers(ctx),
    groups: new SqliteGroups(ctx),
    roles: new SqliteRoles(ctx),
    policies: new SqlitePolicies(ctx),
    attachments: new SqliteAttachments(ctx),
    inlinePolicies: new SqliteInlinePolicies(ctx),
    accessKeys: new SqliteAccessKeys(ctx),
    tags: new SqliteTags(ctx),
    instanceProfiles: new SqliteInstanceProfiles(ctx),
    loginProfiles: new SqliteLoginProfiles(ctx),
    mfaDevices: new SqliteMfaDevices(ctx),
    oidcProviders: new SqliteOidcProviders(ctx),
    samlProviders: new SqliteSamlProviders(ctx),
    sshKeys: new SqliteSshKeys(ctx),
    signingCerts: new SqliteSigningCerts(ctx),
    serverCerts: new SqliteServerCerts(ctx),
    serviceSpecificCreds: new SqliteServiceSpecificCreds(ctx),
  });
}
