// OpenID Connect identity providers (CreateOpenIDConnectProvider and friends): an account trusts an issuer
// URL for AssumeRoleWithWebIdentity, with the audiences (client ids) and TLS thumbprints it accepts.
import { iamArn, parsePrincipalArn } from '../../arn/index.js';
import type { OidcProvider, Tag } from '../../model/index.js';
import { StoreConflictError } from '../../store/index.js';
import type { StoreTx, TagTarget } from '../../store/index.js';
import { ServiceError, entityAlreadyExists, invalidInput, limitExceeded, noSuchEntity } from '../errors.js';
import { checkTags } from '../tags.js';

/** spec/identities-and-sts.md §2. */
export const MAX_OIDC_PROVIDERS = 100;
export const MAX_CLIENT_IDS = 100;
export const MAX_THUMBPRINTS = 5;

export interface OidcProviderWithTags {
  readonly provider: OidcProvider;
  readonly tags: Tag[];
}

const HOST = /^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$/;
const PATH_CHARS = /^[\u0021-\u007E]*$/;
const THUMBPRINT = /^[0-9A-Fa-f]{40}$/;

// AWS's wording and code, as recorded from AWS in LocalStack's test_iam_oidc.snapshot.json.
const invalidUrl = (): ServiceError => new ServiceError('ValidationError', 'Invalid Open ID Connect Provider URL');

/**
 * The provider name of an issuer URL: `host[/path]` (no trailing slash). Only `https://` URLs without
 * credentials, port, query or fragment are accepted, as IAM requires.
 */
export function oidcProviderName(url: string): string {
  if (!/^https:\/\//i.test(url)) throw invalidUrl();
  let rest = url.slice('https://'.length);
  if (/[?#@\s]/.test(rest)) throw invalidUrl();
  if (rest.endsWith('/')) rest = rest.slice(0, -1);
  const slash = rest.indexOf('/');
  const host = slash === -1 ? rest : rest.slice(0, slash);
  const path = slash === -1 ? '' : rest.slice(slash);
  // A colon in the host is a port (or IPv6 literal): IAM allows neither.
  if (host === '' || !HOST.test(host) || !PATH_CHARS.test(path) || path.includes('//')) throw invalidUrl();
  return host + path;
}

export function oidcProviderArn(partition: string, accountId: string, url: string): string {
  return iamArn(partition, accountId, 'oidc-provider', '/', oidcProviderName(url));
}

const notFound = (arn: string): ServiceError => noSuchEntity(`OpenIDConnect Provider not found for arn ${arn}`);

/** An ARN that cannot name an OIDC provider of the account is InvalidInput, as IAM reports malformed ARNs. */
function checkProviderArn(accountId: string, arn: string): void {
  const parsed = parsePrincipalArn(arn);
  if (parsed === undefined) throw invalidInput(`ARN ${arn} is not valid.`);
  if (parsed.kind !== 'oidcProvider' || parsed.account !== accountId) throw notFound(arn);
}

function uniqueClientIds(ids: readonly string[]): string[] {
  const out: string[] = [];
  for (const id of ids) if (!out.includes(id)) out.push(id);
  if (out.length > MAX_CLIENT_IDS) throw limitExceeded(`Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: ${MAX_CLIENT_IDS}`);
  return out;
}

function checkThumbprints(thumbprints: readonly string[]): string[] {
  const out: string[] = [];
  for (const t of thumbprints) {
    // Length is checked at decode time; IAM thumbprints are SHA-1 hex digests (message unconfirmed).
    if (!THUMBPRINT.test(t)) throw invalidInput(`Thumbprint ${t} is not a valid 40-character hexadecimal SHA-1 fingerprint.`);
    if (!out.some((o) => o.toLowerCase() === t.toLowerCase())) out.push(t);
  }
  // moto's wording of AWS's message (the count in it is AWS's off-by-one).
  if (out.length > MAX_THUMBPRINTS) throw invalidInput(`Thumbprint list must contain fewer than ${MAX_THUMBPRINTS} entries.`);
  return out;
}

const tagTarget = (accountId: string, arn: string): TagTarget => ({ kind: 'oidcProvider', accountId, name: arn });

export interface NewOidcProvider {
  readonly accountId: string;
  readonly partition: string;
  readonly url: string;
  readonly clientIds: readonly string[];
  readonly thumbprints: readonly string[];
  readonly tags?: readonly Tag[];
  readonly now: Date;
}

export async function createOidcProvider(tx: StoreTx, input: NewOidcProvider): Promise<OidcProviderWithTags> {
  const arn = oidcProviderArn(input.partition, input.accountId, input.url);
  const clientIds = uniqueClientIds(input.clientIds);
  const thumbprints = checkThumbprints(input.thumbprints);
  const tags = input.tags ?? [];
  checkTags(tags);
  const existing = await tx.oidcProviders.list(input.accountId);
  const lower = arn.toLowerCase();
  const exists = (): ServiceError => entityAlreadyExists(`Provider with url ${input.url} already exists.`);
  if (existing.some((p) => p.arn.toLowerCase() === lower)) throw exists();
  if (existing.length >= MAX_OIDC_PROVIDERS) {
    throw limitExceeded(`Cannot exceed quota for OpenIdConnectProvidersPerAccount: ${MAX_OIDC_PROVIDERS}`);
  }
  let provider: OidcProvider;
  try {
    provider = await tx.oidcProviders.create({
      accountId: input.accountId,
      arn,
      url: input.url,
      clientIds,
      thumbprints,
      createDate: input.now,
    });
  } catch (err) {
    if (err instanceof StoreConflictError) throw exists();
    throw err;
  }
  if (tags.length > 0) await tx.tags.set(tagTarget(input.accountId, arn), tags);
  return { provider, tags: [...tags] };
}

async function requireProvider(tx: StoreTx, accountId: string, arn: string): Promise<OidcProvider> {
  checkProviderArn(accountId, arn);
  const provider = await tx.oidcProviders.get(accountId, arn);
  if (!provider) throw notFound(arn);
  return provider;
}

/** The provider and its tags, or undefined (for authorization, before the existence check). */
export async function findOidcProvider(tx: StoreTx, accountId: string, arn: string): Promise<OidcProviderWithTags | undefined> {
  const provider = await tx.oidcProviders.get(accountId, arn);
  if (!provider) return undefined;
  return { provider, tags: await tx.tags.list(tagTarget(accountId, arn)) };
}

export async function getOidcProvider(tx: StoreTx, accountId: string, arn: string): Promise<OidcProviderWithTags> {
  const provider = await requireProvider(tx, accountId, arn);
  return { provider, tags: await tx.tags.list(tagTarget(accountId, arn)) };
}

/** The URL as IAM returns it from GetOpenIDConnectProvider: without the scheme. */
export function oidcProviderUrl(provider: OidcProvider): string {
  return provider.arn.slice(provider.arn.indexOf(':oidc-provider/') + ':oidc-provider/'.length);
}

/** Deleting a provider that does not exist succeeds, as on AWS (moto's tests pin this down). */
export async function deleteOidcProvider(tx: StoreTx, accountId: string, arn: string): Promise<void> {
  const parsed = parsePrincipalArn(arn);
  if (parsed === undefined) throw invalidInput(`ARN ${arn} is not valid.`);
  await tx.oidcProviders.delete(accountId, arn);
}

export async function listOidcProviders(tx: StoreTx, accountId: string): Promise<OidcProvider[]> {
  return tx.oidcProviders.list(accountId);
}

export async function updateOidcThumbprints(tx: StoreTx, accountId: string, arn: string, thumbprints: readonly string[]): Promise<void> {
  const checked = checkThumbprints(thumbprints);
  await requireProvider(tx, accountId, arn);
  await tx.oidcProviders.update(accountId, arn, { thumbprints: checked });
}

/** Adding a client id the provider already has changes nothing. */
export async function addOidcClientId(tx: StoreTx, accountId: string, arn: string, clientId: string): Promise<void> {
  const provider = await requireProvider(tx, accountId, arn);
  if (provider.clientIds.includes(clientId)) return;
  await tx.oidcProviders.update(accountId, arn, { clientIds: uniqueClientIds([...provider.clientIds, clientId]) });
}

/** Removing a client id the provider does not have changes nothing, as on AWS. */
export async function removeOidcClientId(tx: StoreTx, accountId: string, arn: string, clientId: string): Promise<void> {
  const provider = await requireProvider(tx, accountId, arn);
  if (!provider.clientIds.includes(clientId)) return;
  await tx.oidcProviders.update(accountId, arn, { clientIds: provider.clientIds.filter((c) => c !== clientId) });
}

export async function tagOidcProvider(tx: StoreTx, accountId: string, arn: string, tags: readonly Tag[]): Promise<void> {
  await requireProvider(tx, accountId, arn);
  const target = tagTarget(accountId, arn);
  checkTags(tags, await tx.tags.list(target));
  await tx.tags.set(target, tags);
}

export async function untagOidcProvider(tx: StoreTx, accountId: string, arn: string, keys: readonly string[]): Promise<void> {
  await requireProvider(tx, accountId, arn);
  await tx.tags.remove(tagTarget(accountId, arn), keys);
}

export async function listOidcProviderTags(tx: StoreTx, accountId: string, arn: string): Promise<Tag[]> {
  await requireProvider(tx, accountId, arn);
  return tx.tags.list(tagTarget(accountId, arn));
}
