// The kind of a policy document that nobody named: a Principal makes it a resource policy, or a role trust
// policy when every statement only grants the sts:AssumeRole family and names no resource.
import type { PolicyDocument, PolicyKind } from './ast.js';

const TRUST_ACTION = /^sts:(AssumeRole\w*|TagSession|SetSourceIdentity|SetContext)$/i;

/** `identity` when the document has no Principal (or is undefined). */
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

