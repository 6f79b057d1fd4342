// SAML 2.0 identity providers (CreateSAMLProvider and friends): an account trusts an IdP's metadata
// document (its signing certificates) for AssumeRoleWithSAML.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { iamArn, parsePrincipalArn } from '../../arn/index.js';
import type { SamlProvider, Tag } from '../../model/index.js';
import { StoreConflictError } from '../../store/index.js';
import type { StoreTx, TagTarget } from '../../store/index.js';
import type { ServiceError} from '../errors.js';
import { entityAlreadyExists, invalidInput, limitExceeded, noSuchEntity } from '../errors.js';
import { checkTags } from '../tags.js';

/** spec/identities-and-sts.md §2. */
export const MAX_SAML_PROVIDERS = 100;

/** Metadata without `validUntil` gets one 100 years after upload, as the IAM console shows (unconfirmed). */
const DEFAULT_VALIDITY_YEARS = 100;

export interface SamlProviderWithTags {
  readonly provider: SamlProvider;
  readonly tags: Tag[];
}

const unparseable = (): ServiceError => invalidInput('Could not parse metadata');
const notFound = (arn: string): ServiceError => noSuchEntity(`Manifest not found for arn ${arn}`);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  // Entities stay unexpanded: metadata comes from callers, and entity expansion is an attack surface.
  processEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  isArray: (name) =>
    ['EntityDescriptor', 'IDPSSODescriptor', 'KeyDescriptor', 'X509Data', 'X509Certificate', 'KeyInfo'].includes(name),
});

type XmlNode = Record<string, unknown>;

const isNode = (v: unknown): v is XmlNode => typeof v === 'object' && v !== null && !Array.isArray(v);
const children = (node: XmlNode, name: string): XmlNode[] => {
  const v = node[name];
  return Array.isArray(v) ? v.filter(isNode) : isNode(v) ? [v] : [];
};
const textOf = (v: unknown): string => (typeof v === 'string' ? v : isNode(v) && typeof v['#text'] === 'string' ? v['#text'] : '');

/**
 * Checks that `document` is SAML 2.0 metadata IAM can use: an `EntityDescriptor` (possibly inside an
 * `EntitiesDescriptor`) with an `IDPSSODescriptor` holding at least one signing certificate. Returns the
 * metadata's `validUntil`, if it has one.
 */
export function parseSamlMetadata(document: string): { validUntil?: Date } {
  if (XMLValidator.validate(document) !== true) throw unparseable();
  let root: XmlNode;
  try {
    root = parser.parse(document) as XmlNode;
  } catch {
    throw unparseable();
  }
  const entities = [...children(root, 'EntityDescriptor'), ...children(root, 'EntitiesDescriptor').flatMap((e) => children(e, 'EntityDescriptor'))];
  for (const entity of entities) {
    const hasSigningCert = children(entity, 'IDPSSODescriptor').some((idp) =>
      children(idp, 'KeyDescriptor')
        .filter((kd) => kd['@_use'] === undefined || kd['@_use'] === 'signing')
        .some((kd) =>
          children(kd, 'KeyInfo')
            .flatMap((ki) => children(ki, 'X509Data'))
            .some((xd) => {
              const certs = xd['X509Certificate'];
              const list = Array.isArray(certs) ? certs : [certs];
              return list.some((c) => /^[A-Za-z0-9+/=\s]+$/.test(textOf(c)) && textOf(c).trim() !== '');
            }),
        ),
    );
    if (!hasSigningCert) continue;
    const validUntil = entity['@_validUntil'];
    if (typeof validUntil === 'string') {
      const ms = Date.parse(validUntil);
      if (Number.isNaN(ms)) throw unparseable();
      return { validUntil: new Date(ms) };
    }
    return {};
  }
  throw unparseable();
}

function validUntilOf(document: string, now: Date): Date {
  const parsed = parseSamlMetadata(document);
  if (parsed.validUntil) return parsed.validUntil;
  const d = new Date(now.getTime());
  d.setUTCFullYear(d.getUTCFullYear() + DEFAULT_VALIDITY_YEARS);
  return d;
}

export function samlProviderArn(partition: string, accountId: string, name: string): string {
  return iamArn(partition, accountId, 'saml-provider', '/', name);
}

function checkProviderArn(accountId: string, arn: string): void {
  const parsed = parsePrincipalArn(arn);
  if (parsed === undefined) throw invalidInput(`ARN ${arn} is not valid.`);
  if (parsed.kind !== 'samlProvider' || parsed.account !== accountId) throw notFound(arn);
}

const tagTarget = (accountId: string, arn: string): TagTarget => ({ kind: 'samlProvider', accountId, name: arn });

export interface NewSamlProvider {
  readonly accountId: string;
  readonly partition: string;
  readonly name: string;
  readonly samlMetadataDocument: string;
  readonly tags?: readonly Tag[];
  readonly now: Date;
}

export async function createSamlProvider(tx: StoreTx, input: NewSamlProvider): Promise<SamlProviderWithTags> {
  const validUntil = validUntilOf(input.samlMetadataDocument, input.now);
  const tags = input.tags ?? [];
  checkTags(tags);
  const arn = samlProviderArn(input.partition, input.accountId, input.name);
  const existing = await tx.samlProviders.list(input.accountId);
  // Wording unconfirmed.
  const exists = (): ServiceError => entityAlreadyExists(`SAMLProvider with name ${input.name} already exists.`);
  if (existing.some((p) => p.name.toLowerCase() === input.name.toLowerCase())) throw exists();
  if (existing.length >= MAX_SAML_PROVIDERS) {
    throw limitExceeded(`Cannot exceed quota for SAMLProvidersPerAccount: ${MAX_SAML_PROVIDERS}`);
  }
  let provider: SamlProvider;
  try {
    provider = await tx.samlProviders.create({
      accountId: input.accountId,
      arn,
      name: input.name,
      samlMetadataDocument: input.samlMetadataDocument,
      createDate: input.now,
      validUntil,
    });
  } catch (err) {
    if (err instanceof StoreConflictError) throw exists();
    throw err;
  }
  if (tags.length > 0) await tx.tags.set(tagTarget(input.accountId, arn), tags);
  return { provider, tags: [...tags] };
}

async function requireProvider(tx: StoreTx, accountId: string, arn: string): Promise<SamlProvider> {
  checkProviderArn(accountId, arn);
  const provider = await tx.samlProviders.get(accountId, arn);
  if (!provider) throw notFound(arn);
  return provider;
}

/** The provider and its tags, or undefined (for authorization, before the existence check). */
export async function findSamlProvider(tx: StoreTx, accountId: string, arn: string): Promise<SamlProviderWithTags | undefined> {
  const provider = await tx.samlProviders.get(accountId, arn);
  if (!provider) return undefined;
  return { provider, tags: await tx.tags.list(tagTarget(accountId, arn)) };
}

export async function getSamlProvider(tx: StoreTx, accountId: string, arn: string): Promise<SamlProviderWithTags> {
  const provider = await requireProvider(tx, accountId, arn);
  return { provider, tags: await tx.tags.list(tagTarget(accountId, arn)) };
}

export async function updateSamlProvider(
  tx: StoreTx,
  accountId: string,
  arn: string,
  samlMetadataDocument: string,
  now: Date,
): Promise<SamlProvider> {
  await requireProvider(tx, accountId, arn);
  const validUntil = validUntilOf(samlMetadataDocument, now);
  return tx.samlProviders.update(accountId, arn, { samlMetadataDocument, validUntil });
}

export async function deleteSamlProvider(tx: StoreTx, accountId: string, arn: string): Promise<void> {
  await requireProvider(tx, accountId, arn);
  await tx.samlProviders.delete(accountId, arn);
}

export async function listSamlProviders(tx: StoreTx, accountId: string): Promise<SamlProvider[]> {
  return tx.samlProviders.list(accountId);
}

export async function tagSamlProvider(tx: StoreTx, accountId: string, arn: string, tags: readonly Tag[]): Promise<void> {
  await requireProvider(tx, accountId, arn);
  const target = tagTarget(accountId, arn);
  checkTags(tags, await tx.tags.list(target));
  await tx.tags.set(target, tags);
}

export async function untagSamlProvider(tx: StoreTx, accountId: string, arn: string, keys: readonly string[]): Promise<void> {
  await requireProvider(tx, accountId, arn);
  await tx.tags.remove(tagTarget(accountId, arn), keys);
}

export async function listSamlProviderTags(tx: StoreTx, accountId: string, arn: string): Promise<Tag[]> {
  await requireProvider(tx, accountId, arn);
  return tx.tags.list(tagTarget(accountId, arn));
}
