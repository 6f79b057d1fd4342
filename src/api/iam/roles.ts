// IAM actions of the roles group — roles, service-linked roles and instance profiles. Each handler follows
// api/types.ts: decode → authorize → identity service → encode. Role shapes per action follow what AWS
// returns (botocore's Role member order; ListRoles omits PermissionsBoundary, RoleLastUsed and Tags as AWS
// documents; CreateRole omits Description, MaxSessionDuration and RoleLastUsed as LocalStack's AWS-recorded
// snapshots show). Trust policies are URL-encoded wherever a Role is returned (spec/wire-protocol.md §3).
import { iamArn } from '../../arn/index.js';
import type { ContextValues } from '../../engine/index.js';
import {
  addRoleToInstanceProfile,
  createInstanceProfile,
  deleteInstanceProfile,
  getInstanceProfile,
  listInstanceProfileTags,
  listInstanceProfiles,
  listInstanceProfilesForRole,
  removeRoleFromInstanceProfile,
  tagInstanceProfile,
  untagInstanceProfile,
} from '../../identity/iam/instance-profiles.js';
import type { InstanceProfileWithRoles } from '../../identity/iam/instance-profiles.js';
import {
  createRole,
  deleteRole,
  deleteRolePermissionsBoundary,
  getRole,
  listRoleTags,
  listRoles,
  putRolePermissionsBoundary,
  tagRole,
  untagRole,
  updateAssumeRolePolicy,
  updateRole,
} from '../../identity/iam/roles.js';
import type { IamScope } from '../../identity/iam/roles.js';
import {
  createServiceLinkedRole,
  deleteServiceLinkedRole,
  getServiceLinkedRoleDeletionStatus,
  parseDeletionTaskId,
  planServiceLinkedRole,
} from '../../identity/iam/service-linked-roles.js';
import { invalidInput } from '../../identity/errors.js';
import { requestTagContext } from '../../identity/tags.js';
import { DEFAULT_PATH } from '../../model/index.js';
import type { InstanceProfile, Role, Tag } from '../../model/index.js';
import { validationError } from '../../protocol/index.js';
import type { QueryParams, XmlObject } from '../../protocol/index.js';
import { urlEncodePolicy } from '../../protocol/index.js';
import { page, pageFields, readPageRequest } from '../pagination.js';
import type { ActionContext, ActionHandler } from '../types.js';
import { NAME_PATTERN, readArn, readName, readPath, readPathPrefix, readPolicyDocument, readTagKeys, readTags } from './params.js';
import { optionalTags, tagHandlers } from './tagging.js';

/** botocore `roleDescriptionType`. */
const DESCRIPTION_PATTERN = '[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u00A1-\\u00FF]*';
const ROLE_NAME_MAX = 64;
const INSTANCE_PROFILE_NAME_MAX = 128;
/** botocore `tagKeyListType` / `tagListType`: at most 50 members. */
const MAX_TAG_MEMBERS = 50;

// ---------------------------------------------------------------- encoding

interface RoleFields {
  readonly description?: boolean;
  readonly maxSessionDuration?: boolean;
  readonly boundary?: boolean;
  readonly lastUsed?: boolean;
  readonly tags?: readonly Tag[];
}

/** A `Role` in botocore's member order, with the members this action returns. */
function roleXml(role: Role, fields: RoleFields = {}): XmlObject {
  const boundary = fields.boundary ? role.permissionsBoundaryArn : undefined;
  const lastUsed = role.roleLastUsed;
  return {
    Path: role.path,
    RoleName: role.roleName,
    RoleId: role.roleId,
    Arn: role.arn,
    CreateDate: role.createDate,
    AssumeRolePolicyDocument: urlEncodePolicy(role.assumeRolePolicyDocument),
    Description: fields.description ? role.description : undefined,
    MaxSessionDuration: fields.maxSessionDuration ? role.maxSessionDuration : undefined,
    PermissionsBoundary:
      boundary !== undefined ? { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: boundary } : undefined,
    Tags: fields.tags !== undefined ? optionalTags(fields.tags) : undefined,
    // GetRole always carries RoleLastUsed, empty for a role never used.
    RoleLastUsed: fields.lastUsed
      ? lastUsed
        ? { LastUsedDate: lastUsed.lastUsedDate, Region: lastUsed.region }
        : {}
      : undefined,
  };
}

const fullRole = (role: Role, tags: readonly Tag[]): XmlObject =>
  roleXml(role, { description: true, maxSessionDuration: true, boundary: true, lastUsed: true, tags });

/**
 * An `InstanceProfile`; its roles are Role shapes as AWS's examples show them (Path … AssumeRolePolicyDocument).
 * List actions omit Tags, as ListRoles does (AWS: "resource-listing operations return a subset").
 */
function instanceProfileXml(p: InstanceProfileWithRoles, withTags: boolean): XmlObject {
  const profile: InstanceProfile = p.profile;
  return {
    Path: profile.path,
    InstanceProfileName: profile.instanceProfileName,
    InstanceProfileId: profile.instanceProfileId,
    Arn: profile.arn,
    CreateDate: profile.createDate,
    Roles: p.roles.map((r) => roleXml(r)),
    Tags: withTags ? optionalTags(p.tags) : undefined,
  };
}

// ---------------------------------------------------------------- decoding and authorization helpers

function scopeOf(ctx: ActionContext): IamScope {
  return { accountId: ctx.accountId, partition: ctx.partition, now: ctx.request.now, random: (n) => ctx.random(n) };
}

const readRoleName = (q: QueryParams): string => readName(q, 'RoleName', ROLE_NAME_MAX) ?? '';
const readProfileName = (q: QueryParams): string => readName(q, 'InstanceProfileName', INSTANCE_PROFILE_NAME_MAX) ?? '';

/** `Tags.member.N` with at most 50 members (botocore `tagListType`). */
function readTagList(q: QueryParams, required: boolean): Tag[] | undefined {
  const tags = readTags(q);
  if (tags === undefined) {
    if (required) q.structList('Tags', ['Key', 'Value'], {}, { required: true });
    return undefined;
  }
  if (tags.length > MAX_TAG_MEMBERS) {
    throw validationError([{ value: null, member: 'tags', constraint: `have length less than or equal to ${MAX_TAG_MEMBERS}` }]);
  }
  return tags;
}

function readKeys(q: QueryParams): string[] {
  const keys = readTagKeys(q);
  if (keys.length > MAX_TAG_MEMBERS) {
    throw validationError([{ value: null, member: 'tagKeys', constraint: `have length less than or equal to ${MAX_TAG_MEMBERS}` }]);
  }
  return keys;
}

const roleArn = (ctx: ActionContext, roleName: string, path = DEFAULT_PATH): string =>
  iamArn(ctx.partition, ctx.accountId, 'role', path, roleName);
const profileArn = (ctx: ActionContext, name: string, path = DEFAULT_PATH): string =>
  iamArn(ctx.partition, ctx.accountId, 'instance-profile', path, name);

/** The resource a list action is authorized on: the account's entity path, e.g. `arn:aws:iam::A:role/`. */
const listResource = (ctx: ActionContext, type: 'role' | 'instance-profile', pathPrefix: string | undefined): string =>
  `arn:${ctx.partition}:iam::${ctx.accountId}:${type}${pathPrefix ?? DEFAULT_PATH}`;

/** What roles and instance profiles do differently: at most 50 tags or keys a request, tags listed in key order. */
const TAGGING_QUIRKS = {
  readTags: (q: QueryParams) => readTagList(q, true),
  readTagKeys: readKeys,
};

const boundaryContext = (arn: string | undefined): ContextValues => (arn !== undefined ? { 'iam:PermissionsBoundary': arn } : {});

/**
 * Authorizes `action` on an existing role: its ARN (with path), its tags as resource tags and its boundary
 * as iam:PermissionsBoundary. A missing role is authorized on `role/<name>` and reported by the service.
 */
async function authorizeOnRole(ctx: ActionContext, action: string, roleName: string, context: ContextValues = {}): Promise<Role | undefined> {
  const role = await ctx.tx.roles.get(ctx.accountId, roleName);
  const resourceTags = role ? await ctx.tx.tags.list({ kind: 'role', accountId: ctx.accountId, name: role.roleName }) : undefined;
  await ctx.authorize({
    action,
    resource: role?.arn ?? roleArn(ctx, roleName),
    context: { ...boundaryContext(role?.permissionsBoundaryArn), ...context },
    ...(resourceTags !== undefined && { resourceTags }),
  });
  return role;
}

async function authorizeOnProfile(ctx: ActionContext, action: string, name: string, context: ContextValues = {}): Promise<void> {
  const profile = await ctx.tx.instanceProfiles.get(ctx.accountId, name);
  const resourceTags = profile
    ? await ctx.tx.tags.list({ kind: 'instanceProfile', accountId: ctx.accountId, name: profile.instanceProfileName })
    : undefined;
  await ctx.authorize({
    action,
    resource: profile?.arn ?? profileArn(ctx, name),
    context,
    ...(resourceTags !== undefined && { resourceTags }),
  });
}

// ---------------------------------------------------------------- roles

const CreateRole: ActionHandler = {
  service: 'iam',
  action: 'CreateRole',
  async handle(ctx) {
    const input = ctx.params.collect((q) => ({
      roleName: readRoleName(q),
      path: readPath(q),
      assumeRolePolicyDocument: readPolicyDocument(q, 'AssumeRolePolicyDocument') ?? '',
      description: q.string('Description', { max: 1000, pattern: DESCRIPTION_PATTERN }),
      maxSessionDuration: q.int('MaxSessionDuration', { min: 3600, max: 43200 }),
      permissionsBoundary: readArn(q, 'PermissionsBoundary', false),
      tags: readTagList(q, false),
    }));
    await ctx.authorize({
      action: 'iam:CreateRole',
      resource: roleArn(ctx, input.roleName, input.path),
      context: { ...requestTagContext(input.tags), ...boundaryContext(input.permissionsBoundary) },
    });
    const { role, tags } = await createRole(ctx.tx, scopeOf(ctx), {
      roleName: input.roleName,
      assumeRolePolicyDocument: input.assumeRolePolicyDocument,
      ...(input.path !== undefined && { path: input.path }),
      ...(input.description !== undefined && { description: input.description }),
      ...(input.maxSessionDuration !== undefined && { maxSessionDuration: input.maxSessionDuration }),
      ...(input.permissionsBoundary !== undefined && { permissionsBoundary: input.permissionsBoundary }),
      ...(input.tags !== undefined && { tags: input.tags }),
    });
    return { Role: roleXml(role, { boundary: true, tags }) };
  },
};

const GetRole: ActionHandler = {
  service: 'iam',
  action: 'GetRole',
  readOnly: true,
  async handle(ctx) {
    const roleName = ctx.params.collect(readRoleName);
    await authorizeOnRole(ctx, 'iam:GetRole', roleName);
    const { role, tags } = await getRole(ctx.tx, ctx.accountId, roleName);
    return { Role: fullRole(role, tags) };
  },
};

const ListRoles: ActionHandler = {
  service: 'iam',
  action: 'ListRoles',
  readOnly: true,
  async handle(ctx) {
    const { pathPrefix, request } = ctx.params.collect((q) => ({ pathPrefix: readPathPrefix(q), request: readPageRequest(q) }));
    // AWS names the account's role path in ListRoles denials (`…:role/`); the action has no resource type.
    await ctx.authorize({ action: 'iam:ListRoles', resource: listResource(ctx, 'role', pathPrefix) });
    const roles = await listRoles(ctx.tx, ctx.accountId, {
      ...(pathPrefix !== undefined && { pathPrefix }),
      ...(request.after !== undefined && { after: request.after }),
      limit: request.maxItems + 1,
    });
    const p = page(roles, request, (r) => r.roleName);
    return { Roles: p.items.map((r) => roleXml(r, { description: true, maxSessionDuration: true })), ...pageFields(p) };
  },
};

const UpdateRole: ActionHandler = {
  service: 'iam',
  action: 'UpdateRole',
  async handle(ctx) {
    const input = ctx.params.collect((q) => ({
      roleName: readRoleName(q),
      description: q.string('Description', { max: 1000, pattern: DESCRIPTION_PATTERN }),
      maxSessionDuration: q.int('MaxSessionDuration', { min: 3600, max: 43200 }),
    }));
    await authorizeOnRole(ctx, 'iam:UpdateRole', input.roleName);
    await updateRole(ctx.tx, ctx.accountId, input.roleName, {
      ...(input.description !== undefined && { description: input.description }),
      ...(input.maxSessionDuration !== undefined && { maxSessionDuration: input.maxSessionDuration }),
    });
    return {};
  },
};

const UpdateRoleDescription: ActionHandler = {
  service: 'iam',
  action: 'UpdateRoleDescription',
  async handle(ctx) {
    const input = ctx.params.collect((q) => ({
      roleName: readRoleName(q),
      description: q.string('Description', { required: true, max: 1000, pattern: DESCRIPTION_PATTERN }),
    }));
    await authorizeOnRole(ctx, 'iam:UpdateRoleDescription', input.roleName);
    const role = await updateRole(ctx.tx, ctx.accountId, input.roleName, { description: input.description });
    const tags = await ctx.tx.tags.list({ kind: 'role', accountId: ctx.accountId, name: role.roleName });
    // AWS returns the role without MaxSessionDuration and RoleLastUsed here (LocalStack's recorded snapshots).
    return { Role: roleXml(role, { description: true, boundary: true, tags }) };
  },
};

const UpdateAssumeRolePolicy: ActionHandler = {
  service: 'iam',
  action: 'UpdateAssumeRolePolicy',
  async handle(ctx) {
    const input = ctx.params.collect((q) => ({
      roleName: readRoleName(q),
      policyDocument: readPolicyDocument(q, 'PolicyDocument') ?? '',
    }));
    await authorizeOnRole(ctx, 'iam:UpdateAssumeRolePolicy', input.roleName);
    await updateAssumeRolePolicy(ctx.tx, ctx.accountId, input.roleName, input.policyDocument);
    return undefined;
  },
};

const DeleteRole: ActionHandler = {
  service: 'iam',
  action: 'DeleteRole',
  async handle(ctx) {
    const roleName = ctx.params.collect(readRoleName);
    await authorizeOnRole(ctx, 'iam:DeleteRole', roleName);
    await deleteRole(ctx.tx, ctx.accountId, roleName);
    return undefined;
  },
};

const roleTagging = tagHandlers({
  entity: 'Role',
  readId: readRoleName,
  authorize: (ctx, action, roleName, context) => authorizeOnRole(ctx, `iam:${action}`, roleName, context),
  tag: tagRole,
  untag: untagRole,
  list: listRoleTags,
  ...TAGGING_QUIRKS,
});

const PutRolePermissionsBoundary: ActionHandler = {
  service: 'iam',
  action: 'PutRolePermissionsBoundary',
  async handle(ctx) {
    const input = ctx.params.collect((q) => ({ roleName: readRoleName(q), boundary: readArn(q, 'PermissionsBoundary') ?? '' }));
    // iam:PermissionsBoundary is the boundary being set.
    await authorizeOnRole(ctx, 'iam:PutRolePermissionsBoundary', input.roleName, boundaryContext(input.boundary));
    await putRolePermissionsBoundary(ctx.tx, ctx.accountId, input.roleName, input.boundary);
    return undefined;
  },
};

const DeleteRolePermissionsBoundary: ActionHandler = {
  service: 'iam',
  action: 'DeleteRolePermissionsBoundary',
  async handle(ctx) {
    const roleName = ctx.params.collect(readRoleName);
    await authorizeOnRole(ctx, 'iam:DeleteRolePermissionsBoundary', roleName);
    await deleteRolePermissionsBoundary(ctx.tx, ctx.accountId, roleName);
    return undefined;
  },
};

// ---------------------------------------------------------------- service-linked roles

const CreateServiceLinkedRole: ActionHandler = {
  service: 'iam',
  action: 'CreateServiceLinkedRole',
  async handle(ctx) {
    const input = ctx.params.collect((q) => ({
      awsServiceName: q.string('AWSServiceName', { required: true, min: 1, max: 128, pattern: NAME_PATTERN }) ?? '',
      description: q.string('Description', { max: 1000, pattern: DESCRIPTION_PATTERN }),
      customSuffix: q.string('CustomSuffix', { min: 1, max: 64, pattern: NAME_PATTERN }),
    }));
    const plan = planServiceLinkedRole(ctx.partition, input.awsServiceName, input.customSuffix);
    await ctx.authorize({
      action: 'iam:CreateServiceLinkedRole',
      resource: roleArn(ctx, plan.roleName, plan.path),
      context: { 'iam:AWSServiceName': input.awsServiceName },
    });
    const role = await createServiceLinkedRole(ctx.tx, scopeOf(ctx), {
      awsServiceName: input.awsServiceName,
      ...(input.description !== undefined && { description: input.description }),
      ...(input.customSuffix !== undefined && { customSuffix: input.customSuffix }),
    });
    return { Role: roleXml(role, { description: true }) };
  },
};

const DeleteServiceLinkedRole: ActionHandler = {
  service: 'iam',
  action: 'DeleteServiceLinkedRole',
  async handle(ctx) {
    const roleName = ctx.params.collect(readRoleName);
    await authorizeOnRole(ctx, 'iam:DeleteServiceLinkedRole', roleName);
    const taskId = await deleteServiceLinkedRole(ctx.tx, ctx.accountId, roleName, (n) => ctx.random(n));
    return { DeletionTaskId: taskId };
  },
};

const GetServiceLinkedRoleDeletionStatus: ActionHandler = {
  service: 'iam',
  action: 'GetServiceLinkedRoleDeletionStatus',
  readOnly: true,
  async handle(ctx) {
    const taskId = ctx.params.collect((q) => q.string('DeletionTaskId', { required: true, min: 1, max: 1000 }) ?? '');
    const task = parseDeletionTaskId(ctx.partition, ctx.accountId, taskId);
    await ctx.authorize({ action: 'iam:GetServiceLinkedRoleDeletionStatus', resource: task?.roleArn ?? '*' });
    // AWS's wording for a malformed task id is unconfirmed.
    if (!task) throw invalidInput(`Invalid deletion task id: ${taskId}`);
    return { Status: await getServiceLinkedRoleDeletionStatus(ctx.tx, ctx.accountId, task, taskId) };
  },
};

// ---------------------------------------------------------------- instance profiles

const CreateInstanceProfile: ActionHandler = {
  service: 'iam',
  action: 'CreateInstanceProfile',
  async handle(ctx) {
    const input = ctx.params.collect((q) => ({ name: readProfileName(q), path: readPath(q), tags: readTagList(q, false) }));
    await ctx.authorize({
      action: 'iam:CreateInstanceProfile',
      resource: profileArn(ctx, input.name, input.path),
      context: requestTagContext(input.tags),
    });
    const created = await createInstanceProfile(ctx.tx, scopeOf(ctx), {
      instanceProfileName: input.name,
      ...(input.path !== undefined && { path: input.path }),
      ...(input.tags !== undefined && { tags: input.tags }),
    });
    return { InstanceProfile: instanceProfileXml(created, true) };
  },
};

const GetInstanceProfile: ActionHandler = {
  service: 'iam',
  action: 'GetInstanceProfile',
  readOnly: true,
  async handle(ctx) {
    const name = ctx.params.collect(readProfileName);
    await authorizeOnProfile(ctx, 'iam:GetInstanceProfile', name);
    return { InstanceProfile: instanceProfileXml(await getInstanceProfile(ctx.tx, ctx.accountId, name), true) };
  },
};

const DeleteInstanceProfile: ActionHandler = {
  service: 'iam',
  action: 'DeleteInstanceProfile',
  async handle(ctx) {
    const name = ctx.params.collect(readProfileName);
    await authorizeOnProfile(ctx, 'iam:DeleteInstanceProfile', name);
    await deleteInstanceProfile(ctx.tx, ctx.accountId, name);
    return undefined;
  },
};

const ListInstanceProfiles: ActionHandler = {
  service: 'iam',
  action: 'ListInstanceProfiles',
  readOnly: true,
  async handle(ctx) {
    const { pathPrefix, request } = ctx.params.collect((q) => ({ pathPrefix: readPathPrefix(q), request: readPageRequest(q) }));
    await ctx.authorize({ action: 'iam:ListInstanceProfiles', resource: listResource(ctx, 'instance-profile', pathPrefix) });
    const profiles = await listInstanceProfiles(ctx.tx, ctx.accountId, {
      ...(pathPrefix !== undefined && { pathPrefix }),
      ...(request.after !== undefined && { after: request.after }),
      limit: request.maxItems + 1,
    });
    const p = page(profiles, request, (x) => x.profile.instanceProfileName);
    return { InstanceProfiles: p.items.map((x) => instanceProfileXml(x, false)), ...pageFields(p) };
  },
};

const ListInstanceProfilesForRole: ActionHandler = {
  service: 'iam',
  action: 'ListInstanceProfilesForRole',
  readOnly: true,
  async handle(ctx) {
    const { roleName, request } = ctx.params.collect((q) => ({ roleName: readRoleName(q), request: readPageRequest(q) }));
    await authorizeOnRole(ctx, 'iam:ListInstanceProfilesForRole', roleName);
    const profiles = await listInstanceProfilesForRole(ctx.tx, ctx.accountId, roleName, {
      ...(request.after !== undefined && { after: request.after }),
      limit: request.maxItems + 1,
    });
    const p = page(profiles, request, (x) => x.profile.instanceProfileName);
    return { InstanceProfiles: p.items.map((x) => instanceProfileXml(x, false)), ...pageFields(p) };
  },
};

const AddRoleToInstanceProfile: ActionHandler = {
  service: 'iam',
  action: 'AddRoleToInstanceProfile',
  async handle(ctx) {
    const input = ctx.params.collect((q) => ({ name: readProfileName(q), roleName: readRoleName(q) }));
    await authorizeOnProfile(ctx, 'iam:AddRoleToInstanceProfile', input.name);
    // AWS: "The caller of this operation must be granted the PassRole permission on the IAM role."
    const role = await ctx.tx.roles.get(ctx.accountId, input.roleName);
    if (role) await ctx.authorize({ action: 'iam:PassRole', resource: role.arn });
    await addRoleToInstanceProfile(ctx.tx, ctx.accountId, input.name, input.roleName);
    return undefined;
  },
};

const RemoveRoleFromInstanceProfile: ActionHandler = {
  service: 'iam',
  action: 'RemoveRoleFromInstanceProfile',
  async handle(ctx) {
    const input = ctx.params.collect((q) => ({ name: readProfileName(q), roleName: readRoleName(q) }));
    await authorizeOnProfile(ctx, 'iam:RemoveRoleFromInstanceProfile', input.name);
    await removeRoleFromInstanceProfile(ctx.tx, ctx.accountId, input.name, input.roleName);
    return undefined;
  },
};

const instanceProfileTagging = tagHandlers({
  entity: 'InstanceProfile',
  readId: readProfileName,
  authorize: (ctx, action, name, context) => authorizeOnProfile(ctx, `iam:${action}`, name, context),
  tag: tagInstanceProfile,
  untag: untagInstanceProfile,
  list: listInstanceProfileTags,
  ...TAGGING_QUIRKS,
});

export const handlers: readonly ActionHandler[] = [
  CreateRole,
  GetRole,
  ListRoles,
  UpdateRole,
  UpdateRoleDescription,
  UpdateAssumeRolePolicy,
  DeleteRole,
  ...roleTagging,
  PutRolePermissionsBoundary,
  DeleteRolePermissionsBoundary,
  CreateServiceLinkedRole,
  DeleteServiceLinkedRole,
  GetServiceLinkedRoleDeletionStatus,
  CreateInstanceProfile,
  GetInstanceProfile,
  DeleteInstanceProfile,
  ListInstanceProfiles,
  ListInstanceProfilesForRole,
  AddRoleToInstanceProfile,
  RemoveRoleFromInstanceProfile,
  ...instanceProfileTagging,
];
