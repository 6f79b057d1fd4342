// IAM users, their access keys and login profiles: decode → authorize → identity service → encode.
import { formatArn, iamArn, rootArn } from '../../arn/index.js';
import {
  createAccessKey,
  deleteAccessKey,
  findAccessKey,
  getAccessKeyLastUsed,
  listAccessKeys,
  updateAccessKey,
} from '../../identity/iam/access-keys.js';
import type { KeyOwner } from '../../identity/iam/access-keys.js';
import { createLoginProfile, deleteLoginProfile, getLoginProfile, updateLoginProfile } from '../../identity/iam/login-profiles.js';
import type { LoginProfileView } from '../../identity/iam/login-profiles.js';
import {
  createUser,
  deleteUser,
  deleteUserPermissionsBoundary,
  getRootUser,
  listUserTags,
  listUsers,
  putUserPermissionsBoundary,
  tagUser,
  untagUser,
  updateUser,
  userNotFound,
  userTagTarget,
} from '../../identity/iam/users.js';
import { validationFailure } from '../../identity/errors.js';
import { requestTagContext } from '../../identity/tags.js';
import type { AccessKeyMetadata, StatusType, Tag, User } from '../../model/index.js';
import { checkString, memberName, validationError } from '../../protocol/index.js';
import type { QueryParams, XmlObject } from '../../protocol/index.js';
import { page, pageFields, readPageRequest } from '../pagination.js';
import type { ActionContext, ActionHandler } from '../types.js';
import { pageAfter, readArn, readName, readPath, readPathPrefix, readTags } from './params.js';
import { optionalTags, tagHandlers } from './tagging.js';

/** botocore `userNameType` (new names) and `existingUserNameType` (names of users that exist). */
const USER_NAME_MAX = 64;
const EXISTING_USER_NAME_MAX = 128;
const ACCESS_KEY_ID = { min: 16, max: 128, pattern: '[\\w]+' };
const PASSWORD = { min: 1, max: 128, pattern: '[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+' };
const STATUS_VALUES: readonly StatusType[] = ['Active', 'Inactive'];
const NON_USER_MESSAGE = 'Must specify userName when calling with non-User credentials';

// ---- shapes (element order from botocore's IAM model) -------------------------------------

/** `User`. Tags and the boundary appear in CreateUser/GetUser only; list calls leave them out, as AWS does. */
export function userXml(user: User, extras?: { tags: readonly Tag[] }): XmlObject {
  return {
    Path: user.path,
    UserName: user.userName,
    UserId: user.userId,
    Arn: user.arn,
    CreateDate: user.createDate,
    PasswordLastUsed: user.passwordLastUsed,
    ...(extras !== undefined && {
      PermissionsBoundary:
        user.permissionsBoundaryArn === undefined
          ? undefined
          : { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: user.permissionsBoundaryArn },
      Tags: optionalTags(extras.tags),
    }),
  };
}

const accessKeyMetadataXml = (k: AccessKeyMetadata): XmlObject => ({
  UserName: k.userName,
  AccessKeyId: k.accessKeyId,
  Status: k.status,
  CreateDate: k.createDate,
});

const loginProfileXml = (p: LoginProfileView): XmlObject => ({
  UserName: p.userName,
  CreateDate: p.createDate,
  PasswordResetRequired: p.passwordResetRequired,
});

// ---- shared steps -------------------------------------------------------------------------

/**
 * Authorizes `iam:<action>` on a user: its ARN (with path) and tags when it exists, else the ARN its name
 * would have at `/`, so that a caller without permission learns nothing about existence.
 */
export async function authorizeOnUser(
  ctx: ActionContext,
  action: string,
  userName: string,
  context?: Record<string, string | string[]>,
): Promise<User | undefined> {
  return (await authorizeOnUserWithTags(ctx, action, userName, context)).user;
}

/** `authorizeOnUser`, also returning the tags it read (GetUser answers with them: no second read). */
async function authorizeOnUserWithTags(
  ctx: ActionContext,
  action: string,
  userName: string,
  context?: Record<string, string | string[]>,
): Promise<{ user: User | undefined; tags: Tag[] }> {
  const user = await ctx.tx.users.get(ctx.accountId, userName);
  const resourceTags = user === undefined ? [] : await ctx.tx.tags.list(userTagTarget(ctx.accountId, user.userName));
  await ctx.authorize({
    action: `iam:${action}`,
    resource: user?.arn ?? iamArn(ctx.partition, ctx.accountId, 'user', '/', userName),
    ...(context !== undefined && { context }),
    resourceTags,
  });
  return { user, tags: resourceTags };
}

/** The target of an action whose UserName is optional: the named user, else the caller (an IAM user or root). */
type Target = { readonly kind: 'user'; readonly userName: string } | { readonly kind: 'root' };

function targetOf(ctx: ActionContext, userName: string | undefined): Target {
  if (userName !== undefined) return { kind: 'user', userName };
  const caller = ctx.caller;
  if (caller.kind === 'root') return { kind: 'root' };
  if (caller.kind === 'user' && caller.userName !== undefined) return { kind: 'user', userName: caller.userName };
  throw validationFailure(NON_USER_MESSAGE);
}

/** A user target only (login profiles): root and sessions must name the user. */
function userTargetOf(ctx: ActionContext, userName: string | undefined): string {
  const target = targetOf(ctx, userName);
  if (target.kind === 'root') throw validationFailure(NON_USER_MESSAGE);
  return target.userName;
}

async function authorizeOnTarget(ctx: ActionContext, action: string, target: Target): Promise<KeyOwner> {
  if (target.kind === 'root') {
    await ctx.authorize({ action: `iam:${action}`, resource: ctx.caller.arn });
    return { accountId: ctx.accountId };
  }
  await authorizeOnUser(ctx, action, target.userName);
  return { accountId: ctx.accountId, userName: target.userName };
}

const readExistingUserName = (q: QueryParams, required = true): string | undefined =>
  readName(q, 'UserName', EXISTING_USER_NAME_MAX, required);

/** The `Status` enum, with AWS's enum wording. */
function readStatus(q: QueryParams): StatusType {
  const status = q.string('Status', { required: true });
  if (!(STATUS_VALUES as readonly string[]).includes(status)) {
    throw validationError([{ value: status, member: 'status', constraint: `satisfy enum value set: [${STATUS_VALUES.join(', ')}]` }]);
  }
  return status as StatusType;
}

/**
 * A password parameter. Its constraint errors never echo the value (a password is a secret); AWS's exact
 * text for sensitive members is unconfirmed.
 */
function readPassword(q: QueryParams, name: string, required: boolean): string | undefined {
  const value = q.get(name);
  if (value === undefined) {
    if (required) q.string(name, { required: true });
    return undefined;
  }
  const violations = checkString(value, memberName(name), PASSWORD);
  if (violations.length > 0) {
    const head = violations.length === 1 ? '1 validation error detected: ' : `${violations.length} validation errors detected: `;
    throw validationFailure(
      head + violations.map((v) => `Value at '${v.member}' failed to satisfy constraint: Member must ${v.constraint}`).join('; '),
    );
  }
  return value;
}

// ---- users --------------------------------------------------------------------------------

const CreateUser: ActionHandler = {
  service: 'iam',
  action: 'CreateUser',
  async handle(ctx) {
    const input = ctx.params.collect((q) => ({
      userName: readName(q, 'UserName', USER_NAME_MAX) as string,
      path: readPath(q),
      permissionsBoundary: readArn(q, 'PermissionsBoundary', false),
      tags: readTags(q),
    }));
    await ctx.authorize({
      action: 'iam:CreateUser',
      resource: iamArn(ctx.partition, ctx.accountId, 'user', input.path ?? '/', input.userName),
      context: {
        ...requestTagContext(input.tags),
        ...(input.permissionsBoundary !== undefined && { 'iam:PermissionsBoundary': input.permissionsBoundary }),
      },
    });
    const { user, tags } = await createUser(ctx.tx, {
      accountId: ctx.accountId,
      partition: ctx.partition,
      userName: input.userName,
      ...(input.path !== undefined && { path: input.path }),
      ...(input.permissionsBoundary !== undefined && { permissionsBoundary: input.permissionsBoundary }),
      ...(input.tags !== undefined && { tags: input.tags }),
      now: ctx.request.now,
      random: (n) => ctx.random(n),
    });
    return { User: userXml(user, { tags }) };
  },
};

const GetUser: ActionHandler = {
  service: 'iam',
  action: 'GetUser',
  readOnly: true,
  async handle(ctx) {
    const userName = ctx.params.collect((q) => readExistingUserName(q, false));
    const target = targetOf(ctx, userName);
    if (target.kind === 'root') {
      await ctx.authorize({ action: 'iam:GetUser', resource: ctx.caller.arn });
      // AWS answers a root caller with the root user: no Path or UserName, the account id as UserId.
      const root = await getRootUser(ctx.tx, ctx.accountId);
      return { User: { UserId: root.userId, Arn: root.arn, CreateDate: root.createDate } };
    }
    // One read of the user and its tags serves the authorization and the answer (same transaction).
    const { user, tags } = await authorizeOnUserWithTags(ctx, 'GetUser', target.userName);
    if (user === undefined) throw userNotFound(target.userName);
    return { User: userXml(user, { tags }) };
  },
};

const ListUsers: ActionHandler = {
  service: 'iam',
  action: 'ListUsers',
  readOnly: true,
  async handle(ctx) {
    const { pathPrefix, request } = ctx.params.collect((q) => ({ pathPrefix: readPathPrefix(q), request: readPageRequest(q) }));
    // AWS names the account's user path as the resource: `arn:aws:iam::A:user/` (+ the prefix).
    await ctx.authorize({
      action: 'iam:ListUsers',
      resource: formatArn({ partition: ctx.partition, service: 'iam', region: '', account: ctx.accountId, resource: `user${pathPrefix ?? '/'}` }),
    });
    const users = await listUsers(ctx.tx, ctx.accountId, {
      ...(pathPrefix !== undefined && { pathPrefix }),
      ...(request.after !== undefined && { after: request.after }),
      limit: request.maxItems + 1,
    });
    const p = page(users, request, (u) => u.userName);
    return { Users: p.items.map((u) => userXml(u)), ...pageFields(p) };
  },
};

const UpdateUser: ActionHandler = {
  service: 'iam',
  action: 'UpdateUser',
  async handle(ctx) {
    const input = ctx.params.collect((q) => ({
      userName: readExistingUserName(q) as string,
      newPath: readPath(q, 'NewPath'),
      newUserName: readName(q, 'NewUserName', USER_NAME_MAX, false),
    }));
    const user = await authorizeOnUser(ctx, 'UpdateUser', input.userName);
    // Renaming or moving needs permission on the target too (IAM API reference, UpdateUser).
    if (user !== undefined && (input.newUserName !== undefined || input.newPath !== undefined)) {
      await ctx.authorize({
        action: 'iam:UpdateUser',
        resource: iamArn(ctx.partition, ctx.accountId, 'user', input.newPath ?? user.path, input.newUserName ?? user.userName),
      });
    }
    await updateUser(ctx.tx, ctx.accountId, input.userName, {
      ...(input.newUserName !== undefined && { newUserName: input.newUserName }),
      ...(input.newPath !== undefined && { newPath: input.newPath }),
    });
    return undefined;
  },
};

const DeleteUser: ActionHandler = {
  service: 'iam',
  action: 'DeleteUser',
  async handle(ctx) {
    const userName = ctx.params.collect((q) => readExistingUserName(q) as string);
    await authorizeOnUser(ctx, 'DeleteUser', userName);
    await deleteUser(ctx.tx, ctx.accountId, userName);
    return undefined;
  },
};

const userTagging = tagHandlers({
  entity: 'User',
  readId: (q) => readExistingUserName(q) as string,
  authorize: authorizeOnUser,
  tag: tagUser,
  untag: untagUser,
  list: listUserTags,
});

const PutUserPermissionsBoundary: ActionHandler = {
  service: 'iam',
  action: 'PutUserPermissionsBoundary',
  async handle(ctx) {
    const input = ctx.params.collect((q) => ({
      userName: readName(q, 'UserName', USER_NAME_MAX) as string,
      boundary: readArn(q, 'PermissionsBoundary') as string,
    }));
    await authorizeOnUser(ctx, 'PutUserPermissionsBoundary', input.userName, { 'iam:PermissionsBoundary': input.boundary });
    await putUserPermissionsBoundary(ctx.tx, ctx.accountId, ctx.partition, input.userName, input.boundary);
    return undefined;
  },
};

const DeleteUserPermissionsBoundary: ActionHandler = {
  service: 'iam',
  action: 'DeleteUserPermissionsBoundary',
  async handle(ctx) {
    const userName = ctx.params.collect((q) => readName(q, 'UserName', USER_NAME_MAX) as string);
    const existing = await ctx.tx.users.get(ctx.accountId, userName);
    const boundary = existing?.permissionsBoundaryArn;
    await authorizeOnUser(ctx, 'DeleteUserPermissionsBoundary', userName, boundary === undefined ? undefined : { 'iam:PermissionsBoundary': boundary });
    await deleteUserPermissionsBoundary(ctx.tx, ctx.accountId, userName);
    return undefined;
  },
};

// ---- access keys --------------------------------------------------------------------------

const CreateAccessKey: ActionHandler = {
  service: 'iam',
  action: 'CreateAccessKey',
  async handle(ctx) {
    const userName = ctx.params.collect((q) => readExistingUserName(q, false));
    const owner = await authorizeOnTarget(ctx, 'CreateAccessKey', targetOf(ctx, userName));
    const key = await createAccessKey(ctx.tx, owner, ctx.request.now, (n) => ctx.random(n));
    return {
      AccessKey: {
        UserName: key.userName,
        AccessKeyId: key.accessKeyId,
        Status: key.status,
        SecretAccessKey: key.secretAccessKey,
        CreateDate: key.createDate,
      },
    };
  },
};

const ListAccessKeys: ActionHandler = {
  service: 'iam',
  action: 'ListAccessKeys',
  readOnly: true,
  async handle(ctx) {
    const input = ctx.params.collect((q) => ({ userName: readExistingUserName(q, false), request: readPageRequest(q) }));
    const owner = await authorizeOnTarget(ctx, 'ListAccessKeys', targetOf(ctx, input.userName));
    const keys = await listAccessKeys(ctx.tx, owner);
    const p = pageAfter(keys, input.request, (k) => k.accessKeyId);
    return { AccessKeyMetadata: p.items.map(accessKeyMetadataXml), ...pageFields(p) };
  },
};

function readKeyInput(q: QueryParams): { userName: string | undefined; accessKeyId: string } {
  return {
    userName: readExistingUserName(q, false),
    accessKeyId: q.string('AccessKeyId', { required: true, ...ACCESS_KEY_ID }),
  };
}

const UpdateAccessKey: ActionHandler = {
  service: 'iam',
  action: 'UpdateAccessKey',
  async handle(ctx) {
    const input = ctx.params.collect(readKeyInput);
    const status = readStatus(ctx.params);
    const owner = await authorizeOnTarget(ctx, 'UpdateAccessKey', targetOf(ctx, input.userName));
    await updateAccessKey(ctx.tx, owner, input.accessKeyId, status);
    return undefined;
  },
};

const DeleteAccessKey: ActionHandler = {
  service: 'iam',
  action: 'DeleteAccessKey',
  async handle(ctx) {
    const input = ctx.params.collect(readKeyInput);
    const owner = await authorizeOnTarget(ctx, 'DeleteAccessKey', targetOf(ctx, input.userName));
    await deleteAccessKey(ctx.tx, owner, input.accessKeyId);
    return undefined;
  },
};

const GetAccessKeyLastUsed: ActionHandler = {
  service: 'iam',
  action: 'GetAccessKeyLastUsed',
  readOnly: true,
  async handle(ctx) {
    const accessKeyId = ctx.params.collect((q) => q.string('AccessKeyId', { required: true, ...ACCESS_KEY_ID }));
    const found = await findAccessKey(ctx.tx, ctx.accountId, accessKeyId);
    if (found?.userName !== undefined) await authorizeOnUser(ctx, 'GetAccessKeyLastUsed', found.userName);
    else if (found !== undefined) {
      await ctx.authorize({ action: 'iam:GetAccessKeyLastUsed', resource: rootArn(ctx.partition, ctx.accountId) });
    } else {
      // An unknown key has no owner to name: authorize against no particular resource, then report it missing.
      await ctx.authorize({ action: 'iam:GetAccessKeyLastUsed' });
    }
    const info = await getAccessKeyLastUsed(ctx.tx, ctx.accountId, accessKeyId);
    return {
      UserName: info.userName,
      AccessKeyLastUsed: {
        LastUsedDate: info.lastUsed?.date,
        // AWS's placeholders for a key never used.
        ServiceName: info.lastUsed?.service || 'N/A',
        Region: info.lastUsed?.region || 'N/A',
      },
    };
  },
};

// ---- login profiles -----------------------------------------------------------------------

const CreateLoginProfile: ActionHandler = {
  service: 'iam',
  action: 'CreateLoginProfile',
  async handle(ctx) {
    const input = ctx.params.collect((q) => ({
      userName: readExistingUserName(q, false),
      passwordResetRequired: q.bool('PasswordResetRequired'),
    }));
    const password = readPassword(ctx.params, 'Password', true) as string;
    const userName = userTargetOf(ctx, input.userName);
    await authorizeOnUser(ctx, 'CreateLoginProfile', userName);
    const profile = await createLoginProfile(ctx.tx, {
      accountId: ctx.accountId,
      userName,
      password,
      ...(input.passwordResetRequired !== undefined && { passwordResetRequired: input.passwordResetRequired }),
      now: ctx.request.now,
      random: (n) => ctx.random(n),
    });
    return { LoginProfile: loginProfileXml(profile) };
  },
};

const GetLoginProfile: ActionHandler = {
  service: 'iam',
  action: 'GetLoginProfile',
  readOnly: true,
  async handle(ctx) {
    const userName = userTargetOf(ctx, ctx.params.collect((q) => readExistingUserName(q, false)));
    await authorizeOnUser(ctx, 'GetLoginProfile', userName);
    return { LoginProfile: loginProfileXml(await getLoginProfile(ctx.tx, ctx.accountId, userName)) };
  },
};

const UpdateLoginProfile: ActionHandler = {
  service: 'iam',
  action: 'UpdateLoginProfile',
  async handle(ctx) {
    const input = ctx.params.collect((q) => ({
      userName: readName(q, 'UserName', USER_NAME_MAX) as string,
      passwordResetRequired: q.bool('PasswordResetRequired'),
    }));
    const password = readPassword(ctx.params, 'Password', false);
    await authorizeOnUser(ctx, 'UpdateLoginProfile', input.userName);
    await updateLoginProfile(ctx.tx, {
      accountId: ctx.accountId,
      userName: input.userName,
      ...(password !== undefined && { password }),
      ...(input.passwordResetRequired !== undefined && { passwordResetRequired: input.passwordResetRequired }),
      random: (n) => ctx.random(n),
    });
    return undefined;
  },
};

const DeleteLoginProfile: ActionHandler = {
  service: 'iam',
  action: 'DeleteLoginProfile',
  async handle(ctx) {
    const userName = userTargetOf(ctx, ctx.params.collect((q) => readExistingUserName(q, false)));
    await authorizeOnUser(ctx, 'DeleteLoginProfile', userName);
    await deleteLoginProfile(ctx.tx, ctx.accountId, userName);
    return undefined;
  },
};

export const handlers: readonly ActionHandler[] = [
  CreateUser,
  GetUser,
  ListUsers,
  UpdateUser,
  DeleteUser,
  ...userTagging,
  PutUserPermissionsBoundary,
  DeleteUserPermissionsBoundary,
  CreateAccessKey,
  ListAccessKeys,
  UpdateAccessKey,
  DeleteAccessKey,
  GetAccessKeyLastUsed,
  CreateLoginProfile,
  GetLoginProfile,
  UpdateLoginProfile,
  DeleteLoginProfile,
];
