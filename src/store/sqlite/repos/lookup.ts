// Resolves names to the rowids child tables reference; a missing parent is StoreNotFoundError.
import type { PrincipalType, TaggableKind } from '../../../model/index.js';
import { StoreNotFoundError } from '../../errors.js';
import type { TxContext } from '../context.js';

const byName = {
  user: 'SELECT id FROM users WHERE account_id = ? AND user_name = ?',
  group: 'SELECT id FROM groups WHERE account_id = ? AND group_name = ?',
  role: 'SELECT id FROM roles WHERE account_id = ? AND role_name = ?',
  policy: 'SELECT id FROM policies WHERE account_id = ? AND arn = ?',
  instanceProfile: 'SELECT id FROM instance_profiles WHERE account_id = ? AND instance_profile_name = ?',
  oidcProvider: 'SELECT id FROM oidc_providers WHERE account_id = ? AND arn = ?',
  samlProvider: 'SELECT id FROM saml_providers WHERE account_id = ? AND arn = ?',
  serverCertificate: 'SELECT id FROM server_certificates WHERE account_id = ? AND server_certificate_name = ?',
  mfaDevice: 'SELECT id FROM mfa_devices WHERE account_id = ? AND serial_number = ?',
} as const satisfies Record<PrincipalType | TaggableKind, string>;

export type NamedKind = keyof typeof byName;

export function findRowid(ctx: TxContext, kind: NamedKind, accountId: string, name: string): number | undefined {
  return ctx.rememberedRowid(kind, accountId, name) ?? ctx.get<{ id: number }>(byName[kind], accountId, name)?.id;
}

export function requireRowid(ctx: TxContext, kind: NamedKind, accountId: string, name: string): number {
  const id = findRowid(ctx, kind, accountId, name);
  if (id === undefined) throw new StoreNotFoundError(kind, name);
  return id;
}
