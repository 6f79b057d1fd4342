// Users and roles named in trust policies, kept as IAM keeps them. IAM stores such a principal as the entity's
// unique ID and shows the ID's current ARN on every read; once the entity is deleted the ID maps to no ARN and
// shows as itself (`AIDA…`/`AROA…`), so a new entity with the same name is not trusted. Castellan stores what
// AWS shows: the ARN while the entity exists, rewritten in the deleting transaction to the unique ID in every
// hosted account's trust policies (and to the new ARN when a user is renamed or moved).
import { parsePrincipalArn, uniqueIdPrefix } from '../../arn/index.js';
import type { Role, User } from '../../model/index.js';
import { parsePolicy } from '../../policy/index.js';
import type { PolicyDocument, Span } from '../../policy/index.js';
import type { StoreTx } from '../../store/index.js';

/** A user or role as a trust policy names it. */
export interface TrustedEntity {
  readonly kind: 'user' | 'role';
  readonly accountId: string;
  readonly name: string;
  readonly path: string;
}

export const trustedUser = (user: User): TrustedEntity => ({ kind: 'user', accountId: user.accountId, name: user.userName, path: user.path });
export const trustedRole = (role: Role): TrustedEntity => ({ kind: 'role', accountId: role.accountId, name: role.roleName, path: role.path });

/**
 * Whether a `Principal` `AWS` string names the entity, by the rule trust policies are validated with
 * (src/identity/iam/trust.ts): same account and path, the name case-insensitively (names are unique that way).
 */
export function namesEntity(value: string, entity: TrustedEntity): boolean {
  const arn = parsePrincipalArn(value);
  return (
    arn !== undefined &&
    arn.kind === entity.kind &&
    arn.account === entity.accountId &&
    arn.path === entity.path &&
    arn.name.toLowerCase() === entity.name.toLowerCase()
  );
}

/** Every `AWS` string of the document's Principal and NotPrincipal elements, in document order. */
function* awsPrincipals(document: PolicyDocument): Generator<{ value: string; span: Span }> {
  for (const statement of document.statements) {
    for (const element of [statement.principal, statement.notPrincipal]) {
      for (const entry of element?.entries ?? []) {
        if (entry.type === 'AWS') yield* entry.values;
      }
    }
  }
}

/**
 * `text` with each `AWS` principal for which `replace` returns another string replaced by it, as a JSON string
 * token at the same place; every other character stays as it was. Undefined when nothing changes.
 */
export function replaceAwsPrincipals(text: string, replace: (value: string) => string | undefined): string | undefined {
  const document = parsePolicy(text).document;
  if (!document) return undefined;
  const edits: { start: number; end: number; token: string }[] = [];
  for (const { value, span } of awsPrincipals(document)) {
    const next = replace(value);
    // The span covers the whole token, quotes and escapes included.
    if (next !== undefined && next !== value) edits.push({ start: span.start.offset, end: span.end.offset, token: JSON.stringify(next) });
  }
  if (edits.length === 0) return undefined;
  let out = text;
  for (const edit of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, edit.start) + edit.token + out.slice(edit.end);
  return out;
}

/** Rewrites, in the trust policies of every account on this server, each principal naming `entity` to `replacement`. */
export async function retargetPrincipal(tx: StoreTx, entity: TrustedEntity, replacement: string): Promise<void> {
  for (const role of await tx.roles.listTrustPolicyCandidates(entity.name)) {
    const text = replaceAwsPrincipals(role.assumeRolePolicyDocument, (value) => (namesEntity(value, entity) ? replacement : undefined));
    if (text !== undefined) await tx.roles.update(role.accountId, role.roleName, { assumeRolePolicyDocument: text });
  }
}

/**
 * DeleteUser, DeleteRole, DeleteServiceLinkedRole: trust policies naming the entity now name its unique ID, which
 * no later entity will have — a user or role created again under the same name is not trusted.
 */
export function forgetDeletedPrincipal(tx: StoreTx, entity: TrustedEntity, uniqueId: string): Promise<void> {
  return retargetPrincipal(tx, entity, uniqueId);
}

/** `AIDA…` or `AROA…`: the unique ID of a user or role, the only entities a principal ID can name. */
export function principalIdKind(value: string): 'user' | 'role' | undefined {
  const prefix = uniqueIdPrefix(value);
  return prefix === 'AIDA' ? 'user' : prefix === 'AROA' ? 'role' : undefined;
}

/** The ARN of the user or role with this unique ID on this server, or undefined. */
export async function principalIdArn(tx: StoreTx, value: string): Promise<string | undefined> {
  const kind = principalIdKind(value);
  if (kind === 'user') return (await tx.users.getById(value))?.arn;
  if (kind === 'role') return (await tx.roles.getById(value))?.arn;
  return undefined;
}

/**
 * A new trust policy may name a user or role by its unique ID; IAM shows it as the entity's ARN, so that is
 * what is stored. IDs naming no entity are refused before this (trust.ts). Returns `text` when nothing changes.
 */
export async function principalIdsToArns(tx: StoreTx, text: string): Promise<string> {
  const document = parsePolicy(text).document;
  if (!document) return text;
  const arns = new Map<string, string>();
  for (const { value } of awsPrincipals(document)) {
    if (arns.has(value) || principalIdKind(value) === undefined) continue;
    const arn = await principalIdArn(tx, value);
    if (arn !== undefined) arns.set(value, arn);
  }
  if (arns.size === 0) return text;
  return replaceAwsPrincipals(text, (value) => arns.get(value)) ?? text;
}
