// OIDC and SAML identity providers, addressed by ARN. Client ids and thumbprints are small JSON arrays.
import type { OidcProvider, SamlProvider } from '../../../model/index.js';
import { StoreNotFoundError } from '../../errors.js';
import type { OidcProviderRepository, SamlProviderRepository } from '../../repositories.js';
import { fromMs, optionalDate, toMs } from '../context.js';
import type { TxContext } from '../context.js';

interface OidcRow {
  account_id: string;
  arn: string;
  url: string;
  client_ids: string;
  thumbprints: string;
  create_date: number;
}

const toOidc = (r: OidcRow): OidcProvider => ({
  accountId: r.account_id,
  arn: r.arn,
  url: r.url,
  clientIds: JSON.parse(r.client_ids) as string[],
  thumbprints: JSON.parse(r.thumbprints) as string[],
  createDate: fromMs(r.create_date),
});

const SELECT_OIDC = 'SELECT account_id, arn, url, client_ids, thumbprints, create_date FROM oidc_providers';

export class SqliteOidcProviders implements OidcProviderRepository {
  constructor(private readonly ctx: TxContext) {}

  async create(p: OidcProvider): Promise<OidcProvider> {
    this.ctx.write(p.accountId, 'oidcProvider', p.arn);
    this.ctx.insert(
      'OIDC provider',
      p.arn,
      p.accountId,
      'INSERT INTO oidc_providers (account_id, arn, url, client_ids, thumbprints, create_date) VALUES (?, ?, ?, ?, ?, ?)',
      p.accountId,
      p.arn,
      p.url,
      JSON.stringify(p.clientIds),
      JSON.stringify(p.thumbprints),
      toMs(p.createDate),
    );
    return (await this.get(p.accountId, p.arn))!;
  }

  async get(accountId: string, arn: string): Promise<OidcProvider | undefined> {
    const row = this.ctx.get<OidcRow>(`${SELECT_OIDC} WHERE account_id = ? AND arn = ?`, accountId, arn);
    return row && toOidc(row);
  }

  async list(accountId: string): Promise<OidcProvider[]> {
    return this.ctx.all<OidcRow>(`${SELECT_OIDC} WHERE account_id = ? ORDER BY arn`, accountId).map(toOidc);
  }

  async update(accountId: string, arn: string, update: { clientIds?: string[]; thumbprints?: string[] }): Promise<OidcProvider> {
    const current = await this.get(accountId, arn);
    if (!current) throw new StoreNotFoundError('OIDC provider', arn);
    this.ctx.write(accountId, 'oidcProvider', arn);
    this.ctx.run(
      'UPDATE oidc_providers SET client_ids = ?, thumbprints = ? WHERE account_id = ? AND arn = ?',
      JSON.stringify(update.clientIds ?? current.clientIds),
      JSON.stringify(update.thumbprints ?? current.thumbprints),
      accountId,
      arn,
    );
    return (await this.get(accountId, arn))!;
  }

  async delete(accountId: string, arn: string): Promise<boolean> {
    this.ctx.write(accountId, 'oidcProvider', arn);
    return this.ctx.run('DELETE FROM oidc_providers WHERE account_id = ? AND arn = ?', accountId, arn) > 0;
  }
}

interface SamlRow {
  account_id: string;
  arn: string;
  name: string;
  saml_metadata_document: string;
  create_date: number;
  valid_until: number | null;
}

function toSaml(r: SamlRow): SamlProvider {
  const validUntil = optionalDate(r.valid_until);
  return {
    accountId: r.account_id,
    arn: r.arn,
    name: r.name,
    samlMetadataDocument: r.saml_metadata_document,
    createDate: fromMs(r.create_date),
    ...(validUntil !== undefined && { validUntil }),
  };
}

const SELECT_SAML = 'SELECT account_id, arn, name, saml_metadata_document, create_date, valid_until FROM saml_providers';

export class SqliteSamlProviders implements SamlProviderRepository {
  constructor(private readonly ctx: TxContext) {}

  async create(p: SamlProvider): Promise<SamlProvider> {
    this.ctx.write(p.accountId, 'samlProvider', p.arn);
    this.ctx.insert(
      'SAML provider',
      p.arn,
      p.accountId,
      'INSERT INTO saml_providers (account_id, arn, name, saml_metadata_document, create_date, valid_until) VALUES (?, ?, ?, ?, ?, ?)',
      p.accountId,
      p.arn,
      p.name,
      p.samlMetadataDocument,
      toMs(p.createDate),
      p.validUntil ? toMs(p.validUntil) : null,
    );
    return (await this.get(p.accountId, p.arn))!;
  }

  async get(accountId: string, arn: string): Promise<SamlProvider | undefined> {
    const row = this.ctx.get<SamlRow>(`${SELECT_SAML} WHERE account_id = ? AND arn = ?`, accountId, arn);
    return row && toSaml(row);
  }

  async list(accountId: string): Promise<SamlProvider[]> {
    return this.ctx.all<SamlRow>(`${SELECT_SAML} WHERE account_id = ? ORDER BY arn`, accountId).map(toSaml);
  }

  async update(accountId: string, arn: string, update: { samlMetadataDocument: string; validUntil?: Date }): Promise<SamlProvider> {
    this.ctx.write(accountId, 'samlProvider', arn);
    const n = this.ctx.run(
      'UPDATE saml_providers SET saml_metadata_document = ?, valid_until = ? WHERE account_id = ? AND arn = ?',
      update.samlMetadataDocument,
      update.validUntil ? toMs(update.validUntil) : null,
      accountId,
      arn,
    );
    if (n === 0) throw new StoreNotFoundError('SAML provider', arn);
    return (await this.get(accountId, arn))!;
  }

  async delete(accountId: string, arn: string): Promise<boolean> {
    this.ctx.write(accountId, 'samlProvider', arn);
    return this.ctx.run('DELETE FROM saml_providers WHERE account_id = ? AND arn = ?', accountId, arn) > 0;
  }
}
