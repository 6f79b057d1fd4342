// Session tags (Tags, TransitiveTagKeys): STS's rules, reported as InvalidParameterValue. Lengths, characters
// and the 50-item bounds are checked at decode time (ValidationError).
import type { Tag } from '../../model/index.js';
import { ServiceError } from '../errors.js';

const invalid = (message: string): ServiceError => new ServiceError('InvalidParameterValue', message);

export const TRANSITIVE_KEY_NOT_IN_TAGS = 'The specified transitive tag key must be included in the requested tags.';
export const TRANSITIVE_KEY_CONFLICT =
  "One of the specified transitive tag keys can't be set because it conflicts with a transitive tag key from the calling session.";
// The two wordings below are unconfirmed.
export const DUPLICATE_SESSION_TAG = 'Duplicate tag keys found. Please note that Tag keys are case insensitive.';
export const RESERVED_SESSION_TAG = 'Session tag keys cannot begin with the reserved prefix aws:';

/**
 * Tag keys are unique case-insensitively and may not start with `aws:`; every transitive key must name a
 * passed tag; a tag key that a calling session passes on as transitive cannot be passed again.
 */
export function checkSessionTags(tags: readonly Tag[], transitiveTagKeys: readonly string[], inheritedTransitiveKeys: readonly string[]): void {
  const keys = new Set<string>();
  for (const tag of tags) {
    const lower = tag.Key.toLowerCase();
    if (lower.startsWith('aws:')) throw invalid(RESERVED_SESSION_TAG);
    if (keys.has(lower)) throw invalid(DUPLICATE_SESSION_TAG);
    keys.add(lower);
  }
  const inherited = new Set(inheritedTransitiveKeys.map((k) => k.toLowerCase()));
  for (const key of keys) if (inherited.has(key)) throw invalid(TRANSITIVE_KEY_CONFLICT);
  for (const key of transitiveTagKeys) if (!keys.has(key.toLowerCase())) throw invalid(TRANSITIVE_KEY_NOT_IN_TAGS);
}
