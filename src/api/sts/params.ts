// Readers for STS parameters, with the constraints of botocore's STS model (2011-06-15).
import type { Tag } from '../../model/index.js';
import type { QueryParams } from '../../protocol/index.js';
import { validationError } from '../../protocol/index.js';
import { TAG_KEY_PATTERN, readTags } from '../iam/params.js';

export const ARN_PATTERN = '[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u0085\\u00A0-\\uD7FF\\uE000-\\uFFFD\\u10000-\\u10FFFF]+';
export const SESSION_NAME_PATTERN = '[\\w+=,.@-]*';
export const EXTERNAL_ID_PATTERN = '[\\w+=,.@:\\/-]*';
export const SERIAL_NUMBER_PATTERN = '[\\w+=/:,.@-]*';
export const TOKEN_CODE_PATTERN = '[\\d]*';
export const POLICY_PATTERN = '[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+';
export const ACCESS_KEY_ID_PATTERN = '[\\w]*';
const MAX_TAGS = 50;

/** botocore `arnType`: 20–2048. The pattern's `\u10000` is Java's spelling; JS reads it as U+1000 + '0'. */
export function readStsArn(params: QueryParams, name: string): string {
  const value = params.string(name, { required: true, min: 20, max: 2048 });
  // The pattern only excludes control characters besides TAB/LF/CR and unpaired surrogates.
  // eslint-disable-next-line no-control-regex
  if (value !== undefined && /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u0084\u0086-\u009F]/u.test(value)) {
    params.string(name, { pattern: ARN_PATTERN });
  }
  return value;
}

/** `Policy`: session policy text, 1–2,048 characters (AWS's plaintext limit for session policies). */
export function readSessionPolicy(params: QueryParams): string | undefined {
  return params.string('Policy', { min: 1, max: 2048, pattern: POLICY_PATTERN });
}

/** `PolicyArns.member.N.arn` */
export function readPolicyArns(params: QueryParams): string[] {
  const list = params.structList('PolicyArns', ['arn'], { arn: { min: 20, max: 2048 } }) ?? [];
  return list.map((p) => p.arn ?? '').filter((arn) => arn !== '');
}

function tooMany(name: string, values: readonly string[]): never {
  throw validationError([
    { value: `[${values.join(', ')}]`, member: name[0].toLowerCase() + name.slice(1), constraint: `have length less than or equal to ${MAX_TAGS}` },
  ]);
}

/** `Tags.member.N.Key/Value`, at most 50. */
export function readSessionTags(params: QueryParams): Tag[] {
  const tags = readTags(params) ?? [];
  if (tags.length > MAX_TAGS) tooMany('Tags', tags.map((t) => `Tag(key=${t.Key}, value=${t.Value})`));
  return tags;
}

/** `TransitiveTagKeys.member.N`, at most 50. */
export function readTransitiveTagKeys(params: QueryParams): string[] {
  const keys = params.list('TransitiveTagKeys', { member: { min: 1, max: 128, pattern: TAG_KEY_PATTERN } }) ?? [];
  if (keys.length > MAX_TAGS) tooMany('TransitiveTagKeys', keys);
  return keys;
}

export function readSerialNumber(params: QueryParams): string | undefined {
  return params.string('SerialNumber', { min: 9, max: 256, pattern: SERIAL_NUMBER_PATTERN });
}

export function readTokenCode(params: QueryParams): string | undefined {
  return params.string('TokenCode', { min: 6, max: 6, pattern: TOKEN_CODE_PATTERN });
}
