// Condition keys with placeholders: `aws:RequestTag/${TagKey}`, `s3:ExistingObjectTag/<key>`,
// `codebuild:secondarySources/${sourceIdentifier}.location`, and two spellings the data also uses for tag
// keys: `ssm:resourceTag/tag-key` and a bare trailing slash (`sagemaker:ResourceTag/`). A placeholder stands
// for one or more characters.
import { compileWildcard, type Matcher } from './wildcard.js';

const PLACEHOLDER = /\$\{[^}]*\}|<[^>]*>|\/tag-key$|\/$/gi;

export function hasPlaceholder(key: string): boolean {
  PLACEHOLDER.lastIndex = 0;
  return PLACEHOLDER.test(key);
}

/** A case-insensitive matcher for keys as written in policies; call it with a lower-cased key. */
export function compileKeyTemplate(template: string): Matcher {
  // Keys contain no `*` or `?`, so the only wildcards are the ones standing for placeholders.
  const pattern = template
    .toLowerCase()
    .replace(PLACEHOLDER, (placeholder) => (placeholder.startsWith('/') ? '/?*' : '?*'));
  return compileWildcard(pattern);
}

/** The part before the first colon, lower-case: `s3` for `s3:prefix`. */
export function keyPrefix(key: string): string {
  const colon = key.indexOf(':');
  return (colon === -1 ? key : key.slice(0, colon)).toLowerCase();
}
