// Account-level IAM actions: alias, password policy, summary, credential report, authorization details.
// decode → authorize → identity service → encode. None of these actions has a resource type: `*`.
import {
  ACCOUNT_ALIAS_PATTERN,
  createAccountAlias,
  deleteAccountAlias,
  getAccountSummary,
  listAccountAliases,
} from '../../identity/iam/account.js';
import {
  AUTHORIZATION_ENTITY_TYPES,
  expandAuthorizationEntries,
  listAuthorizationEntries,
} from '../../identity/iam/authorization-details.js';
import type {
  AttachedPolicyRef,
  AuthorizationDetails,
  AuthorizationEntityType,
  PolicyDetail,
} from '../../identity/iam/authorization-details.js';
import { generateCredentialReport, getCredentialReport } from '../../identity/iam/credential-report.js';
import {
  deleteAccountPasswordPolicy,
  getAccountPasswordPolicy,
  updateAccountPasswordPolicy,
} from '../../identity/iam/password-policy.js';
import type { AccountPasswordPolicy, Role } from '../../model/index.js';
import { listMemberName, urlEncodePolicy, validationError, xmlMap } from '../../protocol/index.js';
import type { QueryParams, XmlObject, XmlValue } from '../../protocol/index.js';
import { pageFields, pageOf, readPageRequest } from '../pagination.js';
import type { ActionContext, ActionHandler } from '../types.js';
import { optionalTags } from './tagging.js';

const ALIAS = { required: true, min: 3, max: 63, pattern: ACCOUNT_ALIAS_PATTERN } as const;

function readAlias(params: QueryParams): string {
  return params.string('AccountAlias', ALIAS);
}

const authorize = (ctx: ActionContext, action: string): Promise<void> => ctx.authorize({ action: `iam:${action}` });

// ---- alias ----------------------------------------------------------------------------------

const createAlias: ActionHandler = {
  service: 'iam',
  action: 'CreateAccountAlias',
  async handle(ctx) {
    const alias = readAlias(ctx.params);
    await authorize(ctx, 'CreateAccountAlias');
    await createAccountAlias(ctx.tx, ctx.accountId, alias);
    return undefined;
  },
};

const deleteAlias: ActionHandler = {
  service: 'iam',
  action: 'DeleteAccountAlias',
  async handle(ctx) {
    const alias = readAlias(ctx.params);
    await authorize(ctx, 'DeleteAccountAlias');
    await deleteAccountAlias(ctx.tx, ctx.accountId, alias);
    return undefined;
  },
};

const listAliases: ActionHandler = {
  service: 'iam',
  action: 'ListAccountAliases',
  readOnly: true,
  async handle(ctx) {
    const request = readPageRequest(ctx.params);
    await authorize(ctx, 'ListAccountAliases');
    const aliases = await listAccountAliases(ctx.tx, ctx.accountId);
    const p = pageOf(aliases, request, (a) => a);
    return { AccountAliases: p.items, ...pageFields(p) };
  },
};

// ---- password policy ------------------------------------------------------------------------

/** `PasswordPolicy` in botocore's member order; the optional members only when set. */
export function passwordPolicyXml(p: AccountPasswordPolicy): XmlObject {
  return {
    MinimumPasswordLength: p.minimumPasswordLength,
    RequireSymbols: p.requireSymbols,
    RequireNumbers: p.requireNumbers,
    RequireUppercaseCharacters: p.requireUppercaseCharacters,
    RequireLowercaseCharacters: p.requireLowercaseCharacters,
    AllowUsersToChangePassword: p.allowUsersToChangePassword,
    ExpirePasswords: p.maxPasswordAge !== undefined,
    MaxPasswordAge: p.maxPasswordAge,
    PasswordReusePrevention: p.passwordReusePrevention,
    // AWS's documented output leaves HardExpiry out of a policy that never set it (unconfirmed when false).
    HardExpiry: p.hardExpiry ? true : undefined,
  };
}

const updatePasswordPolicy: ActionHandler = {
  service: 'iam',
  action: 'UpdateAccountPasswordPolicy',
  async handle(ctx) {
    const input = ctx.params.collect((q) => ({
      minimumPasswordLength: q.int('MinimumPasswordLength', { min: 6, max: 128 }),
      requireSymbols: q.bool('RequireSymbols'),
      requireNumbers: q.bool('RequireNumbers'),
      requireUppercaseCharacters: q.bool('RequireUppercaseCharacters'),
      requireLowercaseCharacters: q.bool('RequireLowercaseCharacters'),
      allowUsersToChangePassword: q.bool('AllowUsersToChangePassword'),
      maxPasswordAge: q.int('MaxPasswordAge', { min: 1, max: 1095 }),
      passwordReusePrevention: q.int('PasswordReusePrevention', { min: 1, max: 24 }),
      hardExpiry: q.bool('HardExpiry'),
    }));
    await authorize(ctx, 'UpdateAccountPasswordPolicy');
    await updateAccountPasswordPolicy(ctx.tx, ctx.accountId, input);
    return undefined;
  },
};

const getPasswordPolicy: ActionHandler = {
  service: 'iam',
  action: 'GetAccountPasswordPolicy',
  readOnly: true,
  async handle(ctx) {
    await authorize(ctx, 'GetAccountPasswordPolicy');
    return { PasswordPolicy: passwordPolicyXml(await getAccountPasswordPolicy(ctx.tx, ctx.accountId)) };
  },
};

const deletePasswordPolicy: ActionHandler = {
  service: 'iam',
  action: 'DeleteAccountPasswordPolicy',
  async handle(ctx) {
    await authorize(ctx, 'DeleteAccountPasswordPolicy');
    await deleteAccountPasswordPolicy(ctx.tx, ctx.accountId);
    return undefined;
  },
};

// ---- summary and credential report ----------------------------------------------------------

const accountSummary: ActionHandler = {
  service: 'iam',
  action: 'GetAccountSummary',
  readOnly: true,
  async handle(ctx) {
    await authorize(ctx, 'GetAccountSummary');
    return { SummaryMap: xmlMap(await getAccountSummary(ctx.tx, ctx.accountId)) };
  },
};

const generateReport: ActionHandler = {
  service: 'iam',
  action: 'GenerateCredentialReport',
  // Not readOnly: a generated report is written to the store, where every server process finds it.
  async handle(ctx) {
    await authorize(ctx, 'GenerateCredentialReport');
    const result = await generateCredentialReport(ctx.tx, ctx.accountId, ctx.request.now);
    return { State: result.state, Description: result.description };
  },
};

const getReport: ActionHandler = {
  service: 'iam',
  action: 'GetCredentialReport',
  readOnly: true,
  async handle(ctx) {
    await authorize(ctx, 'GetCredentialReport');
    const report = await getCredentialReport(ctx.tx, ctx.accountId, ctx.request.now);
    return {
      Content: Buffer.from(report.csv, 'utf8').toString('base64'),
      ReportFormat: 'text/csv',
      GeneratedTime: report.generatedTime,
    };
  },
};

// ---- GetAccountAuthorizationDetails ---------------------------------------------------------

function readFilter(params: QueryParams): AuthorizationEntityType[] | undefined {
  const values = params.list('Filter');
  if (values === undefined) return undefined;
  const allowed = AUTHORIZATION_ENTITY_TYPES as readonly string[];
  const bad = values.flatMap((v, i) =>
    allowed.includes(v)
      ? []
      : [{ value: v, member: listMemberName('Filter', i + 1), constraint: `satisfy enum value set: [${allowed.join(', ')}]` }],
  );
  if (bad.length > 0) throw validationError(bad);
  return values as AuthorizationEntityType[];
}

const policyListXml = (list: readonly PolicyDetail[]): XmlValue =>
  list.map((p) => ({ PolicyName: p.policyName, PolicyDocument: urlEncodePolicy(p.document) }));
const attachedXml = (list: readonly AttachedPolicyRef[]): XmlValue =>
  list.map((a) => ({ PolicyName: a.policyName, PolicyArn: a.policyArn }));
const boundaryXml = (arn: string | undefined): XmlValue =>
  arn === undefined ? undefined : { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: arn };

/** A role inside an instance profile: botocore's `Role` shape. */
function nestedRoleXml(role: Role): XmlObject {
  return {
    Path: role.path,
    RoleName: role.roleName,
    RoleId: role.roleId,
    Arn: role.arn,
    CreateDate: role.createDate,
    AssumeRolePolicyDocument: urlEncodePolicy(role.assumeRolePolicyDocument),
  };
}

const roleLastUsedXml = (role: Role): XmlObject =>
  role.roleLastUsed === undefined ? {} : { LastUsedDate: role.roleLastUsed.lastUsedDate, Region: role.roleLastUsed.region };

/** The result members in botocore's order: UserDetailList, GroupDetailList, RoleDetailList, Policies. */
export function authorizationDetailsXml(d: AuthorizationDetails): XmlObject {
  return {
    UserDetailList: d.users.map((u) => ({
      Path: u.user.path,
      UserName: u.user.userName,
      UserId: u.user.userId,
      Arn: u.user.arn,
      CreateDate: u.user.createDate,
      UserPolicyList: policyListXml(u.inlinePolicies),
      GroupList: [...u.groups],
      AttachedManagedPolicies: attachedXml(u.attached),
      PermissionsBoundary: boundaryXml(u.user.permissionsBoundaryArn),
      Tags: optionalTags(u.tags),
    })),
    GroupDetailList: d.groups.map((g) => ({
      Path: g.group.path,
      GroupName: g.group.groupName,
      GroupId: g.group.groupId,
      Arn: g.group.arn,
      CreateDate: g.group.createDate,
      GroupPolicyList: policyListXml(g.inlinePolicies),
      AttachedManagedPolicies: attachedXml(g.attached),
    })),
    RoleDetailList: d.roles.map((r) => ({
      Path: r.role.path,
      RoleName: r.role.roleName,
      RoleId: r.role.roleId,
      Arn: r.role.arn,
      CreateDate: r.role.createDate,
      AssumeRolePolicyDocument: urlEncodePolicy(r.role.assumeRolePolicyDocument),
      InstanceProfileList: r.instanceProfiles.map((ip) => ({
        Path: ip.profile.path,
        InstanceProfileName: ip.profile.instanceProfileName,
        InstanceProfileId: ip.profile.instanceProfileId,
        Arn: ip.profile.arn,
        CreateDate: ip.profile.createDate,
        Roles: ip.roles.map(nestedRoleXml),
        Tags: optionalTags(ip.tags),
      })),
      RolePolicyList: policyListXml(r.inlinePolicies),
      AttachedManagedPolicies: attachedXml(r.attached),
      PermissionsBoundary: boundaryXml(r.role.permissionsBoundaryArn),
      Tags: optionalTags(r.tags),
      RoleLastUsed: roleLastUsedXml(r.role),
    })),
    Policies: d.policies.map(({ policy: p, versions }) => ({
      PolicyName: p.policyName,
      PolicyId: p.policyId,
      Arn: p.arn,
      Path: p.path,
      DefaultVersionId: p.defaultVersionId,
      AttachmentCount: p.attachmentCount,
      PermissionsBoundaryUsageCount: p.permissionsBoundaryUsageCount,
      IsAttachable: p.isAttachable,
      Description: p.description,
      CreateDate: p.createDate,
      UpdateDate: p.updateDate,
      PolicyVersionList: versions.map((v) => ({
        Document: urlEncodePolicy(v.document),
        VersionId: v.versionId,
        IsDefaultVersion: v.isDefaultVersion,
        CreateDate: v.createDate,
      })),
    })),
  };
}

const authorizationDetails: ActionHandler = {
  service: 'iam',
  action: 'GetAccountAuthorizationDetails',
  readOnly: true,
  async handle(ctx) {
    const { filter, request } = ctx.params.collect((q) => ({ filter: readFilter(q), request: readPageRequest(q) }));
    await authorize(ctx, 'GetAccountAuthorizationDetails');
    // Markers carry the sort key of the last entry, so one Marker/MaxItems spans the combined list.
    const entries = await listAuthorizationEntries(ctx.tx, ctx.accountId, filter);
    const p = pageOf(entries, request, (e) => e.key);
    const details = await expandAuthorizationEntries(ctx.tx, ctx.accountId, p.items);
    return { ...authorizationDetailsXml(details), ...pageFields(p) };
  },
};

export const handlers: readonly ActionHandler[] = [
  createAlias,
  deleteAlias,
  listAliases,
  updatePasswordPolicy,
  getPasswordPolicy,
  deletePasswordPolicy,
  accountSummary,
  generateReport,
  getReport,
  authorizationDetails,
];
