// A role's trust policy as IAM checks it on CreateRole and UpdateAssumeRolePolicy: the policy grammar for
// the `trust` kind (AWS's first error, exact message), the ACLSizePerRole quota, and principals that must
// exist — IAM resolves user and role ARNs to unique IDs when it stores a trust policy, so an ARN naming no
// entity is refused with `Invalid principal in policy`, and so is a unique ID naming none (principal-ids.ts).
import { parsePrincipalArn } from '../../arn/index.js';
import { awsPolicyError, parsePolicy, policySize } from '../../policy/index.js';
import type { StoreTx } from '../../store/index.js';
import { limitExceeded, malformedPolicyDocument } from '../errors.js';
import { principalIdArn, principalIdKind, principalIdsToArns } from './principal-ids.js';

/** Characters of a trust policy, whitespace not counted (spec §2; raisable to 4,096 in AWS). */
export const TRUST_POLICY_SIZE_QUOTA = 2048;

/**
 * Throws MalformedPolicyDocument or LimitExceeded, as IAM does, when `text` is not an acceptable trust policy;
 * otherwise returns the text to store: `text`, with user and role unique IDs shown as their ARNs.
 */
export async function checkTrustPolicy(tx: StoreTx, accountId: string, text: string): Promise<string> {
  const error = awsPolicyError(text, 'trust');
  if (error) throw malformedPolicyDocument(error.message);
  if (policySize(text) > TRUST_POLICY_SIZE_QUOTA) {
    throw limitExceeded(`Cannot exceed quota for ACLSizePerRole: ${TRUST_POLICY_SIZE_QUOTA}`);
  }
  const invalid = await firstMissingPrincipal(tx, accountId, text);
  if (invalid !== undefined) throw malformedPolicyDocument(`Invalid principal in policy: "AWS":"${invalid}"`);
  return principalIdsToArns(tx, text);
}

/**
 * The first `AWS` principal (in document order) that names an IAM user or role which does not exist. ARNs
 * of this account are checked against the store; those of another account only when this server holds
 * that account (an account elsewhere cannot be looked into, and AWS accepts it as long as it exists there).
 * A unique ID (`AIDA…`, `AROA…`) must name a user or role on this server: an ID carries no account, and one
 * left behind by a deletion is refused by AWS (its trust policy shows it, and must be edited to save again).
 */
export async function firstMissingPrincipal(tx: StoreTx, accountId: string, text: string): Promise<string | undefined> {
  const document = parsePolicy(text).document;
  if (!document) return undefined;
  const knownAccounts = new Map<string, boolean>([[accountId, true]]);
  for (const statement of document.statements) {
    for (const entry of statement.principal?.entries ?? []) {
      if (entry.type !== 'AWS') continue;
      for (const { value } of entry.values) {
        if (principalIdKind(value) !== undefined) {
          if ((await principalIdArn(tx, value)) === undefined) return value;
          continue;
        }
        const arn = parsePrincipalArn(value);
        if (!arn || (arn.kind !== 'user' && arn.kind !== 'role')) continue;
        let known = knownAccounts.get(arn.account);
        if (known === undefined) {
          known = (await tx.accounts.get(arn.account)) !== undefined;
          knownAccounts.set(arn.account, known);
        }
        if (!known) continue;
        const entity = arn.kind === 'user' ? await tx.users.get(arn.account, arn.name) : await tx.roles.get(arn.account, arn.name);
        // Names resolve case-insensitively (they are unique that way); the path is part of the ARN.
        if (entity === undefined || entity.path !== arn.path) return value;
      }
    }
  }
  return undefined;
}
