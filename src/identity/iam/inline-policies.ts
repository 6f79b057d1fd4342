// Inline policies of users, groups and roles: named per entity, validated as identity policies, with an
// aggregate size quota per entity (whitespace not counted).
import type { InlinePolicy, PrincipalType } from '../../model/index.js';
import { awsPolicyError, policySize } from '../../policy/index.js';
import type { StoreTx } from '../../store/index.js';
import { limitExceeded, malformedPolicyDocument, noSuchEntity } from '../errors.js';
import { checkModifiable, principalName, principalRef, requirePrincipal } from './attachments.js';
import type { Principal } from './attachments.js';
import { compareNames } from './policies.js';

/** spec/policy-grammar.md §6: the sum over all inline policies of one entity. */
export const MAX_INLINE_POLICY_SIZE: Readonly<Record<PrincipalType, number>> = { user: 2048, group: 5120, role: 10240 };

const notFound = (type: PrincipalType, policyName: string): Error =>
  noSuchEntity(`The ${type} policy with name ${policyName} cannot be found.`);

export interface PutInlinePolicyInput {
  readonly accountId: string;
  readonly principalType: PrincipalType;
  readonly principalName: string;
  readonly policyName: string;
  readonly document: string;
}

/** Put{User,Group,Role}Policy: creates or replaces the named policy. */
export async function putInlinePolicy(tx: StoreTx, input: PutInlinePolicyInput): Promise<void> {
  const principal = await requirePrincipal(tx, input.accountId, input.principalType, input.principalName);
  checkModifiable(principal);
  const error = awsPolicyError(input.document, 'identity');
  if (error !== undefined) throw malformedPolicyDocument(error.message);
  const ref = principalRef(principal);
  const lower = input.policyName.toLowerCase();
  let total = policySize(input.document);
  for (const p of await tx.inlinePolicies.list(input.accountId, ref)) {
    if (p.policyName.toLowerCase() !== lower) total += policySize(p.document);
  }
  const max = MAX_INLINE_POLICY_SIZE[principal.type];
  if (total > max) {
    throw limitExceeded(`Maximum policy size of ${max} bytes exceeded for ${principal.type} ${principalName(principal)}`);
  }
  await tx.inlinePolicies.put({
    accountId: input.accountId,
    principalType: principal.type,
    principalName: principalName(principal),
    policyName: input.policyName,
    document: input.document,
  });
}

export async function getInlinePolicy(
  tx: StoreTx,
  accountId: string,
  principalType: PrincipalType,
  name: string,
  policyName: string,
): Promise<InlinePolicy> {
  const principal = await requirePrincipal(tx, accountId, principalType, name);
  const policy = await tx.inlinePolicies.get(accountId, principalRef(principal), policyName);
  if (policy === undefined) throw notFound(principalType, policyName);
  return policy;
}

export async function deleteInlinePolicy(
  tx: StoreTx,
  accountId: string,
  principalType: PrincipalType,
  name: string,
  policyName: string,
): Promise<void> {
  const principal: Principal = await requirePrincipal(tx, accountId, principalType, name);
  checkModifiable(principal);
  const deleted = await tx.inlinePolicies.delete(accountId, principalRef(principal), policyName);
  if (!deleted) throw notFound(principalType, policyName);
}

/** List{User,Group,Role}Policies: the names, ordered case-insensitively. */
export async function listInlinePolicyNames(tx: StoreTx, accountId: string, principalType: PrincipalType, name: string): Promise<string[]> {
  const principal = await requirePrincipal(tx, accountId, principalType, name);
  const policies = await tx.inlinePolicies.list(accountId, principalRef(principal));
  return policies.map((p) => p.policyName).sort(compareNames);
}
