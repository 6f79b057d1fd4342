// IAM's tag rules, shared by every taggable entity (spec/identities-and-sts.md §2).
import type { Tag } from '../model/index.js';
import { invalidInput, limitExceeded } from './errors.js';

export const MAX_TAGS = 50;

/**
 * Checks tags about to be set on a resource that already has `existing`: no `aws:` prefix, no key twice
 * (case-insensitively), at most 50 in all after the change. Length and character rules are checked at
 * decode time (api/iam/params.ts) where AWS reports them as ValidationError.
 */
export function checkTags(tags: readonly Tag[], existing: readonly Tag[] = []): void {
  const seen = new Set<string>();
  for (const tag of tags) {
    if (tag.Key.toLowerCase().startsWith('aws:')) {
      throw invalidInput('User-defined tags cannot begin with the reserved prefix aws:');
    }
    const lower = tag.Key.toLowerCase();
    if (seen.has(lower)) throw invalidInput('Duplicate tag keys found. Please note that Tag keys are case insensitive.');
    seen.add(lower);
  }
  const after = new Set(existing.map((t) => t.Key.toLowerCase()));
  for (const key of seen) after.add(key);
  if (after.size > MAX_TAGS) throw limitExceeded(`Cannot exceed quota for TagsPerResource: ${MAX_TAGS}`);
}

/** Condition keys a request that passes tags carries: aws:RequestTag/<k> per tag and aws:TagKeys. */
export function requestTagContext(tags: readonly Tag[] | undefined): Record<string, string | string[]> {
  if (tags === undefined) return {};
  const context: Record<string, string | string[]> = { 'aws:TagKeys': tags.map((t) => t.Key) };
  for (const t of tags) context[`aws:RequestTag/${t.Key}`] = t.Value;
  return context;
}
