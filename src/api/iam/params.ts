// Readers for the parameters many IAM actions share, with AWS's constraint patterns (botocore IAM model), and
// the paging of lists kept in their own order.
import type { Tag } from '../../model/index.js';
import type { QueryParams } from '../../protocol/index.js';
import { page } from '../pagination.js';
import type { Page, PageRequest } from '../pagination.js';

export const NAME_PATTERN = '[\\w+=,.@-]+';
export const PATH_PATTERN = '(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)';
export const PATH_PREFIX_PATTERN = '\\u002F[\\u0021-\\u007F]*';
export const POLICY_PATH_PATTERN = '((/[A-Za-z0-9\\.,\\+@=_-]+)*)/';
export const ARN_MIN = 20;
export const ARN_MAX = 2048;
export const TAG_KEY_PATTERN = '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+';
export const TAG_VALUE_PATTERN = '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*';
export const POLICY_DOCUMENT_PATTERN = '[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+';

/** `UserName`-style names: 1–`max` of `[\w+=,.@-]`. */
export function readName(params: QueryParams, name: string, max: number, required = true): string | undefined {
  return params.string(name, { required, min: 1, max, pattern: NAME_PATTERN });
}

export function readPath(params: QueryParams, name = 'Path'): string | undefined {
  return params.string(name, { min: 1, max: 512, pattern: PATH_PATTERN });
}

export function readPathPrefix(params: QueryParams): string | undefined {
  return params.string('PathPrefix', { min: 1, max: 512, pattern: PATH_PREFIX_PATTERN });
}

export function readArn(params: QueryParams, name: string, required = true): string | undefined {
  return params.string(name, { required, min: ARN_MIN, max: ARN_MAX });
}

export function readPolicyDocument(params: QueryParams, name: string, required = true): string | undefined {
  return params.string(name, { required, min: 1, max: 131072, pattern: POLICY_DOCUMENT_PATTERN });
}

/** `Tags.member.N.Key/Value`; undefined when the request passes no tags. */
export function readTags(params: QueryParams, name = 'Tags'): Tag[] | undefined {
  const list = params.structList(name, ['Key', 'Value'], {
    Key: { required: true, min: 1, max: 128, pattern: TAG_KEY_PATTERN },
    Value: { required: true, min: 0, max: 256, pattern: TAG_VALUE_PATTERN },
  });
  return list?.map((t) => ({ Key: t.Key ?? '', Value: t.Value ?? '' }));
}

/** `TagKeys.member.N` */
export function readTagKeys(params: QueryParams): string[] {
  return params.list('TagKeys', { required: true, member: { min: 1, max: 128, pattern: TAG_KEY_PATTERN } }) ?? [];
}

/** A page of an in-memory list in its own order (creation order, tag order): the marker names the last key. */
export function pageAfter<T>(all: readonly T[], request: PageRequest, key: (item: T) => string): Page<T> {
  let start = 0;
  if (request.after !== undefined) {
    const i = all.findIndex((item) => key(item) === request.after);
    start = i === -1 ? all.length : i + 1;
  }
  return page(all.slice(start), request, key);
}
