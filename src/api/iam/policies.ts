// IAM actions on managed policies (and their versions), attachments and inline policies. Each handler
// follows api/types.ts: decode → authorize → identity service → encode. Resources and condition keys are
// AWS's ("Actions, resources, and condition keys for IAM"): the policy ARN for policy actions, the
// user/group/role ARN for attach and inline actions, with iam:PolicyARN and iam:PermissionsBoundary.
import { iamArn } from '../../arn/index.js';
import type { ContextValue } from '../../engine/index.js';
import { isAwsManagedPolicyArn } from '../../model/index.js';
import type { ManagedPolicy, PrincipalType, Tag } from '../../model/index.js';
import { accessDenied, memberName, urlEncodePolicy, validationError } from '../../protocol/index.js';
import type { QueryParams, XmlObject } from '../../protocol/index.js';
import {
  attachPolicy,
  attachedListKey,
  detachPolicy,
  listAttachedPolicies,
} from '../../identity/iam/attachments.js';
import {
  deleteInlinePolicy,
  getInlinePolicy,
  listInlinePolicyNames,
  putInlinePolicy,
} from '../../identity/iam/inline-policies.js';
import {
  createPolicy,
  deletePolicy,
  entityListKey,
  getPolicy,
  listEntitiesForPolicy,
  listPolicies,
  listPolicyTags,
  policyListKey,
  policyResourceTags,
  tagPolicy,
  untagPolicy,
} from '../../identity/iam/policies.js';
import type { EntityFilter, PolicyEntity, PolicyScope, PolicyUsage } from '../../identity/iam/policies.js';
import {
  createPolicyVersion,
  deletePolicyVersion,
  getPolicyVersion,
  listPolicyVersions,
  setDefaultPolicyVersion,
  versionNumber,
} from '../../identity/iam/policy-versions.js';
import type { PolicyVersionInfo } from '../../identity/iam/policy-versions.js';
import { requestTagContext } from '../../identity/tags.js';
import { page, pageFields, pageOf, readPageRequest } from '../pagination.js';
import type { PageRequest } from '../pagination.js';
import type { ActionContext, ActionHandler } from '../types.js';
import { POLICY_PATH_PATTERN, readArn, readName, readPath, readPolicyDocument, readTags } from './params.js';
import { optionalTags, tagHandlers } from './tagging.js';

// ---- decoding -------------------------------------------------------------------------------------------

const VERSION_ID_PATTERN = 'v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?';

function readEnum<T extends string>(params: QueryParams, name: string, values: readonly T[]): T | undefined {
  const value = params.string(name);
  if (value === undefined) return undefined;
  if (!(values as readonly string[]).includes(value)) {
    throw validationError([{ value, member: memberName(name), constraint: `satisfy enum value set: [${values.join(', ')}]` }]);
  }
  return value as T;
}

const readPolicyPathPrefix = (params: QueryParams): string | undefined =>
  params.string('PathPrefix', { min: 1, max: 512, pattern: POLICY_PATH_PATTERN });

const readPolicyPath = (params: QueryParams): string | undefined =>
  params.string('Path', { min: 1, max: 512, pattern: POLICY_PATH_PATTERN });

const readPolicyName = (params: QueryParams): string => readName(params, 'PolicyName', 128)!;

const readVersionId = (params: QueryParams): string => params.string('VersionId', { required: true, pattern: VERSION_ID_PATTERN });

/** `UserName` of the inline-policy actions is `existingUserNameType` (1–128), not `userNameType` (1–64). */
const PRINCIPAL_NAME_MAX: Readonly<Record<PrincipalType, number>> = { user: 64, group: 128, role: 64 };

const PRINCIPAL_PARAM: Readonly<Record<PrincipalType, string>> = { user: 'UserName', group: 'GroupName', role: 'RoleName' };

// ---- authorization --------------------------------------------------------------------------------------

interface PrincipalTarget {
  readonly resource: string;
  readonly resourceTags: Tag[];
  readonly boundary?: string;
}

/**
 * What an action on a user, group or role is authorized against: the entity's ARN (with its path) and tags,
 * or the ARN it would have at path `/` when it does not exist (the identity service then answers NoSuchEntity).
 */
async function principalTarget(ctx: ActionContext, type: PrincipalType, name: string): Promise<PrincipalTarget> {
  const fallback = { resource: iamArn(ctx.partition, ctx.accountId, type, '/', name), resourceTags: [] };
  if (type === 'group') {
    const group = await ctx.tx.groups.get(ctx.accountId, name);
    return group ? { resource: group.arn, resourceTags: [] } : fallback;
  }
  const entity = type === 'user' ? await ctx.tx.users.get(ctx.accountId, name) : await ctx.tx.roles.get(ctx.accountId, name);
  if (entity === undefined) return fallback;
  const tags = await ctx.tx.tags.list({ kind: type, accountId: ctx.accountId, name: 'userName' in entity ? entity.userName : entity.roleName });
  return {
    resource: entity.arn,
    resourceTags: tags,
    ...(entity.permissionsBoundaryArn !== undefined && { boundary: entity.permissionsBoundaryArn }),
  };
}

async function authorizeOnPrincipal(
  ctx: ActionContext,
  action: string,
  type: PrincipalType,
  name: string,
  extra: Record<string, ContextValue> = {},
): Promise<void> {
  const target = await principalTarget(ctx, type, name);
  const context: Record<string, ContextValue> = { ...extra };
  if (target.boundary !== undefined && type !== 'group') context['iam:PermissionsBoundary'] = target.boundary;
  await ctx.authorize({ action: `iam:${action}`, resource: target.resource, context, resourceTags: target.resourceTags });
}

async function authorizeOnPolicy(ctx: ActionContext, action: string, arn: string, context?: Record<string, ContextValue>): Promise<void> {
  await ctx.authorize({
    action: `iam:${action}`,
    resource: arn,
    ...(context !== undefined && { context }),
    resourceTags: await policyResourceTags(ctx.tx, ctx.accountId, arn),
  });
}

/**
 * An AWS-managed policy belongs to the `aws` account: changing it is a cross-account request no resource
 * policy allows (AWS's exact wording for this case is unconfirmed).
 */
function refuseAwsManaged(ctx: ActionContext, action: string, arn: string): void {
  if (!isAwsManagedPolicyArn(arn)) return;
  throw accessDenied(
    `User: ${ctx.caller.arn} is not authorized to perform: iam:${action} on resource: policy ${arn} because no resource-based policy allows the iam:${action} action`,
  );
}

// ---- encoding -------------------------------------------------------------------------------------------

/** botocore's `Policy` shape, in its member order. Lists omit Description and Tags, as IAM's list calls do. */
function policyXml(p: ManagedPolicy, options: { tags?: readonly Tag[]; full?: boolean } = {}): XmlObject {
  return {
    PolicyName: p.policyName,
    PolicyId: p.policyId,
    Arn: p.arn,
    Path: p.path,
    DefaultVersionId: p.defaultVersionId,
    AttachmentCount: p.attachmentCount,
    PermissionsBoundaryUsageCount: p.permissionsBoundaryUsageCount,
    IsAttachable: p.isAttachable,
    Description: options.full ? p.description : undefined,
    CreateDate: p.createDate,
    UpdateDate: p.updateDate,
    Tags: options.tags !== undefined ? optionalTags(options.tags) : undefined,
  };
}

const versionXml = (v: PolicyVersionInfo & { document?: string }): XmlObject => ({
  Document: v.document !== undefined ? urlEncodePolicy(v.document) : undefined,
  VersionId: v.versionId,
  IsDefaultVersion: v.isDefaultVersion,
  CreateDate: v.createDate,
});

// ---- pagination of lists not ordered by name ------------------------------------------------------------

/** Versions come newest first; the marker is the last version id returned. */
function pageVersions(versions: readonly PolicyVersionInfo[], request: PageRequest) {
  const after = request.after;
  const rest = after === undefined ? versions : versions.filter((v) => versionNumber(v.versionId) < versionNumber(after));
  return page(rest, request, (v) => v.versionId);
}


// ---- managed policies -----------------------------------------------------------------------------------

const policyHandlers: ActionHandler[] = [
  {
    service: 'iam',
    action: 'CreatePolicy',
    async handle(ctx) {
      const input = ctx.params.collect((q) => ({
        policyName: readPolicyName(q),
        path: readPolicyPath(q),
        document: readPolicyDocument(q, 'PolicyDocument')!,
        description: q.string('Description', { max: 1000 }),
        tags: readTags(q),
      }));
      const path = input.path ?? '/';
      await ctx.authorize({
        action: 'iam:CreatePolicy',
        resource: iamArn(ctx.partition, ctx.accountId, 'policy', path, input.policyName),
        context: requestTagContext(input.tags),
      });
      const { policy, tags } = await createPolicy(ctx.tx, {
        accountId: ctx.accountId,
        partition: ctx.partition,
        policyName: input.policyName,
        path,
        document: input.document,
        ...(input.description !== undefined && { description: input.description }),
        ...(input.tags !== undefined && { tags: input.tags }),
        now: ctx.request.now,
        random: (n) => ctx.random(n),
      });
      return { Policy: policyXml(policy, { tags, full: true }) };
    },
  },
  {
    service: 'iam',
    action: 'GetPolicy',
    readOnly: true,
    async handle(ctx) {
      const arn = readArn(ctx.params, 'PolicyArn')!;
      await authorizeOnPolicy(ctx, 'GetPolicy', arn);
      const { policy, tags } = await getPolicy(ctx.tx, ctx.accountId, arn);
      return { Policy: policyXml(policy, { tags, full: true }) };
    },
  },
  {
    service: 'iam',
    action: 'ListPolicies',
    readOnly: true,
    async handle(ctx) {
      const input = ctx.params.collect((q) => ({
        scope: readEnum<PolicyScope>(q, 'Scope', ['All', 'AWS', 'Local']),
        onlyAttached: q.bool('OnlyAttached'),
        pathPrefix: readPolicyPathPrefix(q),
        usage: readEnum<PolicyUsage>(q, 'PolicyUsageFilter', ['PermissionsPolicy', 'PermissionsBoundary']),
        page: readPageRequest(q),
      }));
      await ctx.authorize({ action: 'iam:ListPolicies' });
      const filter = {
        partition: ctx.partition,
        ...(input.scope !== undefined && { scope: input.scope }),
        ...(input.onlyAttached !== undefined && { onlyAttached: input.onlyAttached }),
        ...(input.pathPrefix !== undefined && { pathPrefix: input.pathPrefix }),
        ...(input.usage !== undefined && { policyUsageFilter: input.usage }),
      };
      // One more than a page, to know whether the list is truncated.
      const window = { ...(input.page.after !== undefined && { after: input.page.after }), limit: input.page.maxItems + 1 };
      const all = await listPolicies(ctx.tx, ctx.accountId, filter, window);
      const p = page(all, input.page, policyListKey);
      return { Policies: p.items.map((x) => policyXml(x)), ...pageFields(p) };
    },
  },
  {
    service: 'iam',
    action: 'DeletePolicy',
    async handle(ctx) {
      const arn = readArn(ctx.params, 'PolicyArn')!;
      await authorizeOnPolicy(ctx, 'DeletePolicy', arn);
      refuseAwsManaged(ctx, 'DeletePolicy', arn);
      await deletePolicy(ctx.tx, ctx.accountId, arn);
      return undefined;
    },
  },
  ...tagHandlers({
    entity: 'Policy',
    readId: (q) => readArn(q, 'PolicyArn')!,
    authorize: authorizeOnPolicy,
    tag: tagPolicy,
    untag: untagPolicy,
    list: listPolicyTags,
    // A missing Tags list is reported alone, once PolicyArn is valid.
    readTags,
    beforeChange: refuseAwsManaged,
  }),
  {
    service: 'iam',
    action: 'ListEntitiesForPolicy',
    readOnly: true,
    async handle(ctx) {
      const input = ctx.params.collect((q) => ({
        arn: readArn(q, 'PolicyArn')!,
        entityFilter: readEnum<EntityFilter>(q, 'EntityFilter', ['User', 'Role', 'Group', 'LocalManagedPolicy', 'AWSManagedPolicy']),
        pathPrefix: readPath(q, 'PathPrefix'),
        usage: readEnum<PolicyUsage>(q, 'PolicyUsageFilter', ['PermissionsPolicy', 'PermissionsBoundary']),
        page: readPageRequest(q),
      }));
      await authorizeOnPolicy(ctx, 'ListEntitiesForPolicy', input.arn);
      const entities = await listEntitiesForPolicy(ctx.tx, ctx.accountId, input.arn, {
        ...(input.entityFilter !== undefined && { entityFilter: input.entityFilter }),
        ...(input.pathPrefix !== undefined && { pathPrefix: input.pathPrefix }),
        ...(input.usage !== undefined && { policyUsageFilter: input.usage }),
      });
      const p = pageOf(entities, input.page, entityListKey);
      const of = <T extends PolicyEntity['type']>(type: T) => p.items.filter((e): e is Extract<PolicyEntity, { type: T }> => e.type === type);
      return {
        PolicyGroups: of('group').map((e) => ({ GroupName: e.entity.groupName, GroupId: e.entity.groupId })),
        PolicyUsers: of('user').map((e) => ({ UserName: e.entity.userName, UserId: e.entity.userId })),
        PolicyRoles: of('role').map((e) => ({ RoleName: e.entity.roleName, RoleId: e.entity.roleId })),
        ...pageFields(p),
      };
    },
  },
];

// ---- policy versions ------------------------------------------------------------------------------------

const versionHandlers: ActionHandler[] = [
  {
    service: 'iam',
    action: 'CreatePolicyVersion',
    async handle(ctx) {
      const input = ctx.params.collect((q) => ({
        arn: readArn(q, 'PolicyArn')!,
        document: readPolicyDocument(q, 'PolicyDocument')!,
        setAsDefault: q.bool('SetAsDefault'),
      }));
      await authorizeOnPolicy(ctx, 'CreatePolicyVersion', input.arn);
      refuseAwsManaged(ctx, 'CreatePolicyVersion', input.arn);
      const version = await createPolicyVersion(ctx.tx, {
        accountId: ctx.accountId,
        policyArn: input.arn,
        document: input.document,
        setAsDefault: input.setAsDefault ?? false,
        now: ctx.request.now,
      });
      // AWS's model has a Document here, but IAM leaves it out of CreatePolicyVersion's answer.
      return { PolicyVersion: versionXml({ ...version, document: undefined }) };
    },
  },
  {
    service: 'iam',
    action: 'GetPolicyVersion',
    readOnly: true,
    async handle(ctx) {
      const input = ctx.params.collect((q) => ({ arn: readArn(q, 'PolicyArn')!, versionId: readVersionId(q) }));
      await authorizeOnPolicy(ctx, 'GetPolicyVersion', input.arn);
      const version = await getPolicyVersion(ctx.tx, ctx.accountId, input.arn, input.versionId);
      return { PolicyVersion: versionXml(version) };
    },
  },
  {
    service: 'iam',
    action: 'ListPolicyVersions',
    readOnly: true,
    async handle(ctx) {
      const input = ctx.params.collect((q) => ({ arn: readArn(q, 'PolicyArn')!, page: readPageRequest(q) }));
      await authorizeOnPolicy(ctx, 'ListPolicyVersions', input.arn);
      const versions = await listPolicyVersions(ctx.tx, ctx.accountId, input.arn);
      const p = pageVersions(versions, input.page);
      return { Versions: p.items.map((v) => versionXml({ ...v, document: undefined })), ...pageFields(p) };
    },
  },
  {
    service: 'iam',
    action: 'DeletePolicyVersion',
    async handle(ctx) {
      const input = ctx.params.collect((q) => ({ arn: readArn(q, 'PolicyArn')!, versionId: readVersionId(q) }));
      await authorizeOnPolicy(ctx, 'DeletePolicyVersion', input.arn);
      refuseAwsManaged(ctx, 'DeletePolicyVersion', input.arn);
      await deletePolicyVersion(ctx.tx, ctx.accountId, input.arn, input.versionId);
      return undefined;
    },
  },
  {
    service: 'iam',
    action: 'SetDefaultPolicyVersion',
    async handle(ctx) {
      const input = ctx.params.collect((q) => ({ arn: readArn(q, 'PolicyArn')!, versionId: readVersionId(q) }));
      await authorizeOnPolicy(ctx, 'SetDefaultPolicyVersion', input.arn);
      refuseAwsManaged(ctx, 'SetDefaultPolicyVersion', input.arn);
      await setDefaultPolicyVersion(ctx.tx, ctx.accountId, input.arn, input.versionId, ctx.request.now);
      return undefined;
    },
  },
];

// ---- attachments and inline policies, per principal type ------------------------------------------------

const TYPE_WORD: Readonly<Record<PrincipalType, string>> = { user: 'User', group: 'Group', role: 'Role' };

function principalHandlers(type: PrincipalType): ActionHandler[] {
  const word = TYPE_WORD[type];
  const nameParam = PRINCIPAL_PARAM[type];
  // Inline-policy actions on users take `existingUserNameType` (up to 128).
  const inlineNameMax = type === 'user' ? 128 : PRINCIPAL_NAME_MAX[type];
  const readPrincipal = (q: QueryParams, max = PRINCIPAL_NAME_MAX[type]): string => readName(q, nameParam, max)!;

  return [
    {
      service: 'iam',
      action: `Attach${word}Policy`,
      async handle(ctx) {
        const input = ctx.params.collect((q) => ({ name: readPrincipal(q), arn: readArn(q, 'PolicyArn')! }));
        await authorizeOnPrincipal(ctx, `Attach${word}Policy`, type, input.name, { 'iam:PolicyARN': input.arn });
        await attachPolicy(ctx.tx, { accountId: ctx.accountId, principalType: type, principalName: input.name, policyArn: input.arn });
        return undefined;
      },
    },
    {
      service: 'iam',
      action: `Detach${word}Policy`,
      async handle(ctx) {
        const input = ctx.params.collect((q) => ({ name: readPrincipal(q), arn: readArn(q, 'PolicyArn')! }));
        await authorizeOnPrincipal(ctx, `Detach${word}Policy`, type, input.name, { 'iam:PolicyARN': input.arn });
        await detachPolicy(ctx.tx, { accountId: ctx.accountId, principalType: type, principalName: input.name, policyArn: input.arn });
        return undefined;
      },
    },
    {
      service: 'iam',
      action: `ListAttached${word}Policies`,
      readOnly: true,
      async handle(ctx) {
        const input = ctx.params.collect((q) => ({ name: readPrincipal(q), pathPrefix: readPolicyPathPrefix(q), page: readPageRequest(q) }));
        await authorizeOnPrincipal(ctx, `ListAttached${word}Policies`, type, input.name);
        const attached = await listAttachedPolicies(ctx.tx, ctx.accountId, type, input.name, input.pathPrefix);
        const p = pageOf(attached, input.page, attachedListKey);
        return { AttachedPolicies: p.items.map((a) => ({ PolicyName: a.policyName, PolicyArn: a.policyArn })), ...pageFields(p) };
      },
    },
    {
      service: 'iam',
      action: `Put${word}Policy`,
      async handle(ctx) {
        const input = ctx.params.collect((q) => ({
          name: readPrincipal(q, inlineNameMax),
          policyName: readPolicyName(q),
          document: readPolicyDocument(q, 'PolicyDocument')!,
        }));
        await authorizeOnPrincipal(ctx, `Put${word}Policy`, type, input.name);
        await putInlinePolicy(ctx.tx, {
          accountId: ctx.accountId,
          principalType: type,
          principalName: input.name,
          policyName: input.policyName,
          document: input.document,
        });
        return undefined;
      },
    },
    {
      service: 'iam',
      action: `Get${word}Policy`,
      readOnly: true,
      async handle(ctx) {
        const input = ctx.params.collect((q) => ({ name: readPrincipal(q, inlineNameMax), policyName: readPolicyName(q) }));
        await authorizeOnPrincipal(ctx, `Get${word}Policy`, type, input.name);
        const policy = await getInlinePolicy(ctx.tx, ctx.accountId, type, input.name, input.policyName);
        return {
          [nameParam]: policy.principalName,
          PolicyName: policy.policyName,
          PolicyDocument: urlEncodePolicy(policy.document),
        };
      },
    },
    {
      service: 'iam',
      action: `Delete${word}Policy`,
      async handle(ctx) {
        const input = ctx.params.collect((q) => ({ name: readPrincipal(q, inlineNameMax), policyName: readPolicyName(q) }));
        await authorizeOnPrincipal(ctx, `Delete${word}Policy`, type, input.name);
        await deleteInlinePolicy(ctx.tx, ctx.accountId, type, input.name, input.policyName);
        return undefined;
      },
    },
    {
      service: 'iam',
      action: `List${word}Policies`,
      readOnly: true,
      async handle(ctx) {
        const input = ctx.params.collect((q) => ({ name: readPrincipal(q, inlineNameMax), page: readPageRequest(q) }));
        await authorizeOnPrincipal(ctx, `List${word}Policies`, type, input.name);
        const names = await listInlinePolicyNames(ctx.tx, ctx.accountId, type, input.name);
        const p = pageOf(names, input.page, (n) => n);
        return { PolicyNames: p.items, ...pageFields(p) };
      },
    },
  ];
}

export const handlers: readonly ActionHandler[] = [
  ...policyHandlers,
  ...versionHandlers,
  ...principalHandlers('user'),
  ...principalHandlers('group'),
  ...principalHandlers('role'),
];
