// Which kind of policy a standalone document is, when nothing else says: the policy module's detection
// (as `castellan validate` uses it), plus hints from the file name for the kinds a document cannot show
// (SCP, boundary).
import { basename } from 'node:path';
import type { PolicyKind } from '../../policy/index.js';

export { detectPolicyKind } from '../../policy/index.js';

// `org.scp.json`, `scp-deny-regions.json`, `boundary.json`, `developer-boundary.json`, `trust-policy.json`.
const NAME_HINTS: readonly [RegExp, PolicyKind][] = [
  [/(^|[._-])scps?([._-]|$)/i, 'scp'],
  [/(^|[._-])rcps?([._-]|$)/i, 'rcp'],
  [/(^|[._-])(permissions?-)?boundar(y|ies)([._-]|$)/i, 'boundary'],
  [/(^|[._-])session([._-]|$)/i, 'session'],
];

/** A kind named by the file name, for documents whose text looks like an identity policy. */
export function policyKindFromFileName(path: string): PolicyKind | undefined {
  const name = basename(path);
  for (const [pattern, kind] of NAME_HINTS) if (pattern.test(name)) return kind;
  return undefined;
}
