// Which kind of policy a standalone document is, when nothing else says: the same rule as
// `castellan validate` (a Principal makes it a resource policy, or a trust policy when it only grants
// sts:AssumeRole*), plus hints from the file name for the kinds a document cannot show (SCP, boundary).
import { basename } from 'node:path';
import type { PolicyDocument, PolicyKind } from '../../policy/index.js';

const TRUST_ACTION = /^sts:(AssumeRole\w*|TagSession|SetSourceIdentity|SetContext)$/i;

export function detectPolicyKind(document: PolicyDocument | undefined): PolicyKind {
  if (document === undefined) return 'identity';
  const withPrincipal = document.statements.filter((s) => s.principal !== undefined || s.notPrincipal !== undefined);
  if (withPrincipal.length === 0) return 'identity';
  const assumeOnly = document.statements.every(
    (s) =>
      s.resource === undefined &&
      s.notResource === undefined &&
      (s.action ?? []).length > 0 &&
      (s.action ?? []).every((a) => TRUST_ACTION.test(a.value)),
  );
  return assumeOnly ? 'trust' : 'resource';
}

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
