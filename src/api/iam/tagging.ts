// Tag<Entity>, Untag<Entity> and List<Entity>Tags, one shape for every taggable IAM entity: decode →
// authorize on the entity (its tags as iam:ResourceTag; aws:RequestTag/aws:TagKeys from the request) → identity
// service → encode. What differs per entity (its identifier, authorization, a few AWS quirks) is the spec.
import { requestTagContext } from '../../identity/tags.js';
import type { Tag } from '../../model/index.js';
import { validationError } from '../../protocol/index.js';
import type { QueryParams, XmlObject } from '../../protocol/index.js';
import type { StoreTx } from '../../store/index.js';
import { page, pageFields, readPageRequest } from '../pagination.js';
import type { Page, PageRequest } from '../pagination.js';
import type { ActionContext, ActionHandler } from '../types.js';
import { readTagKeys, readTags } from './params.js';

const tagsXml = (tags: readonly Tag[]): XmlObject[] => tags.map((t) => ({ Key: t.Key, Value: t.Value }));
/** Create/Get responses carry `Tags` only when there are some. */
export const optionalTags = (tags: readonly Tag[]): XmlObject[] | undefined => (tags.length > 0 ? tagsXml(tags) : undefined);

/** `Tags.member.N`, required: a missing list is reported with the request's other violations. */
function requireTags(q: QueryParams): Tag[] {
  const tags = readTags(q);
  if (tags === undefined) q.list('Tags', { required: true });
  return tags ?? [];
}

/** The condition keys a tagging request carries: aws:RequestTag/<key> and aws:TagKeys. */
export type TagRequestContext = Record<string, string | string[]>;

export interface TaggingSpec {
  /** The entity as AWS's action names spell it: `User` → TagUser, UntagUser, ListUserTags. */
  readonly entity: string;
  /** Reads the entity's identifier (name, ARN or serial number); runs inside `collect`. */
  readonly readId: (q: QueryParams) => string;
  /**
   * Authorizes `iam:<action>` on the entity: its ARN, and its tags when it exists. `context` is the request's
   * tag keys for Tag and Untag, undefined for List.
   */
  readonly authorize: (ctx: ActionContext, action: string, id: string, context?: TagRequestContext) => Promise<unknown>;
  readonly tag: (tx: StoreTx, accountId: string, id: string, tags: readonly Tag[]) => Promise<void>;
  readonly untag: (tx: StoreTx, accountId: string, id: string, keys: readonly string[]) => Promise<void>;
  readonly list: (tx: StoreTx, accountId: string, id: string) => Promise<readonly Tag[]>;
  /**
   * `Tags` of Tag<Entity> (default `requireTags`). A reader returning undefined leaves a missing list to be
   * reported on its own, after the other parameters (TagPolicy does so).
   */
  readonly readTags?: (q: QueryParams) => Tag[] | undefined;
  /** `TagKeys` of Untag<Entity> (default `readTagKeys`). */
  readonly readTagKeys?: (q: QueryParams) => string[];
  /** Runs after authorization and before Tag or Untag changes anything (a refusal of its own, if any). */
  readonly beforeChange?: (ctx: ActionContext, action: string, id: string) => void;
}

/**
 * A page of List<Entity>Tags: tags in the order they were set, the marker the last key returned (IAM keys are
 * case-insensitive). Every entity pages alike: a marker compared by key order would skip or repeat tags, which
 * are not sorted. A marker whose tag was removed meanwhile ends the listing rather than restarting it.
 */
export function pageTags(tags: readonly Tag[], request: PageRequest): Page<Tag> {
  const after = request.after?.toLowerCase();
  const start = after === undefined ? 0 : tags.findIndex((t) => t.Key.toLowerCase() === after) + 1;
  return page(after !== undefined && start === 0 ? [] : tags.slice(start), request, (t) => t.Key);
}

/** The three tagging handlers of one entity: Tag<Entity>, Untag<Entity>, List<Entity>Tags, in that order. */
export function tagHandlers(spec: TaggingSpec): ActionHandler[] {
  const readTagList = spec.readTags ?? requireTags;
  const readKeys = spec.readTagKeys ?? readTagKeys;
  const tagAction = `Tag${spec.entity}`;
  const untagAction = `Untag${spec.entity}`;
  const listAction = `List${spec.entity}Tags`;
  return [
    {
      service: 'iam',
      action: tagAction,
      async handle(ctx) {
        const input = ctx.params.collect((q) => ({ id: spec.readId(q), tags: readTagList(q) }));
        if (input.tags === undefined) throw validationError([{ value: null, member: 'tags', constraint: 'not be null' }]);
        await spec.authorize(ctx, tagAction, input.id, requestTagContext(input.tags));
        spec.beforeChange?.(ctx, tagAction, input.id);
        await spec.tag(ctx.tx, ctx.accountId, input.id, input.tags);
        return undefined;
      },
    },
    {
      service: 'iam',
      action: untagAction,
      async handle(ctx) {
        const input = ctx.params.collect((q) => ({ id: spec.readId(q), keys: readKeys(q) }));
        await spec.authorize(ctx, untagAction, input.id, { 'aws:TagKeys': input.keys });
        spec.beforeChange?.(ctx, untagAction, input.id);
        await spec.untag(ctx.tx, ctx.accountId, input.id, input.keys);
        return undefined;
      },
    },
    {
      service: 'iam',
      action: listAction,
      readOnly: true,
      async handle(ctx) {
        const input = ctx.params.collect((q) => ({ id: spec.readId(q), request: readPageRequest(q) }));
        await spec.authorize(ctx, listAction, input.id);
        const p = pageTags(await spec.list(ctx.tx, ctx.accountId, input.id), input.request);
        return { Tags: tagsXml(p.items), ...pageFields(p) };
      },
    },
  ];
}
