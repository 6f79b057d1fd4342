// IAM groups and memberships: decode → authorize → identity service → encode.
import { formatArn, iamArn } from '../../arn/index.js';
import {
  addUserToGroup,
  createGroup,
  deleteGroup,
  getGroup,
  listGroups,
  listGroupsForUser,
  removeUserFromGroup,
  updateGroup,
} from '../../identity/iam/groups.js';
import type { Group } from '../../model/index.js';
import type { QueryParams, XmlObject } from '../../protocol/index.js';
import { page, pageFields, readPageRequest } from '../pagination.js';
import type { ActionContext, ActionHandler } from '../types.js';
import { readName, readPath, readPathPrefix } from './params.js';
import { authorizeOnUser, userXml } from './users.js';

const GROUP_NAME_MAX = 128;
const EXISTING_USER_NAME_MAX = 128;

export const groupXml = (g: Group): XmlObject => ({
  Path: g.path,
  GroupName: g.groupName,
  GroupId: g.groupId,
  Arn: g.arn,
  CreateDate: g.createDate,
});

const readGroupName = (q: QueryParams, name = 'GroupName', required = true): string | undefined =>
  readName(q, name, GROUP_NAME_MAX, required);

/** Authorizes `iam:<action>` on a group: its ARN when it exists, else the ARN its name would have at `/`. */
async function authorizeOnGroup(ctx: ActionContext, action: string, groupName: string): Promise<Group | undefined> {
  const group = await ctx.tx.groups.get(ctx.accountId, groupName);
  await ctx.authorize({
    action: `iam:${action}`,
    resource: group?.arn ?? iamArn(ctx.partition, ctx.accountId, 'group', '/', groupName),
  });
  return group;
}

const CreateGroup: ActionHandler = {
  service: 'iam',
  action: 'CreateGroup',
  async handle(ctx) {
    const input = ctx.params.collect((q) => ({ groupName: readGroupName(q) as string, path: readPath(q) }));
    await ctx.authorize({
      action: 'iam:CreateGroup',
      resource: iamArn(ctx.partition, ctx.accountId, 'group', input.path ?? '/', input.groupName),
    });
    const group = await createGroup(ctx.tx, {
      accountId: ctx.accountId,
      partition: ctx.partition,
      groupName: input.groupName,
      ...(input.path !== undefined && { path: input.path }),
      now: ctx.request.now,
      random: (n) => ctx.random(n),
    });
    return { Group: groupXml(group) };
  },
};

const GetGroup: ActionHandler = {
  service: 'iam',
  action: 'GetGroup',
  readOnly: true,
  async handle(ctx) {
    const input = ctx.params.collect((q) => ({ groupName: readGroupName(q) as string, request: readPageRequest(q) }));
    await authorizeOnGroup(ctx, 'GetGroup', input.groupName);
    const { group, users } = await getGroup(ctx.tx, ctx.accountId, input.groupName, {
      ...(input.request.after !== undefined && { after: input.request.after }),
      limit: input.request.maxItems + 1,
    });
    const p = page(users, input.request, (u) => u.userName);
    return { Group: groupXml(group), Users: p.items.map((u) => userXml(u)), ...pageFields(p) };
  },
};

const ListGroups: ActionHandler = {
  service: 'iam',
  action: 'ListGroups',
  readOnly: true,
  async handle(ctx) {
    const { pathPrefix, request } = ctx.params.collect((q) => ({ pathPrefix: readPathPrefix(q), request: readPageRequest(q) }));
    // As for ListUsers: the resource is the account's group path, `arn:aws:iam::A:group/` (+ the prefix).
    await ctx.authorize({
      action: 'iam:ListGroups',
      resource: formatArn({ partition: ctx.partition, service: 'iam', region: '', account: ctx.accountId, resource: `group${pathPrefix ?? '/'}` }),
    });
    const groups = await listGroups(ctx.tx, ctx.accountId, {
      ...(pathPrefix !== undefined && { pathPrefix }),
      ...(request.after !== undefined && { after: request.after }),
      limit: request.maxItems + 1,
    });
    const p = page(groups, request, (g) => g.groupName);
    return { Groups: p.items.map(groupXml), ...pageFields(p) };
  },
};

const UpdateGroup: ActionHandler = {
  service: 'iam',
  action: 'UpdateGroup',
  async handle(ctx) {
    const input = ctx.params.collect((q) => ({
      groupName: readGroupName(q) as string,
      newPath: readPath(q, 'NewPath'),
      newGroupName: readGroupName(q, 'NewGroupName', false),
    }));
    const group = await authorizeOnGroup(ctx, 'UpdateGroup', input.groupName);
    // Renaming or moving needs permission on the target too (IAM API reference, UpdateGroup).
    if (group !== undefined && (input.newGroupName !== undefined || input.newPath !== undefined)) {
      await ctx.authorize({
        action: 'iam:UpdateGroup',
        resource: iamArn(ctx.partition, ctx.accountId, 'group', input.newPath ?? group.path, input.newGroupName ?? group.groupName),
      });
    }
    await updateGroup(ctx.tx, ctx.accountId, input.groupName, {
      ...(input.newGroupName !== undefined && { newGroupName: input.newGroupName }),
      ...(input.newPath !== undefined && { newPath: input.newPath }),
    });
    return undefined;
  },
};

const DeleteGroup: ActionHandler = {
  service: 'iam',
  action: 'DeleteGroup',
  async handle(ctx) {
    const groupName = ctx.params.collect((q) => readGroupName(q) as string);
    await authorizeOnGroup(ctx, 'DeleteGroup', groupName);
    await deleteGroup(ctx.tx, ctx.accountId, groupName);
    return undefined;
  },
};

function readMembership(q: QueryParams): { groupName: string; userName: string } {
  return { groupName: readGroupName(q) as string, userName: readName(q, 'UserName', EXISTING_USER_NAME_MAX) as string };
}

const AddUserToGroup: ActionHandler = {
  service: 'iam',
  action: 'AddUserToGroup',
  async handle(ctx) {
    const input = ctx.params.collect(readMembership);
    await authorizeOnGroup(ctx, 'AddUserToGroup', input.groupName);
    await addUserToGroup(ctx.tx, ctx.accountId, input.groupName, input.userName);
    return undefined;
  },
};

const RemoveUserFromGroup: ActionHandler = {
  service: 'iam',
  action: 'RemoveUserFromGroup',
  async handle(ctx) {
    const input = ctx.params.collect(readMembership);
    await authorizeOnGroup(ctx, 'RemoveUserFromGroup', input.groupName);
    await removeUserFromGroup(ctx.tx, ctx.accountId, input.groupName, input.userName);
    return undefined;
  },
};

const ListGroupsForUser: ActionHandler = {
  service: 'iam',
  action: 'ListGroupsForUser',
  readOnly: true,
  async handle(ctx) {
    const input = ctx.params.collect((q) => ({
      userName: readName(q, 'UserName', EXISTING_USER_NAME_MAX) as string,
      request: readPageRequest(q),
    }));
    await authorizeOnUser(ctx, 'ListGroupsForUser', input.userName);
    const groups = await listGroupsForUser(ctx.tx, ctx.accountId, input.userName, {
      ...(input.request.after !== undefined && { after: input.request.after }),
      limit: input.request.maxItems + 1,
    });
    const p = page(groups, input.request, (g) => g.groupName);
    return { Groups: p.items.map(groupXml), ...pageFields(p) };
  },
};

export const handlers: readonly ActionHandler[] = [
  CreateGroup,
  GetGroup,
  ListGroups,
  UpdateGroup,
  DeleteGroup,
  AddUserToGroup,
  RemoveUserFromGroup,
  ListGroupsForUser,
];
